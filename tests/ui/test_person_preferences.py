"""Standing preferences in the People editor: ticked in the person form, saved with the
person, shown again when the form reopens, refused when a day is ticked twice, and handed to
Plan…, which weighs them."""

from __future__ import annotations

from deskplan.planning.preferences import Preference
from deskplan.ui.people_dialog import person_form
from tests.ui.conftest import settle


def _tick(form, field: str, days: set[int]) -> None:
    for number, box in enumerate(form.preference_boxes[field]):
        box.setChecked(number in days)


def test_preferences_are_saved_with_the_person_and_reach_the_planner(qtbot, demo_window):
    document = demo_window.document
    person = document.plan.people[0]
    assert document.preferences() == {}  # a new team: nobody has one
    form = person_form(document, person, demo_window)
    qtbot.addWidget(form)
    assert not any(box.isChecked() for boxes in form.preference_boxes.values()
                   for box in boxes)
    _tick(form, "office_days", {1, 3})
    _tick(form, "unavailable_days", {0})
    version = document.version
    form._accept()  # saved with the person, as one undo step, on the database worker
    settle(qtbot, demo_window)
    assert form.result_preference == Preference(person.staff_id, office_days=frozenset({1, 3}),
                                                unavailable_days=frozenset({0}))
    assert document.version > version
    assert document.preferences() == {person.staff_id: form.result_preference}
    again = person_form(document, person, demo_window)
    qtbot.addWidget(again)
    assert [b.isChecked() for b in again.preference_boxes["office_days"]][:5] == \
        [False, True, False, True, False]
    dialog = demo_window.plan_dialog()
    qtbot.addWidget(dialog)
    assert dialog.request().preferences == {person.staff_id: form.result_preference}
    assert "1 person's preferences, as recorded in the People editor" in \
        dialog.preferences_label.text()


def test_a_day_ticked_twice_is_refused_and_nothing_is_saved(qtbot, demo_window):
    document = demo_window.document
    person = document.plan.people[1]
    form = person_form(document, person, demo_window)
    qtbot.addWidget(form)
    _tick(form, "office_days", {2})
    _tick(form, "home_days", {2})
    form._accept()
    assert form.result() != form.DialogCode.Accepted
    assert "Wed cannot be both an office day" in form.error.text()
    assert document.preferences() == {}


def test_unchanged_preferences_cost_no_save(qtbot, demo_window):
    document = demo_window.document
    person = document.plan.people[2]
    form = person_form(document, person, demo_window)
    qtbot.addWidget(form)
    form._accept()
    settle(qtbot, demo_window)
    assert document.preferences() == {}


def test_a_preference_change_is_undone_with_the_person_edit(qtbot, demo_window):
    document = demo_window.document
    person = document.plan.people[3]
    form = person_form(document, person, demo_window)
    qtbot.addWidget(form)
    _tick(form, "home_days", {4})
    form._accept()
    settle(qtbot, demo_window)
    assert person.staff_id in document.preferences()
    demo_window.undo_action.trigger()
    settle(qtbot, demo_window)
    assert document.preferences() == {}
