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
        window.store.close()


@pytest.fixture
def demo_window(make_window) -> MainWindow:
    window = make_window()
    window.open_demo()
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
