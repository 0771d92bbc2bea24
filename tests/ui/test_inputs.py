"""Date boxes read dates as people type them: day first, whole years, a day of the month."""

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QVBoxLayout

from deskplan.ui.inputs import DateBox, FormError, read_date
from tests.ui.conftest import activate

APRIL_FIRST = date(2025, 4, 1)


@pytest.mark.parametrize("text", ["01/04/2025", "1/4/2025", "1 Apr 2025", "1 April 2025",
                                  "2025-04-01", "Tue 1 Apr 2025", " 1.4.2025 "])
def test_the_ways_people_write_a_date_are_read_day_first(text):
    assert read_date(text, date(2030, 1, 1)) == APRIL_FIRST


@pytest.mark.parametrize("text", ["1/4/25", "01-04-25", "1 Apr 25"])
def test_a_two_digit_year_is_refused_with_a_reason_never_guessed(text):
    with pytest.raises(FormError, match="year in full"):
        read_date(text, APRIL_FIRST)


def test_a_bare_day_is_that_day_of_the_month_shown():
    assert read_date("28", APRIL_FIRST) == date(2025, 4, 28)
    with pytest.raises(FormError, match="April 2025 has no day 31"):
        read_date("31", APRIL_FIRST)


def test_text_that_is_no_date_is_refused():
    for text in ("", "soon", "31/02/2025", "4/31/2025"):
        with pytest.raises(FormError):
            read_date(text, APRIL_FIRST)


def box_in_dialog(qtbot, value=APRIL_FIRST):
    dialog = QDialog()
    qtbot.addWidget(dialog)
    box = DateBox(value, dialog, name="Starts on")
    layout = QVBoxLayout(dialog)
    layout.addWidget(box)
    layout.addWidget(QLineEdit(dialog))  # somewhere for Tab to go
    activate(qtbot, dialog)
    box.edit.setFocus()
    assert QApplication.focusWidget() is box.edit
    return dialog, box


def retype(qtbot, box, text):
    box.edit.selectAll()
    qtbot.keyClicks(box.edit, text)
    qtbot.keyClick(box.edit, Qt.Key.Key_Return)


@pytest.mark.parametrize("text", ["01/04/2025", "1/4/2025", "1 Apr 2025"])
def test_typing_a_whole_date_sets_it(qtbot, text):
    _dialog, box = box_in_dialog(qtbot, date(2024, 12, 24))
    with qtbot.waitSignal(box.dateChanged) as changed:
        retype(qtbot, box, text)
    assert changed.args == [APRIL_FIRST]
    assert box.date() == APRIL_FIRST
    assert box.text() == "Tue 1 Apr 2025"
    assert box.problem() is None


def test_typing_28_over_the_day_gives_the_28th(qtbot):
    _dialog, box = box_in_dialog(qtbot)
    assert box.text() == "Tue 1 Apr 2025"
    box.edit.setSelection(4, 1)  # the "1" of the day, as a double-click selects it
    qtbot.keyClicks(box.edit, "28")
    qtbot.keyClick(box.edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not box.edit  # a real focus-out, as a user's Tab
    assert box.date() == date(2025, 4, 28)
    assert box.text() == "Mon 28 Apr 2025"


def test_a_refused_date_keeps_the_text_says_why_and_does_not_close_the_dialog(qtbot):
    dialog, box = box_in_dialog(qtbot)
    with qtbot.waitSignal(box.refused) as refused:
        retype(qtbot, box, "1/4/25")
    assert "year in full" in refused.args[0]
    assert dialog.isVisible()  # Enter did not accept the dialog
    assert box.text() == "1/4/25"
    assert box.date() == APRIL_FIRST
    assert "year in full" in (box.problem() or "")
    assert "year in full" in box.edit.toolTip()
    retype(qtbot, box, "2/4/2025")
    assert box.problem() is None
    assert box.date() == date(2025, 4, 2)


def test_up_and_down_step_a_day_and_the_range_is_kept(qtbot):
    _dialog, box = box_in_dialog(qtbot)
    qtbot.keyClick(box.edit, Qt.Key.Key_Up)
    assert box.date() == date(2025, 4, 2)
    qtbot.keyClick(box.edit, Qt.Key.Key_Down)
    qtbot.keyClick(box.edit, Qt.Key.Key_Down)
    assert box.date() == date(2025, 3, 31)
    box.setDateRange(date(2025, 3, 1), date(2025, 3, 31))
    qtbot.keyClick(box.edit, Qt.Key.Key_Up)
    assert box.date() == date(2025, 3, 31)
    retype(qtbot, box, "1/5/2025")
    assert "outside the dates" in (box.problem() or "")


def test_the_calendar_picks_a_date(qtbot):
    _dialog, box = box_in_dialog(qtbot)
    qtbot.keyClick(box.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    calendar = box.calendar
    assert calendar is not None
    assert calendar.isVisible()
    assert calendar.firstDayOfWeek() == Qt.DayOfWeek.Monday
    calendar.setSelectedDate(date(2025, 4, 17))
    calendar.activated.emit(calendar.selectedDate())
    assert not calendar.isVisible()
    assert box.date() == date(2025, 4, 17)
