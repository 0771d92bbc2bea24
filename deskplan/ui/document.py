"""The open team: its plan, its checker, and every write to it.

Every edit goes through here: it is written to the store in one transaction first, and only
then applied to the in-memory plan and re-checked, so what the window shows is always what is
saved. Views listen to the signals and refresh only what changed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QObject, Signal

from deskplan.domain.conflicts import Conflict, RuleId
from deskplan.domain.engine import Checker, Delta
from deskplan.domain.model import Adjustment, Person, Status
from deskplan.domain.policy import Policy
from deskplan.storage.errors import ConcurrentEditError, StorageError
from deskplan.ui.store import CellChange, PlanStore

log = logging.getLogger(__name__)


class WriteRefusedError(Exception):
    """A write was refused (locked database, someone else's change); nothing was changed.

    The document has already emitted `write_failed` with a message for the user.
    """


class TeamDocument(QObject):
    """One team opened in the window, checked over the range the window shows."""

    #: list[tuple[str, date]]: the cells whose status changed (already saved and re-checked).
    cells_changed = Signal(object)
    #: Delta: conflicts removed and added by the last cell edit.
    conflicts_changed = Signal(object)
    #: People, arrangements, policy, range or team changed: views rebuild from scratch.
    reset = Signal()
    #: str, bool: why a write was refused, and whether it was someone else's change (the team
    #: has then been reloaded and the undo history no longer applies).
    write_failed = Signal(str, bool)

    def __init__(self, store: PlanStore, team_id: int, first: date, last: date,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.team_id = team_id
        self.version, self.plan = store.load_team(team_id)
        self.first, self.last = first, last
        self.draft_policy: Policy | None = None
        self.checker = self._build_checker()

    # --- reading ------------------------------------------------------------------------------
    @property
    def policy(self) -> Policy:
        """The policy the grid is judged by: the what-if draft when one is applied."""
        return self.draft_policy or self.plan.policy

    def status(self, staff_id: str, day: date) -> Status:
        return self.plan.rota.get(staff_id, day)

    def shows(self, conflict: Conflict) -> bool:
        """Whether the window lists `conflict` for the days it shows.

        The checker works on whole periods, so a month view also checks the weeks that straddle
        its ends. A period belongs to the view it starts in (the same rule as the row
        summaries), a period longer than the view belongs to it, and a review that is due is
        shown wherever the user looks. People not employed on any day shown are left out.
        """
        if conflict.staff_id is not None and conflict.staff_id not in self._on_the_books:
            return False
        if conflict.rule is RuleId.REVIEW_DUE:
            return True
        return self.belongs(conflict.start, conflict.end)

    def belongs(self, first: date, last: date) -> bool:
        """Whether the period (or day) `first`..`last` is counted in the view: it starts in it,
        or it covers the whole view (a month seen a week at a time)."""
        return self.first <= first <= self.last or (first < self.first and last >= self.last)

    def people_short(self, policy: Policy | None = None) -> list[str]:
        """Names of the people who cannot meet the minimum in a period shown, under `policy`
        (default: the policy the grid is judged by)."""
        checker = self.checker if policy is None or policy is self.policy else Checker(
            self.plan.people, policy, self.plan.adjustments, self.plan.rota, self.first,
            self.last)
        short = {c.staff_id for c in checker.conflicts
                 if c.rule is RuleId.BELOW_MINIMUM and self.shows(c)}
        return sorted((p.name for p in self.plan.people if p.staff_id in short), key=str.casefold)

    def person(self, staff_id: str) -> Person:
        return next(p for p in self.plan.people if p.staff_id == staff_id)

    def adjustments_of(self, staff_id: str) -> list[Adjustment]:
        return [a for a in self.plan.adjustments if a.staff_id == staff_id]

    def open_team(self, team_id: int) -> None:
        """Show another team of the same store."""
        self.team_id = team_id
        self.draft_policy = None
        self._reload()

    # --- the range and the policy the checker uses ----------------------------------------------
    def set_range(self, first: date, last: date) -> None:
        if (first, last) == (self.first, self.last):
            return
        self.first, self.last = first, last
        self._rebuild()

    def set_draft_policy(self, policy: Policy | None) -> None:
        """What-if: judge the rota by `policy` without saving it; None restores the saved one."""
        self.draft_policy = policy
        self._rebuild()

    def _build_checker(self) -> Checker:
        self._on_the_books = {
            p.staff_id for p in self.plan.people
            if (p.start_date is None or p.start_date <= self.last)
            and (p.end_date is None or p.end_date >= self.first)
        }
        return Checker(self.plan.people, self.policy, self.plan.adjustments, self.plan.rota,
                       self.first, self.last)

    def _rebuild(self) -> None:
        self.checker = self._build_checker()
        self.reset.emit()

    # --- writing ------------------------------------------------------------------------------
    def apply_cells(self, changes: Sequence[CellChange]) -> Delta:
        """Save `changes` in one transaction, then show them; return how the conflicts moved.

        Raises whatever the store raises (nothing is changed in memory in that case).
        """
        changes = [c for c in changes if self.status(c[0], c[1]) != c[2]]
        if not changes:
            return Delta((), ())
        self._write(lambda: self.store.save_cells(self.team_id, changes, self.version))
        for staff_id, day, status in changes:
            self.plan.rota.set(staff_id, day, status)
        cells = [(staff_id, day) for staff_id, day, _ in changes]
        delta = self.checker.recheck(cells)
        self.cells_changed.emit(cells)
        self.conflicts_changed.emit(delta)
        return delta

    def save_person(self, person: Person) -> None:
        self._write(lambda: self.store.save_person(self.team_id, person, self.version))
        self._reload()

    def import_people(self, people: Sequence[Person]) -> None:
        """Add or update many people in one transaction (a team-list import)."""
        self._write(lambda: self.store.import_people(self.team_id, people, self.version))
        self._reload()

    def import_adjustments(self, adjustments: Sequence[Adjustment]) -> None:
        self._write(lambda: self.store.import_adjustments(self.team_id, adjustments,
                                                          self.version))
        self._reload()

    def mark_left(self, staff_id: str, last_day: date) -> None:
        self._write(lambda: self.store.mark_left(self.team_id, staff_id, last_day, self.version))
        self._reload()

    def replace_adjustments(self, staff_id: str, adjustments: Sequence[Adjustment]) -> None:
        self._write(lambda: self.store.replace_adjustments(self.team_id, staff_id, adjustments,
                                                           self.version))
        self._reload()

    def save_policy(self, policy: Policy) -> None:
        self._write(lambda: self.store.save_policy(self.team_id, policy, self.version))
        self.draft_policy = None
        self._reload()

    def reload(self) -> None:
        """Read the team again from the store, e.g. after someone else changed it."""
        self._reload()

    def _reload(self) -> None:
        self.version, self.plan = self.store.load_team(self.team_id)
        self._rebuild()

    def _write(self, write: Callable[[], int]) -> None:
        """Run one store write and keep its new version; turn refusals into `WriteRefusedError`."""
        try:
            self.version = write()
        except ConcurrentEditError:
            log.info("team %s was changed elsewhere; reloading", self.team_id)
            self._reload()
            self.write_failed.emit(
                "This team was changed by someone else since you opened it. It has been "
                "reloaded with their changes; please make your change again.", True)
            raise WriteRefusedError from None
        except StorageError as error:
            log.warning("write refused: %s", error)
            self.write_failed.emit(str(error), False)
            raise WriteRefusedError from error
