"""Unexpected errors: logged, and shown in a dialog whose details can be copied into a report.

Every edit is saved when it is made, so a crash loses nothing the user did; the dialog says so.
A `DeskplanError` that reaches the hook without a handler of its own (a damaged database met
while switching teams, say) is still the user's to fix, not a bug: it gets a plain dialog with
its message, never the crash dialog.
"""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from deskplan import __version__
from deskplan.domain.errors import DeskplanError

log = logging.getLogger(__name__)


def crash_details(kind: type[BaseException], error: BaseException,
                  trace: TracebackType | None) -> str:
    lines = traceback.format_exception(kind, error, trace)
    return f"deskplan {__version__}, Python {sys.version.split()[0]}\n\n" + "".join(lines)


def show_crash_dialog(details: str, parent: QWidget | None = None) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Critical, "deskplan hit a bug",
                      "Something unexpected went wrong. Your edits so far are saved.\n\n"
                      "Please send the details below to whoever looks after deskplan.",
                      QMessageBox.StandardButton.Ok, parent)
    box.setDetailedText(details)
    copy = box.addButton("Copy details", QMessageBox.ButtonRole.ActionRole)
    copy.clicked.disconnect()
    copy.clicked.connect(lambda: QApplication.clipboard().setText(details))
    box.open()
    return box


def show_problem_dialog(message: str, parent: QWidget | None = None) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Warning, "deskplan", message,
                      QMessageBox.StandardButton.Ok, parent)
    box.open()
    return box


def install_crash_handler() -> None:
    """Route uncaught exceptions (including those raised in Qt slots) to the crash dialog."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException,
             trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, error, trace)
            return
        if issubclass(kind, DeskplanError):
            log.warning("%s", error)
            if QApplication.instance() is not None:
                show_problem_dialog(str(error), QApplication.activeWindow())
            return
        details = crash_details(kind, error, trace)
        log.error("unexpected error\n%s", details)
        if QApplication.instance() is not None:
            show_crash_dialog(details, QApplication.activeWindow())

    sys.excepthook = hook
