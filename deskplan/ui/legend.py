"""The legend: every status as its letter on its tint, plus the shading of days off."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from deskplan.domain.model import Status
from deskplan.ui.status_style import UNPLANNED_MARK, StatusStyle

_ENTRIES = [(s.letter, s.label, s) for s in Status if s.letter] + [
    (UNPLANNED_MARK, "Not planned", Status.UNPLANNED), ("", "Day off", None)]
_SWATCH = 18
_GAP = 6


class Legend(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries = list(_ENTRIES)
        self.setAccessibleName("Legend")
        self._describe()
        self.setToolTip("Letters and colours of the grid; corner triangles mark conflicts "
                        "(red: error, amber: warning). A padlock in the top left: a locked "
                        "day; a dashed frame and ◣: a day the planner's draft sets (not "
                        "saved); ≠: a day that happened otherwise than planned. In the actual "
                        "view · is a day not recorded.")

    def _describe(self) -> None:
        self.setAccessibleDescription(", ".join(
            f"{letter or 'hatched'}: {label}" for letter, label, _ in self.entries))

    def show_actuals(self, shown: bool) -> None:
        """In the actual views a day with nothing in it is one nobody recorded."""
        self.entries = [(letter, ("Not recorded" if shown else "Not planned")
                         if status is Status.UNPLANNED else label, status)
                        for letter, label, status in _ENTRIES]
        self._describe()
        self.updateGeometry()
        self.update()

    def _widths(self) -> list[int]:
        metrics = self.fontMetrics()
        return [_SWATCH + 4 + metrics.horizontalAdvance(label) + 2 * _GAP
                for _, label, _ in self.entries]

    def sizeHint(self) -> QSize:
        return QSize(sum(self._widths()), max(_SWATCH + 6, self.fontMetrics().height() + 6))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        style = StatusStyle.for_palette(self.palette())
        bold = QFont(self.font())
        bold.setBold(True)
        x = 0
        top = (self.height() - _SWATCH) // 2
        for (letter, label, status), width in zip(self.entries, self._widths(), strict=True):
            swatch = QRect(x, top, _SWATCH, _SWATCH)
            if status is None:
                painter.fillRect(swatch, style.closed)
                painter.fillRect(swatch, style.closed_hatch)
            else:
                painter.fillRect(swatch, style.tint[status])
                painter.setPen(style.ink[status])
                painter.setFont(bold)
                painter.drawText(swatch, Qt.AlignmentFlag.AlignCenter, letter)
            painter.setPen(style.muted)
            painter.drawRect(swatch.adjusted(0, 0, -1, -1))
            painter.setPen(style.text)
            painter.setFont(self.font())
            painter.drawText(QRect(x + _SWATCH + 4, 0, width, self.height()),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)
            x += width
        painter.end()
