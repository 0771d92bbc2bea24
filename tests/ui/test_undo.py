"""Every change is one undo step, not only cell edits: people, arrangements, the policy and
imports, each undone and redone in the database as in the window."""

from datetime import timedelta

from PySide6.QtWidgets import QTableWidgetItem

from deskplan.domain.model import AdjustmentKind, Status
from deskplan.ui.adjustments_dialog import AdjustmentsDialog
from deskplan.ui.import_dialog import ImportKind
from deskplan.ui.people_dialog import PeopleDialog
from deskplan.ui.policy_dialog import PolicyDialog
from tests.ui.conftest import settle, working_cells
from tests.ui.test_import import checked, chosen


def stored(window):
    return window.store.load_team(window.document.team_id)[1]


def undo(qtbot, window):
    window.undo_action.trigger()
    settle(qtbot, window)


def redo(qtbot, window):
    window.redo_action.trigger()
    settle(qtbot, window)


def undo_text(window):
    return window.undo_action.text().replace("&", "")


def test_a_person_edit_is_undone_and_redone(qtbot, demo_window):
    person = demo_window.model.people[0]
    people = PeopleDialog(demo_window.document, demo_window)
    qtbot.addWidget(people)
    form = people.form(person)
    qtbot.addWidget(form)
    form.name.setText("Renamed Person")
    form._accept()
    settle(qtbot, demo_window)
    assert undo_text(demo_window) == "Undo Edit Renamed Person"
    assert demo_window.document.person(person.staff_id).name == "Renamed Person"
    undo(qtbot, demo_window)
    assert demo_window.document.person(person.staff_id).name == person.name
    assert next(p for p in stored(demo_window).people
                if p.staff_id == person.staff_id).name == person.name
    assert demo_window.model.people[demo_window.model.row_of(person.staff_id)].name == \
        person.name
    redo(qtbot, demo_window)
    assert next(p for p in stored(demo_window).people
                if p.staff_id == person.staff_id).name == "Renamed Person"


def test_adding_a_person_is_undone_by_removing_them(qtbot, demo_window):
    people = PeopleDialog(demo_window.document, demo_window)
    qtbot.addWidget(people)
    form = people.form(None)
    qtbot.addWidget(form)
    form.staff_id.setText("CR901")
    form.name.setText("Una Undone")
    form._accept()
    settle(qtbot, demo_window)
    assert demo_window.model.row_of("CR901") is not None
    undo(qtbot, demo_window)
    assert demo_window.model.row_of("CR901") is None
    assert "CR901" not in {p.staff_id for p in stored(demo_window).people}
    redo(qtbot, demo_window)
    assert "CR901" in {p.staff_id for p in stored(demo_window).people}


def test_marking_someone_as_left_is_undone(qtbot, demo_window):
    person = demo_window.model.people[0]
    people = PeopleDialog(demo_window.document, demo_window)
    qtbot.addWidget(people)
    people.leave(person, demo_window.model.days[3])
    settle(qtbot, demo_window)
    assert undo_text(demo_window) == f"Undo Mark {person.name} as left"
    undo(qtbot, demo_window)
    assert next(p for p in stored(demo_window).people
                if p.staff_id == person.staff_id).end_date == person.end_date
    assert demo_window.model.working[demo_window.model.row_of(person.staff_id), 4:].any()


def test_an_arrangement_change_is_undone(qtbot, demo_window):
    document = demo_window.document
    person = demo_window.model.people[1]
    before = document.adjustments_of(person.staff_id)
    dialog = AdjustmentsDialog(document, person, demo_window)
    qtbot.addWidget(dialog)
    form = dialog.form
    form.kind.setCurrentIndex(form.kind.findData(AdjustmentKind.EXEMPT.value))
    form.start.setDate(document.first - timedelta(days=30))
    form.reference.setText("RA-UNDO")
    dialog.add_from_form()
    dialog.save()
    settle(qtbot, demo_window)
    assert not dialog.isVisible()
    assert any(a.reference == "RA-UNDO" for a in stored(demo_window).adjustments)
    assert undo_text(demo_window) == f"Undo Change the arrangements of {person.name}"
    undo(qtbot, demo_window)
    assert document.adjustments_of(person.staff_id) == before
    assert not any(a.reference == "RA-UNDO" for a in stored(demo_window).adjustments)
    assert 1 not in demo_window.model.arrangement_rows or before
    redo(qtbot, demo_window)
    assert any(a.reference == "RA-UNDO" for a in stored(demo_window).adjustments)


def test_a_policy_save_is_undone(qtbot, demo_window):
    document = demo_window.document
    saved = document.plan.policy
    dialog = PolicyDialog(document.policy, demo_window)
    qtbot.addWidget(dialog)
    dialog.locations.table.setItem(0, 1, QTableWidgetItem("2"))
    dialog._finish(PolicyDialog.SAVE)
    demo_window.apply_policy_choice(dialog)
    settle(qtbot, demo_window)
    assert stored(demo_window).policy.locations[0].capacity == 2
    assert undo_text(demo_window) == "Undo Save the policy"
    undo(qtbot, demo_window)
    assert stored(demo_window).policy == saved == document.plan.policy
    assert "(2 desks)" not in demo_window.panel.footer_model.lines[0].label
    redo(qtbot, demo_window)
    assert stored(demo_window).policy.locations[0].capacity == 2


def test_a_rota_import_is_undone_in_one_step(qtbot, demo_window, tmp_path):
    model = demo_window.model
    person = model.people[0]
    days = [model.days[c] for c in working_cells(demo_window, 0)[:3]]
    before = [demo_window.document.cell(person.staff_id, day) for day in days]
    rota = tmp_path / "rota.csv"
    rota.write_text("staff_id,date,status\n" + "".join(
        f"{person.staff_id},{day.isoformat()},S\n" for day in days), encoding="utf-8")
    dialog = demo_window.import_dialog()
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData(ImportKind.ROTA.value))
    chosen(qtbot, dialog, rota)
    checked(qtbot, dialog)
    demo_window.apply_import(dialog)
    settle(qtbot, demo_window)
    assert undo_text(demo_window) == "Undo Import 3 days"
    assert [stored(demo_window).rota.cell(person.staff_id, day).am for day in days] == \
        [Status.SICK] * 3
    undo(qtbot, demo_window)
    assert [stored(demo_window).rota.cell(person.staff_id, day) for day in days] == before
    assert [demo_window.document.cell(person.staff_id, day) for day in days] == before


def test_a_team_list_import_is_undone_people_added_and_changed(qtbot, demo_window, tmp_path):
    document = demo_window.document
    first = document.plan.people[0]
    team = tmp_path / "team.csv"
    team.write_text("staff_id,name,role,location,working_days\n"
                    f"{first.staff_id},{first.name},Team leader,{first.location},Mon-Fri\n"
                    "CR950,New Starter,Call handler,Lambeth,Mon-Fri\n", encoding="utf-8")
    dialog = demo_window.import_dialog()
    qtbot.addWidget(dialog)
    dialog.new_team.setChecked(False)
    chosen(qtbot, dialog, team)
    checked(qtbot, dialog)
    demo_window.apply_import(dialog)
    settle(qtbot, demo_window)
    assert document.person(first.staff_id).role == "Team leader"
    assert undo_text(demo_window).startswith("Undo Import")
    undo(qtbot, demo_window)
    people = {p.staff_id: p for p in stored(demo_window).people}
    assert "CR950" not in people
    assert people[first.staff_id] == first
    assert document.person(first.staff_id) == first
