"""Plan… in the window: Ctrl+Shift+P and the toolbar open it, the search runs off the GUI
thread, the draft is listed and judged by the engine, shown in the grid until accepted (one
undo step) or discarded (nothing changes), Stop keeps the best plan so far."""

from __future__ import annotations

import threading
from datetime import timedelta

from PySide6.QtGui import QKeySequence

from deskplan.domain.conflicts import Severity
from deskplan.domain.model import Cell, Status
from deskplan.ui.plan_dialog import next_unplanned_weeks
from tests.ui.conftest import settle


def _dialog(qtbot, window, weeks: int = 2):
    dialog = window.plan_dialog()
    qtbot.addWidget(dialog)
    first = dialog.from_box.date()
    dialog.to_box.setDate(first + timedelta(weeks=weeks, days=-1))
    dialog.everyone_button.setChecked(True)
    return dialog


def _planned(qtbot, dialog):
    job = dialog.start()
    assert job is not None
    assert job.worker.name == "deskplan-plan"
    assert job.worker is not threading.current_thread()
    assert dialog.stop_button.isEnabled()
    assert not dialog.plan_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.job is None, timeout=120_000)
    result = dialog.result_plan
    assert result is not None
    return result


def test_the_action_has_its_shortcut_and_a_toolbar_button(demo_window):
    action = demo_window.plan_action
    assert action.shortcut() == QKeySequence("Ctrl+Shift+P")
    assert action in demo_window.toolbar.actions()
    assert action.isEnabled()


def test_the_default_range_starts_at_the_first_week_with_a_day_to_plan(demo_window):
    plan = demo_window.document.plan
    first, last = next_unplanned_weeks(plan, demo_window.today)
    assert first.weekday() == 0
    assert last == first + timedelta(weeks=4, days=-1)
    assert first >= demo_window.today - timedelta(days=demo_window.today.weekday())


def test_a_draft_accepted_is_one_undo_step_and_the_engine_finds_no_error(qtbot, demo_window):
    dialog = _dialog(qtbot, demo_window)
    result = _planned(qtbot, dialog)
    assert result.outcome.meets_rules, result.summary()
    assert result.errors == []
    assert result.changes
    assert dialog.changes_list.count() == len(result.changes)
    assert dialog.accept_button.isEnabled()
    assert result.summary().split(";")[0] in dialog.report.toPlainText()
    document = demo_window.document
    before = {(c.staff_id, c.day): document.cell(c.staff_id, c.day) for c in result.changes}
    assert all(cell == c.before for c, cell in zip(result.changes, before.values(),
                                                   strict=True))
    steps = demo_window.undo_stack.count()
    demo_window.apply_plan(dialog)  # shown in the grid as a draft: nothing saved yet
    settle(qtbot, demo_window)
    assert demo_window.undo_stack.count() == steps
    assert demo_window.document.rota_draft is not None
    assert all(document.cell(c.staff_id, c.day) == c.before for c in result.changes)
    demo_window.accept_draft()
    settle(qtbot, demo_window)  # saved on the database worker
    assert demo_window.document.rota_draft is None
    assert demo_window.undo_stack.count() == steps + 1
    assert demo_window.undo_stack.undoText().startswith("Plan ")
    for change in result.changes:
        assert document.cell(change.staff_id, change.day) == change.after
    # The grid shows the first planned day and selects the cells the plan set.
    model = demo_window.model
    shown = {(model.people[r].staff_id, model.days[c])
             for r, c in demo_window.panel.view.selected_cells()}
    assert shown
    assert shown <= {(c.staff_id, c.day) for c in result.changes}
    # The window's own checker agrees: no error about anyone planned in the range.
    judged = document.plan.checker(result.request.first, result.request.last)
    assert not [c for c in judged.conflicts if c.severity is Severity.ERROR
                and c.day is not None and result.request.first <= c.day
                <= result.request.last]
    demo_window.undo_stack.undo()
    settle(qtbot, demo_window)  # saved on the database worker
    for (staff_id, day), cell in before.items():
        assert document.cell(staff_id, day) == cell


def test_discard_drops_the_draft_and_changes_nothing(qtbot, demo_window):
    dialog = _dialog(qtbot, demo_window, weeks=1)
    result = _planned(qtbot, dialog)
    assert result.changes
    dialog.discard()
    assert dialog.changes() == []
    assert not dialog.accept_button.isEnabled()
    assert dialog.changes_list.count() == 0
    steps = demo_window.undo_stack.count()
    demo_window.apply_plan(dialog)
    settle(qtbot, demo_window)  # saved on the database worker
    assert demo_window.undo_stack.count() == steps
    change = result.changes[0]
    assert demo_window.document.cell(change.staff_id, change.day) == change.before


def test_only_the_selected_people_are_planned(qtbot, demo_window):
    view = demo_window.panel.view
    model = demo_window.model
    view.setCurrentIndex(model.index(0, 0))
    dialog = demo_window.plan_dialog()
    qtbot.addWidget(dialog)
    assert dialog.selected_button.isChecked()
    assert dialog.selected == (model.people[0].staff_id,)
    result = _planned(qtbot, dialog)
    assert {c.staff_id for c in result.changes} <= {model.people[0].staff_id}


def test_stop_returns_what_was_found_and_the_dialog_stays_usable(qtbot, demo_window):
    dialog = _dialog(qtbot, demo_window, weeks=8)
    dialog.time_box.setValue(600)
    job = dialog.start()
    assert job is not None
    dialog.stop()
    qtbot.waitUntil(lambda: dialog.job is None, timeout=120_000)
    result = dialog.result_plan
    assert result is not None
    assert result.stopped
    assert "stopped" in dialog.progress_label.text().lower()
    assert dialog.plan_button.isEnabled()
    assert not dialog.stop_button.isEnabled()
    # A stopped draft is still only a draft: nothing is in the rota until it is accepted.
    for change in result.changes:
        assert demo_window.document.cell(change.staff_id, change.day) == change.before
    assert all(isinstance(c.after, Cell) for c in result.changes)


def test_team_days_ticked_bring_more_people_in_on_those_days(qtbot, demo_window):
    def office_on_wednesday(result) -> int:
        return sum(c.after.am is Status.OFFICE for c in result.changes if c.day.weekday() == 2)

    dialog = _dialog(qtbot, demo_window, weeks=2)
    without = _planned(qtbot, dialog)
    dialog.team_day_boxes[2].setChecked(True)  # Wednesday
    assert dialog.request().team_days == frozenset({2})
    with_team_day = _planned(qtbot, dialog)
    assert with_team_day.outcome.meets_rules
    assert office_on_wednesday(with_team_day) > office_on_wednesday(without)
    # Whoever is still at home on a team day is named in the summary.
    at_home = {c.staff_id for c in with_team_day.changes
               if c.day.weekday() == 2 and c.after.am is not Status.OFFICE}
    named = " ".join(line for line in with_team_day.unmet_preferences
                     if "at home on a team day" in line)
    assert all(with_team_day.names[s] in named for s in at_home)


def test_preferences_read_from_a_file_are_weighed_and_a_bad_file_changes_nothing(
        qtbot, demo_window, tmp_path):
    dialog = _dialog(qtbot, demo_window, weeks=2)
    person = demo_window.document.plan.people[0]
    good = tmp_path / "preferences.csv"
    good.write_text(f"staff id,cannot come in\n{person.staff_id},Tue\n", encoding="utf-8")
    assert dialog.read_preferences_file(good)
    assert "1 person's preferences from preferences.csv" in dialog.preferences_label.text()
    assert dialog.request().preferences[person.staff_id].unavailable_days == frozenset({1})
    bad = tmp_path / "bad.csv"
    bad.write_text("staff id,cannot come in\nZ999,Tue\n", encoding="utf-8")
    assert not dialog.read_preferences_file(bad)
    label = dialog.preferences_label.text()
    assert "bad.csv was not read" in label
    assert "row 2" in label
    assert "Z999" in label
    assert person.staff_id in dialog.request().preferences  # the good file's still hold
    result = _planned(qtbot, dialog)
    tuesdays_in = [c.day for c in result.changes if c.staff_id == person.staff_id
                   and c.day.weekday() == 1 and c.after.am is Status.OFFICE]
    # Honoured where the rules allow; otherwise named in the summary.
    assert not tuesdays_in or any(person.name in line and "cannot come in" in line
                                  for line in result.unmet_preferences)
