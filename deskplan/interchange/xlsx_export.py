"""The rota as an Excel workbook for people who live in spreadsheets.

One sheet per calendar month, each in the wide form `deskplan check` reads (`staff_id`, `name`,
then one column per date holding the status letter), so any sheet can be checked again. Cells
are shaded in the app's status colours with the letter always present, days off are grey, and
the header row and name columns are frozen so they stay in view while scrolling. A last sheet,
"Key", explains the letters.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from deskplan.domain.model import Status
from deskplan.domain.plan import Plan
from deskplan.domain.status_colours import STATUS_COLOURS, tint
from deskplan.interchange.export_scope import ExportScope, make_scope, output_error
from deskplan.interchange.sanitise import neutralise

KEY_SHEET = "Key"
_DAY_OFF = PatternFill("solid", fgColor="E6E6E6")
_HEADER = PatternFill("solid", fgColor="F3F3F3")
_THIN = Side(style="thin", color="D0D0D0")
_GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTRE = Alignment(horizontal="center", vertical="center")


def _fill(status: Status) -> PatternFill:
    return PatternFill("solid", fgColor=tint(STATUS_COLOURS[status], 0.35).removeprefix("#"))


def write_xlsx(
    plan: Plan,
    path: Path,
    first: date,
    last: date,
    staff_ids: Sequence[str] | None = None,
) -> list[str]:
    """Write the rota of `first`..`last`; return the names of the month sheets."""
    scope = make_scope(plan, first, last, staff_ids)
    workbook = Workbook()
    workbook.remove(workbook.active)
    fills = {s: _fill(s) for s in STATUS_COLOURS}
    names = []
    for lo, hi in _months(scope):
        sheet = workbook.create_sheet(f"{scope.days[lo]:%b %Y}")
        names.append(sheet.title)
        _write_month(sheet, scope, lo, hi, fills)
    _write_key(workbook.create_sheet(KEY_SHEET), fills)
    try:
        workbook.save(path)
    except OSError as error:
        raise output_error(path, error) from None
    return names


def _months(scope: ExportScope) -> list[tuple[int, int]]:
    """Column ranges [lo, hi) of the days of each calendar month in the scope."""
    days = scope.days
    starts = [i for i, d in enumerate(days) if i == 0 or d.day == 1]
    return list(zip(starts, [*starts[1:], len(days)], strict=True))


def _write_month(ws: Worksheet, scope: ExportScope, lo: int, hi: int,
                 fills: dict[Status, PatternFill]) -> None:
    days = scope.days[lo:hi]
    header = ["staff_id", "name", *days]
    ws.append(header)
    bold = Font(bold=True)
    for column, _ in enumerate(header, start=1):
        cell = ws.cell(row=1, column=column)
        cell.font = bold
        cell.fill = _HEADER
        cell.border = _GRID
        if column > 2:
            cell.number_format = "ddd d mmm"
            cell.alignment = Alignment(horizontal="center", vertical="center",
                                       text_rotation=90)
    for row, person in enumerate(scope.people):
        statuses = scope.statuses[row, lo:hi]
        working = scope.working[row, lo:hi]
        letters = [Status(int(v)).letter for v in statuses]
        ws.append([neutralise(person.staff_id), neutralise(person.name),
                   *(letter or None for letter in letters)])
        excel_row = row + 2
        for j, value in enumerate(statuses.tolist()):
            cell = ws.cell(row=excel_row, column=j + 3)
            cell.alignment = _CENTRE
            cell.border = _GRID
            if value:
                cell.fill = fills[Status(value)]
                cell.font = bold
            elif not working[j]:
                cell.fill = _DAY_OFF
    ws.freeze_panes = "C2"
    ws.column_dimensions["A"].width = 11
    ws.column_dimensions["B"].width = 26
    for j in range(len(days)):
        ws.column_dimensions[get_column_letter(j + 3)].width = 4.2
    ws.row_dimensions[1].height = 62


def _write_key(ws: Worksheet, fills: dict[Status, PatternFill]) -> None:
    ws.append(["letter", "meaning"])
    for status, fill in fills.items():
        ws.append([status.letter, status.label])
        ws.cell(row=ws.max_row, column=1).fill = fill
    ws.append(["", "not planned yet"])
    ws.append(["", "day off, bank holiday or outside employment"])
    ws.cell(row=ws.max_row, column=1).fill = _DAY_OFF
    ws.column_dimensions["B"].width = 44
