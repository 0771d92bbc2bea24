"""Start the planner window on the embedded database (or the one named by the environment)."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QLocale, QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from deskplan import __version__
from deskplan.log_file import log_file, start_logging
from deskplan.resources import app_icon_paths
from deskplan.storage.errors import StorageError
from deskplan.ui.crash import install_crash_handler
from deskplan.ui.first_paint import first_paint_store, open_after_first_paint
from deskplan.ui.main_window import MainWindow
from deskplan.ui.preferences import choose_database_url

log = logging.getLogger(__name__)

#: Milliseconds after which the window closes itself: for smoke tests of a build, not for users.
QUIT_AFTER_VARIABLE = "DESKPLAN_QUIT_AFTER_MS"
CANNOT_OPEN = "deskplan cannot open its database"


def application() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    app.setApplicationName("deskplan")
    app.setOrganizationName("deskplan")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())
    if QLocale.system().language() is QLocale.Language.C:
        # No locale configured (a bare Linux session, LANG=C): Qt's own widgets, its file
        # dialog among them, would write dates "1 12 2026"; write them the UK way, as the
        # rest of the app does.
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    return app


def app_icon() -> QIcon:
    """Every rendered size, so each platform picks a sharp one (title bar, taskbar, dock)."""
    icon = QIcon()
    for path in app_icon_paths().values():
        icon.addFile(str(path))
    return icon


def open_window(db_url: str | None = None, settings: QSettings | None = None, *,
                allow_empty_file: bool = False) -> MainWindow:
    """The window over the database at `db_url` (default: `resolve_database_url()`).

    Raises StorageError when the database cannot be used (locked, damaged, too new), and
    EmptyDatabaseFileError for a zero-byte file unless `allow_empty_file`. The window closes
    the database when it is closed.
    """
    from deskplan.storage.db import Database, resolve_database_url
    from deskplan.ui.db_store import DatabaseStore

    database = Database.open(db_url or resolve_database_url(), allow_empty_file=allow_empty_file)
    store = DatabaseStore(database)
    return MainWindow(store, settings or QSettings(), data_location=store.where,
                      log_location=str(log_file()))


def start_in_empty_file(where: str) -> bool:
    """A zero-byte database is usually a failed copy: start afresh in it only if asked to."""
    box = QMessageBox(QMessageBox.Icon.Warning, "The database file is empty",
                      f"{where} is empty (0 bytes).\n\nThat is usually a copy or download that "
                      "failed rather than a new database: if you have a backup, quit and "
                      "restore it.\n\nStart a new, empty database in this file?",
                      QMessageBox.StandardButton.NoButton)
    start = box.addButton("&Start a new database", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("&Quit", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is start


def first_paint_window(db_path: Path | None = None) -> MainWindow | None:
    """The window over a current SQLite file, painted before the database layer is loaded
    (`deskplan.ui.first_paint`); None where the file needs the usual open. If the full open
    after the first paint fails after all, the message is shown and the app ends (status 2),
    as when the usual open fails."""
    settings = QSettings()
    store = first_paint_store(settings, db_path)
    if store is None:
        return None
    window = MainWindow(store, settings, data_location=store.where,
                        log_location=str(log_file()))

    def failed(message: str) -> None:
        QMessageBox.critical(window, CANNOT_OPEN, message)
        window.close()
        QApplication.exit(2)

    open_after_first_paint(window, store, failed)
    return window


def run(db_url: str | None = None, db_path: Path | None = None) -> int:
    app = application()
    start_logging(log_file())
    install_crash_handler()
    window = first_paint_window(db_path) if db_url is None else None
    if window is None:
        from deskplan.storage.db import EmptyDatabaseFileError

        url = db_url or choose_database_url(QSettings(), db_path)
        try:
            try:
                window = open_window(url)
            except EmptyDatabaseFileError as error:
                if not start_in_empty_file(error.where):
                    return 2
                window = open_window(url, allow_empty_file=True)
        except StorageError as error:
            QMessageBox.critical(None, CANNOT_OPEN, str(error))
            return 2
    window.show()
    # packaging/build.py smoke-runs the frozen app this way: start, draw, close as a user would.
    quit_after = os.environ.get(QUIT_AFTER_VARIABLE, "").strip()
    if quit_after:
        QTimer.singleShot(int(quit_after), window.close)
    return app.exec()
