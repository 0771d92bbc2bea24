"""The organisation overview as files: one table as CSV, or all three as a tagged PDF."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path
from typing import Any

from deskplan.domain.calendar import describe_day
from deskplan.interchange.export_scope import output_error
from deskplan.interchange.pdf_setup import PageSetup
from deskplan.interchange.sanitise import neutralise
from deskplan.interchange.typst_pdf import render_pdf
from deskplan.overview import Cell, Overview, OverviewTable, summary, tables


def csv_text(value: Cell) -> str:
    """Plain values a spreadsheet reads back: ISO dates, bare numbers, nothing for none."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return neutralise(str(value)) if isinstance(value, str) else str(value)


def write_overview_csv(overview: Overview, key: str, path: Path) -> int:
    """Write the table `key` (compliance, desks or reviews); return how many rows."""
    table = next(t for t in tables(overview) if t.key == key)
    try:
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(table.columns)
            writer.writerows([csv_text(c) for c in row] for row in table.rows)
    except OSError as error:
        raise output_error(path, error) from None
    return len(table.rows)


def shown(value: Cell) -> str:
    if value is None:
        return "–"
    if isinstance(value, date):
        return describe_day(value)
    return f"{value:,}" if isinstance(value, int) else value


def write_overview_pdf(overview: Overview, path: Path, generated: datetime | None = None,
                       setup: PageSetup | None = None) -> int:
    """All three tables, headers repeated on every page; return the page count."""
    generated = generated or datetime.now().astimezone()
    setup = setup or PageSetup()
    period = f"{describe_day(overview.first)} – {describe_day(overview.last)}"
    data: dict[str, Any] = {
        "title": "Organisation overview", "author": "deskplan",
        "subject": f"Compliance, desk use and reviews due across the organisation, {period}",
        "subtitle": f"{period}  ·  {summary(overview)}",
        "generated": f"Generated {generated.day} {generated:%b %Y at %H:%M}",
        "footer": f"deskplan  ·  organisation overview  ·  {period}",
        "paper": setup.paper.typst_name, "landscape": setup.landscape,
        "content_width": setup.content_width_mm,
        "tables": [_table_data(t) for t in tables(overview)],
    }
    return render_pdf("overview.typ", data, path, generated)


def _table_data(table: OverviewTable) -> dict[str, Any]:
    return {"title": table.title, "columns": list(table.columns),
            "numeric": [all(isinstance(r[i], int) or r[i] is None for r in table.rows)
                        and bool(table.rows) for i in range(len(table.columns))],
            "rows": [{"cells": [shown(c) for c in row], "flagged": flagged}
                     for row, flagged in zip(table.rows, table.flagged, strict=True)]}
