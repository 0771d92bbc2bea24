"""A team's whole plan in one value: people, rota, arrangements and policy."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from deskplan.domain.model import Adjustment, Person
from deskplan.domain.policy import Policy
from deskplan.domain.rota import Rota

# The rule engine is imported when a plan is first checked: storing or importing a team
# builds plans without checking them, and the engine's rules are a tenth of a second to load.
if TYPE_CHECKING:
    from deskplan.domain.engine import Checker, SharedDesks


@dataclass
class Plan:
    people: list[Person]
    rota: Rota
    policy: Policy = field(default_factory=Policy.default)
    adjustments: list[Adjustment] = field(default_factory=list)
    name: str = ""
    #: (staff id, day) the manager locked: the planner and suggested fixes keep them as they are.
    locked: set[tuple[str, date]] = field(default_factory=set)

    def default_range(self, first: date | None = None, last: date | None = None,
                      today: date | None = None) -> tuple[date, date]:
        """The range to check when the user names none: the planned days, else this week."""
        span = self.rota.planned_span()
        today = today or date.today()
        first = first or (span[0] if span else today - timedelta(days=today.weekday()))
        last = last or (span[1] if span and span[1] >= first else first + timedelta(days=6))
        return first, last

    def checker(self, first: date, last: date, *, private: bool = False,
                policy: Policy | None = None, shared: SharedDesks | None = None) -> Checker:
        """The one verdict on `first`..`last` (under `policy` when given, e.g. a what-if
        draft)."""
        from deskplan.domain.engine import Checker

        return Checker(self.people, policy or self.policy, self.adjustments, self.rota, first,
                       last, private=private, shared=shared)
