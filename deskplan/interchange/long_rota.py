"""A long rota in a text file, read as it streams: a year of an organisation is one row per
person and day, 11,000 × 365 = 4 million rows, more than a spreadsheet holds and too many to
keep as rows (as Python lists of strings they took 2 GB).

The csv module reads the text a block of rows at a time; each block's staff ids, dates and
cells go straight into arrays of numbers (each distinct text read once) and the rows are let
go. The result, and every problem with its row and column, is what `read_rota` gives for the
same file as a table (tests/interchange/test_long_rota.py holds them equal); only what the
whole-table reader judges better is left to it (`read_long_text` says None): no long-form
header, broken quoting, a cell over the size a spreadsheet holds or running over lines.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from deskplan.domain.errors import InputError, Problem, ProblemCollector
from deskplan.domain.model import Person
from deskplan.domain.rota import Rota
from deskplan.interchange.cell_text import clean, needs_cleaning
from deskplan.interchange.headers import ROTA_FIELDS, map_columns
from deskplan.interchange.limits import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_LONG_ROWS,
    CancelCheck,
    check_cancelled,
    never_cancelled,
)
from deskplan.interchange.rota_file import (
    _ONE_BY_ONE,
    _CellReader,
    _Cells,
    _parse_day,
    already_given,
    cell_reader,
    is_long_form,
    long_row,
)
from deskplan.interchange.table import Table, csv_layout

#: Rows read into arrays at a time: big enough for numpy's steps to pay, small enough that a
#: block's strings stay a few megabytes.
BLOCK_ROWS = 65_536


class _IrregularError(Exception):
    """Something only the whole-table reader words well: leave the file to it."""


def read_long_bytes(data: bytes, source: str,
                    known_staff: Collection[str] | Mapping[str, Person],
                    rota: Rota | None = None, *, sites: Mapping[str, str] | None = None,
                    cancelled: CancelCheck = never_cancelled) -> Rota | None:
    """The rota of a CSV file's bytes if it is a long rota in UTF-8 (written into `rota`, a
    new one by default), InputError naming every problem's row and column (nothing is
    written then), or None when it is no long rota or the table reader must judge it (other
    encodings, broken quoting, oversized cells).

    The text is decoded as it is read, never held whole: as a Python string (and the csv
    module's copy of it) a year's rota was four times the size of the file."""
    layout = _layout(data)
    if layout is None:
        return None
    delimiter, skipped = layout
    handle = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
    try:
        if skipped and not _SEP.match(handle.readline()):
            return None  # the line Excel hides did not end where the table reader ends it
        records = csv.reader(handle, delimiter=delimiter, strict=True)
        found = _header(records)
        if found is None:
            return None
        number, header = found
        table = Table(source=source, header=header, rows=[], row_numbers=[],
                      header_row=number)
        if not is_long_form(table):
            return None
        problems = ProblemCollector(source)
        columns = map_columns(table, ROTA_FIELDS, ("staff_id", "date", "status"), problems)
        problems.raise_if_any()
        plain = _plain(data)
        stream = _Stream(columns, {f: header[i] for f, i in columns.items()},
                         set(known_staff), cell_reader(known_staff, sites), problems, plain)
        for block in _blocks(records, number, source, plain, cancelled):
            stream.add(*block)
    except (csv.Error, UnicodeDecodeError, _IrregularError):
        return None
    return stream.cells().write(rota)


#: Bytes looked at for the delimiter (the first non-empty line must end inside them).
_HEAD_BYTES = 65_536
_SEP = re.compile(r'^"?sep=.(?:"?[ \t]*)\r*\n$', re.IGNORECASE)


#: Bytes looked at in one step for line ends.
_PIECE_BYTES = 1 << 22
#: What a plain file holds: printable ASCII but the quote mark, tabs and line ends.
_PLAIN = bytes(b for b in range(32, 127) if b != ord('"')) + b"\t\r\n"


def _plain(data: bytes) -> bool:
    """True for a file of printable ASCII without quote marks and without a line longer than
    a cell may be (a system's export): nothing to clean, no cell running over lines or too
    long, no quoting to break. A few C passes over the bytes, not one per cell."""
    if data.translate(None, _PLAIN):
        return False
    whole = np.frombuffer(data, dtype=np.uint8)
    last = -1  # where the line before the piece ended
    for start in range(0, len(whole), _PIECE_BYTES):  # a piece at a time: no 8 bytes a byte
        ends = np.flatnonzero(whole[start:start + _PIECE_BYTES] == ord("\n")) + start
        if len(ends) and int(np.diff(ends, prepend=last).max()) > MAX_CELL_CHARS + 1:
            return False
        last = int(ends[-1]) if len(ends) else last
    return len(data) - 1 - last <= MAX_CELL_CHARS


def _layout(data: bytes) -> tuple[str, int] | None:
    """(delimiter, lines skipped) as the table reader finds them (`csv_layout`), from the
    start of the file; None for a file that is not UTF-8 (with or without its mark) or whose
    first line does not end near the start."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        return None  # UTF-16 or UTF-32
    head = data[:_HEAD_BYTES]
    if head.count(0) > len(head) // 4:
        return None
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 3:
            return None  # not UTF-8: the table reader tries Windows-1252
        text = head[:error.start].decode("utf-8-sig")  # a character cut at the end
    lines = text.splitlines()
    if len(data) > len(head) and not any(line.strip() for line in lines[:-1]):
        return None
    delimiter, _, skipped = csv_layout(text)
    return delimiter, skipped


def _header(records: Iterator[list[str]]) -> tuple[int, list[str]] | None:
    """(record number, titles) of the first record with something in it, cleaned."""
    for number, record in enumerate(records, start=1):
        if any(map(str.strip, record)):
            return number, [h.strip() for h in _cleaned([record])[0]]
    return None


def _blocks(records: Iterator[list[str]], header: int, source: str, plain: bool,
            cancelled: CancelCheck) -> Iterator[tuple[list[list[str]], np.ndarray]]:
    """(rows, their record numbers) a block at a time, cells cleaned as the table reader
    cleans them (a `plain` file, printable ASCII without quotes, has nothing to clean and no
    cell over lines); refuses a file of more rows than `MAX_LONG_ROWS`."""
    start = header + 1
    while block := list(itertools.islice(records, BLOCK_ROWS)):
        check_cancelled(cancelled)
        if start + len(block) - header - 1 > MAX_LONG_ROWS:
            raise InputError([Problem(
                f"the file has more than {MAX_LONG_ROWS:,} rows, the most deskplan reads of "
                "a long rota (a year of 16,000 people): is it the right file?", file=source)])
        if not plain:
            joined = list(map("".join, block))
            if max(map(len, joined)) > MAX_CELL_CHARS or sum(map(
                    str.count, joined, itertools.repeat("\n"))) >= 2:
                raise _IrregularError  # the table reader names the cell
            block = _cleaned(block)
        yield block, np.arange(start, start + len(block), dtype=np.int32)
        start += len(block)


def _cleaned(block: list[list[str]]) -> list[list[str]]:
    """The cells through `cell_text.clean`, as the table reader reads them; a control
    character is left to the table reader, which reports every one together."""
    if not needs_cleaning(itertools.chain.from_iterable(block)):
        return block
    try:
        return [[clean(cell) for cell in row] for row in block]
    except ValueError:
        raise _IrregularError from None


@dataclass
class _Stream:
    """The arrays of the rows read so far, and the problems of the rows that have one."""

    columns: dict[str, int]
    titles: dict[str, str]
    known: Collection[str]
    reader: _CellReader
    problems: ProblemCollector
    #: The file is `_plain`: no cell is longer than a spreadsheet holds.
    plain: bool
    staff_ids: list[str] = field(default_factory=list)
    person_of: dict[str, int] = field(default_factory=dict)
    ordinal_of: dict[str, int] = field(default_factory=dict)
    code_of: dict[str, int] = field(default_factory=dict)
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = field(
        default_factory=list)
    sites: dict[tuple[str, date], tuple[str | None, str | None]] = field(
        default_factory=dict)
    index_of: dict[str, int] = field(default_factory=dict)
    #: (row number, problems of the row) in the order they were met.
    row_problems: list[tuple[int, list[Problem]]] = field(default_factory=list)

    def add(self, rows: list[list[str]], numbers: np.ndarray) -> None:
        """One block of rows (empty rows and rows with a problem are set aside here)."""
        columns = self._columns(rows)
        person = _mapped(columns["staff_id"], self.person_of, self._person, np.int32,
                         ordered=True)
        ordinal = _mapped(columns["date"], self.ordinal_of, _ordinal, np.int32)
        code = _mapped(columns["status"], self.code_of, self.reader.code, np.uint8)
        good = (person >= 0) & (ordinal >= 0)
        for i in np.flatnonzero(good & (code == _ONE_BY_ONE)).tolist():
            day = _parse_day(self._text(rows[i], "date"))  # at another site, or no cell
            staff_id = self.staff_ids[person[i]]
            cell = self.reader.read(self._text(rows[i], "status"), staff_id, day)
            if isinstance(cell, str):
                good[i] = False
                continue
            code[i] = cell.code
            if cell.am_site or cell.pm_site:
                self.sites[staff_id, day] = cell.sites
        for i in np.flatnonzero(~good).tolist():
            if not any(map(str.strip, rows[i])):
                continue  # an empty row, which the table reader leaves out too
            found = ProblemCollector(self.problems.file)
            long_row(rows[i], int(numbers[i]), self.columns, self.titles, self.known,
                     self.reader, found)
            self.row_problems.append((int(numbers[i]), found.problems))
        self.parts.append((person[good], ordinal[good], code[good], numbers[good]))

    def cells(self) -> _Cells:
        """The cells read, or InputError with every problem in the order of the file.

        Written into the matrix a block at a time; a person and day given twice shows as
        fewer cells written than rows read, and only then are the rows sorted to say which
        (a year's rows sorted took more memory than the rest of the read)."""
        rows = sum(len(part[2]) for part in self.parts)
        if not rows:
            if self.row_problems:
                self._raise()
            return _Cells()
        first = min(int(part[1].min()) for part in self.parts if len(part[1]))
        width = max(int(part[1].max()) for part in self.parts if len(part[1])) - first + 1
        codes = np.zeros((len(self.staff_ids), width), dtype=np.uint8)
        written = np.zeros(codes.shape, dtype=bool)
        for person, ordinal, code, _ in self.parts:
            column = ordinal - first
            codes[person, column] = code
            written[person, column] = True
        if self.row_problems or int(np.count_nonzero(written)) != rows:
            self._raise()
        return _Cells(self.staff_ids, date.fromordinal(first), codes, written, self.sites)

    def _raise(self) -> None:
        """InputError with the problems of the rows and every person and day given again
        (on the later row, naming the first), in the order of the file."""
        person, ordinal, _, numbers = (np.concatenate([p[k] for p in self.parts])
                                       for k in range(4))
        key = person.astype(np.int64) * (int(ordinal.max(initial=0)) + 1) + ordinal
        order = np.argsort(key, kind="stable")
        repeated = np.flatnonzero(key[order][1:] == key[order][:-1]) + 1
        found = list(self.row_problems)
        group_start = np.maximum.accumulate(np.where(
            np.r_[True, key[order][1:] != key[order][:-1]], np.arange(len(order)), 0))
        for at in repeated.tolist():
            i, first = order[at], order[group_start[at]]
            message = already_given(self.staff_ids[person[i]],
                                    date.fromordinal(int(ordinal[i])), int(numbers[first]))
            found.append((int(numbers[i]), [Problem(message, file=self.problems.file,
                                                    row=int(numbers[i]),
                                                    column=self.titles["date"])]))
        found.sort(key=lambda item: item[0])
        raise InputError([p for _, row in found for p in row])

    def _text(self, row: list[str], field_name: str) -> str:
        index = self.columns[field_name]
        return row[index].strip() if index < len(row) else ""

    def _columns(self, rows: list[list[str]]) -> dict[str, Sequence[str]]:
        """The raw texts of the columns read ("" where a row stops short), refusing a row
        of more columns than a table has or a cell longer than a spreadsheet holds."""
        try:
            every = list(zip(*rows, strict=True))  # the usual file: a C-speed transpose
        except ValueError:  # rows of different lengths
            every = []
        if len(every) > max(self.columns.values()):
            if len(every) > MAX_COLUMNS or (not self.plain and max(
                    map(max, map(map, itertools.repeat(len), every))) > MAX_CELL_CHARS):
                raise _IrregularError
            return {name: every[index] for name, index in self.columns.items()}
        if max(map(len, rows), default=0) > MAX_COLUMNS or max(
                map(len, itertools.chain.from_iterable(rows)), default=0) > MAX_CELL_CHARS:
            raise _IrregularError
        return {name: [row[index] if index < len(row) else "" for row in rows]
                for name, index in self.columns.items()}

    def _person(self, raw: str) -> int:
        staff_id = raw.strip()
        if not staff_id or staff_id not in self.known:
            return -1
        if staff_id not in self.index_of:  # " S1" and "S1" are one person
            self.index_of[staff_id] = len(self.staff_ids)
            self.staff_ids.append(staff_id)
        return self.index_of[staff_id]


def _mapped(texts: Sequence[str], seen: dict[str, int], read: Callable[[str], int],
            dtype: type, *, ordered: bool = False) -> np.ndarray:
    """A column of texts as numbers, each distinct text read once (`ordered`: in the order of
    the file, so staff ids are numbered as they first appear, as the table reader does)."""
    try:  # after the first blocks, every date and cell text of a block is known already
        return np.fromiter(map(seen.__getitem__, texts), dtype=dtype, count=len(texts))
    except KeyError:
        pass
    if ordered:
        for raw in dict.fromkeys(texts):
            if raw not in seen:
                seen[raw] = read(raw)
    else:
        for raw in set(texts).difference(seen):
            seen[raw] = read(raw)
    return np.fromiter(map(seen.__getitem__, texts), dtype=dtype, count=len(texts))


def _ordinal(raw: str) -> int:
    try:
        return _parse_day(raw.strip()).toordinal()
    except ValueError:
        return -1
