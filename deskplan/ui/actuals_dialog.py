"""Team → Plan against actual…: what really happened, week by week, beside the plan.

The grid shows one week of the team as planned, as it happened, or only the differences
(a view switch); in the *actual* view a cell is corrected by choosing what happened (every
change is one undo step, saved at once). *Confirm week as planned* records the plan for every
day not recorded yet, in one step; *Import attendance…* reads an access-control or desk-booking
export (several swipes a day count once; unknown ids are listed, never guessed). The plan is
never changed here. Under the grid, the week's evidence: per person required, planned and
attended, and the contracted office days not attended that nothing excuses
(`deskplan.domain.actuals`); *Evidence CSV…* writes that list.

Actuals live beside the plan in the database (`repository.load_actuals`/`save_actuals`). Every
record is a `SetActuals` operation the window's document writes on its database worker, never on
the GUI thread, and puts on the window's undo stack like a plan edit (the main grid's actual view
edits them the same way); the dialog shows the document's copy of the actuals, which every save
keeps in step.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from deskplan.domain.actuals import ACTUAL, DIFFERENCES, PLAN, confirm_as_planned, evidence
from deskplan.domain.errors import DeskplanError
from deskplan.domain.model import Cell, Status
from deskplan.domain.ordering import PeopleOrder
from deskplan.domain.plan import Plan
from deskplan.domain.rota import Rota
from deskplan.domain.verdicts import format_amount
from deskplan.storage.operations import OpChanges, SetActuals
from deskplan.ui.document import Outcome, TeamDocument

_Index = QModelIndex | QPersistentModelIndex
#: What can be recorded as having happened, in the editor's order.
CHOICES: tuple[tuple[str, Cell], ...] = (
    ("not recorded", Cell()),
    ("Office (attended)", Cell.whole(Status.OFFICE)),
    ("Home", Cell.whole(Status.HOME)),
    ("Leave", Cell.whole(Status.LEAVE)),
    ("Sick", Cell.whole(Status.SICK)),
    ("Official business", Cell.whole(Status.BUSINESS)),
    ("Training", Cell.whole(Status.TRAINING)),
)
ActualChange = tuple[str, date, Cell]


class ActualsReader:
    """Reads a team's actuals through a window's `PlanStore` (the compliance report's export
    takes them; the dialog and the grid use the document's copy)."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def load(self, team_id: int) -> Rota:
        loaded: Rota = self.store.load_actuals(team_id)
        return loaded


def actuals_store(store: Any) -> ActualsReader:
    """The actuals beside a window's `PlanStore`."""
    return ActualsReader(store)


def _text(cell: Cell) -> str:
    return cell.text() if cell.code else "·"


class ActualsModel(QAbstractTableModel):
    """One week of the team: people × days, as planned, as happened, or the differences."""

    def __init__(self, plan: Plan, actuals: Rota, monday: date,
                 parent: QObject | None = None, *, today: date | None = None,
                 order: PeopleOrder = PeopleOrder.NAME) -> None:
        super().__init__(parent)
        self.plan = plan
        self.actuals = actuals
        self.order = order  # the window's, so a person is found where the grid has them
        #: Days after this have not happened: nothing can be recorded for them yet.
        self.today = today or date.today()
        self.view = PLAN
        self.monday = monday
        self.people = self._people()
        #: Called with (staff id, day, cell) when the user chooses what happened.
        self.on_edit: Any = None

    def _people(self) -> list[tuple[str, str]]:
        last = self.monday + timedelta(days=6)
        return [(p.staff_id, p.name) for p in self.order.arrange(
            [p for p in self.plan.people
             if (p.start_date is None or p.start_date <= last)
             and (p.end_date is None or p.end_date >= self.monday)])]

    def set_week(self, monday: date) -> None:
        self.beginResetModel()  # another week: every row and column changes
        self.monday = monday
        self.people = self._people()
        self.endResetModel()

    def set_view(self, view: str) -> None:
        self.view = view
        self.refresh()

    def refresh(self, cells: Sequence[tuple[str, date]] | None = None) -> None:
        """Cells changed (all when None): only their range is repainted."""
        if not self.people:
            return
        if cells is None:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.people) - 1, 6))
            return
        rows = {staff_id: i for i, (staff_id, _) in enumerate(self.people)}
        for staff_id, day in cells:
            column = (day - self.monday).days
            if staff_id in rows and 0 <= column < 7:
                index = self.index(rows[staff_id], column)
                self.dataChanged.emit(index, index)

    def day(self, column: int) -> date:
        return self.monday + timedelta(days=column)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.people)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 7

    def flags(self, index: _Index) -> Qt.ItemFlag:
        found = super().flags(index)
        if index.isValid() and self.view == ACTUAL and self.day(index.column()) <= self.today:
            found |= Qt.ItemFlag.ItemIsEditable
        return found

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        staff_id, name = self.people[index.row()]
        day = self.day(index.column())
        planned = self.plan.rota.cell(staff_id, day)
        happened = self.actuals.cell(staff_id, day)
        if role == Qt.ItemDataRole.DisplayRole:
            if self.view == PLAN:
                return _text(planned)
            if self.view == ACTUAL:
                return _text(happened)
            return f"{_text(planned)} → {_text(happened)}" if happened.code and \
                happened != planned else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            if day > self.today:
                return f"{name}, {day:%a %d %b %Y}: planned {planned.label()}; not happened yet"
            return (f"{name}, {day:%a %d %b %Y}: planned {planned.label()}; "
                    f"{'recorded ' + happened.label() if happened.code else 'not recorded'}")
        if role == Qt.ItemDataRole.EditRole:
            return next((i for i, (_, cell) in enumerate(CHOICES) if cell == happened), 0)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or self.view != ACTUAL \
                or self.day(index.column()) > self.today:
            return False
        staff_id, _ = self.people[index.row()]
        cell = CHOICES[int(value)][1]
        if self.on_edit is not None and cell != self.actuals.cell(staff_id,
                                                                  self.day(index.column())):
            self.on_edit([(staff_id, self.day(index.column()), cell)])
        return True

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return f"{self.day(section):%a %d %b}"
        return self.people[section][1]


class _ChoiceDelegate(QStyledItemDelegate):
    """What happened, chosen from a list (keyboard: type the first letter)."""

    def createEditor(self, parent: QWidget, option: Any, index: _Index) -> QWidget:
        box = QComboBox(parent)
        for label, _ in CHOICES:
            box.addItem(label)
        return box

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(int(index.data(Qt.ItemDataRole.EditRole)))

    def setModelData(self, editor: QWidget, model: Any, index: _Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentIndex(), Qt.ItemDataRole.EditRole)


class ActualsDialog(QDialog):
    """Plan against actual for the window's open team (see the module docstring)."""

    def __init__(self, document: TeamDocument, day: date,
                 parent: QWidget | None = None, *, today: date | None = None,
                 order: PeopleOrder = PeopleOrder.NAME) -> None:
        super().__init__(parent)
        self.document = document
        self.today = today or date.today()
        self.setWindowTitle(f"Plan against actual — {document.plan.name or 'team'}")
        #: The window's undo stack: a record made here is undone there too, and the other way.
        self.undo_stack = document.undo_stack
        monday = day - timedelta(days=day.weekday())
        self.model = ActualsModel(document.plan, document.actuals, monday, self,
                                  today=self.today, order=order)
        self.model.on_edit = lambda changes: self.push(changes, "Record what happened")
        self.week = QDateEdit(QDate(monday.year, monday.month, monday.day), self)
        self.week.setCalendarPopup(True)
        self.week.setDisplayFormat("'Week of' ddd d MMM yyyy")
        self.week.setAccessibleName("Week")
        self.week.dateChanged.connect(lambda _d: self._week_changed())
        self.view = QComboBox(self)
        self.view.setAccessibleName("Show")
        for label, key in (("Plan", PLAN), ("Actual", ACTUAL), ("Differences", DIFFERENCES)):
            self.view.addItem(label, key)
        self.view.currentIndexChanged.connect(
            lambda _i: self.model.set_view(str(self.view.currentData())))
        self.confirm = QPushButton("&Confirm week as planned", self)
        self.confirm.clicked.connect(self.confirm_week)
        self.import_button = QPushButton("&Import attendance…", self)
        self.import_button.clicked.connect(self.choose_import)
        top = QHBoxLayout()
        top.addWidget(self.week)
        show = QLabel("&Show:", self)
        show.setBuddy(self.view)
        top.addWidget(show)
        top.addWidget(self.view)
        top.addStretch(1)
        top.addWidget(self.confirm)
        top.addWidget(self.import_button)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setItemDelegate(_ChoiceDelegate(self.table))
        self.table.setAccessibleName("The week: plan, actual or differences")
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.undo_button = buttons.addButton("&Undo", QDialogButtonBox.ButtonRole.ActionRole)
        self.undo_button.clicked.connect(self.undo_stack.undo)
        self.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo_button.setEnabled(self.undo_stack.canUndo())
        document.changed.connect(self._on_saved)
        document.reset.connect(self._on_reset)
        evidence_button = buttons.addButton("&Evidence CSV…",
                                            QDialogButtonBox.ButtonRole.ActionRole)
        evidence_button.clicked.connect(self.choose_evidence)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(980, 620)
        self._update_summary()

    @property
    def monday(self) -> date:
        return self.model.monday

    @property
    def actuals(self) -> Rota:
        """What happened, as the window's document holds it (every save keeps it current)."""
        return self.document.actuals

    def _on_saved(self, changes: OpChanges) -> None:
        """A record saved (here, in the grid's actual view, or an undo): show it."""
        if changes.actuals:
            self.model.actuals = self.actuals
            self.model.refresh(list(changes.actuals))
            self._update_summary()

    def _on_reset(self) -> None:
        """The team was read again (someone else's change): show it as it is now."""
        self.model.plan, self.model.actuals = self.document.plan, self.actuals
        self.model.set_week(self.monday)
        self._update_summary()

    def _week_changed(self) -> None:
        picked = self.week.date().toPython()
        assert isinstance(picked, date)
        self.model.set_week(picked - timedelta(days=picked.weekday()))
        self._update_summary()

    # --- writing ----------------------------------------------------------------------------
    def push(self, changes: Sequence[ActualChange], text: str) -> None:
        """Record what happened as one undo step, saved on the window's database worker (the
        plan is untouched); the status line says when it is saved, or why not."""
        if not changes:
            return
        count = len(changes)
        self.status.setText("Saving…")

        def done(outcome: Outcome) -> None:
            if outcome.saved:
                self.status.setText(f"Recorded {count} day{'s' if count != 1 else ''}.")
            else:
                self.status.setText(f"Nothing was recorded: {outcome.error}" if outcome.error
                                    else "Nothing was recorded.")

        self.document.perform(SetActuals.of(changes, text), done, report=False)

    def confirm_week(self) -> None:
        ids = [staff_id for staff_id, _ in self.model.people]
        last = min(self.monday + timedelta(days=6), self.today)  # never a day still to come
        if last < self.monday:
            self.status.setText("This week has not begun: there is nothing to confirm yet.")
            return
        changes = confirm_as_planned(self.document.plan.rota, self.actuals, ids, self.monday,
                                     last)
        if not changes:
            self.status.setText("Every planned day of the week so far is recorded already.")
            return
        self.push(changes, f"Confirm the week of {self.monday:%d %b} as planned")

    def choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import attendance", "",
                                              "Attendance (*.csv *.xlsx *.xls *.ods *.txt)")
        if path:
            badges, _ = QFileDialog.getOpenFileName(
                self, "Badge → staff id mapping (Cancel if the file has staff ids)", "",
                "Mapping (*.csv *.xlsx *.xls *.ods *.txt)")
            self.import_file(Path(path), Path(badges) if badges else None)

    def import_file(self, path: Path, badges: Path | None = None) -> str:
        """Read an attendance export and record it as one undo step; say what was read."""
        from deskplan.interchange.attendance_file import load_attendance

        plan = self.document.plan
        try:
            read = load_attendance(path, {p.staff_id: p for p in plan.people},
                                   sites=plan.policy.site_names(), badges=badges)
        except DeskplanError as error:
            self.status.setText(f"Nothing was imported: {error}")
            return self.status.text()
        cells = list(read.actuals.entries())
        happened = [(s, d, c) for s, d, c in cells if d <= self.today]
        self.push(happened, f"Import attendance from {path.name}")
        said = f"Imported {read.describe()}."
        if len(happened) < len(cells):  # a desk-booking export's bookings to come
            later = len(cells) - len(happened)
            said += (f" {later} person-day{'s' if later != 1 else ''} after "
                     f"{self.today:%a %d %b %Y} left out: not happened yet.")
        self.status.setText(said)
        if read.first and not self.monday <= read.first <= self.monday + timedelta(days=6):
            self.week.setDate(QDate(read.first.year, read.first.month, read.first.day))
        return said

    def choose_evidence(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Evidence of days not attended",
                                              "evidence.csv", "CSV (*.csv)")
        if path:
            self.write_evidence(Path(path))

    def write_evidence(self, path: Path, first: date | None = None,
                       last: date | None = None) -> str:
        from deskplan.interchange.compliance_report import write_evidence_csv

        first = first or self.monday
        last = last or self.monday + timedelta(days=6)
        try:
            rows = write_evidence_csv(self.document.plan, path, first, last, self.actuals,
                                      as_of=self.today)
        except DeskplanError as error:
            said = str(error)
        else:
            said = f"Wrote {rows} day{'s' if rows != 1 else ''} not attended to {path.name}."
        self.status.setText(said)
        return said

    # --- the week's evidence ------------------------------------------------------------------
    def _update_summary(self) -> None:
        last = self.monday + timedelta(days=6)
        found = evidence(self.document.plan, self.actuals, self.monday, last,
                         policy=self.document.policy, as_of=self.today)
        unit = found.unit
        short = [p for p in found.periods if p.recorded and p.ended and not p.met]
        lines = [f"{len(found.missed)} contracted office day"
                 f"{'s' if len(found.missed) != 1 else ''} not attended and not excused"
                 + (": " + "; ".join(f"{m.name} {m.day:%a %d %b} ({m.recorded_as})"
                                     for m in found.missed[:8]) if found.missed else ".")]
        lines += [f"{p.name}: required {format_amount(p.required)} {unit}, planned "
                  f"{format_amount(p.planned)} {unit}, attended {format_amount(p.attended)} "
                  f"{unit}" for p in short[:8]]
        if any(not p.ended for p in found.periods):
            lines.append(f"Periods not over by {self.today:%a %d %b %Y} are not judged yet: "
                         "the rest of them can still meet the requirement.")
        self.summary.setText("\n".join(lines))


def open_actuals(window: Any) -> ActualsDialog | None:
    """Team → Plan against actual… of the main window, on the week shown."""
    document = window.document
    if document is None:
        return None
    dialog = ActualsDialog(document, document.first, window, today=window.today,
                           order=window.grouping)
    dialog.show()
    return dialog
