"""Excel workbooks read into the same rows as a CSV file.

HR exports often put a title block above the header ("Establishment report", "Run on: 1 March
2025"), so the header is not necessarily row 1: it is the first row that is as wide as the
widest of the rows near the top, since title lines are narrower than the table below them.
"""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

from deskplan.domain.errors import InputError, Problem
from deskplan.interchange.table import Table


def sheet_names(path: Path) -> list[str]:
    workbook = _open(path)
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def read_xlsx(path: Path, sheet: str | None = None) -> Table:
    workbook = _open(path)
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            raise InputError([Problem(
                f"no sheet named {sheet!r}; the workbook has {', '.join(workbook.sheetnames)}",
                file=path.name,
            )])
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        numbered = [
            (number, [_text(v) for v in values])
            for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1)
        ]
    finally:
        workbook.close()
    numbered = [(n, r) for n, r in numbered if any(c.strip() for c in r)]
    header_at = _header_index([r for _, r in numbered])
    if header_at is None:
        raise InputError([Problem("the sheet has no header row", file=path.name,
                                  sheet=worksheet.title)])
    header_row, header = numbered[header_at]
    body = numbered[header_at + 1 :]
    return Table(
        source=path.name, header=[h.strip() for h in header], rows=[r for _, r in body],
        row_numbers=[n for n, _ in body], header_row=header_row, sheet=worksheet.title,
    )


_HEADER_SEARCH_ROWS = 30


def _header_index(rows: list[list[str]]) -> int | None:
    """The first row with as many filled cells as any of the first rows (and at least two)."""
    widths = [sum(1 for c in r if c.strip()) for r in rows[:_HEADER_SEARCH_ROWS]]
    widest = max(widths, default=0)
    if widest < 2:
        return None
    return widths.index(widest)


def _open(path: Path) -> Any:
    from openpyxl import load_workbook  # deferred: openpyxl is slow to import, rarely needed

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise InputError([Problem("no such file", file=str(path))]) from None
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise InputError([Problem(f"not a readable Excel workbook ({error})", file=path.name)]) \
            from None


def _text(value: Any) -> str:
    """Cell values as the text a CSV would hold; dates become ISO dates."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else \
            value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
