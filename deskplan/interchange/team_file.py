"""Team lists: one person per row, in the column spellings HR exports use.

A team list may also carry each person's standing preferences for the planner (`usual office
days`, `prefers home`, `cannot come in`): they are the person's, not a record's, so they are
read here beside the contract and kept apart from it (`TeamFile.preferences`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from fractions import Fraction
from functools import lru_cache
from operator import itemgetter

from deskplan.domain.calendar import parse_date
from deskplan.domain.durations import SECONDS_PER_HOUR, format_hours, parse_hours
from deskplan.domain.errors import Problem, ProblemCollector
from deskplan.domain.limits import PERSON_NAME, STAFF_ID, person_breaches
from deskplan.domain.model import (
    WEEKDAY_FULL_NAMES,
    Nation,
    Person,
    Terms,
    WorkingPattern,
    describe_weekdays,
    with_timeline,
)
from deskplan.interchange.cell_text import plain_number
from deskplan.interchange.headers import PREFERENCE_COLUMNS, TEAM_FIELDS, map_columns
from deskplan.interchange.limits import CancelCheck, cancellable, never_cancelled
from deskplan.interchange.table import Table
from deskplan.planning.preferences import Preference

_FULL_TIME_WEEK = Fraction(75, 2) * SECONDS_PER_HOUR  # 37.5 h: what an FTE of 1.0 means here
_DAY_NAMES = {name.lower(): i for i, name in enumerate(WEEKDAY_FULL_NAMES)}
_DAY_NAMES.update({name[:3].lower(): i for i, name in enumerate(WEEKDAY_FULL_NAMES)})
_DAY_NAMES.update({name[:2].lower(): i for i, name in enumerate(WEEKDAY_FULL_NAMES)})
_DAY_NAMES.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})
_RANGE = re.compile(r"^\s*([a-z]+)\s*(?:-|–|—|to)\s*([a-z]+)\s*$")


def parse_weekdays(text: str) -> list[int]:
    """`Mon-Fri`, `Mon,Tue,Wed`, `Monday to Thursday`, `Tue/Thu` → weekday numbers (Monday 0)."""
    days: set[int] = set()
    for part in re.split(r"[,;/&+]|\band\b", text.lower()):
        token = part.strip().rstrip(".")
        if not token:
            continue
        if match := _RANGE.match(token):
            first, last = _day(match[1], text), _day(match[2], text)
            if last < first:
                raise ValueError(f"the day range {token!r} runs backwards")
            days.update(range(first, last + 1))
        else:
            days.add(_day(token, text))
    if not days:
        raise ValueError("no working days given")
    return sorted(days)


#: A preference column → the `Preference` attribute it sets.
PREFERENCE_ATTRIBUTES = {"usual_office_days": "office_days", "prefers_home": "home_days",
                         "cannot_come_in": "unavailable_days"}
_PREFERENCE_LABELS = {"usual_office_days": "a usual office day",
                      "prefers_home": "a day they prefer at home",
                      "cannot_come_in": "a day they cannot come in"}


def read_preference(staff_id: str, get: Callable[[str], str],
                    report: Callable[[str, str], None]) -> Preference | None:
    """One person's standing preferences from their preference cells (`get(field)`); None when
    every cell is empty: no preference. Each problem goes to `report(column, message)`: a cell
    that is not weekdays, or a day in two of the lists (the People editor refuses that too)."""
    days: dict[str, frozenset[int]] = {}
    seen: dict[int, str] = {}
    refused = False
    for column in PREFERENCE_COLUMNS:
        text = get(column)
        if not text:
            continue
        try:
            found = frozenset(parse_weekdays(text))
        except ValueError as error:
            report(column, str(error))
            refused = True
            continue
        if clash := found & seen.keys():
            report(column, f"{describe_weekdays(clash)} {'is' if len(clash) == 1 else 'are'} "
                   f"already {_PREFERENCE_LABELS[seen[min(clash)]]}: a day goes in one list "
                   "only (usual office days, prefers home or cannot come in)")
            refused = True
            continue
        seen.update(dict.fromkeys(found, column))
        days[PREFERENCE_ATTRIBUTES[column]] = found
    return Preference(staff_id, **days) if days and not refused else None


def _day(token: str, whole: str) -> int:
    """One day name: `Monday`, `Mon`, `Mo`, or a plural such as `Mondays`."""
    for name in (token, token.removesuffix("s")):
        if name in _DAY_NAMES:
            return _DAY_NAMES[name]
    raise ValueError(
        f"unknown working-day pattern {whole!r}: {token!r} is not a day "
        "(write e.g. Mon-Fri or Mon,Tue,Wed)"
    )


@dataclass
class TeamFile:
    """People read from a team list, and what the reader noticed.

    A person may have several rows, one per record (`effective_from`): they become one person
    whose timeline the rows give, in any order.
    """

    people: list[Person] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)  # staff_id → the first row it is on
    #: The fields the file has a column for.
    fields: frozenset[str] = frozenset()
    #: Per staff id, the fields whose cell on that person's row is filled: a re-import changes
    #: only these, so an empty cell never wipes what is stored.
    filled: dict[str, frozenset[str]] = field(default_factory=dict)
    #: Every staff id on any row, readable or not, so a bad row never looks like a leaver.
    seen_ids: set[str] = field(default_factory=set)
    #: Problems with rows that were left out (only when reading with `valid_rows_only`).
    problems: list[Problem] = field(default_factory=list)
    #: Staff ids whose records carry an `effective_from`: the file says when each applies.
    dated: set[str] = field(default_factory=set)
    #: Standing preferences by staff id, of the people read whose cells give any.
    preferences: dict[str, Preference] = field(default_factory=dict)

    @property
    def has_preferences(self) -> bool:
        """Whether the file has a preference column: then it says every listed person's
        preferences in full (all empty: none)."""
        return not self.fields.isdisjoint(PREFERENCE_COLUMNS)


@dataclass(frozen=True)
class _Row:
    """One row: a record of a person from a date (None: from the start)."""

    number: int
    staff_id: str
    name: str
    since: date | None
    terms: Terms
    start_date: date | None
    end_date: date | None
    filled: frozenset[str]
    preference: Preference | None
    #: The row as a whole person (its one record in force from the start): what a person of
    #: a single undated row is, so the usual team list builds each person once.
    person: Person


def read_team(
    table: Table, overrides: dict[str, str] | None = None, *, valid_rows_only: bool = False,
    cancelled: CancelCheck = never_cancelled,
) -> TeamFile:
    """Read every person, collecting every problem before raising `InputError`.

    With `valid_rows_only`, rows with problems are left out and their problems returned in
    `TeamFile.problems` instead; every row of a staff id with a contradiction (two rows from
    the same date) is left out, since there is no telling which one is right. Problems with
    the header are raised either way. `cancelled` is asked every few thousand rows
    (`ReadCancelledError`).
    """
    problems = ProblemCollector(table.source, table.sheet)
    columns = map_columns(table, TEAM_FIELDS, ("staff_id", "name"), problems, overrides)
    problems.raise_if_any()
    result = TeamFile(fields=frozenset(columns))
    by_person: dict[str, list[_Row]] = {}
    items = list(columns.items())
    shared_fields = [name for name in columns if name not in _ROW_FIELDS]
    shared: dict[tuple[str, ...], tuple[Terms, Preference | None]] = {}
    # A row's cells taken in one step where it reaches every column (the usual row), and its
    # record's cells as one tuple: the usual list is thousands of rows.
    names = [name for name, _ in items]
    pick = itemgetter(*(column for _, column in items)) if len(items) > 1 else None
    reach = max(columns.values(), default=-1) + 1
    record = (itemgetter(*shared_fields) if len(shared_fields) > 1 else
              (lambda values: tuple([values[name] for name in shared_fields])))
    for row, number in cancellable(zip(table.rows, table.row_numbers, strict=True), cancelled):
        # Each cell read once, as `Table.cell` reads it.
        size = len(row)
        if pick is not None and size >= reach:
            values = dict(zip(names, map(str.strip, pick(row)), strict=True))
        else:
            values = {name: row[column].strip() if column < size else ""
                      for name, column in items}
        staff_id = values["staff_id"]
        if staff_id:
            result.seen_ids.add(staff_id)
        key = record(values)
        known = shared.get(key)
        found = _quick_row(values, number, *known) if known is not None else None
        if found is None:
            found = _read_row(table, values, number, columns, problems)
            if found is not None:
                shared.setdefault(key, (found.terms, found.preference))
        if found is not None:
            by_person.setdefault(found.staff_id, []).append(found)
            result.rows.setdefault(found.staff_id, number)
    for staff_id, rows in by_person.items():
        person = _timeline(table, columns, rows, problems)
        if person is None:
            continue
        result.people.append(person)
        if len(rows) == 1:  # the usual list: one row a person
            (only,) = rows
            result.filled[staff_id] = only.filled
            if only.preference:
                result.preferences[staff_id] = only.preference
            if only.since:
                result.dated.add(staff_id)
            continue
        result.filled[staff_id] = frozenset().union(*(r.filled for r in rows))
        if preference := next((r.preference for r in rows if r.preference), None):
            result.preferences[staff_id] = preference
        if any(r.since for r in rows):
            result.dated.add(staff_id)
    # In the file's order: a person's contradictions are found once all their rows are read.
    problems.problems.sort(key=lambda problem: problem.row or 0)
    if not valid_rows_only:
        problems.raise_if_any()
    result.problems = problems.problems
    return result


def _timeline(table: Table, columns: dict[str, int], rows: list[_Row],
              problems: ProblemCollector) -> Person | None:
    """One person from their rows; contradictions are refused naming row and column."""
    if len(rows) == 1 and rows[0].since is None:
        return rows[0].person  # one row: nothing to contradict, no timeline to build

    def report(row: _Row, name: str, message: str) -> None:
        column = table.header[columns[name]] if name in columns else None
        problems.add(message, row=row.number, column=column)

    before = len(problems.problems)
    seen: dict[date | None, _Row] = {}
    for row in rows:
        if row.since in seen:
            first = seen[row.since]
            if "effective_from" not in columns:
                report(row, "staff_id", f"duplicate staff id {row.staff_id!r} (first on row "
                       f"{first.number})")
                continue
            when = (f"from {row.since.isoformat()}" if row.since else
                    "with no effective_from (in force from the start)")
            report(row, "effective_from", f"a second record of {row.staff_id!r} {when} "
                   f"(first on row {first.number}); give each of a person's records its own "
                   "effective_from date")
        else:
            seen[row.since] = row
    for key in ("start_date", "end_date"):
        values = {getattr(r, key) for r in rows if getattr(r, key) is not None}
        if len(values) > 1:
            report(rows[-1], key, f"{row_label(key)} differs between rows "
                   f"{', '.join(str(r.number) for r in rows)} of {rows[0].staff_id!r}: "
                   "give it on one row, or the same on every row")
    given = [r for r in rows if r.preference is not None]
    for row in given[1:]:
        first = given[0]
        if row.preference != first.preference:
            report(row, next(f for f, a in PREFERENCE_ATTRIBUTES.items()
                             if getattr(row.preference, a) != getattr(first.preference, a)),
                   f"preferences differ between rows {first.number} and {row.number} of "
                   f"{row.staff_id!r}: they are the person's, not a record's; give them on "
                   "one row, or the same on every row")
            break
    if len(problems.problems) > before:
        return None
    if len(rows) == 1 and rows[0].since is None:
        return rows[0].person
    ordered = sorted(rows, key=lambda r: (r.since is not None, r.since or date.min))
    current = ordered[-1]
    start = next((r.start_date for r in rows if r.start_date), None)
    end = next((r.end_date for r in rows if r.end_date), None)
    try:
        person = Person(staff_id=current.staff_id, name=current.name, start_date=start,
                        end_date=end)
        return with_timeline(person, [(r.since, r.terms) for r in ordered])
    except ValueError as error:
        problems.add(str(error), row=current.number)
        return None


def row_label(key: str) -> str:
    return key.replace("_", " ")


#: The fields read for each row on its own; every other field goes into the person's record
#: (`Terms`) or their standing preferences, which rows with the same cells share.
_ROW_FIELDS = frozenset({"staff_id", "name", "first_name", "surname", "start_date", "end_date",
                         "effective_from"})
_ROW_DATES = ("start_date", "end_date", "effective_from")


@lru_cache(maxsize=4096)
def _row_date(text: str) -> date:
    """`parse_date`, once per spelling: a team list repeats its start dates."""
    return parse_date(text)


def _quick_row(values: dict[str, str], number: int, terms: Terms,
               preference: Preference | None) -> _Row | None:
    """A row whose record and preference cells are those of a row already read cleanly
    (`terms`, `preference`): only its own cells (staff id, name, dates) are read. None when
    any of them has a problem: `_read_row` then reads the row in full and reports it."""
    staff_id = values["staff_id"]
    name = values.get("name") or " ".join(
        p for p in (values.get("first_name"), values.get("surname")) if p)
    if not staff_id or not name or len(staff_id) > STAFF_ID or len(name) > PERSON_NAME:
        return None
    dates: dict[str, date] = {}
    for key in _ROW_DATES:
        text = values.get(key)
        if text:
            try:
                dates[key] = _row_date(text)
            except ValueError:
                return None
    start, end = dates.get("start_date"), dates.get("end_date")
    try:
        person = Person.of_terms(staff_id, name, terms, start_date=start, end_date=end)
    except ValueError:
        return None
    if preference is not None:
        preference = replace(preference, staff_id=staff_id)
    filled = frozenset([field for field, value in values.items() if value])
    return _Row(number, staff_id, name, dates.get("effective_from"), terms, start, end, filled,
                preference, person)


def _read_row(
    table: Table, values: dict[str, str], number: int, columns: dict[str, int],
    problems: ProblemCollector,
) -> _Row | None:
    """One row's cells (`values`, by field) as a record of a person, every problem reported."""
    def get(name: str) -> str:
        return values.get(name, "")

    def report(name: str, message: str) -> None:
        problems.add(message, row=number, column=table.header[columns[name]])

    before = len(problems.problems)
    staff_id = get("staff_id")
    if not staff_id:
        report("staff_id", "empty staff id")
    name = get("name") or " ".join(p for p in (get("first_name"), get("surname")) if p)
    if not name:
        report("name" if "name" in columns else "first_name", "empty name")

    nation = Nation.ENGLAND
    if get("nation"):
        try:
            nation = Nation.parse(get("nation"))
        except ValueError as error:
            report("nation", str(error))
    worked = False
    if get("bank_holidays"):
        value = get("bank_holidays").strip().lower()
        if value in _WORKED:
            worked = _WORKED[value]
        else:
            try:  # older files titled the nation's column "Bank holidays"
                nation = Nation.parse(value)
            except ValueError:
                report("bank_holidays", f"{get('bank_holidays')!r}: write off (a bank "
                       "holiday is a day off) or worked (the pattern applies on bank "
                       "holidays)")
    dates: dict[str, date] = {}
    for key in ("start_date", "end_date", "cycle_start", "effective_from"):
        if get(key):
            try:
                dates[key] = parse_date(get(key))
            except ValueError as error:
                report(key, str(error))
    pattern = None
    if len(problems.problems) == before or "cycle_start" in dates:
        pattern = _read_pattern(get, report, dates.get("cycle_start"), columns)
    preference = read_preference(staff_id, get, report)
    if len(problems.problems) > before or pattern is None:
        return None
    terms = Terms(role=get("role"), category=get("category") or None,
                  location=get("location"), nation=nation, pattern=pattern,
                  bank_holidays_worked=worked)
    try:
        person = Person.of_terms(staff_id, name, terms, start_date=dates.get("start_date"),
                                 end_date=dates.get("end_date"))
    except ValueError as error:
        problems.add(str(error), row=number)
        return None
    breaches = person_breaches(person)
    for breach in breaches:  # a name made of first name and surname is reported on the first
        column = breach.field if breach.field in columns else next(
            c for c in ("first_name", "surname") if c in columns)
        report(column, breach.message)
    if breaches:
        return None
    filled = frozenset(name for name, value in values.items() if value)
    return _Row(number, staff_id, name, dates.get("effective_from"), terms,
                dates.get("start_date"), dates.get("end_date"), filled, preference, person)


_WORKED = {"off": False, "no": False, "not worked": False, "day off": False,
           "worked": True, "work": True, "yes": True, "roster": True, "as rostered": True}


class _PatternError(ValueError):
    """A working pattern that cannot be read, and the column to name."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column


def _read_pattern(
    get: Callable[[str], str], report: Callable[[str, str], None],
    cycle_start: date | None, columns: dict[str, int],
) -> WorkingPattern | None:
    """Working days plus day lengths, from per-day hours, weekly hours or an FTE: one week, a
    cycle of weeks (`Mon-Fri | Mon-Thu`), a roster (`cycle:WWWW----`), or an HR system's
    string (`Mon Tue Wed`, iTrent's `36.5 M 7:18 T 7:18 …`)."""
    try:
        return parse_pattern(get("working_days"), get("hours_per_day"), get("weekly_hours"),
                             get("fte"), cycle_start)
    except _PatternError as error:
        column = error.column
        if column == "cycle_start" and "cycle_start" not in columns:
            column = "working_days"
        if column not in columns:
            column = next(k for k in ("working_days", "hours_per_day", "weekly_hours", "fte")
                          if k in columns)
        report(column, str(error))
        return None


_ITRENT = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s+((?:[a-z]{1,3}\s+\d{1,2}[:.]\d{2}\s*)+)$", re.I)
_ITRENT_DAY = re.compile(r"([a-z]{1,3})\s+(\d{1,2}[:.]\d{2})", re.I)
_ITRENT_NAMES = {"m": 0, "mo": 0, "mon": 0, "t": 1, "tu": 1, "tue": 1, "w": 2, "we": 2,
                 "wed": 2, "th": 3, "thu": 3, "f": 4, "fr": 4, "fri": 4, "sa": 5, "sat": 5,
                 "su": 6, "sun": 6}


@lru_cache(maxsize=4096)
def parse_pattern(working_days: str, hours_per_day: str = "", weekly_hours: str = "",
                  fte: str = "", cycle_start: date | None = None) -> WorkingPattern:
    """The working pattern a team-list row describes (see `_read_pattern`). Thousands of rows
    share a few patterns, so each is read once (patterns are immutable; refusals are not
    cached and are worked out again).

    Raises `_PatternError` naming the field at fault.
    """
    text = working_days.strip()
    if text.lower().startswith("cycle:"):
        pattern = _roster(text[len("cycle:"):], hours_per_day, weekly_hours, fte, cycle_start)
    elif match := _ITRENT.match(text):
        pattern = _itrent(match, text, hours_per_day)
    else:
        pattern = _weeks(text, hours_per_day, weekly_hours, fte, cycle_start)
    _hours_agree(pattern, hours_per_day, weekly_hours, fte, text)
    return pattern


def _weeks(text: str, hours_per_day: str, weekly_hours: str, fte: str,
           cycle_start: date | None) -> WorkingPattern:
    """A week or a cycle of weeks (`Mon-Fri | Mon-Thu`), in any of `parse_pattern`'s forms."""
    try:
        weeks = [_weekdays_of(part) for part in text.split("|")] if text else [[0, 1, 2, 3, 4]]
    except ValueError as error:
        raise _PatternError("working_days", str(error)) from None
    if len(weeks) > 1 and cycle_start is None:
        raise _PatternError("cycle_start", f"{text!r} is a cycle of {len(weeks)} weeks: give "
                            "the Monday its week 1 starts (cycle_start)")
    if len(weeks) > 1 and cycle_start is not None and cycle_start.weekday() != 0:
        raise _PatternError("cycle_start", f"cycle_start {cycle_start.isoformat()} is a "
                            f"{cycle_start:%A}; a cycle of weeks starts on a Monday")
    working = sum(len(w) for w in weeks)
    try:
        if hours_per_day:
            lengths = [[parse_hours(v) for v in re.split(r"[/;]", group)]
                       for group in hours_per_day.split("|")]
            return WorkingPattern.from_weeks(weeks, lengths, cycle_start)
        per_week = _weekly_seconds(weekly_hours, fte)
        if per_week is not None:
            return WorkingPattern.from_weeks(
                weeks, [[_per_day(per_week, 7 * len(weeks), working)]], cycle_start)
    except _PatternError:
        raise
    except ValueError as error:
        column = "hours_per_day" if hours_per_day else "weekly_hours" if weekly_hours else "fte"
        raise _PatternError(column, str(error)) from None
    return WorkingPattern.from_weeks(weeks, [[WorkingPattern.standard().seconds[0]]],
                                     cycle_start)


def _weekdays_of(text: str) -> list[int]:
    """One week's days; day names separated by spaces (`Mon Tue Wed`) as HR systems export
    them, or anything `parse_weekdays` reads."""
    words = text.split()
    if len(words) > 1 and not re.search(r"[,;/&+\-–—]|\b(and|to)\b", text.lower()):
        return parse_weekdays(",".join(words))
    return parse_weekdays(text)


def _hours_agree(pattern: WorkingPattern, hours_per_day: str, weekly_hours: str, fte: str,
                 text: str) -> None:
    """Refuse a weekly figure or an FTE that says other hours than the pattern read from the
    row's other cells (day lengths, iTrent's lengths, or the weekly figure beside an FTE):
    a contradiction is the file's to settle, not deskplan's to pick a side of. An FTE is
    compared as written, to its own decimals (at least two: `0.6` for 22.5 h, `0.5333` for
    20 h)."""
    weekly = pattern.weekly_seconds
    given_by = ("hours_per_day" if hours_per_day else "working_days" if _ITRENT.match(text)
                else None)
    if weekly_hours and given_by:
        stated = _weekly_seconds(weekly_hours, "")
        if stated != weekly:
            raise _PatternError("weekly_hours", f"weekly hours {weekly_hours!r} disagree with "
                                f"the {format_hours(weekly)} a week of {given_by} "
                                f"({hours_per_day or text!r}); leave one of them blank")
        given_by = given_by or "weekly_hours"
    if fte and (given_by or weekly_hours):
        stated = _weekly_seconds("", fte)  # a readable FTE first
        share = weekly / _FULL_TIME_WEEK
        decimals = max(len(fte.strip().partition(".")[2]), 2)
        if stated != weekly and ("/" in fte or round(share, decimals) != _fraction(fte, "")):
            source = given_by or "weekly_hours"
            raise _PatternError("fte", f"FTE {fte!r} disagrees with the "
                                f"{format_hours(weekly)} a week of {source} (an FTE of "
                                f"{format_hours(_FULL_TIME_WEEK)} is "
                                f"{float(share):.4g}); leave one of them blank")


def _weekly_seconds(weekly_hours: str, fte: str) -> Fraction | None:
    if weekly_hours:
        try:
            return parse_hours_week(weekly_hours)
        except ValueError as error:
            raise _PatternError("weekly_hours", str(error)) from None
    if fte:
        try:
            value = _fraction(fte, "an FTE")
            if not 0 < value <= 1:
                raise ValueError(f"FTE {fte!r} must be more than 0 and at most 1")
        except ValueError as error:
            raise _PatternError("fte", str(error)) from None
        return value * _FULL_TIME_WEEK
    return None


def _roster(marks: str, hours_per_day: str, weekly_hours: str, fte: str,
            cycle_start: date | None) -> WorkingPattern:
    """`cycle:WWWW----`: a roster of N days from `cycle_start`, weekends ordinary days."""
    if cycle_start is None:
        raise _PatternError("cycle_start", f"the roster {marks.strip()!r} needs the date its "
                            "cycle starts (cycle_start)")
    marks = marks.strip()
    working = marks.upper().count("W")
    standard = WorkingPattern.standard().seconds[0]
    try:  # the marks first: a fault there is working_days', whatever the lengths say
        WorkingPattern.from_roster(marks, [standard], cycle_start)
    except ValueError as error:
        raise _PatternError("working_days", str(error)) from None
    column = "hours_per_day" if hours_per_day else "weekly_hours" if weekly_hours else "fte"
    try:
        if hours_per_day:
            lengths = [parse_hours(v) for v in re.split(r"[/;|]", hours_per_day)]
        else:
            per_week = _weekly_seconds(weekly_hours, fte)
            lengths = [standard] if per_week is None else [_per_day(
                per_week, len(marks), working,
                f"a roster of {working} shifts in {len(marks)} days")]
        return WorkingPattern.from_roster(marks, lengths, cycle_start)
    except _PatternError:
        raise
    except ValueError as error:
        raise _PatternError(column, str(error)) from None


def _itrent(match: re.Match[str], text: str, hours_per_day: str) -> WorkingPattern:
    """`36.5 M 7:18 T 7:18 W 7:18 Th 7:18 F 7:18`: a weekly figure and each day's length. The
    daily lengths decide; a weekly figure that disagrees with them is refused, and so is an
    `hours_per_day` that says otherwise."""
    days: list[int] = []
    lengths: list[int] = []
    for name, length in _ITRENT_DAY.findall(match[2]):
        weekday = _ITRENT_NAMES.get(name.lower())
        if weekday is None or weekday in days:
            raise _PatternError("working_days", f"{text!r}: {name!r} is not a day (write M, T, "
                                "W, Th, F, Sa, Su) or is given twice")
        try:
            lengths.append(parse_hours(length.replace(".", ":")))
        except ValueError as error:
            raise _PatternError("working_days", f"{text!r}: {error}") from None
        days.append(weekday)
    weekly = Fraction(match[1].replace(",", ".")) * SECONDS_PER_HOUR
    if weekly != sum(lengths):
        raise _PatternError("working_days", f"{text!r}: the weekly {match[1]} h is not the sum "
                            f"of the days ({format_hours(sum(lengths))})")
    order = sorted(range(len(days)), key=lambda i: days[i])
    pattern = WorkingPattern.from_days([days[i] for i in order], [lengths[i] for i in order])
    if hours_per_day:
        try:
            given = [parse_hours(v) for v in re.split(r"[/;|]", hours_per_day)]
        except ValueError as error:
            raise _PatternError("hours_per_day", str(error)) from None
        if set(given) != set(lengths) or len(given) not in (1, len(lengths)) or (
                len(given) == len(lengths) and given != [lengths[i] for i in order]):
            raise _PatternError("hours_per_day", f"hours per day {hours_per_day!r} disagree "
                                f"with the working pattern {text!r}; leave one of them blank")
    return pattern


def parse_hours_week(text: str) -> Fraction:
    hours = _fraction(text.replace(",", "."), "a number of hours a week")
    if not 0 < hours <= 7 * 24:
        raise ValueError(f"{text!r} hours a week is out of range")
    return hours * SECONDS_PER_HOUR


def _fraction(text: str, what: str) -> Fraction:
    """A plain number (`0.8`, `3/5`), exactly; `1/0` and `1e100000000` are no numbers here."""
    try:
        return Fraction(plain_number(text.strip()))
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"{text!r} is not {what}") from None


def _per_day(per_week: Fraction, cycle_days: int, days: int, over: str = "") -> int:
    """`per_week` on average over a cycle of `cycle_days` shared equally by its `days`
    working days; refused where a day would not be a whole number of seconds (arithmetic
    here is exact), saying the length so the file can give it as `hours_per_day` instead."""
    per_day = per_week * cycle_days / 7 / days
    if per_day.denominator != 1:
        where = f" over {over}" if over else ""
        raise ValueError(f"{format_hours(per_week)} a week{where} is "
                         f"{format_hours(per_day)} a working day, not a whole number of "
                         "seconds: give the day's length in hours_per_day instead")
    return int(per_day)
