"""Regenerate the README's pictures of Plan…, from the walkthrough's sample team.

* `resources/screenshots/plan-draft.png`: the four weeks after the sample rota (2-29 June
  2025) planned: the draft, its summary and the days it sets;
* `resources/screenshots/plan-draft-grid.png`: that draft shown in the grid (Show in the grid),
  its days marked, with the bar that accepts or discards it;
* `resources/screenshots/plan-infeasible.png`: the four weeks from the August bank holiday
  (25 August 2025) with 12 desks at Lambeth instead of 14: why no plan meets every rule, and
  what the plan that breaks the fewest rules breaks.

Run: `QT_QPA_PLATFORM=offscreen python packaging/make_plan_pictures.py`. The planner is
deterministic, so the pictures change only when the planner or the dialog does (the seconds
shown are measured).
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QLocale, QSettings
from PySide6.QtWidgets import QApplication

from deskplan.domain.plan import Plan
from deskplan.interchange.plan_files import load_plan
from deskplan.resources import sample_path
from deskplan.ui.app import application
from deskplan.ui.main_window import MainWindow
from deskplan.ui.store import MemoryStore

SCREENSHOTS = Path(__file__).resolve().parent.parent / "resources" / "screenshots"
TODAY = date(2025, 6, 2)


def sample_plan(lambeth_desks: int | None = None) -> Plan:
    plan = load_plan(sample_path("team.csv"), sample_path("rota-wide.csv"),
                     sample_path("adjustments.csv"), sample_path("policy-default.toml"))
    plan.name = "Sample team"
    if lambeth_desks is not None:
        plan.policy = replace(plan.policy, locations=tuple(
            replace(site, capacity=lambeth_desks) if site.name == "Lambeth" else site
            for site in plan.policy.locations))
    return plan


def picture(plan: Plan, first: date, last: date, path: Path, folder: Path,
            grid: Path | None = None) -> str:
    settings = QSettings(str(folder / f"{path.stem}.ini"), QSettings.Format.IniFormat)
    window = MainWindow(MemoryStore([plan]), settings, today=TODAY)
    window.resize(1400, 860)
    window.show()
    dialog = window.plan_dialog()
    dialog.from_box.setDate(first)
    dialog.to_box.setDate(last)
    dialog.everyone_button.setChecked(True)
    dialog.resize(760, 640)
    dialog.show()
    dialog.start()
    while dialog.job is not None:
        QApplication.processEvents()
    for _ in range(5):
        QApplication.processEvents()
    dialog.grab().save(str(path))
    summary = dialog.result_plan.summary() if dialog.result_plan else ""
    if grid is not None:
        window.apply_plan(dialog)  # Show in the grid: the draft, not yet saved
        for _ in range(5):
            QApplication.processEvents()
        window.grab().save(str(grid))
    dialog.close()
    window.close()
    return summary


def main() -> int:
    QLocale.setDefault(QLocale("en_GB"))
    app = application()
    app.setStyle("Fusion")
    folder = Path(tempfile.mkdtemp(prefix="deskplan-plan-shots-"))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shots = (
        (sample_plan(), date(2025, 6, 2), date(2025, 6, 29), "plan-draft.png",
         "plan-draft-grid.png"),
        (sample_plan(lambeth_desks=12), date(2025, 8, 25), date(2025, 9, 21),
         "plan-infeasible.png", None),
    )
    for plan, first, last, name, grid in shots:
        summary = picture(plan, first, last, SCREENSHOTS / name, folder,
                          SCREENSHOTS / grid if grid else None)
        sys.stdout.write(f"wrote {SCREENSHOTS / name}: {summary}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
