"""Damaged and empty database files: every write refused (with how to restore the last
backup), a zero-byte file never silently made a new database."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from deskplan.cli import main
from deskplan.resources import sample_path
from deskplan.storage import repository
from deskplan.storage.db import (
    DamagedDatabaseError,
    Database,
    EmptyDatabaseFileError,
    sqlite_url,
)
from deskplan.ui import app
from deskplan.ui.app import QUIT_AFTER_VARIABLE
from tests.hostile.conftest import TEAM, database_bytes


def damage_a_page(path: Path, table: str = "rota_month") -> None:
    """Overwrite the first page of `table` with garbage: reads that avoid it still work."""
    with sqlite3.connect(path) as connection:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        (root,) = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = ?",
                                     (table,)).fetchone()
    connection.close()
    data = bytearray(path.read_bytes())
    start = (root - 1) * page_size
    data[start: start + page_size] = bytes((i * 37 + 11) % 251 for i in range(page_size))
    path.write_bytes(bytes(data))


def test_no_write_reaches_a_damaged_file(refused, db_path: Path) -> None:
    damage_a_page(db_path)
    outcome = refused("import", "team", sample_path("team.csv"), "--team-name", "Another team")
    assert f"{db_path} is damaged" in outcome.err
    assert "deskplan will not write to it: nothing was saved" in outcome.err
    assert "Restore the last backup: close deskplan, then copy" in outcome.err


@pytest.mark.parametrize("command", [
    ("import", "policy", sample_path("policy-default.toml"), "--team-name", TEAM),
    ("import", "adjustments", sample_path("adjustments.csv"), "--team-name", TEAM),
    ("demo",),
])
def test_every_kind_of_write_is_refused(refused, db_path: Path, command: tuple) -> None:
    damage_a_page(db_path, "person")
    assert "is damaged" in refused(*command).err


def test_the_newest_upgrade_backup_is_named(refused, db_path: Path) -> None:
    older = db_path.with_name(f"{db_path.name}.schema-0002-20250101T000000Z.bak")
    newer = db_path.with_name(f"{db_path.name}.schema-0003-20250601T000000Z.bak")
    older.write_bytes(b"")
    newer.write_bytes(b"")
    damage_a_page(db_path)
    outcome = refused("import", "team", sample_path("team.csv"), "--team-name", "Another team")
    assert f"copy {newer} (the copy deskplan made before its last upgrade)" in outcome.err


def test_a_good_file_is_written_as_before(deskplan) -> None:
    assert deskplan("import", "team", sample_path("team.csv"), "--team-name", "Another").code == 0


def test_a_zero_byte_file_is_refused_on_the_command_line(tmp_path: Path, capsys) -> None:
    empty = tmp_path / "copied.sqlite3"
    empty.write_bytes(b"")
    code = main(["import", "team", str(sample_path("team.csv")), "--team-name", TEAM,
                 "--db", str(empty)])
    err = capsys.readouterr().err
    assert code == 2
    assert f"{empty} is empty (0 bytes)" in err
    assert "usually a copy or download that failed" in err
    assert empty.stat().st_size == 0


def test_a_zero_byte_file_is_made_a_database_only_when_allowed(tmp_path: Path) -> None:
    empty = tmp_path / "new.sqlite3"
    empty.write_bytes(b"")
    with pytest.raises(EmptyDatabaseFileError):
        Database.open(sqlite_url(empty))
    Database.open(sqlite_url(empty), allow_empty_file=True).close()
    assert empty.stat().st_size > 0


@pytest.mark.parametrize("answer", [False, True])
def test_the_window_asks_about_a_zero_byte_file(qapp, tmp_path: Path, monkeypatch,
                                                answer: bool) -> None:
    for scope_format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(scope_format, QSettings.Scope.UserScope, str(tmp_path / "config"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(app, "start_logging", lambda path: None)
    monkeypatch.setenv(QUIT_AFTER_VARIABLE, "100")
    asked: list[str] = []
    monkeypatch.setattr(app, "start_in_empty_file", lambda where: asked.append(where) or answer)
    empty = tmp_path / "copied.sqlite3"
    empty.write_bytes(b"")
    assert main(["--db", str(empty)]) == (0 if answer else 2)
    assert asked == [str(empty)]
    assert (empty.stat().st_size > 0) is answer


def test_a_damaged_file_is_left_byte_for_byte(db_path: Path) -> None:
    damage_a_page(db_path)
    before = database_bytes(db_path)
    with Database.open(sqlite_url(db_path)) as db, \
            pytest.raises(DamagedDatabaseError, match="is damaged"), db.session() as session:
        repository.create_team(session, name="X")
    assert database_bytes(db_path) == before
