"""Regenerate the README's picture of an exported rota PDF: `resources/screenshots/pdf-page1.png`.

Exports the demo "Control Room" team for March 2025 (a fixed date, so the picture only changes
when the export does) and renders page 1 with poppler's `pdftoppm`, the way a reader sees it.
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
from deskplan.interchange.pdf_export import PdfOptions, write_pdf
from deskplan.interchange.pdf_pages import start_offscreen_application

TARGET = Path(__file__).resolve().parent.parent / "resources" / "screenshots" / "pdf-page1.png"
RESOLUTION = 100  # dots per inch: A4 landscape becomes 1169 × 827 pixels


def main() -> int:
    if shutil.which("pdftoppm") is None:
        print("pdftoppm not found: install poppler-utils", file=sys.stderr)
        return 1
    start_offscreen_application()
    plan = demo_organisation(date(2025, 3, 12))[0]
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "rota.pdf"
        write_pdf(plan, pdf, date(2025, 3, 1), date(2025, 3, 31),
                  PdfOptions(conflicts_page=True, generated=datetime(2025, 3, 12, 9, 30)))
        TARGET.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["pdftoppm", "-png", "-r", str(RESOLUTION), "-f", "1", "-l", "1",
                        "-singlefile", str(pdf), str(TARGET.with_suffix(""))], check=True)
    print(f"Wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
