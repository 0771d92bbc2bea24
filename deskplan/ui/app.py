"""Start the planner window on the embedded database (or the one named by the environment)."""

from __future__ import annotations

import logging
import os
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Any

from platformdirs import user_log_dir
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from deskplan import __version__
from deskplan.private_files import make_private, open_private_for_append, private_folder
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


def log_file() -> Path:
    """Where the window logs (warnings, and the details of any crash)."""
    return Path(user_log_dir("deskplan", appauthor=False)) / "deskplan.log"


class PrivateRotatingFileHandler(RotatingFileHandler):
    """A rotating log whose every file (the first, and each one after a rollover) is created
    readable by its owner only: a crash report can name people and teams."""

    def _open(self) -> Any:
        return open_private_for_append(Path(self.baseFilename), self.encoding)


def start_logging(path: Path) -> None:
    """Log to a small rotating file, so a crash report can be found after the dialog is gone."""
    try:
        private_folder(path.parent)
        make_private(path)  # a log an older version created with the umask's mode
        handler: logging.Handler = PrivateRotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=2, encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler()  # an unwritable log folder must not stop the app
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)


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
