"""Rotas in the two shapes managers keep: long (one row per person-day) and wide (a grid).

A cell is a status (`O`, `office`, ...), a day in halves (`O/H`, morning first; `O/` leaves the
afternoon unplanned), or an office day at another site (`O@Hendon`, also inside a half:
`O@Hendon/H`). A site must be a `[[location]]` of the policy or some person's base (matched
regardless of case and spaces); `O@` the person's own base is plain `O`.

A year of an organisation is millions of cells but a handful of different texts, so cells are
read in bulk: each distinct text once into a cell code, a row (wide) or a column (long) at a
time into the rota's matrix of codes; only cells at another site, and files with problems,
are looked at one by one (tests/interchange/test_rota_bulk.py holds the result equal to
reading cell by cell).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from operator import itemgetter

import numpy as np

from deskplan.domain.calendar import parse_date
from deskplan.domain.errors import ProblemCollector
from deskplan.domain.model import Cell, Person, Status, parse_cell
from deskplan.domain.policy import fold
from deskplan.domain.rota import Rota
from deskplan.interchange.headers import ROTA_FIELDS, fold_header, map_columns
from deskplan.interchange.table import Table

# A rota repeats a few dates on every row: read each spelling once (a long rota of a
# million rows is read in a third of the time). Refusals are not cached.
_parse_day = lru_cache(maxsize=4096)(parse_date)

#: What a cell's text was read as (`Cell`), or why it cannot be (`str`).
_Parsed = Cell | str
#: The code of a text that must be read cell by cell: at another site, or not a cell at all.
_ONE_BY_ONE = 255


class _CellReader:
    """Reads cells of one file: each distinct text is parsed once (a year of 11,000 people has
    millions of cells but a handful of different texts)."""

    def __init__(self, people: Mapping[str, Person] | None, sites: Mapping[str, str]) -> None:
        self.people = people
        self.sites = sites
        self._seen: dict[str, tuple[Status, Status, str | None, str | None] | str] = {}

    def read(self, text: str, staff_id: str, day: date | None) -> _Parsed:
        parsed = self._seen.get(text)
        if parsed is None:
            try:
                parsed = parse_cell(text)
            except ValueError as error:
                parsed = str(error)
            self._seen[text] = parsed
        if isinstance(parsed, str):
            return parsed
        am, pm, am_site, pm_site = parsed
        base = ""
        if (am_site or pm_site) and day and self.people is not None and staff_id in self.people:
            base = fold(self.people[staff_id].terms_on(day).location)
        named = []
        for site in (am_site, pm_site):
            if site is None or fold(site) == base:
                named.append(None)
                continue
            known = self.sites.get(fold(site))
            if known is None:
                choices = ", ".join(sorted(self.sites.values())) or "none are known"
                return f"unknown site {site!r} in {text!r}; sites are {choices}"
            named.append(known)
        return Cell(am, pm, named[0], named[1])

    def code(self, text: str) -> int:
        """The cell code of `text` (unstripped; 0 for an empty cell), or `_ONE_BY_ONE` when it
        names a site (which depends on the person's base that day) or is no cell."""
        value = text.strip()
        if not value:
            return 0
        parsed = self.read(value, "", None)
        if isinstance(parsed, str) or parsed.am_site or parsed.pm_site:
            return _ONE_BY_ONE
        return parsed.code


@dataclass
class _Cells:
    """Cells read from one table: row i of `codes` is `staff_ids[i]` (in the order the file
    first gives them), column 0 is `first`; `written` marks the cells the file sets."""

    staff_ids: list[str] = field(default_factory=list)
    first: date = date.min
    codes: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.uint8))
    written: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=bool))
    sites: dict[tuple[str, date], tuple[str | None, str | None]] = field(default_factory=dict)

    def write(self, rota: Rota | None) -> Rota:
        """These cells written into `rota` (a new one by default)."""
        target = rota if rota is not None else Rota()
        target.write(self.staff_ids, self.first, self.codes, self.written, self.sites)
        return target


def is_long_form(table: Table) -> bool:
    folded = {fold_header(h) for h in table.header}
    return bool(folded & {"date", "day"}) and bool(folded & {"status", "where", "plan", "code"})


def read_rota(table: Table, known_staff: Collection[str] | Mapping[str, Person],
              rota: Rota | None = None, *, sites: Mapping[str, str] | None = None) -> Rota:
    """Read either shape into `rota` (a new one by default). `known_staff` are the team's
    staff ids, or its people by staff id (then their bases are sites too, and `O@` their own
    base reads as `O`); `sites` maps folded site names to how they are written.

    Every cell is checked before anything is written, so a bad file changes nothing.
    """
    problems = ProblemCollector(table.source, table.sheet)
    read = _long_cells if is_long_form(table) else _wide_cells
    cells = read(table, set(known_staff), cell_reader(known_staff, sites), problems)
    problems.raise_if_any()
    return cells.write(rota)


def cell_reader(known_staff: Collection[str] | Mapping[str, Person],
                sites: Mapping[str, str] | None) -> _CellReader:
    """The reader of one file's cells: its sites are `sites` and every person's bases."""
    people = known_staff if isinstance(known_staff, Mapping) else None
    names = dict(sites or {})
    bases: set[str] = set()  # each distinct spelling once: 11,000 people share a few sites
    for person in (people or {}).values():
        # The base of each record (`timeline()` would build each person's current Terms).
        for location in (*(terms.location for _, terms in person.earlier), person.location):
            if location not in bases:
                bases.add(location)
                if location.strip():
                    names.setdefault(fold(location), " ".join(location.split()))
    return _CellReader(people, names)


def _check_staff(
    staff_id: str, known: Collection[str], problems: ProblemCollector, row: int, column: str
) -> bool:
    if not staff_id:
        problems.add("empty staff id", row=row, column=column)
        return False
    if staff_id not in known:
        problems.add(f"staff id {staff_id!r} is not in the team", row=row, column=column)
        return False
    return True


def _long_cells(
    table: Table, known: Collection[str], reader: _CellReader, problems: ProblemCollector
) -> _Cells:
    """A column at a time: each distinct staff id, date and cell text is read once, and the
    cells go into the matrix in one step. A file with any problem is read again row by row
    (`_long_problems`) to name each one where it is."""
    columns = map_columns(table, ROTA_FIELDS, ("staff_id", "date", "status"), problems)
    if problems.problems:
        return _Cells()
    rows = table.rows
    ids = _column(rows, columns["staff_id"])  # one column at a time, each freed when read
    person_of: dict[str, int] = {}
    staff_ids_at: dict[str, int] = {}
    staff_ids: list[str] = []
    for raw in dict.fromkeys(ids):  # distinct, in the order of the file
        staff_id = raw.strip()
        if not staff_id or staff_id not in known:
            person_of[raw] = -1
            continue
        if staff_id not in staff_ids_at:
            staff_ids_at[staff_id] = len(staff_ids)
            staff_ids.append(staff_id)
        person_of[raw] = staff_ids_at[staff_id]
    person = np.fromiter(map(person_of.__getitem__, ids), dtype=np.int32, count=len(rows))
    del ids
    days = _column(rows, columns["date"])
    ordinal_of: dict[str, int] = {}
    for raw in dict.fromkeys(days):
        try:
            ordinal_of[raw] = _parse_day(raw.strip()).toordinal()
        except ValueError:
            ordinal_of[raw] = -1
    ordinal = np.fromiter(map(ordinal_of.__getitem__, days), dtype=np.int32, count=len(rows))
    del days
    texts = _column(rows, columns["status"])
    code_of = {raw: reader.code(raw) for raw in dict.fromkeys(texts)}
    code = np.fromiter(map(code_of.__getitem__, texts), dtype=np.uint8, count=len(rows))
    found_sites: dict[tuple[str, date], tuple[str | None, str | None]] = {}
    bad = bool((person < 0).any() or (ordinal < 0).any())
    if not bad:
        for i in np.flatnonzero(code == _ONE_BY_ONE).tolist():
            # At another site (or no cell at all: then a problem).
            day = date.fromordinal(int(ordinal[i]))
            staff_id = staff_ids[person[i]]
            cell = reader.read(texts[i].strip(), staff_id, day)
            if isinstance(cell, str):
                bad = True
                break
            code[i] = cell.code
            if cell.am_site or cell.pm_site:
                found_sites[staff_id, day] = cell.sites
    del texts
    if bad:
        _long_problems(table, columns, known, reader, problems)
        return _Cells()
    if not len(code):
        return _Cells()
    first = int(ordinal.min())
    column = ordinal - first
    codes = np.zeros((len(staff_ids), int(column.max()) + 1), dtype=np.uint8)
    written = np.zeros(codes.shape, dtype=bool)
    codes[person, column] = code
    written[person, column] = True
    if int(np.count_nonzero(written)) != len(code):  # a person and day given twice
        _long_problems(table, columns, known, reader, problems)
        return _Cells()
    return _Cells(staff_ids, date.fromordinal(first), codes, written, found_sites)


def _column(rows: list[list[str]], index: int) -> list[str]:
    """The raw texts of one column ("" where a row stops short of it)."""
    return [row[index] if index < len(row) else "" for row in rows]


def _long_problems(table: Table, columns: dict[str, int], known: Collection[str],
                   reader: _CellReader, problems: ProblemCollector) -> None:
    """Every problem of a long rota, row by row, in the order of the file."""
    titles = {field: table.header[index] for field, index in columns.items()}
    seen: dict[tuple[str, date], int] = {}
    for row, number in zip(table.rows, table.row_numbers, strict=True):
        key = long_row(row, number, columns, titles, known, reader, problems)
        if key is None:
            continue
        if key in seen:
            problems.add(already_given(*key, seen[key]), row=number, column=titles["date"])
            continue
        seen[key] = number


def long_row(row: list[str], number: int, columns: Mapping[str, int],
             titles: Mapping[str, str], known: Collection[str], reader: _CellReader,
             problems: ProblemCollector) -> tuple[str, date] | None:
    """The person and day of one row of a long rota, or None after adding its problems."""
    def cell(field: str) -> str:
        index = columns[field]
        return row[index].strip() if index < len(row) else ""

    staff_id = cell("staff_id")
    ok = _check_staff(staff_id, known, problems, number, titles["staff_id"])
    day: date | None = None
    try:
        day = _parse_day(cell("date"))
    except ValueError as error:
        problems.add(str(error), row=number, column=titles["date"])
        ok = False
    read = reader.read(cell("status"), staff_id, day)
    if isinstance(read, str):
        problems.add(read, row=number, column=titles["status"])
        return None
    return (staff_id, day) if ok and day is not None else None


def already_given(staff_id: str, day: date, first_row: int) -> str:
    return f"{staff_id} on {day.isoformat()} is already given on row {first_row}"


def _wide_cells(
    table: Table, known: Collection[str], reader: _CellReader, problems: ProblemCollector
) -> _Cells:
    """A row at a time: each distinct text is read once into a code, a row's codes taken in
    one step; only cells at another site or with a problem are read one by one."""
    columns = map_columns(table, {"staff_id": ROTA_FIELDS["staff_id"]}, ("staff_id",), problems)
    if problems.problems:
        return _Cells()
    id_column = columns["staff_id"]
    dates = date_columns(table, id_column, problems)
    if problems.problems:
        return _Cells()
    indices, days = list(dates), list(dates.values())
    width = max(indices) + 1
    pick = itemgetter(*indices)
    code_of: dict[str, int] = {}
    staff_ids: list[str] = []
    planned: list[bytes] = []
    found_sites: dict[tuple[str, date], tuple[str | None, str | None]] = {}
    seen: dict[str, int] = {}
    for row, number in zip(table.rows, table.row_numbers, strict=True):
        staff_id = table.cell(row, id_column)
        if not _check_staff(staff_id, known, problems, number, table.header[id_column]):
            continue
        if staff_id in seen:
            problems.add(f"{staff_id} already has a row ({seen[staff_id]})", row=number,
                         column=table.header[id_column])
            continue
        seen[staff_id] = number
        if len(row) < width:
            row = row + [""] * (width - len(row))
        texts = pick(row) if len(indices) > 1 else (row[indices[0]],)
        try:
            line = bytes(map(code_of.__getitem__, texts))  # codes are 0..255: one byte each
        except KeyError:
            for text in texts:
                if text not in code_of:
                    code_of[text] = reader.code(text)
            line = bytes(map(code_of.__getitem__, texts))
        if _ONE_BY_ONE in line:
            codes = list(line)
            for j, code in enumerate(codes):
                if code != _ONE_BY_ONE:
                    continue
                cell = reader.read(texts[j].strip(), staff_id, days[j])
                codes[j] = 0
                if isinstance(cell, str):
                    problems.add(cell, row=number, column=table.header[indices[j]])
                else:
                    codes[j] = cell.code
                    if cell.am_site or cell.pm_site:
                        found_sites[staff_id, days[j]] = cell.sites
            line = bytes(codes)
        if line.count(0) != len(line):  # something planned
            staff_ids.append(staff_id)
            planned.append(line)
    return planned_cells(staff_ids, days, np.frombuffer(b"".join(planned), dtype=np.uint8)
                         .reshape(len(staff_ids), len(days)), found_sites)


def date_columns(table: Table, id_column: int, problems: ProblemCollector) -> dict[int, date]:
    """The day of each column of a wide rota's header (by position), its problems added."""
    dates: dict[int, date] = {}
    columns_of: dict[date, int] = {}
    for index, title in enumerate(table.header):
        if index == id_column or fold_header(title) in ("name", "role", "location"):
            continue
        try:
            day = parse_date(title)
        except ValueError as error:
            problems.add(f"column title is not a date: {error}", row=table.header_row,
                         column=title)
            continue
        if day in columns_of:  # 01/04/2025 and 2025-04-01: which column is the plan?
            first = table.header[columns_of[day]]
            problems.add(f"the date {day:%d/%m/%Y} has two columns, {first!r} and {title!r} "
                         f"(column {index + 1}): keep one", row=table.header_row, column=title)
            continue
        columns_of[day] = index
        dates[index] = day
    if not dates and not problems.problems:
        problems.add("no date columns: a wide rota has a staff id column then one column per "
                     "date", row=table.header_row)
    return dates


def planned_cells(staff_ids: list[str], days: list[date], codes: np.ndarray,
                  sites: dict[tuple[str, date], tuple[str | None, str | None]]) -> _Cells:
    """The cells of a wide rota: row i of `codes` (one column per `days`, in the file's order)
    is `staff_ids[i]`, each with something planned."""
    if not staff_ids:
        return _Cells()
    first = min(days)
    offsets = np.array([(day - first).days for day in days], dtype=np.intp)
    matrix = np.zeros((len(staff_ids), int(offsets.max()) + 1), dtype=np.uint8)
    matrix[:, offsets] = codes
    return _Cells(staff_ids, first, matrix, matrix != 0, sites)
