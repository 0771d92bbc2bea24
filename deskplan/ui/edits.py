"""Undo steps: every change (cells, a person, arrangements, the policy, an import) is one.

`OperationCommand` wraps an operation of `deskplan.storage.operations`: redo saves it (on the
document's database worker) and keeps the operation that undoes it, worked out when it runs;
undo saves that. A change the database refused is taken off the stack again, so the stack
never offers to undo what was never saved.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QAbstractButton, QDialog, QLabel

from deskplan.storage.operations import Operation
from deskplan.ui.document import Outcome, TeamDocument


class OperationCommand(QUndoCommand):
    """One change as one undo step, named by its operation (`Undo Set 12 cells to Office`)."""

    def __init__(self, document: TeamDocument, operation: Operation,
                 done: Callable[[Outcome], None] | None = None, *, report: bool = True) -> None:
        super().__init__(operation.label)
        self.document = document
        self.forward: Operation | None = operation
        self.backward: Operation | None = None
        self.done = done
        self.report = report
        self.refused = False

    def redo(self) -> None:
        self.document.submit(lambda: self.forward, self._redone, report=self.report)

    def undo(self) -> None:
        self.document.submit(lambda: self.backward, self._undone)

    def _redone(self, outcome: Outcome) -> None:
        if self.done is not None:
            done, self.done = self.done, None  # the first run only (not every redo)
            done(outcome)
        if outcome.saved:
            self.backward = outcome.undo
        else:
            self._drop()

    def _undone(self, outcome: Outcome) -> None:
        if outcome.saved:
            self.forward = outcome.undo

    def _drop(self) -> None:
        """Not saved: leave the stack as if this step had never been made (it is the newest
        step: changes made after it were dropped, and taken off, before it)."""
        self.refused = True
        stack = self.document.undo_stack
        if stack.index() > 0 and stack.command(stack.index() - 1) is self:
            self.setObsolete(True)
            stack.undo()  # an obsolete step is deleted, not undone; nothing may follow here


def save_and_close(dialog: QDialog, document: TeamDocument, operation: Operation,
                   error: QLabel) -> None:
    """Save `operation` from a dialog, which stays open (what was typed kept, its buttons
    resting) until it is saved: then it closes; if the database refuses, `error` says why
    and the user can try again or cancel."""
    buttons = dialog.findChildren(QAbstractButton)
    enabled = [b for b in buttons if b.isEnabled()]
    for button in enabled:
        button.setEnabled(False)
    error.setText("Saving…")

    def done(outcome: Outcome) -> None:
        for button in enabled:
            button.setEnabled(True)
        if outcome.saved:
            error.clear()
            dialog.accept()
        else:
            error.setText(f"Not saved: {outcome.error}" if outcome.error else
                          "Not saved.")

    document.perform(operation, done, report=False)
