"""Suggest a fix (Conflicts panel, Ctrl+Shift+F): up to three smallest changes to days already
planned that solve one conflict without creating another error; one is applied with a click
as one undo step.

The search runs on a worker thread from a copy of the saved plan (`FixJob`); the dialog opens
at once and fills in when the suggestions arrive.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from deskplan.domain.conflicts import Conflict
from deskplan.domain.facts import SharedDesks
from deskplan.domain.plan import Plan
from deskplan.planning.fixes import Fix, FixResult, suggest_fixes
from deskplan.ui.store import CellChange

log = logging.getLogger(__name__)


class FixJob(QObject):
    """Runs `suggest_fixes` on a worker thread; the signals arrive on the GUI thread."""

    #: FixResult: the suggestions (maybe none, with the reason).
    finished = Signal(object)
    #: str: a bug stopped the search (the details are in the log).
    failed = Signal(str)

    def __init__(self, plan: Plan, conflict: Conflict, shared: SharedDesks | None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.conflict = conflict
        self.shared = shared
        self.worker = threading.Thread(target=self._run, name="deskplan-fix", daemon=True)

    def start(self) -> None:
        self.worker.start()

    def _run(self) -> None:
        plan = self.plan
        try:
            result = suggest_fixes(plan.people, plan.policy, plan.adjustments, plan.rota,
                                   self.conflict, shared=self.shared,
                                   locked=frozenset(plan.locked))
        except Exception:
            log.exception("suggesting a fix failed")
            self.failed.emit("Looking for a fix failed because of a bug; the details are in "
                             "the log.")
        else:
            self.finished.emit(result)


class FixDialog(QDialog):
    """The conflict, then the suggestions; *Apply* takes the one chosen."""

    def __init__(self, plan: Plan, conflict: Conflict, *, shared: SharedDesks | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Suggest a fix")
        self.conflict = conflict
        self.result_fixes: FixResult | None = None
        heading = QLabel(f"<b>{conflict.message}</b>", self)
        heading.setWordWrap(True)
        self.status = QLabel("Looking for the smallest changes that solve this…", self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("What was found")
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.fixes_list = QListWidget(self)
        self.fixes_list.setAccessibleName("Suggested fixes")
        self.fixes_list.setWordWrap(True)
        self.fixes_list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.buttons = QDialogButtonBox(self)
        self.apply_button = self.buttons.addButton("&Apply this fix",
                                                   QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.apply_button.setEnabled(False)
        self.fixes_list.currentRowChanged.connect(
            lambda row: self.apply_button.setEnabled(row >= 0))
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.status)
        layout.addWidget(self.busy)
        layout.addWidget(self.fixes_list, 1)
        layout.addWidget(self.buttons)
        self.resize(560, 340)
        # No parent: the worker thread keeps the job alive until it is done, even when the
        # dialog is closed (and deleted) first.
        self.job = FixJob(plan, conflict, shared)
        self.job.finished.connect(self._on_finished)
        self.job.failed.connect(self._on_failed)
        self.job.start()

    def _on_finished(self, result: FixResult) -> None:
        self.result_fixes = result
        self.busy.hide()
        for number, fix in enumerate(result.fixes, start=1):
            item = QListWidgetItem(f"{number}. {fix.describe()}", self.fixes_list)
            item.setToolTip(f"{len(fix.changes)} day{'s' if len(fix.changes) != 1 else ''} "
                            "change")
        if result.fixes:
            count = len(result.fixes)
            self.status.setText(f"{count} way{'s' if count != 1 else ''} to solve it without "
                                "creating another error, fewest changes first:")
            self.fixes_list.setCurrentRow(0)
            self.fixes_list.setFocus()
        else:
            self.status.setText(result.note)
            self.fixes_list.hide()

    def _on_failed(self, message: str) -> None:
        self.result_fixes = FixResult((), message)
        self.busy.hide()
        self.status.setText(message)

    def chosen(self) -> Fix | None:
        row = self.fixes_list.currentRow()
        if self.result_fixes is None or not 0 <= row < len(self.result_fixes.fixes):
            return None
        return self.result_fixes.fixes[row]

    def changes(self) -> list[CellChange]:
        fix = self.chosen()
        return [] if fix is None else [(c.staff_id, c.day, c.after) for c in fix.changes]

    def undo_text(self) -> str:
        fix = self.chosen()
        return "Fix: " + (fix.steps[0] if fix and len(fix.steps) == 1 else
                          f"{len(fix.changes) if fix else 0} cells")
