from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from deskplan.storage.db import sqlite_url
from deskplan.ui.app import open_window
from deskplan.ui.main_window import MainWindow


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """A fresh database file per test: the user's real data folder is never touched."""
    return sqlite_url(tmp_path / "deskplan.sqlite3")


@pytest.fixture
def make_window(qtbot, tmp_path: Path, db_url: str) -> Iterator[Callable[[], MainWindow]]:
    opened: list[MainWindow] = []

    def make() -> MainWindow:
        settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        window = open_window(db_url, settings)
        qtbot.addWidget(window)
        window.resize(1300, 800)
        window.show()
        opened.append(window)
        return window

    yield make
    for window in opened:
        settle(qtbot, window)  # nothing may still be writing when the database closes
        window.database_worker.stop()
        window.store.close()


@pytest.fixture
def demo_window(qtbot, make_window) -> MainWindow:
    window = make_window()
    window.open_demo()
    settle(qtbot, window)
    return window


def working_cells(window: MainWindow, row: int) -> list[int]:
    model = window.model
    assert model is not None
    return [c for c in range(len(model.days)) if model.working[row, c]]


def first_monday(window: MainWindow) -> date:
    model = window.model
    assert model is not None
    return next(d for d in model.days if d.weekday() == 0)


def activate(qtbot, window) -> None:
    """Make `window` the active window, as a click on it would: keys then go where the focus
    is, as for a user (offscreen, `waitActive` alone returns before activation)."""
    window.show()
    window.raise_()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)


def settle(qtbot, subject) -> None:
    """Wait until every change made in `subject` (a window or a document) is saved and shown:
    writes run on the database worker, so the GUI thread never waits for them itself."""
    qtbot.waitUntil(lambda: not subject.busy, timeout=20000)


def save(qtbot, document, operation) -> None:
    """Make `operation` one undo step of `document` and wait until it is saved and shown."""
    document.perform(operation)
    settle(qtbot, document)
