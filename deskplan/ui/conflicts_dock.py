"""The Conflicts panel: every current conflict in a sentence, filterable, each a jump to the grid.

The list model follows the document's deltas (rows removed and inserted) after a cell edit, so
the selection and scroll position survive typing; it resets only when the whole check is redone.
Every row is two lines high (a longer sentence ends in "…"), so an edit lays the list out
without measuring each word-wrapped sentence; the chosen conflict's whole sentence is in the
pane below the list, and every row's in its tooltip.
"""

from __future__ import annotations

import bisect
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QFontMetrics,
    QIcon,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
    QStaticText,
    QTextLayout,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionFocusRect,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from deskplan.domain.conflicts import Conflict, RuleId, Severity
from deskplan.domain.engine import Delta
from deskplan.domain.model import Person
from deskplan.ui.document import TeamDocument
from deskplan.ui.status_style import ERROR_HEX, WARNING_HEX

AnyIndex = QModelIndex | QPersistentModelIndex
CONFLICT_ROLE = Qt.ItemDataRole.UserRole + 1
GLYPH = {Severity.ERROR: "✖", Severity.WARNING: "⚠"}
_ICONS: dict[Severity, QIcon] = {}


def severity_icon(severity: Severity) -> QIcon:
    """The severity's glyph in its colour (vermillion ✖, orange ⚠), drawn once."""
    icon = _ICONS.get(severity)
    if icon is None:
        pixmap = QPixmap(32, 32)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        font = QFont()
        font.setPixelSize(26)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor(ERROR_HEX if severity is Severity.ERROR else WARNING_HEX))
        painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, GLYPH[severity])
        painter.end()
        icon = _ICONS[severity] = QIcon(pixmap)
    return icon


class ConflictListModel(QAbstractListModel):
    """The document's conflicts in the checker's order: errors first, then by date and person."""

    def __init__(self, document: TeamDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.conflicts: list[Conflict] = []
        #: True while the list follows an edit: the current row moving then is not a choice.
        self.changing = False
        self._keys: list[tuple[Any, ...]] = []
        self._errors = 0
        document.reset.connect(self.rebuild)
        document.conflicts_changed.connect(self.apply_delta)
        document.desks_changed.connect(self.apply_delta)
        self.rebuild()

    def _key(self, conflict: Conflict) -> tuple[Any, ...]:
        return (*conflict.sort_key, conflict.message)

    def rebuild(self) -> None:
        self.changing = True
        self.beginResetModel()
        # Each key once: it holds the conflict's sentence, which is worded when first asked.
        keyed = sorted(((self._key(c), c) for c in self.document.checker.conflicts),
                       key=lambda pair: pair[0])
        self._keys = [key for key, _ in keyed]
        self.conflicts = [conflict for _, conflict in keyed]
        self._errors = sum(1 for c in self.conflicts if c.severity is Severity.ERROR)
        self.endResetModel()
        self.changing = False

    def apply_delta(self, delta: Delta) -> None:
        self.changing = True
        try:
            self._apply_delta(delta)
        finally:
            self.changing = False

    def _apply_delta(self, delta: Delta) -> None:
        for conflict in delta.removed:
            key = self._key(conflict)
            row = bisect.bisect_left(self._keys, key)
            while row < len(self.conflicts) and self._keys[row] == key:
                if self.conflicts[row] == conflict:
                    self._errors -= conflict.severity is Severity.ERROR
                    self.beginRemoveRows(QModelIndex(), row, row)
                    del self.conflicts[row], self._keys[row]
                    self.endRemoveRows()
                    break
                row += 1
        for conflict in delta.added:
            key = self._key(conflict)
            row = bisect.bisect_right(self._keys, key)
            self._errors += conflict.severity is Severity.ERROR
            self.beginInsertRows(QModelIndex(), row, row)
            self.conflicts.insert(row, conflict)
            self._keys.insert(row, key)
            self.endInsertRows()

    def counts(self) -> tuple[int, int]:
        """Errors and warnings listed; kept as running totals, since the status bar asks after
        every edit and a team of thousands has thousands of conflicts."""
        return self._errors, len(self.conflicts) - self._errors

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.conflicts)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.conflicts):
            return None
        conflict = self.conflicts[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return conflict.message
        if role == Qt.ItemDataRole.DecorationRole:
            return severity_icon(conflict.severity)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{conflict.severity.value.capitalize()} ({conflict.rule.value}): " \
                   f"{conflict.message}"
        if role == CONFLICT_ROLE:
            return conflict
        return None


class PersonChoices(QAbstractListModel):
    """The person filter's items: "Everyone", then the team's people by name (their staff id
    in UserRole). A model the box reads when it shows them: a team of 11,000 is not added to
    the box item by item at every open, range change or reset."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.people: list[tuple[str, str | None]] = [("Everyone", None)]

    def set_people(self, people: list[Person]) -> None:
        self.beginResetModel()
        self.people = [("Everyone", None)] + [
            (p.name, p.staff_id) for p in sorted(people, key=lambda p: p.name.casefold())]
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.people)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.people):
            return None
        name, staff_id = self.people[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole,
                    Qt.ItemDataRole.AccessibleTextRole):
            return name
        if role == Qt.ItemDataRole.UserRole:
            return staff_id
        return None


class ConflictFilter(QSortFilterProxyModel):
    """Keeps the conflicts of one severity, person and rule (None means any)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.severity: Severity | None = None
        self.staff_id: str | None = None
        self.rule: RuleId | None = None

    def set_filter(self, *, severity: Severity | None, staff_id: str | None,
                   rule: RuleId | None) -> None:
        # Qt 6.10 replaced invalidateRowsFilter() (now deprecated) with this pair.
        modern = hasattr(self, "beginFilterChange")
        if modern:
            self.beginFilterChange()
        self.severity, self.staff_id, self.rule = severity, staff_id, rule
        if modern:
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        assert isinstance(model, ConflictListModel)
        conflict = model.conflicts[source_row]
        return ((self.severity is None or conflict.severity is self.severity)
                and (self.staff_id is None or conflict.staff_id == self.staff_id)
                and (self.rule is None or conflict.rule is self.rule))


#: Lines of a conflict's sentence shown in its row (the rest is in the pane and the tooltip).
ROW_LINES = 2


class TwoLineDelegate(QStyledItemDelegate):
    """Rows of one height, `ROW_LINES` lines of text beside the severity glyph, the last line
    shown ending in "…" when the sentence goes on. Asked the same size for every row, the
    list lays out thousands of conflicts without wording or wrapping any of them; the lines
    are broken once per sentence and width and laid out once per line."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lines: dict[tuple[str, str, int], tuple[str, ...]] = {}
        self._static: dict[str, QStaticText] = {}
        self._places: dict[tuple[int, int], tuple[QRect, QRect]] = {}

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        metrics = option.fontMetrics
        text = ROW_LINES * metrics.lineSpacing()
        icon = option.decorationSize.height()
        return QSize(1, max(text, icon) + 6)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        conflict = index.data(CONFLICT_ROLE)
        if not isinstance(conflict, Conflict):
            super().paint(painter, option, index)
            return
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        # Drawn as the style draws an item (background, glyph, text, focus frame), from the
        # conflict alone: the style's own item asks the model for ten roles and wraps and
        # elides the whole sentence, about 0.6 ms a row at every repaint.
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter,
                            widget)
        icon, area = self._geometry(option, style)
        origin = option.rect.topLeft()
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        enabled = bool(state & QStyle.StateFlag.State_Enabled)
        group = (QPalette.ColorGroup.Disabled if not enabled
                 else QPalette.ColorGroup.Normal if state & QStyle.StateFlag.State_Active
                 else QPalette.ColorGroup.Inactive)
        severity_icon(conflict.severity).paint(
            painter, icon.translated(origin), Qt.AlignmentFlag.AlignCenter,
            QIcon.Mode.Selected if selected else
            QIcon.Mode.Normal if enabled else QIcon.Mode.Disabled)
        font = option.font
        lines = self.lines(conflict.message, font, area.width())
        spacing = option.fontMetrics.lineSpacing()
        top = origin.y() + area.top() + (area.height() - len(lines) * spacing) // 2
        painter.save()
        painter.setFont(font)
        painter.setPen(option.palette.color(group, QPalette.ColorRole.HighlightedText
                                            if selected else QPalette.ColorRole.Text))
        for number, line in enumerate(lines):
            painter.drawStaticText(origin.x() + area.left(), top + number * spacing,
                                   self._glyphs(line))
        painter.restore()
        if state & QStyle.StateFlag.State_HasFocus:
            frame = QStyleOptionFocusRect()
            if widget is not None:
                frame.initFrom(widget)
            frame.rect = option.rect
            frame.state = state | QStyle.StateFlag.State_KeyboardFocusChange \
                | QStyle.StateFlag.State_Item
            frame.backgroundColor = option.palette.color(
                group, QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Window)
            style.drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, frame, painter,
                                widget)

    def _geometry(self, option: QStyleOptionViewItem, style: QStyle) -> tuple[QRect, QRect]:
        """Where the style puts an item's glyph and text in a row of this size (every row has
        it), relative to the row's corner, worked out once per size."""
        size = (option.rect.width(), option.rect.height())
        found = self._places.get(size)
        if found is None:
            item = QStyleOptionViewItem(option)
            item.rect = QRect(0, 0, *size)
            item.features |= (QStyleOptionViewItem.ViewItemFeature.HasDecoration
                              | QStyleOptionViewItem.ViewItemFeature.HasDisplay
                              | QStyleOptionViewItem.ViewItemFeature.WrapText)
            item.icon = severity_icon(Severity.ERROR)
            item.text = "…"
            found = self._places[size] = (
                style.subElementRect(QStyle.SubElement.SE_ItemViewItemDecoration, item,
                                     option.widget),
                style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, item,
                                     option.widget).adjusted(2, 0, -2, 0))  # text margin
        return found

    def _glyphs(self, line: str) -> QStaticText:
        """A line laid out once (drawn again and again as the list repaints)."""
        found = self._static.get(line)
        if found is None:
            if len(self._static) > 8192:
                self._static.clear()
            found = self._static[line] = QStaticText(line)
            found.setTextFormat(Qt.TextFormat.PlainText)
        return found

    def lines(self, text: str, font: QFont, width: int) -> tuple[str, ...]:
        """`text` broken at words into at most `ROW_LINES` lines of `width` pixels, the last
        one elided if the text goes on."""
        key = (text, font.key(), width)
        found = self._lines.get(key)
        if found is None:
            if len(self._lines) > 4096:  # sentences reworded by edits: keep the cache small
                self._lines.clear()
            layout = QTextLayout(text, font)
            layout.beginLayout()
            starts: list[tuple[int, int]] = []
            while len(starts) < ROW_LINES:
                line = layout.createLine()
                if not line.isValid():
                    break
                line.setLineWidth(width)
                starts.append((line.textStart(), line.textLength()))
            more = layout.createLine().isValid()
            layout.endLayout()
            found = tuple(text[start:start + length].rstrip() for start, length in starts)
            if more and starts:
                rest = text[starts[-1][0]:]
                found = (*found[:-1], QFontMetrics(font).elidedText(
                    rest, Qt.TextElideMode.ElideRight, width))
            self._lines[key] = found
        return found


class ConflictList(QListView):
    """The list, saying so when nothing is wrong rather than showing a blank panel."""

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if model is not None and model.rowCount() == 0:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.viewport().rect().adjusted(8, 8, -8, -8),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
                             | Qt.TextFlag.TextWordWrap,
                             "✓ No conflicts to show for these days and filters.")
            painter.end()


class ConflictsDock(QDockWidget):
    """The dock: three filters over a list of two-line rows, the chosen one in full below."""

    #: Conflict: the user picked this conflict (click, keys or F8); the grid selects its cells.
    conflict_chosen = Signal(object)
    #: The user clicked a conflict: the keyboard goes to the grid, to fix it there.
    conflict_clicked = Signal()
    #: Conflict: the user asked for a fix of this conflict (Suggest a fix…).
    fix_requested = Signal(object)

    def __init__(self, document: TeamDocument, parent: QWidget | None = None) -> None:
        super().__init__("Conflicts", parent)
        self.setObjectName("ConflictsDock")
        self.model = ConflictListModel(document, self)
        self.proxy = ConflictFilter(self)
        self.proxy.setSourceModel(self.model)
        body = QWidget(self)
        self.severity_box = QComboBox(body)
        self.severity_box.setAccessibleName("Show conflicts of severity")
        for text, value in (("Errors and warnings", None), ("Errors", Severity.ERROR),
                            ("Warnings", Severity.WARNING)):
            self.severity_box.addItem(text, value)
        self.person_box = QComboBox(body)
        self.person_box.setAccessibleName("Show conflicts of person")
        # As wide as a long name, not measured on every name: a box fitted to its contents
        # asks a team of 11,000 for every name's text and icon at each open.
        self.person_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.person_box.setMinimumContentsLength(24)
        self.people = PersonChoices(self.person_box)
        self.person_box.setModel(self.people)
        self.rule_box = QComboBox(body)
        self.rule_box.setAccessibleName("Show conflicts of rule")
        self.rule_box.addItem("Every rule", None)
        for rule in RuleId:
            self.rule_box.addItem(rule.value.replace("-", " ").capitalize(), rule)
        self.list = ConflictList(body)
        self.list.setModel(self.proxy)
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setItemDelegate(TwoLineDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(2)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setAccessibleName("Conflicts")
        #: The current conflict's whole sentence (a row shows its first two lines).
        self.detail = QLabel(body)
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAccessibleName("Chosen conflict")
        self.detail.setContentsMargins(4, 2, 4, 2)
        self.list.selectionModel().currentChanged.connect(self._on_current)
        self.list.selectionModel().currentChanged.connect(self._show_detail)
        for change in (self.proxy.modelReset, self.proxy.layoutChanged, self.proxy.rowsRemoved,
                       self.proxy.rowsInserted):
            change.connect(self._show_detail)
        self.list.clicked.connect(self._on_click)
        #: The current row moved because an edit removed the conflict under it: F8 goes to
        #: the conflict now there, rather than skipping it.
        self._moved_under = False
        # Suggest a fix: in the list's context menu, and Ctrl+Shift+F while the list has the
        # keyboard (the window's Edit menu offers it too, for the current conflict).
        self.suggest_action = QAction("Suggest a &fix…", self.list)
        self.suggest_action.setShortcut(QKeySequence("Ctrl+Shift+F"))
        self.suggest_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.suggest_action.setToolTip("Up to three smallest changes that solve the chosen "
                                       "conflict (Ctrl+Shift+F)")
        self.suggest_action.triggered.connect(self.request_fix)
        self.list.addAction(self.suggest_action)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        filters = QHBoxLayout()
        filters.addWidget(self.severity_box)
        filters.addWidget(self.rule_box)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(self.person_box)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.detail)
        self.setWidget(body)
        for box in (self.severity_box, self.person_box, self.rule_box):
            box.currentIndexChanged.connect(self._refilter)
        document.reset.connect(self._fill_people)
        self.document = document
        self._fill_people()
        self._show_detail()

    def _fill_people(self) -> None:
        chosen = self.person_box.currentData()
        self.person_box.blockSignals(True)
        self.people.set_people(self.document.people)
        found = self.person_box.findData(chosen)
        self.person_box.setCurrentIndex(max(found, 0))
        self.person_box.blockSignals(False)
        self._refilter()

    def show_person(self, staff_id: str | None) -> None:
        self.person_box.setCurrentIndex(max(self.person_box.findData(staff_id), 0))

    def _refilter(self) -> None:
        # Combo boxes hand string enums back as plain strings.
        severity, rule = self.severity_box.currentData(), self.rule_box.currentData()
        self.proxy.set_filter(severity=Severity(severity) if severity else None,
                              staff_id=self.person_box.currentData(),
                              rule=RuleId(rule) if rule else None)

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        # A row removed under the cursor moves the current row; that is not the user choosing
        # another conflict, so the grid's selection stays where the user was.
        if self.model.changing:
            self._moved_under = True
        elif current.isValid():
            self._moved_under = False
            self._emit_for(current)

    def _show_detail(self, *_changed: object) -> None:
        """The current conflict in full, read from the list now: an index a signal carried
        may be stale by then (choosing a conflict can refilter the list), and a reset or
        refilter moves the current row without saying so."""
        current = self.list.currentIndex()
        conflict = current.data(CONFLICT_ROLE) if current.isValid() else None
        self.detail.setText(f"{GLYPH[conflict.severity]} {conflict.severity.value.capitalize()}:"
                            f" {conflict.message}"
                            if isinstance(conflict, Conflict) else
                            "Choose a conflict to read it in full here.")

    def _on_click(self, index: QModelIndex) -> None:
        self._moved_under = False
        self._emit_for(index)
        self.conflict_clicked.emit()

    def _emit_for(self, index: QModelIndex) -> None:
        conflict = index.data(CONFLICT_ROLE)
        if conflict is not None:
            self.conflict_chosen.emit(conflict)

    def current_conflict(self) -> Conflict | None:
        index = self.list.currentIndex()
        conflict = index.data(CONFLICT_ROLE) if index.isValid() else None
        return conflict if isinstance(conflict, Conflict) else None

    def request_fix(self) -> None:
        conflict = self.current_conflict()
        if conflict is not None:
            self.fix_requested.emit(conflict)

    def next_conflict(self) -> None:
        """F8: move to the next conflict in the list (wrapping), which selects it in the grid."""
        rows = self.proxy.rowCount()
        if not rows:
            return
        current = self.list.currentIndex()
        if current.isValid() and self._moved_under:
            row = current.row()  # the conflict that took the place of the one just solved
        else:
            row = (current.row() + 1) % rows if current.isValid() else 0
        self._moved_under = False
        index = self.proxy.index(row, 0)
        if index == current:
            self._emit_for(index)  # a single conflict: choosing it again still jumps to it
        self.list.setCurrentIndex(index)
