"""Preferences: which database deskplan opens.

On managed Windows and Mac desktops a manager often cannot set environment variables, so the
database (a file of their own, a shared file, or the organisation's PostgreSQL server) can be
chosen here. Everything else a user would tune (team, view, window) is remembered by itself.
"""

from __future__ import annotations

import logging
import sys
from html import escape
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from deskplan.private_files import POSIX, create_private_file, make_private, private_folder
from deskplan.ui.screen_fit import fit_to_screen
from deskplan.ui.status_style import ERROR_HEX

DATABASE_KEY = "database/url"
PASSWORD_REFUSED = (
    "deskplan does not keep passwords. Remove it from the address and put it in your password "
    "file instead (~/.pgpass; on Windows %APPDATA%\\postgresql\\pgpass.conf), use a service "
    "name (postgresql+psycopg:///?service=deskplan) or your organisation's sign-on (Kerberos).")
log = logging.getLogger(__name__)


def keep_settings_private(settings: QSettings) -> None:
    """The settings file names the database and the teams: owner-only, like the database.

    Created empty with mode 0600 before Qt first writes it (Qt keeps a file's mode when it
    rewrites it), and narrowed if an older version left it readable by others. Windows keeps
    settings in the user's registry hive and macOS in the user's Library; both are the user's
    alone already.
    """
    if not POSIX or sys.platform == "darwin" or settings.format() not in (
            QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        return
    path = Path(settings.fileName())
    try:
        private_folder(path.parent)
        if not create_private_file(path):
            make_private(path)
        if path.parent.name == "deskplan":  # the folder is deskplan's own, not ~/.config
            make_private(path.parent)
    except OSError as error:
        log.warning("could not make the settings file %s private: %s", path, error.strerror)


def choose_database_url(settings: QSettings, db_path: Path | None = None) -> str:
    """`--db`, then the environment variable, then this preference, then the default file."""
    from deskplan.storage.db import resolve_database_url

    return resolve_database_url(db_path, preferred=str(settings.value(DATABASE_KEY, "") or ""))


class PreferencesDialog(QDialog):
    def __init__(self, settings: QSettings, current: str,
                 parent: QWidget | None = None) -> None:
        # The storage layer (SQLAlchemy) loads when the dialog opens, not with the window.
        from deskplan.storage.db import ENVIRONMENT_VARIABLE, default_database_path

        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.settings = settings
        self.database = QLineEdit(str(settings.value(DATABASE_KEY, "") or ""), self)
        self.database.setAccessibleName("Database file or address")
        self.database.setPlaceholderText(str(default_database_path()))
        browse = QPushButton("&Browse…", self)
        browse.clicked.connect(self._browse)
        default = QPushButton("Use the &default file", self)
        default.clicked.connect(self.database.clear)
        row = QHBoxLayout()
        row.addWidget(self.database, 1)
        row.addWidget(browse)
        row.addWidget(default)
        form = QFormLayout()
        form.addRow("&Database:", row)
        self.note = QLabel(
            f"Open now: <code>{escape(current)}</code>.<br>A file of your own, a shared file, "
            "or the address of the organisation's PostgreSQL database "
            "(<code>postgresql+psycopg://your.login@server/deskplan</code>, with the password "
            "in your <code>.pgpass</code> file or Kerberos sign-on; never in this box). "
            "The change "
            f"takes effect the next time deskplan starts; <code>--db</code> and "
            f"<code>{ENVIRONMENT_VARIABLE}</code>, where set, come first.", self)
        self.note.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {ERROR_HEX}")
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        fit_to_screen(self, 640, 200)

    def _browse(self) -> None:
        from deskplan.storage.db import default_database_path

        path, _ = QFileDialog.getSaveFileName(
            self, "Database file", str(default_database_path().parent),
            "deskplan databases (*.sqlite3);;All files (*)",
            options=QFileDialog.Option.DontConfirmOverwrite)
        if path:
            self.database.setText(path)

    def save(self) -> None:
        from deskplan.storage.db import has_password

        address = self.database.text().strip()
        if has_password(address):
            self.error.setText(PASSWORD_REFUSED)
            self.error.show()
            return
        self.settings.setValue(DATABASE_KEY, address)
        self.settings.sync()
        keep_settings_private(self.settings)
        self.accept()
