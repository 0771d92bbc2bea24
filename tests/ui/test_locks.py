"""Locking days from the grid: Ctrl+L and the context menu, one undo step, stored, drawn with a
padlock and said in the tooltip; Plan… keeps a locked day even when re-planning days set."""

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
