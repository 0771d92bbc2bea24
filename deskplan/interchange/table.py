"""A spreadsheet-shaped file read into rows, whatever it came from.

CSV files arrive from Excel in Windows-1252, UTF-8 (with or without a byte-order mark) or UTF-16
("Unicode text", tab-separated), with commas, semicolons or tabs, sometimes with Excel's
`sep=;` first line: all are read the same way here, so every parser works on plain rows. The
quoting is read strictly: a quote mark left open would otherwise swallow every row after it
into one cell, and the file would import "successfully" with most of its people missing.
Every cell is made canonical by `cell_text` before anyone reads it.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from deskplan.domain.collector import collector_paused
from deskplan.domain.errors import InputError, Problem
from deskplan.interchange.cell_text import clean, needs_cleaning
from deskplan.interchange.limits import (
    CANCEL_EVERY,
    MAX_CELL_CHARS,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_PROBLEMS_SHOWN,
    MAX_ROWS,
    CancelCheck,
    cancellable_blocks,
    check_cancelled,
    megabytes,
    never_cancelled,
)

_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
         (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"), (b"\xef\xbb\xbf", "utf-8"))
_SEP_LINE = re.compile(r'^"?sep=(.)"?[ \t]*$', re.IGNORECASE)
_DELIMITERS = (",", ";", "\t")


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


def read_file_bytes(path: Path) -> bytes:
    """The whole file, refusing folders, devices and files over `MAX_FILE_BYTES`."""
    try:
        if not path.is_file():
            what = "a folder" if path.is_dir() else "not an ordinary file" if path.exists() \
                else "no such file"
            raise InputError([Problem(f"cannot read the file: {what}", file=str(path))])
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError([Problem(
                f"the file is {megabytes(size)}, more than the {megabytes(MAX_FILE_BYTES)} "
                "deskplan reads: is it the right file?", file=path.name)])
        with path.open("rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise InputError([Problem(f"cannot read the file: {error.strerror}", file=str(path))]) \
            from None


def decode(data: bytes, source: str) -> str:
    """Text of a CSV file: by its byte-order mark, else UTF-8, else Windows-1252; UTF-16
    without a mark is recognised by its zero bytes."""
    for mark, encoding in _BOMS:
        if data.startswith(mark):
            try:
                return data[len(mark):].decode(encoding)
            except UnicodeDecodeError as error:
                raise _refuse(source, f"the file starts as {encoding.upper()} text but is not "
                              f"valid {encoding.upper()} at byte {error.start + len(mark):,}") \
                    from None
    head = data[:4096]
    if head.count(0) > len(head) // 4:
        even, odd = head[0::2].count(0), head[1::2].count(0)
        encoding = "utf-16-be" if even > odd else "utf-16-le"
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            raise _refuse(source, "the file holds zero bytes, so it is no text a spreadsheet "
                          "writes: it is probably a program's own file, not a CSV") from None
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _refuse(source, "the file is neither UTF-8, UTF-16 nor Windows-1252 text; save it "
                  "from the spreadsheet as CSV (UTF-8)")


def _refuse(source: str, message: str, *, row: int | None = None,
            column: str | None = None) -> InputError:
    return InputError([Problem(message, file=source, row=row, column=column)])


def read_csv(path: Path, cancelled: CancelCheck = never_cancelled) -> Table:
    """Read a CSV file; the header is the first non-empty row."""
    return parse_csv_text(decode(read_file_bytes(path), path.name), path.name, cancelled)


def parse_csv_text(text: str, source: str, cancelled: CancelCheck = never_cancelled) -> Table:
    """Rows of CSV text. Row numbers count records, as a spreadsheet shows them."""
    delimiter, text, skipped = csv_layout(text)
    with collector_paused():
        rows = _quick_rows(text, delimiter, cancelled)
        if rows is not None and (table := _plain_table(rows, source)) is not None:
            return table
        records = (list(enumerate(rows, start=1)) if rows is not None
                   else list(_checked_records(text, delimiter, source, skipped, cancelled)))
        return table_from_records(records, source, None, cancelled)


def csv_layout(text: str) -> tuple[str, str, int]:
    """(delimiter, the text from its first record, lines skipped before it): Excel's `sep=`
    line names the delimiter and is hidden, as Excel hides it; else the delimiter is guessed."""
    first_line, _, rest = text.partition("\n")
    if match := _SEP_LINE.match(first_line.rstrip("\r")):
        return match[1], rest, 1
    return _guess_delimiter(text), text, 0


def _plain_table(rows: list[list[str]], source: str) -> Table | None:
    """`table_from_records` of the usual file straight from its rows, without a numbered
    record per row (a million rows were 70 MB of them): every row has something in it and
    every cell is printable ASCII. None otherwise (then the records are numbered)."""
    if not rows or needs_cleaning(itertools.chain.from_iterable(rows)) or not all(
            map(any, map(map, itertools.repeat(str.strip), rows))):
        return None
    return Table(source=source, header=[h.strip() for h in rows[0]], rows=rows[1:],
                 row_numbers=list(range(2, len(rows) + 1)), header_row=1)


def _guess_delimiter(text: str) -> str:
    first = _first_line(text)
    counts = {d: first.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _first_line(text: str, size: int = 65_536) -> str:
    """The first line of `text` with something in it, as `text.splitlines()` finds it ("" if
    none), from the first `size` characters (then four times as many, and so on): splitting
    a whole year's rota into lines to look at the first took longer than reading its
    header."""
    while True:
        head = text[:size]
        whole = len(head) == len(text)
        lines = head.splitlines()
        # Without the whole text the last line may go on past the head: only those before it.
        found = next((line for line in (lines if whole else lines[:-1]) if line.strip()), None)
        if found is not None or whole:
            return found or ""
        size *= 4


def _records(text: str, delimiter: str, source: str, skipped: int,
             cancelled: CancelCheck) -> list[tuple[int, list[str]]]:
    """(row number, cells) of each record: `_quick_rows` numbered, or when the quick read
    meets something to refuse, `_checked_records` (which refuses it naming the row and cell,
    exactly as that reader alone would)."""
    rows = _quick_rows(text, delimiter, cancelled)
    if rows is None:
        return list(_checked_records(text, delimiter, source, skipped, cancelled))
    return list(enumerate(rows, start=1))


def _quick_rows(text: str, delimiter: str, cancelled: CancelCheck) -> list[list[str]] | None:
    """Every record, read in blocks at the csv module's own speed with the limits checked
    over the whole file at once (a rota of a million rows spent more time in the checks than
    in the csv module); None for broken quoting, a limit passed or a cell that may have
    swallowed rows, which only `_checked_records` says where they are."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[list[str]] = []
    cells = widest = 0
    try:
        while block := list(itertools.islice(reader, CANCEL_EVERY)):
            if len(block) == CANCEL_EVERY:
                check_cancelled(cancelled)
            records += block
            cells += sum(map(len, block))
            widest = max(widest, *map(len, block))
            if len(records) > MAX_ROWS or widest > MAX_COLUMNS or cells > MAX_CELLS:
                return None
    except csv.Error:
        return None
    if max(map(len, map("".join, records)), default=0) > MAX_CELL_CHARS or sum(
            map(str.count, map("".join, records), itertools.repeat("\n"))) >= 2:
        return None  # a long row, or line breaks inside cells: look row by row
    return records


def _checked_records(text: str, delimiter: str, source: str, skipped: int,
                     cancelled: CancelCheck) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) of each record, refusing broken quoting and oversized input."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    cells = 0
    header: list[str] | None = None
    for number in itertools.count(1):  # Excel shows records as rows, without a sep= line
        line = skipped + reader.line_num + 1  # the line of the file where the record starts
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise _quote_problem(error, text, line - skipped, number, delimiter, source, header,
                                 skipped, skipped + reader.line_num) from None
        if number % CANCEL_EVERY == 0:
            check_cancelled(cancelled)
        if number > MAX_ROWS:
            raise _refuse(source, f"the file has more than {MAX_ROWS:,} rows, the most "
                          "deskplan reads (and Excel holds): is it the right file?")
        if len(record) > MAX_COLUMNS:
            raise _refuse(source, f"this row has {len(record):,} cells, more than the "
                          f"{MAX_COLUMNS:,} columns deskplan reads", row=number)
        cells += len(record)
        if cells > MAX_CELLS:
            raise _refuse(source, f"the file has more than {MAX_CELLS:,} cells, the most "
                          "deskplan reads: is it the right file?", row=number)
        if header is None and any(c.strip() for c in record):
            header = record
        _check_cells(record, number, line, delimiter, source, header)
        yield number, record


def _check_cells(record: list[str], number: int, line: int, delimiter: str, source: str,
                 header: list[str] | None) -> None:
    joined = "".join(record)  # one look at the whole row: most rows need no more
    if len(joined) <= MAX_CELL_CHARS and joined.count("\n") < 2:
        return
    for index, cell in enumerate(record):
        if len(cell) > MAX_CELL_CHARS:
            raise _refuse(source, f"this cell has {len(cell):,} characters, more than the "
                          f"{MAX_CELL_CHARS:,} a spreadsheet cell holds",
                          row=number, column=_title(header, index))
        if cell.count("\n") >= 2 and sum(delimiter in part for part in cell.split("\n")) >= 2:
            raise _refuse(source, f"this cell (from line {line:,}) runs over "
                          f"{cell.count(chr(10)) + 1:,} lines that look like rows of their own: "
                          "a quote mark (\") is probably missing or extra, so those rows would "
                          "be lost", row=number, column=_title(header, index))


def _title(header: list[str] | None, index: int) -> str:
    if header is not None and index < len(header) and header[index].strip():
        return header[index].strip()
    return f"column {index + 1}"


def _quote_problem(error: csv.Error, text: str, line: int, number: int, delimiter: str,
                   source: str, header: list[str] | None, skipped: int, reached: int
                   ) -> InputError:
    """The csv module's complaint as where and what: the row and cell where it starts.

    `line` counts lines of `text`, which starts `skipped` lines into the file; `reached` is the
    line the reader had got to when it gave up."""
    detail = str(error)
    start = text.split("\n", line)[line - 1]
    line += skipped
    if "field larger than field limit" in detail:
        pieces = start.split(delimiter)
        index = max(range(len(pieces)), key=lambda i: len(pieces[i]))
        return _refuse(source, f"a cell is longer than the {MAX_CELL_CHARS:,} characters a "
                       "spreadsheet cell holds", row=number, column=_title(header, index))
    column = _title(header, _opening_quote_field(start, delimiter))
    if "unexpected end of data" in detail or "EOF" in detail:
        message = (f"the quote mark (\") that opens this cell on line {line:,} is never "
                   "closed, so the rest of the file would be read as one cell: close it, or "
                   "remove it")
    elif "expected after" in detail and reached > line:
        message = (f"the quote mark (\") that opens this cell on line {line:,} is not closed "
                   f"on that line, so the lines after it (to line {reached:,}) would be read "
                   "into this one cell: close it, or remove it")
    elif "expected after" in detail:
        message = (f"a quote mark (\") inside a quoted cell on line {line:,} is not doubled: "
                   "write it as \"\" or remove it")
    else:
        message = f"the line {line:,} cannot be read as CSV ({detail})"
    return _refuse(source, message, row=number, column=column)


def _opening_quote_field(line: str, delimiter: str) -> int:
    """Which cell of `line` a quote left open belongs to: the last one that starts quoted."""
    index, quoted, field_start, opening = 0, False, True, 0
    for character in line:
        if character == '"' and (field_start or quoted):
            if field_start:
                opening = index
            quoted = not quoted
        elif character == delimiter and not quoted:
            index += 1
            field_start = True
            continue
        field_start = False
    return opening


def table_from_records(records: list[tuple[int, list[str]]], source: str, sheet: str | None,
                       cancelled: CancelCheck = never_cancelled, *,
                       header_row: int | None = None, clean: bool = True) -> Table:
    """The table of numbered records: cells cleaned (unless done already), empty rows dropped,
    and the header the first non-empty row or the row numbered `header_row` (workbooks)."""
    if clean:
        records = clean_records(records, source, sheet, cancelled)
    numbered = [(n, r) for block in cancellable_blocks(records, cancelled)
                for n, r in block if any(map(str.strip, r))]
    if not numbered:
        raise InputError([Problem("the file is empty" if sheet is None else
                                  "the sheet is empty", file=source, sheet=sheet)])
    at = next((i for i, (n, _) in enumerate(numbered) if n == header_row), 0)
    (number, header), body = numbered[at], numbered[at + 1:]
    return Table(source=source, header=[h.strip() for h in header], rows=[r for _, r in body],
                 row_numbers=[n for n, _ in body], header_row=number, sheet=sheet)


def clean_records(records: list[tuple[int, list[str]]], source: str, sheet: str | None,
                  cancelled: CancelCheck = never_cancelled) -> list[tuple[int, list[str]]]:
    """Every cell through `cell_text.clean`; all control characters are reported together
    (up to `MAX_PROBLEMS_SHOWN`), with the row and the column title."""
    if not needs_cleaning(itertools.chain.from_iterable(r for _, r in records)):
        return records
    header = next((r for _, r in records if any(c.strip() for c in r)), [])
    problems: list[Problem] = []
    bad = 0
    cleaned = []
    for count, (number, row) in enumerate(records, start=1):
        if count % CANCEL_EVERY == 0:
            check_cancelled(cancelled)
        new_row = []
        for index, cell in enumerate(row):
            try:
                new_row.append(clean(cell))
            except ValueError as error:
                bad += 1
                if len(problems) < MAX_PROBLEMS_SHOWN:
                    problems.append(Problem(str(error), file=source, row=number,
                                            column=_title(header, index), sheet=sheet))
                new_row.append(cell)
        cleaned.append((number, new_row))
    if problems:
        if bad > len(problems):
            problems.append(Problem(f"… and {bad - len(problems):,} more cells with control "
                                    "characters", file=source, sheet=sheet))
        raise InputError(problems)
    return cleaned
