"""Regenerate the README's pictures of exported rota PDFs, page 1 of each.

* `resources/screenshots/pdf-page1.png`: the demo "Control Room" team, March 2025, with its
  conflicts page;
* `resources/screenshots/walkthrough-pdf.png`: the sample team of the README walkthrough
  (`resources/samples/`), April 2025.

Dates and the generation time are fixed, so the pictures change only when the export does.
Pages are rendered with poppler's `pdftoppm`, the way a reader sees them.
Run: `python scripts/make_pdf_picture.py` (needs poppler-utils).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from deskplan.domain.demo import demo_organisation
from deskplan.domain.plan import Plan
from deskplan.interchange.pdf_export import PdfOptions, write_pdf
from deskplan.interchange.pdf_pages import start_offscreen_application
from deskplan.interchange.plan_files import load_plan
from deskplan.resources import sample_path

SCREENSHOTS = Path(__file__).resolve().parent.parent / "resources" / "screenshots"
RESOLUTION = 100  # dots per inch: A4 landscape becomes 1169 × 827 pixels
GENERATED = datetime(2025, 3, 12, 9, 30)


def sample_team() -> Plan:
    plan = load_plan(sample_path("team.xlsx"), sample_path("rota-wide.csv"),
                     sample_path("adjustments.csv"), sample_path("policy-default.toml"))
    plan.name = "Sample team"
    return plan


def picture(plan: Plan, first: date, last: date, options: PdfOptions, target: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "rota.pdf"
        write_pdf(plan, pdf, first, last, options)
        target.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["pdftoppm", "-png", "-r", str(RESOLUTION), "-f", "1", "-l", "1",
                        "-singlefile", str(pdf), str(target.with_suffix(""))], check=True)
    print(f"Wrote {target}")


def main() -> int:
    if shutil.which("pdftoppm") is None:
        print("pdftoppm not found: install poppler-utils", file=sys.stderr)
        return 1
    start_offscreen_application()
    picture(demo_organisation(date(2025, 3, 12))[0], date(2025, 3, 1), date(2025, 3, 31),
            PdfOptions(conflicts_page=True, generated=GENERATED), SCREENSHOTS / "pdf-page1.png")
    picture(sample_team(), date(2025, 4, 1), date(2025, 4, 30), PdfOptions(generated=GENERATED),
            SCREENSHOTS / "walkthrough-pdf.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
