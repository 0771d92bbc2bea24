"""Regenerate the README's pictures of exports: page 1 of each, as a reader sees it.

* `resources/screenshots/pdf-page1.png`: the demo "Control Room" team, March 2025, with its
  conflicts page;
* `resources/screenshots/walkthrough-pdf.png`: the sample team of the README walkthrough
  (`resources/samples/`), April 2025;
* `resources/screenshots/pdf-200-page1.png`: 200 people × March 2025 (the benchmark's team),
  grouped by location;
* `resources/screenshots/xlsx-print-page1.png`: the same team's workbook as LibreOffice prints
  it (`soffice --headless --convert-to pdf`; skipped when LibreOffice is not installed).

Dates and the generation time are fixed, so the pictures change only when the export does.
Pages are rendered with poppler's `pdftoppm`, the way a reader sees them.
Run: `python packaging/make_pdf_picture.py` (needs poppler-utils; LibreOffice Calc for the
workbook).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

from deskplan.domain.demo import demo_organisation
from deskplan.domain.ordering import PeopleOrder
from deskplan.domain.plan import Plan
from deskplan.interchange.pdf_export import PdfOptions, write_pdf
from deskplan.interchange.plan_files import load_plan
from deskplan.interchange.xlsx_export import write_xlsx
from deskplan.resources import sample_path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from bench_export import FIRST, LAST, team

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
        first_page(pdf, target)


def first_page(pdf: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", str(RESOLUTION), "-f", "1", "-l", "1",
                    "-singlefile", str(pdf), str(target.with_suffix(""))], check=True)
    print(f"Wrote {target}")


def workbook_picture(plan: Plan, target: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        print("soffice not found: the workbook picture is left as it is", file=sys.stderr)
        return
    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder) / "rota.xlsx"
        write_xlsx(plan, book, FIRST, LAST)
        subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", folder,
                        str(book)], check=True, capture_output=True)
        first_page(book.with_suffix(".pdf"), target)


def main() -> int:
    if shutil.which("pdftoppm") is None:
        print("pdftoppm not found: install poppler-utils", file=sys.stderr)
        return 1
    picture(demo_organisation(date(2025, 3, 12))[0], date(2025, 3, 1), date(2025, 3, 31),
            PdfOptions(conflicts_page=True, generated=GENERATED), SCREENSHOTS / "pdf-page1.png")
    picture(sample_team(), date(2025, 4, 1), date(2025, 4, 30), PdfOptions(generated=GENERATED),
            SCREENSHOTS / "walkthrough-pdf.png")
    big = team(200)
    picture(big, FIRST, LAST, PdfOptions(generated=GENERATED, order=PeopleOrder.LOCATION),
            SCREENSHOTS / "pdf-200-page1.png")
    workbook_picture(big, SCREENSHOTS / "xlsx-print-page1.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
