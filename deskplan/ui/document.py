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

from deskplan.domain.conflicts import RuleId
from deskplan.domain.engine import Checker, Delta, SharedDesks
from deskplan.domain.model import Adjustment, Cell, Person, as_cell
from deskplan.domain.policy import Policy
from deskplan.planning.preferences import Preference
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
        #: Desks other teams use (a shared database); `across_teams`: whether they are
        #: counted (True), cannot be (False: a database of one's own), or not known yet.
        self.shared = SharedDesks.none()
        self.across_teams: bool | None = None
        self.checker = self._build_checker()

    # --- reading ------------------------------------------------------------------------------
    @property
    def policy(self) -> Policy:
        """The policy the grid is judged by: the what-if draft when one is applied."""
        return self.draft_policy or self.plan.policy

    def cell(self, staff_id: str, day: date) -> Cell:
        return self.plan.rota.cell(staff_id, day)

    def people_short(self, policy: Policy | None = None) -> list[str]:
        """Names of the people who cannot meet the minimum in a period shown, under `policy`
        (default: the policy the grid is judged by). The checker decides which conflicts
        belong to the range (see `deskplan.domain.engine`), so the window, the exports and
        `deskplan check` agree."""
        checker = self.checker if policy is None or policy is self.policy else \
            self.plan.checker(self.first, self.last, policy=policy)
        short = {c.staff_id for c in checker.conflicts if c.rule is RuleId.BELOW_MINIMUM}
        return sorted((p.name for p in self.plan.people if p.staff_id in short), key=str.casefold)

    def person(self, staff_id: str) -> Person:
        return next(p for p in self.plan.people if p.staff_id == staff_id)

    def adjustments_of(self, staff_id: str) -> list[Adjustment]:
        return [a for a in self.plan.adjustments if a.staff_id == staff_id]

    def open_team(self, team_id: int) -> None:
        """Show another team of the same store. A StorageError (the database cannot be read)
        leaves the team shown as it was."""
        version, plan = self.store.load_team(team_id)
        self.team_id, self.version, self.plan = team_id, version, plan
        self.draft_policy = None
        self._rebuild()

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
        """The one verdict on the range shown, under the draft policy when one is tried: the
        grid's working days, summaries and footer read it as much as the Conflicts panel."""
        return self.plan.checker(self.first, self.last, policy=self.policy, shared=self.shared)

    def set_shared(self, shared: SharedDesks, *, across_teams: bool) -> None:
        """Other teams' desk use at this team's sites: the desk rule counts it too."""
        if shared == self.shared and across_teams == self.across_teams:
            return
        self.shared, self.across_teams = shared, across_teams
        self._rebuild()

    def _rebuild(self) -> None:
        self.checker = self._build_checker()
        self.reset.emit()

    # --- writing ------------------------------------------------------------------------------
    def apply_cells(self, changes: Sequence[CellChange]) -> Delta:
        """Save `changes` in one transaction, then show them; return how the conflicts moved.

        Raises whatever the store raises (nothing is changed in memory in that case).
        """
        wanted = [(staff_id, day, as_cell(value)) for staff_id, day, value in changes
                  if self.cell(staff_id, day) != as_cell(value)]
        if not wanted:
            return Delta((), ())
        self._write(lambda: self.store.save_cells(self.team_id, wanted, self.version))
        for staff_id, day, cell in wanted:
            self.plan.rota.set_cell(staff_id, day, cell)
        cells = [(staff_id, day) for staff_id, day, _ in wanted]
        delta = self.checker.recheck(cells)
        self.cells_changed.emit(cells)
        self.conflicts_changed.emit(delta)
        return delta

    def save_person(self, person: Person) -> None:
        self._write(lambda: self.store.save_person(self.team_id, person, self.version))
        self._reload()

    def preferences(self) -> dict[str, Preference]:
        """Standing preferences by staff id, read from the store when asked (the planner and
        the person form are their only readers)."""
        return self.store.load_preferences(self.team_id)

    def save_preferences(self, preferences: Sequence[Preference]) -> None:
        self._write(lambda: self.store.save_preferences(self.team_id, preferences,
                                                        self.version))

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
