"""Rotas in the two shapes managers keep: long (one row per person-day) and wide (a grid)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from functools import lru_cache

from deskplan.domain.calendar import parse_date
from deskplan.domain.errors import ProblemCollector
from deskplan.domain.model import Status
from deskplan.domain.rota import Rota
from deskplan.interchange.headers import ROTA_FIELDS, fold_header, map_columns
from deskplan.interchange.table import Table

# A rota repeats a few dates and statuses on every row: read each spelling once (a long rota
# of a million rows is read in a third of the time). Refusals are not cached.
_parse_day = lru_cache(maxsize=4096)(parse_date)
_parse_status = lru_cache(maxsize=256)(Status.parse)


def is_long_form(table: Table) -> bool:
    folded = {fold_header(h) for h in table.header}
    return bool(folded & {"date", "day"}) and bool(folded & {"status", "where", "plan", "code"})


def read_rota(table: Table, known_staff: Collection[str], rota: Rota | None = None) -> Rota:
    """Read either shape into `rota` (a new one by default).

    Every cell is checked before anything is written, so a bad file changes nothing.
    """
    problems = ProblemCollector(table.source, table.sheet)
    cells = (_long_cells if is_long_form(table) else _wide_cells)(table, known_staff, problems)
    problems.raise_if_any()
    target = rota if rota is not None else Rota()
    for staff_id, day, status in cells:
        target.set(staff_id, day, status)
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
    table: Table, known: Collection[str], problems: ProblemCollector
) -> list[tuple[str, date, Status]]:
    columns = map_columns(table, ROTA_FIELDS, ("staff_id", "date", "status"), problems)
    if problems.problems:
        return []
    titles = {field: table.header[index] for field, index in columns.items()}
    seen: dict[tuple[str, date], int] = {}
    cells = []
    for row, number in zip(table.rows, table.row_numbers, strict=True):
        staff_id = table.cell(row, columns["staff_id"])
        ok = _check_staff(staff_id, known, problems, number, titles["staff_id"])
        try:
            day = _parse_day(table.cell(row, columns["date"]))
        except ValueError as error:
            problems.add(str(error), row=number, column=titles["date"])
            ok = False
        try:
            status = _parse_status(table.cell(row, columns["status"]))
        except ValueError as error:
            problems.add(str(error), row=number, column=titles["status"])
            ok = False
        if not ok:
            continue
        if (staff_id, day) in seen:
            problems.add(
                f"{staff_id} on {day.isoformat()} is already given on row {seen[staff_id, day]}",
                row=number, column=titles["date"],
            )
            continue
        seen[staff_id, day] = number
        cells.append((staff_id, day, status))
    return cells


def _wide_cells(
    table: Table, known: Collection[str], problems: ProblemCollector
) -> list[tuple[str, date, Status]]:
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
            try:
                status = _parse_status(table.cell(row, index))
            except ValueError as error:
                problems.add(str(error), row=number, column=table.header[index])
                continue
            if status is not Status.UNPLANNED:
                cells.append((staff_id, day, status))
    return cells
