"""People, their working time as contracts have it, day statuses and individual arrangements.

A person's working time is a *cycle* of day lengths from a start date: one week (the usual
contract), several weeks (a 9-day fortnight is two weeks, the second without its Friday), or a
shift roster of any number of days (4-on-4-off is eight days) in which weekends are ordinary
days. A person's record is a timeline: contracts change on a date (full time to part time, a
move of site, a new role), and every day is judged by the record in force that day.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import IntEnum, StrEnum
from fractions import Fraction
from functools import cache

from deskplan.domain.durations import SECONDS_PER_HOUR, format_hours

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEKDAY_FULL_NAMES = (
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
)
#: Any Monday: where a one-week cycle starts when nobody says (every Monday is the same).
_A_MONDAY = date(2001, 1, 1)
#: The longest cycle deskplan takes: eight weeks, or a 56-day roster.
MAX_CYCLE_DAYS = 56


class Status(IntEnum):
    """What a person does on a day (or half day). The values are the codes of the rota matrix."""

    UNPLANNED = 0
    OFFICE = 1
    HOME = 2
    LEAVE = 3
    SICK = 4
    TRAINING = 5
    #: Official business elsewhere (court, visits): counted as office time unless the policy
    #: says otherwise, never as a desk or as cover.
    BUSINESS = 6

    @property
    def letter(self) -> str:
        return _LETTERS[self]

    @property
    def label(self) -> str:
        return "Official business" if self is Status.BUSINESS else self.name.capitalize()

    @property
    def is_absence(self) -> bool:
        """Leave and sickness take the time out of what the minimum is measured on."""
        return self in (Status.LEAVE, Status.SICK)

    @classmethod
    def parse(cls, text: str) -> Status:
        """Read a status written as its name or first letter; blank means unplanned."""
        found = _STATUS_WORDS.get(text.strip().lower())
        if found is None:
            raise ValueError(f"unknown status {text!r}; use one of {_ALLOWED}, or leave it empty")
        return found


_LETTERS = ("", "O", "H", "L", "S", "T", "B")
_STATUS_WORDS: dict[str, Status] = {"": Status.UNPLANNED, "-": Status.UNPLANNED,
                                    "·": Status.UNPLANNED, ".": Status.UNPLANNED,
                                    "unplanned": Status.UNPLANNED, "business": Status.BUSINESS,
                                    # Shared exports write leave and sickness alike as away
                                    # (A): read back as an absence, judged the same.
                                    "away": Status.LEAVE, "a": Status.LEAVE}
for _status in Status:
    if _status is not Status.UNPLANNED:
        _STATUS_WORDS[_status.name.lower()] = _status
        _STATUS_WORDS[_LETTERS[_status].lower()] = _status
_ALLOWED = ", ".join(f"{s.letter} ({'business' if s is Status.BUSINESS else s.name.lower()})"
                     for s in Status if s.letter)


# --- cells: a day, whole or in halves, maybe at another site ----------------------------------
#: A whole day is stored as its status value (0..6), so a plain rota of whole days is a matrix
#: of statuses; a day split into morning and afternoon is `SPLIT_BASE + 8 × am + pm`.
SPLIT_BASE = 8
CELL_CODES = SPLIT_BASE + 8 * 8
#: Every code a cell can have: a whole day of each status, and each pair of different halves.
VALID_CELL_CODES = tuple([int(s) for s in Status] + [
    SPLIT_BASE + 8 * int(am) + int(pm) for am in Status for pm in Status if am != pm])


def cell_code(am: Status, pm: Status) -> int:
    return int(am) if am == pm else SPLIT_BASE + 8 * int(am) + int(pm)


def halves_of(code: int) -> tuple[Status, Status]:
    if code < SPLIT_BASE:
        status = Status(code)
        return status, status
    am, pm = divmod(code - SPLIT_BASE, 8)
    return Status(am), Status(pm)


@dataclass(frozen=True)
class Cell:
    """One person's day: the morning and afternoon statuses, and where an office half is when
    it is not at the person's base (`None`: at their base)."""

    am: Status = Status.UNPLANNED
    pm: Status = Status.UNPLANNED
    am_site: str | None = None
    pm_site: str | None = None

    def __post_init__(self) -> None:
        for status, site in ((self.am, self.am_site), (self.pm, self.pm_site)):
            if site is not None and status is not Status.OFFICE:
                raise ValueError("only an office day (or half day) can be at another site")

    @classmethod
    def whole(cls, status: Status, site: str | None = None) -> Cell:
        return cls(status, status, site, site)

    @classmethod
    def from_code(cls, code: int, sites: tuple[str | None, str | None] = (None, None)) -> Cell:
        am, pm = halves_of(code)
        return cls(am, pm, *sites)

    @property
    def code(self) -> int:
        return cell_code(self.am, self.pm)

    @property
    def sites(self) -> tuple[str | None, str | None]:
        return self.am_site, self.pm_site

    @property
    def is_split(self) -> bool:
        return self.am != self.pm or self.am_site != self.pm_site

    @property
    def status(self) -> Status | None:
        """The status of the whole day, or None when the halves differ."""
        return self.am if self.am == self.pm else None

    def text(self) -> str:
        """How files write the cell: `O`, `H`, `O/H`, `O@Hendon`, `O@Hendon/H`, `/H`."""
        if not self.is_split:
            return _half_text(self.am, self.am_site)
        return f"{_half_text(self.am, self.am_site)}/{_half_text(self.pm, self.pm_site)}"

    def long_text(self) -> str:
        """How the long form writes it: `office`, `office/home`, `office@Hendon`, `unplanned`."""
        def one(status: Status, site: str | None) -> str:
            word = "business" if status is Status.BUSINESS else status.name.lower()
            return word + (f"@{site}" if site else "")
        if not self.is_split:
            return one(self.am, self.am_site)
        return f"{one(self.am, self.am_site)}/{one(self.pm, self.pm_site)}"

    def label(self) -> str:
        """How a person reads it: `Office`, `Office (am) · Home (pm)`, `Office at Hendon`."""
        def one(status: Status, site: str | None) -> str:
            name = status.label if status else "not planned"
            return f"{name} at {site}" if site else name
        if not self.is_split:
            return one(self.am, self.am_site)
        return f"{one(self.am, self.am_site)} (am) · {one(self.pm, self.pm_site)} (pm)"


def as_cell(value: Cell | Status) -> Cell:
    """A status stands for a whole day at the person's base."""
    return value if isinstance(value, Cell) else Cell.whole(value)


def _half_text(status: Status, site: str | None) -> str:
    return status.letter + (f"@{site}" if site else "")


def parse_cell(text: str) -> tuple[Status, Status, str | None, str | None]:
    """Read `O`, `office`, `O/H`, `office/home`, `O/` (afternoon unplanned), `/H`, `O@Hendon`,
    `O@Hendon/H`. Sites are returned as written (the caller matches them to known sites).

    Raises ValueError with a reason the caller places in a file, row and column.
    """
    value = text.strip()
    halves = value.split("/")
    if len(halves) > 2:
        raise ValueError(f"{text!r}: a day has at most two halves (morning/afternoon), e.g. O/H")
    parsed = [_parse_half(half, text) for half in halves]
    if len(parsed) == 1:
        (status, site), = parsed
        return status, status, site, site
    (am, am_site), (pm, pm_site) = parsed
    return am, pm, am_site, pm_site


def _parse_half(text: str, whole: str) -> tuple[Status, str | None]:
    word, at, site = text.partition("@")
    status = Status.parse(word)
    if not at:
        return status, None
    if status is not Status.OFFICE:
        raise ValueError(f"{whole!r}: only an office day can be at another site (O@Site)")
    site = " ".join(site.split())
    return status, site or None


# --- nations ----------------------------------------------------------------------------------
class Nation(StrEnum):
    """The UK nation whose bank holidays a person gets."""

    ENGLAND = "england"
    WALES = "wales"
    SCOTLAND = "scotland"
    NORTHERN_IRELAND = "northern-ireland"

    @property
    def subdivision(self) -> str:
        """The ISO 3166-2:GB code the `holidays` package expects."""
        return {"england": "ENG", "wales": "WLS", "scotland": "SCT", "northern-ireland": "NIR"}[
            self.value
        ]

    @property
    def label(self) -> str:
        return self.value.replace("-", " ").title()

    @classmethod
    def parse(cls, text: str) -> Nation:
        value = text.strip().lower().replace("_", "-").replace(" ", "-")
        aliases = {
            "": "england", "eng": "england", "wls": "wales", "cymru": "wales",
            "sct": "scotland", "nir": "northern-ireland", "ni": "northern-ireland",
        }
        value = aliases.get(value, value)
        try:
            return cls(value)
        except ValueError:
            allowed = ", ".join(n.value for n in cls)
            raise ValueError(f"unknown nation {text!r}; use one of {allowed}") from None


# --- working patterns -------------------------------------------------------------------------
@dataclass(frozen=True)
class WorkingPattern:
    """Contracted seconds on each day of a repeating cycle; zero means not a working day.

    A week-based cycle has 7 × k days and starts on a Monday (`cycle_start`, the Monday of its
    week 1; a one-week cycle needs none). A roster (`roster=True`) is a cycle of any length
    from `cycle_start`, blind to weekdays. Cycles repeat in both directions: days before
    `cycle_start` follow the same cycle.
    """

    seconds: tuple[int, ...]
    cycle_start: date | None = None
    roster: bool = False

    @classmethod
    @cache
    def standard(cls) -> WorkingPattern:
        """Monday to Friday, 7.5 hours a day: one shared (frozen) instance, since every person
        built without a pattern of their own gets it by default."""
        day = int(7.5 * SECONDS_PER_HOUR)
        return cls((day, day, day, day, day, 0, 0))

    @classmethod
    def from_days(cls, weekdays: Iterable[int], seconds: list[int]) -> WorkingPattern:
        """One week: one length for all days, or one length per working day in weekday order."""
        return cls.from_weeks([list(weekdays)], [seconds])

    @classmethod
    def from_weeks(cls, weeks: list[list[int]], seconds: list[list[int]],
                   cycle_start: date | None = None) -> WorkingPattern:
        """A cycle of weeks: the working weekdays of each week, and for each week one length for
        all its days or one per working day. A single list of lengths may serve every week."""
        if len(seconds) == 1 and len(weeks) > 1:
            only = seconds[0]
            if len(only) == 1:
                seconds = [only] * len(weeks)
            elif len(only) == sum(len(w) for w in weeks):
                seconds, start = [], 0
                for days in weeks:
                    seconds.append(only[start:start + len(days)])
                    start += len(days)
        if len(seconds) != len(weeks):
            raise ValueError(f"day lengths are given for {len(seconds)} weeks but the pattern "
                             f"has {len(weeks)}; give one set of lengths per week, or one length")
        per_day: list[int] = []
        for number, (days, lengths) in enumerate(zip(weeks, seconds, strict=True), start=1):
            if len(set(days)) != len(days):
                raise ValueError(f"week {number} names a day twice")
            if len(lengths) not in (1, len(days)):
                where = f" in week {number}" if len(weeks) > 1 else ""
                raise ValueError(
                    f"{len(lengths)} day lengths given for {len(days)} working days{where}; "
                    "give one length for all days or one per working day"
                )
            week = [0] * 7
            for weekday, length in zip(sorted(days), lengths * len(days) if len(lengths) == 1
                                       else lengths, strict=True):
                week[weekday] = length
            per_day.extend(week)
        return cls(tuple(per_day), cycle_start if len(weeks) > 1 else None)

    @classmethod
    def from_roster(cls, marks: str, seconds: list[int], cycle_start: date) -> WorkingPattern:
        """`WWWW----` (W a working day, - a day off, any case): one length for every working
        day, or one per working day of the cycle."""
        marks = marks.strip()
        if not marks or set(marks.upper()) - {"W", "-"}:
            raise ValueError(f"roster {marks!r}: write the cycle's days as W (working) and - "
                             "(off), e.g. WWWW----")
        working = [i for i, mark in enumerate(marks.upper()) if mark == "W"]
        if len(seconds) not in (1, len(working)):
            raise ValueError(f"{len(seconds)} day lengths given for {len(working)} working days "
                             "of the roster; give one length or one per working day")
        per_day = [0] * len(marks)
        for i, length in zip(working, seconds * len(working) if len(seconds) == 1 else seconds,
                             strict=True):
            per_day[i] = length
        return cls(tuple(per_day), cycle_start, roster=True)

    def __post_init__(self) -> None:
        if not self.seconds or any(s < 0 or s > 86_400 for s in self.seconds):
            raise ValueError("a working pattern has day lengths between 0 and 24 hours")
        if not any(self.seconds):
            raise ValueError("a working pattern needs at least one working day")
        if len(self.seconds) > MAX_CYCLE_DAYS:
            raise ValueError(f"a cycle of {len(self.seconds)} days is longer than deskplan "
                             f"takes ({MAX_CYCLE_DAYS} days, eight weeks)")
        if self.roster:
            if self.cycle_start is None:
                raise ValueError("a roster needs the date its cycle starts (cycle_start)")
            return
        if len(self.seconds) % 7:
            raise ValueError("a week-based pattern has seven day lengths for each week")
        if len(self.seconds) > 7:
            if self.cycle_start is None:
                raise ValueError("a pattern of several weeks needs the Monday its week 1 starts "
                                 "(cycle_start)")
            if self.cycle_start.weekday() != 0:
                raise ValueError(f"cycle_start {self.cycle_start.isoformat()} is a "
                                 f"{self.cycle_start:%A}; a cycle of weeks starts on a Monday")

    # --- reading ----------------------------------------------------------------------------
    @property
    def cycle_days(self) -> int:
        return len(self.seconds)

    @property
    def weeks(self) -> int:
        """Weeks in a week-based cycle (0 for a roster)."""
        return 0 if self.roster else len(self.seconds) // 7

    @property
    def is_weekly(self) -> bool:
        """One repeating week: the contract most people have."""
        return not self.roster and len(self.seconds) == 7

    @property
    def anchor(self) -> date:
        """The first day of some cycle: `cycle_start`, or any Monday for a one-week cycle."""
        return self.cycle_start or _A_MONDAY

    def seconds_on(self, day: date) -> int:
        return self.seconds[(day - self.anchor).days % len(self.seconds)]

    def offset_of(self, day: date) -> int:
        """Where `day` falls in the cycle (0 = the cycle's first day)."""
        return (day - self.anchor).days % len(self.seconds)

    @property
    def weekdays(self) -> tuple[int, ...]:
        """Weekdays worked in any week of the cycle (every day of the week for a roster that
        works on each of them)."""
        if self.roster:
            return tuple(sorted({(self.anchor + timedelta(days=i)).weekday()
                                 for i, s in enumerate(self.seconds) if s}))
        return tuple(sorted({i % 7 for i, s in enumerate(self.seconds) if s}))

    def week_seconds(self, week: int) -> tuple[int, ...]:
        """The seven day lengths of week `week` (0-based) of a week-based cycle."""
        return self.seconds[7 * week: 7 * week + 7]

    @property
    def weekly_seconds(self) -> Fraction:
        """Contracted time in an average week of the cycle."""
        return Fraction(sum(self.seconds) * 7, len(self.seconds))

    @property
    def day_lengths(self) -> frozenset[int]:
        return frozenset(s for s in self.seconds if s)

    def describe(self) -> str:
        """`Mon–Fri, 7.5 h`; `Mon–Fri | Mon–Thu, 8.25 h`; `Mon 8 h, Tue 6 h`;
        `roster WWWW---- (8 days) from 6 Jan 2025, 12 h`."""
        lengths = self.day_lengths
        same = len(lengths) == 1
        if self.roster:
            marks = "".join("W" if s else "-" for s in self.seconds)
            start = self.anchor
            text = f"roster {marks} ({len(self.seconds)} days) from {start.day} {start:%b %Y}"
            if same:
                return f"{text}, {format_hours(next(iter(lengths)))}"
            return f"{text}, " + "/".join(format_hours(s).removesuffix(" h")
                                          for s in self.seconds if s) + " h"
        weeks = [self.week_seconds(w) for w in range(self.weeks)]
        if same:
            days = " | ".join(describe_weekdays(tuple(d for d in range(7) if week[d]))
                              for week in weeks)
            return f"{days}, {format_hours(next(iter(lengths)))}"
        return " | ".join(", ".join(f"{WEEKDAY_NAMES[d]} {format_hours(week[d])}"
                                    for d in range(7) if week[d]) for week in weeks)


def describe_weekdays(weekdays: tuple[int, ...] | frozenset[int]) -> str:
    """`(0, 1, 2, 3, 4)` → `Mon–Fri`; `(1, 3)` → `Tue, Thu`."""
    ordered = sorted(weekdays)
    if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{WEEKDAY_NAMES[ordered[0]]}–{WEEKDAY_NAMES[ordered[-1]]}"
    return ", ".join(WEEKDAY_NAMES[d] for d in ordered)


# --- people -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Terms:
    """What a person's record says from a date: role, category, base site, nation, working
    pattern, and whether their pattern applies on bank holidays (`bank_holidays_worked`, for
    rosters that work them) or a bank holiday of their nation is a day off (the default)."""

    role: str = ""
    category: str | None = None
    location: str = ""
    nation: Nation = Nation.ENGLAND
    pattern: WorkingPattern = field(default_factory=WorkingPattern.standard)
    bank_holidays_worked: bool = False


@dataclass(frozen=True)
class Person:
    """A member of staff. The flat fields are their current record (in force from `since`, or
    always when `since` is None); `earlier` holds the records before it, each from its date
    (the first may have no date: in force from the start). Days before a person's first dated
    record follow their earliest record. `start_date`/`end_date` are employment dates.
    """

    staff_id: str
    name: str
    role: str = ""
    category: str | None = None
    location: str = ""
    nation: Nation = Nation.ENGLAND
    pattern: WorkingPattern = field(default_factory=WorkingPattern.standard)
    start_date: date | None = None
    end_date: date | None = None
    bank_holidays_worked: bool = False
    since: date | None = None
    earlier: tuple[tuple[date | None, Terms], ...] = ()

    def __post_init__(self) -> None:
        if not self.staff_id.strip():
            raise ValueError("a person needs a staff id")
        if not self.name.strip():
            raise ValueError(f"person {self.staff_id} needs a name")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValueError(f"person {self.staff_id} leaves before they start")
        if not self.earlier:
            return  # one record: nothing to order (most people, built by the thousand)
        dates = [when for when, _ in self.earlier] + [self.since]
        if self.earlier and self.since is None:
            raise ValueError(f"person {self.staff_id}: a later record needs its date")
        if any(when is None for when in dates[1:]):
            raise ValueError(f"person {self.staff_id}: only the first record may have no date")
        dated = [when for when in dates if when is not None]
        if any(b <= a for a, b in itertools.pairwise(dated)):
            raise ValueError(f"person {self.staff_id}: two records from the same date, or out "
                             "of order")

    @classmethod
    def of_terms(cls, staff_id: str, name: str, terms: Terms, *,
                 start_date: date | None = None, end_date: date | None = None,
                 since: date | None = None,
                 earlier: tuple[tuple[date | None, Terms], ...] = ()) -> Person:
        """A person whose current record is `terms`, built in one step: a team list or an
        organisation read builds thousands, and copying a blank person record by record
        (`with_timeline`) costs a second construction each."""
        # The fields set at once rather than one `object.__setattr__` each (what a frozen
        # dataclass's __init__ does: half the time of reading a team list's rows), then
        # checked as __init__ checks them. `terms` is the record `person.terms` would build
        # (the same fields): kept, not built again for each of thousands of people the first
        # time the engine asks.
        person = object.__new__(cls)
        person.__dict__.update(
            staff_id=staff_id, name=name, role=terms.role, category=terms.category,
            location=terms.location, nation=terms.nation, pattern=terms.pattern,
            start_date=start_date, end_date=end_date,
            bank_holidays_worked=terms.bank_holidays_worked, since=since, earlier=earlier,
            _terms=terms)
        person.__post_init__()
        return person

    @property
    def terms(self) -> Terms:
        """The current record: built on first use and kept (a person is frozen, and the rule
        engine asks for every person's records on every check)."""
        found: Terms | None = self.__dict__.get("_terms")
        if found is None:
            found = Terms(self.role, self.category, self.location, self.nation, self.pattern,
                          self.bank_holidays_worked)
            object.__setattr__(self, "_terms", found)
        return found

    def timeline(self) -> list[tuple[date | None, Terms]]:
        """Every record with the date it comes into force, oldest first."""
        return [*self.earlier, (self.since, self.terms)]

    @property
    def has_history(self) -> bool:
        return bool(self.earlier)

    def terms_on(self, day: date) -> Terms:
        """The record in force on `day` (the earliest record for days before every date)."""
        found = self.earlier[0][1] if self.earlier else self.terms
        for when, terms in self.timeline():
            if when is None or when <= day:
                found = terms
        return found

    def change_dates(self) -> list[date]:
        return [when for when, _ in self.timeline() if when is not None]

    def with_change(self, from_day: date, terms: Terms) -> Person:
        """This person with their terms from `from_day` on being `terms`: records before it
        are kept, so editing today's pattern never rewrites weeks already worked, and so are
        the changes recorded after it. What the change sets (the fields where `terms`
        differ from the record in force that day) carries on through the later records until
        one of them changes that field itself: a move of site recorded for September stays
        when the hours change from June, and June's hours carry into September."""
        return with_timeline(self, changed_records(self.timeline(), from_day, None, terms,
                                                   changed_fields(self.terms_on(from_day),
                                                                  terms), carry=True))

    def later_changes(self, day: date) -> list[tuple[date, Terms]]:
        """The records that come into force after `day` (what a change from `day` keeps)."""
        return [(when, t) for when, t in self.timeline() if when is not None and when > day]

    def employed_on(self, day: date) -> bool:
        return (self.start_date is None or day >= self.start_date) and (
            self.end_date is None or day <= self.end_date
        )

    def is_part_time_under(self, full_time_seconds: int | Fraction) -> bool:
        return self.pattern.weekly_seconds < full_time_seconds

    @property
    def is_part_time(self) -> bool:
        """Contracted below the standard 37.5-hour week (the policy may set another)."""
        return self.is_part_time_under(WorkingPattern.standard().weekly_seconds)


Records = list[tuple[date | None, Terms]]
"""A person's records, each with the day it comes into force (None: from the start), oldest
first."""

TERMS_FIELDS = ("role", "category", "location", "nation", "pattern", "bank_holidays_worked")


def changed_fields(before: Terms, after: Terms) -> frozenset[str]:
    """The fields of `Terms` that differ between two records."""
    return frozenset(f for f in TERMS_FIELDS if getattr(before, f) != getattr(after, f))


def changed_records(records: Records, start: date | None, end: date | None, incoming: Terms,
                    fields: frozenset[str], *, carry: bool,
                    merge: Callable[[Terms, frozenset[str]], Terms] | None = None) -> Records:
    """`records` with the `fields` of `incoming` in force from `start` (None: the start) until
    `end` (None: for good). A record is added on `start` when none begins that day. With
    `carry`, a later record takes a field only while the records before it still held the
    value the record on `start` had (none of them changed that field itself). `merge` sets
    the fields on a record (default: copy them from `incoming`); a team file passes its own,
    which keeps stored day lengths a file without hours does not give. Records left the same
    as the one before them are dropped: nothing changes on their day."""
    def key(day: date | None) -> date:
        return date.min if day is None else day

    def copy(before: Terms, fields_now: frozenset[str]) -> Terms:
        return replace(before, **{f: getattr(incoming, f) for f in fields_now})

    if start is not None and all(when != start for when, _ in records):
        in_force = [t for w, t in records if key(w) <= start] or [records[0][1]]
        records = sorted([*records, (start, in_force[-1])], key=lambda r: key(r[0]))
    first = 0 if start is None else next(i for i, (w, _) in enumerate(records) if w == start)
    old = records[first][1]
    carried = [f for f in TERMS_FIELDS if f in fields]
    out: Records = list(records[:first])
    for when, terms in records[first:]:
        if end is not None and key(when) >= end:
            out.append((when, terms))
            continue
        if carry and len(out) > first:
            carried = [f for f in carried if getattr(terms, f) == getattr(old, f)]
        now = frozenset(carried)
        out.append((when, merge(terms, now) if merge else copy(terms, now)))
    return [r for i, r in enumerate(out) if i == 0 or r[1] != out[i - 1][1]]


def with_timeline(person: Person, records: list[tuple[date | None, Terms]]) -> Person:
    """`person` with its records replaced by `records` (oldest first; the last is current)."""
    *earlier, (since, current) = records
    return replace(person, role=current.role, category=current.category,
                   location=current.location, nation=current.nation, pattern=current.pattern,
                   bank_holidays_worked=current.bank_holidays_worked, since=since,
                   earlier=tuple(earlier))


# --- arrangements -----------------------------------------------------------------------------
class AdjustmentKind(StrEnum):
    REDUCED_SHARE = "reduced-share"
    FIXED_HOME_DAYS = "fixed-home-days"
    EXEMPT = "exempt"
    #: A cap on office time ("at most 60% in the office"), not a lower minimum.
    MAX_SHARE = "max-share"

    @property
    def label(self) -> str:
        return {
            "reduced-share": "reduced office share",
            "fixed-home-days": "fixed home days",
            "exempt": "exempt from the minimum",
            "max-share": "office time cap",
        }[self.value]


@dataclass(frozen=True)
class Adjustment:
    """A reasonable adjustment or an approved flexible-working arrangement.

    It records the arrangement only (kind, dates, share, weekdays, a reference), never why it was
    agreed: health details are special category data and have no place here. A fixed-home-days
    arrangement names its weekdays, or a count (`home_days = 3`: any three days a week at home).
    """

    staff_id: str
    kind: AdjustmentKind
    start: date
    end: date | None = None
    review_date: date | None = None
    share: Fraction | None = None
    weekdays: frozenset[int] = frozenset()
    reference: str = ""
    approver: str = ""
    home_days: int | None = None

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValueError("the arrangement ends before it starts")
        for _, reason in arrangement_problems(self.kind, self.share, self.weekdays,
                                              self.home_days):
            raise ValueError(reason)

    def active_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def overlaps(self, first: date, last: date) -> bool:
        return self.start <= last and (self.end is None or self.end >= first)

    @property
    def name(self) -> str:
        """How the arrangement is named in a message: its reference, or its kind."""
        if self.reference:
            return f"arrangement {self.reference}"
        return f"{self.kind.label} arrangement"


def arrangement_problems(kind: AdjustmentKind, share: Fraction | None,
                         weekdays: frozenset[int] | set[int] | list[int],
                         home_days: int | None) -> list[tuple[str, str]]:
    """(field, reason) for every field that does not fit the kind, so a file reader can name
    the column: a field that does not belong is refused, never dropped."""
    found: list[tuple[str, str]] = []
    if kind in (AdjustmentKind.REDUCED_SHARE, AdjustmentKind.MAX_SHARE):
        if share is None:
            found.append(("share", f"a {kind.value} arrangement needs a share (e.g. 0.4)"))
        elif not 0 <= share <= 1:
            found.append(("share", "the share must be between 0 and 1"))
    elif share is not None:
        found.append(("share", f"a {kind.value} arrangement has no share"))
    if kind is AdjustmentKind.FIXED_HOME_DAYS:
        if weekdays and home_days is not None:
            found.append(("home_days", "give the fixed home weekdays or a number of home days "
                                       "a week, not both"))
        elif not weekdays and home_days is None:
            found.append(("weekdays", "a fixed-home-days arrangement needs its weekdays (e.g. "
                                      "Mon,Fri) or a number of home days a week"))
        if home_days is not None and not 1 <= home_days <= 7:
            found.append(("home_days", "home days a week must be between 1 and 7"))
    else:
        if weekdays:
            found.append(("weekdays", f"a {kind.value} arrangement has no fixed weekdays"))
        if home_days is not None:
            found.append(("home_days", f"a {kind.value} arrangement has no home days"))
    if any(not 0 <= d <= 6 for d in weekdays):
        found.append(("weekdays", "weekdays are numbered 0 (Monday) to 6 (Sunday)"))
    return found
