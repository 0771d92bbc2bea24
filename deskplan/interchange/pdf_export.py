"""The rota as a PDF a manager can pin up: grids of people × days.

Drawn with Qt's own QPdfWriter + QPainter rather than QTextDocument or a PDF library: no new
dependency, exact placement of every cell, real text with embedded fonts, and a month for 200
people in well under a second (`pdf_pages` says more). Every page repeats the title, the legend
and the column titles, so any single page can be read on its own; long teams continue on
following pages and long ranges are cut into grids of whole weeks (stacked on one page when the
team is small). Each person's row ends with
their office time against what they need in each measurement period and a ✓/✖ mark, and the
foot of the grid counts who is in each office on each day against its desks.

Privacy: by default a person with an arrangement is marked "individual arrangement applies" and
nothing more, and the conflict messages are worded the same way; the kind, reference and dates
appear only when the manager asks for them (`include_adjustment_details`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPen, QPolygonF

from deskplan.domain.calendar import describe_day
from deskplan.domain.conflicts import Conflict, RuleId, Severity
from deskplan.domain.engine import Checker, PeriodTotals
from deskplan.domain.model import Adjustment, Status
from deskplan.domain.plan import Plan
from deskplan.domain.policy import PeriodKind
from deskplan.domain.status_colours import STATUS_COLOURS, tint
from deskplan.domain.working_time import days_off
from deskplan.interchange.arrangement_text import describe_arrangement, summarise_arrangement
from deskplan.interchange.export_scope import ExportScope, Progress, make_scope
from deskplan.interchange.hours_text import hours_number
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

PRIVATE_NOTE = "individual arrangement applies"
MEETS, SHORT, OPEN = "✓", "✖", "○"
ERROR_RED = QColor("#C0392B")
WARNING_AMBER = QColor("#B7791F")
_NON_WORKING = QColor("#EFEFEF")
_HATCH = QColor("#C4C4C4")
_HEADER_FILL = QColor("#F3F3F3")
_STRIPE = QColor("#F7F7F7")
_WEEK_RULE = QColor("#7A7A7A")
_OVER = QColor(tint(STATUS_COLOURS[Status.SICK], 0.3))
_PER_DAY_RULES = (RuleId.NON_WORKING_DAY, RuleId.ADJUSTMENT_BREACHED)

# Sizes in millimetres.
_NAME_W = {True: 44.0, False: 38.0}  # landscape, portrait
_PERIOD_W = 11.5
_WIDE_PERIOD_W = 17.0
_NOTE_H = 5.5  # the line under each grid: bank holidays, conflict count
_BLOCK_GAP = 4.0
_MIN_DAY_W, _MAX_DAY_W = 4.6, 9.0
_ROW_H = 6.2
_LOCATION_ROW_H = 4.6
_MONTH_ROW_H = 3.8
_DAY_HEAD_H = 7.0
_LEGEND_H = 4.2


@dataclass(frozen=True)
class PdfOptions:
    """What the user chose in the export dialog or on the command line."""

    setup: PageSetup = field(default_factory=PageSetup)
    include_adjustment_details: bool = False
    conflicts_page: bool = False
    staff_ids: tuple[str, ...] | None = None
    title: str = "Office rota"
    generated: datetime | None = None


def write_pdf(
    plan: Plan,
    path: Path,
    first: date,
    last: date,
    options: PdfOptions | None = None,
    progress: Progress | None = None,
) -> int:
    """Write the rota of `first`..`last` to `path`; return the number of pages.

    Free of widgets, so the GUI can call it from a worker thread; needs a QGuiApplication.
    """
    options = options or PdfOptions()
    scope = make_scope(plan, first, last, options.staff_ids)
    checker = plan.checker(first, last, private=not options.include_adjustment_details)
    team = plan.name or "Team"
    header = PageHeader(
        title=f"{options.title} — {team}",
        subtitle=(f"{describe_range(first, last)}  ·  {len(scope.people)} "
                  f"{'person' if len(scope.people) == 1 else 'people'}  ·  "
                  f"{plan.policy.period.value}ly minimum"),
        generated=options.generated or datetime.now(),
    )

    def layout(canvas: PdfCanvas) -> list[PageDrawer]:
        return _RotaLayout(scope, checker, options, header, canvas).pages()

    return render(path, options.setup, header.title, layout, progress)


def describe_range(first: date, last: date) -> str:
    """`March 2025`, `3–9 March 2025`, `24 February – 30 March 2025`."""
    next_day = last + timedelta(days=1)
    if first.day == 1 and next_day.day == 1 and (first.year, first.month) == (last.year,
                                                                               last.month):
        return f"{first:%B %Y}"
    if first == last:
        return describe_day(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {last:%B %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%B} – {last.day} {last:%B %Y}"
    return f"{first.day} {first:%B %Y} – {last.day} {last:%B %Y}"


@dataclass(frozen=True)
class _Chunk:
    """The days of one page of the grid, and the measurement periods they touch."""

    first_column: int
    days: list[date]
    periods: list[int]
    period_w: float
    """Width of each period's summary column: wider when there are only one or two."""


_Block = tuple[_Chunk, Sequence[int]]
"""One grid on a page: some days for some people."""
_PageDrawerOfBlocks = Callable[[PdfCanvas, Sequence[_Block]], None]


class _RotaLayout:
    """Plans the pages of one rota PDF and draws each of them."""

    def __init__(self, scope: ExportScope, checker: Checker, options: PdfOptions,
                 header: PageHeader, canvas: PdfCanvas) -> None:
        self.scope = scope
        self.checker = checker
        self.options = options
        self.header = header
        self.canvas = canvas
        landscape = canvas.width_mm > canvas.height_mm
        self.name_w = _NAME_W[landscape]
        self.content = canvas.content
        self.days = scope.days
        self.ranges = checker.period_ranges
        self.totals = checker.totals_by_person([p.staff_id for p in scope.people])
        self.conflicts = checker.conflicts
        self.conflict_days = {
            (c.staff_id, c.start) for c in self.conflicts if c.rule in _PER_DAY_RULES
        }
        nations = sorted({p.nation for p in scope.people}, key=lambda n: n.value)
        self.holidays: dict[date, list[str]] = {}
        for nation in nations:
            for day, name in days_off(scope.plan.policy, nation, scope.first,
                                      scope.last).items():
                self.holidays.setdefault(day, []).append(f"{name} ({nation.label})")
        self.locations = self._location_counts()
        self.legend_lines = self._legend_lines(canvas)
        self.tints = {s: QColor(tint(c, 0.3)) for s, c in STATUS_COLOURS.items()}
        self.bars = {s: QColor(c) for s, c in STATUS_COLOURS.items()}
        self.hatch_step = 1.3 * canvas.mm
        self.hatch_pen = QPen(_HATCH, 0.12 * canvas.mm)

    # --- planning -----------------------------------------------------------------------------
    def pages(self) -> list[PageDrawer]:
        pages: list[PageDrawer] = [_bind(self._draw_page, blocks)
                                   for blocks in self._grid_pages()]
        if self.options.conflicts_page:
            pages += text_pages(self.canvas, self.header, "Conflicts", self._conflict_summary(),
                                self._conflict_items())
        if self.options.include_adjustment_details:
            items = self._arrangement_items()
            if items:
                pages += text_pages(self.canvas, self.header, "Individual arrangements",
                                    "Agreed arrangements in force during the period. Keep "
                                    "this page confidential.", items)
        total = len(pages)
        return [_numbered(draw, number, total, self.footer_text)
                for number, draw in enumerate(pages, start=1)]

    @property
    def footer_text(self) -> str:
        return (f"deskplan  ·  {self.scope.plan.name or 'Team'}  ·  "
                f"{describe_range(self.scope.first, self.scope.last)}")

    def _grid_pages(self) -> list[list[_Block]]:
        """Which grids go on which page.

        A team too long for one page is split into pages of people, balanced so the last page
        is not a straggler, for each run of weeks. A team that fits on one page gets as many
        runs of weeks stacked on each page as fit, so a year for a small team is a few pages,
        not one page per month.
        """
        people = list(range(len(self.scope.people)))
        fitting = self._rows_per_page()
        per_page = -(-len(people) // -(-len(people) // fitting)) if people else fitting
        slices = [people[i : i + per_page] for i in range(0, len(people), per_page)] or [[]]
        chunks = self._chunks()
        if len(slices) > 1:
            return [[(chunk, rows)] for chunk in chunks for rows in slices]
        space = self.canvas.footer_top - self._body_top() + _BLOCK_GAP
        per_block = self._block_height(len(people)) + _BLOCK_GAP
        stacked = max(1, int(space // per_block))
        return [[(chunk, people) for chunk in chunks[i : i + stacked]]
                for i in range(0, len(chunks), stacked)]

    def _block_height(self, rows: int) -> float:
        return (_MONTH_ROW_H + _DAY_HEAD_H + rows * _ROW_H
                + len(self.locations) * _LOCATION_ROW_H + _NOTE_H)

    def _grid_width(self) -> float:
        return self.content.width() - self.name_w

    def _fits(self, chunk: _Chunk) -> bool:
        return (len(chunk.days) * _MIN_DAY_W + len(chunk.periods) * chunk.period_w
                <= self._grid_width())

    def _chunk(self, lo: int, hi: int) -> _Chunk:
        days = self.days[lo:hi]
        touching = [k for k, (p_first, p_last) in enumerate(self.ranges)
                    if p_first <= days[-1] and p_last >= days[0]]
        return _Chunk(lo, days, touching, _PERIOD_W if len(touching) > 2 else _WIDE_PERIOD_W)

    def _chunks(self) -> list[_Chunk]:
        """The whole range on one page if it fits, else pages of as many whole weeks as fit."""
        whole = self._chunk(0, len(self.days))
        if self._fits(whole):
            return [whole]
        mondays = [i for i, d in enumerate(self.days) if d.weekday() == 0 and i > 0]
        starts = [0, *mondays]  # each week begins here (the first may be a part week)
        for weeks in range(len(starts), 0, -1):
            cuts = [*starts[::weeks], len(self.days)]
            chunks = [self._chunk(lo, hi) for lo, hi in pairwise(cuts)]
            if all(self._fits(c) for c in chunks):
                return chunks
        return [self._chunk(lo, hi) for lo, hi in zip(starts, [*starts[1:], len(self.days)],
                                                        strict=True)]

    def _body_top(self) -> float:
        return (self.content.top() + HEADER_H + len(self.legend_lines) * _LEGEND_H + 1.5)

    def _rows_per_page(self) -> int:
        table_top = self._body_top() + _MONTH_ROW_H + _DAY_HEAD_H
        bottom = self.canvas.footer_top - _NOTE_H
        space = bottom - table_top - len(self.locations) * _LOCATION_ROW_H
        return max(1, int(space // _ROW_H))

    def _location_counts(self) -> list[tuple[str, int | None, np.ndarray]]:
        """Per location of the whole team: name, desks, people in the office each day."""
        plan = self.scope.plan
        by_place: dict[str, list[str]] = {}
        for person in plan.people:
            by_place.setdefault(person.location or "", []).append(person.staff_id)
        found = []
        for place, ids in by_place.items():
            office = plan.rota.matrix(ids, self.scope.first, self.scope.last) == Status.OFFICE
            found.append((place, plan.policy.capacity(place) if place else None,
                          office.sum(axis=0)))
        return found

    # --- legend -------------------------------------------------------------------------------
    def _legend_items(self) -> list[tuple[str, str]]:
        items = [(f"status:{s.name}", s.label) for s in STATUS_COLOURS]
        items += [
            ("text:·", "not planned"),
            ("hatch", "day off / bank holiday"),
            ("conflict", "conflict"),
            (f"text:{MEETS}", "meets minimum"),
            (f"text:{SHORT}", "cannot meet it"),
            (f"text:{OPEN}", "depends on unplanned days"),
            ("text:◆", "individual arrangement"),
            ("text:PT", "part time"),
        ]
        return items

    def _legend_lines(self, canvas: PdfCanvas) -> list[list[tuple[str, str, float]]]:
        """Legend entries flowed into lines that fit the page width."""
        label_font = font(6.2)
        lines: list[list[tuple[str, str, float]]] = [[]]
        used = 0.0
        for key, label in self._legend_items():
            width = 4.6 + canvas.text_width(label, label_font) + 2.6
            if used + width > self.content.width() and lines[-1]:
                lines.append([])
                used = 0.0
            lines[-1].append((key, label, width))
            used += width
        return lines

    def _draw_legend(self, canvas: PdfCanvas, y: float) -> None:
        label_font = font(6.2)
        for line in self.legend_lines:
            x = self.content.left()
            for key, label, width in line:
                self._draw_legend_key(canvas, key, x, y + 0.5, 3.6, 3.2)
                canvas.text(x + 4.6, y, width - 4.6, _LEGEND_H, label, label_font, MUTED)
                x += width
            y += _LEGEND_H

    def _draw_legend_key(self, canvas: PdfCanvas, key: str, x: float, y: float, w: float,
                         h: float) -> None:
        painter = canvas.painter
        box = canvas.rect(x, y, w, h)
        if key.startswith("status:"):
            self._draw_status_cell(canvas, box, Status[key.removeprefix("status:")])
            canvas.text(x, y, w, h, Status[key.removeprefix("status:")].letter,
                        font(6.5, bold=True), INK, Qt.AlignmentFlag.AlignHCenter)
        elif key == "hatch":
            painter.fillRect(box, _NON_WORKING)
            painter.setPen(self.hatch_pen)
            painter.drawLines(hatch_lines(box, self.hatch_step))
        elif key == "conflict":
            painter.setPen(QPen(RULE, 0))
            painter.drawRect(box)
            self._draw_corner(canvas, box, ERROR_RED)
        else:
            bold = key in (f"text:{MEETS}", f"text:{SHORT}")
            canvas.text(x, y, w, h, key.removeprefix("text:"), font(6.5, bold=bold), INK,
                        Qt.AlignmentFlag.AlignHCenter)

    # --- the grid -----------------------------------------------------------------------------
    def _draw_page(self, canvas: PdfCanvas, blocks: Sequence[_Block]) -> None:
        canvas.page_header(self.header)
        self._draw_legend(canvas, self.content.top() + HEADER_H)
        top = self._body_top()
        for number, (chunk, rows) in enumerate(blocks, start=1):
            top = self._draw_grid(canvas, chunk, rows, top, number == len(blocks)) + _BLOCK_GAP

    def _draw_grid(self, canvas: PdfCanvas, chunk: _Chunk, rows: Sequence[int], top: float,
                   last_on_page: bool) -> float:
        """One grid from `top` down; returns where it ends."""
        day_w = min(_MAX_DAY_W, (self._grid_width() - len(chunk.periods) * chunk.period_w)
                    / len(chunk.days))
        x_days = self.content.left() + self.name_w
        x_periods = x_days + day_w * len(chunk.days)
        y = self._draw_column_titles(canvas, chunk, top, day_w, x_days, x_periods)
        lines = [y]
        for position, row in enumerate(rows):
            self._draw_person(canvas, chunk, row, y, day_w, x_days, x_periods, position % 2 == 1)
            y += _ROW_H
            lines.append(y)
        people_bottom = y
        for place, capacity, counts in self.locations:
            self._draw_location(canvas, chunk, place, capacity, counts, y, day_w, x_days,
                                x_periods)
            y += _LOCATION_ROW_H
            lines.append(y)
        self._draw_rules(canvas, chunk, top, lines, people_bottom, day_w, x_days, x_periods)
        self._draw_notes(canvas, chunk, y + 1.2, with_check=last_on_page)
        return y + _NOTE_H

    def _is_closed(self, day: date) -> bool:
        return day.weekday() >= 5 or day in self.holidays

    def _draw_column_titles(self, canvas: PdfCanvas, chunk: _Chunk, top: float, day_w: float,
                            x_days: float, x_periods: float) -> float:
        painter = canvas.painter
        head_h = _MONTH_ROW_H + _DAY_HEAD_H
        painter.fillRect(canvas.rect(self.content.left(), top, x_periods - self.content.left()
                                     + len(chunk.periods) * chunk.period_w, head_h), _HEADER_FILL)
        canvas.text(self.content.left() + 1, top + _MONTH_ROW_H, self.name_w - 2, _DAY_HEAD_H,
                    "Name", font(7, bold=True))
        # Month names over their days.
        start = 0
        for i in range(1, len(chunk.days) + 1):
            if i == len(chunk.days) or chunk.days[i].month != chunk.days[start].month:
                width = (i - start) * day_w
                label = f"{chunk.days[start]:%B %Y}" if width > 18 else f"{chunk.days[start]:%b}"
                canvas.text(x_days + start * day_w + 0.5, top, width - 1, _MONTH_ROW_H, label,
                            font(6.5, bold=True), INK)
                start = i
        for j, day in enumerate(chunk.days):
            x = x_days + j * day_w
            if self._is_closed(day):
                painter.fillRect(canvas.rect(x, top + _MONTH_ROW_H, day_w, _DAY_HEAD_H),
                                 QColor("#DDDDDD"))
            label = "BH" if day in self.holidays else "MTWTFSS"[day.weekday()]
            canvas.text(x, top + _MONTH_ROW_H + 0.3, day_w, 3, label, font(5.5), MUTED,
                        Qt.AlignmentFlag.AlignHCenter, elide=False)
            canvas.text(x, top + _MONTH_ROW_H + 3.3, day_w, 3.4, str(day.day),
                        font(6.5, bold=True), INK, Qt.AlignmentFlag.AlignHCenter, elide=False)
        if chunk.periods:
            wide = len(chunk.periods) * chunk.period_w > 30
            canvas.text(x_periods, top, len(chunk.periods) * chunk.period_w, _MONTH_ROW_H,
                        "Office / required (h)" if wide else "Office/req. h",
                        font(6, bold=True), INK, Qt.AlignmentFlag.AlignHCenter)
        for k, period in enumerate(chunk.periods):
            p_first = self.ranges[period][0]
            x = x_periods + k * chunk.period_w
            if self.checker.policy.period is PeriodKind.WEEK:
                lines = ("week of", f"{p_first.day} {p_first:%b}")
            else:
                lines = (f"{p_first:%B}", f"{p_first:%Y}")
            canvas.text(x, top + _MONTH_ROW_H + 0.3, chunk.period_w, 3, lines[0], font(5.5), MUTED,
                        Qt.AlignmentFlag.AlignHCenter)
            canvas.text(x, top + _MONTH_ROW_H + 3.3, chunk.period_w, 3.4, lines[1],
                        font(6.5, bold=True), INK, Qt.AlignmentFlag.AlignHCenter)
        return top + head_h

    def _draw_status_cell(self, canvas: PdfCanvas, box: QRectF, status: Status) -> None:
        painter = canvas.painter
        painter.fillRect(box, self.tints[status])
        painter.fillRect(QRectF(box.left(), box.top(), 0.6 * canvas.mm, box.height()),
                         self.bars[status])

    def _draw_corner(self, canvas: PdfCanvas, box: QRectF, colour: QColor) -> None:
        size = 1.8 * canvas.mm
        corner = QPolygonF([QPointF(box.right() - size, box.top()), box.topRight(),
                            QPointF(box.right(), box.top() + size)])
        canvas.painter.setPen(Qt.PenStyle.NoPen)
        canvas.painter.setBrush(colour)
        canvas.painter.drawPolygon(corner)
        canvas.painter.setBrush(Qt.BrushStyle.NoBrush)

    def _draw_person(self, canvas: PdfCanvas, chunk: _Chunk, row: int, y: float, day_w: float,
                     x_days: float, x_periods: float, striped: bool) -> None:
        painter = canvas.painter
        person = self.scope.people[row]
        left = self.content.left()
        if striped:
            painter.fillRect(canvas.rect(left, y, self.name_w, _ROW_H), _STRIPE)
        arrangements = self.scope.arrangements(person.staff_id)
        name = person.name + ("  ◆" if arrangements else "") + ("  PT" if person.is_part_time
                                                                  else "")
        canvas.text(left + 1, y + 0.3, self.name_w - 2, 3.3, name, font(7, bold=True))
        canvas.text(left + 1, y + 3.3, self.name_w - 2, 2.7, self._second_line(arrangements, row),
                    font(5.2, italic=bool(arrangements)), MUTED)
        statuses = self.scope.statuses[row]
        working = self.scope.working[row]
        letters: list[tuple[QRectF, str]] = []
        dots: list[QRectF] = []
        hatching: list[QLineF] = []
        for j, day in enumerate(chunk.days):
            column = chunk.first_column + j
            box = canvas.rect(x_days + j * day_w, y, day_w, _ROW_H)
            status = Status(int(statuses[column]))
            if not working[column]:
                painter.fillRect(box, _NON_WORKING)
                if status is Status.UNPLANNED:
                    hatching += hatch_lines(box, self.hatch_step)
            if status is not Status.UNPLANNED:
                self._draw_status_cell(canvas, box, status)
                letters.append((box, status.letter))
            elif working[column]:
                dots.append(box)
            if (person.staff_id, day) in self.conflict_days:
                self._draw_corner(canvas, box, ERROR_RED)
        # Days off are hatched, not only grey, so they stay distinct when printed in black and
        # white; lines rather than a pattern brush, which would add a PDF object per cell.
        painter.setPen(self.hatch_pen)
        painter.drawLines(hatching)
        centre = Qt.AlignmentFlag.AlignCenter
        painter.setFont(font(7, bold=True))
        painter.setPen(INK)
        for box, letter in letters:
            painter.drawText(box, centre, letter)
        painter.setFont(font(7))
        painter.setPen(MUTED)
        for box in dots:
            painter.drawText(box, centre, "·")
        for k, period in enumerate(chunk.periods):
            self._draw_summary(canvas, self.totals[person.staff_id][period],
                               x_periods + k * chunk.period_w, y, chunk.period_w)

    def _second_line(self, arrangements: list[Adjustment], row: int) -> str:
        if not arrangements:
            return self.scope.people[row].role
        if self.options.include_adjustment_details:
            return "; ".join(summarise_arrangement(a) for a in arrangements)
        return PRIVATE_NOTE

    def _draw_summary(self, canvas: PdfCanvas, totals: PeriodTotals, x: float, y: float,
                      width: float) -> None:
        if not totals.available and not totals.required:
            canvas.text(x, y, width, _ROW_H, "–", font(7), MUTED,
                        Qt.AlignmentFlag.AlignHCenter)
            return
        figures = (f"{hours_number(totals.office)}/"
                   f"{hours_number(totals.required, round_up=True)}")
        canvas.text(x + 0.3, y + 0.3, width - 0.6, 2.8, figures, font(5.2, condensed=True),
                    INK, Qt.AlignmentFlag.AlignHCenter, elide=len(figures) > 9)
        if totals.meets_minimum:
            mark, colour = MEETS, INK
        elif not totals.can_meet_minimum:
            mark, colour = SHORT, ERROR_RED
        else:
            mark, colour = OPEN, MUTED
        canvas.text(x, y + 3.0, width, 3.0, mark, font(7, bold=True), colour,
                    Qt.AlignmentFlag.AlignHCenter, elide=False)

    def _draw_location(self, canvas: PdfCanvas, chunk: _Chunk, place: str,
                       capacity: int | None, counts: np.ndarray, y: float, day_w: float,
                       x_days: float, x_periods: float) -> None:
        painter = canvas.painter
        left = self.content.left()
        right = x_periods + len(chunk.periods) * chunk.period_w
        painter.fillRect(canvas.rect(left, y, right - left, _LOCATION_ROW_H), _HEADER_FILL)
        desks = f" ({capacity} desks)" if capacity is not None else ""
        canvas.text(left + 1, y, self.name_w - 2, _LOCATION_ROW_H,
                    f"In office: {place or 'no location'}{desks}", font(6.5, bold=True))
        peak = 0
        for j, day in enumerate(chunk.days):
            count = int(counts[chunk.first_column + j])
            peak = max(peak, count)
            box = canvas.rect(x_days + j * day_w, y, day_w, _LOCATION_ROW_H)
            over = capacity is not None and count > capacity
            if over:
                painter.fillRect(box, _OVER)
                self._draw_corner(canvas, box, ERROR_RED)
            if count or not self._is_closed(day):
                canvas.text(x_days + j * day_w, y, day_w, _LOCATION_ROW_H, str(count),
                            font(6, bold=over), INK, Qt.AlignmentFlag.AlignHCenter, elide=False)
        if chunk.periods:
            limit = f" of {capacity}" if capacity is not None else ""
            label = "most on one day: " if len(chunk.periods) * chunk.period_w > 30 else "most: "
            canvas.text(x_periods, y, len(chunk.periods) * chunk.period_w, _LOCATION_ROW_H,
                        f"{label}{peak}{limit}", font(6), MUTED, Qt.AlignmentFlag.AlignHCenter)

    def _draw_rules(self, canvas: PdfCanvas, chunk: _Chunk, top: float, lines: list[float],
                    people_bottom: float, day_w: float, x_days: float,
                    x_periods: float) -> None:
        """Grid lines: light between cells, dark before each Monday and around the table."""
        painter = canvas.painter
        mm = canvas.mm
        left = self.content.left()
        right = x_periods + len(chunk.periods) * chunk.period_w
        bottom = lines[-1]

        def line(x1: float, y1: float, x2: float, y2: float) -> None:
            painter.drawLine(QPointF(x1 * mm, y1 * mm), QPointF(x2 * mm, y2 * mm))

        light = QPen(RULE, 0.1 * mm)
        painter.setPen(light)
        line(x_days, top + _MONTH_ROW_H, x_periods, top + _MONTH_ROW_H)
        for y in lines:
            line(left, y, right, y)
        for k in range(1, len(chunk.periods)):
            x = x_periods + k * chunk.period_w
            line(x, top + _MONTH_ROW_H, x, people_bottom)
        week = QPen(_WEEK_RULE, 0.25 * mm)
        for j, day in enumerate(chunk.days):
            painter.setPen(week if day.weekday() == 0 and j else light)
            new_month = j and day.day == 1
            line(x_days + j * day_w, top if new_month else top + _MONTH_ROW_H,
                 x_days + j * day_w, bottom)
        painter.setPen(QPen(_WEEK_RULE, 0.3 * mm))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(left * mm, top * mm, (right - left) * mm, (bottom - top) * mm))
        for x in (x_days, x_periods):
            line(x, top, x, bottom)
        for y in (lines[0], people_bottom):
            line(left, y, right, y)

    def _draw_notes(self, canvas: PdfCanvas, chunk: _Chunk, y: float, *,
                    with_check: bool) -> None:
        """Under a grid: its bank holidays and, once a page, how the plan checks out."""
        box = self.content
        check_w = 0.0
        if with_check:
            check = self._conflict_summary()
            if self._selected_conflicts() and self.options.conflicts_page:
                check = check.replace(", errors first.", ", listed at the end.")
            check_w = canvas.text_width(check, font(6.5, bold=True)) + 1
            canvas.text(box.right() - check_w, y, check_w, 3.5, check, font(6.5, bold=True),
                        ERROR_RED if self._has_errors else INK, Qt.AlignmentFlag.AlignRight)
        days = [d for d in chunk.days if d in self.holidays]
        if days:
            text = "Bank holidays: " + "; ".join(
                f"{describe_day(d)}: {', '.join(self.holidays[d])}" for d in days)
            canvas.text(box.left(), y, box.width() - check_w - 4, 3.5, text, font(6), MUTED)

    @property
    def _has_errors(self) -> bool:
        return any(c.severity is Severity.ERROR for c in self._selected_conflicts())

    # --- conflicts and arrangements pages -----------------------------------------------------
    def _selected_conflicts(self) -> list[Conflict]:
        chosen = {p.staff_id for p in self.scope.people}
        return [c for c in self.conflicts
                if (c.staff_id is None or c.staff_id in chosen)
                and c.start <= self.scope.last and c.end >= self.scope.first]

    def _conflict_summary(self) -> str:
        found = self._selected_conflicts()
        errors = sum(1 for c in found if c.severity is Severity.ERROR)
        warnings = len(found) - errors
        if not found:
            return f"{MEETS} No conflicts: the plan meets the policy and every arrangement."
        return (f"{SHORT if errors else '⚠'} {errors} error{'s' if errors != 1 else ''} and "
                f"{warnings} warning{'s' if warnings != 1 else ''}, errors first.")

    def _conflict_items(self) -> list[TextItem]:
        return [
            TextItem(SHORT if c.severity is Severity.ERROR else "⚠", c.message,
                     (ERROR_RED if c.severity is Severity.ERROR else WARNING_AMBER).name())
            for c in self._selected_conflicts()
        ]

    def _arrangement_items(self) -> list[TextItem]:
        items = []
        for person in self.scope.people:
            for adjustment in self.scope.arrangements(person.staff_id):
                items.append(TextItem("◆", f"{person.name} ({person.staff_id}): "
                                      f"{describe_arrangement(adjustment)}"))
        return items


def hatch_lines(box: QRectF, step: float) -> list[QLineF]:
    """Diagonal lines (bottom-left to top-right) `step` apart, clipped to `box`."""
    lines = []
    w, h = box.width(), box.height()
    c = step / 2
    while c < w + h:
        # Points where u + v = c, u across from the left, v up from the bottom.
        u1, u2 = max(0.0, c - h), min(w, c)
        lines.append(QLineF(box.left() + u1, box.bottom() - (c - u1),
                            box.left() + u2, box.bottom() - (c - u2)))
        c += step
    return lines


def _bind(draw: _PageDrawerOfBlocks, blocks: list[_Block]) -> PageDrawer:
    return lambda canvas: draw(canvas, blocks)


def _numbered(draw: PageDrawer, number: int, total: int, footer: str) -> PageDrawer:
    def page(canvas: PdfCanvas) -> None:
        draw(canvas)
        canvas.page_footer(footer, number, total)
    return page

