"""The compliance report as a PDF table, on the same page furniture as the rota PDF.

One line per person per period, grouped by person, with the column titles repeated on every
page. The verdict carries a mark (✓ ✖ ○) as well as words, so it never relies on colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from deskplan.domain.calendar import describe_period
from deskplan.domain.model import Adjustment
from deskplan.domain.plan import Plan
from deskplan.interchange.arrangement_text import describe_arrangement, summarise_arrangement
from deskplan.interchange.compliance_report import ReportRow, Verdict, report_rows
from deskplan.interchange.export_scope import Progress
from deskplan.interchange.hours_text import hours_number
from deskplan.interchange.pdf_export import describe_range
from deskplan.interchange.pdf_pages import (
    HEADER_H,
    INK,
    MUTED,
    RULE,
    PageDrawer,
    PageHeader,
    PageSetup,
    PdfCanvas,
    font,
    render,
)
from deskplan.interchange.pdf_text_pages import TextItem, text_pages

_ROW_H = 5.0
_MARKS = {
    Verdict.MEETS: ("✓", INK),
    Verdict.SHORT: ("✖", QColor("#C0392B")),
    Verdict.OPEN: ("○", MUTED),
}
# Title, share of the page width, right-aligned?
_COLUMNS: tuple[tuple[str, float, bool], ...] = (
    ("Name", 0.2, False), ("Period", 0.17, False), ("Available h", 0.075, True),
    ("Required h", 0.075, True), ("Office h", 0.075, True), ("Unplanned h", 0.075, True),
    ("Individual arrangement", 0.17, False), ("Verdict", 0.16, False),
)


@dataclass(frozen=True)
class ReportOptions:
    setup: PageSetup = field(default_factory=PageSetup)
    include_adjustment_details: bool = False
    staff_ids: tuple[str, ...] | None = None
    generated: datetime | None = None


def write_report_pdf(
    plan: Plan,
    path: Path,
    first: date,
    last: date,
    options: ReportOptions | None = None,
    progress: Progress | None = None,
) -> int:
    """Write the compliance report as a PDF; return the number of pages."""
    options = options or ReportOptions()
    rows = report_rows(plan, first, last, options.staff_ids,
                       include_adjustment_details=options.include_adjustment_details)
    people = len({r.staff_id for r in rows})
    header = PageHeader(
        title=f"Office attendance compliance — {plan.name or 'Team'}",
        subtitle=(f"{describe_range(first, last)}  ·  {people} "
                  f"{'person' if people == 1 else 'people'}  ·  "
                  f"{plan.policy.period.value}ly minimum"),
        generated=options.generated or datetime.now(),
    )
    footer = f"deskplan  ·  {plan.name or 'Team'}  ·  {describe_range(first, last)}"

    def layout(canvas: PdfCanvas) -> list[PageDrawer]:
        top = canvas.content.top() + HEADER_H + 2 * _ROW_H
        per_page = max(1, int((canvas.footer_top - 2 - top) // _ROW_H))
        chunks = [rows[i : i + per_page] for i in range(0, len(rows), per_page)] or [[]]
        pages = [_page(header, chunk, plan) for chunk in chunks]
        notes = _arrangement_notes(rows)
        if notes:
            pages += text_pages(canvas, header, "Individual arrangements",
                                "The terms of each arrangement in the report. Keep this page "
                                "confidential.", notes)
        return [_numbered(page, footer, number, len(pages))
                for number, page in enumerate(pages, start=1)]

    return render(path, options.setup, header.title, layout, progress)


def _arrangement_notes(rows: Sequence[ReportRow]) -> list[TextItem]:
    """Each arrangement shown in the report once, in full, for the last page(s)."""
    notes: dict[Adjustment, TextItem] = {}
    for row in rows:
        for adjustment in row.active:
            notes.setdefault(adjustment, TextItem(
                "◆", f"{row.name} ({row.staff_id}): {describe_arrangement(adjustment)}"))
    return list(notes.values())


def _numbered(draw: PageDrawer, footer: str, number: int, total: int) -> PageDrawer:
    def page(canvas: PdfCanvas) -> None:
        draw(canvas)
        canvas.page_footer(footer, number, total)
    return page


def _page(header: PageHeader, rows: Sequence[ReportRow], plan: Plan) -> PageDrawer:
    def draw(canvas: PdfCanvas) -> None:
        box = canvas.content
        y = canvas.page_header(header) + _ROW_H
        widths = [share * box.width() for _, share, _ in _COLUMNS]
        painter = canvas.painter
        painter.fillRect(canvas.rect(box.left(), y, box.width(), _ROW_H), QColor("#F3F3F3"))
        x = box.left()
        for (title, _, right), width in zip(_COLUMNS, widths, strict=True):
            align = Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft
            canvas.text(x + 1, y, width - 2, _ROW_H, title, font(7, bold=True), INK, align)
            x += width
        previous = None
        shade = False
        for row in rows:
            y += _ROW_H
            if row.staff_id != previous:
                shade = not shade
            if shade:
                painter.fillRect(canvas.rect(box.left(), y, box.width(), _ROW_H),
                                 QColor("#F8F8F8"))
            totals = row.totals
            mark, colour = _MARKS[row.verdict]
            cells = [
                row.name if row.staff_id != previous else "",
                describe_period(totals.first, totals.last, plan.policy.period),
                hours_number(totals.available), hours_number(totals.required, round_up=True),
                hours_number(totals.office), hours_number(totals.unplanned),
                "; ".join(summarise_arrangement(a) for a in row.active) or row.arrangement,
            ]
            x = box.left()
            for column, ((_, _, right), width, text) in enumerate(
                    zip(_COLUMNS, widths, cells, strict=False)):
                align = Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft
                canvas.text(x + 1, y, width - 2, _ROW_H, text, font(7, bold=column == 0), INK,
                            align)
                x += width
            canvas.text(x + 1, y, 4, _ROW_H, mark, font(7.5, bold=True), colour)
            canvas.text(x + 5, y, widths[-1] - 6, _ROW_H, row.verdict.value, font(7), INK)
            previous = row.staff_id
        painter.setPen(RULE)
        painter.drawLine(canvas.rect(box.left(), y + _ROW_H, box.width(), 0).topLeft(),
                         canvas.rect(box.left(), y + _ROW_H, box.width(), 0).topRight())
    return draw
