"""Individual arrangements (reasonable adjustments, flexible working) and their reviews.

The form records the arrangement only: kind, dates, share, weekdays, reference and approver.
Why it was agreed is health information (special category data) and has no field here.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
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
from deskplan.ui.document import TeamDocument, WriteRefusedError
from deskplan.ui.qdates import pydate, qdate
from deskplan.ui.status_style import ERROR_HEX, WARNING_HEX

PRIVACY_REMINDER = (
    "Record the arrangement, not the reason: no diagnosis, condition or health details. "
    "Those belong in the occupational health file, not in the rota."
)
UPCOMING_DAYS = 60


def describe(adjustment: Adjustment) -> str:
    """`fixed home days (Mon, Fri) from 3 Mar 2025, review 1 Sep 2025 — FW-0311`."""
    detail = ""
    if adjustment.kind is AdjustmentKind.REDUCED_SHARE and adjustment.share is not None:
        detail = f" ({format_share(adjustment.share)})"
    elif adjustment.kind is AdjustmentKind.FIXED_HOME_DAYS:
        detail = f" ({describe_weekdays(adjustment.weekdays)})"
    until = f" to {describe_day(adjustment.end)}" if adjustment.end else ""
    review = f", review {describe_day(adjustment.review_date)}" if adjustment.review_date else ""
    reference = f" — {adjustment.reference}" if adjustment.reference else ""
    return (f"{adjustment.kind.label}{detail} from {describe_day(adjustment.start)}{until}"
            f"{review}{reference}")


class AdjustmentForm(QWidget):
    """One arrangement's fields."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = QComboBox(self)
        for kind in AdjustmentKind:
            self.kind.addItem(kind.label.capitalize(), kind.value)
        self.start = QDateEdit(qdate(date.today()), self)
        self.end_check = QCheckBox("Ends on", self)
        self.end = QDateEdit(qdate(date.today() + timedelta(days=182)), self)
        self.review_check = QCheckBox("Review on", self)
        self.review = QDateEdit(qdate(date.today() + timedelta(days=182)), self)
        self.review_check.setChecked(True)
        for edit in (self.start, self.end, self.review):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("ddd d MMM yyyy")
        self.end.setEnabled(False)
        self.end_check.toggled.connect(self.end.setEnabled)
        self.review_check.toggled.connect(self.review.setEnabled)
        self.share = QLineEdit("40%", self)
        self.share.setAccessibleName("Office share")
        self.share.setToolTip("The office share agreed, e.g. 40% or 0.4")
        self.days: list[QCheckBox] = [QCheckBox(name, self) for name in WEEKDAY_NAMES]
        days_row = QHBoxLayout()
        for box in self.days:
            days_row.addWidget(box)
        self.reference = QLineEdit(self)
        self.reference.setPlaceholderText("e.g. RA-0142")
        self.approver = QLineEdit(self)
        self.approver.setPlaceholderText("who agreed it (role or name)")
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
        form.addRow("Office s&hare:", self.share)
        form.addRow("Fixed home days:", days_row)
        form.addRow("&Reference:", self.reference)
        form.addRow("&Approved by:", self.approver)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def _kind_changed(self) -> None:
        kind = AdjustmentKind(self.kind.currentData())
        self.share.setEnabled(kind is AdjustmentKind.REDUCED_SHARE)
        for box in self.days:
            box.setEnabled(kind is AdjustmentKind.FIXED_HOME_DAYS)

    def load(self, adjustment: Adjustment) -> None:
        self.kind.setCurrentIndex(self.kind.findData(adjustment.kind.value))
        self.start.setDate(qdate(adjustment.start))
        self.end_check.setChecked(adjustment.end is not None)
        if adjustment.end:
            self.end.setDate(qdate(adjustment.end))
        self.review_check.setChecked(adjustment.review_date is not None)
        if adjustment.review_date:
            self.review.setDate(qdate(adjustment.review_date))
        if adjustment.share is not None:
            self.share.setText(share_text(adjustment.share))
        for number, box in enumerate(self.days):
            box.setChecked(number in adjustment.weekdays)
        self.reference.setText(adjustment.reference)
        self.approver.setText(adjustment.approver)

    def adjustment(self, staff_id: str) -> Adjustment:
        """The arrangement described; ValueError with a readable reason if it is incomplete."""
        kind = AdjustmentKind(self.kind.currentData())
        share = parse_share(self.share.text()) if kind is AdjustmentKind.REDUCED_SHARE else None
        weekdays = frozenset(i for i, box in enumerate(self.days) if box.isChecked()) \
            if kind is AdjustmentKind.FIXED_HOME_DAYS else frozenset()
        adjustment = Adjustment(
            staff_id=staff_id, kind=kind, start=pydate(self.start.date()),
            end=pydate(self.end.date()) if self.end_check.isChecked() else None,
            review_date=pydate(self.review.date()) if self.review_check.isChecked() else None,
            share=share, weekdays=weekdays, reference=self.reference.text().strip(),
            approver=self.approver.text().strip(),
        )
        breaches = adjustment_breaches(adjustment)
        if breaches:
            text = "; ".join(map(str, breaches))
            raise ValueError(text[:1].upper() + text[1:])
        return adjustment


class AdjustmentsDialog(QDialog):
    """A person's arrangements: a list, the form for the chosen one, saved all together."""

    def __init__(self, document: TeamDocument, person: Person,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.person = person
        self.setWindowTitle(f"Arrangements — {person.name}")
        self.adjustments = list(document.adjustments_of(person.staff_id))
        reminder = QLabel(f"<b>Privacy:</b> {PRIVACY_REMINDER}", self)
        reminder.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Arrangements")
        self.form = AdjustmentForm(self)
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

    def _fill(self) -> None:
        self.list.clear()
        for adjustment in self.adjustments:
            self.list.addItem(describe(adjustment))
            self.list.item(self.list.count() - 1).setToolTip(describe(adjustment))

    def _show(self, row: int) -> None:
        if 0 <= row < len(self.adjustments):
            self.form.load(self.adjustments[row])

    def _read(self) -> Adjustment | None:
        try:
            adjustment = self.form.adjustment(self.person.staff_id)
        except ValueError as error:
            self.error.setText(str(error))
            return None
        self.error.clear()
        return adjustment

    def add_from_form(self) -> None:
        adjustment = self._read()
        if adjustment is not None:
            self.adjustments.append(adjustment)
            self._fill()
            self.list.setCurrentRow(len(self.adjustments) - 1)

    def update_from_form(self) -> None:
        row = self.list.currentRow()
        adjustment = self._read()
        if adjustment is not None and 0 <= row < len(self.adjustments):
            self.adjustments[row] = adjustment
            self._fill()
            self.list.setCurrentRow(row)

    def remove_current(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.adjustments):
            del self.adjustments[row]
            self._fill()

    def save(self) -> None:
        try:
            self.document.replace_adjustments(self.person.staff_id, self.adjustments)
        except WriteRefusedError:
            return
        self.accept()


class ReviewsDialog(QDialog):
    """Arrangements whose review is overdue or due within the next two months."""

    def __init__(self, document: TeamDocument, today: date | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Reviews of arrangements")
        self.resize(760, 360)
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
