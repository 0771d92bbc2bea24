"""Painting the rota's cells: a tinted face with the status letter, cached per size.

A full repaint of a large team must fit in a frame, so each (status, working day, size) face is
drawn once into a pixmap, and the view paints whole blocks of cells from those faces.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import (
    QItemSelection,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QFont,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QPolygon,
)
from PySide6.QtWidgets import (
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from deskplan.domain.conflicts import Severity
from deskplan.domain.model import halves_of
from deskplan.ui.rota_model import LETTERS, RotaModel
from deskplan.ui.status_style import UNPLANNED_MARK, StatusStyle, blend

_SELECTED = QStyle.StateFlag.State_Selected.value
_HAS_FOCUS = QStyle.StateFlag.State_HasFocus.value


def triangle(rect: QRect, size: int, *, left: bool = False,
             bottom: bool = False) -> QPolygon:
    """A small corner triangle: top right of a cell, top left of a row header, or bottom
    left of a cell (`bottom`: a day the planner's draft sets)."""
    if bottom:
        x, y = rect.left(), rect.bottom() + 1
        return QPolygon([QPoint(x, y), QPoint(x, y - size), QPoint(x + size, y)])
    if left:
        x, y = rect.left(), rect.top()
        return QPolygon([QPoint(x, y), QPoint(x + size, y), QPoint(x, y + size)])
    x, y = rect.right() + 1, rect.top()
    return QPolygon([QPoint(x - size, y), QPoint(x, y), QPoint(x, y + size)])


class CellDelegate(QStyledItemDelegate):
    """Paints cells from the model's arrays: tint, letter, shading, selection, conflict corner.

    The tinted, lettered face of each (status, working day, size), grid line included, is drawn
    once into a pixmap. The view paints whole blocks of cells with `paint_block` (one pixmap
    copy per cell in a tight loop, no per-cell Qt round trip); `paint` serves Qt's own per-cell
    calls with the same faces.
    """

    def __init__(self, model: RotaModel, parent: QWidget) -> None:
        super().__init__(parent)
        self.model = model
        self.widget = parent
        self.font = QFont(parent.font())
        self.font.setBold(True)
        self.refresh_palette(parent.palette())

    def refresh_palette(self, palette: QPalette) -> None:
        self.style = StatusStyle.for_palette(palette)
        self.grid_pen = QPen(blend(palette.color(QPalette.ColorRole.Text),
                                   palette.color(QPalette.ColorRole.Base), 0.18))
        self._faces: dict[tuple[int, int, float], list[QPixmap]] = {}

    def faces(self, width: int, height: int) -> list[QPixmap]:
        """Faces indexed by `code * 2 + working`, for cells of this size."""
        # The pixel ratio is part of the key: a window moved to another screen stays sharp.
        key = (width, height, self.widget.devicePixelRatioF())
        found = self._faces.get(key)
        if found is None:
            blank = self._face(0, False, width, height)
            found = self._faces[key] = [
                self._face(code, bool(working), width, height) if LETTERS[code] or not code
                else blank for code in range(len(LETTERS)) for working in (0, 1)]
        return found

    def _face(self, code: int, working: bool, width: int, height: int) -> QPixmap:
        """A whole day: its tint and letter. A day in halves: the morning's tint on the left,
        the afternoon's on the right, and both letters (`O/H`)."""
        ratio = self.widget.devicePixelRatioF()
        pixmap = QPixmap(round(width * ratio), round(height * ratio))
        pixmap.setDevicePixelRatio(ratio)
        style = self.style
        rect = QRect(0, 0, width, height)
        am, pm = halves_of(code)
        painter = QPainter(pixmap)
        if working:
            painter.fillRect(QRect(0, 0, width // 2, height), style.tint[am])
            painter.fillRect(QRect(width // 2, 0, width - width // 2, height), style.tint[pm])
        else:
            painter.fillRect(rect, style.closed)
            painter.fillRect(rect, style.closed_hatch)
        if am != pm:
            small = QFont(self.font)
            small.setPointSizeF(max(6.0, self.font.pointSizeF() * 0.8))
            painter.setFont(small)
            for status, half in ((am, QRect(0, 0, width // 2, height)),
                                 (pm, QRect(width // 2, 0, width - width // 2, height))):
                painter.setPen(style.ink[status])
                painter.drawText(half, Qt.AlignmentFlag.AlignCenter,
                                 status.letter or UNPLANNED_MARK)
        elif code:
            painter.setPen(style.ink[am])
            painter.setFont(self.font)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, LETTERS[code])
        elif working:
            painter.setPen(style.muted)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, UNPLANNED_MARK)
        painter.setPen(self.grid_pen)
        painter.drawLine(width - 1, 0, width - 1, height - 1)
        painter.drawLine(0, height - 1, width - 1, height - 1)
        painter.end()
        return pixmap

    def _marker(self, painter: QPainter, rect: QRect, row: int, column: int) -> None:
        severity = self.model.cell_severity(row, column)
        if severity is not None:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self.style.error if severity is Severity.ERROR
                             else self.style.warning)
            painter.drawPolygon(triangle(rect.adjusted(0, 0, -1, 0), 9))

    def _drafted(self, painter: QPainter, rect: QRect) -> None:
        """A day the planner's draft sets: a dashed frame and a triangle in the bottom left
        corner (a shape, not a colour; the tooltip says what the day was)."""
        pen = QPen(self.style.text.color(), 1, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect.adjusted(1, 1, -3, -3))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.style.text.color())
        painter.drawPolygon(triangle(rect.adjusted(0, 0, 0, -1), 7, bottom=True))

    def _locked(self, painter: QPainter, rect: QRect) -> None:
        """A locked day: a small padlock in the top left corner (a shape, not a colour)."""
        x, y = rect.left() + 2, rect.top() + 2
        ink = self.style.text.color()
        painter.setPen(QPen(ink, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawArc(QRect(x + 1, y, 5, 6), 0, 180 * 16)  # the shackle
        painter.drawLine(x + 1, y + 3, x + 1, y + 4)
        painter.drawLine(x + 6, y + 3, x + 6, y + 4)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(ink)
        painter.drawRect(QRect(x, y + 4, 8, 5))  # the body

    def _differs(self, painter: QPainter, rect: QRect) -> None:
        """A day that happened otherwise than planned: `≠` in the bottom right corner."""
        small = QFont(self.font)
        small.setPointSizeF(max(6.0, self.font.pointSizeF() * 0.75))
        painter.setFont(small)
        painter.setPen(self.style.text)
        painter.drawText(rect.adjusted(0, 0, -2, 0),
                         Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignRight, "≠")

    def _site(self, painter: QPainter, rect: QRect,
              sites: tuple[str | None, str | None]) -> None:
        """An office day at another site: the site's short name under the letter."""
        names = "/".join(self.model.short_site(s) for s in dict.fromkeys(sites) if s)
        small = QFont(self.font)
        small.setBold(False)
        small.setPointSizeF(max(5.5, self.font.pointSizeF() * 0.65))
        painter.setFont(small)
        painter.setPen(self.style.text)
        painter.drawText(rect.adjusted(1, 0, -1, -1),
                         Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignHCenter, names)

    def _focus(self, painter: QPainter, rect: QRect) -> None:
        painter.setPen(self.style.focus)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect.adjusted(1, 1, -2, -2))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        row, column = index.row(), index.column()
        model, rect = self.model, option.rect
        key = int(model.status[row, column]) * 2 + int(model.working[row, column])
        painter.drawPixmap(rect.topLeft(), self.faces(rect.width(), rect.height())[key])
        state = option.state.value  # plain ints: enum flag arithmetic costs microseconds a cell
        if state & _SELECTED:
            painter.fillRect(rect, self.style.selection)
        self._marker(painter, rect, row, column)
        if (row, column) in model.drafted:
            self._drafted(painter, rect)
        if (row, column) in model.locked:
            self._locked(painter, rect)
        if (row, column) in model.differs:
            self._differs(painter, rect)
        sites = model.sites.get((row, column))
        if sites:
            self._site(painter, rect, sites)
        if state & _HAS_FOCUS:
            self._focus(painter, rect)

    def paint_block(self, painter: QPainter, rows: range, columns: range, origin: QPoint,
                    size: QSize, selection: QItemSelection, current: QModelIndex | None) -> None:
        """Paint `rows` × `columns`, the top-left cell at `origin`, every cell `size` big."""
        width, height = size.width(), size.height()
        faces = self.faces(width, height)
        model = self.model
        block = (model.status[rows.start:rows.stop, columns.start:columns.stop].astype(np.intp)
                 * 2 + model.working[rows.start:rows.stop, columns.start:columns.stop])
        draw = painter.drawPixmap
        y = origin.y()
        for keys in block.tolist():
            x = origin.x()
            for key in keys:
                draw(x, y, faces[key])
                x += width
            y += height

        def area(top: int, left: int, bottom: int, right: int) -> QRect:
            return QRect(origin.x() + (left - columns.start) * width,
                         origin.y() + (top - rows.start) * height,
                         (right - left + 1) * width, (bottom - top + 1) * height)

        for span in (selection.at(i) for i in range(selection.size())):
            top, bottom = max(span.top(), rows.start), min(span.bottom(), rows.stop - 1)
            left, right = max(span.left(), columns.start), min(span.right(), columns.stop - 1)
            if top <= bottom and left <= right:
                painter.fillRect(area(top, left, bottom, right), self.style.selection)
        for row, column in list(model.cell_conflicts):
            if row in rows and column in columns:
                self._marker(painter, area(row, column, row, column), row, column)
        for row, column in list(model.drafted):
            if row in rows and column in columns:
                self._drafted(painter, area(row, column, row, column))
        for row, column in list(model.locked):
            if row in rows and column in columns:
                self._locked(painter, area(row, column, row, column))
        for row, column in list(model.differs):
            if row in rows and column in columns:
                self._differs(painter, area(row, column, row, column))
        for (row, column), sites in list(model.sites.items()):
            if row in rows and column in columns:
                self._site(painter, area(row, column, row, column), sites)
        if current is not None and current.row() in rows and current.column() in columns:
            self._focus(painter, area(current.row(), current.column(), current.row(),
                                      current.column()))
