"""The rota as an Excel workbook for people who live in spreadsheets.

One sheet per calendar month, each in the wide form `deskplan check` reads (`staff_id`, `name`,
then one column per date holding the status letter), so the workbook can be checked or
imported again (every month sheet is read). Cells are shaded in the app's status colours with
the letter always present, days off are grey, and the header row and name columns are frozen so
they stay in view while scrolling. A last sheet, "Key", explains the letters.

Made to be printed and opened anywhere:
* every cell names its font (`FONT_NAME`): a style without a name makes LibreOffice fall back
  to a serif face. Arial is on Windows and macOS, and LibreOffice on Linux substitutes its
  metric twin Liberation Sans (or the system's sans), so column widths hold everywhere;
* the rotated date headers are tall enough for the longest date ("Wed 30 Sep");
* each month prints landscape on A4, one page wide, with the header row and the names repeated
  on every printed page and "Page N of M" in the footer.

Names and ids that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`...) are written as
string cells with Excel's quote-prefix flag: shown exactly as typed, never evaluated, and kept
as text if someone edits the cell. The apostrophe guard of `sanitise` is for CSV, which has no
cell types; here it would only leave a visible `'` in front of a name like `-Smith`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from deskplan.domain.model import Status, halves_of
from deskplan.domain.plan import Plan
from deskplan.domain.status_colours import STATUS_COLOURS, tint
from deskplan.interchange.absence import AWAY_LABEL, AWAY_LETTER, shared_status, shared_text
from deskplan.interchange.export_scope import ExportScope, make_scope, output_error

KEY_SHEET = "Key"
FONT_NAME = "Arial"
FONT_SIZE = 10
DATE_FORMAT = "ddd d mmm"
_PLAIN = Font(name=FONT_NAME, size=FONT_SIZE)
_BOLD = Font(name=FONT_NAME, size=FONT_SIZE, bold=True)
_DAY_OFF = PatternFill("solid", fgColor="E6E6E6")
_HEADER = PatternFill("solid", fgColor="F3F3F3")
_THIN = Side(style="thin", color="D0D0D0")
_GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTRE = Alignment(horizontal="center", vertical="center")
_ROTATED = Alignment(horizontal="center", vertical="bottom", text_rotation=90)
#: Characters of a day column: a letter, or a day in halves ("O/H"), in 10 pt bold.
_DAY_WIDTH = 4.2
_DATE_HEADER_HEIGHT = 72  # points: "Wed 30 Sep" rotated, in 10 pt bold, with room to spare
_A4 = 9  # the paperSize code of A4 in SpreadsheetML


def _fill(status: Status) -> PatternFill:
    return PatternFill("solid", fgColor=tint(STATUS_COLOURS[status], 0.35).removeprefix("#"))


def write_xlsx(
    plan: Plan,
    path: Path,
    first: date,
    last: date,
    staff_ids: Sequence[str] | None = None,
    *,
    include_absence_detail: bool = False,
) -> list[str]:
    """Write the rota of `first`..`last`; return the names of the month sheets. Leave and
    sickness are both `A` (away) unless `include_absence_detail` (see `absence`)."""
    scope = make_scope(plan, first, last, staff_ids)
    workbook = Workbook()
    workbook.remove(workbook.active)
    fills = {s: _fill(s) for s in STATUS_COLOURS}
    names = []
    for lo, hi in _months(scope):
        sheet = workbook.create_sheet(f"{scope.days[lo]:%b %Y}")
        names.append(sheet.title)
        _write_month(sheet, scope, lo, hi, fills, include_absence_detail)
        _set_up_printing(sheet, plan.name)
    _write_key(workbook.create_sheet(KEY_SHEET), fills, include_absence_detail)
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


def _write_text(cell: Cell, text: str) -> None:
    """Text that stays text: a string cell, quote-prefixed if it looks like a formula."""
    cell.value = text
    cell.data_type = "s"  # openpyxl would store `=1+1` as a formula
    cell.quotePrefix = text.startswith(("=", "+", "-", "@", "\t", "\r"))


def _write_month(ws: Worksheet, scope: ExportScope, lo: int, hi: int,
                 fills: dict[Status, PatternFill], detail: bool) -> None:
    days = scope.days[lo:hi]
    for column, title in enumerate(("staff_id", "name"), start=1):
        ws.cell(row=1, column=column, value=title)
    for j, day in enumerate(days):
        cell = ws.cell(row=1, column=j + 3, value=day)
        cell.number_format = DATE_FORMAT
        cell.alignment = _ROTATED
    for cell in ws[1]:
        cell.font = _BOLD
        cell.fill = _HEADER
        cell.border = _GRID
    longest = [0] * len(days)
    for row, person in enumerate(scope.people):
        excel_row = row + 2
        for column, text in ((1, person.staff_id), (2, person.name)):
            cell = ws.cell(row=excel_row, column=column)
            _write_text(cell, text)
            cell.font = _PLAIN
            cell.border = _GRID
        working = scope.working[row, lo:hi]
        for j, value in enumerate(scope.statuses[row, lo:hi].tolist()):
            cell = ws.cell(row=excel_row, column=j + 3)
            cell.alignment = _CENTRE
            cell.border = _GRID
            if value:
                am, pm = halves_of(value)
                cell.value = shared_text(scope.cell(row, lo + j), detail=detail)
                longest[j] = max(longest[j], len(cell.value))
                cell.fill = fills[shared_status(am or pm, detail=detail)]
                cell.font = _BOLD
            else:
                cell.font = _PLAIN
                if not working[j]:
                    cell.fill = _DAY_OFF
    ws.freeze_panes = "C2"
    ws.column_dimensions["A"].width = 11
    ws.column_dimensions["B"].width = 26
    for j in range(len(days)):
        # Wide enough for the day's longest cell in bold ("O@Edinburgh/H" at another site)
        ws.column_dimensions[get_column_letter(j + 3)].width = max(
            _DAY_WIDTH, round(longest[j] * 1.2 + 1, 1))
    ws.row_dimensions[1].height = _DATE_HEADER_HEIGHT


def _set_up_printing(ws: Worksheet, team: str | None) -> None:
    """Landscape A4, one page wide (as many pages down as the team needs), titles repeated."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = _A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # no limit downwards: a long team continues on more pages
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = "1:1"
    ws.print_title_cols = "A:B"
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_options.gridLines = False
    ws.oddHeader.left.text = f"{team or 'Rota'}: {ws.title}"
    ws.oddFooter.right.text = "Page &P of &N"
    for part in (ws.oddHeader.left, ws.oddFooter.right):
        part.font = FONT_NAME
        part.size = 9


def _write_key(ws: Worksheet, fills: dict[Status, PatternFill], detail: bool) -> None:
    ws.append(["letter", "meaning"])
    for status, fill in fills.items():
        if status.is_absence and not detail:
            if status is Status.LEAVE:
                ws.append([AWAY_LETTER, AWAY_LABEL])
                ws.cell(row=ws.max_row, column=1).fill = fill
            continue
        ws.append([status.letter, status.label])
        ws.cell(row=ws.max_row, column=1).fill = fill
    ws.append(["", "not planned yet"])
    ws.append(["", "day off, bank holiday or outside employment"])
    ws.cell(row=ws.max_row, column=1).fill = _DAY_OFF
    for row in ws.iter_rows():
        for cell in row:
            cell.font = _BOLD if cell.row == 1 or cell.column == 1 else _PLAIN
    ws.column_dimensions["B"].width = 44
