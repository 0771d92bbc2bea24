"""What every export writes: some people of a plan over a range of days.

The exporters (PDF, CSV, XLSX, iCalendar, compliance report) all start from the same selection
and the same facts about it: each person's status and whether the day is a working day for them.
Working that out once here keeps the formats consistent with each other and with the checker.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from deskplan.domain.engine import Checker
from deskplan.domain.errors import DeskplanError, InputError, Problem
from deskplan.domain.model import Adjustment, Cell, Person
from deskplan.domain.plan import Plan
from deskplan.domain.policy import Policy

Progress = Callable[[int, int], None]
"""Called as `progress(done, total)` while an export runs, e.g. to move a progress bar."""


class OutputError(DeskplanError):
    """The export could not be written (folder missing, file open in another program...)."""


@dataclass(frozen=True)
class ExportScope:
    """The people and days being exported, with their cells, days off and the one verdict.

    `statuses[i, j]` is the cell code of `people[i]` on `days[j]` (see `model.Cell`);
    `working[i, j]` is False on their days off, as the checker decides them. `checker` is the
    verdict every export reads: conflicts, per-period verdicts, site counts.
    """

    plan: Plan
    people: tuple[Person, ...]
    first: date
    last: date
    statuses: np.ndarray
    working: np.ndarray
    checker: Checker

    def cell(self, row: int, column: int) -> Cell:
        person = self.people[row]
        return self.plan.rota.cell(person.staff_id, self.first + timedelta(days=column))

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=i) for i in range((self.last - self.first).days + 1)]

    def arrangements(self, staff_id: str) -> list[Adjustment]:
        """The person's arrangements that are in force on any day of the range."""
        return [a for a in self.plan.adjustments
                if a.staff_id == staff_id and a.overlaps(self.first, self.last)]


def make_scope(
    plan: Plan, first: date, last: date, staff_ids: Sequence[str] | None = None, *,
    private: bool = True, policy: Policy | None = None,
) -> ExportScope:
    """Select `staff_ids` (everyone when None, in the team's order) for `first`..`last`, as
    judged under `policy` (the saved one by default; a what-if draft when given). The people
    are those the checker judges for the range (employed in its periods)."""
    if last < first:
        raise DeskplanError(
            f"the export ends ({last.isoformat()}) before it starts ({first.isoformat()})"
        )
    checker = plan.checker(first, last, private=private, policy=policy)
    judged = {p.staff_id for p in checker.people}
    people = tuple(p for p in select_people(plan, staff_ids) if p.staff_id in judged)
    ids = [p.staff_id for p in people]
    statuses = plan.rota.matrix(ids, first, last)
    working = checker.working(ids, first, last)
    return ExportScope(plan, people, first, last, statuses, working, checker)


def select_people(plan: Plan, staff_ids: Sequence[str] | None) -> list[Person]:
    """The people named by `staff_ids`, in the team's order; unknown ids are a user error."""
    if staff_ids is None:
        return list(plan.people)
    wanted = list(dict.fromkeys(s.strip() for s in staff_ids if s.strip()))
    known = {p.staff_id for p in plan.people}
    unknown = [s for s in wanted if s not in known]
    if unknown:
        raise InputError([Problem(f"staff id {s!r} is not in the team") for s in unknown])
    if not wanted:
        raise InputError([Problem("no people selected for the export")])
    chosen = set(wanted)
    return [p for p in plan.people if p.staff_id in chosen]


def output_error(path: Path, error: OSError) -> OutputError:
    """A readable message for a file that could not be written."""
    reason = error.strerror or str(error)
    return OutputError(f"cannot write {path}: {reason}")
