"""People editor: a contract change from a date is a new record (earlier weeks keep theirs),
an edit corrects the current record without losing earlier ones, and a cycle the week grid
cannot show is kept."""

from datetime import timedelta

from deskplan.ui.people_dialog import PeopleDialog
from tests.ui.conftest import settle


def stored_person(window, staff_id):
    plan = window.store.load_team(window.document.team_id)[1]
    return next(p for p in plan.people if p.staff_id == staff_id)


def test_a_change_from_a_date_keeps_the_weeks_before_it(qtbot, demo_window):
    window, model = demo_window, demo_window.model
    person = next(p for p in model.people if p.pattern.seconds[:5] == p.pattern.seconds[:1] * 5
                  and len(p.pattern.seconds) == 7 and not p.has_history)
    row = model.row_of(person.staff_id)
    fridays = [d for d in model.days if d.weekday() == 4
               and model.working[row, model.column_of(d)]]
    assert len(fridays) >= 3
    change = fridays[1] - timedelta(days=4)  # the Monday of the second Friday's week
    people = PeopleDialog(window.document, window)
    qtbot.addWidget(people)
    form = people.change_form(person, change)
    qtbot.addWidget(form)
    assert form.windowTitle() == f"Change {person.name}'s contract from a date"
    assert not form.name.isEnabled()
    form.day_boxes[4].setChecked(False)  # from then on, Mon–Thu
    form._accept()
    settle(qtbot, window)
    assert not form.isVisible()
    saved = stored_person(window, person.staff_id)
    assert saved.since == change
    assert [terms.pattern for _, terms in saved.earlier] == [person.pattern]
    assert saved.pattern.seconds[4] == 0
    row = model.row_of(person.staff_id)
    assert model.working[row, model.column_of(fridays[0])]  # before the change: as it was
    assert not any(model.working[row, model.column_of(d)] for d in fridays[1:])
    label = window.undo_action.text().replace("&", "")
    assert label.startswith(f"Undo Change {person.name} from ")
    people.fill()
    listed = next(r for r in range(people.table.rowCount())
                  if people.table.item(r, 1).text() == person.staff_id)
    assert people.table.item(listed, 7).text().startswith("from ")
    window.undo_action.trigger()
    settle(qtbot, window)
    assert stored_person(window, person.staff_id) == person

    # An edit of the changed person corrects the current record and keeps the earlier one.
    window.redo_action.trigger()
    settle(qtbot, window)
    changed = window.document.person(person.staff_id)
    form = people.form(changed)
    qtbot.addWidget(form)
    assert "Records: from " in "".join(label.text() for label in form.findChildren(
        type(form.error)))
    form.location.setCurrentText("Leeds")
    form._accept()
    settle(qtbot, window)
    saved = stored_person(window, person.staff_id)
    assert saved.location == "Leeds"
    assert saved.since == change
    assert saved.earlier == changed.earlier


def test_a_roster_is_shown_as_a_team_file_writes_it_and_kept_by_an_edit(qtbot, demo_window):
    window = demo_window
    person = next(p for p in window.document.plan.people if p.pattern.roster)
    people = PeopleDialog(window.document, window)
    qtbot.addWidget(people)
    form = people.form(person)
    qtbot.addWidget(form)
    assert form.cycle_box.isChecked()
    assert form.working_days.text().startswith("cycle:")
    assert form.bank_holidays_worked.isChecked() == person.bank_holidays_worked
    form.name.setText(f"{person.name} Jr")
    form._accept()
    settle(qtbot, window)
    saved = stored_person(window, person.staff_id)
    assert saved.name == f"{person.name} Jr"
    assert saved.pattern == person.pattern
    assert saved.bank_holidays_worked == person.bank_holidays_worked


def test_a_nine_day_fortnight_is_typed_as_in_a_team_file(qtbot, demo_window):
    window = demo_window
    person = next(p for p in window.document.plan.people if len(p.pattern.seconds) == 7
                  and not p.pattern.roster)
    people = PeopleDialog(window.document, window)
    qtbot.addWidget(people)
    form = people.form(person)
    qtbot.addWidget(form)
    assert not form.cycle_box.isChecked()
    form.show()
    assert form.week_widget.isVisible()
    assert not form.working_days.isVisible()
    form.cycle_box.setChecked(True)
    assert form.working_days.isVisible()
    assert not form.week_widget.isVisible()
    form.working_days.setText("Mon-Fri | Mon-Thu")
    form.cycle_hours.setText("8")
    form.cycle_start.setDate(window.document.first - timedelta(
        days=window.document.first.weekday() + 1))  # a Sunday: refused
    form._accept()
    assert "Working pattern:" in form.error.text()
    assert "Monday" in form.error.text()
    monday = window.document.first - timedelta(days=window.document.first.weekday())
    form.cycle_start.setDate(monday)
    form._accept()
    settle(qtbot, window)
    saved = stored_person(window, person.staff_id).pattern
    assert (len(saved.seconds), saved.cycle_start) == (14, monday)
    assert [bool(s) for s in saved.seconds] == [True] * 5 + [False] * 2 + [True] * 4 + \
        [False] * 3
    again = people.form(window.document.person(person.staff_id))
    qtbot.addWidget(again)
    assert (again.working_days.text(), again.cycle_hours.text()) == (
        "Mon,Tue,Wed,Thu,Fri | Mon,Tue,Wed,Thu", "8")


def test_a_change_before_a_recorded_move_keeps_the_move(qtbot, demo_window):
    window = demo_window
    person = next(p for p in window.document.plan.people if not p.has_history
                  and p.pattern.seconds[4] and len(p.pattern.seconds) == 7)
    first = window.document.first
    move = first + timedelta(days=28)
    people = PeopleDialog(window.document, window)
    qtbot.addWidget(people)
    form = people.change_form(person, move)
    qtbot.addWidget(form)
    form.location.setCurrentText("Hendon")
    form._accept()
    settle(qtbot, window)
    moved = window.document.person(person.staff_id)
    assert moved.terms_on(move).location == "Hendon"

    # Now the hours change from a date before the move: the form says the move is kept,
    # and it is; the new days carry on past it.
    form = people.change_form(moved, first)
    qtbot.addWidget(form)
    notes = " ".join(label.text() for label in form.findChildren(type(form.error)))
    assert "Changes recorded after it are kept" in notes
    assert "Hendon" in notes
    form.day_boxes[4].setChecked(False)
    form._accept()
    settle(qtbot, window)
    saved = stored_person(window, person.staff_id)
    assert saved.terms_on(move).location == "Hendon"
    assert saved.terms_on(first).location == person.location
    assert saved.terms_on(first).pattern.seconds[4] == 0
    assert saved.terms_on(move).pattern.seconds[4] == 0
