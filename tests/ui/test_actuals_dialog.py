"""Team → Plan against actual…: the week as planned, as it happened and the differences;
confirming, correcting and importing record actuals (one undo step each on the window's undo
stack, written on its database worker, never on the GUI thread), never the plan."""

from datetime import date, timedelta

from PySide6.QtCore import Qt

from deskplan.domain.model import Cell, Status
from deskplan.ui.actuals_dialog import ActualsDialog, actuals_store
from tests.ui.conftest import settle


def open_dialog(demo_window, qtbot) -> ActualsDialog:
    """Team → Plan against actual… on the week shown, as seen once that week is over."""
    first = demo_window.document.first
    demo_window.today = first + timedelta(days=6 - first.weekday())
    demo_window.actuals_action.trigger()
    (dialog,) = demo_window.findChildren(ActualsDialog)
    qtbot.addWidget(dialog)
    return dialog


def planned_cells(dialog):
    model = dialog.model
    return [(staff_id, model.day(c), dialog.document.plan.rota.cell(staff_id, model.day(c)))
            for staff_id, _ in model.people for c in range(7)]


def test_confirm_records_the_plan_and_undo_takes_it_back(demo_window, qtbot, qtmodeltester):
    dialog = open_dialog(demo_window, qtbot)
    qtmodeltester.check(dialog.model)
    planned = [(s, d, c) for s, d, c in planned_cells(dialog) if c.code]
    assert planned, "the demo plans this week"
    steps = demo_window.undo_stack.count()
    dialog.confirm_week()
    assert dialog.status.text() == "Saving…"  # written on the window's database worker
    settle(qtbot, demo_window)
    assert demo_window.undo_stack.count() == steps + 1  # one step, on the window's stack
    stored = actuals_store(demo_window.store).load(dialog.document.team_id)
    assert all(stored.cell(s, d) == c for s, d, c in planned)
    assert dialog.status.text().startswith("Recorded ")
    dialog.view.setCurrentIndex(2)  # differences: none once confirmed
    model = dialog.model
    assert all(model.index(r, c).data() == "" for r in range(model.rowCount())
               for c in range(7))
    dialog.undo_button.click()
    settle(qtbot, demo_window)
    stored = actuals_store(demo_window.store).load(dialog.document.team_id)
    assert all(not stored.cell(s, d).code for s, d, _ in planned)


def test_a_correction_shows_as_a_difference_and_leaves_the_plan(demo_window, qtbot):
    dialog = open_dialog(demo_window, qtbot)
    model = dialog.model
    staff_id, day, cell = next((s, d, c) for s, d, c in planned_cells(dialog)
                               if c == Cell.whole(Status.OFFICE))
    row = [s for s, _ in model.people].index(staff_id)
    dialog.view.setCurrentIndex(1)  # actual: editable
    index = model.index(row, (day - model.monday).days)
    assert model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(index, 2)  # Home
    settle(qtbot, demo_window)
    assert dialog.actuals.cell(staff_id, day) == Cell.whole(Status.HOME)
    assert dialog.document.plan.rota.cell(staff_id, day) == cell  # the plan is untouched
    dialog.view.setCurrentIndex(2)
    assert model.index(row, (day - model.monday).days).data() == "O → H"
    assert "not attended" in dialog.summary.text()


def test_an_attendance_export_is_imported_and_unknown_ids_are_listed(demo_window, qtbot,
                                                                     tmp_path):
    dialog = open_dialog(demo_window, qtbot)
    staff_id = dialog.model.people[0][0]
    day = dialog.monday + timedelta(days=1)
    swipes = tmp_path / "swipes.csv"
    swipes.write_text(f"staff_id,date,time\n{staff_id},{day.isoformat()},08:00\n"
                      f"{staff_id},{day.isoformat()},12:00\nNOBODY,{day.isoformat()},09:00\n",
                      encoding="utf-8")
    said = dialog.import_file(swipes)
    settle(qtbot, demo_window)
    assert "1 person-days from 3 rows" in said
    assert "NOBODY (row 4)" in said
    assert dialog.actuals.cell(staff_id, day).am is Status.OFFICE
    evidence = tmp_path / "evidence.csv"
    assert dialog.write_evidence(evidence, date(2000, 1, 3), date(2000, 1, 9)).startswith(
        "Wrote 0 days")
    assert evidence.read_text(encoding="utf-8-sig").startswith("staff_id,name,day")


def test_days_still_to_come_cannot_be_recorded(demo_window, qtbot):
    # Opened on a Wednesday: Thursday to Sunday have not happened, so confirming the week
    # records Monday to Wednesday only and a later day cannot be corrected.
    document = demo_window.document
    monday = document.first - timedelta(days=document.first.weekday())
    wednesday = monday + timedelta(days=2)
    dialog = ActualsDialog(document, monday, demo_window, today=wednesday)
    qtbot.addWidget(dialog)
    planned = [(s, d, c) for s, d, c in planned_cells(dialog) if c.code]
    assert any(d > wednesday for _, d, _ in planned), "the demo plans the whole week"
    dialog.confirm_week()
    settle(qtbot, demo_window)
    stored = actuals_store(demo_window.store).load(document.team_id)
    assert all(stored.cell(s, d) == (c if d <= wednesday else Cell())
               for s, d, c in planned)
    dialog.view.setCurrentIndex(1)  # actual
    model = dialog.model
    assert model.flags(model.index(0, 2)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(0, 3)) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(model.index(0, 3), 2)
    assert "not happened yet" in model.index(0, 3).data(Qt.ItemDataRole.ToolTipRole)
    # The week is not over: no day of it is listed as not attended.
    assert dialog.summary.text().startswith("0 contracted office days not attended")
    assert "not judged yet" in dialog.summary.text()


def test_people_are_listed_in_the_windows_order(demo_window, qtbot):
    from deskplan.domain.ordering import PeopleOrder

    demo_window.group_box.setCurrentIndex(demo_window.group_box.findData(PeopleOrder.ROLE.value))
    dialog = open_dialog(demo_window, qtbot)
    people = {p.staff_id: p for p in demo_window.document.plan.people}
    listed = [people[staff_id] for staff_id, _ in dialog.model.people]
    assert listed == PeopleOrder.ROLE.arrange(listed)
    assert listed != PeopleOrder.NAME.arrange(listed)  # the demo's roles reorder it
