"""File → Import: preview with row-level problems before anything is saved, then one save."""

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook

from deskplan.cli import main
from deskplan.domain.engine import Checker
from deskplan.domain.model import AdjustmentKind, Status
from deskplan.interchange.plan_files import read_table
from deskplan.interchange.rota_file import read_rota
from deskplan.interchange.team_file import read_team
from deskplan.interchange.xlsx_export import write_xlsx
from deskplan.planning.preferences import Preference
from deskplan.resources import sample_path
from deskplan.storage.operations import SavePeople, SetCells
from deskplan.ui.document import TeamDocument
from deskplan.ui.import_dialog import EVERY_SHEET, ImportKind
from tests.ui.conftest import settle, working_cells


def chosen(qtbot, dialog, path):
    """Choose the file and wait for the worker to read its columns and first rows."""
    dialog.set_file(path)
    qtbot.waitUntil(lambda: dialog.job is None, timeout=30000)


def checked(qtbot, dialog):
    dialog.start_analysis()
    qtbot.waitUntil(lambda: dialog.job is None, timeout=30000)
    return dialog.preview


def test_a_team_list_into_a_new_team_from_the_first_run(qtbot, make_window, tmp_path):
    window = make_window()
    team = tmp_path / "finance_team.csv"
    team.write_text("Staff No,Name,Grade,Site,Working days\n"
                    "F1,Ann Ash,Finance officer,Leeds,Mon-Fri\n"
                    "F2,Bob Birch,Finance officer,Leeds,Mon-Wed\n"
                    "F3,Cy Cole,Finance officer,Leeds,Funday\n", encoding="utf-8")
    dialog = window.import_dialog()
    qtbot.addWidget(dialog)
    assert dialog.new_team.isChecked()
    chosen(qtbot, dialog, team)
    assert dialog.team_name.text() == "Finance Team"
    grade = next(r for r in range(dialog.mapping.rowCount())
                 if dialog.mapping.item(r, 0).text() == "Grade")
    box = dialog.mapping.cellWidget(grade, 1)
    assert box.currentData() == ""  # "Grade" is not a heading deskplan knows
    box.setCurrentIndex(box.findData("role"))
    preview = checked(qtbot, dialog)
    assert "2 people to add" in preview.summary
    # Two people share one title: it is one title to classify, and it is named.
    assert "1 job title to classify in the policy: Finance officer." in preview.summary
    assert any("row 4" in dialog.problems.item(i).text() and "Funday" in
               dialog.problems.item(i).text() for i in range(dialog.problems.count()))
    assert dialog.import_button.isEnabled()
    window.apply_import(dialog)
    settle(qtbot, window)
    assert window.document.plan.name == "Finance Team"
    assert [(p.name, p.role) for p in window.model.people] == [
        ("Ann Ash", "Finance officer"), ("Bob Birch", "Finance officer")]
    assert window.statusBar().currentMessage().startswith("Imported: 2 people added; 0 updated")


def test_a_rota_import_is_previewed_then_one_undo_step(qtbot, demo_window, tmp_path):
    model = demo_window.model
    person = model.people[0]
    days = [model.days[c] for c in working_cells(demo_window, 0)[:3]]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Notes"
    sheet.append(["nothing here"])
    rota = workbook.create_sheet("Rota")
    rota.append(["staff_id", "date", "status"])
    for day in days:
        rota.append([person.staff_id, day.isoformat(), "S"])
    path = tmp_path / "rota.xlsx"
    workbook.save(path)
    dialog = demo_window.import_dialog()
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData(ImportKind.ROTA.value))
    chosen(qtbot, dialog, path)
    assert dialog.sheet.isEnabled()
    dialog.sheet.setCurrentText("Rota")
    qtbot.waitUntil(lambda: dialog.job is None, timeout=30000)
    assert dialog.loaded.sheet == "Rota"
    preview = checked(qtbot, dialog)
    assert preview.summary.startswith("3 days to set for 1 person")
    assert all(model.status[0, model.column_of(d)] != Status.SICK for d in days)
    demo_window.apply_import(dialog)
    settle(qtbot, demo_window)
    assert all(model.status[0, model.column_of(d)] == Status.SICK for d in days)
    demo_window.undo_action.trigger()
    settle(qtbot, demo_window)
    assert all(model.status[0, model.column_of(d)] != Status.SICK for d in days)


def test_a_rota_with_an_unknown_person_imports_nothing(qtbot, demo_window, tmp_path):
    path = tmp_path / "rota.csv"
    path.write_text("staff_id,date,status\nNOPE,2025-01-06,O\n", encoding="utf-8")
    dialog = demo_window.import_dialog()
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData(ImportKind.ROTA.value))
    chosen(qtbot, dialog, path)
    preview = checked(qtbot, dialog)
    assert preview.writes == 0
    assert "row 2" in dialog.problems.item(0).text()
    assert not dialog.import_button.isEnabled()


def test_arrangements_import_into_the_open_team(qtbot, demo_window, tmp_path):
    person = demo_window.model.people[2]
    path = tmp_path / "arrangements.csv"
    path.write_text("staff_id,kind,start,review_date,weekdays,reference\n"
                    f"{person.staff_id},fixed-home-days,2025-01-06,2026-12-01,Fri,FW-9\n",
                    encoding="utf-8")
    dialog = demo_window.import_dialog()
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData(ImportKind.ADJUSTMENTS.value))
    chosen(qtbot, dialog, path)
    # Arrangements go into the open team: no new team is offered, nor named after the file.
    assert not dialog.new_team.isEnabled()
    assert not dialog.new_team.isChecked()
    assert dialog.team_name.text() == ""
    checked(qtbot, dialog)
    demo_window.apply_import(dialog)
    settle(qtbot, demo_window)
    stored = [a for a in demo_window.document.plan.adjustments if a.reference == "FW-9"]
    assert [(a.staff_id, a.kind) for a in stored] == [(person.staff_id,
                                                        AdjustmentKind.FIXED_HOME_DAYS)]
    assert demo_window.model.row_of(person.staff_id) in demo_window.model.arrangement_rows


def test_column_mapping_is_offered_for_team_lists_only(qtbot, demo_window, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("Staff No,Name\nX1,Xavi Xu\n", encoding="utf-8")
    dialog = demo_window.import_dialog()
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData(ImportKind.ROTA.value))
    chosen(qtbot, dialog, path)
    assert dialog.mapping.rowCount() == 0
    dialog.kind.setCurrentIndex(dialog.kind.findData(ImportKind.TEAM.value))
    assert dialog.overrides() == {"Staff No": "staff_id", "Name": "name"}
    assert dialog.table.rowCount() == 1


def test_an_ignored_column_is_not_read_even_if_deskplan_knows_it(qtbot, make_window, tmp_path):
    window = make_window()
    path = tmp_path / "list.csv"
    path.write_text("Staff No,Name,Site\nX1,Xavi Xu,Leeds\n", encoding="utf-8")
    dialog = window.import_dialog()
    qtbot.addWidget(dialog)
    chosen(qtbot, dialog, path)
    site = dialog.mapping.cellWidget(2, 1)
    assert site.currentData() == "location"
    site.setCurrentIndex(site.findData(""))
    preview = checked(qtbot, dialog)
    assert [p.location for p in preview.people] == [""]


def test_a_team_planned_only_in_the_past_opens_where_it_is_planned(qtbot, make_window, tmp_path,
                                                                    monkeypatch):
    window = make_window()
    checked_over: list[tuple[date, date]] = []
    build = TeamDocument._build_checker

    def counted(document: TeamDocument) -> Checker:
        checked_over.append((document.first, document.last))
        return build(document)

    monkeypatch.setattr(TeamDocument, "_build_checker", counted)
    team = window.store.create_team("Sample team")
    people = read_team(read_table(sample_path("team.csv"))).people
    version = window.store.write(team.id, SavePeople(tuple(people)), team.version).version
    rota = read_rota(read_table(sample_path("rota-wide.csv")), {p.staff_id for p in people})
    window.store.write(team.id, SetCells.of(rota.entries()), version)
    window.refresh_teams(select=team.id)
    first, last = rota.planned_span()
    assert window.model is not None
    assert window.model.days[0] <= last
    assert window.model.days[-1] >= first
    assert any(window.model.status[row, col] for row in range(len(window.model.people))
               for col in range(len(window.model.days)))
    # Placed before it is checked: judged once, over the period shown (not first over today's).
    assert checked_over == [(window.model.days[0], window.model.days[-1])]


def test_changing_new_team_after_the_check_asks_for_a_new_check(qtbot, demo_window, tmp_path):
    path = tmp_path / "team.csv"
    path.write_text("staff_id,name\nN1,New Person\n", encoding="utf-8")
    dialog = demo_window.import_dialog()
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData(ImportKind.TEAM.value))
    chosen(qtbot, dialog, path)
    dialog.new_team.setChecked(True)
    assert checked(qtbot, dialog) is not None
    assert dialog.import_button.isEnabled()
    dialog.new_team.setChecked(False)  # the preview was made for a new team, not this one
    assert dialog.preview is None
    assert not dialog.import_button.isEnabled()


def test_a_new_team_and_its_people_are_one_transaction(make_window, monkeypatch):
    from deskplan.storage import repository

    window = make_window()
    people = read_team(read_table(sample_path("team.csv"))).people

    def refuse(*args, **kwargs):
        raise repository.StorageError("disk full")

    monkeypatch.setattr(repository, "import_people", refuse)
    with pytest.raises(repository.StorageError):
        window.store.create_team("Half team", people)
    assert [t.name for t in window.store.list_teams()] == []


def test_after_a_rota_import_the_window_shows_the_first_imported_week(qtbot, demo_window,
                                                                      tmp_path):
    from datetime import timedelta

    from deskplan.ui.periods import ViewSpan

    window = demo_window
    window.set_span(ViewSpan.WEEK)
    person = window.model.people[0]
    first = window.document.last + timedelta(days=60)
    days = [first + timedelta(days=d) for d in range(10)]
    rota = tmp_path / "rota.csv"
    rota.write_text("staff_id,date,status\n" + "".join(
        f"{person.staff_id},{day.isoformat()},L\n" for day in days), encoding="utf-8")
    dialog = window.import_dialog()
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData(ImportKind.ROTA.value))
    chosen(qtbot, dialog, rota)
    checked(qtbot, dialog)
    window.apply_import(dialog)
    settle(qtbot, window)
    monday = first - timedelta(days=first.weekday())
    assert (window.document.first, window.document.last) == (monday,
                                                             monday + timedelta(days=6))
    assert window.statusBar().currentMessage().startswith("Imported:")


def test_a_team_lists_preference_columns_are_saved_with_a_new_team(qtbot, make_window,
                                                                   tmp_path):
    window = make_window()
    path = tmp_path / "team.csv"
    path.write_text("Staff No,Name,Working days,Usual office days,Cannot come in\n"
                    "F1,Ann Ash,Mon-Fri,\"Tue, Thu\",Mon\nF2,Bob Birch,Mon-Wed,,\n",
                    encoding="utf-8")
    dialog = window.import_dialog()
    qtbot.addWidget(dialog)
    chosen(qtbot, dialog, path)
    assert ("Usual office days", "usual_office_days") in dialog._mapped()
    preview = checked(qtbot, dialog)
    assert "1 person's preferences to replace" in preview.summary
    window.apply_import(dialog)
    settle(qtbot, window)
    assert window.document.preferences() == {
        "F1": Preference("F1", office_days=frozenset({1, 3}), unavailable_days=frozenset({0}))}


def test_preferences_imported_into_the_open_team_are_one_undo_step(qtbot, demo_window,
                                                                   tmp_path):
    document = demo_window.document
    ada, ben = document.plan.people[:2]
    assert document.preferences() == {}
    path = tmp_path / "team.csv"
    path.write_text("Staff No,Name,Prefers home\n"
                    f"{ada.staff_id},{ada.name},Fri\n{ben.staff_id},{ben.name},\n",
                    encoding="utf-8")
    dialog = demo_window.import_dialog()
    qtbot.addWidget(dialog)
    chosen(qtbot, dialog, path)
    preview = checked(qtbot, dialog)
    assert not preview.people  # the same people: only a preference changes
    assert [c.after for c in preview.preferences] == [
        Preference(ada.staff_id, home_days=frozenset({4}))]
    demo_window.apply_import(dialog)
    settle(qtbot, demo_window)
    assert document.preferences() == {ada.staff_id: Preference(ada.staff_id,
                                                               home_days=frozenset({4}))}
    document.undo_stack.undo()
    settle(qtbot, demo_window)
    assert document.preferences() == {}


def test_an_exported_workbook_of_two_months_imports_both_as_the_command_line_does(
        qtbot, demo_window, tmp_path, monkeypatch, capsys):
    """The dialog reads a rota as `deskplan import rota` does: every month sheet of an
    exported workbook (not only the first), so `deskplan check` then says the same."""
    monkeypatch.delenv("DESKPLAN_DATABASE_URL", raising=False)
    plan = demo_window.document.plan
    team = plan.name
    first = plan.rota.planned_span()[0].replace(day=1)
    last = (first + timedelta(days=62)).replace(day=1) - timedelta(days=1)  # two months
    rota = plan.rota.copy()
    # A change in each month: the first person trains on every working day of both months.
    changed = [d for d in (first + timedelta(days=n) for n in range((last - first).days + 1))
               if plan.people[0].pattern.seconds[d.weekday()]]
    assert {d.month for d in changed} == {first.month, last.month}
    for day in changed:
        rota.set(plan.people[0].staff_id, day, Status.TRAINING)
    workbook = tmp_path / "rota.xlsx"
    write_xlsx(replace(plan, rota=rota), workbook, first, last)

    def check(db: Path) -> str:
        capsys.readouterr()
        main(["check", "--team-name", team, "--db", str(db), "--from", first.isoformat(),
              "--to", last.isoformat()])
        return capsys.readouterr().out

    # The command line, on a database of its own with the same demo organisation.
    other = tmp_path / "command.sqlite3"
    assert main(["demo", "--db", str(other)]) == 0
    before = check(other)
    assert main(["import", "rota", str(workbook), "--team-name", team, "--db",
                 str(other)]) == 0
    by_command = check(other)
    assert by_command != before

    dialog = demo_window.import_dialog()
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData(ImportKind.ROTA.value))
    chosen(qtbot, dialog, workbook)
    assert dialog.sheet.currentText() == EVERY_SHEET  # not the first month only
    assert dialog.chosen_sheet() is None
    preview = checked(qtbot, dialog)
    assert {day.month for _, day, _ in preview.cells} == {first.month, last.month}
    demo_window.apply_import(dialog)
    settle(qtbot, demo_window)
    stored = demo_window.document.plan.rota
    assert all(stored.get(plan.people[0].staff_id, d) is Status.TRAINING for d in changed)
    assert check(tmp_path / "deskplan.sqlite3") == by_command
