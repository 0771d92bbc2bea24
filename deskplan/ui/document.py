"""The open team: its plan, its checker, and every write to it.

Every change is an operation (`deskplan.storage.operations`) written by one database worker
thread, never on the GUI thread: a SQLite file locked by another program, or a slow server,
leaves the window responding while the write waits. Operations are written one at a time, in
the order they were made; each is applied to the in-memory plan and re-checked only once it is
saved, so what the window shows is always what is stored. Views listen to the signals and
refresh only what changed (`OpChanges`): cells alone are re-checked incrementally.
"""

from __future__ import annotations

import logging
import queue
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from deskplan.domain.actuals import PLAN, actual_checker
from deskplan.domain.conflicts import RuleId
from deskplan.domain.engine import Checker, Delta, SharedDesks
from deskplan.domain.errors import DeskplanError
from deskplan.domain.model import Adjustment, Cell, Person
from deskplan.domain.plan import Plan
from deskplan.domain.policy import Policy
from deskplan.domain.rota import Rota
from deskplan.planning.preferences import Preference
from deskplan.storage.errors import ConcurrentEditError
from deskplan.storage.operations import OpChanges, Operation, SetActuals, SetCells, Written
from deskplan.ui.store import PlanStore, copy_plan

log = logging.getLogger(__name__)

#: The range to show a team's plan over, given the first and last day it plans (None: an
#: empty rota), chosen before it is checked (a plan wholly in another period opens where it
#: is planned, checked once, not twice).
Placer = Callable[[tuple[date, date] | None], tuple[date, date]]
#: An operation, or what to run when its turn comes (an undo works out its operation only then,
#: after everything made before it has been saved).
Submitted = Operation | Callable[[], Operation | None]


@dataclass
class Outcome:
    """How a submitted operation ended: saved (with the operation that undoes it), or not."""

    saved: bool
    undo: Operation | None = None
    changes: OpChanges = field(default_factory=OpChanges)
    #: Why it was not saved (a message for the user); empty when saved or dropped.
    error: str = ""
    #: Someone else had changed the team: it was reloaded, and the undo history is stale.
    concurrent: bool = False


@dataclass(frozen=True)
class RotaDraft:
    """Cells proposed by the planner, shown in the grid and judged by the engine, never saved
    until accepted (then as one undo step): `cells` the days it sets, `before` what each was
    when it was planned, `summary` its one line ("42 days planned; ..."), `label` the name of
    the undo step it becomes."""

    cells: tuple[tuple[str, date, Cell], ...]
    before: dict[tuple[str, date], Cell]
    summary: str = ""
    label: str = "Plan"
    source: str = "Plan…"

    def __post_init__(self) -> None:
        assert len(self.before) == len(self.cells), "one earlier cell for each drafted one"


@dataclass
class _Job:
    submitted: Submitted
    done: Callable[[Outcome], None] | None
    report: bool
    operation: Operation | None = None
    undo: Operation | None = None


class DatabaseWorker(QObject):
    """The one thread that does the window's database writes, in the order asked; each result
    comes back queued on the GUI thread, so the GUI never waits for the database (a file
    locked by another program, a slow server)."""

    #: object, object: whom to hand the result to, and the result (or the exception raised).
    _finished = Signal(object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs: queue.Queue[tuple[Callable[[], object],
                                      Callable[[object], None]] | None] = queue.Queue()
        self._finished.connect(self._deliver)
        self.worker = threading.Thread(target=self._run, name="deskplan-database", daemon=True)
        self.worker.start()

    def call(self, work: Callable[[], object], then: Callable[[object], None]) -> None:
        """Run `work` on the worker; `then` gets its result, or the exception it raised, on
        the GUI thread."""
        self._jobs.put((work, then))

    def stop(self) -> None:
        """Finish what is in hand and end the thread."""
        self._jobs.put(None)
        self.worker.join()

    def _run(self) -> None:
        while (item := self._jobs.get()) is not None:
            work, then = item
            result: object
            try:
                result = work()
            except DeskplanError as error:  # the user's to fix: said without its trace,
                result = error.with_traceback(None)  # which would keep the session's frames
            except Exception as error:  # handed to the GUI thread, which tells bugs apart
                result = error
            self._finished.emit(then, result)

    @staticmethod
    def _deliver(then: Callable[[object], None], result: object) -> None:
        then(result)


def report_bug(error: BaseException) -> None:
    """An error from the worker that is no user's to fix: the crash dialog, with its trace."""
    sys.excepthook(type(error), error, error.__traceback__)


class TeamDocument(QObject):
    """One team opened in the window, checked over the range the window shows."""

    #: list[tuple[str, date]]: the cells whose status changed (already saved and re-checked).
    cells_changed = Signal(object)
    #: Delta: conflicts removed and added by the last cell edit.
    conflicts_changed = Signal(object)
    #: Delta: other teams' desk use (or whether it is counted) changed, and with it the desk
    #: conflicts; the cells and everything else stand (the footer recounts, lists follow).
    desks_changed = Signal(object)
    #: People, arrangements, policy, range or team changed: views rebuild from scratch.
    reset = Signal()
    #: OpChanges: an operation was saved and shown (after `cells_changed` or `reset`).
    changed = Signal(object)
    #: str, bool: why a write was refused, and whether it was someone else's change (the team
    #: has then been reloaded and the undo history no longer applies).
    write_failed = Signal(str, bool)
    #: bool: whether changes are waiting to be saved (the window says "Saving…").
    busy_changed = Signal(bool)

    def __init__(self, store: PlanStore, team_id: int, first: date, last: date,
                 parent: QObject | None = None, *, undo_stack: QUndoStack | None = None,
                 worker: DatabaseWorker | None = None, placed: Placer | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.team_id = team_id
        #: The months of rota read so far (first and last day), while the rest is still being
        #: read on the worker; None once the whole rota is here.
        self._partial: tuple[date, date] | None = None
        #: The rest of the rota is being read on the worker (writes wait for it).
        self.loading = False
        #: How many times a reader needed the whole plan before the worker had read it (and
        #: it was read at once): a window that only shows the range should never need to.
        self.read_at_once = 0
        self._worker = worker
        self._own_worker = worker is None
        self._when_loaded: list[Callable[[], None]] = []
        self.first, self.last = self._load_part(team_id, first, last, placed)
        self.draft_policy: Policy | None = None
        #: The planner's draft shown in the grid (not saved), and the plan with it applied.
        self.rota_draft: RotaDraft | None = None
        self._drafted_plan: Plan | None = None
        #: What the grid shows: the plan, what actually happened, or where the two differ
        #: (`deskplan.domain.actuals` PLAN, ACTUAL, DIFFERENCES); the actuals are read from
        #: the store when first wanted, and kept in step with every record saved.
        self.layer = PLAN
        self._actuals: Rota | None = None
        #: Desks other teams use (a shared database); `across_teams`: whether they are
        #: counted (True), cannot be (False: a database of one's own), or not known yet.
        self.shared = SharedDesks.none()
        self.across_teams: bool | None = None
        self.checker = self._build_checker()
        #: Where `perform` puts each change as one undo step.
        self.undo_stack = undo_stack or QUndoStack(self)
        #: The window's database worker (or one of its own, started when first needed: a
        #: document that is only read, as in the consistency tests, starts no thread).
        self._queue: list[_Job] = []
        self._running: _Job | None = None
        self._when_idle: list[Callable[[], None]] = []
        self._said_busy = False
        self._begin_rest()

    # --- opening: the range shown first, the rest of the rota on the worker -------------------
    def _load_part(self, team_id: int, first: date, last: date,
                   placed: Placer | None) -> tuple[date, date]:
        """Read the team with the rota of the months a check of `first`..`last` (or of where
        `placed` puts the plan) reads; return the range to show. The rest is read by
        `_read_rest`, on the worker."""
        version, plan, months = self.store.load_part(team_id, first, last)
        if placed is not None:
            planned = plan.rota.planned_span()
            if months is not None and not (planned and planned[0] <= last
                                           and planned[1] >= first):
                planned = self.store.planned_span(team_id)  # nothing shown: where, then?
            wanted = placed(planned)
            if wanted != (first, last):
                first, last = wanted
                version, plan, months = self.store.load_part(team_id, first, last)
        self.team_id, self.version, self._plan, self._partial = team_id, version, plan, months
        return first, last

    def _begin_rest(self) -> None:
        """Writes wait from now until the whole rota is read (`busy`): what they undo and
        whether they change anything is worked out on the whole plan, never on part of it.
        The worker starts reading once the events in hand (the first paint) are handled, so
        that it does not contend with them."""
        if self._partial is None or self.loading:
            return
        self.loading = True
        self._announce_busy()
        QTimer.singleShot(0, self, self._read_rest)

    def _read_rest(self) -> None:
        """Read the whole rota on the worker; `_on_rest` takes it over."""
        if self._partial is None:  # read at once meanwhile: nothing left to read
            self._on_rest(self._plan, None)
            return
        store, team_id, plan = self.store, self.team_id, self._plan

        def read() -> tuple[int, Rota]:
            return store.load_rota(team_id)

        def read_done(result: object) -> None:
            self._on_rest(plan, result)

        self.worker.call(read, read_done)

    def _on_rest(self, plan: Plan, result: object) -> None:
        self.loading = False
        try:
            if plan is not self._plan or self._partial is None or result is None:
                pass  # another team was opened, or the plan was wanted and read at once
            elif isinstance(result, tuple):
                version, rota = result
                if version != self.version:  # changed by someone else meanwhile
                    self._reload()
                else:
                    self._fill_in(rota)
            elif isinstance(result, DeskplanError):
                log.warning("the rest of the team's rota could not be read: %s", result)
                self.write_failed.emit(f"The rest of the team's rota could not be read "
                                       f"({result}); it is read again when needed.", False)
            else:
                assert isinstance(result, BaseException)
                report_bug(result)
        finally:
            loaded, self._when_loaded = self._when_loaded, []
            for then in loaded:
                then()
            self._next()

    def _fill_in(self, rota: Rota) -> None:
        """Take the whole `rota` over into the plan's own rota object (the one the checker
        reads). Nothing was saved since the part was read (writes wait for this, and the
        version is the same), so the days read already are the same in both."""
        self._partial = None
        self._plan.rota.adopt(rota)

    def _complete_now(self) -> None:
        """Someone needs the whole plan before the worker has read the rest: read it here."""
        self.read_at_once += 1
        version, rota = self.store.load_rota(self.team_id)
        if version != self.version:
            self._reload()
        else:
            self._fill_in(rota)

    @property
    def plan(self) -> Plan:
        """The whole plan as saved (read at once if the worker has not yet read all of it)."""
        if self._partial is not None:
            self._complete_now()
        return self._plan

    @property
    def policy_saved(self) -> Policy:
        """The team's saved policy (whatever a what-if shows)."""
        return self._plan.policy

    @property
    def people(self) -> list[Person]:
        return self._plan.people

    @property
    def name(self) -> str:
        return self._plan.name

    @property
    def adjustments(self) -> list[Adjustment]:
        return self._plan.adjustments

    @property
    def locked(self) -> set[tuple[str, date]]:
        return self._plan.locked

    def when_loaded(self, then: Callable[[], None]) -> None:
        """Run `then` once the whole rota is read (at once, if it is)."""
        if self.loading:
            self._when_loaded.append(then)
        else:
            then()

    def _covers(self, first: date, last: date) -> bool:
        return self._partial is None or (self._partial[0] <= first
                                         and last <= self._partial[1])

    # --- reading ------------------------------------------------------------------------------
    @property
    def policy(self) -> Policy:
        """The policy the grid is judged by: the what-if draft when one is applied."""
        return self.draft_policy or self._plan.policy

    @property
    def shown_plan(self) -> Plan:
        """What the grid shows and the checker judges: the saved plan, with the planner's
        draft applied while one is shown; what happened, in the actual and differences views."""
        if self.layer != PLAN:
            plan = self._plan
            return Plan(people=plan.people, rota=self.actuals, policy=plan.policy,
                        adjustments=plan.adjustments, name=plan.name, locked=plan.locked)
        return self._drafted_plan or self._plan

    @property
    def actuals(self) -> Rota:
        """What actually happened (the window's copy: every record saved is applied to it)."""
        if self._actuals is None:
            self._actuals = self.store.load_actuals(self.team_id)
        return self._actuals

    def set_layer(self, layer: str) -> None:
        """Show the plan, what happened, or the differences; the checker judges what is shown
        (in the actual views: the actuals, as `deskplan check --actuals` does)."""
        if layer != self.layer:
            self.layer = layer
            self._rebuild()

    def cell(self, staff_id: str, day: date) -> Cell:
        """The saved cell (never the draft's: edits and dialogs work on what is stored)."""
        plan = self._plan if self._covers(day, day) else self.plan
        return plan.rota.cell(staff_id, day)

    def people_short(self, policy: Policy | None = None) -> list[str]:
        """Names of the people who cannot meet the minimum in a period shown, under `policy`
        (default: the policy the grid is judged by). The checker decides which conflicts
        belong to the range (see `deskplan.domain.engine`), so the window, the exports and
        `deskplan check` agree."""
        checker = self.checker if policy is None or policy is self.policy else \
            self.plan.checker(self.first, self.last, policy=policy)
        short = {c.staff_id for c in checker.conflicts if c.rule is RuleId.BELOW_MINIMUM}
        return sorted((p.name for p in self._plan.people if p.staff_id in short),
                      key=str.casefold)

    def future_rule_start(self, policy: Policy) -> date | None:
        """The first day after the range shown on which one of `policy`'s rules starts (a
        what-if "80% from 1 April"), if any."""
        later = [r.starts for r in policy.rules if r.starts and r.starts > self.last]
        return min(later) if later else None

    def people_short_from(self, day: date, policy: Policy, weeks: int = 4) -> list[str]:
        """Names of the people who cannot meet the minimum under `policy` in the periods of
        the `weeks` weeks from `day` (what a future rule would do, judged like the grid)."""
        checker = self.plan.checker(day, day + timedelta(weeks=weeks, days=-1), policy=policy,
                                    shared=self.shared)
        short = {c.staff_id for c in checker.conflicts if c.rule is RuleId.BELOW_MINIMUM}
        return sorted((p.name for p in self._plan.people if p.staff_id in short),
                      key=str.casefold)

    def person(self, staff_id: str) -> Person:
        return next(p for p in self._plan.people if p.staff_id == staff_id)

    def adjustments_of(self, staff_id: str) -> list[Adjustment]:
        return [a for a in self._plan.adjustments if a.staff_id == staff_id]

    def open_team(self, team_id: int, placed: Placer | None = None) -> None:
        """Show another team of the same store (over the range `placed` chooses for its plan,
        if given, else the same range). A StorageError (the database cannot be read) leaves
        the team shown as it was. Call only when idle (`when_idle`)."""
        assert not self.busy, "a team is opened only once its changes are saved"
        self.first, self.last = self._load_part(team_id, self.first, self.last, placed)
        self.draft_policy = None
        self.rota_draft = None  # a draft belongs to the team it was planned for
        self._actuals = None
        self._rebuild()
        self._begin_rest()

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

    def set_rota_draft(self, draft: RotaDraft | None) -> None:
        """Show the planner's `draft` in the grid, judged by the engine like a saved plan,
        without saving it; None shows the saved plan again."""
        self.rota_draft = draft
        self._rebuild()

    def _build_checker(self) -> Checker:
        """The one verdict on the range shown, under the draft policy when one is tried, of
        the plan with the planner's draft when one is shown: the grid's working days,
        summaries and footer read it as much as the Conflicts panel."""
        self._drafted_plan = None
        if self.rota_draft is not None:
            drafted = copy_plan(self.plan)  # (a draft is planned on the whole plan)
            for staff_id, day, cell in self.rota_draft.cells:
                drafted.rota.set_cell(staff_id, day, cell)
            self._drafted_plan = drafted
        if self.layer != PLAN:  # what happened: no other team's plan shares these desks
            plan = self._plan
            return actual_checker(plan.people, self.policy, plan.adjustments, self.actuals,
                                  self.first, self.last)
        checker = self.shown_plan.checker(self.first, self.last, policy=self.policy,
                                          shared=self.shared)
        if not self._covers(checker.facts.first, checker.facts.last):
            # Another range or policy reads days not read yet: read them all now, and judge
            # the whole plan (never months left empty).
            self._complete_now()
            checker = self.shown_plan.checker(self.first, self.last, policy=self.policy,
                                              shared=self.shared)
        return checker

    def set_shared(self, shared: SharedDesks, *, across_teams: bool) -> None:
        """Other teams' desk use at this team's sites: the desk rule counts it too. It
        reaches nothing else, so only the desk rule is judged again (not a rebuild: this
        comes a moment after every team is opened)."""
        if shared == self.shared and across_teams == self.across_teams:
            return
        counted = shared != self.shared and self.layer == PLAN  # what happened: team alone
        self.shared, self.across_teams = shared, across_teams
        delta = self.checker.share_desks(shared) if counted else Delta((), ())
        self.desks_changed.emit(delta)

    def _rebuild(self) -> None:
        self.checker = self._build_checker()
        self.reset.emit()

    # --- writing ------------------------------------------------------------------------------
    @property
    def writing(self) -> bool:
        """Whether a change is waiting to be saved or being saved."""
        return self._running is not None or bool(self._queue)

    @property
    def busy(self) -> bool:
        """Whether a change is waiting to be saved or being saved, or the rest of the rota
        is still being read (changes wait for it)."""
        return self._running is not None or bool(self._queue) or self.loading

    def perform(self, operation: Operation,
                done: Callable[[Outcome], None] | None = None, *, report: bool = True) -> None:
        """Make `operation` one undo step: saved (on the worker), then shown. `done` hears
        how it ended; `report` False leaves telling the user of a refusal to the caller (a
        dialog that stays open with what was typed)."""
        from deskplan.ui.edits import OperationCommand

        self.undo_stack.push(OperationCommand(self, operation, done, report=report))

    def preferences(self) -> dict[str, Preference]:
        """Standing preferences by staff id, read from the store when asked (the planner and
        the person form are their only readers)."""
        return self.store.load_preferences(self.team_id)

    def submit(self, submitted: Submitted, done: Callable[[Outcome], None] | None = None,
               *, report: bool = True) -> None:
        """Queue an operation to save and show; its turn comes after every earlier one."""
        self._queue.append(_Job(submitted, done, report))
        # Said before the worker starts: the status bar's relabelling would otherwise take
        # turns with the save for the interpreter while it waits for it.
        self._announce_busy()
        if self._running is None:
            self._next()

    def _announce_busy(self) -> None:
        if self.busy and not self._said_busy:
            self._said_busy = True
            self.busy_changed.emit(True)

    def when_idle(self, then: Callable[[], None]) -> None:
        """Run `then` once every queued change is saved (at once, if none is waiting)."""
        if self.busy:
            self._when_idle.append(then)
        else:
            then()

    def reload(self) -> None:
        """Read the team again from the store, e.g. after someone else changed it. Call only
        when idle (`when_idle`)."""
        assert not self.busy, "the team is read again only once its changes are saved"
        self._reload()

    @property
    def worker(self) -> DatabaseWorker:
        if self._worker is None:
            self._worker = DatabaseWorker(self)
        return self._worker

    def close(self) -> None:
        """Stop a worker of its own, after the write in hand (the window is closing)."""
        if self._own_worker and self._worker is not None:
            self._worker.stop()
            self._worker = None

    def _next(self) -> None:
        """Start the next queued operation: work out what it is and what undoes it from the
        plan as it now is (every earlier change is applied), then hand it to the worker.
        While the rest of the rota is being read, nothing starts: that comes first."""
        if self.loading:
            return
        while self._queue:
            job = self._queue.pop(0)
            try:
                submitted = job.submitted
                operation = submitted() if callable(submitted) else submitted
                if isinstance(operation, SetCells):
                    operation = operation.without_no_ops(self._plan)
                if isinstance(operation, SetActuals):  # its undo: what is recorded now
                    operation = operation.with_before(self.actuals)
                if operation is None or (isinstance(operation, SetCells)
                                         and not operation.changes):
                    self._finish(job, Outcome(True, operation))
                    continue
                job.operation, job.undo = operation, operation.inverse(self._plan)
            except Exception as error:  # a bug: said, and the queue goes on
                self._finish(job, Outcome(False))
                report_bug(error)
                continue
            self._start(job, operation)
            return
        self._running = None
        if self._said_busy:
            self._said_busy = False
            self.busy_changed.emit(False)
        idle, self._when_idle = self._when_idle, []
        for then in idle:
            then()

    def _start(self, job: _Job, operation: Operation) -> None:
        self._running = job
        store, team_id, version = self.store, self.team_id, self.version

        def write() -> Written:
            return store.write(team_id, operation, version)

        def written(result: object) -> None:
            self._on_written(job, result)

        self.worker.call(write, written)

    def _on_written(self, job: _Job, result: object) -> None:
        assert job is self._running
        assert job.operation is not None
        try:
            if isinstance(result, Written):
                self.version = result.version
                changes = job.operation.apply(self._plan)
                if isinstance(job.operation, SetActuals):
                    job.operation.apply_to(self.actuals)
                self._show(changes)
                self._finish(job, Outcome(True, job.undo, changes))
            else:
                self._refused(job, result)
        finally:  # whatever a view did with the news, the next change gets its turn
            self._next()

    def _show(self, changes: OpChanges) -> None:
        if changes.policy:
            self.draft_policy = None  # a saved policy (or its undo) ends any what-if
        if changes.only_cells and self.rota_draft is None and self.layer == PLAN:
            delta = self.checker.recheck(list(changes.cells))
            self.cells_changed.emit(list(changes.cells))
            self.conflicts_changed.emit(delta)
        else:
            self._rebuild()
        self.changed.emit(changes)

    def _refused(self, job: _Job, error: object) -> None:
        """Nothing was saved: drop what was queued after it too (it was made on top of it)."""
        dropped, self._queue = self._queue, []
        if isinstance(error, ConcurrentEditError):
            log.info("team %s was changed elsewhere; reloading", self.team_id)
            message = ("This team was changed by someone else since you opened it. It has "
                       "been reloaded with their changes; please make your change again.")
            try:
                self._reload()
            except DeskplanError as reload_error:
                message += f" (Reading it again failed too: {reload_error})"
            outcome = Outcome(False, error=message, concurrent=True)
        elif isinstance(error, DeskplanError):
            log.warning("write refused: %s", error)
            outcome = Outcome(False, error=str(error))
        else:  # a bug: the crash dialog, with the worker's traceback
            assert isinstance(error, BaseException)
            outcome = Outcome(False)
            report_bug(error)
        for later in reversed(dropped):  # the newest first, as the undo stack unwinds
            self._finish(later, Outcome(False))
        self._finish(job, outcome)
        if outcome.error and (outcome.concurrent or job.report):
            self.write_failed.emit(outcome.error, outcome.concurrent)

    @staticmethod
    def _finish(job: _Job, outcome: Outcome) -> None:
        if job.done is not None:
            job.done(outcome)

    def _reload(self) -> None:
        self.version, self._plan = self.store.load_team(self.team_id)
        self._partial = None  # the whole plan
        self._actuals = None  # read again too, when wanted
        self._rebuild()
