"""What the rule engine reports: a conflict, its rule and how serious it is."""

from __future__ import annotations

from dataclasses import dataclass
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

    @property
    def severity(self) -> Severity:
        warnings = {
            RuleId.UNPLANNED, RuleId.REVIEW_DUE, RuleId.BELOW_COVERAGE,
            RuleId.UNCLASSIFIED, RuleId.NO_RULE,
        }
        return Severity.WARNING if self in warnings else Severity.ERROR


@dataclass(frozen=True)
class Conflict:
    """One way the plan breaks the policy or an arrangement, explained in a sentence.

    `start`/`end` are the period for per-period rules, the day for per-day rules, and the review
    date for `review-due`.
    """

    rule: RuleId
    message: str
    start: date
    end: date
    staff_id: str | None = None
    location: str | None = None
    role: str | None = None

    @property
    def severity(self) -> Severity:
        return self.rule.severity

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
