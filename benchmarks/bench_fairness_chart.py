"""What the fairness view costs: start-up of the main window (which must not import the chart
library), importing pyqtgraph when Policy → Fairness… opens, and working out the figures.

Each import is timed in a fresh process (PYTHONDONTWRITEBYTECODE as on these machines), the
median of five runs. Prints numbers only.
Run: `QT_QPA_PLATFORM=offscreen python benchmarks/bench_fairness_chart.py`
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from datetime import date
from fractions import Fraction

RUNS = 5


def fresh(code: str) -> float:
    """Seconds a fresh interpreter takes to run `code` (its own timing, start excluded)."""
    script = f"import time; t = time.perf_counter(); {code}; print(time.perf_counter() - t)"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONDONTWRITEBYTECODE": "1"}
    times = [float(subprocess.run([sys.executable, "-c", script], env=env, check=True,
                                  capture_output=True, text=True).stdout.split()[-1])
             for _ in range(RUNS)]
    return statistics.median(times)


def main() -> None:
    window = fresh("import deskplan.ui.main_window as m, sys; "
                   "assert 'pyqtgraph' not in sys.modules")
    print(f"import the main window (no pyqtgraph):  {window * 1000:7.0f} ms")
    chart = fresh("import PySide6.QtWidgets, numpy; t0 = time.perf_counter(); "
                  "import pyqtgraph; print(time.perf_counter() - t0)")
    print(f"import pyqtgraph on top of Qt + numpy:   {chart * 1000:7.0f} ms")
    dialog = fresh("import deskplan.ui.fairness_dialog")
    print(f"import the fairness dialog (cold):       {dialog * 1000:7.0f} ms")

    from deskplan.domain.fairness import fairness_report
    from deskplan.domain.model import Person, WorkingPattern
    from deskplan.domain.policy import Policy, Rule

    patterns = [WorkingPattern.from_days(range(days), [27000]) for days in (5, 4, 3, 2)]
    for size in (100, 1000, 11000):
        people = [Person(f"S{i}", f"P{i}", category="support", location="HQ",
                         pattern=patterns[i % 4]) for i in range(size)]
        policy = Policy(rules=(Rule(Fraction(4, 5), category="support"),))
        start = time.perf_counter()
        fairness_report(people, policy, [], date(2025, 1, 6), date(2025, 12, 28))
        print(f"fairness report, {size:>6} people × 51 weeks, 5 measures: "
              f"{time.perf_counter() - start:6.2f} s")


if __name__ == "__main__":
    main()
