"""Importing an 11,000-person team list (CSV and XLSX) and opening 11,000 people × a year of rota.

    python benchmarks/bench_storage.py [--people 11000] [--repeat 3] [--url URL]

Without `--url` it measures a SQLite file in a temporary folder; with `DESKPLAN_TEST_POSTGRES_URL`
set (or `--url postgresql+psycopg://…`) it measures that server too. Figures are medians.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import text
from sqlmodel import SQLModel

from deskplan.domain.model import Status
from deskplan.domain.policy import Policy
from deskplan.interchange.team_import import plan_team_import, read_team_list
from deskplan.storage import repository
from deskplan.storage.db import Database, sqlite_url

HEADER = ["Employee ID", "First name", "Surname", "Job title", "Site", "Working pattern",
          "Contracted hours", "Start date"]
YEAR = date(2025, 1, 1)


def team_rows(count: int, seed: int = 1) -> list[list[str]]:
    rng = random.Random(seed)
    titles = ["Call handler", "Analyst", "HR advisor", "Supervisor", "Finance officer"]
    patterns = [("Mon-Fri", "37.5"), ("Mon-Thu", "37.5"), ("Mon,Tue,Wed", "22.5")]
    rows = []
    for i in range(count):
        days, hours = rng.choice(patterns)
        rows.append([f"E{i:06d}", f"First{i}", f"Surname{i}", rng.choice(titles),
                     f"Site {rng.randrange(40)}", days, hours,
                     (date(2015, 1, 1) + timedelta(days=rng.randrange(3000))).strftime("%d/%m/%Y")])
    return rows


def write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)


def write_xlsx(path: Path, rows: list[list[str]]) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Staff")
    sheet.append(["Establishment report"])
    sheet.append([])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    workbook.save(path)


def report(label: str, seconds: float) -> None:
    print(f"{label:<60} {seconds:6.2f} s")


def median_time(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def empty(url: str) -> None:
    """Drop every deskplan table, so each run starts from a new database."""
    with Database.open(url) as db, db.session() as session:
        for table in reversed(SQLModel.metadata.sorted_tables):
            session.connection().execute(table.delete())


def import_team(url: str, path: Path, name: str) -> tuple[float, float]:
    """Seconds to read and compare the file, and seconds to write it to the database."""
    start = time.perf_counter()
    incoming = read_team_list(path, sheet="Staff" if path.suffix == ".xlsx" else None)
    result = plan_team_import([], incoming, Policy.default(), date.today())
    parsed = time.perf_counter()
    with Database.open(url) as db, db.session() as session:
        team = repository.create_team(session, name=name)
        repository.import_people(session, team_id=team.id, people=result.to_save,
                                 expected_version=team.version)
    assert len(result.to_save) == len(incoming.people)
    return parsed - start, time.perf_counter() - parsed


def year_of_rota(staff_ids: list[str], seed: int = 2) -> list[tuple[str, date, Status]]:
    rng = random.Random(seed)
    cells = []
    for staff_id in staff_ids:
        for offset in range(365):
            day = YEAR + timedelta(days=offset)
            if day.weekday() < 5:
                cells.append((staff_id, day, rng.choice((Status.OFFICE, Status.OFFICE,
                                                         Status.HOME, Status.LEAVE))))
    return cells


def bench(url: str, label: str, folder: Path, people: int, repeat: int) -> None:
    rows = team_rows(people)
    csv_path, xlsx_path = folder / "team.csv", folder / "team.xlsx"
    write_csv(csv_path, rows)
    write_xlsx(xlsx_path, rows)
    print(f"\n== {label} ==")
    for path in (csv_path, xlsx_path):
        results = []
        for _ in range(repeat):
            empty(url)
            results.append(import_team(url, path, "Big team"))
        read = statistics.median(r[0] for r in results)
        write = statistics.median(r[1] for r in results)
        kind = path.suffix[1:].upper()
        report(f"import {people:,}-person team list ({kind}): read and compare", read)
        report(f"import {people:,}-person team list ({kind}): write", write)
        report(f"import {people:,}-person team list ({kind}): total", read + write)

    with Database.open(url) as db, db.session() as session:
        team = repository.find_team(session, name="Big team")
        assert team is not None
        staff_ids = [p.staff_id for p in repository.load_team(session, team_id=team.id).plan.people]
    cells = year_of_rota(staff_ids)
    start = time.perf_counter()
    with Database.open(url) as db, db.session() as session:
        repository.save_cells(session, team_id=team.id, changes=cells,
                              expected_version=team.version)
    report(f"save a year of rota ({len(cells):,} cells)", time.perf_counter() - start)

    def open_and_load() -> None:
        with Database.open(url) as db, db.session() as session:
            stored = repository.load_team(session, team_id=team.id)
        assert len(stored.plan.people) == people

    opened = median_time(open_and_load, repeat)
    report(f"open database + load {people:,} people × 1 year of rota", opened)
    with Database.open(url) as db, db.session() as session:
        single = [(staff_ids[0], YEAR, Status.HOME)]
        version = repository.list_teams(session)[0].version

    def save_one_cell() -> None:
        nonlocal version
        with Database.open(url) as db, db.session() as session:
            version = repository.save_cells(session, team_id=team.id, changes=single,
                                            expected_version=version)

    report("open database + save one cell", median_time(save_one_cell, repeat))
    if url.startswith("sqlite"):
        size = Path(url.removeprefix("sqlite:///")).stat().st_size
        print(f"{'database file size':<60} {size / 1e6:6.1f} MB")
    empty(url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=11_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--url", help="a database URL to measure besides SQLite")
    args = parser.parse_args()
    server = args.url or os.environ.get("DESKPLAN_TEST_POSTGRES_URL")
    with tempfile.TemporaryDirectory() as folder:
        bench(sqlite_url(Path(folder) / "bench.sqlite3"), "SQLite", Path(folder), args.people,
              args.repeat)
        if server:
            with Database.open(server) as db, db.session() as session:
                session.connection().execute(text("SELECT 1"))
            bench(server, "PostgreSQL", Path(folder), args.people, args.repeat)


if __name__ == "__main__":
    main()
