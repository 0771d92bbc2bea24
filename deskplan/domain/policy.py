"""The hybrid-working policy: minimum office shares and how they are measured, desks, cover,
anchor days and the organisation's calendar."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from fractions import Fraction
from functools import lru_cache

from deskplan.domain.durations import SECONDS_PER_HOUR, format_share
from deskplan.domain.model import Nation, Status, describe_weekdays

#: The longest rolling window deskplan measures over.
MAX_ROLLING_WEEKS = 53


class PeriodKind(StrEnum):
    """Over what the minimum is measured: each ISO week, calendar month or calendar quarter,
    or a rolling window of N weeks ending with each week."""

    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    ROLLING = "rolling"

    @property
    def adjective(self) -> str:
        return {"week": "weekly", "month": "monthly", "quarter": "quarterly",
                "rolling": "rolling"}[self.value]


class Measure(StrEnum):
    """What the share is a share of: contracted hours (exact), or working days (rounded up)."""

    HOURS = "hours"
    DAYS = "days"


@lru_cache(maxsize=4096)
def fold(text: str | None) -> str:
    """Categories, locations and roles match regardless of case and stray spaces. (A team
    writes a few dozen sites and roles; a check folds them hundreds of thousands of times.)"""
    return " ".join((text or "").split()).casefold()


@dataclass(frozen=True)
class Rule:
    """A minimum office share for a category of staff, a location, or both, in force from
    `starts` to `ends` (inclusive; None: open-ended)."""

    share: Fraction
    category: str | None = None
    location: str | None = None
    starts: date | None = None
    ends: date | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.share <= 1:
            raise ValueError(f"share {self.share} must be between 0 and 1")
        if self.starts and self.ends and self.ends < self.starts:
            raise ValueError(f"{self.describe()} ends before it starts")

    @property
    def specificity(self) -> int:
        """Category and location beats category, which beats location, which beats neither."""
        return (2 if self.category else 0) + (1 if self.location else 0)

    @property
    def scope(self) -> tuple[str, str]:
        """Who the rule is for, folded: two rules for the same scope in force on the same day
        cannot both apply."""
        return fold(self.category), fold(self.location)

    def matches(self, category: str | None, location: str) -> bool:
        return (not self.category or fold(self.category) == fold(category)) and (
            not self.location or fold(self.location) == fold(location)
        )

    def in_force(self, day: date) -> bool:
        return (self.starts is None or self.starts <= day) and (
            self.ends is None or day <= self.ends)

    def overlaps(self, other: Rule) -> bool:
        """Whether both rules are in force on some day."""
        return (self.starts is None or other.ends is None or self.starts <= other.ends) and (
            other.starts is None or self.ends is None or other.starts <= self.ends)

    def describe(self) -> str:
        who = " ".join(part for part in (self.category, "staff") if part)
        where = f" at {self.location}" if self.location else ""
        scope = f"{who}{where}" if self.category or self.location else "everyone"
        return f"the policy for {scope}"

    def describe_dates(self) -> str:
        if self.starts and self.ends:
            return f"from {self.starts.isoformat()} until {self.ends.isoformat()}"
        if self.starts:
            return f"from {self.starts.isoformat()}"
        if self.ends:
            return f"until {self.ends.isoformat()}"
        return "always"


@dataclass(frozen=True)
class Location:
    """A site; `capacity` desks (None: not counted); `short` is how the grid names a day
    planned there by someone based elsewhere."""

    name: str
    capacity: int | None = None
    short: str = ""

    def __post_init__(self) -> None:
        if self.capacity is not None and self.capacity < 0:
            raise ValueError(f"location {self.name}: capacity cannot be negative")

    @property
    def short_name(self) -> str:
        return self.short or short_site_name(self.name)


def short_site_name(name: str) -> str:
    """`Hendon` → `Hen`, `New Scotland Yard` → `NSY`."""
    words = name.split()
    if len(words) > 1:
        return "".join(w[0] for w in words).upper()[:4]
    return name[:3]


@dataclass(frozen=True)
class CoverageRule:
    """At least `min_in_office` people with `role` in the office on each of `weekdays`."""

    role: str
    min_in_office: int
    weekdays: frozenset[int] = frozenset(range(5))

    def __post_init__(self) -> None:
        if self.min_in_office < 1:
            raise ValueError(f"coverage for {self.role}: the minimum must be at least 1")


@dataclass(frozen=True)
class Anchor:
    """Team days: everyone it covers (filters are ANDed) is expected in the office on
    `weekdays` when they are available."""

    weekdays: frozenset[int]
    category: str | None = None
    location: str | None = None
    role: str | None = None

    def __post_init__(self) -> None:
        if not self.weekdays:
            raise ValueError("an anchor needs its weekdays (e.g. Tue)")

    def covers(self, category: str | None, location: str, role: str) -> bool:
        return all(not wanted or fold(wanted) == fold(actual) for wanted, actual in (
            (self.category, category), (self.location, location), (self.role, role)))

    def describe(self) -> str:
        who = [part for part in (self.role, self.category, self.location) if part]
        scope = f" for {', '.join(who)}" if who else ""
        return f"team days {describe_weekdays(self.weekdays)}{scope}"


@dataclass(frozen=True)
class Policy:
    rules: tuple[Rule, ...]
    period: PeriodKind = PeriodKind.WEEK
    effective_from: date | None = None
    training_counts_as_office: bool = True
    default_nation: Nation = Nation.ENGLAND
    locations: tuple[Location, ...] = ()
    coverage: tuple[CoverageRule, ...] = ()
    role_map: dict[str, str] = field(default_factory=dict)
    # The organisation's own calendar: days it closes for everyone, and bank holidays it works.
    closures: frozenset[date] = frozenset()
    working_bank_holidays: frozenset[date] = frozenset()
    measure: Measure = Measure.HOURS
    #: Days mode rounds the requirement up to a multiple of this: 1 (whole days) or 1/2.
    round_to: Fraction = Fraction(1)
    rolling_weeks: int | None = None
    business_counts_as_office: bool = True
    #: A full-time week: who is part time, and the comparator of the pro-rata warning.
    full_time_seconds: int = int(37.5 * SECONDS_PER_HOUR)
    anchors: tuple[Anchor, ...] = ()

    def __post_init__(self) -> None:
        problems = policy_problems(self)
        if problems:
            raise ValueError("; ".join(problems))

    @classmethod
    def default(cls) -> Policy:
        """Operational roles 80%, support roles 60%, measured weekly."""
        return cls(
            rules=(
                Rule(Fraction(4, 5), category="operational"),
                Rule(Fraction(3, 5), category="support"),
            )
        )

    def rule_for(self, category: str | None, location: str, day: date | None = None
                 ) -> Rule | None:
        """The most specific rule that matches and is in force on `day` (any day when None);
        None when no rule covers this person."""
        matching = [r for r in self.rules if r.matches(category, location)
                    and (day is None or r.in_force(day))]
        if not category:
            matching = [r for r in matching if not r.category]
        return max(matching, key=lambda r: r.specificity, default=None)

    def rule_dates(self) -> list[date]:
        """The days on which some rule starts or stops being in force (the day after `ends`)."""
        found = {r.starts for r in self.rules if r.starts}
        found |= {r.ends + timedelta(days=1) for r in self.rules if r.ends}
        return sorted(found)

    def capacity(self, location: str) -> int | None:
        place = self.location(location)
        return place.capacity if place else None

    def location(self, name: str) -> Location | None:
        wanted = fold(name)
        return next((place for place in self.locations if fold(place.name) == wanted), None)

    def site_names(self) -> dict[str, str]:
        """Folded name → name of each `[[location]]`, for reading `O@Site` cells."""
        return {fold(place.name): place.name for place in self.locations}

    def category_for_role(self, role: str) -> str | None:
        """The category the organisation's role map gives a job title, if any."""
        wanted = fold(role)
        for title, category in self.role_map.items():
            if fold(title) == wanted:
                return category
        return None

    def counts_as_office(self) -> frozenset[int]:
        """The statuses counted as office time for the minimum (and against a cap)."""
        found = {Status.OFFICE}
        if self.training_counts_as_office:
            found.add(Status.TRAINING)
        if self.business_counts_as_office:
            found.add(Status.BUSINESS)
        return frozenset(int(s) for s in found)

    @property
    def unit(self) -> str:
        return "days" if self.measure is Measure.DAYS else "hours"

    def describe_measure(self) -> str:
        """`weekly, in hours` / `monthly, in days (rounded up to whole days)` /
        `rolling 12 weeks, in hours`."""
        when = (f"rolling {self.rolling_weeks} weeks" if self.period is PeriodKind.ROLLING
                else self.period.adjective)
        if self.measure is Measure.HOURS:
            return f"{when}, in hours"
        step = "half days" if self.round_to == Fraction(1, 2) else "whole days"
        return f"{when}, in days (rounded up to {step})"


def policy_problems(policy: Policy) -> list[str]:
    """Everything that makes a policy contradict itself, in words."""
    found: list[str] = []
    if policy.period is PeriodKind.ROLLING:
        if policy.rolling_weeks is None or not 1 <= policy.rolling_weeks <= MAX_ROLLING_WEEKS:
            found.append(f"a rolling period needs rolling_weeks between 1 and "
                         f"{MAX_ROLLING_WEEKS}")
    elif policy.rolling_weeks is not None:
        found.append('rolling_weeks is only for period = "rolling"')
    if policy.round_to not in (Fraction(1), Fraction(1, 2)):
        found.append("round_to must be 1 (whole days) or 0.5 (half days)")
    if policy.measure is Measure.HOURS and policy.round_to != 1:
        found.append('round_to is for measure = "days"; hours are compared exactly')
    if not 0 < policy.full_time_seconds <= 7 * 86_400:
        found.append("full_time_hours must be more than 0 and at most a week")
    found.extend(_clashing_rules(policy.rules))
    return found


def _clashing_rules(rules: Iterable[Rule]) -> list[str]:
    """Two rules for the same people in force on the same day: which one applies is a guess."""
    found = []
    listed = list(rules)
    for i, first in enumerate(listed):
        for second in listed[i + 1:]:
            if first.scope == second.scope and first.overlaps(second):
                found.append(
                    f"two rules for {first.describe().removeprefix('the policy for ')} are in "
                    f"force on the same days ({format_rule(first)}; {format_rule(second)})")
    return found


def format_rule(rule: Rule) -> str:
    return f"{format_share(rule.share)} {rule.describe_dates()}"

