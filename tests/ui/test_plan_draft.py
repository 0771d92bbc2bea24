"""The planner's draft in the main grid: its cells drawn and marked (not by colour alone), the
counts the engine's verdict on the plan with the draft, a bar to Accept (one undo step, saved)
or Discard (nothing saved), reachable from the keyboard; edits wait until it is settled."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from deskplan.domain.conflicts import Severity
from deskplan.domain.model import Cell, Status
from deskplan.ui.document import RotaDraft
from deskplan.ui.store import copy_plan
from tests.ui.conftest import activate, settle


def _draft(window, count: int = 6) -> RotaDraft:
    """Working days shown, each set to another status than the saved one (Office unless it
    is Office already): a planner's draft without waiting for the solver."""
    model, document = window.model, window.document
    cells = []
    for row in range(len(model.people)):
        for column in range(len(model.days)):
            if model.working[row, column] and len(cells) < count:
                staff_id, day = model.people[row].staff_id, model.days[column]
                was = document.cell(staff_id, day)
                after = Cell.whole(Status.HOME if was.am is Status.OFFICE else Status.OFFICE)
                cells.append((staff_id, day, after))
    assert len(cells) == count
    return RotaDraft(tuple(cells), {(s, d): document.cell(s, d) for s, d, _ in cells},
                     summary="6 days planned; everyone meets the minimum.",
                     label="Plan the test days (6 cells)")


def _engine_counts(document, draft: RotaDraft) -> tuple[int, int]:
    """Errors and warnings the engine finds in the days shown, judging the plan with the draft
    applied (worked out here from scratch, not read from the window)."""
    plan = copy_plan(document.plan)
    for staff_id, day, cell in draft.cells:
        plan.rota.set_cell(staff_id, day, cell)
    checker = plan.checker(document.first, document.last, policy=document.policy,
                           shared=document.shared)
    found = Counter(c.severity for c in checker.conflicts)
    return found[Severity.ERROR], found[Severity.WARNING]


def test_the_grid_draws_the_draft_marked_and_counts_it_without_saving(qtbot, demo_window):
    window, document = demo_window, demo_window.document
    draft = _draft(window)
    saved_version = window.store.load_team(document.team_id)[0]
    window.show_rota_draft(draft)
    model = window.model
    rows = {p.staff_id: r for r, p in enumerate(model.people)}
    columns = {d: c for c, d in enumerate(model.days)}
    for staff_id, day, after in draft.cells:
        row, column = rows[staff_id], columns[day]
        assert model.cell(row, column) == after  # the grid draws the draft's cell
        assert (row, column) in model.drafted  # and marks it
        was = draft.before[staff_id, day]
        tip = model.data(model.index(row, column), Qt.ItemDataRole.ToolTipRole)
        assert f"planned by Plan…, was: {was.label() if was.code else '—'}" in tip
        assert document.cell(staff_id, day) == was  # the saved plan is untouched
    assert len(model.drafted) == len(draft.cells)
    # One cell chosen, the draft's first: a selection over every marked cell would hide them.
    first = min(draft.cells, key=lambda c: c[1])
    assert window.panel.view.selected_cells() == [(rows[first[0]], columns[first[1]])]
    # The counts are the engine's verdict on the plan with the draft applied.
    errors, warnings = _engine_counts(document, draft)
    assert window.dock.model.counts() == (errors, warnings)
    label = window.counts_label.text()
    assert f"{errors} error" in label
    assert f"{warnings} warning" in label
    assert "draft" in label
    bar = window.draft_bar
    assert bar.isVisible()
    text = bar.label.text()
    assert "6 days planned; everyone meets the minimum." in text
    assert "not saved" in text
    assert f"{errors} error" in text
    # Nothing reached the database, and no undo step was made.
    assert window.store.load_team(document.team_id)[0] == saved_version
    assert window.undo_stack.count() == 0
    # An edit while the draft is shown is refused with a reason, not mixed into it.
    view = window.panel.view
    view.select_cells([(rows[draft.cells[0][0]], columns[draft.cells[0][1]])])
    view.set_selected(Status.SICK)
    settle(qtbot, window)
    assert window.undo_stack.count() == 0
    assert "accept or discard it first" in window.statusBar().currentMessage()
    QApplication.processEvents()  # the bar lays out its new text before the picture
    window.grab().save("/tmp/window_plan_draft.png")


def test_accept_from_the_keyboard_saves_the_draft_as_one_undo_step(qtbot, demo_window):
    window, document = demo_window, demo_window.document
    draft = _draft(window)
    window.show_rota_draft(draft)
    activate(qtbot, window)
    window.focus_grid()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    settle(qtbot, window)
    assert document.rota_draft is None
    assert not window.draft_bar.isVisible()
    assert window.model.drafted == {}
    assert window.undo_stack.count() == 1
    assert window.undo_stack.undoText() == draft.label
    _, stored = window.store.load_team(document.team_id)  # saved, as read back
    for staff_id, day, after in draft.cells:
        assert stored.rota.cell(staff_id, day) == after
        assert document.cell(staff_id, day) == after
    window.undo_stack.undo()  # the whole draft, in one step
    settle(qtbot, window)
    _, stored = window.store.load_team(document.team_id)
    for staff_id, day, _ in draft.cells:
        assert stored.rota.cell(staff_id, day) == draft.before[staff_id, day]


def test_discard_drops_the_draft_and_saves_nothing(qtbot, demo_window):
    window, document = demo_window, demo_window.document
    draft = _draft(window)
    version = window.store.load_team(document.team_id)[0]
    window.show_rota_draft(draft)
    activate(qtbot, window)
    # The bar's buttons are on the keyboard's way (Tab order before the grid).
    window.draft_bar.discard_button.setFocus()
    qtbot.keyClick(window.draft_bar.discard_button, Qt.Key.Key_Space)
    settle(qtbot, window)
    assert document.rota_draft is None
    assert not window.draft_bar.isVisible()
    assert window.undo_stack.count() == 0
    assert window.store.load_team(document.team_id)[0] == version
    model = window.model
    rows = {p.staff_id: r for r, p in enumerate(model.people)}
    columns = {d: c for c, d in enumerate(model.days)}
    for staff_id, day, _ in draft.cells:
        assert model.cell(rows[staff_id], columns[day]) == draft.before[staff_id, day]
    assert "draft" not in window.counts_label.text()
    # The shortcut does the same.
    window.show_rota_draft(draft)
    assert window.discard_draft_action.shortcut().toString() == "Ctrl+Shift+Backspace"
    window.discard_draft_action.trigger()
    assert document.rota_draft is None


def test_a_draft_stays_shown_across_periods_and_is_counted_in_each(qtbot, demo_window):
    window, document = demo_window, demo_window.document
    draft = _draft(window)
    window.show_rota_draft(draft)
    window.step_period(1)
    window.step_period(-1)
    assert document.rota_draft is draft
    assert len(window.model.drafted) == len(draft.cells)
    assert window.dock.model.counts() == _engine_counts(document, draft)
