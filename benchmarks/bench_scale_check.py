"""Checking a whole organisation: `deskplan check` on files, and the full check in memory.

    python benchmarks/bench_scale_check.py [--people 11000] [--runs 5] [--warmup 1]
        [--only files|memory]

Rows printed (the README's performance table):
- `deskplan check` on a team list and a wide rota (11,000 people × 365 days), as a whole
  process, against a process that reads the same two files with the csv module: CPU seconds.
- the same with a long rota (one row per person and day) of the same year, 4,015,000 rows
  (read as it streams, `deskplan/interchange/long_rota.py`): CPU and peak memory.
- the full check in memory (all rules: minimum, unplanned, non-working days, desks at 40 sites,
  cover, arrangements, pro-rata) against the numpy floor of the same job: counting office days
  per person per ISO week with one `add.reduceat`.

The commands are measured with bytecode cached, deskplan and the anchor alike, as an installed
(pip compiles it) deskplan runs and as `bench_scale_startup` and `bench_scale_import` measure:
these machines set PYTHONDONTWRITEBYTECODE=1 and deskplan is installed editable, so a command
there also compiles deskplan's own source each time; that figure (wide rota) is printed below
the table.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scale

_CSV_READ = ("import csv, sys\n"
             "for name in sys.argv[1:]:\n"
             "    with open(name, newline='', encoding='utf-8') as handle:\n"
             "        rows = sum(1 for _ in csv.reader(handle))\n")


def files(people_count: int, runs: int, warmup: int) -> tuple[Path, Path]:
    folder = scale.scratch("check")
    people = scale.organisation(people_count)
    codes = scale.year_matrix(people)
    team, wide, long = folder / "team.csv", folder / "wide.csv", folder / "long.csv"
    scale.write_team(team, people)
    scale.write_wide_rota(wide, people, codes)
    # A long rota has a row per person and day: a year of 11,000 people is 4,015,000 rows.
    long_days = codes.shape[1]
    scale.write_long_rota(long, people, codes)
    # Compiled modules go to a folder of this run's own, written by the first run.
    cache = {"PYTHONPYCACHEPREFIX": str(folder / "bytecode")}
    for label, rota, days, rows in (("wide rota", wide, codes.shape[1], None),
                                    ("long rota", long, long_days, len(people) * long_days)):
        last = scale.FIRST + timedelta(days=days - 1)
        pair = scale.paired(
            scale.deskplan("check", "--team", str(team), "--rota", str(rota), "--from",
                           scale.FIRST.isoformat(), "--to", last.isoformat()),
            scale.python("-c", _CSV_READ, str(team), str(rota)), runs=runs,
            warmup=max(warmup, 1), env=cache, bytecode=True)
        what = f"{people_count:,} people × {days} days, {label}"
        if rows:
            what += f" ({rows:,} rows)"
        scale.row(f"`deskplan check` on files, {what}",
                  f"csv-module read of the same files: {pair.median('cpu', anchor=True):.2f} s "
                  f"CPU, {pair.median('peak_mb', anchor=True):.0f} MB",
                  f"{pair.median('cpu'):.2f} s CPU, {pair.median('wall'):.2f} s wall, "
                  f"{pair.median('peak_mb'):.0f} MB peak", pair.ratio("cpu"),
                  "≤ 3× the read" + (", peak ≤ 400 MB" if rows else ""))
    return wide, team


def compiling(wide: Path, team: Path, runs: int, warmup: int) -> None:
    """The wide rota's check as these machines run it without a bytecode cache."""
    last = scale.FIRST + timedelta(days=scale.DAYS - 1)
    pair = scale.paired(
        scale.deskplan("check", "--team", str(team), "--rota", str(wide), "--from",
                       scale.FIRST.isoformat(), "--to", last.isoformat()),
        scale.python("-c", _CSV_READ, str(team), str(wide)), runs=runs, warmup=warmup)
    print(f"the wide rota's check compiling deskplan's source each time (editable install, "
          f"PYTHONDONTWRITEBYTECODE): {pair.median('cpu'):.2f} s CPU against the read's "
          f"{pair.median('cpu', anchor=True):.2f} s ({pair.ratio('cpu'):.1f}×)", flush=True)


def weekly_office_floor(codes: np.ndarray, week_starts: np.ndarray) -> np.ndarray:
    """The least any checker must do: office days per person per week."""
    return np.add.reduceat((codes == 1).astype(np.int16), week_starts, axis=1)


def memory(people_count: int, runs: int, warmup: int) -> None:
    plan = scale.plan(people_count)
    last = scale.FIRST + timedelta(days=scale.DAYS - 1)
    codes = plan.rota.matrix(plan.rota.staff_ids, scale.FIRST, last)
    week_starts = np.arange(0, codes.shape[1], 7)
    found: list[int] = []
    # CPU time of this process beside the wall time: on a shared machine the wall time of a
    # run is mostly other people's load.
    cpu: dict[str, list[float]] = {"check": [], "floor": []}

    def on_cpu(name: str, action: Callable[[], object]) -> Callable[[], None]:
        def run() -> None:
            start = time.process_time()
            action()
            cpu[name].append(time.process_time() - start)
        return run

    checks, floors = scale.paired_in_process(
        on_cpu("check", lambda: found.append(len(plan.checker(scale.FIRST, last).conflicts))),
        on_cpu("floor", lambda: weekly_office_floor(codes, week_starts)), repeat=runs,
        warmup=warmup)
    check, floor = statistics.median(checks), statistics.median(floors)
    ratio = statistics.median(a / b for a, b in zip(checks, floors, strict=True))
    check_cpu = statistics.median(cpu["check"][warmup:])
    floor_cpu = statistics.median(cpu["floor"][warmup:])
    scale.row(f"full check in memory, {people_count:,} × {scale.DAYS}, all rules "
              f"({found[-1]:,} conflicts)", f"numpy weekly-count floor {scale.ms(floor)} "
              f"({scale.ms(floor_cpu)} CPU)",
              f"{scale.ms(check)} ({scale.ms(check_cpu)} CPU)", ratio,
              "≤ 50 ms (≤ 10× the floor)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=scale.PEOPLE)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1, help="runs not counted, first")
    parser.add_argument("--only", choices=("files", "memory"))
    args = parser.parse_args()
    scale.header("Checking an organisation")
    made = files(args.people, args.runs, args.warmup) if args.only != "memory" else None
    if args.only != "files":
        memory(args.people, args.runs, args.warmup)
    if made is not None:
        compiling(*made, args.runs, args.warmup)


if __name__ == "__main__":
    main()
