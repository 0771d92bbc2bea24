"""How long exports take; the target is the rota PDF of 200 people × 31 days in 0.5 s or less.

Run: `python benchmarks/bench_export.py`. Prints the median of several runs for each export of
a synthetic team (mixed statuses, an arrangement, a month of plan); nothing is asserted here.

Typst memoises layout within a process, so exporting the very same plan again is much faster
than a real export. Every run here first changes one day of each person, as a day of editing
would, so the figures are those of an export after a change (the first export of a process
also loads the fonts and templates: "first PDF" below).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import typst

from deskplan.domain.model import Adjustment, AdjustmentKind, Person, Status
from deskplan.domain.plan import Plan
from deskplan.domain.policy import Location, Policy
from deskplan.domain.rota import Rota
from deskplan.interchange.compliance_pdf import write_report_pdf
from deskplan.interchange.csv_export import CsvLayout, write_csv
from deskplan.interchange.ics_export import write_ics
from deskplan.interchange.pdf_export import PdfOptions, write_pdf
from deskplan.interchange.rota_document import build_rota_document
from deskplan.interchange.xlsx_export import write_xlsx

FIRST, LAST = date(2025, 3, 1), date(2025, 3, 31)
CYCLE = [Status.OFFICE, Status.OFFICE, Status.HOME, Status.OFFICE, Status.HOME,
         Status.OFFICE, Status.LEAVE, Status.OFFICE, Status.TRAINING, Status.HOME]


def team(size: int) -> Plan:
    people = [Person(staff_id=f"S{i:04d}", name=f"Person {i:04d}", role="HR advisor",
                     category="support", location="Lambeth") for i in range(size)]
    rota = Rota(p.staff_id for p in people)
    for i, person in enumerate(people):
        day = FIRST
        while day <= LAST:
            if day.weekday() < 5:
                rota.set(person.staff_id, day, CYCLE[(i + day.toordinal()) % len(CYCLE)])
            day += timedelta(days=1)
    adjustments = [Adjustment(people[1].staff_id, AdjustmentKind.FIXED_HOME_DAYS,
                              date(2024, 1, 1), weekdays=frozenset({0}), reference="FW-1")]
    policy = Policy.default()
    policy = Policy(rules=policy.rules, locations=(Location("Lambeth", size // 2),))
    return Plan(people, rota, policy, adjustments, name=f"Benchmark team of {size}")


def edited(plan: Plan, run: Callable[[], object]) -> Callable[[], object]:
    """`run` after changing one day of everyone, so no export repeats the one before.

    Each run turns a weekday of each person from office to home or back: a real change
    every time. (Setting a status that depends only on the person and the day, as this did
    before, changed nothing once each day had been set once, so every case after the first
    re-exported the same plan and Typst answered from its memo: 0.28 s CPU for a rota that
    costs three times that after an edit.)"""
    count = iter(range(10**6))

    def again() -> object:
        k = next(count)
        for i, person in enumerate(plan.people):
            day = FIRST + timedelta(days=(i + k) % 28)
            if day.weekday() < 5:
                now = plan.rota.cell(person.staff_id, day).status
                plan.rota.set(person.staff_id, day,
                              Status.HOME if now is Status.OFFICE else Status.OFFICE)
        return run()
    return again


def median_seconds(run: Callable[[], object],
                   repeats: int = 5) -> tuple[float, float, float]:
    """Median wall-clock, CPU and calling-thread CPU seconds.

    CPU time (every thread) shows the cost when the machine is busy; the calling thread's share
    says how much of it Typst's worker threads took (little for one long table, which is laid
    out page after page on the calling thread)."""
    run()  # warm up: imports, fonts, the holiday tables
    wall, cpu, own = [], [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        start_own = time.thread_time()
        run()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        own.append(time.thread_time() - start_own)
    return statistics.median(wall), statistics.median(cpu), statistics.median(own)


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="deskplan-bench-"))
    print(f"Python {sys.version.split()[0]}, typst {typst.__version__}; {FIRST} to {LAST}; "
          f"median of 5 runs, each after an edit; {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.2f}")
    start = time.perf_counter()
    write_pdf(team(25), folder / "first.pdf", FIRST, LAST)
    print(f"first PDF of the process (fonts, templates): {time.perf_counter() - start:.3f} s")
    for size in (25, 200):
        plan = team(size)
        cases: dict[str, Callable[[], object]] = {
            "PDF page model only": lambda p=plan: build_rota_document(
                p, FIRST, LAST, PdfOptions(), lambda days, periods: True),
            "PDF rota": lambda p=plan: write_pdf(p, folder / "r.pdf", FIRST, LAST),
            "PDF rota + conflicts page": lambda p=plan: write_pdf(
                p, folder / "c.pdf", FIRST, LAST, PdfOptions(conflicts_page=True)),
            "PDF compliance report": lambda p=plan: write_report_pdf(
                p, folder / "cr.pdf", FIRST, LAST),
            "CSV long": lambda p=plan: write_csv(p, folder / "l.csv", FIRST, LAST),
            "CSV wide": lambda p=plan: write_csv(p, folder / "w.csv", FIRST, LAST,
                                                 CsvLayout.WIDE),
            "XLSX": lambda p=plan: write_xlsx(p, folder / "x.xlsx", FIRST, LAST),
            "iCalendar": lambda p=plan: write_ics(p, folder / "t.ics", FIRST, LAST),
        }
        for label, run in cases.items():
            wall, cpu, own = median_seconds(edited(plan, run))
            print(f"{size:4d} people × 31 days  {label:<26} {wall * 1000:8.1f} ms wall"
                  f"  {cpu * 1000:8.1f} ms CPU  {own * 1000:8.1f} ms CPU of the calling thread")
    pages = write_pdf(team(200), folder / "r.pdf", FIRST, LAST)
    size_kb = (folder / "r.pdf").stat().st_size / 1024
    print(f"200-person rota PDF: {pages} pages, {size_kb:.0f} KB")


if __name__ == "__main__":
    main()
