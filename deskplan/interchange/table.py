"""A spreadsheet-shaped file read into rows, whatever it came from.

CSV files arrive from Excel in Windows-1252 or UTF-8 (with or without a byte-order mark), with
commas or semicolons: all are read the same way here, so every parser works on plain rows.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from deskplan.domain.errors import InputError, Problem

_ENCODINGS = ("utf-8-sig", "cp1252")


@dataclass(frozen=True)
class Table:
    """Header and data rows of one sheet; `row_numbers[i]` is where row i sits in the file."""

    source: str
    header: list[str]
    rows: list[list[str]]
    row_numbers: list[int]
    header_row: int = 1
    sheet: str | None = None

    def cell(self, row: list[str], column: int) -> str:
        return row[column].strip() if column < len(row) else ""


def decode(data: bytes, source: str) -> str:
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError([Problem("the file is neither UTF-8 nor Windows-1252 text", file=source)])


def read_csv(path: Path) -> Table:
    """Read a CSV file; the header is the first non-empty row."""
    source = path.name
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError([Problem(f"cannot read the file: {error.strerror}", file=str(path))]) \
            from None
    return parse_csv_text(decode(data, source), source)


def parse_csv_text(text: str, source: str) -> Table:
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    numbered = [(i + 1, r) for i, r in enumerate(records) if any(c.strip() for c in r)]
    if not numbered:
        raise InputError([Problem("the file is empty", file=source)])
    (header_row, header), *body = numbered
    return Table(
        source=source,
        header=[h.strip() for h in header],
        rows=[r for _, r in body],
        row_numbers=[n for n, _ in body],
        header_row=header_row,
    )
