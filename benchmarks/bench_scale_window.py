"""The planner window with a team of 11,000 people and a year of rota in an SQLite file.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_scale_window.py [--people 11000]
        [--edits 40] [--pages 40]

Rows printed (the README's performance table), each against its anchor in the same run:
- opening the team in month view (database opened, team read, checked, grid painted) against
  a bare `QTableView` over a plain model of the same cells, shown and painted;
- one cell edit through the window (undo command: save to the file, recheck, conflicts list,
  repaint) against raw `sqlite3` executing the very statements that save made;
- a page-down in the grid (scroll, row summaries of the rows that come into view, repaint)
  against a raw `QPainter` grid of the same size scrolled by a page.
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np
import scale
from PySide6.QtCore import (
    QAbstractTableModel,
    QEventLoop,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSettings,
    Qt,
)
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTableView, QWidget
from sqlalchemy import event
from sqlalchemy.engine import Engine

from deskplan.domain.model import Status
from deskplan.storage import repository
from deskplan.storage.db import Database, sqlite_url
from deskplan.ui.db_store import DatabaseStore
from deskplan.ui.main_window import MainWindow
from deskplan.ui.periods import ViewSpan

SIZE = (1600, 1000)
TODAY = date(2025, 3, 12)


def make_database(path: Path, people_count: int) -> str:
    plan = scale.plan(people_count)
    url = sqlite_url(path)
    with Database.open(url) as db, db.session() as session:
        team = repository.create_team(session, name="Organisation", policy=plan.policy)
        version = repository.import_people(session, team_id=team.id, people=plan.people,
                                           expected_version=team.version)
        version, _, _ = repository.import_adjustments(
            session, team_id=team.id, adjustments=plan.adjustments, expected_version=version)
        repository.save_cells(session, team_id=team.id, changes=list(plan.rota.entries()),
                              expected_version=version)
    return url


def _database_key(people_count: int) -> str:
    """What the built database depends on: the generator, this builder, the storage layer's
    tables and migrations, and the team's size. Any change of these builds it anew."""
    digest = hashlib.sha256(str(people_count).encode())
    storage = Path(repository.__file__).parent
    digest.update(inspect.getsource(make_database).encode())
    for source in [Path(scale.__file__), storage / "models.py", storage / "db.py",
                   *sorted((storage / "migrations").rglob("*.py"))]:
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def cached_database(path: Path, people_count: int) -> tuple[str, bool]:
    """`make_database` into `path`, or a copy of the one an earlier run built with the same
    key (kept in the temporary directory: building takes one to three minutes). True when
    the copy was used."""
    cache = Path(tempfile.gettempdir()) / "deskplan-bench-window-cache"
    cached = cache / f"organisation-{people_count}-{_database_key(people_count)}.sqlite3"
    if cached.exists():
        shutil.copyfile(cached, path)
        return sqlite_url(path), True
    url = make_database(path, people_count)
    cache.mkdir(exist_ok=True)
    for old in cache.glob(f"organisation-{people_count}-*.sqlite3"):
        old.unlink()
    shutil.copyfile(path, cache / f".{cached.name}.part")
    (cache / f".{cached.name}.part").rename(cached)
    return url, False


def settings(folder: Path) -> QSettings:
    stored = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    stored.setValue("view/span", ViewSpan.MONTH.value)
    return stored


def open_window(url: str, folder: Path) -> MainWindow:
    window = MainWindow(DatabaseStore(Database.open(url)), settings(folder), today=TODAY)
    window.resize(*SIZE)
    window.show()
    QApplication.processEvents()
    return window


class _Cells(QAbstractTableModel):
    """The least a table model can be: letters of a numpy matrix."""

    LETTERS: ClassVar[list[str]] = ["", "O", "H", "L", "S", "T", "B"]

    def __init__(self, codes: np.ndarray) -> None:
        super().__init__()
        self.codes = codes

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self.codes.shape[0]

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self.codes.shape[1]

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self.LETTERS[self.codes[index.row(), index.column()] % 7]
        return None


def bare_table(codes: np.ndarray) -> QTableView:
    view = QTableView()
    view.setModel(_Cells(codes))
    view.horizontalHeader().setDefaultSectionSize(30)
    view.resize(*SIZE)
    view.show()
    QApplication.processEvents()
    return view


class PainterGrid(QWidget):
    """A raw painter grid: each visible cell a filled rectangle and a letter."""

    COLOURS: ClassVar[list[QColor]] = [
        QColor(name) for name in ("#ffffff", "#2e7d32", "#1565c0", "#f9a825", "#c62828",
                                  "#6a1b9a", "#00838f")]

    def __init__(self, codes: np.ndarray) -> None:
        super().__init__()
        self.codes = codes
        self.top = 0
        self.cell = (30, 22)
        self.resize(*SIZE)

    def page_down(self) -> None:
        self.top = min(self.top + self.height() // self.cell[1], self.codes.shape[0] - 1)
        self.repaint()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        width, height = self.cell
        rows = range(self.top, min(self.top + self.height() // height + 1,
                                   self.codes.shape[0]))
        columns = range(min(self.width() // width + 1, self.codes.shape[1]))
        block = self.codes[rows.start:rows.stop, : columns.stop].tolist()
        for y, line in enumerate(block):
            for x, code in enumerate(line):
                rect = QRect(x * width, y * height, width - 1, height - 1)
                painter.fillRect(rect, self.COLOURS[code % 7])
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, _Cells.LETTERS[code % 7])
        painter.end()


def captured_statements(url: str, action: Callable[[], None]) -> list[tuple[str, Any]]:
    """The SQL (and parameters) that `action` sends to the database."""
    statements: list[tuple[str, Any]] = []

    def record(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any,
               many: bool) -> None:
        statements.append((statement, parameters))

    event.listen(Engine, "before_cursor_execute", record)
    try:
        action()
    finally:
        event.remove(Engine, "before_cursor_execute", record)
    return [(s, p) for s, p in statements if not s.lstrip().upper().startswith(
        ("PRAGMA", "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"))]


def raw_writes(path: Path, statements: list[tuple[str, Any]]) -> Callable[[], None]:
    connection = sqlite3.connect(path, isolation_level=None)

    def run() -> None:
        connection.execute("BEGIN")
        for statement, parameters in statements:
            if isinstance(parameters, list):
                connection.executemany(statement, parameters)
            else:
                connection.execute(statement, parameters)
        connection.execute("COMMIT")
    return run


def median_ratio(samples: list[float], anchors: list[float]) -> float:
    return statistics.median(a / b for a, b in zip(samples, anchors, strict=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=scale.PEOPLE)
    parser.add_argument("--opens", type=int, default=3)
    parser.add_argument("--edits", type=int, default=40)
    parser.add_argument("--pages", type=int, default=40)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    folder = Path(tempfile.mkdtemp(prefix="deskplan-window-"))
    started = time.perf_counter()
    url, reused = cached_database(folder / "organisation.sqlite3", args.people)
    print(f"(database of {args.people:,} people × a year "
          f"{'copied from the cache' if reused else 'made'} in "
          f"{time.perf_counter() - started:.0f} s)")
    scale.header("The planner window")
    codes = scale.year_matrix(scale.organisation(args.people))[:, 55:86]  # March

    opens, tables, cpus, wholes = [], [], [], []
    for _ in range(args.opens + 1):
        start, cpu = time.perf_counter(), time.process_time()
        window = open_window(url, folder)
        opens.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
        while window.busy:  # the rest of the year, read on the database worker
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        wholes.append(time.perf_counter() - start)
        window.close()
        start = time.perf_counter()
        view = bare_table(codes)
        tables.append(time.perf_counter() - start)
        view.close()
    opens, tables, cpus, wholes = opens[1:], tables[1:], cpus[1:], wholes[1:]
    scale.row(f"open a team of {args.people:,} in the planner (month view)",
              f"bare table {scale.ms(statistics.median(tables))}",
              scale.ms(statistics.median(opens)), median_ratio(opens, tables), "≤ 0.5 s")
    print(f"(open to first paint: {scale.ms(statistics.median(cpus))} CPU; the whole year "
          f"read behind it by {scale.ms(statistics.median(wholes))} from the start)")

    window = open_window(url, folder)
    model, view = window.model, window.panel.view  # type: ignore[union-attr]
    assert model is not None
    rng = random.Random(7)

    def one_edit() -> None:
        row = rng.randrange(len(model.people))
        column = rng.choice([c for c in range(len(model.days)) if model.working[row, c]])
        status = Status.OFFICE if model.status[row, column] != Status.OFFICE else Status.HOME
        window.apply_changes([(model.people[row].staff_id, model.days[column], status)])
        while window.busy:  # saved on the database worker; timed until shown
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        view.viewport().repaint()

    one_edit()  # warm up
    statements = captured_statements(url, one_edit)
    anchor = raw_writes(folder / "organisation.sqlite3", statements)
    cpu = time.process_time()
    edits, raws = scale.paired_in_process(one_edit, anchor, repeat=args.edits)
    cpu = (time.process_time() - cpu) / (args.edits + 1)
    scale.row(f"one cell edit → conflicts updated, saved, repainted, team of {args.people:,}",
              f"raw sqlite3, same writes ({len(statements)} statements): "
              f"{scale.ms(statistics.median(raws))}",
              scale.ms(statistics.median(edits)), median_ratio(edits, raws), "≤ 16 ms")
    print(f"(an edit and its anchor: {scale.ms(cpu)} CPU together, mean)")

    view.setFocus()
    view.setCurrentIndex(model.index(0, 0))
    QApplication.processEvents()
    grid = PainterGrid(codes)
    grid.show()
    QApplication.processEvents()

    def page_down() -> None:
        QTest.keyClick(view, Qt.Key.Key_PageDown)
        QApplication.processEvents()

    cpu = time.process_time()
    pages, painted = scale.paired_in_process(page_down, grid.page_down, repeat=args.pages)
    cpu = (time.process_time() - cpu) / (args.pages + 1)
    scale.row(f"page-down jump in the grid, {args.people:,} people",
              f"raw painter grid {scale.ms(statistics.median(painted))}",
              scale.ms(statistics.median(pages)), median_ratio(pages, painted), "≤ 16 ms")
    print(f"(a page-down and its anchor: {scale.ms(cpu)} CPU together, mean)")
    grid.close()
    window.close()
    app.quit()
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
