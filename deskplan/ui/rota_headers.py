"""The grid's headers: days across the top, people (name, role, summary) down the side.

The person header is the view's vertical header, so names, roles and each row's summary stay put
while the days scroll.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QRect,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
)
from PySide6.QtWidgets import (
    QHeaderView,
    QWidget,
)

from deskplan.domain.conflicts import Severity
from deskplan.domain.model import Status
from deskplan.domain.ordering import PeopleOrder
from deskplan.ui.rota_cells import triangle
from deskplan.ui.rota_model import FAIL, PASS, RotaModel
from deskplan.ui.status_style import StatusStyle, blend

ROW_HEIGHT = 24
HEADER_WIDTH = 410
NAME_WIDTH = 160
ROLE_WIDTH = 100
#: Room for the office summary: `3 of 4 weeks met`, or a week's `22.5/30 h`.
SUMMARY_WIDTH = 112


class DayHeader(QHeaderView):
    """Month, weekday and day number; weekends and the team's bank holidays shaded, today
    underlined."""

    def __init__(self, model: RotaModel, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.rota = model
        self.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setSectionsClickable(True)
        self.setHighlightSections(True)
        self.setFixedHeight(48)
        self.today = date.today()
        self.today_pen = StatusStyle.for_palette(self.palette()).today

    def paintSection(self, painter: QPainter, rect: QRect, section: int) -> None:
        days = self.rota.days
        if not 0 <= section < len(days):
            return
        day = days[section]
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Button)
        text = palette.color(QPalette.ColorRole.ButtonText)
        closed = day.weekday() >= 5 or day in self.rota.team_holidays
        painter.fillRect(rect, blend(text, base, 0.12) if closed else base)
        painter.setPen(blend(text, base, 0.3))
        painter.drawLine(rect.topRight(), rect.bottomRight())
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        if day.day == 1 or section == 0 or day.weekday() == 0:
            painter.drawLine(rect.topLeft(), rect.bottomLeft())
        model = self.selectionModel()
        if model is not None and model.isColumnSelected(section, QModelIndex()):
            highlight = QColor(palette.color(QPalette.ColorRole.Highlight))
            highlight.setAlpha(70)
            painter.fillRect(rect, highlight)
        third = rect.height() // 3
        small = QFont(self.font())
        small.setPointSizeF(max(6.0, small.pointSizeF() * 0.8))
        painter.setFont(small)
        painter.setPen(text)
        if day.day == 1 or section == 0:
            month_rect = QRect(rect.left() + 2, rect.top(), rect.width() * 3, third)
            painter.drawText(month_rect, Qt.AlignmentFlag.AlignLeft |
                             Qt.AlignmentFlag.AlignVCenter, self.locale().monthName(
                                 day.month, self.locale().FormatType.ShortFormat))
        weekday = self.locale().dayName(day.isoweekday(), self.locale().FormatType.ShortFormat)
        painter.drawText(QRect(rect.left(), rect.top() + third, rect.width(), third),
                         Qt.AlignmentFlag.AlignCenter, weekday[:3 if rect.width() > 26 else 2])
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.drawText(QRect(rect.left(), rect.top() + 2 * third, rect.width(), third),
                         Qt.AlignmentFlag.AlignCenter, str(day.day))
        if day == self.today:
            painter.setPen(self.today_pen)
            painter.drawLine(rect.left() + 3, rect.bottom() - 1, rect.right() - 3,
                             rect.bottom() - 1)


class PersonHeader(QHeaderView):
    """Name (◆ for an individual arrangement, PT for part time), role and the row's summary."""

    def __init__(self, model: RotaModel, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.rota = model
        self.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setDefaultSectionSize(ROW_HEIGHT)
        self.setSectionsClickable(True)
        self.setFixedWidth(HEADER_WIDTH)
        self.look = StatusStyle.for_palette(self.palette())
        model.rows_changed.connect(self._rows_changed)
        #: (text, width) → the text elided to the width in the header's font: a page of rows
        #: repeats the same roles and summaries, and each row repaints often.
        self._elisions: dict[tuple[str, int], str] = {}

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._elisions.clear()
        super().changeEvent(event)

    def _elided(self, metrics: QFontMetrics, text: str, width: int) -> str:
        key = (text, width)
        found = self._elisions.get(key)
        if found is None:
            if len(self._elisions) > 50_000:
                self._elisions.clear()
            found = self._elisions[key] = metrics.elidedText(text, Qt.TextElideMode.ElideRight,
                                                             width)
        return found

    def _rows_changed(self, first: int, last: int) -> None:
        """Repaint rows `first`..`last` where they are in view (a summary or mark changed)."""
        height = self.viewport().height()
        top = max(self.sectionViewportPosition(first), 0)
        bottom = min(self.sectionViewportPosition(last) + self.sectionSize(last), height)
        if bottom > top:
            self.viewport().update(0, top, self.viewport().width(), bottom - top)

    def paintSection(self, painter: QPainter, rect: QRect, section: int) -> None:
        rota = self.rota
        if not 0 <= section < len(rota.people):
            return
        person = rota.people[section]
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        painter.fillRect(rect, base)
        model = self.selectionModel()
        if model is not None and model.rowIntersectsSelection(section, QModelIndex()):
            highlight = QColor(palette.color(QPalette.ColorRole.Highlight))
            highlight.setAlpha(60)
            painter.fillRect(rect, highlight)
        grid = blend(text, base, 0.2)
        painter.setPen(grid)
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.drawLine(rect.topRight(), rect.bottomRight())
        if section in rota.group_starts:
            painter.setPen(blend(text, base, 0.6))
            painter.drawLine(rect.topLeft(), rect.topRight())
        style = self.look
        severity = rota.row_severity(section)
        if severity is not None:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(style.error if severity is Severity.ERROR else style.warning)
            painter.drawPolygon(triangle(rect, 9, left=True))
        name = rota.name_label(section)
        x = rect.left() + 12
        middle = Qt.AlignmentFlag.AlignVCenter
        painter.setPen(text)
        painter.setFont(self.font())
        metrics = painter.fontMetrics()
        painter.drawText(QRect(x, rect.top(), NAME_WIDTH, rect.height()),
                         Qt.AlignmentFlag.AlignLeft | middle,
                         self._elided(metrics, name, NAME_WIDTH))
        painter.setPen(style.muted)
        role = person.role or "—"
        if rota.grouping is PeopleOrder.LOCATION:
            role = f"{person.location or '—'} · {role}"
        painter.drawText(QRect(x + NAME_WIDTH + 6, rect.top(), ROLE_WIDTH, rect.height()),
                         Qt.AlignmentFlag.AlignLeft | middle,
                         self._elided(metrics, role, ROLE_WIDTH))
        summary = rota.summary(section)
        mark_colour = (style.ink[Status.HOME].color() if summary.mark == PASS else style.error
                       if summary.mark == FAIL else style.muted.color())
        right = QRect(rect.right() - 22, rect.top(), 18, rect.height())
        painter.setPen(mark_colour)
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.drawText(right, Qt.AlignmentFlag.AlignCenter, summary.mark)
        painter.setPen(text)
        painter.setFont(self.font())
        painter.drawText(QRect(rect.right() - 24 - SUMMARY_WIDTH, rect.top(), SUMMARY_WIDTH,
                               rect.height()), Qt.AlignmentFlag.AlignRight | middle,
                         self._elided(metrics, summary.text, SUMMARY_WIDTH))
