"""The plain rota reader, cell by cell, kept as the reference the bulk reader of
`deskplan.interchange.rota_file` is held equal to (tests/interchange/test_rota_bulk.py): this
is that module as it was before it read in bulk, `read_rota` renamed `read_rota_plain`.

Rotas in the two shapes managers keep: long (one row per person-day) and wide (a grid).

A cell is a status (`O`, `office`, ...), a day in halves (`O/H`, morning first; `O/` leaves the
afternoon unplanned), or an office day at another site (`O@Hendon`, also inside a half:
`O@Hendon/H`). A site must be a `[[location]]` of the policy or some person's base (matched
regardless of case and spaces); `O@` the person's own base is plain `O`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date
from functools import lru_cache

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


def is_long_form(table: Table) -> bool:
    folded = {fold_header(h) for h in table.header}
    return bool(folded & {"date", "day"}) and bool(folded & {"status", "where", "plan", "code"})


def read_rota_plain(table: Table, known_staff: Collection[str] | Mapping[str, Person],
              rota: Rota | None = None, *, sites: Mapping[str, str] | None = None) -> Rota:
    """Read either shape into `rota` (a new one by default). `known_staff` are the team's
    staff ids, or its people by staff id (then their bases are sites too, and `O@` their own
    base reads as `O`); `sites` maps folded site names to how they are written.

    Every cell is checked before anything is written, so a bad file changes nothing.
    """
    problems = ProblemCollector(table.source, table.sheet)
    people = known_staff if isinstance(known_staff, Mapping) else None
    names = dict(sites or {})
    for person in (people or {}).values():
        for _, terms in person.timeline():
            if terms.location.strip():
                names.setdefault(fold(terms.location), " ".join(terms.location.split()))
    reader = _CellReader(people, names)
    read = _long_cells if is_long_form(table) else _wide_cells
    cells = read(table, set(known_staff), reader, problems)
    problems.raise_if_any()
    target = rota if rota is not None else Rota()
    for staff_id, day, cell in cells:
        target.set_cell(staff_id, day, cell)
    return target


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
) -> list[tuple[str, date, Cell]]:
    columns = map_columns(table, ROTA_FIELDS, ("staff_id", "date", "status"), problems)
    if problems.problems:
        return []
    titles = {field: table.header[index] for field, index in columns.items()}
    seen: dict[tuple[str, date], int] = {}
    cells = []
    for row, number in zip(table.rows, table.row_numbers, strict=True):
        staff_id = table.cell(row, columns["staff_id"])
        ok = _check_staff(staff_id, known, problems, number, titles["staff_id"])
        day: date | None = None
        try:
            day = _parse_day(table.cell(row, columns["date"]))
        except ValueError as error:
            problems.add(str(error), row=number, column=titles["date"])
            ok = False
        cell = reader.read(table.cell(row, columns["status"]), staff_id, day)
        if isinstance(cell, str):
            problems.add(cell, row=number, column=titles["status"])
            continue
        if not ok or day is None:
            continue
        if (staff_id, day) in seen:
            problems.add(
                f"{staff_id} on {day.isoformat()} is already given on row {seen[staff_id, day]}",
                row=number, column=titles["date"],
            )
            continue
        seen[staff_id, day] = number
        cells.append((staff_id, day, cell))
    return cells


def _wide_cells(
    table: Table, known: Collection[str], reader: _CellReader, problems: ProblemCollector
) -> list[tuple[str, date, Cell]]:
    columns = map_columns(table, {"staff_id": ROTA_FIELDS["staff_id"]}, ("staff_id",), problems)
    if problems.problems:
        return []
    id_column = columns["staff_id"]
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
    if problems.problems:
        return []
    cells = []
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
        for index, day in dates.items():
            text = table.cell(row, index)
            if not text:
                continue
            cell = reader.read(text, staff_id, day)
            if isinstance(cell, str):
                problems.add(cell, row=number, column=table.header[index])
            elif cell.code:
                cells.append((staff_id, day, cell))
    return cells
