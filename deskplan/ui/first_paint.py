"""The window's first paint before its database layer is loaded.

Opening the database through `Database.open` imports SQLAlchemy and SQLModel (most of a
second on a 2-core machine) before the window can show anything. When the database is a
current deskplan SQLite file, `FirstPaintStore` answers the window's first reads (the teams,
the team shown) with `deskplan.storage.first_read`, which uses the standard `sqlite3` module
alone, and opens the database properly once the grid has painted (`open_after_first_paint`).
Every other call, and every call after that, goes through the `DatabaseStore` it opened: writes
never take the quick path. Where the file is missing, empty, older or newer, damaged, locked or
not deskplan's, `first_paint_window` returns None and the window opens the usual way.
"""

from __future__ import annotations

import getpass
import logging
import sqlite3
import threading
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QWidget

from deskplan.domain.facts import SharedDesks
from deskplan.domain.model import Person
from deskplan.domain.plan import Plan
from deskplan.domain.rota import Rota
from deskplan.planning.preferences import Preference
from deskplan.storage.access import Access
from deskplan.storage.first_read import FirstRead, open_current, sqlite_file
from deskplan.storage.operations import Operation, Written
from deskplan.ui.preferences import DATABASE_KEY
from deskplan.ui.store import TeamInfo

if TYPE_CHECKING:
    from deskplan.overview import Overview
    from deskplan.storage.audit import Change
    from deskplan.storage.db import Database
    from deskplan.ui.db_store import DatabaseStore
    from deskplan.ui.main_window import MainWindow

log = logging.getLogger(__name__)


class FirstPaintStore:
    """A `PlanStore` whose first reads come from a `FirstRead` and everything else from the
    `DatabaseStore` over `url()`, opened by `open_full` (after the first paint, or by the
    first call that needs it, on whichever thread makes it)."""

    def __init__(self, reader: FirstRead, path: Path, url: Callable[[], str]) -> None:
        self._reader: FirstRead | None = reader
        self._url = url
        self._full: DatabaseStore | None = None
        self._closed = False
        self._lock = threading.Lock()
        #: As `DatabaseStore.where` says it: the file, resolved.
        self.where = str(path)

    @property
    def database(self) -> Database | None:
        """The open database, None until `open_full` (the window then counts no desks of
        other teams: a SQLite file has none)."""
        return self._full.database if self._full is not None else None

    def open_full(self) -> DatabaseStore:
        """The `DatabaseStore`, opened on first call (Raises StorageError as `Database.open`
        does); the quick reader is closed then."""
        with self._lock:
            if self._full is None:
                from deskplan.storage.db import Database
                from deskplan.ui.db_store import DatabaseStore

                self._full = DatabaseStore(Database.open(self._url()))
                if self._reader is not None:
                    self._reader.close()
                    self._reader = None
            return self._full

    def open_when_painted(self) -> None:
        """`open_full`, unless the window has closed meanwhile (then there is nothing left to
        open it for)."""
        if not self._closed:
            self.open_full()

    def _quick(self, read: Callable[[FirstRead], object]) -> object | None:
        """`read` on the quick reader while it is open; None once the full store is (or when
        the quick read fails: the full store then reads, and reports what is wrong)."""
        with self._lock:
            if self._reader is None:
                return None
            try:
                return read(self._reader)
            except sqlite3.Error as error:
                log.info("first read of %s gave way to the full open: %s", self.where, error)
                return None

    def list_teams(self) -> list[TeamInfo]:
        listed = self._quick(lambda reader: [TeamInfo(t.id, t.name, t.people, t.version)
                                             for t in reader.list_teams()])
        return listed if isinstance(listed, list) else self.open_full().list_teams()

    def load_team(self, team_id: int) -> tuple[int, Plan]:
        loaded = self._quick(lambda reader: reader.load_team(team_id))
        return loaded if isinstance(loaded, tuple) else self.open_full().load_team(team_id)

    def load_part(self, team_id: int, first: date, last: date
                  ) -> tuple[int, Plan, tuple[date, date] | None]:
        """The quick read reads the whole team (None: nothing is left to read behind)."""
        loaded = self._quick(lambda reader: reader.load_team(team_id))
        if isinstance(loaded, tuple):
            return (*loaded, None)
        return self.open_full().load_part(team_id, first, last)

    def load_rota(self, team_id: int) -> tuple[int, Rota]:
        return self.open_full().load_rota(team_id)

    def planned_span(self, team_id: int) -> tuple[date, date] | None:
        return self.open_full().planned_span(team_id)

    def access(self) -> Access:
        """As `organisation.access` says for a SQLite file: everything, to its user."""
        return self._full.access() if self._full is not None else \
            Access(login=getpass.getuser())

    def live_url(self) -> str | None:
        return None  # a SQLite file sends no notices

    def create_team(self, name: str, people: Sequence[Person] = (),
                    preferences: Sequence[Preference] = ()) -> TeamInfo:
        return self.open_full().create_team(name, people, preferences)

    def create_demo(self) -> list[TeamInfo]:
        return self.open_full().create_demo()

    def write(self, team_id: int, operation: Operation, version: int) -> Written:
        return self.open_full().write(team_id, operation, version)

    def load_preferences(self, team_id: int) -> dict[str, Preference]:
        return self.open_full().load_preferences(team_id)

    def load_actuals(self, team_id: int) -> Rota:
        return self.open_full().load_actuals(team_id)

    def shared_office(self, team_id: int, first: date, last: date) -> SharedDesks:
        return self.open_full().shared_office(team_id, first, last)

    def person_history(self, team_id: int, staff_id: str) -> list[Change]:
        return self.open_full().person_history(team_id, staff_id)

    def day_history(self, team_id: int, day: date) -> list[Change]:
        return self.open_full().day_history(team_id, day)

    def overview(self, first: date, last: date) -> Overview:
        return self.open_full().overview(first, last)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            if self._reader is not None:
                self._reader.close()
                self._reader = None
            if self._full is not None:
                self._full.close()


def first_paint_store(settings: QSettings, db_path: Path | None = None) -> FirstPaintStore | None:
    """A `FirstPaintStore` over the SQLite file the window would open, if it is current."""
    preferred = str(settings.value(DATABASE_KEY, "") or "")
    path = sqlite_file(db_path, preferred)
    reader = open_current(path) if path is not None else None
    if path is None or reader is None:
        return None

    def url() -> str:
        from deskplan.ui.preferences import choose_database_url

        return choose_database_url(settings, db_path)

    return FirstPaintStore(reader, path, url)


class _FirstPaint(QObject):
    """Calls `then` once, from the event loop, after `widget` has first painted."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self.widget = widget
        self.then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget and event.type() == QEvent.Type.Paint:
            self.widget.removeEventFilter(self)
            QTimer.singleShot(0, self.then)
        return False


def open_after_first_paint(window: MainWindow, store: FirstPaintStore,
                           failed: Callable[[str], None]) -> None:
    """Open the database fully once the window's grid (or its welcome page) has painted;
    `failed` gets the message if it cannot be opened after all (locked or changed since the
    first read)."""
    from deskplan.domain.errors import DeskplanError

    def open_full() -> None:
        try:
            store.open_when_painted()
        except DeskplanError as error:
            failed(str(error))

    panel = window.panel
    painted = panel.view.viewport() if panel is not None and \
        window.stack.currentWidget() is window.planner else window
    _FirstPaint(painted, open_full)
