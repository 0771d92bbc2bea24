"""Team lists: one person per row, in the column spellings HR exports use."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction

from deskplan.domain.calendar import parse_date
from deskplan.domain.durations import SECONDS_PER_HOUR, parse_hours
from deskplan.domain.errors import Problem, ProblemCollector
from deskplan.domain.limits import person_breaches
from deskplan.domain.model import WEEKDAY_FULL_NAMES, Nation, Person, WorkingPattern
from deskplan.interchange.cell_text import plain_number
from deskplan.interchange.headers import TEAM_FIELDS, map_columns
from deskplan.interchange.table import Table

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
    """People read from a team list, and what the reader noticed."""

    people: list[Person] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)  # staff_id → row it came from
    #: The fields the file has a column for.
    fields: frozenset[str] = frozenset()
    #: Per staff id, the fields whose cell on that person's row is filled: a re-import changes
    #: only these, so an empty cell never wipes what is stored.
    filled: dict[str, frozenset[str]] = field(default_factory=dict)
    #: Every staff id on any row, readable or not, so a bad row never looks like a leaver.
    seen_ids: set[str] = field(default_factory=set)
    #: Problems with rows that were left out (only when reading with `valid_rows_only`).
    problems: list[Problem] = field(default_factory=list)


def read_team(
    table: Table, overrides: dict[str, str] | None = None, *, valid_rows_only: bool = False
) -> TeamFile:
    """Read every person, collecting every problem before raising `InputError`.

    With `valid_rows_only`, rows with problems are left out and their problems returned in
    `TeamFile.problems` instead; every row of a duplicated staff id is left out, since there is
    no telling which one is right. Problems with the header are raised either way.
    """
    problems = ProblemCollector(table.source, table.sheet)
    columns = map_columns(table, TEAM_FIELDS, ("staff_id", "name"), problems, overrides)
    problems.raise_if_any()
    result = TeamFile(fields=frozenset(columns))
    duplicated: set[str] = set()
    for row, number in zip(table.rows, table.row_numbers, strict=True):
        staff_id = table.cell(row, columns["staff_id"])
        if staff_id:
            result.seen_ids.add(staff_id)
        person = _read_person(table, row, number, columns, problems)
        if person is None:
            continue
        if person.staff_id in result.rows:
            problems.add(
                f"duplicate staff id {person.staff_id!r} (first on row "
                f"{result.rows[person.staff_id]})",
                row=number, column=table.header[columns["staff_id"]],
            )
            duplicated.add(person.staff_id)
            continue
        result.rows[person.staff_id] = number
        result.people.append(person)
        result.filled[person.staff_id] = frozenset(
            name for name, column in columns.items() if table.cell(row, column))
    if not valid_rows_only:
        problems.raise_if_any()
    result.people = [p for p in result.people if p.staff_id not in duplicated]
    result.problems = problems.problems
    return result


def _read_person(
    table: Table, row: list[str], number: int, columns: dict[str, int],
    problems: ProblemCollector,
) -> Person | None:
    def get(name: str) -> str:
        return table.cell(row, columns[name]) if name in columns else ""

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

    pattern = _read_pattern(get, report)
    dates = {}
    for key in ("start_date", "end_date"):
        if get(key):
            try:
                dates[key] = parse_date(get(key))
            except ValueError as error:
                report(key, str(error))
    if len(problems.problems) > before:
        return None
    try:
        person = Person(
            staff_id=staff_id, name=name, role=get("role"), category=get("category") or None,
            location=get("location"), nation=nation,
            pattern=pattern or WorkingPattern.standard(),
            start_date=dates.get("start_date"), end_date=dates.get("end_date"),
        )
    except ValueError as error:
        problems.add(str(error), row=number)
        return None
    breaches = person_breaches(person)
    for breach in breaches:  # a name made of first name and surname is reported on the first
        column = breach.field if breach.field in columns else next(
            c for c in ("first_name", "surname") if c in columns)
        report(column, breach.message)
    return None if breaches else person


def _read_pattern(
    get: Callable[[str], str], report: Callable[[str, str], None]
) -> WorkingPattern | None:
    """Working days plus day length, from per-day hours, weekly hours or an FTE."""
    weekdays = [0, 1, 2, 3, 4]
    if get("working_days"):
        try:
            weekdays = parse_weekdays(get("working_days"))
        except ValueError as error:
            report("working_days", str(error))
            return None
    try:
        if get("hours_per_day"):
            lengths = [parse_hours(part) for part in re.split(r"[/;|]", get("hours_per_day"))]
            return WorkingPattern.from_days(weekdays, lengths)
        if get("weekly_hours"):
            weekly = parse_hours_week(get("weekly_hours"))
            return WorkingPattern.from_days(weekdays, [_per_day(weekly, len(weekdays))])
        if get("fte"):
            fte = _fraction(get("fte"), "an FTE")
            if not 0 < fte <= 1:
                raise ValueError(f"FTE {get('fte')!r} must be more than 0 and at most 1")
            return WorkingPattern.from_days(weekdays,
                                            [_per_day(fte * _FULL_TIME_WEEK, len(weekdays))])
    except ValueError as error:
        column = next(k for k in ("hours_per_day", "weekly_hours", "fte") if get(k))
        report(column, str(error))
        return None
    return WorkingPattern.from_days(weekdays, [WorkingPattern.standard().seconds[0]])


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


def _per_day(weekly_seconds: Fraction, days: int) -> int:
    per_day = weekly_seconds / days
    if per_day.denominator != 1:
        raise ValueError("the weekly hours do not divide into whole seconds per working day")
    return int(per_day)
