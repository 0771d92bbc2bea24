"""The rota grid: a table view that paints its cells in blocks and edits like a spreadsheet.

Keys follow the habits managers have: type a letter to set the selection, Delete to clear,
arrows and Shift+arrows to move and extend, Ctrl+C/Ctrl+V with tab-separated text that Excel
understands. Edits are handed to the window, which makes each one an undo step.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QObject,
    QPoint,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QFont,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QMenu,
    QTableView,
    QWidget,
)

from deskplan.domain.conflicts import Conflict
from deskplan.domain.model import Cell, Status, parse_cell
from deskplan.domain.policy import fold
from deskplan.storage.operations import CellChange
from deskplan.ui.inputs import FormError
from deskplan.ui.rota_cells import CellDelegate
from deskplan.ui.rota_headers import NAME_WIDTH, DayHeader, PersonHeader
from deskplan.ui.rota_model import RotaModel
from deskplan.ui.status_style import blend

STATUS_KEYS = {s.letter: s for s in Status if s.letter}
CYCLE = (Status.OFFICE, Status.HOME, Status.LEAVE, Status.SICK, Status.TRAINING,
         Status.BUSINESS, Status.UNPLANNED)


class RotaView(QTableView):
    """The grid. Edits are handed to `apply` (the window pushes them on the undo stack)."""

    #: str: a short message for the status bar (e.g. why a paste was refused).
    message = Signal(str)
    #: list[tuple[str, date]], bool: days to lock (True) or unlock (False), as one step.
    lock_requested = Signal(object, bool)
    #: Conflict: the user asked for a fix of a conflict the current cell is part of.
    fix_requested = Signal(object)

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
        self.updateGeometries()  # the scroll range follows at once, not at the next layout

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
                self._setter(status))
        for half, when in enumerate(("morning", "afternoon")):
            for status in CYCLE:
                label = status.label if status else "Not planned"
                add(f"{when}_{status.name.lower()}", f"&{label}", [],
                    self._setter(status, half))
        add("clear", "Clear", [QKeySequence(Qt.Key.Key_Delete),
                               QKeySequence(Qt.Key.Key_Backspace)],
            lambda: self.set_selected(Status.UNPLANNED))
        add("cycle", "Next status", [QKeySequence(Qt.Key.Key_Space)], self.cycle_selected)
        add("select_row", "Select the whole row",
            [QKeySequence(Qt.Modifier.SHIFT | Qt.Key.Key_Space)], self.select_rows)
        add("select_column", "Select the whole day",
            [QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Space)], self.select_columns)
        add("lock", "&Lock or unlock the chosen days", [QKeySequence("Ctrl+L")],
            self.toggle_lock)
        add("fix", "Suggest a &fix for this day's conflict…", [QKeySequence("Ctrl+Shift+F")],
            self.request_fix)
        add("copy", "Copy", [QKeySequence(QKeySequence.StandardKey.Copy)], self.copy_selection)
        add("paste", "Paste", [QKeySequence(QKeySequence.StandardKey.Paste)], self.paste)
        return found

    def _setter(self, status: Status, half: int | None = None) -> Callable[[], None]:
        """The slot of an action that sets the chosen cells (or one half of them) to `status`."""
        def run() -> None:
            self.set_selected(status, half)
        return run

    def _fixer(self, conflict: Conflict) -> Callable[[], None]:
        def run() -> None:
            self.fix_requested.emit(conflict)
        return run

    def _site_setter(self, site: str) -> Callable[[], None]:
        def run() -> None:
            self.set_site(site)
        return run

    def action_for(self, event: QKeyEvent) -> QAction | None:
        """The grid action a key press means, if any (plain letters, Delete, copy, paste)."""
        plain = not event.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier
                                           | Qt.KeyboardModifier.KeypadModifier)
        text = event.text().upper()
        if plain and text in STATUS_KEYS:
            return self.actions_by_name[STATUS_KEYS[text].name.lower()]
        if plain and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            return self.actions_by_name["clear"]
        if event.key() == Qt.Key.Key_Space:
            # As in spreadsheets: Shift+Space takes the row, Ctrl+Space the column.
            modifiers = event.modifiers()
            if modifiers & Qt.KeyboardModifier.ControlModifier:
                return self.actions_by_name["select_column"]
            if modifiers & Qt.KeyboardModifier.ShiftModifier:
                return self.actions_by_name["select_row"]
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
                and self.action_for(event) is not None:
            event.accept()
            return True
        return super().event(event)

    def edit_action_for(self, event: QKeyEvent) -> QAction | None:
        """The action of a key that changes the chosen cells (a status letter, Delete): what a
        key typed in the Conflicts panel does to the cells of the conflict chosen there."""
        action = self.action_for(event)
        setting = {self.actions_by_name[s.name.lower()] for s in CYCLE[:-1]} | {
            self.actions_by_name["clear"]}
        return action if action in setting else None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = self.action_for(event)
        if action is not None:
            action.trigger()
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Menu):
            self._context_menu(self.visualRect(self.currentIndex()).center())
            return
        super().keyPressEvent(event)

    def _context_menu(self, position: QPoint) -> None:
        index = self.indexAt(position)
        if index.isValid():
            menu = self.cell_menu(index.row(), index.column())
            menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            menu.popup(self.viewport().mapToGlobal(position))

    def cell_menu(self, row: int, column: int) -> QMenu:
        """What a right-click (or Enter, or the Menu key) on a cell offers: a fix for each
        conflict it is part of, the statuses, a site, half days, the lock, copy and paste."""
        menu = QMenu(self)
        conflicts = self.rota.conflicts_at(row, column)
        if len(conflicts) == 1:
            menu.addAction(f"Suggest a &fix: {_short(conflicts[0].message)}",
                           self._fixer(conflicts[0]))
        elif conflicts:
            fixes = menu.addMenu("Suggest a &fix for")
            for conflict in conflicts:
                fixes.addAction(_short(conflict.message), self._fixer(conflict))
        if conflicts:
            menu.addSeparator()
        for name in ("office", "home", "leave", "sick", "training", "business", "clear"):
            menu.addAction(self.actions_by_name[name])
        sites = sorted(self.rota.site_names().values(), key=str.casefold)
        if sites:
            elsewhere = menu.addMenu("Office &at")
            for site in sites:
                elsewhere.addAction(site, self._site_setter(site))
        for when in ("morning", "afternoon"):
            half = menu.addMenu(f"&{when.capitalize()} only")
            for status in CYCLE:
                half.addAction(self.actions_by_name[f"{when}_{status.name.lower()}"])
        menu.addSeparator()
        menu.addAction(self.actions_by_name["lock"])
        menu.addSeparator()
        menu.addAction(self.actions_by_name["copy"])
        menu.addAction(self.actions_by_name["paste"])
        return menu

    # --- edits --------------------------------------------------------------------------------
    def selected_cells(self) -> list[tuple[int, int]]:
        cells = {(i.row(), i.column()) for i in self.selectionModel().selectedIndexes()}
        if not cells and self.currentIndex().isValid():
            cells = {(self.currentIndex().row(), self.currentIndex().column())}
        return sorted(cells)

    def changes_for(self, cells: list[tuple[int, int]], value: Status | Cell,
                    half: int | None = None) -> list[CellChange]:
        """Changes to working days only: a day off stays a day off (it can only be cleared).

        A status sets the whole day, or only the morning (`half` 0) or afternoon (1)."""
        rota = self.rota
        found: list[CellChange] = []
        for r, c in cells:
            before = rota.cell(r, c)
            if isinstance(value, Cell):
                after = value
            elif half is None:
                after = Cell.whole(value)
            elif half == 0:
                after = Cell(value, before.pm, None, before.pm_site)
            else:
                after = Cell(before.am, value, before.am_site, None)
            if (rota.working[r, c] or not after.code) and after != before:
                found.append((rota.people[r].staff_id, rota.days[c], after))
        return found

    def set_selected(self, status: Status, half: int | None = None) -> None:
        cells = self.selected_cells()
        changes = self.changes_for(cells, status, half)
        if changes:
            self.apply(changes, None)
        elif cells and status is not Status.UNPLANNED and not any(
                self.rota.working[r, c] for r, c in cells):
            self.message.emit("Those days are not working days; nothing was changed.")

    def request_fix(self) -> None:
        """Suggest a fix for the current cell's conflict (errors first); says so when the
        cell has none."""
        current = self.currentIndex()
        conflicts = self.rota.conflicts_at(current.row(), current.column()) \
            if current.isValid() else []
        if conflicts:
            self.fix_requested.emit(conflicts[0])
        else:
            self.message.emit("This day is part of no conflict: there is nothing to fix.")

    def toggle_lock(self) -> None:
        """Lock the chosen days (unlock them when every one is locked already): what is
        planned on them stays as it is, Plan… and Suggest a fix keep them."""
        cells = self.selected_cells()
        if not cells:
            return
        lock = not all(cell in self.rota.locked for cell in cells)
        days = [(self.rota.people[r].staff_id, self.rota.days[c]) for r, c in cells
                if ((r, c) in self.rota.locked) != lock]
        self.lock_requested.emit(days, lock)

    def set_site(self, site: str) -> None:
        """Office at `site` for the selected working days (its own base: plain office)."""
        rota = self.rota
        changes = []
        for r, c in self.selected_cells():
            base = fold(rota.people[r].terms_on(rota.days[c]).location)
            cell = Cell.whole(Status.OFFICE, None if fold(site) == base else site)
            changes += self.changes_for([(r, c)], cell)
        if changes:
            self.apply(changes, f"Office at {site} on {len(changes)} "
                                f"day{'s' if len(changes) > 1 else ''}")

    def select_rows(self) -> None:
        """The whole rows (people) of the current cell or selection."""
        flag = QItemSelectionModel.SelectionFlag
        self.selectionModel().select(self.selectionModel().selection(),
                                     flag.Select | flag.Rows)
        if self.currentIndex().isValid():
            self.selectionModel().select(self.currentIndex(), flag.Select | flag.Rows)

    def select_columns(self) -> None:
        """The whole columns (days) of the current cell or selection."""
        flag = QItemSelectionModel.SelectionFlag
        self.selectionModel().select(self.selectionModel().selection(),
                                     flag.Select | flag.Columns)
        if self.currentIndex().isValid():
            self.selectionModel().select(self.currentIndex(), flag.Select | flag.Columns)

    def cycle_selected(self) -> None:
        current = self.currentIndex()
        if not current.isValid():
            return
        now = self.rota.cell(current.row(), current.column()).status or Status.UNPLANNED
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
                self.rota.cell(r, c).text() if (r, c) in chosen else ""
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
        sites = self.rota.site_names()
        try:
            values = [[_pasted_cell(v, sites) for v in line] for line in grid]
        except FormError as error:
            self.message.emit(f"Nothing pasted: {error}")
            return
        current = self.currentIndex()
        if not current.isValid():
            return
        rota = self.rota
        changes: list[CellChange] = []
        if len(values) == 1 and len(values[0]) == 1:
            for r, c in self.selected_cells():
                base = fold(rota.people[r].terms_on(rota.days[c]).location)
                changes += self.changes_for([(r, c)], _at_base(values[0][0], base))
        else:
            top, left = current.row(), current.column()
            for i, line in enumerate(values):
                for j, cell in enumerate(line):
                    r, c = top + i, left + j
                    if r < len(rota.people) and c < len(rota.days):
                        base = fold(rota.people[r].terms_on(rota.days[c]).location)
                        changes.extend(self.changes_for([(r, c)], _at_base(cell, base)))
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


def _short(message: str, length: int = 70) -> str:
    """A conflict's sentence cut to fit a menu, ending with the ellipsis of an entry that
    opens a dialog (the dialog shows the sentence whole)."""
    message = message.rstrip(".")
    return message + "…" if len(message) <= length else message[:length - 1].rstrip() + "…"


def _pasted_cell(text: str, sites: dict[str, str]) -> Cell:
    """A pasted value as a cell; FormError for text that is none, or a site the team does
    not know."""
    try:
        am, pm, am_site, pm_site = parse_cell(text)
    except ValueError as error:
        raise FormError(str(error)) from None
    named: list[str | None] = []
    for site in (am_site, pm_site):
        if site is not None and fold(site) not in sites:
            raise FormError(f"unknown site {site!r}")
        named.append(sites[fold(site)] if site is not None else None)
    return Cell(am, pm, named[0], named[1])


def _at_base(cell: Cell, base: str) -> Cell:
    """`O@` the person's own base is plain office."""
    am_site = None if cell.am_site and fold(cell.am_site) == base else cell.am_site
    pm_site = None if cell.pm_site and fold(cell.pm_site) == base else cell.pm_site
    return Cell(cell.am, cell.pm, am_site, pm_site)
