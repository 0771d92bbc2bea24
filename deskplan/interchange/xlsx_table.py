"""Workbooks (Excel .xlsx/.xlsm and .xls, OpenDocument .ods) read into the same rows as a CSV.

HR exports often put a title block above the header ("Establishment report", "Run on: 1 March
2025"), so the header is not necessarily row 1: it is the first row that is as wide as the
widest of the rows near the top, since title lines are narrower than the table below them.
A merged range (a `Site` written once beside six people) is read as its value in every cell it
covers, which is what the person who merged it meant.

The reader is python-calamine (Rust): an 11,000-row team sheet takes 0.15 s where openpyxl's
read-only mode took 2.7 s (`benchmarks/bench_readers.py`). It trusts its input, so for .xlsx
and .ods `workbook_guard` inflates and measures the file first, and an .xls (a binary format
with sizes everywhere) is read in a memory-limited child process (`workbook_child`); whatever
the reader still raises on a damaged file becomes a refusal naming the file.
"""

from __future__ import annotations

import itertools
import logging
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from deskplan.domain.errors import InputError, Problem
from deskplan.interchange.file_kind import FileKind, sniff
from deskplan.interchange.limits import (
    MAX_FILE_BYTES,
    CancelCheck,
    ReadCancelledError,
    cancellable,
    check_cancelled,
    megabytes,
    never_cancelled,
)
from deskplan.interchange.table import Table, clean_records, table_from_records
from deskplan.interchange.workbook_child import read_isolated
from deskplan.interchange.workbook_guard import (
    Extent,
    check_xlsx,
    ods_sheets,
    xlsx_sheet_parts,
)

log = logging.getLogger(__name__)
_HEADER_SEARCH_ROWS = 30
_RESAVE = "open it in Excel or LibreOffice and save it again, or save it as .csv"
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
_PASSWORD = ("this workbook is protected by a password, so deskplan cannot read it: remove the "
             "password in Excel and save it again, or save it as .csv")


def _refuse(source: str, message: str, sheet: str | None = None) -> InputError:
    return InputError([Problem(message, file=source, sheet=sheet)])


def workbook_kind(path: Path) -> FileKind | None:
    """The workbook format of `path` by its content, None for text (or no such file)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8192)
    except OSError:
        return None
    kind = sniff(path, head)
    return None if kind is FileKind.TEXT else kind


def sheet_names(path: Path, cancelled: CancelCheck = never_cancelled) -> list[str]:
    kind = workbook_kind(path)
    if kind is None:
        return []
    return _sheets(path, kind, cancelled)[0]


def _sheets(path: Path, kind: FileKind, cancelled: CancelCheck
            ) -> tuple[list[str], dict[str, str], dict[str, Extent]]:
    """Sheet names, with the xlsx parts or the ods extents the guard found for them."""
    source = path.name
    _check_size(path)
    if kind is FileKind.XLSX:
        parts = xlsx_sheet_parts(path, source, cancelled)
        return list(parts), parts, {}
    if kind is FileKind.ODS:
        extents = ods_sheets(path, source, cancelled)
        return list(extents), {}, extents
    answer = read_isolated(path, None, cancelled, names_only=True)
    _refuse_reader_error(source, answer)
    return list(answer["names"]), {}, {}


def _check_size(path: Path) -> None:
    try:
        size = path.stat().st_size
    except OSError as error:
        raise _refuse(str(path), f"cannot read the file: {error.strerror}") from None
    if size > MAX_FILE_BYTES:
        raise _refuse(path.name, f"the file is {megabytes(size)}, more than the "
                      f"{megabytes(MAX_FILE_BYTES)} deskplan reads: is it the right file?")


def read_workbook(path: Path, sheet: str | None = None, kind: FileKind | None = None,
                  cancelled: CancelCheck = never_cancelled) -> Table:
    """One sheet (default: the first) of a workbook, checked by the guard before reading."""
    source = path.name
    kind = kind or workbook_kind(path) or FileKind.XLSX
    if kind is FileKind.XLS:  # one child process gives the names and the sheet together
        _check_size(path)
        answer = read_isolated(path, sheet, cancelled)
        _refuse_reader_error(source, answer, sheet)
        names, parts, extents = list(answer["names"]), {}, {}
    else:
        names, parts, extents = _sheets(path, kind, cancelled)
    if not names:
        raise _refuse(source, f"the workbook has no sheets; {_RESAVE}")
    if sheet is not None and sheet not in names:
        raise _refuse(source, f"no sheet named {sheet!r}; the workbook has "
                      f"{', '.join(names)}")
    name = sheet if sheet is not None else names[0]
    if kind is FileKind.XLSX:
        check_xlsx(path, source, name, parts[name], cancelled)
    elif kind is FileKind.ODS:
        extents[name].check(source, name, from_origin=True)
    check_cancelled(cancelled)
    if kind is FileKind.XLS:
        records, merged = _isolated_cells(answer)
    else:
        records, merged = _calamine(
            source, lambda: _cells(path, name, kind, extents, cancelled), name)
    check_cancelled(cancelled)
    records = clean_records(records, source, name, cancelled)
    # The header is among the first filled rows: a million-row sheet is not walked for it.
    filled = list(itertools.islice(((n, r) for n, r in records if any(c.strip() for c in r)),
                                   _HEADER_SEARCH_ROWS))
    header_at = _header_index([r for _, r in filled])
    if header_at is None:
        raise _refuse(source, "the sheet has no header row (a row with at least two "
                      "headings)", name)
    _fill_merged(records, merged)
    return table_from_records(records, source, name, cancelled,
                              header_row=filled[header_at][0], clean=False)


def _open(path: Path) -> Any:
    from python_calamine import CalamineWorkbook  # deferred: only wanted to read a workbook

    return CalamineWorkbook.from_path(str(path))


def _cells(path: Path, name: str, kind: FileKind, extents: dict[str, Extent],
           cancelled: CancelCheck = never_cancelled,
           ) -> tuple[list[tuple[int, list[str]]], list[tuple[int, int, int, int]]]:
    """(row number, texts) of every row the reader returns, and the merged ranges in the same
    coordinates (0-based: first row, first column, last row, last column). The rows become
    texts a block at a time, asking `cancelled` between blocks (a million rows take seconds)."""
    worksheet = _open(path).get_sheet_by_name(name)
    values = worksheet.to_python()
    top, left = worksheet.start or (0, 0)
    records = [(number, [value_text(v) for v in row])
               for number, row in enumerate(cancellable(values, cancelled), start=top + 1)]
    if kind is FileKind.ODS:
        ranges = extents[name].merged
    else:
        ranges = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in worksheet.merged_cell_ranges or ()]
    merged = [(r0 - top, c0 - left, r1 - top, c1 - left) for r0, c0, r1, c1 in ranges]
    return records, merged


def _isolated_cells(answer: dict[str, Any]
                    ) -> tuple[list[tuple[int, list[str]]], list[tuple[int, int, int, int]]]:
    """`_cells` for an .xls, from the answer of the memory-limited child (`workbook_child`)."""
    top, left = answer["start"]
    records = [(top + i + 1, row) for i, row in enumerate(answer["rows"])]
    merged = [(r0 - top, c0 - left, r1 - top, c1 - left) for r0, c0, r1, c1 in answer["merged"]]
    return records, merged


def _refuse_reader_error(source: str, answer: dict[str, Any], sheet: str | None = None) -> None:
    if "error" not in answer:
        return
    log.info("the workbook reader refused %s: %s", source, answer["error"])
    if answer.get("kind") == "PasswordError":
        raise _refuse(source, _PASSWORD, sheet)
    if answer.get("kind") == "limit":
        raise _refuse(source, answer["error"], sheet)
    raise _refuse(source, f"the workbook is damaged and cannot be read ({answer['error']}); "
                  f"{_RESAVE}", sheet)


def _calamine(source: str, read: Any, sheet: str | None = None) -> Any:
    """Run a call into the reader; any failure of it on this file is the file's damage.

    The reader is given only files the guard has measured, so what it raises here is about
    the file's content (bad XML, a missing part, a password), not about deskplan."""
    try:
        return read()
    except (InputError, ReadCancelledError):  # a refusal of ours, or the user's Cancel
        raise
    except BaseException as error:
        if isinstance(error, (KeyboardInterrupt, SystemExit, MemoryError)):
            raise
        log.info("the workbook reader refused %s: %r", source, error)
        kind = type(error).__name__
        if kind == "PasswordError":
            raise _refuse(source, _PASSWORD, sheet) from None
        detail = str(error).splitlines()[0] if str(error) else kind
        raise _refuse(source, f"the workbook is damaged and cannot be read ({detail}); "
                      f"{_RESAVE}", sheet) from None


def _fill_merged(records: list[tuple[int, list[str]]],
                 merged: list[tuple[int, int, int, int]]) -> None:
    """Give every cell a merged range covers the value of its top-left cell, within the rows
    and columns the sheet has (a range cannot make the sheet bigger)."""
    for first_row, first_column, last_row, last_column in merged:
        if not 0 <= first_row < len(records) or first_column < 0:
            continue
        top_row = records[first_row][1]
        if first_column >= len(top_row):
            continue
        value = top_row[first_column]
        for index in range(first_row, min(last_row, len(records) - 1) + 1):
            row = records[index][1]
            for column in range(first_column, min(last_column, len(row) - 1) + 1):
                row[column] = value


def _header_index(rows: list[list[str]]) -> int | None:
    """The first row with as many filled cells as any of the first rows (and at least two)."""
    widths = [sum(1 for c in r if c.strip()) for r in rows[:_HEADER_SEARCH_ROWS]]
    widest = max(widths, default=0)
    if widest < 2:
        return None
    return widths.index(widest)


def value_text(value: Any) -> str:
    """Cell values as the text a CSV would hold; dates become ISO dates."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else \
            value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return f"{value.hour}:{value.minute:02d}" if not value.second else value.isoformat()
    if isinstance(value, timedelta):
        minutes, seconds = divmod(int(value.total_seconds()), 60)
        return f"{minutes // 60}:{minutes % 60:02d}" + (f":{seconds:02d}" if seconds else "")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
