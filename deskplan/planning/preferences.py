"""Standing preferences: what a person would like, as the planner weighs it.

Preferences are soft: the planner honours them where the policy, the arrangements, the desks
and cover allow, and says which it could not. Hard limits belong in arrangements (a fixed home
day is an agreed adjustment, not a wish). Weekdays are numbered 0 (Monday) to 6 (Sunday).
"""

from __future__ import annotations

from dataclasses import dataclass

from deskplan.domain.model import describe_weekdays


@dataclass(frozen=True)
class Preference:
    """One person's standing preferences.

    `office_days`: the days they usually come in; `home_days`: days they prefer at home;
    `unavailable_days`: days they cannot come in (caring, a long journey): weighed more
    strongly than a preference, but still soft. A weekday may appear in one set only.
    """

    staff_id: str
    office_days: frozenset[int] = frozenset()
    home_days: frozenset[int] = frozenset()
    unavailable_days: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        for name, days in (("office_days", self.office_days), ("home_days", self.home_days),
                           ("unavailable_days", self.unavailable_days)):
            if any(not 0 <= d <= 6 for d in days):
                raise ValueError(f"{name}: weekdays are numbered 0 (Monday) to 6 (Sunday)")
        clash = (self.office_days & (self.home_days | self.unavailable_days)) | (
            self.home_days & self.unavailable_days)
        if clash:
            raise ValueError(f"{describe_weekdays(frozenset(clash))} cannot be both an office "
                             "day and a home or unavailable day")

    @property
    def is_empty(self) -> bool:
        return not (self.office_days or self.home_days or self.unavailable_days)

    def describe(self) -> str:
        """`usually in Tue, Thu; prefers home Fri; cannot come in Mon` ('' when empty)."""
        parts = []
        if self.office_days:
            parts.append(f"usually in {describe_weekdays(self.office_days)}")
        if self.home_days:
            parts.append(f"prefers home {describe_weekdays(self.home_days)}")
        if self.unavailable_days:
            parts.append(f"cannot come in {describe_weekdays(self.unavailable_days)}")
        return "; ".join(parts)
