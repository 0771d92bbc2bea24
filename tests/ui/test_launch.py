"""`deskplan` without a command opens the window, here on a database named with --db."""

import sys

from PySide6.QtCore import QSettings

from deskplan.cli import main
from deskplan.ui.app import QUIT_AFTER_VARIABLE


def test_deskplan_opens_the_window_on_the_given_database(qapp, tmp_path, monkeypatch):
    # Settings and the database both go to tmp_path: the user's own folders are never touched.
    for scope_format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(scope_format, QSettings.Scope.UserScope, str(tmp_path / "config"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setenv(QUIT_AFTER_VARIABLE, "300")
    database = tmp_path / "team.sqlite3"
    assert main(["--db", str(database)]) == 0
    assert database.is_file()
    assert any((tmp_path / "config").rglob("*"))
