"""The hybrid-working policy: minimum office shares, desks and cover."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from fractions import Fraction

from deskplan.domain.model import Nation


class PeriodKind(StrEnum):
    """Over what the minimum is measured: each ISO week, or each calendar month (averaged)."""

    WEEK = "week"
    MONTH = "month"


def fold(text: str | None) -> str:
    """Categories, locations and roles match regardless of case and stray spaces."""
    return " ".join((text or "").split()).casefold()


@dataclass(frozen=True)
class Rule:
    """A minimum office share for a category of staff, a location, or both."""

    share: Fraction
    category: str | None = None
    location: str | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.share <= 1:
            raise ValueError(f"share {self.share} must be between 0 and 1")

    @property
    def specificity(self) -> int:
        """Category and location beats category, which beats location, which beats neither."""
        return (2 if self.category else 0) + (1 if self.location else 0)

    def matches(self, category: str | None, location: str) -> bool:
        return (not self.category or fold(self.category) == fold(category)) and (
            not self.location or fold(self.location) == fold(location)
        )

    def describe(self) -> str:
        who = " ".join(part for part in (self.category, "staff") if part)
        where = f" at {self.location}" if self.location else ""
        scope = f"{who}{where}" if self.category or self.location else "everyone"
        return f"the policy for {scope}"


@dataclass(frozen=True)
class Location:
    name: str
    capacity: int | None = None

    def __post_init__(self) -> None:
        if self.capacity is not None and self.capacity < 0:
            raise ValueError(f"location {self.name}: capacity cannot be negative")


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

    @classmethod
    def default(cls) -> Policy:
        """Operational roles 80%, support roles 60%, measured weekly."""
        return cls(
            rules=(
                Rule(Fraction(4, 5), category="operational"),
                Rule(Fraction(3, 5), category="support"),
            )
        )

    def rule_for(self, category: str | None, location: str) -> Rule | None:
        """The most specific rule that matches; None when no rule covers this person."""
        matching = [r for r in self.rules if r.matches(category, location)]
        if not category:
            matching = [r for r in matching if not r.category]
        return max(matching, key=lambda r: r.specificity, default=None)

    def capacity(self, location: str) -> int | None:
        for place in self.locations:
            if fold(place.name) == fold(location):
                return place.capacity
        return None

    def category_for_role(self, role: str) -> str | None:
        """The category the organisation's role map gives a job title, if any."""
        wanted = fold(role)
        for title, category in self.role_map.items():
            if fold(title) == wanted:
                return category
        return None
