"""Individual arrangements (reasonable adjustments, flexible working) and their reviews.

The form records the arrangement only: kind, dates, share, weekdays, reference and approver.
Why it was agreed is health information (special category data) and has no field here.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import Enum

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from deskplan.domain.calendar import describe_day
from deskplan.domain.durations import format_share, parse_share, share_text
from deskplan.domain.limits import adjustment_breaches
from deskplan.domain.model import (
    WEEKDAY_NAMES,
    Adjustment,
    AdjustmentKind,
    Person,
    describe_weekdays,
)
from deskplan.storage.operations import SetArrangements
from deskplan.ui.document import TeamDocument
from deskplan.ui.edits import save_and_close
from deskplan.ui.inputs import DateBox, FormError
from deskplan.ui.screen_fit import fit_to_screen
from deskplan.ui.status_style import ERROR_HEX, WARNING_HEX

PRIVACY_REMINDER = (
    "Record the arrangement, not the reason: no diagnosis, condition or health details. "
    "Those belong in the occupational health file, not in the rota."
)
UPCOMING_DAYS = 60


def describe(adjustment: Adjustment) -> str:
    """`fixed home days (Mon, Fri) from 3 Mar 2025, review 1 Sep 2025 — FW-0311`."""
    detail = ""
    if adjustment.kind in (AdjustmentKind.REDUCED_SHARE, AdjustmentKind.MAX_SHARE) \
            and adjustment.share is not None:
        detail = f" ({format_share(adjustment.share)})"
    elif adjustment.kind is AdjustmentKind.FIXED_HOME_DAYS:
        detail = f" ({describe_weekdays(adjustment.weekdays)})" if adjustment.weekdays else \
            f" (any {adjustment.home_days} a week)"
    until = f" to {describe_day(adjustment.end)}" if adjustment.end else ""
    review = f", review {describe_day(adjustment.review_date)}" if adjustment.review_date else ""
    reference = f" — {adjustment.reference}" if adjustment.reference else ""
    return (f"{adjustment.kind.label}{detail} from {describe_day(adjustment.start)}{until}"
            f"{review}{reference}")


_SHARE_LABEL = {AdjustmentKind.REDUCED_SHARE: "Office s&hare (at least):",
                AdjustmentKind.MAX_SHARE: "Most office time (s&hare):"}


class AdjustmentForm(QWidget):
    """One arrangement's fields; only those its kind uses are enabled.

    `edited` is emitted whenever the user changes a field (not when `load` fills it), so the
    dialog knows the form holds something not yet in its list.
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = QComboBox(self)
        self.kind.setAccessibleName("Kind of arrangement")
        for kind in AdjustmentKind:
            self.kind.addItem(kind.label.capitalize(), kind.value)
        self.start = DateBox(date.today(), self, name="Starts on")
        self.end_check = QCheckBox("Ends on", self)
        self.end = DateBox(date.today() + timedelta(days=182), self, name="Ends on")
        self.review_check = QCheckBox("Review on", self)
        self.review = DateBox(date.today() + timedelta(days=182), self, name="Review on")
        self.review_check.setChecked(True)
        self.end.setEnabled(False)
        self.end_check.toggled.connect(self.end.setEnabled)
        self.review_check.toggled.connect(self.review.setEnabled)
        self.share = QLineEdit("40%", self)
        self.share.setAccessibleName("Office share")
        self.share.setToolTip("The office share agreed, e.g. 40% or 0.4: the least for a "
                              "reduced share, the most for a cap")
        self.by_weekday = QRadioButton("On these &weekdays:", self)
        self.by_count = QRadioButton("Any", self)
        self.by_weekday.setChecked(True)
        self.days: list[QCheckBox] = [QCheckBox(name, self) for name in WEEKDAY_NAMES]
        self.home_days = QSpinBox(self)
        self.home_days.setRange(1, 7)
        self.home_days.setValue(2)
        self.home_days.setSuffix(" days a week at home")
        self.home_days.setAccessibleName("Home days a week, any weekdays")
        days_row = QHBoxLayout()
        days_row.addWidget(self.by_weekday)
        for box in self.days:
            days_row.addWidget(box)
        days_row.addStretch(1)
        count_row = QHBoxLayout()
        count_row.addWidget(self.by_count)
        count_row.addWidget(self.home_days)
        count_row.addStretch(1)
        home = QVBoxLayout()
        home.addLayout(days_row)
        home.addLayout(count_row)
        self.reference = QLineEdit(self)
        self.reference.setPlaceholderText("e.g. RA-0142")
        self.reference.setAccessibleName("Reference")
        self.approver = QLineEdit(self)
        self.approver.setPlaceholderText("who agreed it (role or name)")
        self.approver.setAccessibleName("Approved by")
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("&Kind:", self.kind)
        form.addRow("&Starts on:", self.start)
        end_row = QHBoxLayout()
        end_row.addWidget(self.end_check)
        end_row.addWidget(self.end, 1)
        form.addRow("", end_row)
        review_row = QHBoxLayout()
        review_row.addWidget(self.review_check)
        review_row.addWidget(self.review, 1)
        form.addRow("", review_row)
        self.share_label = QLabel(_SHARE_LABEL[AdjustmentKind.REDUCED_SHARE], self)
        self.share_label.setBuddy(self.share)
        form.addRow(self.share_label, self.share)
        form.addRow("Fixed home days:", home)
        form.addRow("&Reference:", self.reference)
        form.addRow("&Approved by:", self.approver)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        for toggle in (self.by_weekday, self.by_count):
            toggle.toggled.connect(self._kind_changed)
        self._loading = False
        for signal in (self.kind.currentIndexChanged, self.start.dateChanged,
                       self.end.dateChanged, self.review.dateChanged, self.end_check.toggled,
                       self.review_check.toggled, self.share.textEdited, self.by_count.toggled,
                       self.home_days.valueChanged, self.reference.textEdited,
                       self.approver.textEdited, *(box.toggled for box in self.days)):
            signal.connect(self._on_edit)
        self._kind_changed()

    def _on_edit(self) -> None:
        if not self._loading:
            self.edited.emit()

    def current_kind(self) -> AdjustmentKind:
        return AdjustmentKind(self.kind.currentData())

    def _kind_changed(self) -> None:
        kind = self.current_kind()
        has_share = kind in _SHARE_LABEL
        self.share.setEnabled(has_share)
        self.share_label.setText(_SHARE_LABEL.get(kind, "Office s&hare:"))
        fixed = kind is AdjustmentKind.FIXED_HOME_DAYS
        self.by_weekday.setEnabled(fixed)
        self.by_count.setEnabled(fixed)
        for box in self.days:
            box.setEnabled(fixed and self.by_weekday.isChecked())
        self.home_days.setEnabled(fixed and self.by_count.isChecked())

    def load(self, adjustment: Adjustment) -> None:
        self._loading = True
        try:
            self.kind.setCurrentIndex(self.kind.findData(adjustment.kind.value))
            self.start.setDate(adjustment.start)
            self.end_check.setChecked(adjustment.end is not None)
            if adjustment.end:
                self.end.setDate(adjustment.end)
            self.review_check.setChecked(adjustment.review_date is not None)
            if adjustment.review_date:
                self.review.setDate(adjustment.review_date)
            if adjustment.share is not None:
                self.share.setText(share_text(adjustment.share))
            for number, box in enumerate(self.days):
                box.setChecked(number in adjustment.weekdays)
            (self.by_count if adjustment.home_days is not None else self.by_weekday) \
                .setChecked(True)
            if adjustment.home_days is not None:
                self.home_days.setValue(adjustment.home_days)
            self.reference.setText(adjustment.reference)
            self.approver.setText(adjustment.approver)
        finally:
            self._loading = False

    def adjustment(self, staff_id: str) -> Adjustment:
        """The arrangement described; FormError with a readable reason if it cannot be."""
        kind = self.current_kind()
        share = None
        if kind in _SHARE_LABEL:
            try:
                share = parse_share(self.share.text())
            except ValueError as error:
                raise FormError(_sentence(str(error))) from None
        fixed = kind is AdjustmentKind.FIXED_HOME_DAYS
        weekdays = frozenset(i for i, box in enumerate(self.days) if box.isChecked()) \
            if fixed and self.by_weekday.isChecked() else frozenset()
        home_days = self.home_days.value() if fixed and self.by_count.isChecked() else None
        dates = {}
        for name, box, used in (("Starts on", self.start, True),
                                ("Ends on", self.end, self.end_check.isChecked()),
                                ("Review on", self.review, self.review_check.isChecked())):
            if used and (problem := box.problem()) is not None:
                raise FormError(f"{name}: {problem}")
            dates[name] = box.date() if used else None
        start = dates["Starts on"]
        assert start is not None
        try:
            adjustment = Adjustment(
                staff_id=staff_id, kind=kind, start=start, end=dates["Ends on"],
                review_date=dates["Review on"], share=share, weekdays=weekdays,
                home_days=home_days, reference=self.reference.text().strip(),
                approver=self.approver.text().strip(),
            )
        except ValueError as error:  # the arrangement's own check (dates, fields of its kind)
            raise FormError(_sentence(str(error))) from None
        breaches = adjustment_breaches(adjustment)
        if breaches:
            raise FormError(_sentence("; ".join(map(str, breaches))))
        return adjustment


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


class FormChoice(Enum):
    """What to do with an arrangement typed into the form but not added or updated."""

    KEEP = "keep"          # add it (or update the chosen one), then save
    DROP = "drop"          # save the list without it
    BACK = "back"          # return to the dialog


class AdjustmentsDialog(QDialog):
    """A person's arrangements: a list, the form for the chosen one, saved all together.

    What is typed in the form is never dropped silently: *Save* with changes in the form that
    were not added (*New*) or applied (*Update the chosen one*) asks whether to include them.
    """

    def __init__(self, document: TeamDocument, person: Person,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.person = person
        self.setWindowTitle(f"Arrangements — {person.name}")
        self.adjustments = list(document.adjustments_of(person.staff_id))
        self.saved = list(self.adjustments)
        reminder = QLabel(f"<b>Privacy:</b> {PRIVACY_REMINDER}", self)
        reminder.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Arrangements")
        self.form = AdjustmentForm(self)
        self.form_edited = False
        self.form.edited.connect(self._on_form_edited)
        self.error = QLabel(self)
        self.error.setStyleSheet(f"color: {ERROR_HEX}")
        self.error.setWordWrap(True)
        self.add_button = QPushButton("&New", self)
        self.update_button = QPushButton("&Update the chosen one", self)
        self.remove_button = QPushButton("Re&move", self)
        self.add_button.clicked.connect(self.add_from_form)
        self.update_button.clicked.connect(self.update_from_form)
        self.remove_button.clicked.connect(self.remove_current)
        self.list.currentRowChanged.connect(self._show)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        for button in (self.add_button, self.update_button, self.remove_button):
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(reminder)
        layout.addWidget(self.list)
        layout.addWidget(self.form)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._fill()
        self._update_buttons()

    def _fill(self) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for adjustment in self.adjustments:
            self.list.addItem(describe(adjustment))
            self.list.item(self.list.count() - 1).setToolTip(describe(adjustment))
        self.list.blockSignals(False)

    def _on_form_edited(self) -> None:
        self.form_edited = True

    def _update_buttons(self) -> None:
        chosen = 0 <= self.list.currentRow() < len(self.adjustments)
        self.update_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    def _show(self, row: int) -> None:
        if 0 <= row < len(self.adjustments):
            self.form.load(self.adjustments[row])
            self.form_edited = False
        self._update_buttons()

    def _read(self) -> Adjustment | None:
        try:
            adjustment = self.form.adjustment(self.person.staff_id)
        except FormError as error:
            self.error.setText(str(error))
            return None
        self.error.clear()
        return adjustment

    def _choose(self, row: int) -> None:
        self.list.setCurrentRow(row)
        self._show(row)

    def add_from_form(self) -> bool:
        adjustment = self._read()
        if adjustment is None:
            return False
        self.adjustments.append(adjustment)
        self._fill()
        self._choose(len(self.adjustments) - 1)
        return True

    def update_from_form(self) -> bool:
        row = self.list.currentRow()
        adjustment = self._read()
        if adjustment is None or not 0 <= row < len(self.adjustments):
            return False
        self.adjustments[row] = adjustment
        self._fill()
        self._choose(row)
        return True

    def remove_current(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.adjustments):
            del self.adjustments[row]
            self._fill()
            self.form_edited = False
            self._update_buttons()

    def pending(self) -> str | None:
        """What the form holds that the list does not: "update" (the chosen arrangement was
        changed), "add" (a new one typed), or None."""
        if not self.form_edited:
            return None
        row = self.list.currentRow()
        if 0 <= row < len(self.adjustments):
            try:
                same = self.form.adjustment(self.person.staff_id) == self.adjustments[row]
            except FormError:
                same = False
            return None if same else "update"
        return "add"

    def ask_about_form(self, pending: str) -> FormChoice:
        """Ask whether the form's changes belong in what is saved."""
        what = ("You changed the chosen arrangement in the form but did not press “Update "
                "the chosen one”." if pending == "update" else
                "The form holds an arrangement that was not added to the list with “New”.")
        box = QMessageBox(QMessageBox.Icon.Question, "Save the arrangement in the form?",
                          f"{what}\n\nSave it with the others?",
                          QMessageBox.StandardButton.NoButton, self)
        keep = box.addButton("&Save it too", QMessageBox.ButtonRole.AcceptRole)
        drop = box.addButton("Save &without it", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("&Go back", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.exec()
        clicked = box.clickedButton()
        return FormChoice.KEEP if clicked is keep else \
            FormChoice.DROP if clicked is drop else FormChoice.BACK

    def save(self) -> None:
        pending = self.pending()
        if pending is not None:
            choice = self.ask_about_form(pending)
            if choice is FormChoice.BACK:
                return
            if choice is FormChoice.KEEP and not (
                    self.update_from_form() if pending == "update" else self.add_from_form()):
                return  # the form's problem is shown; nothing saved yet
        if self.adjustments == self.saved:
            self.accept()
            return
        save_and_close(self, self.document, SetArrangements.of(
            self.person.staff_id, self.adjustments,
            f"Change the arrangements of {self.person.name}"), self.error)


class ReviewsDialog(QDialog):
    """Arrangements whose review is overdue or due within the next two months."""

    def __init__(self, document: TeamDocument, today: date | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Reviews of arrangements")
        fit_to_screen(self, 760, 360)
        today = today or date.today()
        names = {p.staff_id: p.name for p in document.plan.people}
        due = sorted((a for a in document.plan.adjustments
                      if a.review_date is not None and (a.end is None or a.end >= today)
                      and a.review_date <= today + timedelta(days=UPCOMING_DAYS)),
                     key=lambda a: (a.review_date, names.get(a.staff_id, "")))
        self.rows = due
        table = QTableWidget(len(due), 4, self)
        table.setHorizontalHeaderLabels(("Review", "When", "Person", "Arrangement"))
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.setAccessibleName("Reviews due")
        for row, adjustment in enumerate(due):
            review = adjustment.review_date
            assert review is not None
            overdue = review < today
            days = abs((review - today).days)
            when = (f"overdue by {days} day{'s' if days != 1 else ''}" if overdue
                    else "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}")
            values = (describe_day(review), when,
                      names.get(adjustment.staff_id, adjustment.staff_id), describe(adjustment))
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if overdue:
                    item.setForeground(QColor(ERROR_HEX))
                elif column == 1:
                    item.setForeground(QColor(WARNING_HEX).darker(140))
                table.setItem(row, column, item)
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        self.table = table
        note = QLabel("A passed review date does not end an arrangement; it needs a "
                      "conversation and a new review date." if due else
                      f"No reviews are overdue or due in the next {UPCOMING_DAYS} days.", self)
        note.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(table, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
