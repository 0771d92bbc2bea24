"""The Pattern dialog: "office every Tue, Wed, Thu", "Mon and Fri on alternate weeks"."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QWidget,
)

from deskplan.domain.model import WEEKDAY_NAMES, Adjustment, Person, Status
from deskplan.domain.policy import Policy
from deskplan.storage.operations import CellChange
from deskplan.ui.inputs import DateBox
from deskplan.ui.patterns import CellOf, Pattern, unlocked


class PatternDialog(QDialog):
    """Choose people, days, a status and a date range; the preview counts the cells it changes."""

    def __init__(self, people: list[Person], chosen: set[str], first: date, last: date,
                 cell_of: CellOf, policy: Policy, parent: QWidget | None = None, *,
                 adjustments: Sequence[Adjustment] = (),
                 locked: Collection[tuple[str, date]] = ()) -> None:
        super().__init__(parent)
        self.setWindowTitle("Apply a pattern")
        self.cell_of = cell_of
        self.policy = policy
        #: Arrangements: an office day is never placed on a fixed home day.
        self.adjustments = adjustments
        #: Days the manager locked: kept as they are.
        self.locked = locked
        self.people = people
        self.people_list = QListWidget(self)
        self.people_list.setAccessibleName("People to apply the pattern to")
        for person in people:
            item = QListWidgetItem(f"{person.name} — {person.role}" if person.role
                                   else person.name, self.people_list)
            item.setData(Qt.ItemDataRole.UserRole, person.staff_id)
            item.setCheckState(Qt.CheckState.Checked if person.staff_id in chosen
                               else Qt.CheckState.Unchecked)
        self.people_list.setMinimumHeight(160)
        self.status_box = QComboBox(self)
        self.status_box.setAccessibleName("Status to set")
        for status in Status:
            if status.letter:
                self.status_box.addItem(f"{status.label} ({status.letter})", status.value)
        self.day_boxes: list[QCheckBox] = []
        days_row = QHBoxLayout()
        for number, name in enumerate(WEEKDAY_NAMES):
            box = QCheckBox(name, self)
            box.setChecked(number in (1, 2, 3))
            self.day_boxes.append(box)
            days_row.addWidget(box)
        self.interval = QSpinBox(self)
        self.interval.setRange(1, 8)
        self.interval.setPrefix("every ")
        self.interval.setSuffix(" week(s)")
        self.interval.setAccessibleName("Repeat every so many weeks")
        self.first_edit = DateBox(first, self, name="From")
        self.last_edit = DateBox(last, self, name="To")
        self.others_box = QComboBox(self)
        self.others_box.setAccessibleName("Other working days")
        self.others_box.addItem("Leave as they are", None)
        self.others_box.addItem("Home", Status.HOME.value)
        self.others_box.addItem("Clear (unplanned)", Status.UNPLANNED.value)
        self.overwrite = QCheckBox("Also overwrite planned leave and sickness", self)
        self.preview = QLabel(self)
        self.preview.setAccessibleName("Preview")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Apply")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        form = QFormLayout(self)
        form.addRow("People:", self.people_list)
        form.addRow("Set:", self.status_box)
        form.addRow("On:", days_row)
        form.addRow("Repeat:", self.interval)
        form.addRow("From:", self.first_edit)
        form.addRow("To:", self.last_edit)
        form.addRow("Other working days:", self.others_box)
        form.addRow("", self.overwrite)
        form.addRow(QLabel("Days off and bank holidays are always skipped.", self))
        form.addRow(self.preview)
        form.addRow(buttons)
        for signal in (self.people_list.itemChanged, self.status_box.currentIndexChanged,
                       self.interval.valueChanged, self.first_edit.dateChanged,
                       self.last_edit.dateChanged, self.others_box.currentIndexChanged,
                       self.overwrite.toggled, *(b.toggled for b in self.day_boxes)):
            signal.connect(self._update_preview)
        self._update_preview()

    def pattern(self) -> Pattern:
        others = self.others_box.currentData()
        first, last = self.first_edit.date(), self.last_edit.date()
        return Pattern(
            weekdays=frozenset(i for i, b in enumerate(self.day_boxes) if b.isChecked()),
            first=first, last=last, status=Status(self.status_box.currentData()),
            interval=self.interval.value(),
            others=None if others is None else Status(others),
            overwrite_absence=self.overwrite.isChecked(),
        )

    def chosen_people(self) -> list[Person]:
        ids = {self.people_list.item(i).data(Qt.ItemDataRole.UserRole)
               for i in range(self.people_list.count())
               if self.people_list.item(i).checkState() == Qt.CheckState.Checked}
        return [p for p in self.people if p.staff_id in ids]

    def changes(self) -> list[CellChange]:
        return self._changes()[0]

    def _changes(self) -> tuple[list[CellChange], int]:
        """The cells the pattern changes, and how many locked days it leaves as they are."""
        return unlocked(self.pattern().changes(self.chosen_people(), self.cell_of, self.policy,
                                               self.adjustments), self.locked)

    def _update_preview(self) -> None:
        changes, held = self._changes()
        count = len(changes)
        people = len(self.chosen_people())
        kept = (f" {held} locked day{'s are' if held != 1 else ' is'} kept as "
                f"{'they are' if held != 1 else 'it is'}." if held else "")
        self.preview.setText(f"Will change {count} cell{'s' if count != 1 else ''} for "
                             f"{people} {'person' if people == 1 else 'people'}.{kept}")
        self.ok_button.setEnabled(count > 0)
