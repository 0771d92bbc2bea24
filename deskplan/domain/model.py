"""People, their working patterns, day statuses and individual arrangements."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum, StrEnum
from fractions import Fraction

from deskplan.domain.durations import SECONDS_PER_HOUR, format_hours

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEKDAY_FULL_NAMES = (
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
)


class Status(IntEnum):
    """What a person does on a day. The values are the bytes stored in the rota matrix."""

    UNPLANNED = 0
    OFFICE = 1
    HOME = 2
    LEAVE = 3
    SICK = 4
    TRAINING = 5

    @property
    def letter(self) -> str:
        return "" if self is Status.UNPLANNED else self.name[0]

    @property
    def label(self) -> str:
        return self.name.capitalize()

    @property
    def is_absence(self) -> bool:
        """Leave and sickness take the day out of the time the minimum is measured on."""
        return self in (Status.LEAVE, Status.SICK)

    @classmethod
    def parse(cls, text: str) -> Status:
        """Read a status written as its name or first letter; blank means unplanned."""
        value = text.strip().lower()
        if value in ("", "-", "·", ".", "unplanned"):
            return cls.UNPLANNED
        for status in cls:
            names = (status.name.lower(), status.letter.lower())
            if status is not cls.UNPLANNED and value in names:
                return status
        allowed = ", ".join(f"{s.letter} ({s.name.lower()})" for s in cls if s.letter)
        raise ValueError(f"unknown status {text!r}; use one of {allowed}, or leave it empty")


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


@dataclass(frozen=True)
class WorkingPattern:
    """Contracted seconds on each weekday, Monday first; zero means not a working day."""

    seconds: tuple[int, int, int, int, int, int, int]

    @classmethod
    def standard(cls) -> WorkingPattern:
        """Monday to Friday, 7.5 hours a day."""
        day = int(7.5 * SECONDS_PER_HOUR)
        return cls((day, day, day, day, day, 0, 0))

    @classmethod
    def from_days(cls, weekdays: list[int], seconds: list[int]) -> WorkingPattern:
        """One length for all days, or one length per working day in weekday order."""
        if len(seconds) not in (1, len(weekdays)):
            raise ValueError(
                f"{len(seconds)} day lengths given for {len(weekdays)} working days; "
                "give one length for all days or one per working day"
            )
        lengths = seconds * len(weekdays) if len(seconds) == 1 else seconds
        per_day = [0] * 7
        for weekday, length in zip(sorted(weekdays), lengths, strict=True):
            per_day[weekday] = length
        return cls((per_day[0], per_day[1], per_day[2], per_day[3], per_day[4], per_day[5],
                    per_day[6]))

    def __post_init__(self) -> None:
        if len(self.seconds) != 7 or any(s < 0 for s in self.seconds):
            raise ValueError("a working pattern has seven non-negative day lengths")
        if not any(self.seconds):
            raise ValueError("a working pattern needs at least one working day")

    @property
    def weekdays(self) -> tuple[int, ...]:
        return tuple(d for d, s in enumerate(self.seconds) if s)

    @property
    def weekly_seconds(self) -> int:
        return sum(self.seconds)

    def describe(self) -> str:
        """`Mon–Fri, 7.5 h` or `Mon–Thu, 9.375 h` or `Mon 8 h, Tue 6 h`."""
        days = self.weekdays
        lengths = {self.seconds[d] for d in days}
        if len(lengths) == 1:
            return f"{describe_weekdays(days)}, {format_hours(lengths.pop())}"
        return ", ".join(f"{WEEKDAY_NAMES[d]} {format_hours(self.seconds[d])}" for d in days)


def describe_weekdays(weekdays: tuple[int, ...] | frozenset[int]) -> str:
    """`(0, 1, 2, 3, 4)` → `Mon–Fri`; `(1, 3)` → `Tue, Thu`."""
    ordered = sorted(weekdays)
    if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{WEEKDAY_NAMES[ordered[0]]}–{WEEKDAY_NAMES[ordered[-1]]}"
    return ", ".join(WEEKDAY_NAMES[d] for d in ordered)


@dataclass(frozen=True)
class Person:
    staff_id: str
    name: str
    role: str = ""
    category: str | None = None
    location: str = ""
    nation: Nation = Nation.ENGLAND
    pattern: WorkingPattern = field(default_factory=WorkingPattern.standard)
    start_date: date | None = None
    end_date: date | None = None

    def __post_init__(self) -> None:
        if not self.staff_id.strip():
            raise ValueError("a person needs a staff id")
        if not self.name.strip():
            raise ValueError(f"person {self.staff_id} needs a name")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValueError(f"person {self.staff_id} leaves before they start")

    def employed_on(self, day: date) -> bool:
        return (self.start_date is None or day >= self.start_date) and (
            self.end_date is None or day <= self.end_date
        )

    @property
    def is_part_time(self) -> bool:
        return self.pattern.weekly_seconds < WorkingPattern.standard().weekly_seconds


class AdjustmentKind(StrEnum):
    REDUCED_SHARE = "reduced-share"
    FIXED_HOME_DAYS = "fixed-home-days"
    EXEMPT = "exempt"

    @property
    def label(self) -> str:
        return {
            "reduced-share": "reduced office share",
            "fixed-home-days": "fixed home days",
            "exempt": "exempt from the minimum",
        }[self.value]


@dataclass(frozen=True)
class Adjustment:
    """A reasonable adjustment or an approved flexible-working arrangement.

    It records the arrangement only (kind, dates, share, weekdays, a reference), never why it was
    agreed: health details are special category data and have no place here.
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

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValueError("the arrangement ends before it starts")
        if self.kind is AdjustmentKind.REDUCED_SHARE:
            if self.share is None:
                raise ValueError("a reduced-share arrangement needs a share (e.g. 0.4)")
            if not 0 <= self.share <= 1:
                raise ValueError("the share must be between 0 and 1")
        if self.kind is AdjustmentKind.FIXED_HOME_DAYS and not self.weekdays:
            raise ValueError("a fixed-home-days arrangement needs its weekdays (e.g. Mon,Fri)")
        if any(not 0 <= d <= 6 for d in self.weekdays):
            raise ValueError("weekdays are numbered 0 (Monday) to 6 (Sunday)")

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
