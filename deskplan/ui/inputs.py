"""Form inputs that read what people type: dates day first, and the error a form refuses with.

Qt's `QDateEdit` edits a date section by section: typing `28` into a box that shows a weekday
first changed the weekday section and landed on another date, and a whole date typed as
`1/4/2025` was not read at all. `DateBox` is a line edit whose text is read by the same
`deskplan.domain.calendar.parse_date` the files and the command line use (ISO, `01/04/2025`,
`1/4/2025`, `1 Apr 2025`; day first, as in the UK; a two-digit year is refused, never
guessed), with a calendar to pick from and Up/Down to step a day.
"""

from __future__ import annotations

import datetime as dt
import re
from datetime import timedelta

from PySide6.QtCore import QDate, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QWidget,
)

from deskplan.domain.calendar import EARLIEST_DATE, LATEST_DATE, describe_day, parse_date
from deskplan.domain.errors import DeskplanError
from deskplan.ui.status_style import ERROR_HEX

_WEEKDAY = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", re.IGNORECASE)
_SHORT_YEAR = re.compile(r"^\d{1,2}(?:[/.\-]\d{1,2}[/.\-]|\s+[a-z]{3,9}\.?,?\s+)\d{2}$",
                         re.IGNORECASE)
_DAY_ONLY = re.compile(r"^\d{1,2}$")


class FormError(DeskplanError):
    """What was typed into a form cannot be saved; the message says what to change."""


def read_date(text: str, near: dt.date) -> dt.date:
    """The date `text` names, as a person types it; FormError saying why when it names none.

    A leading weekday (`Tue 1 Apr 2025`, the box's own display) is ignored: the date decides
    the weekday. A bare day number is that day of the month `near` is in, so typing `28` over
    the day of `Tue 1 Apr 2025` gives 28 April.
    """
    value = _WEEKDAY.sub("", text.strip())
    if not value:
        raise FormError("type a date, e.g. 01/04/2025 or 1 Apr 2025")
    if _SHORT_YEAR.match(value):
        raise FormError(f"{text.strip()!r}: write the year in full (e.g. 2025); a two-digit "
                        "year is not guessed")
    if _DAY_ONLY.match(value):
        try:
            return near.replace(day=int(value))
        except ValueError:
            raise FormError(f"{near:%B %Y} has no day {int(value)}") from None
    try:
        return parse_date(value)
    except ValueError as error:
        raise FormError(str(error)) from None


class DateBox(QWidget):
    """A date the user types (day first) or picks from a calendar; always holds a valid date.

    Text that names no date is refused when the user leaves the box or presses Enter: the
    box keeps the text so it can be corrected, marks itself with a red frame and the reason
    in its tooltip, emits `refused`, and `problem()` says why until it is fixed (forms check
    it before saving, so a mistyped date is never saved as the date shown before).
    """

    #: date: the date changed (typed, picked, stepped or set).
    dateChanged = Signal(object)
    #: str: the text typed is not a date; why.
    refused = Signal(str)

    def __init__(self, value: dt.date | None = None, parent: QWidget | None = None, *,
                 name: str = "") -> None:
        super().__init__(parent)
        self._date = value or dt.date.today()
        self._first, self._last = EARLIEST_DATE, LATEST_DATE
        self._problem: str | None = None
        self.edit = _DateLine(self)
        self.edit.setPlaceholderText("e.g. 01/04/2025")
        self.edit.editingFinished.connect(self._read)
        self.button = QToolButton(self)
        self.button.setText("▾")
        self.button.setToolTip("Pick from a calendar (Alt+↓)")
        self.button.setAccessibleName("Pick from a calendar")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.clicked.connect(self.show_calendar)
        self.calendar: QCalendarWidget | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.edit)
        if name:
            self.setAccessibleName(name)
        self._show()

    # --- the value ----------------------------------------------------------------------------
    def date(self) -> dt.date:
        return self._date

    def setDate(self, value: dt.date | QDate) -> None:
        day = value.toPython() if isinstance(value, QDate) else value
        assert isinstance(day, dt.date)
        day = min(max(day, self._first), self._last)
        self._problem = None
        changed = day != self._date
        self._date = day
        self._show()
        if changed:
            self.dateChanged.emit(day)

    def setDateRange(self, first: dt.date, last: dt.date) -> None:
        self._first, self._last = first, last
        if not first <= self._date <= last:
            self.setDate(self._date)

    def minimumDate(self) -> dt.date:
        return self._first

    def maximumDate(self) -> dt.date:
        return self._last

    def problem(self) -> str | None:
        """Why the text in the box is not a date (None when it is the date shown)."""
        self._read()
        return self._problem

    def setAccessibleName(self, name: str) -> None:
        """The box and its text field are both named (screen readers meet the field)."""
        super().setAccessibleName(name)
        self.edit.setAccessibleName(name)

    def text(self) -> str:
        return self.edit.text()

    # --- typing -------------------------------------------------------------------------------
    def _read(self) -> None:
        text = self.edit.text()
        if text.strip() == describe_day(self._date) and self._problem is None:
            return
        try:
            day = read_date(text, self._date)
            if not self._first <= day <= self._last:
                raise FormError(f"{describe_day(day)} is outside the dates this box takes "
                                f"({describe_day(self._first)} to {describe_day(self._last)})")
        except FormError as error:
            self._refuse(str(error))
            return
        self.setDate(day)

    def _refuse(self, message: str) -> None:
        self._problem = message[:1].upper() + message[1:]
        self.edit.setStyleSheet(f"QLineEdit {{ border: 2px solid {ERROR_HEX}; }}")
        self.edit.setToolTip(f"✖ {self._problem}")
        self.refused.emit(self._problem)

    def _show(self) -> None:
        self.edit.setText(describe_day(self._date))
        self.edit.setStyleSheet("")
        self.edit.setToolTip("Type a date day first (01/04/2025, 1/4/2025, 1 Apr 2025), or "
                             "a day of this month; ↑/↓ step a day")

    def step(self, days: int) -> None:
        self.setDate(self._date + timedelta(days=days))

    # --- the calendar -------------------------------------------------------------------------
    def show_calendar(self) -> None:
        calendar = self.calendar
        if calendar is None:
            calendar = self.calendar = QCalendarWidget(self)
            calendar.setWindowFlags(Qt.WindowType.Popup)
            calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
            calendar.setGridVisible(True)
            calendar.clicked.connect(self._picked)
            calendar.activated.connect(self._picked)
        calendar.setDateRange(_qdate(self._first), _qdate(self._last))
        calendar.setSelectedDate(_qdate(self._date))
        calendar.move(self.mapToGlobal(QPoint(0, self.height())))
        calendar.show()
        calendar.setFocus()

    def _picked(self, picked: QDate) -> None:
        if self.calendar is not None:
            self.calendar.hide()
        self.setDate(picked)
        self.edit.setFocus()


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class _DateLine(QLineEdit):
    """The box's text: Up/Down step a day, Alt+Down (or F4) opens the calendar."""

    def __init__(self, box: DateBox) -> None:
        super().__init__(box)
        self.box = box

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, alt = event.key(), event.modifiers() & Qt.KeyboardModifier.AltModifier
        if key == Qt.Key.Key_F4 or (alt and key == Qt.Key.Key_Down):
            self.box.show_calendar()
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.box.problem()  # read what is typed first, then step from it
            self.box.step(1 if key == Qt.Key.Key_Up else -1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            # A date that cannot be read keeps Enter from also pressing the dialog's default
            # button: the form stays open with the text to correct.
            if self.box.problem() is None:
                super().keyPressEvent(event)
        else:
            super().keyPressEvent(event)
