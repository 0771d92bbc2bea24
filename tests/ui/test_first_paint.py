"""The window painted before its database layer is loaded (`deskplan.ui.first_paint`) shows what
the window opened the usual way shows, opens the database fully once painted, saves through it,
and leaves every file it cannot simply read to the usual open."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QSettings

from deskplan.domain.model import Status
from deskplan.storage import repository as repo
from deskplan.storage.db import Database, sqlite_url
from deskplan.storage.errors import StorageError
from deskplan.storage.migrations import REVISIONS
from deskplan.storage.operations import SetCells
from deskplan.ui import app
from deskplan.ui.app import first_paint_window, open_window
from deskplan.ui.first_paint import FirstPaintStore
from deskplan.ui.main_window import MainWindow
from tests.ui.conftest import settle


@pytest.fixture
def demo_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A current database holding the demo organisation; settings kept in tmp_path."""
    for scope_format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(scope_format, QSettings.Scope.UserScope, str(tmp_path / "config"))
    monkeypatch.delenv("DESKPLAN_DATABASE_URL", raising=False)
    path = tmp_path / "deskplan.sqlite3"
    with Database.open(sqlite_url(path)) as db, db.session() as session:
        repo.create_demo(session)
    return path


def _shown(qtbot, window: MainWindow) -> MainWindow:
    qtbot.addWidget(window)
    window.resize(1300, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


def _close(qtbot, window: MainWindow) -> None:
    settle(qtbot, window)
    window.close()


def test_the_first_paint_shows_what_the_usual_open_shows(qtbot, demo_file: Path) -> None:
    full = _shown(qtbot, open_window(sqlite_url(demo_file), QSettings()))
    try:
        for index in range(full.team_box.count()):
            team_id = full.team_box.itemData(index)
            full.open_team(team_id)  # remembered: the next window opens it too
            quick = first_paint_window(demo_file)
            assert quick is not None
            qtbot.addWidget(quick)
            # Not shown: everything it holds came from the first read.
            assert isinstance(quick.store, FirstPaintStore)
            assert quick.store.database is None
            assert quick.store.where == full.store.where
            assert [quick.team_box.itemText(i) for i in range(quick.team_box.count())] == [
                full.team_box.itemText(i) for i in range(full.team_box.count())]
            assert quick.document is not None
            assert full.document is not None
            assert quick.document.team_id == team_id
            assert quick.document.version == full.document.version
            assert quick.model is not None
            assert full.model is not None
            assert [p.staff_id for p in quick.model.people] == [
                p.staff_id for p in full.model.people]
            assert quick.model.days == full.model.days
            assert np.array_equal(quick.model.status, full.model.status)
            assert np.array_equal(quick.model.working, full.model.working)
            assert quick.model.sites == full.model.sites
            assert quick.document.checker.counts == full.document.checker.counts
            assert sorted(map(str, quick.document.checker.conflicts)) == sorted(
                map(str, full.document.checker.conflicts))
            assert quick.counts_label.text() == full.counts_label.text()
            assert quick.dock.list.model().rowCount() == full.dock.list.model().rowCount()
            quick.database_worker.stop()
            quick.store.close()
    finally:
        _close(qtbot, full)


def test_once_painted_the_database_opens_fully_and_saves_go_through_it(
        qtbot, demo_file: Path) -> None:
    window = first_paint_window(demo_file)
    assert window is not None
    store = window.store
    assert isinstance(store, FirstPaintStore)
    assert store.database is None
    _shown(qtbot, window)
    qtbot.waitUntil(lambda: store.database is not None, timeout=20000)
    document = window.document
    assert document is not None
    person = document.plan.people[0]
    day = window.model.days[0]
    before = document.version
    document.perform(SetCells.of([(person.staff_id, day, Status.TRAINING)]))
    settle(qtbot, window)
    assert document.version == before + 1
    with Database.open(sqlite_url(demo_file)) as db, db.session() as session:
        stored = repo.load_team(session, team_id=document.team_id)
    assert stored.version == before + 1
    assert stored.plan.rota.get(person.staff_id, day) is Status.TRAINING
    _close(qtbot, window)


def test_a_database_that_cannot_be_opened_after_the_first_paint_is_said_and_ends_the_app(
        qtbot, demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    said: list[tuple[str, str]] = []
    monkeypatch.setattr(app.QMessageBox, "critical",
                        lambda _parent, title, text: said.append((title, text)))
    ended: list[int] = []
    monkeypatch.setattr(app.QApplication, "exit", ended.append)

    def refuse(url: str) -> Database:
        raise StorageError(f"{demo_file} is locked by another program")

    monkeypatch.setattr(Database, "open", staticmethod(refuse))
    window = first_paint_window(demo_file)
    assert window is not None
    _shown(qtbot, window)
    qtbot.waitUntil(lambda: bool(said), timeout=20000)
    assert said == [(app.CANNOT_OPEN, f"{demo_file} is locked by another program")]
    assert ended == [2]
    assert not window.isVisible()


@pytest.mark.parametrize("case", ["missing", "older schema", "damaged"])
def test_a_file_that_is_not_current_opens_the_usual_way(demo_file: Path, case: str) -> None:
    if case == "missing":
        demo_file.unlink()
    elif case == "older schema":
        with closing(sqlite3.connect(demo_file)) as connection, connection:
            connection.execute("UPDATE alembic_version SET version_num = ?", (REVISIONS[-2],))
    else:
        demo_file.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    before = demo_file.read_bytes() if demo_file.exists() else None
    assert first_paint_window(demo_file) is None
    assert (demo_file.read_bytes() if demo_file.exists() else None) == before


def test_no_database_layer_is_loaded_before_the_first_paint(demo_file: Path,
                                                           tmp_path: Path) -> None:
    child = f"""
import os, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv)
class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and type(watched.parent()).__name__ == 'RotaView':
            heavy = sorted({{m.split('.')[0] for m in sys.modules}} & {{
                'sqlalchemy', 'sqlmodel', 'pydantic', 'alembic', 'openpyxl'}})
            print(heavy, watched.parent().model().rowCount(), flush=True)
            os._exit(0)
        return False
watch = FirstPaint()
app.installEventFilter(watch)
from deskplan.cli import main
sys.exit(main(["--db", {str(demo_file)!r}]))
"""
    env = {"QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "PATH": "/usr/bin:/bin",
           "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True,
                          env=env, timeout=120, check=False,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr
    heavy, rows = done.stdout.split("]")
    assert heavy == "["
    assert int(rows) > 0


def _counts(window: MainWindow) -> tuple[object, ...]:
    """What the window says of its conflicts: the status bar, the panel's title, the list's
    own running totals and its rows, and the checker's conflicts themselves."""
    assert window.dock is not None
    assert window.document is not None
    return (window.document.first, window.document.last,
            window.counts_label.text(), window.dock.windowTitle(), window.dock.model.counts(),
            window.dock.proxy.rowCount(),
            sorted(map(str, window.document.checker.conflicts)))


def test_the_conflicts_counted_at_the_first_paint_are_those_of_the_usual_open(
        qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every team, the demo's and one with record history, a roster, a leaver and half days
    at other sites: the same counts at the first paint, once the database has opened behind
    it, and after switching teams, as the window opened the usual way shows."""
    from tests.storage.test_first_read import _rich_database

    for scope_format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(scope_format, QSettings.Scope.UserScope, str(tmp_path / "config"))
    monkeypatch.delenv("DESKPLAN_DATABASE_URL", raising=False)
    path = tmp_path / "deskplan.sqlite3"
    _rich_database(path).close()
    full = _shown(qtbot, open_window(sqlite_url(path), QSettings()))

    def same_days_in_full(quick: MainWindow) -> None:
        """The usual window moved to the days the first-paint window shows (where a team
        opens depends on what was shown before: the windows' paths differ)."""
        full.go_to(quick.anchor)
        settle(qtbot, full)
        assert full.document is not None
        assert quick.document is not None
        assert (full.document.first, full.document.last) == (quick.document.first,
                                                             quick.document.last)

    try:
        teams = [full.team_box.itemData(i) for i in range(full.team_box.count())]
        assert len(teams) == 4
        for team_id in teams:
            full.open_team(team_id)  # remembered: the next window opens it too
            settle(qtbot, full)
            quick = first_paint_window(path)
            assert quick is not None
            assert isinstance(quick.store, FirstPaintStore)
            assert quick.document is not None
            assert quick.document.team_id == team_id
            same_days_in_full(quick)
            expected = _counts(full)
            assert _counts(quick) == expected, "at the first paint"
            _shown(qtbot, quick)
            qtbot.waitUntil(lambda store=quick.store: store.database is not None,
                            timeout=20000)
            settle(qtbot, quick)
            assert _counts(quick) == expected, "once the database has opened"
            for other in [*teams[1:], teams[0], team_id]:  # both windows the same way
                for window in (quick, full):
                    window.open_team(other)
                    settle(qtbot, window)
                same_days_in_full(quick)
                assert _counts(quick) == _counts(full), f"after switching to team {other}"
            _close(qtbot, quick)
            quick.database_worker.stop()
            quick.store.close()
    finally:
        _close(qtbot, full)
