"""Regenerate the README's pictures of the fairness view and of the evidence PDFs.

* `resources/screenshots/fairness.png`: Policy → Fairness… for the sample team
  (`resources/samples/`) over 2025 under the default policy, with the Civil Service monthly
  policy as the what-if draft (the window offscreen, `widget.grab()`);
* `resources/screenshots/fairness-pdf.png`: page 1 of its "Equality impact evidence" PDF;
* `resources/screenshots/report-pdf.png` and `evidence-pdf.png`: page 1 of the rebuilt
  compliance report for April 2025, and its page of contracted office days not attended,
  with actuals made from the plan (everyone attended as planned, except a few days).

Run: `QT_QPA_PLATFORM=offscreen python packaging/make_fairness_pictures.py` (needs poppler-utils).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

from deskplan.domain.fairness import fairness_report
from deskplan.domain.model import Status
from deskplan.interchange.compliance_pdf import ReportOptions, write_report_pdf
from deskplan.interchange.fairness_export import write_fairness_pdf
from deskplan.interchange.plan_files import load_plan
from deskplan.interchange.policy_file import read_policy
from deskplan.resources import sample_path

SCREENSHOTS = Path(__file__).resolve().parent.parent / "resources" / "screenshots"
GENERATED = datetime(2025, 12, 29, 9, 30)
FIRST, LAST = date(2025, 1, 6), date(2025, 12, 28)


def page(pdf: Path, number: int, target: Path) -> None:
    subprocess.run(["pdftoppm", "-png", "-r", "100", "-f", str(number), "-l", str(number),
                    "-singlefile", str(pdf), str(target.with_suffix(""))], check=True)


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    plan = load_plan(sample_path("team.xlsx"), sample_path("rota-wide.csv"),
                     sample_path("adjustments.csv"), sample_path("policy-default.toml"))
    plan.name = "Sample team"
    draft = read_policy(sample_path("policy-civil-service-monthly.toml"))
    from PySide6.QtWidgets import QApplication

    from deskplan.ui.fairness_dialog import FairnessDialog

    app = QApplication.instance() or QApplication(sys.argv)
    dialog = FairnessDialog(plan, FIRST, LAST, draft=draft)
    dialog.resize(1100, 860)
    dialog.show()
    while dialog.report is None:
        app.processEvents()
    app.processEvents()
    dialog.grab().save(str(SCREENSHOTS / "fairness.png"))
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "fairness.pdf"
        write_fairness_pdf(fairness_report(plan.people, plan.policy, plan.adjustments, FIRST,
                                           LAST, draft=draft, team=plan.name), pdf,
                           generated=GENERATED)
        page(pdf, 1, SCREENSHOTS / "fairness-pdf.png")
        actuals = plan.rota.copy()
        for staff_id, day, status in (("100412", date(2025, 4, 8), Status.HOME),
                                      ("100412", date(2025, 4, 9), Status.SICK),
                                      ("100455", date(2025, 4, 15), Status.HOME),
                                      ("100538", date(2025, 4, 22), Status.UNPLANNED)):
            actuals.set(staff_id, day, status)
        report = Path(folder) / "report.pdf"
        pages = write_report_pdf(plan, report, date(2025, 4, 7), date(2025, 4, 27),
                                 ReportOptions(actuals=actuals, generated=GENERATED))
        page(report, 1, SCREENSHOTS / "report-pdf.png")
        page(report, pages, SCREENSHOTS / "evidence-pdf.png")


if __name__ == "__main__":
    main()
