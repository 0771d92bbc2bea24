"""People, arrangements and policy editors: each saves at once and the grid re-checks."""

import dataclasses
from datetime import date, timedelta

from PySide6.QtWidgets import QTableWidgetItem

from deskplan.domain.conflicts import RuleId
from deskplan.domain.model import AdjustmentKind, Status
from deskplan.storage.operations import SavePeople, SavePolicy
from deskplan.ui.adjustments_dialog import PRIVACY_REMINDER, AdjustmentsDialog, ReviewsDialog
from deskplan.ui.people_dialog import PeopleDialog, PersonForm
from deskplan.ui.policy_dialog import PolicyDialog
from tests.ui.conftest import save, settle


def saved_plan(window):
    return window.store.load_team(window.document.team_id)[1]


def test_adding_a_person_shows_them_in_the_grid_and_saves_them(qtbot, demo_window):
    document = demo_window.document
    people = PeopleDialog(document, demo_window)
    qtbot.addWidget(people)
    form = people.form(None)
    form.staff_id.setText("CR900")
    form.name.setText("Zed Zephyr")
    form.role.setCurrentText("Call handler")
    form.location.setCurrentText("Lambeth")
    for number, box in enumerate(form.day_boxes):
        box.setChecked(number in (0, 1, 2))
    form.hours[0].setText("9")
    form.hours[1].setText("7:30")
    form.hours[2].setText("6")
    form._accept()
    settle(qtbot, demo_window)
    assert not form.isVisible()
    row = demo_window.model.row_of("CR900")
    assert row is not None
    assert demo_window.model.people[row].pattern.seconds[:3] == (9 * 3600, 27000, 6 * 3600)
    assert "CR900" in {p.staff_id for p in saved_plan(demo_window).people}
    assert people.table.rowCount() == len(document.plan.people)


def test_the_person_form_explains_what_is_missing(qtbot, demo_window):
    form = PersonForm(None, demo_window.document.policy, [], {"CR001"}, demo_window)
    qtbot.addWidget(form)
    form.staff_id.setText("CR001")
    form.name.setText("Dup")
    form._accept()
    assert "already in this team" in form.error.text()
    form.staff_id.setText("CR777")
    form.hours[0].setText("lots")
    form._accept()
    assert form.error.text().startswith("Mon:")


def test_marking_someone_as_left_makes_later_days_days_off(qtbot, demo_window):
    model = demo_window.model
    person = model.people[0]
    last_day = model.days[10]
    people = PeopleDialog(demo_window.document, demo_window)
    qtbot.addWidget(people)
    people.leave(person, last_day)
    settle(qtbot, demo_window)
    row = model.row_of(person.staff_id)
    assert not model.working[row, 11:].any()
    stored = next(p for p in saved_plan(demo_window).people if p.staff_id == person.staff_id)
    assert stored.end_date == last_day


def test_an_exemption_clears_the_persons_minimum_conflicts(qtbot, demo_window):
    document = demo_window.document
    short = next(c for c in demo_window.dock.model.conflicts
                 if c.rule is RuleId.BELOW_MINIMUM)
    person = document.person(short.staff_id)
    dialog = AdjustmentsDialog(document, person, demo_window)
    qtbot.addWidget(dialog)
    assert PRIVACY_REMINDER in dialog.findChildren(type(dialog.error))[0].text()
    form = dialog.form
    form.kind.setCurrentIndex(form.kind.findData(AdjustmentKind.EXEMPT.value))
    form.start.setDate(document.first - timedelta(days=60))
    form.reference.setText("RA-9000")
    form.approver.setText("Head of Service")
    dialog.add_from_form()
    dialog.save()
    settle(qtbot, demo_window)
    remaining = [c for c in demo_window.dock.model.conflicts
                 if c.rule is RuleId.BELOW_MINIMUM and c.staff_id == person.staff_id]
    assert remaining == []
    stored = [a for a in saved_plan(demo_window).adjustments if a.staff_id == person.staff_id]
    assert any(a.reference == "RA-9000" and a.kind is AdjustmentKind.EXEMPT for a in stored)


def test_an_incomplete_arrangement_is_explained_not_saved(qtbot, demo_window):
    person = demo_window.model.people[0]
    dialog = AdjustmentsDialog(demo_window.document, person, demo_window)
    qtbot.addWidget(dialog)
    before = len(dialog.adjustments)
    form = dialog.form
    form.kind.setCurrentIndex(form.kind.findData(AdjustmentKind.FIXED_HOME_DAYS.value))
    dialog.add_from_form()
    assert "weekdays" in dialog.error.text()
    assert len(dialog.adjustments) == before


def test_reviews_list_overdue_and_upcoming_arrangements(qtbot, demo_window):
    dialog = ReviewsDialog(demo_window.document, date.today(), demo_window)
    qtbot.addWidget(dialog)
    whens = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
    assert any(w.startswith("overdue by 5 days") for w in whens)
    assert any(w.startswith("in 12 days") for w in whens)


def set_all_shares(dialog, text):
    table = dialog.rules.table
    for row in range(table.rowCount()):
        table.setItem(row, 2, QTableWidgetItem(text))


def test_policy_what_if_shows_more_shortfalls_without_saving(qtbot, demo_window):
    document = demo_window.document
    saved = document.plan.policy
    before = len(demo_window.dock.model.conflicts)
    dialog = PolicyDialog(document.policy, demo_window)
    qtbot.addWidget(dialog)
    set_all_shares(dialog, "100%")
    dialog._finish(PolicyDialog.TRY)
    demo_window.apply_policy_choice(dialog)
    assert len(demo_window.dock.model.conflicts) > before
    assert demo_window.what_if_bar.isVisible()
    assert demo_window.what_if_action.isChecked()
    short = document.people_short()
    assert short
    assert f"{len(short)} people fall short" in demo_window.what_if_bar.label.text()
    assert saved_plan(demo_window).policy == saved
    demo_window.what_if_bar.discard_button.click()
    assert not demo_window.what_if_bar.isVisible()
    assert not demo_window.what_if_action.isChecked()
    assert len(demo_window.dock.model.conflicts) == before
    demo_window.what_if_action.trigger()  # the toggle brings the same draft back
    assert demo_window.what_if_bar.isVisible()
    assert document.people_short() == short
    demo_window.what_if_bar.keep_button.click()
    settle(qtbot, demo_window)
    assert not demo_window.what_if_bar.isVisible()
    assert saved_plan(demo_window).policy.rules == document.plan.policy.rules != saved.rules
    assert not demo_window.what_if_action.isEnabled()


def test_saving_a_policy_rechecks_at_once(qtbot, demo_window):
    document = demo_window.document
    dialog = PolicyDialog(document.policy, demo_window)
    qtbot.addWidget(dialog)
    dialog.locations.table.setItem(0, 1, QTableWidgetItem("2"))
    dialog._finish(PolicyDialog.SAVE)
    demo_window.apply_policy_choice(dialog)
    settle(qtbot, demo_window)
    capacity = [c for c in demo_window.dock.model.conflicts if c.rule is RuleId.OVER_CAPACITY]
    assert capacity
    assert all("it has 2 desks" in c.message for c in capacity)
    assert saved_plan(demo_window).policy.locations[0].capacity == 2
    assert "(2 desks)" in demo_window.panel.footer_model.lines[0].label


def test_a_bad_policy_value_names_the_table_and_row(qtbot, demo_window):
    dialog = PolicyDialog(demo_window.document.policy, demo_window)
    qtbot.addWidget(dialog)
    dialog.rules.table.setItem(1, 2, QTableWidgetItem("lots"))
    dialog._finish(PolicyDialog.SAVE)
    assert dialog.error.text().startswith("Rules, row 2:")
    assert dialog.result_policy is None


def test_office_statuses_survive_people_edits(qtbot, demo_window):
    model = demo_window.model
    person = model.people[0]
    column = next(c for c in range(len(model.days)) if model.working[0, c])
    demo_window.panel.view.select_cells([(0, column)])
    demo_window.panel.view.set_selected(Status.SICK)
    settle(qtbot, demo_window)
    save(qtbot, demo_window.document, SavePeople((person,)))
    assert model.status[model.row_of(person.staff_id), column] == Status.SICK


def test_someone_who_left_before_the_view_has_no_row(qtbot, demo_window):
    model = demo_window.model
    person = model.people[0]
    people = PeopleDialog(demo_window.document, demo_window)
    qtbot.addWidget(people)
    # Before every period shown: the week straddling the month's start still counts them.
    people.leave(person, demo_window.document.checker.first - timedelta(days=1))
    settle(qtbot, demo_window)
    assert model.row_of(person.staff_id) is None
    demo_window.step_period(-1)
    assert model.row_of(person.staff_id) is not None


def test_saving_the_policy_editor_keeps_every_share_exact(qtbot, demo_window):
    from fractions import Fraction

    from deskplan.domain.policy import Rule

    document = demo_window.document
    exact = dataclasses.replace(document.plan.policy, rules=(
        Rule(Fraction(2, 3), category="operational"), Rule(Fraction(67, 200), category="support")))
    save(qtbot, document, SavePolicy(exact))
    dialog = PolicyDialog(document.policy, demo_window)
    qtbot.addWidget(dialog)
    dialog._finish(PolicyDialog.SAVE)  # saved untouched: nothing may be rounded
    demo_window.apply_policy_choice(dialog)
    settle(qtbot, demo_window)
    assert saved_plan(demo_window).policy.rules == exact.rules


def test_editors_refuse_values_beyond_the_databases_limits(qtbot, demo_window):
    from deskplan.domain import limits

    form = PersonForm(None, demo_window.document.policy, [], set(), demo_window)
    qtbot.addWidget(form)
    form.staff_id.setText("CR778")
    form.name.setText("N" * (limits.PERSON_NAME + 1))
    form._accept()
    assert form.error.text() == "The name is 301 characters long; at most 300 are allowed"
    assert form.result_person is None
    dialog = PolicyDialog(demo_window.document.policy, demo_window)
    qtbot.addWidget(dialog)
    dialog.locations.table.setItem(0, 1, QTableWidgetItem(str(limits.MAX_CAPACITY + 1)))
    dialog._finish(PolicyDialog.SAVE)
    assert dialog.error.text().startswith("Locations, row 1: the number of desks 100001 is out")
    assert dialog.result_policy is None
    arrangements = AdjustmentsDialog(demo_window.document, demo_window.model.people[0],
                                     demo_window)
    qtbot.addWidget(arrangements)
    before = len(arrangements.adjustments)
    arrangements.form.reference.setText("R" * (limits.REFERENCE + 1))
    arrangements.add_from_form()
    assert "the reference is 101 characters long" in arrangements.error.text().lower()
    assert len(arrangements.adjustments) == before
