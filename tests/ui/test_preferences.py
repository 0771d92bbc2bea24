"""Edit → Preferences…: the database deskplan opens, for desktops where nobody sets variables."""

from pathlib import Path

from PySide6.QtCore import QSettings

from deskplan.storage.db import ENVIRONMENT_VARIABLE, sqlite_url
from deskplan.ui.preferences import DATABASE_KEY, choose_database_url


def test_the_preferred_database_comes_after_db_and_the_variable(tmp_path, monkeypatch):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    monkeypatch.delenv(ENVIRONMENT_VARIABLE, raising=False)
    settings.setValue(DATABASE_KEY, str(tmp_path / "shared.sqlite3"))
    assert choose_database_url(settings) == sqlite_url(tmp_path / "shared.sqlite3")
    assert choose_database_url(settings, Path("/tmp/other.sqlite3")) == sqlite_url(
        Path("/tmp/other.sqlite3"))
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "postgresql+psycopg://u:p@db/deskplan")
    assert choose_database_url(settings) == "postgresql+psycopg://u:p@db/deskplan"


def test_the_dialog_saves_the_choice_for_the_next_start(qtbot, make_window, tmp_path):
    window = make_window()
    dialog = window.preferences_dialog()
    qtbot.addWidget(dialog)
    assert window.data_location in dialog.note.text()
    dialog.database.setText("postgresql+psycopg://manager@dbserver/deskplan")
    dialog.save()
    assert window.settings.value(DATABASE_KEY) == \
        "postgresql+psycopg://manager@dbserver/deskplan"


def test_the_settings_file_is_owner_only(make_window, tmp_path):
    import os
    import stat

    window = make_window()
    window.close()
    path = tmp_path / "settings.ini"
    assert path.exists()
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_password_in_the_address_is_refused_not_stored(qtbot, make_window):
    from deskplan.ui.preferences import DATABASE_KEY

    window = make_window()
    dialog = window.preferences_dialog()
    qtbot.addWidget(dialog)
    dialog.database.setText("postgresql+psycopg://j.smith:secret@db.example/deskplan")
    dialog.save()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "does not keep passwords" in dialog.error.text()
    assert "secret" not in str(window.settings.value(DATABASE_KEY, ""))
    dialog.database.setText("postgresql+psycopg://j.smith@db.example/deskplan")
    dialog.save()
    assert window.settings.value(DATABASE_KEY) == "postgresql+psycopg://j.smith@db.example/deskplan"
