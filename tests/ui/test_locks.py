"""Locking days from the grid: Ctrl+L and the context menu, one undo step, stored, drawn with a
padlock and said in the tooltip; Plan…, a pattern and a copied week keep a locked day (Plan…
even when re-planning days set)."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from deskplan.domain.model import Status
from deskplan.planning.planner import plan_rota
from tests.ui.conftest import activate, settle, working_cells


def test_ctrl_l_locks_the_chosen_days_as_one_stored_undo_step(qtbot, demo_window):
    window, model = demo_window, demo_window.model
    view = window.panel.view
    columns = working_cells(window, 0)[:3]
    cells = [(0, c) for c in columns]
    keys = {(model.people[0].staff_id, model.days[c]) for c in columns}
    before = {key: window.document.cell(*key) for key in keys}
    activate(qtbot, window)
    view.select_cells(cells)
    window.focus_grid()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window)
    assert window.undo_stack.count() == 1
    assert window.undo_stack.undoText() == "Lock 3 days"
    assert set(cells) <= model.locked
    assert keys <= window.document.plan.locked
    _, stored = window.store.load_team(window.document.team_id)
    assert keys <= stored.locked  # saved, as read back
    assert {key: stored.rota.cell(*key) for key in keys} == before  # the cells untouched
    tip = model.data(model.index(*cells[0]), Qt.ItemDataRole.ToolTipRole)
    assert "Locked" in tip
    window.panel.view.viewport().update()
    QApplication.processEvents()
    window.grab().save("/tmp/window_locks.png")
    # Ctrl+L on days all locked unlocks them; undo brings the lock back.
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window)
    assert not set(cells) & model.locked
    assert window.undo_stack.undoText() == "Unlock 3 days"
    window.undo_stack.undo()
    settle(qtbot, window)
    assert set(cells) <= model.locked
    _, stored = window.store.load_team(window.document.team_id)
    assert keys <= stored.locked


def test_the_lock_is_offered_in_the_grid_menus(demo_window):
    action = demo_window.panel.view.actions_by_name["lock"]
    assert action.shortcut().toString() == "Ctrl+L"
    assert action in demo_window.edit_menu.actions()
    assert "Ctrl+L" in demo_window.keyboard_help()


def test_plan_keeps_locked_days_even_when_re_planning_days_set(qtbot, demo_window):
    window, model = demo_window, demo_window.model
    document = window.document
    dialog = window.plan_dialog()
    qtbot.addWidget(dialog)
    first = dialog.from_box.date()
    last = first + timedelta(days=6)
    window.go_to(first)
    # Someone's working days of that week all set to Home; two of them locked.
    row = next(r for r in range(len(model.people))
               if len([c for c in working_cells(window, r)
                       if first <= model.days[c] <= last]) >= 4)
    staff_id = model.people[row].staff_id
    days = [model.days[c] for c in working_cells(window, row) if first <= model.days[c] <= last]
    window.apply_changes([(staff_id, d, Status.HOME) for d in days])
    settle(qtbot, window)
    locked = {(staff_id, days[0]), (staff_id, days[1])}
    window.set_locks(sorted(locked), True)
    settle(qtbot, window)
    assert locked <= document.plan.locked
    dialog = window.plan_dialog()  # from the saved plan, locks included
    qtbot.addWidget(dialog)
    dialog.from_box.setDate(first)
    dialog.to_box.setDate(last)
    dialog.selected_button.setChecked(False)
    dialog.everyone_button.setChecked(True)
    dialog.replan_box.setChecked(True)
    request = dialog.request()
    assert locked <= request.locked
    result = plan_rota(request)
    changed = {(c.staff_id, c.day): c.after for c in result.changes}
    # The person needs office days: re-planning moves their other home days in, never the
    # locked ones.
    assert any(changed.get((staff_id, d)) is not None
               and changed[staff_id, d].am is Status.OFFICE for d in days[2:])
    assert not locked & changed.keys()


def test_a_pattern_and_a_copied_week_keep_locked_days(qtbot, demo_window):
    window, model = demo_window, demo_window.model
    row = next(r for r in range(len(model.people)) if len(working_cells(window, r)) >= 12)
    staff_id = model.people[row].staff_id
    columns = working_cells(window, row)
    window.apply_changes([(staff_id, model.days[c], Status.HOME) for c in columns])
    settle(qtbot, window)
    locked_day = model.days[columns[1]]
    window.set_locks([(staff_id, locked_day)], True)
    settle(qtbot, window)
    window.panel.view.select_cells([(row, columns[0])])
    dialog = window.pattern_dialog()
    qtbot.addWidget(dialog)
    for number, box in enumerate(dialog.day_boxes):
        box.setChecked(number < 5)
    dialog.status_box.setCurrentIndex(dialog.status_box.findData(Status.OFFICE.value))
    assert "1 locked day is kept as it is." in dialog.preview.text()
    changes = dialog.changes()
    assert changes
    assert (staff_id, locked_day) not in {(s, d) for s, d, _ in changes}
    window.apply_pattern(dialog)
    settle(qtbot, window)
    assert window.document.cell(staff_id, locked_day).am is Status.HOME
    assert window.document.cell(staff_id, model.days[columns[0]]).am is Status.OFFICE
    # A copied week onto a week with a locked day: that day stays; the status bar says so.
    monday = model.days[columns[0]] - timedelta(days=model.days[columns[0]].weekday())
    target = next(model.days[c] for c in columns if model.days[c] >= monday + timedelta(weeks=1))
    window.apply_changes([(staff_id, target, Status.TRAINING)])
    settle(qtbot, window)
    window.set_locks([(staff_id, target)], True)
    settle(qtbot, window)
    window.copy_week(monday, 1)
    settle(qtbot, window)
    assert window.document.cell(staff_id, target).am is Status.TRAINING
    assert "1 locked day was kept as it was." in window.statusBar().currentMessage()
