"""`deskplan` without a command opens the window, here on a database named with --db."""

import logging
import os
import subprocess
import sys

import pytest
from PySide6.QtCore import QSettings

from deskplan.cli import main
from deskplan.ui import app
from deskplan.ui.app import QUIT_AFTER_VARIABLE


def test_deskplan_opens_the_window_on_the_given_database(qapp, tmp_path, monkeypatch):
    # Settings and the database both go to tmp_path: the user's own folders are never touched.
    for scope_format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(scope_format, QSettings.Scope.UserScope, str(tmp_path / "config"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    logs = []
    monkeypatch.setattr(app, "log_file", lambda: tmp_path / "logs" / "deskplan.log")
    monkeypatch.setattr(app, "start_logging", logs.append)
    monkeypatch.setenv(QUIT_AFTER_VARIABLE, "300")
    database = tmp_path / "team.sqlite3"
    assert main(["--db", str(database)]) == 0
    assert database.is_file()
    assert any((tmp_path / "config").rglob("*"))
    assert logs == [tmp_path / "logs" / "deskplan.log"]


def test_the_log_goes_to_a_file(tmp_path):
    root = logging.getLogger()
    before = list(root.handlers), root.level
    try:
        app.start_logging(tmp_path / "logs" / "deskplan.log")
        logging.getLogger("deskplan.test").warning("something to find later")
        for handler in root.handlers:
            handler.flush()
        text = (tmp_path / "logs" / "deskplan.log").read_text(encoding="utf-8")
        assert "WARNING deskplan.test: something to find later" in text
    finally:
        for handler in root.handlers:
            handler.close()
        root.handlers[:] = before[0]
        root.setLevel(before[1])


@pytest.mark.parametrize(("lang", "expected"), [("C", "01/12/2026"), ("de_DE.UTF-8", "01.12.26")])
def test_qts_own_widgets_write_dates_day_first_when_no_locale_is_set(lang, expected):
    # In a process of its own: the default locale is process-wide and read at start-up.
    script = ("from PySide6.QtCore import QDate, QLocale\n"
              "from deskplan.ui.app import application\n"
              "application()\n"
              "print(QLocale().toString(QDate(2026, 12, 1), QLocale.FormatType.ShortFormat))\n")
    env = {**os.environ, "LANG": lang, "LC_ALL": lang, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                          text=True, timeout=120, check=True)
    assert done.stdout.strip() == expected


def test_pyside_tells_the_modules_that_use_it_as_before():
    # The window replaces PySide6's per-import source test with a quicker read of the file:
    # every module loaded (deskplan's, SQLAlchemy's, the standard library's) gets the same
    # answer from both.
    import deskplan.ui
    import deskplan.ui.main_window

    feature = sys.modules["shibokensupport.feature"]
    quicker = feature._mod_uses_pyside
    assert getattr(quicker, "quicker", False)
    modules = [m for m in list(sys.modules.values()) if m is not None]
    assert len(modules) > 300
    assert [quicker(m) for m in modules] == [quicker.original(m) for m in modules]
    assert quicker(deskplan.ui.main_window)
    assert not quicker(logging)
    assert not deskplan.ui.quicker_pyside_imports()  # installed once
