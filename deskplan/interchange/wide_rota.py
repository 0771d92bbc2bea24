"""A plain wide rota read straight from its text, every cell at once in numpy.

A year of an organisation as a grid is 11,000 rows of 365 cells, nearly all one letter or
empty. Made into four million Python strings by the csv module and looked up one by one, the
cells took three quarters of `deskplan check` on files. A file that is plain enough needs none
of that: ASCII without quote marks or control characters, every line with the header's number
of cells, a letter or nothing in each day's cell, a known staff id on each row, given once.
Then the cells are where the delimiters say, and their codes one look-up of their letters.

Anything else (quotes, other encodings, a site in a cell, a blank or short row, an unknown
person, a bad date title, a limit passed) is left to the table reader (`read_plain_wide`
returns None), which reads it and names every problem as before: the fast read only ever
gives what that reader gives (tests/interchange/test_wide_rota.py holds it so).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import numpy as np

from deskplan.domain.errors import ProblemCollector
from deskplan.domain.model import Person
from deskplan.domain.rota import Rota
from deskplan.interchange.headers import ROTA_FIELDS, map_columns
from deskplan.interchange.limits import (
    MAX_CELL_CHARS,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_ROWS,
    CancelCheck,
    check_cancelled,
    never_cancelled,
)
from deskplan.interchange.rota_file import (
    _ONE_BY_ONE,
    cell_reader,
    date_columns,
    is_long_form,
    planned_cells,
)
from deskplan.interchange.table import Table, csv_layout

_NEWLINE = ord("\n")
#: The control characters `cell_text` refuses, of those ASCII has (tab and line ends are not).
_CONTROL = np.zeros(256, dtype=bool)
_CONTROL[[*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]] = True


def read_plain_wide(text: str, source: str,
                    known_staff: Collection[str] | Mapping[str, Person],
                    rota: Rota | None = None, *, sites: Mapping[str, str] | None = None,
                    cancelled: CancelCheck = never_cancelled) -> Rota | None:
    """The rota of a CSV file's `text` (written into `rota`, a new one by default) if it is a
    plain wide rota with no problem, else None: the table reader then reads it, and reports
    what is wrong (this reader reports nothing)."""
    check_cancelled(cancelled)
    if not text.isascii() or '"' in text:
        return None
    delimiter, body, skipped = csv_layout(text)
    if skipped or len(delimiter) != 1:
        return None
    if "\r" in body:  # Windows line ends; a carriage return anywhere else is the csv module's
        body = body.replace("\r\n", "\n")
        if "\r" in body:
            return None
    if not body.endswith("\n"):
        body += "\n"
    data = np.frombuffer(body.encode("ascii"), dtype=np.uint8)
    if _CONTROL[data].any():
        return None
    separator = np.zeros(256, dtype=bool)
    separator[[ord(delimiter), _NEWLINE]] = True
    ends = np.flatnonzero(separator[data]).astype(np.int32)  # the file is at most 200 MB
    line_end = data[ends] == _NEWLINE
    lines = int(np.count_nonzero(line_end))
    width = int(np.argmax(line_end)) + 1  # the header's cells
    if lines < 2 or len(ends) != lines * width or lines > MAX_ROWS or width > MAX_COLUMNS \
            or lines * width > MAX_CELLS:
        return None
    if not line_end.reshape(lines, width)[:, -1].all():  # a line of another length
        return None
    starts = np.empty_like(ends)
    starts[0] = 0
    np.add(ends[:-1], 1, out=starts[1:])
    lengths = (ends - starts).reshape(lines, width)
    starts, ends = starts.reshape(lines, width), ends.reshape(lines, width)
    if int(lengths.sum(axis=1).max()) > MAX_CELL_CHARS:
        return None
    header = [body[a:b].strip() for a, b in zip(starts[0].tolist(), ends[0].tolist(),
                                                 strict=True)]
    table = Table(source=source, header=header, rows=[], row_numbers=[], header_row=1)
    problems = ProblemCollector(source)
    if is_long_form(table):
        return None
    columns = map_columns(table, {"staff_id": ROTA_FIELDS["staff_id"]}, ("staff_id",),
                          problems)
    if problems.problems:
        return None
    id_column = columns["staff_id"]
    dates = date_columns(table, id_column, problems)
    if problems.problems:
        return None
    known = set(known_staff)
    ids = [body[a:b].strip() for a, b in zip(starts[1:, id_column].tolist(),
                                              ends[1:, id_column].tolist(), strict=True)]
    if not all(ids) or len(set(ids)) != len(ids) or not known.issuperset(ids):
        return None
    indices = list(dates)
    # The usual grid has its days side by side: a slice of the columns, not a copy of them.
    days: slice | list[int] = (slice(indices[0], indices[-1] + 1)
                               if indices == list(range(indices[0], indices[-1] + 1))
                               else indices)
    if (lengths[1:, days] > 1).any():  # a longer text: a word, halves, a site, spaces
        return None
    # A day's cell is one letter or none; an empty cell starts at the delimiter (or line end)
    # that closes it, which reads as the code of an empty cell.
    letters = data[starts[1:, days]]
    reader = cell_reader(known_staff, sites)
    empty = reader.code("")
    look_up = np.full(256, empty, dtype=np.uint8)
    for letter in np.flatnonzero(np.bincount(letters.ravel(), minlength=256)).tolist():
        if separator[letter]:
            continue
        code = reader.code(chr(letter))
        if code == _ONE_BY_ONE:  # no cell: the table reader says why
            return None
        look_up[letter] = code
    codes = look_up[letters]
    planned = np.flatnonzero(codes.any(axis=1))
    return planned_cells([ids[i] for i in planned.tolist()], list(dates.values()),
                         codes[planned], {}).write(rota)
