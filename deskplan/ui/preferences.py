"""Preferences: which database deskplan opens.

On managed Windows and Mac desktops a manager often cannot set environment variables, so the
database (a file of their own, a shared file, or the organisation's PostgreSQL server) can be
chosen here. Everything else a user would tune (team, view, window) is remembered by itself.
"""

from __future__ import annotations

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

from deskplan.storage.db import (
    ENVIRONMENT_VARIABLE,
    default_database_path,
    resolve_database_url,
)

DATABASE_KEY = "database/url"


def choose_database_url(settings: QSettings, db_path: Path | None = None) -> str:
    """`--db`, then the environment variable, then this preference, then the default file."""
    return resolve_database_url(db_path, preferred=str(settings.value(DATABASE_KEY, "") or ""))


class PreferencesDialog(QDialog):
    def __init__(self, settings: QSettings, current: str,
                 parent: QWidget | None = None) -> None:
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
            "(<code>postgresql+psycopg://user:password@server/deskplan</code>). The change "
            f"takes effect the next time deskplan starts; <code>--db</code> and "
            f"<code>{ENVIRONMENT_VARIABLE}</code>, where set, come first.", self)
        self.note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.resize(640, 200)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Database file", str(default_database_path().parent),
            "deskplan databases (*.sqlite3);;All files (*)",
            options=QFileDialog.Option.DontConfirmOverwrite)
        if path:
            self.database.setText(path)

    def save(self) -> None:
        self.settings.setValue(DATABASE_KEY, self.database.text().strip())
        self.settings.sync()
        self.accept()
