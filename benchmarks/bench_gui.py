"""The planner window with 500 people × one year: edit → conflicts updated, and a full repaint.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_gui.py [--people 500] [--days 365]

"Edit → conflicts updated" is one undo-stack push of a single-cell change through the whole
window: the store write, the rota update, the engine's incremental recheck, the grid and footer
`dataChanged`, the row summary and the Conflicts list. It is timed twice: against an in-memory
store (the GUI's own cost) and against an SQLite database file (what the user waits for).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_engine import FIRST, build
from PySide6.QtCore import QEventLoop, QSettings
from PySide6.QtWidgets import QApplication

from deskplan.domain.model import Status
from deskplan.storage import repository
from deskplan.storage.db import Database, sqlite_url
from deskplan.ui.db_store import DatabaseStore
from deskplan.ui.main_window import MainWindow
from deskplan.ui.periods import ViewSpan
from deskplan.ui.store import MemoryStore, PlanStore


def milliseconds(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    return f"median {statistics.median(samples) * 1000:6.2f} ms, p95 {p95 * 1000:6.2f} ms"


def open_year(store: PlanStore, folder: Path, days: int) -> MainWindow:
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("view/span", ViewSpan.QUARTER.value)
    window = MainWindow(store, settings, today=FIRST)
    window.resize(1600, 1000)
    window.show()
    assert window.document is not None
    # The checker and the grid both cover the whole year, as the issue asks.
    window.document.set_range(FIRST, FIRST + timedelta(days=days - 1))
    QApplication.processEvents()
    return window


def time_edits(window: MainWindow, edits: int, seed: int = 7) -> list[float]:
    model, view = window.model, window.panel.view  # type: ignore[union-attr]
    assert model is not None
    rng = random.Random(seed)
    samples = []
    for _ in range(edits):
        row = rng.randrange(len(model.people))
        column = rng.choice([c for c in range(len(model.days)) if model.working[row, c]])
        status = Status.OFFICE if model.status[row, column] != Status.OFFICE else Status.HOME
        change = [(model.people[row].staff_id, model.days[column], status)]
        start = time.perf_counter()
        window.apply_changes(change)
        while window.busy:  # the write runs on the database worker; time it until shown
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
        samples.append(time.perf_counter() - start)
        assert model.status[row, column] == status
    view.viewport().update()
    return samples


def time_repaints(window: MainWindow, count: int) -> list[float]:
    view = window.panel.view  # type: ignore[union-attr]
    samples = []
    for i in range(count):
        across, down = view.horizontalScrollBar(), view.verticalScrollBar()
        across.setValue((i * 300) % max(1, across.maximum()))
        down.setValue((i * 500) % max(1, down.maximum()))
        QApplication.processEvents()
        start = time.perf_counter()
        view.viewport().repaint()
        samples.append(time.perf_counter() - start)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--edits", type=int, default=200)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    plan = build(args.people, args.days)
    plan.name = "Benchmark"
    folder = Path(tempfile.mkdtemp(prefix="deskplan-bench-"))

    start = time.perf_counter()
    window = open_year(MemoryStore([plan]), folder, args.days)
    opened = time.perf_counter() - start
    view = window.panel.view  # type: ignore[union-attr]
    visible = view.viewport().size()
    print(f"{args.people} people × {args.days} days, window opened and checked in "
          f"{opened * 1000:.0f} ms; {len(window.dock.model.conflicts)} conflicts listed")  # type: ignore[union-attr]
    print(f"single-cell edit → conflicts updated (in-memory store): "
          f"{milliseconds(time_edits(window, args.edits))}")
    print(f"full repaint of the grid viewport ({visible.width()}×{visible.height()} px, "
          f"column width {view.horizontalHeader().defaultSectionSize()} px): "
          f"{milliseconds(time_repaints(window, 30))}")
    window_samples = []
    for _ in range(10):
        start = time.perf_counter()
        window.repaint()
        window_samples.append(time.perf_counter() - start)
    print(f"full repaint of the whole window ({window.width()}×{window.height()} px: grid, "
          f"names and summaries, footer, Conflicts panel): {milliseconds(window_samples)}")
    window.close()

    database = Database.open(sqlite_url(folder / "bench.sqlite3"))
    with database.session() as session:
        team = repository.create_team(session, name="Benchmark", policy=plan.policy)
        version = repository.import_people(session, team_id=team.id, people=plan.people,
                                           expected_version=team.version)
        repository.save_cells(session, team_id=team.id, changes=list(plan.rota.entries()),
                              expected_version=version)
    window = open_year(DatabaseStore(database), folder, args.days)
    print(f"single-cell edit → conflicts updated (SQLite file, one transaction each): "
          f"{milliseconds(time_edits(window, max(20, args.edits // 4)))}")
    window.close()
    app.quit()


if __name__ == "__main__":
    main()
