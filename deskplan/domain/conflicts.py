"""What the rule engine reports: a conflict, its rule and how serious it is."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class RuleId(StrEnum):
    BELOW_MINIMUM = "below-minimum"
    UNPLANNED = "unplanned"
    NON_WORKING_DAY = "non-working-day"
    ADJUSTMENT_BREACHED = "adjustment-breached"
    REVIEW_DUE = "review-due"
    OVER_CAPACITY = "over-capacity"
    BELOW_COVERAGE = "below-coverage"
    UNCLASSIFIED = "unclassified"
    NO_RULE = "no-rule"
    ABOVE_MAXIMUM = "above-maximum"
    MISSED_ANCHOR_DAY = "missed-anchor-day"
    PRO_RATA_WARNING = "pro-rata-warning"

    @property
    def severity(self) -> Severity:
        warnings = {
            RuleId.UNPLANNED, RuleId.REVIEW_DUE, RuleId.BELOW_COVERAGE,
            RuleId.UNCLASSIFIED, RuleId.NO_RULE, RuleId.MISSED_ANCHOR_DAY,
            RuleId.PRO_RATA_WARNING,
        }
        return Severity.WARNING if self in warnings else Severity.ERROR


class Conflict:
    """One way the plan breaks the policy or an arrangement, explained in a sentence.

    `start`/`end` are the period for per-period rules, the day for per-day rules, and the review
    date for `review-due`. The message may be given as a function: it is then written the first
    time somebody reads it, because a whole organisation's check can find tens of thousands of
    conflicts of which a person reads a handful.
    """

    __slots__ = ("_message", "end", "location", "role", "rule", "staff_id", "start")

    def __init__(
        self,
        rule: RuleId,
        message: str | Callable[[], str],
        start: date,
        end: date,
        *,
        staff_id: str | None = None,
        location: str | None = None,
        role: str | None = None,
    ) -> None:
        self.rule = rule
        self._message = message
        self.start, self.end = start, end
        self.staff_id, self.location, self.role = staff_id, location, role

    @property
    def message(self) -> str:
        if not isinstance(self._message, str):
            self._message = self._message()
        return self._message

    @property
    def severity(self) -> Severity:
        return self.rule.severity

    @property
    def key(self) -> tuple[str, date, date, str, str, str]:
        """What the conflict is about, without its wording."""
        return (self.rule.value, self.start, self.end, self.staff_id or "", self.location or "",
                self.role or "")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Conflict):
            return NotImplemented
        return self.key == other.key and self.message == other.message

    def __hash__(self) -> int:
        return hash(self.key)

    def __repr__(self) -> str:
        return f"Conflict({self.rule.value}, {self.staff_id or self.location or self.role}, " \
            f"{self.start.isoformat()}: {self.message!r})"

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule.value,
            "severity": self.severity.value,
            "staff_id": self.staff_id,
            "location": self.location,
            "role": self.role,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "message": self.message,
        }

    @property
    def sort_key(self) -> tuple[int, date, str, str]:
        return (0 if self.severity is Severity.ERROR else 1, self.start, self.staff_id or "",
                self.rule.value)
