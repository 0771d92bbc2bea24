"""Choosing a conflict, then typing, edits the conflict's cells: never anyone else's.

These drive focus as a user does (a click in the Conflicts panel, arrow keys there, then keys
typed wherever the keyboard is), not keys sent straight to the grid.
"""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from deskplan.domain.conflicts import RuleId
from deskplan.domain.model import Status
from tests.ui.conftest import activate, settle
from tests.ui.test_walkthrough import click_conflict


def breach_two_mondays(qtbot, window) -> tuple[str, list[date]]:
    """Plan CR005 (fixed home days Mon and Fri) in the office on two Mondays shown."""
    mondays = [d for d in window.model.days if d.weekday() == 0][:2]
    row = window.model.row_of("CR005")
    assert all(window.model.working[row, window.model.column_of(d)] for d in mondays)
    window.apply_changes([("CR005", d, Status.OFFICE) for d in mondays])
    settle(qtbot, window)
    return "CR005", mondays


def breaches(window):
    return [c for c in window.dock.model.conflicts if c.rule is RuleId.ADJUSTMENT_BREACHED]


def selected(view):
    return {(i.row(), i.column()) for i in view.selectionModel().selectedIndexes()}


def test_a_click_on_a_conflict_selects_its_cells_and_hands_the_keyboard_to_the_grid(
        qtbot, demo_window):
    window = demo_window
    staff_id, mondays = breach_two_mondays(qtbot, window)
    first, second = breaches(window)
    activate(qtbot, window)
    click_conflict(qtbot, window, first)
    view = window.panel.view
    cell = (window.model.row_of(staff_id), window.model.column_of(first.start))
    assert QApplication.focusWidget() is view
    assert selected(view) == {cell}
    before = {(p.staff_id, d): window.document.cell(p.staff_id, d)
              for p in window.model.people for d in window.model.days}
    qtbot.keyClick(QApplication.focusWidget(), "H")
    settle(qtbot, window)
    # The conflict is solved and the selection stays where the user was: the list moved on
    # to the next conflict, but the grid did not follow it.
    assert breaches(window) == [second]
    assert selected(view) == {cell}
    assert view.currentIndex().row() == cell[0]
    assert view.currentIndex().column() == cell[1]
    # The next key changes the same day again, nobody else's.
    qtbot.keyClick(QApplication.focusWidget(), "L")
    settle(qtbot, window)
    changed = {key for key, cell in before.items() if window.document.cell(*key) != cell}
    assert changed == {(staff_id, first.start)}
    assert window.document.cell(staff_id, first.start).status is Status.LEAVE
    assert window.document.cell(staff_id, mondays[1]).status is Status.OFFICE


def test_arrow_keys_choose_a_conflict_and_a_letter_typed_there_fixes_it(qtbot, demo_window):
    window = demo_window
    staff_id, mondays = breach_two_mondays(qtbot, window)
    dock, view = window.dock, window.panel.view
    dock.severity_box.setCurrentIndex(dock.severity_box.findText("Errors"))
    dock.rule_box.setCurrentIndex(dock.rule_box.findData(RuleId.ADJUSTMENT_BREACHED.value))
    activate(qtbot, window)
    dock.list.setFocus(Qt.FocusReason.TabFocusReason)
    assert QApplication.focusWidget() is dock.list
    qtbot.keyClick(dock.list, Qt.Key.Key_Down)  # the first conflict becomes current
    qtbot.keyClick(dock.list, Qt.Key.Key_Down)  # and the second
    row = window.model.row_of(staff_id)
    assert selected(view) == {(row, window.model.column_of(mondays[1]))}
    assert QApplication.focusWidget() is dock.list  # the arrows still read the list
    qtbot.keyClick(QApplication.focusWidget(), "H")
    settle(qtbot, demo_window)
    assert window.document.cell(staff_id, mondays[1]).status is Status.HOME
    assert window.document.cell(staff_id, mondays[0]).status is Status.OFFICE
    assert QApplication.focusWidget() is view  # typing an edit hands the keyboard over
    assert selected(view) == {(row, window.model.column_of(mondays[1]))}


def test_next_conflict_after_a_fix_goes_to_the_one_that_took_its_place(qtbot, demo_window):
    window = demo_window
    staff_id, _mondays = breach_two_mondays(qtbot, window)
    dock, view = window.dock, window.panel.view
    dock.rule_box.setCurrentIndex(dock.rule_box.findData(RuleId.ADJUSTMENT_BREACHED.value))
    activate(qtbot, window)
    first, second = breaches(window)
    click_conflict(qtbot, window, first)
    qtbot.keyClick(QApplication.focusWidget(), "H")
    settle(qtbot, demo_window)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F8)
    settle(qtbot, demo_window)
    row = window.model.row_of(staff_id)
    assert selected(view) == {(row, window.model.column_of(second.start))}
