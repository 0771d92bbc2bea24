"""The rota grid: a table view whose cells, day headers and person headers are painted directly.

The person header is the view's vertical header, so names, roles and each row's summary stay put
while the days scroll. Keys follow the spreadsheet habits managers have: type a letter to set the
selection, Delete to clear, arrows and Shift+arrows to move and extend, Ctrl+C/Ctrl+V with
tab-separated text that Excel understands.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import numpy as np
from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QPolygon,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from deskplan.domain.conflicts import Severity
from deskplan.domain.model import Status
from deskplan.ui.rota_model import FAIL, LETTERS, PASS, FooterModel, Grouping, RotaModel
from deskplan.ui.status_style import UNPLANNED_MARK, StatusStyle, blend
from deskplan.ui.store import CellChange

ROW_HEIGHT = 24
HEADER_WIDTH = 390
NAME_WIDTH = 170
ROLE_WIDTH = 130
FOOTER_LINES = 6
MAX_COLUMN_WIDTH = 120
STATUS_KEYS = {s.letter: s for s in Status if s.letter}
_SELECTED = QStyle.StateFlag.State_Selected.value
_HAS_FOCUS = QStyle.StateFlag.State_HasFocus.value
CYCLE = (Status.OFFICE, Status.HOME, Status.LEAVE, Status.SICK, Status.TRAINING,
         Status.UNPLANNED)


def triangle(rect: QRect, size: int, *, left: bool = False) -> QPolygon:
    """A small corner triangle: top right of a cell, or top left of a row header."""
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
        """Faces indexed by `status * 2 + working`, for cells of this size."""
        # The pixel ratio is part of the key: a window moved to another screen stays sharp.
        key = (width, height, self.widget.devicePixelRatioF())
        found = self._faces.get(key)
        if found is None:
            found = self._faces[key] = [
                self._face(status, bool(working), width, height)
                for status in range(len(LETTERS)) for working in (0, 1)]
        return found

    def _face(self, status: int, working: bool, width: int, height: int) -> QPixmap:
        ratio = self.widget.devicePixelRatioF()
        pixmap = QPixmap(round(width * ratio), round(height * ratio))
        pixmap.setDevicePixelRatio(ratio)
        style = self.style
        rect = QRect(0, 0, width, height)
        painter = QPainter(pixmap)
        if working:
            painter.fillRect(rect, style.tint[status])
        else:
            painter.fillRect(rect, style.closed)
            painter.fillRect(rect, style.closed_hatch)
        if status:
            painter.setPen(style.ink[status])
            painter.setFont(self.font)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, LETTERS[status])
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

    def _focus(self, painter: QPainter, rect: QRect) -> None:
        painter.setPen(self.style.focus)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect.adjusted(1, 1, -2, -2))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        row, column = index.row(), index.column()
        model, rect = self.model, option.rect
        key = int(model.status[row, column]) * 2 + int(model.working[row, column])
        painter.drawPixmap(rect.topLeft(), self.faces(rect.width(), rect.height())[key])
        state = option.state.value  # plain ints: enum flag arithmetic costs microseconds a cell
        if state & _SELECTED:
            painter.fillRect(rect, self.style.selection)
        self._marker(painter, rect, row, column)
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

        for span in selection:
            top, bottom = max(span.top(), rows.start), min(span.bottom(), rows.stop - 1)
            left, right = max(span.left(), columns.start), min(span.right(), columns.stop - 1)
            if top <= bottom and left <= right:
                painter.fillRect(area(top, left, bottom, right), self.style.selection)
        for row, column in list(model.cell_conflicts):
            if row in rows and column in columns:
                self._marker(painter, area(row, column, row, column), row, column)
        if current is not None and current.row() in rows and current.column() in columns:
            self._focus(painter, area(current.row(), current.column(), current.row(),
                                      current.column()))


class DayHeader(QHeaderView):
    """Month, weekday and day number; weekends shaded, today underlined."""

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
        weekend = day.weekday() >= 5
        painter.fillRect(rect, blend(text, base, 0.12) if weekend else base)
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
        name = person.name
        if section in rota.arrangement_rows:
            name += " ◆"
        if person.is_part_time:
            name += " (PT)"
        x = rect.left() + 12
        middle = Qt.AlignmentFlag.AlignVCenter
        painter.setPen(text)
        painter.setFont(self.font())
        metrics = painter.fontMetrics()
        painter.drawText(QRect(x, rect.top(), NAME_WIDTH, rect.height()),
                         Qt.AlignmentFlag.AlignLeft | middle,
                         metrics.elidedText(name, Qt.TextElideMode.ElideRight, NAME_WIDTH))
        painter.setPen(style.muted)
        role = person.role or "—"
        if rota.grouping is Grouping.LOCATION:
            role = f"{person.location or '—'} · {role}"
        painter.drawText(QRect(x + NAME_WIDTH + 6, rect.top(), ROLE_WIDTH, rect.height()),
                         Qt.AlignmentFlag.AlignLeft | middle,
                         metrics.elidedText(role, Qt.TextElideMode.ElideRight, ROLE_WIDTH))
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
        painter.drawText(QRect(rect.right() - 84, rect.top(), 60, rect.height()),
                         Qt.AlignmentFlag.AlignRight | middle, summary.text)


class RotaView(QTableView):
    """The grid. Edits are handed to `apply` (the window pushes them on the undo stack)."""

    #: str: a short message for the status bar (e.g. why a paste was refused).
    message = Signal(str)

    def __init__(self, model: RotaModel, apply: Callable[[list[CellChange], str | None], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rota = model
        self.apply = apply
        self.setHorizontalHeader(DayHeader(model, self))
        self.setVerticalHeader(PersonHeader(model, self))
        self.setModel(model)
        self.delegate = CellDelegate(model, self)
        self.setItemDelegate(self.delegate)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setCornerButtonEnabled(True)
        self.setWordWrap(False)
        self.setShowGrid(False)  # the cell faces carry their own grid lines
        # Tab leaves the grid (arrows move inside it), so the keyboard never gets trapped.
        self.setTabKeyNavigation(False)
        self.set_column_width(30)
        self.setAccessibleName("Rota grid")
        self.setAccessibleDescription(
            "People as rows, days as columns. Type O, H, L, S or T to set the selected days; "
            "Delete clears them.")
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        self.doubleClicked.connect(
            lambda index: self._context_menu(self.visualRect(index).center()))
        self.actions_by_name = self._make_actions()
        self.corner = self.findChild(QAbstractButton)
        if self.corner is not None:
            self.corner.setToolTip("Select everything")
            self.corner.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Paint the column titles of the person header into the corner above it."""
        if watched is self.corner and event.type() == QEvent.Type.Paint:
            corner = self.corner
            painter = QPainter(corner)
            palette = corner.palette()
            painter.fillRect(corner.rect(), palette.color(QPalette.ColorRole.Button))
            painter.setPen(palette.color(QPalette.ColorRole.ButtonText))
            bold = QFont(corner.font())
            bold.setBold(True)
            painter.setFont(bold)
            rect = corner.rect().adjusted(12, 0, -6, -4)
            bottom = Qt.AlignmentFlag.AlignBottom
            painter.drawText(rect, bottom | Qt.AlignmentFlag.AlignLeft, "Name")
            painter.drawText(rect.adjusted(NAME_WIDTH + 6, 0, 0, 0),
                             bottom | Qt.AlignmentFlag.AlignLeft, "Role")
            painter.drawText(rect, bottom | Qt.AlignmentFlag.AlignRight, "Office")
            painter.setPen(blend(palette.color(QPalette.ColorRole.ButtonText),
                                 palette.color(QPalette.ColorRole.Button), 0.3))
            painter.drawLine(corner.rect().bottomLeft(), corner.rect().bottomRight())
            painter.drawLine(corner.rect().topRight(), corner.rect().bottomRight())
            painter.end()
            return True
        return super().eventFilter(watched, event)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint the exposed cells as one block (all sections have the same size)."""
        painter = QPainter(self.viewport())
        exposed = event.rect()
        painter.fillRect(exposed, self.palette().color(QPalette.ColorRole.Base))
        across, down = self.horizontalHeader(), self.verticalHeader()
        first_column, first_row = across.logicalIndexAt(exposed.left()), \
            down.logicalIndexAt(exposed.top())
        if first_column < 0 or first_row < 0:
            painter.end()
            return
        last_column = across.logicalIndexAt(exposed.right())
        last_row = down.logicalIndexAt(exposed.bottom())
        last_column = self.rota.columnCount() - 1 if last_column < 0 else last_column
        last_row = self.rota.rowCount() - 1 if last_row < 0 else last_row
        origin = QPoint(across.sectionViewportPosition(first_column),
                        down.sectionViewportPosition(first_row))
        size = QSize(across.defaultSectionSize(), down.defaultSectionSize())
        current = self.currentIndex() if self.hasFocus() and self.currentIndex().isValid() \
            else None
        self.delegate.paint_block(painter, range(first_row, last_row + 1),
                                  range(first_column, last_column + 1), origin, size,
                                  self.selectionModel().selection(), current)
        painter.end()

    def set_column_width(self, width: int) -> None:
        self.horizontalHeader().setDefaultSectionSize(width)
        self.horizontalHeader().setMinimumSectionSize(min(width, 18))

    # --- actions (shown in the Edit menu with their keys) --------------------------------------
    def _make_actions(self) -> dict[str, QAction]:
        found: dict[str, QAction] = {}

        def add(name: str, text: str, keys: list[QKeySequence], slot: Callable[[], None]) -> None:
            action = QAction(text, self)
            action.setShortcuts(keys)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
            found[name] = action

        for status in CYCLE[:-1]:
            add(status.name.lower(), f"Set to {status.label}", [QKeySequence(status.letter)],
                lambda _checked=False, s=status: self.set_selected(s))
        add("clear", "Clear", [QKeySequence(Qt.Key.Key_Delete),
                               QKeySequence(Qt.Key.Key_Backspace)],
            lambda: self.set_selected(Status.UNPLANNED))
        add("cycle", "Next status", [QKeySequence(Qt.Key.Key_Space)], self.cycle_selected)
        add("copy", "Copy", [QKeySequence(QKeySequence.StandardKey.Copy)], self.copy_selection)
        add("paste", "Paste", [QKeySequence(QKeySequence.StandardKey.Paste)], self.paste)
        return found

    def _action_for(self, event: QKeyEvent) -> QAction | None:
        """The grid action a key press means, if any (plain letters, Delete, copy, paste)."""
        plain = not event.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier
                                           | Qt.KeyboardModifier.KeypadModifier)
        text = event.text().upper()
        if plain and text in STATUS_KEYS:
            return self.actions_by_name[STATUS_KEYS[text].name.lower()]
        if plain and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            return self.actions_by_name["clear"]
        if plain and event.key() == Qt.Key.Key_Space:
            return self.actions_by_name["cycle"]
        if event.matches(QKeySequence.StandardKey.Copy):
            return self.actions_by_name["copy"]
        if event.matches(QKeySequence.StandardKey.Paste):
            return self.actions_by_name["paste"]
        return None

    def event(self, event: QEvent) -> bool:
        # Claim the grid's keys before they become shortcuts, so they act the same however
        # the key arrives; the actions keep their shortcuts only to show them in the menus.
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) \
                and self._action_for(event) is not None:
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = self._action_for(event)
        if action is not None:
            action.trigger()
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Menu):
            self._context_menu(self.visualRect(self.currentIndex()).center())
            return
        super().keyPressEvent(event)

    def _context_menu(self, position: QPoint) -> None:
        if not self.indexAt(position).isValid():
            return
        menu = QMenu(self)
        for name in ("office", "home", "leave", "sick", "training", "clear"):
            menu.addAction(self.actions_by_name[name])
        menu.addSeparator()
        menu.addAction(self.actions_by_name["copy"])
        menu.addAction(self.actions_by_name["paste"])
        menu.popup(self.viewport().mapToGlobal(position))

    # --- edits --------------------------------------------------------------------------------
    def selected_cells(self) -> list[tuple[int, int]]:
        cells = {(i.row(), i.column()) for i in self.selectionModel().selectedIndexes()}
        if not cells and self.currentIndex().isValid():
            cells = {(self.currentIndex().row(), self.currentIndex().column())}
        return sorted(cells)

    def changes_for(self, cells: list[tuple[int, int]], status: Status) -> list[CellChange]:
        """Changes to working days only: a day off stays a day off (it can only be cleared)."""
        rota = self.rota
        return [
            (rota.people[r].staff_id, rota.days[c], status)
            for r, c in cells
            if (rota.working[r, c] or status is Status.UNPLANNED)
            and rota.status[r, c] != status
        ]

    def set_selected(self, status: Status) -> None:
        cells = self.selected_cells()
        changes = self.changes_for(cells, status)
        if changes:
            self.apply(changes, None)
        elif cells and status is not Status.UNPLANNED and not any(
                self.rota.working[r, c] for r, c in cells):
            self.message.emit("Those days are not working days; nothing was changed.")

    def cycle_selected(self) -> None:
        current = self.currentIndex()
        if not current.isValid():
            return
        now = Status(int(self.rota.status[current.row(), current.column()]))
        self.set_selected(CYCLE[(CYCLE.index(now) + 1) % len(CYCLE)])

    def copy_selection(self) -> None:
        """Tab-separated letters over the selection's bounding box (blank for unplanned)."""
        cells = self.selected_cells()
        if not cells:
            return
        rows = [r for r, _ in cells]
        columns = [c for _, c in cells]
        chosen = set(cells)
        lines = []
        for r in range(min(rows), max(rows) + 1):
            lines.append("\t".join(
                LETTERS[self.rota.status[r, c]] if (r, c) in chosen else ""
                for c in range(min(columns), max(columns) + 1)))
        QGuiApplication.clipboard().setText("\n".join(lines) + "\n")
        self.message.emit(f"Copied {len(cells)} cells.")

    def paste(self) -> None:
        text = QGuiApplication.clipboard().text()
        self.paste_text(text)

    def paste_text(self, text: str) -> None:
        """Paste a tab-separated block at the current cell; one value fills the whole selection.

        Any unreadable value refuses the whole paste (with the first bad value named), so a
        half-applied paste never has to be untangled.
        """
        lines = text.rstrip("\r\n").replace("\r\n", "\n").split("\n")
        grid = [line.split("\t") for line in lines]
        try:
            values = [[Status.parse(v) for v in line] for line in grid]
        except ValueError as error:
            self.message.emit(f"Nothing pasted: {error}")
            return
        current = self.currentIndex()
        if not current.isValid():
            return
        rota = self.rota
        changes: list[CellChange] = []
        if len(values) == 1 and len(values[0]) == 1:
            changes = self.changes_for(self.selected_cells(), values[0][0])
        else:
            top, left = current.row(), current.column()
            for i, line in enumerate(values):
                for j, status in enumerate(line):
                    r, c = top + i, left + j
                    if r < len(rota.people) and c < len(rota.days):
                        changes.extend(self.changes_for([(r, c)], status))
            bottom = min(top + len(values), len(rota.people)) - 1
            right = min(left + max(len(v) for v in values), len(rota.days)) - 1
            self.selectionModel().select(
                QItemSelection(rota.index(top, left), rota.index(bottom, right)),
                QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if changes:
            self.apply(changes, f"Paste {len(changes)} cell{'s' if len(changes) > 1 else ''}")
        else:
            self.message.emit("The pasted values match what is planned; nothing changed.")

    def select_cells(self, cells: list[tuple[int, int]]) -> None:
        """Select `cells`, make the first current and scroll it into view."""
        if not cells:
            return
        selection = QItemSelection()
        for r, c in cells:
            index = self.rota.index(r, c)
            selection.select(index, index)
        model = self.selectionModel()
        model.setCurrentIndex(self.rota.index(*cells[0]),
                              QItemSelectionModel.SelectionFlag.NoUpdate)
        model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.scrollTo(self.rota.index(*cells[0]), QAbstractItemView.ScrollHint.EnsureVisible)


class FooterDelegate(QStyledItemDelegate):
    """Counts per day, tinted when a location is over capacity or a role short of cover."""

    def __init__(self, model: FooterModel, parent: QWidget) -> None:
        super().__init__(parent)
        self.model = model
        self.style = StatusStyle.for_palette(parent.palette())

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        line, column = index.row(), index.column()
        rect = option.rect
        state = self.model.state(line, column)
        base = self.style.base.color()
        if state is Severity.ERROR:
            painter.fillRect(rect, blend(self.style.error, base, 0.3))
        elif state is Severity.WARNING:
            painter.fillRect(rect, blend(self.style.warning, base, 0.3))
        elif not self.model.rota.working[:, column].any():
            painter.fillRect(rect, self.style.closed)
        painter.setPen(self.style.text)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.model.text(line, column))


class RotaPanel(QWidget):
    """The grid with its footer rows underneath, scrolling together sideways."""

    #: The user asked to add the first person to an empty team.
    add_person_requested = Signal()

    def __init__(self, model: RotaModel, apply: Callable[[list[CellChange], str | None], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = RotaView(model, apply, self)
        self.footer_model = FooterModel(model, self)
        footer = QTableView(self)
        self.footer = footer
        footer.setModel(self.footer_model)
        footer.setItemDelegate(FooterDelegate(self.footer_model, footer))
        footer.horizontalHeader().hide()
        footer.verticalHeader().setFixedWidth(HEADER_WIDTH)
        footer.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        footer.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        footer.verticalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft |
                                                    Qt.AlignmentFlag.AlignVCenter)
        footer.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        footer.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        footer.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        footer.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        footer.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        footer.setAccessibleName("Office counts and cover per day")
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.view.horizontalScrollBar().valueChanged.connect(
            footer.horizontalScrollBar().setValue)
        self.minimum_width = 30
        self.footer_model.modelReset.connect(self._fit)
        model.modelReset.connect(self._fit)
        self.empty_hint = QWidget(self)
        hint_text = QLabel("This team has nobody in it yet. Add people one by one, or use "
                           "File → Import… for a team list.", self.empty_hint)
        add_button = QPushButton("Add a person…", self.empty_hint)
        add_button.clicked.connect(self.add_person_requested.emit)
        hint_layout = QHBoxLayout(self.empty_hint)
        hint_layout.addWidget(hint_text)
        hint_layout.addWidget(add_button)
        hint_layout.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.view, 1)
        layout.addWidget(footer)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:
        # The system switched between light and dark: rebuild every tint from the new palette.
        if event.type() == QEvent.Type.PaletteChange:
            palette = self.palette()
            self.view.delegate.refresh_palette(palette)
            header = self.view.verticalHeader()
            if isinstance(header, PersonHeader):
                header.look = StatusStyle.for_palette(palette)
            footer_delegate = self.footer.itemDelegate()
            if isinstance(footer_delegate, FooterDelegate):
                footer_delegate.style = StatusStyle.for_palette(palette)
            self.view.viewport().update()
            self.footer.viewport().update()
        super().changeEvent(event)

    def set_column_width(self, width: int) -> None:
        """Columns at least `width` wide, wider when the days would not fill the view."""
        self.minimum_width = width
        self._fit_columns()

    def _fit_columns(self) -> None:
        columns = self.view.model().columnCount()
        room = self.view.viewport().width()
        width = max(self.minimum_width, min(MAX_COLUMN_WIDTH, room // columns)) if columns \
            else self.minimum_width
        self.view.set_column_width(width)
        self.footer.horizontalHeader().setDefaultSectionSize(width)
        self.footer.horizontalHeader().setMinimumSectionSize(min(width, 18))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    def _fit(self) -> None:
        width = self.view.horizontalHeader().defaultSectionSize()
        self.footer.horizontalHeader().setMinimumSectionSize(min(width, 18))
        self.footer.horizontalHeader().setDefaultSectionSize(width)
        lines = self.footer_model.rowCount()
        self.footer.setVisible(lines > 0)
        self.empty_hint.setVisible(self.view.model().rowCount() == 0)
        # Many sites would push the grid off the screen; beyond a few lines the footer scrolls.
        shown = min(lines, FOOTER_LINES)
        self.footer.setFixedHeight(shown * ROW_HEIGHT + 2 * self.footer.frameWidth())
