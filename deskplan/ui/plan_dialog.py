"""Plan… (Ctrl+Shift+P): the planner fills the unplanned working days of a range.

The search runs on a worker thread (`PlanJob`), from a copy of the saved plan, so the window
stays responsive; progress arrives as queued signals, and *Stop* ends the search with the
best plan found so far. The result is a draft listed in the dialog: what it changes, the
summary, and — when no plan meets every rule — why, and what the best plan breaks. *Show in
the grid* hands the draft to the window, which draws it in the main grid (changed cells
marked, the counts judged with it) with a bar to *Accept* it (one undo step, saved) or
*Discard* it; *Discard* here drops it at once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from html import escape
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from deskplan.domain.calendar import describe_day
from deskplan.domain.engine import Checker
from deskplan.domain.errors import DeskplanError
from deskplan.domain.facts import SharedDesks
from deskplan.domain.model import WEEKDAY_NAMES
from deskplan.domain.plan import Plan
from deskplan.interchange.limits import describe_error
from deskplan.interchange.plan_files import read_table
from deskplan.interchange.preferences_file import read_preferences
from deskplan.planning.planner import (
    Outcome,
    PlanRequest,
    PlanResult,
    describe_change,
    plan_rota,
)
from deskplan.planning.preferences import Preference
from deskplan.planning.solver import Control, Progress
from deskplan.ui.inputs import DateBox
from deskplan.ui.store import CellChange

log = logging.getLogger(__name__)

#: How far ahead the default range looks for the first week with a day still to plan.
LOOK_AHEAD_WEEKS = 26
DEFAULT_WEEKS = 4


def next_unplanned_weeks(plan: Plan, today: date, weeks: int = DEFAULT_WEEKS
                         ) -> tuple[date, date]:
    """From the Monday of the first week (this one or later) with a working day nobody has
    planned, `weeks` weeks to their Sunday; this week onwards when every day is planned."""
    monday = today - timedelta(days=today.weekday())
    last = monday + timedelta(weeks=LOOK_AHEAD_WEEKS, days=-1)
    checker = Checker(plan.people, plan.policy, plan.adjustments, plan.rota, monday, last)
    ids = [p.staff_id for p in checker.people]
    start = monday
    if ids:
        working = checker.working(ids, monday, last)
        open_days = working & (plan.rota.matrix(ids, monday, last) == 0)
        columns = open_days.any(axis=0).nonzero()[0]
        if len(columns):
            first_open = monday + timedelta(days=int(columns[0]))
            start = first_open - timedelta(days=first_open.weekday())
    return start, start + timedelta(weeks=weeks, days=-1)


class PlanJob(QObject):
    """Runs `plan_rota` on a worker thread; the signals arrive on the GUI thread (queued)."""

    #: Progress: what the search has found so far.
    progressed = Signal(object)
    #: PlanResult: the answer (also after *Stop*).
    finished = Signal(object)
    #: str: why there is no answer (a bug; the details are in the log).
    failed = Signal(str)

    def __init__(self, request: PlanRequest, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.request = request
        self.control = Control()
        self.worker = threading.Thread(target=self._run, name="deskplan-plan", daemon=True)

    def start(self) -> None:
        self.worker.start()

    def stop(self) -> None:
        self.control.stop()

    def _run(self) -> None:
        try:
            result = plan_rota(self.request, progress=self.progressed.emit,
                               control=self.control)
        except Exception:
            log.exception("planning failed")
            self.failed.emit("Planning failed because of a bug; the details are in the log.")
        else:
            self.finished.emit(result)


class PlanDialog(QDialog):
    """Choose the days and the people, plan, look at the draft, accept or discard it.

    The dialog is accepted only with a draft: the window then shows `changes()` in the grid
    as a draft to accept (one undo step) or discard."""

    def __init__(self, plan: Plan, selected: Sequence[str], first: date, last: date, *,
                 shared: SharedDesks | None = None,
                 preferences: Mapping[str, Preference] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Plan the rota")
        self.plan = plan
        self.shared = shared
        self.selected = tuple(selected)
        self.job: PlanJob | None = None
        self.result_plan: PlanResult | None = None
        self.from_box = DateBox(first, self, name="First day to plan")
        self.to_box = DateBox(last, self, name="Last day to plan")
        self.selected_button = QRadioButton(
            f"The selected people ({len(self.selected)})", self)
        self.everyone_button = QRadioButton(f"Everyone ({len(plan.people)})", self)
        self.selected_button.setEnabled(bool(self.selected))
        (self.selected_button if self.selected else self.everyone_button).setChecked(True)
        self.replan_box = QCheckBox("Re-plan days already set as office or home", self)
        self.replan_box.setToolTip("Leave, sickness, training and business days, and days "
                                   "locked in the grid (Ctrl+L), are always kept.")
        self.team_day_boxes: list[QCheckBox] = []
        team_days = QHBoxLayout()
        for name in WEEKDAY_NAMES[:5]:
            box = QCheckBox(name, self)
            box.setToolTip("A team day: everyone is planned in where the rules allow, as on "
                           "the policy's anchor days")
            self.team_day_boxes.append(box)
            team_days.addWidget(box)
        team_days.addStretch(1)
        #: Standing preferences by staff id (soft), read from a file (`read_preferences_file`).
        self.preferences: dict[str, Preference] = dict(preferences or {})
        self.preferences_button = QPushButton("&Read preferences from a file…", self)
        self.preferences_button.setToolTip(
            "A team list or preferences file with columns such as 'usual office days', "
            "'prefers home' or 'cannot come in'")
        self.preferences_button.clicked.connect(self.choose_preferences_file)
        stored = len(self.preferences)
        self.preferences_label = QLabel(
            f"{stored} {'person' if stored == 1 else 'people'}'s preferences, as recorded in "
            "the People editor." if stored else "No standing preferences.", self)
        self.preferences_label.setWordWrap(True)
        self.preferences_label.setAccessibleName("Standing preferences")
        self.time_box = QSpinBox(self)
        self.time_box.setRange(1, 600)
        self.time_box.setValue(10)
        self.time_box.setSuffix(" s")
        self.time_box.setAccessibleName("Longest time to search")
        form = QFormLayout()
        dates = QHBoxLayout()
        dates.addWidget(self.from_box)
        dates.addWidget(QLabel("to", self))
        dates.addWidget(self.to_box)
        days_label = QLabel("&Days:", self)
        days_label.setBuddy(self.from_box)
        form.addRow(days_label, dates)
        people = QVBoxLayout()
        people.addWidget(self.selected_button)
        people.addWidget(self.everyone_button)
        form.addRow("People:", people)
        form.addRow("", self.replan_box)
        form.addRow("Team days:", team_days)
        wishes = QHBoxLayout()
        wishes.addWidget(self.preferences_button)
        wishes.addWidget(self.preferences_label, 1)
        form.addRow("Preferences:", wishes)
        form.addRow("Search for at most:", self.time_box)
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setRange(0, 0)  # busy: CP-SAT cannot say how far it has to go
        self.progress_bar.setTextVisible(False)
        self.progress_bar.hide()
        self.progress_label = QLabel(self)
        self.progress_label.setWordWrap(True)
        self.progress_label.setAccessibleName("Planning progress")
        self.report = QTextBrowser(self)
        self.report.setAccessibleName("What the plan does")
        self.report.setMinimumHeight(90)
        self.changes_list = QListWidget(self)
        self.changes_list.setAccessibleName("Days the plan sets")
        self.changes_label = QLabel("Days the plan sets:", self)
        self.changes_label.setBuddy(self.changes_list)
        self.plan_button = QPushButton("&Plan", self)
        self.plan_button.setDefault(True)
        self.plan_button.clicked.connect(self.start)
        self.stop_button = QPushButton("&Stop", self)
        self.stop_button.setToolTip("Stop searching and keep the best plan found so far")
        self.stop_button.clicked.connect(self.stop)
        self.accept_button = QPushButton("&Show in the grid", self)
        self.accept_button.setToolTip("Show the draft in the main grid, each day it sets "
                                      "marked, to accept (one step, Ctrl+Z undoes it) or "
                                      "discard there")
        self.accept_button.clicked.connect(self.accept)
        self.discard_button = QPushButton("&Discard", self)
        self.discard_button.clicked.connect(self.discard)
        self.close_button = QPushButton("Close", self)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (self.plan_button, self.stop_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.accept_button, self.discard_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.report, 1)
        layout.addWidget(self.changes_label)
        layout.addWidget(self.changes_list, 1)
        layout.addLayout(buttons)
        self.resize(720, 620)
        self._show_state()

    # --- planning -----------------------------------------------------------------------------
    def request(self) -> PlanRequest:
        first, last = self.from_box.date(), self.to_box.date()
        staff_ids = (frozenset(self.selected) if self.selected_button.isChecked()
                     else None)
        return PlanRequest(self.plan.people, self.plan.policy, self.plan.adjustments,
                           self.plan.rota, first, last, staff_ids=staff_ids,
                           replan=self.replan_box.isChecked(), shared=self.shared,
                           locked=frozenset(self.plan.locked),
                           team_days=frozenset(d for d, box in enumerate(self.team_day_boxes)
                                               if box.isChecked()),
                           preferences=self.preferences,
                           time_limit=float(self.time_box.value()))

    def choose_preferences_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Read standing preferences", "",
            "Team lists and preferences (*.csv *.txt *.xlsx *.xls *.ods);;All files (*)")
        if path:
            self.read_preferences_file(Path(path))

    def read_preferences_file(self, path: Path) -> bool:
        """Take the preferences of `path` (a small file, read at once); a file with any
        problem changes nothing and the label says what is wrong, with its row and column."""
        try:
            found = read_preferences(read_table(path), {p.staff_id for p in self.plan.people})
        except DeskplanError as error:
            self.preferences_label.setText(f"{path.name} was not read: {describe_error(error)}")
            return False
        self.preferences = found
        count = len(found)
        self.preferences_label.setText(
            f"{count} {'person' if count == 1 else 'people'}'s preferences from {path.name}.")
        return True

    def start(self) -> PlanJob | None:
        """Plan on a worker thread; the draft replaces any earlier one."""
        if self.job is not None:
            return None
        problem = self.from_box.problem() or self.to_box.problem()
        if problem is None and self.to_box.date() < self.from_box.date():
            problem = "The last day is before the first."
        if problem is not None:
            self.progress_label.setText(problem)
            return None
        self.result_plan = None
        self.report.clear()
        self.changes_list.clear()
        # No parent: the worker thread keeps the job alive until it is done, even when the
        # dialog is closed (and deleted) first; closing stops the search.
        job = PlanJob(self.request())
        job.progressed.connect(self._on_progress)
        job.finished.connect(self._on_finished)
        job.failed.connect(self._on_failed)
        self.job = job
        self.progress_label.setText("Planning…")
        self._show_state()
        job.start()
        return job

    def stop(self) -> None:
        if self.job is not None:
            self.progress_label.setText("Stopping: keeping the best plan found so far…")
            self.job.stop()

    def _on_progress(self, progress: Progress) -> None:
        if self.job is None:
            return
        what = {"planning": "Planning", "explaining": "No plan meets every rule; finding why",
                "relaxing": "Finding the plan that breaks the fewest rules"}.get(
                    progress.phase, "Planning")
        found = ("" if progress.phase == "explaining" else
                 f"; {progress.solutions} plan{'s' if progress.solutions != 1 else ''} found")
        self.progress_label.setText(f"{what}… {progress.seconds:.1f} s{found}")

    def _on_finished(self, result: PlanResult) -> None:
        self._end_job()
        self.result_plan = result
        self.progress_label.setText(_search_line(result))
        self.report.setHtml(_report_html(result))
        names = result.names
        for change in sorted(result.changes, key=lambda c: (
                names.get(c.staff_id, c.staff_id), c.day)):
            self.changes_list.addItem(describe_change(
                change, names.get(change.staff_id, change.staff_id)))
        self.changes_label.setText(
            f"Days the plan sets ({len(result.changes)} cells):" if result.changes
            else "The plan sets no day.")
        self._show_state()

    def _on_failed(self, message: str) -> None:
        self._end_job()
        self.progress_label.setText(message)
        self._show_state()

    def _end_job(self) -> None:
        self.job = None

    def discard(self) -> None:
        self.result_plan = None
        self.report.clear()
        self.changes_list.clear()
        self.changes_label.setText("Days the plan sets:")
        self.progress_label.setText("The draft was discarded; nothing changed.")
        self._show_state()

    def changes(self) -> list[CellChange]:
        """The draft's cells, for the window to apply as one step."""
        if self.result_plan is None:
            return []
        return [(c.staff_id, c.day, c.after) for c in self.result_plan.changes]

    def undo_text(self) -> str:
        result = self.result_plan
        request = result.request if result is not None else self.request()
        return (f"Plan {describe_day(request.first)} to {describe_day(request.last)}"
                f" ({len(self.changes())} cells)")

    def _show_state(self) -> None:
        running = self.job is not None
        drafted = self.result_plan is not None and bool(self.result_plan.changes)
        self.progress_bar.setVisible(running)
        self.plan_button.setEnabled(not running)
        self.stop_button.setEnabled(running)
        self.accept_button.setEnabled(drafted and not running)
        self.discard_button.setEnabled(self.result_plan is not None and not running)
        for widget in (self.from_box, self.to_box, self.selected_button,
                       self.everyone_button, self.replan_box, self.time_box,
                       *self.team_day_boxes):
            widget.setEnabled(not running and (widget is not self.selected_button
                                               or bool(self.selected)))

    def reject(self) -> None:
        """Closing stops a search still running; nothing is applied."""
        if self.job is not None:
            self.job.stop()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.job is not None:
            self.job.stop()
        super().closeEvent(event)


def _search_line(result: PlanResult) -> str:
    if result.outcome is Outcome.OPTIMAL:
        how = "the best plan (proved optimal)"
    elif result.outcome is Outcome.FEASIBLE:
        gap = result.gap
        how = ("the best plan found in the time" +
               (f", within {gap:.0%} of the best possible" if gap is not None else ""))
    elif result.outcome is Outcome.INFEASIBLE and result.checker is None:
        how = "no plan meets every rule, and none was found in the time"
    elif result.outcome is Outcome.INFEASIBLE:
        how = "no plan meets every rule; this is the one that breaks the fewest"
    else:
        how = "no plan"
    stopped = " (stopped)" if result.stopped else ""
    return f"Done in {result.seconds:.1f} s{stopped}: {how}."


def _report_html(result: PlanResult) -> str:
    parts = [f"<p><b>{escape(result.summary())}</b></p>"]
    if result.reasons:
        parts.append("<p>Why no plan meets every rule:</p><ul>")
        parts += [f"<li>{escape(r.sentence())}</li>" for r in result.reasons]
        parts.append("</ul>")
    if result.errors:
        title = ("This plan breaks:" if not result.outcome.meets_rules
                 else "Errors the plan leaves:")
        parts.append(f"<p>{title}</p><ul>")
        parts += [f"<li>✖ {escape(c.message)}</li>" for c in result.errors]
        parts.append("</ul>")
    return "".join(parts)


__all__ = ["PlanDialog", "PlanJob", "next_unplanned_weeks"]
