"""Start the planner window on the embedded database (or the one named by the environment)."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from deskplan import __version__
from deskplan.log_file import log_file, start_logging
from deskplan.resources import app_icon_paths
from deskplan.storage.db import Database, resolve_database_url
from deskplan.storage.errors import StorageError
from deskplan.ui.crash import install_crash_handler
from deskplan.ui.db_store import DatabaseStore
from deskplan.ui.main_window import MainWindow
from deskplan.ui.preferences import choose_database_url

log = logging.getLogger(__name__)

#: Milliseconds after which the window closes itself: for smoke tests of a build, not for users.
QUIT_AFTER_VARIABLE = "DESKPLAN_QUIT_AFTER_MS"


def application() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    app.setApplicationName("deskplan")
    app.setOrganizationName("deskplan")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())
    return app


def app_icon() -> QIcon:
    """Every rendered size, so each platform picks a sharp one (title bar, taskbar, dock)."""
    icon = QIcon()
    for path in app_icon_paths().values():
        icon.addFile(str(path))
    return icon


def open_window(db_url: str | None = None, settings: QSettings | None = None) -> MainWindow:
    """The window over the database at `db_url` (default: `resolve_database_url()`).

    Raises StorageError when the database cannot be used (locked, damaged, too new). The window
    closes the database when it is closed.
    """
    database = Database.open(db_url or resolve_database_url())
    store = DatabaseStore(database)
    return MainWindow(store, settings or QSettings(), data_location=store.where,
                      log_location=str(log_file()))


def run(db_url: str | None = None, db_path: Path | None = None) -> int:
    app = application()
    start_logging(log_file())
    install_crash_handler()
    try:
        window = open_window(db_url or choose_database_url(QSettings(), db_path))
    except StorageError as error:
        QMessageBox.critical(None, "deskplan cannot open its database", str(error))
        return 2
    window.show()
    # packaging/build.py smoke-runs the frozen app this way: start, draw, close as a user would.
    quit_after = os.environ.get(QUIT_AFTER_VARIABLE, "").strip()
    if quit_after:
        QTimer.singleShot(int(quit_after), window.close)
    return app.exec()
