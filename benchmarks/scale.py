"""Shared by the organisation-scale benchmarks (`bench_scale_*.py`): an organisation of 11,000
people with a year of plausible rota, its files, and a fair way to time whole processes.

Every figure is printed beside an anchor measured in the same run — the cheapest honest way to
do the same job (read the same file with the csv module, count office days with numpy, open a
bare window) — and the ratio of the two is what to read: these machines are shared and their
speed drifts, a ratio measured pair by pair does not.
"""

from __future__ import annotations

import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path

import numpy as np

from deskplan.domain.calendar import bank_holidays
from deskplan.domain.model import (
    Adjustment,
    AdjustmentKind,
    Nation,
    Person,
    Status,
    WorkingPattern,
)
from deskplan.domain.plan import Plan
from deskplan.domain.policy import CoverageRule, Location, Policy, Rule
from deskplan.domain.rota import Rota

ROOT = Path(__file__).resolve().parents[1]
FIRST = date(2025, 1, 6)  # a Monday
PEOPLE = 11_000
DAYS = 365
SITES = [f"Site {i}" for i in range(40)]
ROLES = ["Call handler", "Analyst", "HR advisor", "Supervisor"]
_PART_TIME = WorkingPattern.from_days([0, 1, 2], [27000])


def organisation(people_count: int = PEOPLE, seed: int = 1) -> list[Person]:
    """Full-timers (Mon-Fri) and every fifth person part-time (Mon-Wed), in four roles at 40
    sites in the four nations."""
    rng = np.random.default_rng(seed)
    roles = rng.integers(0, len(ROLES), people_count)
    sites = rng.integers(0, len(SITES), people_count)
    nations = list(Nation)
    where = rng.integers(0, len(nations), people_count)
    return [
        Person(staff_id=f"E{i:06d}", name=f"Person {i}", role=ROLES[roles[i]],
               category="operational" if roles[i] % 2 == 0 else "support",
               location=SITES[sites[i]], nation=nations[where[i]],
               pattern=WorkingPattern.standard() if i % 5 else _PART_TIME)
        for i in range(people_count)
    ]


def year_matrix(people: Sequence[Person], first: date = FIRST, days: int = DAYS,
                seed: int = 2) -> np.ndarray:
    """(people × days) cell codes as a careful manager plans them: on each working day that is
    no bank holiday, 3% leave, then four office days a week among the rest, home otherwise."""
    rng = np.random.default_rng(seed)
    weeks = -(-days // 7)
    width = weeks * 7
    last = first + timedelta(days=width - 1)
    working = np.zeros((len(people), width), dtype=bool)
    weekday = np.arange(width) % 7  # `first` is a Monday
    closed = {n: [(d - first).days for d in bank_holidays(n, first, last)] for n in Nation}
    for row, person in enumerate(people):
        working[row] = np.isin(weekday, list(person.pattern.weekdays))
        working[row, closed[person.nation]] = False
    leave = working & (rng.random(working.shape) < 0.03)
    present = working & ~leave
    keys = np.where(present, rng.random(working.shape), 2.0).reshape(len(people), weeks, 7)
    rank = keys.argsort(axis=2).argsort(axis=2).reshape(len(people), width)
    office = present & (rank < 4)
    codes = np.zeros(working.shape, dtype=np.uint8)
    codes[present] = Status.HOME
    codes[office] = Status.OFFICE
    codes[leave] = Status.LEAVE
    return codes[:, :days]


def policy() -> Policy:
    """80% for operational roles, 60% for support, desks at every site, supervisors' cover."""
    return Policy(
        rules=(Rule(Fraction(4, 5), category="operational"),
               Rule(Fraction(3, 5), category="support")),
        locations=tuple(Location(name, 250) for name in SITES),
        coverage=(CoverageRule("Supervisor", 3),),
    )


def plan(people_count: int = PEOPLE, days: int = DAYS) -> Plan:
    """The organisation as one team, with a reduced share for every fiftieth person."""
    people = organisation(people_count)
    rota = Rota.from_matrix([p.staff_id for p in people], FIRST, year_matrix(people, days=days))
    adjustments = [Adjustment(p.staff_id, AdjustmentKind.REDUCED_SHARE, FIRST,
                              share=Fraction(2, 5)) for p in people[::50]]
    return Plan(people=people, rota=rota, policy=policy(), adjustments=adjustments,
                name="Organisation")


# --- files --------------------------------------------------------------------------------------
TEAM_HEADER = ["Employee ID", "Name", "Job title", "Category", "Site", "Country",
               "Working pattern", "Contracted hours"]
_LETTERS = {int(s): s.letter if s else "" for s in Status}


def write_team(path: Path, people: Sequence[Person]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(TEAM_HEADER)
        for p in people:
            full = p.pattern == WorkingPattern.standard()
            writer.writerow([p.staff_id, p.name, p.role, p.category, p.location,
                             p.nation.label, "Mon-Fri" if full else "Mon-Wed",
                             "37.5" if full else "22.5"])


def write_wide_rota(path: Path, people: Sequence[Person], codes: np.ndarray,
                    first: date = FIRST) -> None:
    """staff id, then one column per day (dd/mm/yyyy), a letter or empty in each cell."""
    letters = np.array([_LETTERS.get(c, "") for c in range(256)], dtype=object)
    days = [first + timedelta(days=i) for i in range(codes.shape[1])]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Employee ID", *(d.strftime("%d/%m/%Y") for d in days)])
        for person, row in zip(people, letters[codes], strict=True):
            writer.writerow([person.staff_id, *row])


def write_long_rota(path: Path, people: Sequence[Person], codes: np.ndarray,
                    first: date = FIRST) -> None:
    """staff id, date, status: one row for every person and day (empty on days not planned),
    as a rota exported from a workforce system lists them."""
    letters = [_LETTERS.get(c, "") for c in range(256)]
    days = [(first + timedelta(days=i)).isoformat() for i in range(codes.shape[1])]
    with path.open("w", newline="", encoding="utf-8") as handle:
        handle.write("staff_id,date,status\n")
        for person, row in zip(people, codes.tolist(), strict=True):
            staff_id = person.staff_id
            handle.writelines(f"{staff_id},{day},{letters[code]}\n"
                              for day, code in zip(days, row, strict=True))


def scratch(prefix: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=f"deskplan-{prefix}-"))


# --- whole processes ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float  # user + system seconds of the process (and its children it waited for)
    peak_mb: float  # the largest resident size the process reached
    exit_code: int


def run_process(command: Sequence[str], env: dict[str, str] | None = None, *,
                bytecode: bool = False) -> Run:
    """Run `command` to its end; the kernel's own accounting of what it used. With `bytecode`
    the child may write and read compiled modules (PYTHONDONTWRITEBYTECODE unset)."""
    environment = {**os.environ, **(env or {})}
    if bytecode:
        environment.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors,
                                   env=environment)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode not in (0, 1):  # 1: `deskplan check` found conflicts
            errors.seek(0)
            sys.exit(f"{' '.join(command)} failed ({process.returncode}):\n"
                     f"{errors.read().decode(errors='replace')[-2000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
               process.returncode)


@dataclass(frozen=True)
class Pair:
    """Runs of a command and its anchor, taken in turn (A B A B ...)."""

    runs: list[Run]
    anchors: list[Run]

    def median(self, field: str, anchor: bool = False) -> float:
        return statistics.median(getattr(r, field) for r in (self.anchors if anchor
                                                             else self.runs))

    def ratio(self, field: str) -> float:
        """The median of the pair-by-pair ratios."""
        return statistics.median(getattr(a, field) / max(getattr(b, field), 1e-9)
                                 for a, b in zip(self.runs, self.anchors, strict=True))


def paired(command: Sequence[str], anchor: Sequence[str], runs: int = 5, warmup: int = 1,
           env: dict[str, str] | None = None, bytecode: bool = False) -> Pair:
    measured: list[Run] = []
    anchors: list[Run] = []
    for i in range(warmup + runs):
        a = run_process(command, env, bytecode=bytecode)
        b = run_process(anchor, env, bytecode=bytecode)
        if i >= warmup:
            measured.append(a)
            anchors.append(b)
    return Pair(measured, anchors)


def python(*arguments: str) -> list[str]:
    """This interpreter, as a user's shell would start it (no bytecode written, as on these
    machines)."""
    return [sys.executable, *arguments]


def deskplan(*arguments: str) -> list[str]:
    """The `deskplan` command of this environment, as installed (its console script)."""
    return [str(Path(sys.executable).with_name("deskplan")), *arguments]


# --- in-process figures -------------------------------------------------------------------------
def timed(action: Callable[[], object], repeat: int, warmup: int = 1) -> list[float]:
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return samples


def paired_in_process(action: Callable[[], object], anchor: Callable[[], object],
                      repeat: int, warmup: int = 1) -> tuple[list[float], list[float]]:
    """Timings of `action` and `anchor` taken in turn."""
    for _ in range(warmup):
        action()
        anchor()
    first, second = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        first.append(time.perf_counter() - start)
        start = time.perf_counter()
        anchor()
        second.append(time.perf_counter() - start)
    return first, second


def row(measure: str, anchor: str, value: str, ratio: float, target: str) -> None:
    """One line of the README's table: the measure, its anchor and deskplan's figure, the ratio
    of the two, the target."""
    print(f"| {measure} | {anchor} | {value} ({ratio:.1f}×) | {target} |", flush=True)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 0.1 else f"{seconds * 1000:.0f} ms"


def header(what: str) -> None:
    print(f"{what}: Python {sys.version.split()[0]}, {os.cpu_count()} cores; medians; the "
          "ratio is deskplan ÷ anchor, pair by pair")
    print("| measure | anchor | deskplan (× anchor) | target |")
    print("|---|---|---|---|", flush=True)
