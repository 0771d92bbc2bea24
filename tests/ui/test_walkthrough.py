"""The README's ten-minute walkthrough, step by step, with every sample file.

If this test fails, the README tells a new user something that is not true.
"""

from datetime import date

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from deskplan.domain.conflicts import RuleId
from deskplan.domain.model import AdjustmentKind, Status
from deskplan.resources import sample_path
from deskplan.ui.adjustments_dialog import AdjustmentsDialog
from deskplan.ui.export_dialog import ExportKind
from deskplan.ui.import_dialog import ImportKind
from deskplan.ui.periods import ViewSpan
from deskplan.ui.policy_dialog import PolicyDialog
from tests.ui.conftest import activate, settle


def import_file(qtbot, window, kind, name, team_name=""):
    dialog = window.import_dialog()
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData(kind.value))
    dialog.set_file(sample_path(name))
    qtbot.waitUntil(lambda: dialog.job is None, timeout=60000)
    if team_name:
        dialog.team_name.setText(team_name)
    dialog.start_analysis()
    qtbot.waitUntil(lambda: dialog.job is None, timeout=60000)
    assert dialog.preview is not None
    assert dialog.preview.writes
    window.apply_import(dialog)
    settle(qtbot, window)


def load_policy(qtbot, window, name, choice):
    dialog = window.policy_dialog_for_file(sample_path(name))
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog._finish(choice)
    window.apply_policy_choice(dialog)
    settle(qtbot, window)


def click_conflict(qtbot, window, conflict):
    """Click `conflict` in the Conflicts panel, as a user would."""
    dock = window.dock
    row = next(i for i, c in enumerate(dock.model.conflicts) if c is conflict)
    index = dock.proxy.mapFromSource(dock.model.index(row, 0))
    dock.list.scrollTo(index)
    qtbot.waitUntil(lambda: dock.list.visualRect(index).isValid())
    qtbot.mouseClick(dock.list.viewport(), Qt.MouseButton.LeftButton,
                     pos=dock.list.visualRect(index).center())


def conflicts(window, rule):
    return [c for c in window.dock.model.conflicts if c.rule is rule]


def person_named(window, name):
    return next(p for p in window.model.people if p.name == name)


def test_the_readme_walkthrough(qtbot, make_window, tmp_path):
    window = make_window()

    # 1. Import the sample team list into a new team.
    import_file(qtbot, window, ImportKind.TEAM, "team.xlsx", team_name="Sample team")
    assert window.document.plan.name == "Sample team"
    assert len(window.document.plan.people) == 25

    # 2. Load the policy HR gave you, and save it for the team.
    load_policy(qtbot, window, "policy-default.toml", PolicyDialog.SAVE)
    assert window.document.plan.policy.role_map

    # 3. Import the rota and the arrangements: the window jumps to the imported weeks.
    import_file(qtbot, window, ImportKind.ROTA, "rota-wide.csv")
    assert window.model.days[0] <= date(2025, 3, 31) <= window.model.days[-1]
    import_file(qtbot, window, ImportKind.ADJUSTMENTS, "adjustments.csv")
    assert len(window.document.plan.adjustments) == 4

    # 4. See and fix a conflict: April, Ben Bell in the office on his fixed home day.
    window.set_span(ViewSpan.MONTH)
    window.go_to(date(2025, 4, 23))
    (breach,) = conflicts(window, RuleId.ADJUSTMENT_BREACHED)
    assert breach.message.startswith("Ben Bell is planned in the office on Wed 23 Apr 2025")
    # As a user does it: a click on the conflict in the list, then H typed wherever the
    # keyboard now is (the grid, which the click handed it to).
    activate(qtbot, window)
    click_conflict(qtbot, window, breach)
    view = window.panel.view
    assert QApplication.focusWidget() is view
    ben = person_named(window, "Ben Bell")
    ben_wednesday = (window.model.row_of(ben.staff_id), window.model.column_of(date(2025, 4, 23)))
    assert {(i.row(), i.column()) for i in view.selectionModel().selectedIndexes()} == {
        ben_wednesday}
    qtbot.keyClick(QApplication.focusWidget(), "H")
    settle(qtbot, window)
    assert conflicts(window, RuleId.ADJUSTMENT_BREACHED) == []
    assert window.document.cell(ben.staff_id, date(2025, 4, 23)).status is Status.HOME
    # The selection stayed on Ben's Wednesday: the next key changes that day, nobody else's.
    assert {(i.row(), i.column()) for i in view.selectionModel().selectedIndexes()} == {
        ben_wednesday}
    # Easter Monday is off, so the Wednesday at home leaves his week of 21 April short, and
    # the window says so at once; his Friday in the office puts it right.
    (short,) = [c for c in conflicts(window, RuleId.BELOW_MINIMUM)
                if c.staff_id == ben.staff_id]
    assert "week of 21 April 2025" in short.message
    assert "New: Ben Bell has 2 office days" in window.statusBar().currentMessage()
    assert window.model.summary(ben_wednesday[0]).mark == "✖"
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Right):
        qtbot.keyClick(QApplication.focusWidget(), key)
    qtbot.keyClick(QApplication.focusWidget(), "O")
    settle(qtbot, window)
    assert window.document.cell(ben.staff_id, date(2025, 4, 25)).status is Status.OFFICE
    assert not [c for c in conflicts(window, RuleId.BELOW_MINIMUM) if c.staff_id == ben.staff_id]

    # 5. Apply a pattern: Jamal Hussain in the office Monday to Thursday, week of 28 April.
    jamal = person_named(window, "Jamal Hussain")
    assert any(c.staff_id == jamal.staff_id for c in conflicts(window, RuleId.BELOW_MINIMUM))
    row = window.model.row_of(jamal.staff_id)
    view.select_cells([(row, window.model.column_of(date(2025, 4, 28)))])
    dialog = window.pattern_dialog()
    qtbot.addWidget(dialog)
    assert [p.staff_id for p in dialog.chosen_people()] == [jamal.staff_id]
    for number, box in enumerate(dialog.day_boxes):
        box.setChecked(number in (0, 1, 2, 3))
    dialog.first_edit.setDate(date(2025, 4, 28))
    dialog.last_edit.setDate(date(2025, 5, 4))
    assert dialog.changes()
    window.apply_pattern(dialog)
    settle(qtbot, window)
    assert not any(c.staff_id == jamal.staff_id for c in conflicts(window, RuleId.BELOW_MINIMUM))
    assert window.undo_action.text().replace("&", "") == "Undo Office on Mon, Tue, Wed, Thu"

    # 6. Record an arrangement: Fridays at home for Ada Ames.
    ada = person_named(window, "Ada Ames")
    arrangements = AdjustmentsDialog(window.document, ada, window)
    qtbot.addWidget(arrangements)
    form = arrangements.form
    form.kind.setCurrentIndex(form.kind.findData(AdjustmentKind.FIXED_HOME_DAYS.value))
    form.start.setDate(date(2025, 4, 1))
    for number, box in enumerate(form.days):
        box.setChecked(number == 4)
    form.reference.setText("FW-2025-007")
    arrangements.add_from_form()
    arrangements.save()
    settle(qtbot, window)
    assert any(a.reference == "FW-2025-007" for a in window.document.adjustments_of(ada.staff_id))
    friday_office = [c for c in conflicts(window, RuleId.ADJUSTMENT_BREACHED)
                     if c.staff_id == ada.staff_id]
    assert friday_office  # Ada was planned in on some Fridays: each is now flagged
    assert all(c.start.weekday() == 4 for c in friday_office)

    # 7. Export the month to PDF.
    export = window.export_dialog()
    qtbot.addWidget(export)
    export.kind.setCurrentIndex(export.kind.findData(ExportKind.PDF.value))
    export.path.setText(str(tmp_path / "sample-team-april.pdf"))
    export._accept()
    window.start_export(export.result_request)
    qtbot.waitUntil(lambda: not window.export_jobs, timeout=60000)
    text = " ".join(PdfReader(tmp_path / "sample-team-april.pdf").pages[0].extract_text().split())
    assert "Sample team" in text
    assert "April 2025" in text

    # 8. What if HR moved to "60% averaged over the month"? Try it without saving.
    saved = window.document.plan.policy
    load_policy(qtbot, window, "policy-civil-service-monthly.toml", PolicyDialog.TRY)
    assert window.what_if_bar.isVisible()
    assert window.document.plan.policy == saved
    short = window.document.people_short()
    assert short
    assert f"{len(short)} people fall short" in window.what_if_bar.label.text() or \
        f"{len(short)} person falls short" in window.what_if_bar.label.text()

    # 9. Plan the next four weeks after the sample rota, for everyone; accept as one step.
    assert window.plan_action.shortcut().toString() == "Ctrl+Shift+P"
    assert window.plan_action in window.toolbar.actions()
    planner = window.plan_dialog()
    qtbot.addWidget(planner)
    planner.from_box.setDate(date(2025, 6, 2))
    planner.to_box.setDate(date(2025, 6, 29))
    planner.everyone_button.setChecked(True)
    planner.start()
    qtbot.waitUntil(lambda: planner.job is None, timeout=120_000)
    result = planner.result_plan
    assert result.summary() == "428 days planned; everyone meets the minimum."
    steps = window.undo_stack.count()
    window.apply_plan(planner)  # the draft in the grid, accepted from the bar above it
    assert window.draft_bar.isVisible()
    qtbot.mouseClick(window.draft_bar.accept_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert not window.draft_bar.isVisible()
    assert window.undo_stack.count() == steps + 1
    assert window.undo_stack.undoText() == ("Plan Mon 2 Jun 2025 to Sun 29 Jun 2025 "
                                            f"({len(result.changes)} cells)")
    # Ada's new fixed home day (step 6) is kept: no Friday of June in the office.
    fridays = [date(2025, 6, d) for d in (6, 13, 20, 27)]
    assert all(window.document.cell(ada.staff_id, d).am is not Status.OFFICE for d in fridays)
