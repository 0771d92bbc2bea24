"""The main grid shows the plan, what actually happened, or the differences (View menu, the
toolbar's chooser, Alt+1/2/3). In the actual views the counts and the Conflicts panel are the
engine's verdict on what happened (as `deskplan check --actuals` gives it), days not recorded
say so, a difference is marked ≠; an edit there records what happened, as one undo step saved
on the database worker like a plan edit, and never changes the plan."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from deskplan.domain.actuals import ACTUAL, DIFFERENCES, PLAN
from deskplan.domain.conflicts import Severity
from deskplan.domain.model import Cell, Status
from deskplan.storage.operations import SetActuals
from tests.ui.conftest import activate, settle, working_cells


def _record(qtbot, window, row: int, columns: list[int], cell: Cell) -> list:
    model = window.model
    changes = [(model.people[row].staff_id, model.days[c], cell) for c in columns]
    window.document.perform(SetActuals.of(changes))
    settle(qtbot, window)
    return changes


def _judged(window) -> tuple[int, int]:
    """What `deskplan check --actuals` counts: the same checker, given what happened as its
    rota (commands/check.py), over the days shown."""
    document = window.document
    plan = replace(document.plan, rota=window.store.load_actuals(document.team_id))
    found = Counter(c.severity for c in plan.checker(document.first, document.last).conflicts)
    return found[Severity.ERROR], found[Severity.WARNING]


def test_the_switch_is_in_the_toolbar_and_the_view_menu_with_keys(demo_window):
    window = demo_window
    assert [window.layer_box.itemText(i) for i in range(3)] == ["Plan", "Actual",
                                                                "Differences"]
    keys = {layer: action.shortcut().toString()
            for layer, action in window.layer_actions.items()}
    assert keys == {PLAN: "Alt+1", ACTUAL: "Alt+2", DIFFERENCES: "Alt+3"}
    assert all(a in window.view_menu.actions() for a in window.layer_actions.values())


def test_the_actual_view_draws_and_judges_what_happened(qtbot, demo_window):
    window = demo_window
    document = window.document
    window.today = document.last  # the month shown has happened
    row = 0
    columns = working_cells(window, row)
    recorded = _record(qtbot, window, row, columns[:3], Cell.whole(Status.HOME))
    activate(qtbot, window)
    window.focus_grid()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert document.layer == ACTUAL
    assert window.layer_box.currentText() == "Actual"
    model = window.model
    for _, day, cell in recorded:
        assert model.cell(row, model.column_of(day)) == cell
    unrecorded = columns[3]
    assert model.cell(row, unrecorded) == Cell()
    tip = model.data(model.index(row, unrecorded), Qt.ItemDataRole.ToolTipRole)
    assert "not recorded" in tip
    assert "planned: " in tip
    # The counts are the engine's verdict on the actuals, as the command line gives it.
    errors, warnings = _judged(window)
    assert window.dock.model.counts() == (errors, warnings)
    assert window.counts_label.text().startswith(f"as it happened: {errors} error")
    assert "Not recorded" in window.legend.accessibleDescription()
    window.dock.list.doItemsLayout()  # (laid out on a timer; the picture is taken now)
    QApplication.processEvents()
    window.grab().save("/tmp/window_actual_view.png")
    window.set_layer(PLAN)
    assert "Not planned" in window.legend.accessibleDescription()
    planned = {(s, d): document.cell(s, d) for s, d, _ in recorded}
    for (_, day), cell in planned.items():
        assert model.cell(row, model.column_of(day)) == cell  # the plan, untouched


def test_an_edit_in_the_actual_view_records_what_happened_as_one_saved_step(qtbot,
                                                                            demo_window):
    window = demo_window
    document = window.document
    window.today = document.first + timedelta(days=9)
    window.set_layer(ACTUAL)
    model, view = window.model, window.panel.view
    row = 0
    past = [c for c in working_cells(window, row) if model.days[c] <= window.today][:2]
    later = [c for c in working_cells(window, row) if model.days[c] > window.today][:1]
    staff_id = model.people[row].staff_id
    plan_before = {c: document.cell(staff_id, model.days[c]) for c in past + later}
    version = window.store.load_team(document.team_id)[0]
    activate(qtbot, window)
    view.select_cells([(row, c) for c in past])
    window.focus_grid()
    qtbot.keyClick(QApplication.focusWidget(), "S")  # sick, both days
    assert document.busy or window.undo_stack.count() == 1  # saved off the GUI thread
    settle(qtbot, window)
    assert window.undo_stack.count() == 1
    stored = window.store.load_actuals(document.team_id)
    assert all(stored.cell(staff_id, model.days[c]) == Cell.whole(Status.SICK) for c in past)
    assert window.store.load_team(document.team_id)[0] == version + 1
    assert all(document.cell(staff_id, model.days[c]) == plan_before[c] for c in past)
    assert all(model.cell(row, c) == Cell.whole(Status.SICK) for c in past)
    # A day still to come cannot be recorded.
    view.select_cells([(row, c) for c in later])
    view.set_selected(Status.OFFICE)
    settle(qtbot, window)
    assert window.undo_stack.count() == 1
    assert "not happened yet" in window.statusBar().currentMessage()
    window.undo_stack.undo()
    settle(qtbot, window)
    stored = window.store.load_actuals(document.team_id)
    assert all(stored.cell(staff_id, model.days[c]) == Cell() for c in past)
    assert all(model.cell(row, c) == Cell() for c in past)


def test_the_differences_view_marks_days_that_happened_otherwise(qtbot, demo_window,
                                                                 qtmodeltester):
    window = demo_window
    document = window.document
    window.today = document.last
    model = window.model
    row = next(r for r in range(len(model.people))
               if sum(document.cell(model.people[r].staff_id, model.days[c]).am is Status.OFFICE
                      for c in working_cells(window, r)) >= 2)
    staff_id = model.people[row].staff_id
    office = [c for c in working_cells(window, row)
              if document.cell(staff_id, model.days[c]) == Cell.whole(Status.OFFICE)][:2]
    _record(qtbot, window, row, [office[0]], Cell.whole(Status.OFFICE))  # as planned
    _record(qtbot, window, row, [office[1]], Cell.whole(Status.HOME))  # otherwise
    window.layer_actions[DIFFERENCES].trigger()
    assert document.layer == DIFFERENCES
    assert (row, office[1]) in model.differs
    assert (row, office[0]) not in model.differs
    tip = model.data(model.index(row, office[1]), Qt.ItemDataRole.ToolTipRole)
    assert "≠" in tip
    assert "happened: Home" in tip
    assert "planned: Office" in tip
    assert window.dock.model.counts() == _judged(window)
    qtmodeltester.check(model)
    window.dock.list.doItemsLayout()  # (laid out on a timer; the picture is taken now)
    QApplication.processEvents()
    window.grab().save("/tmp/window_differences_view.png")
