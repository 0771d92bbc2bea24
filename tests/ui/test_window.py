"""The window as a whole: first run, conflicts following edits and policy, reopening."""

from dataclasses import replace
from fractions import Fraction

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter

from deskplan.domain.conflicts import RuleId, Severity
from deskplan.domain.model import AdjustmentKind, Person, Status
from deskplan.domain.policy import Rule
from deskplan.storage.operations import SavePeople, SavePolicy
from deskplan.ui.conflicts_dock import CONFLICT_ROLE
from deskplan.ui.rota_panel import fitted
from tests.ui.conftest import save, settle, working_cells


def listed(window):
    return list(window.dock.model.conflicts)


def test_an_empty_database_offers_the_three_ways_to_start(make_window):
    window = make_window()
    assert window.stack.currentWidget() is window.welcome
    texts = [b.text() for b in (window.welcome.import_button, window.welcome.demo_button,
                                window.welcome.empty_button)]
    assert texts == ["Import team list…", "Open the demo organisation", "Start an empty team"]


def test_the_demo_choice_opens_the_first_demo_team(qtbot, make_window):
    window = make_window()
    window.welcome.demo_button.click()
    settle(qtbot, window)
    assert window.stack.currentWidget() is window.planner
    assert window.team_box.count() == 3
    assert window.model.rowCount() == len(window.document.plan.people) > 0


def test_the_empty_team_choice_asks_for_a_name(qtbot, make_window, monkeypatch):
    window = make_window()
    monkeypatch.setattr("deskplan.ui.main_window.QInputDialog.getText",
                        lambda *args, **kwargs: ("Estates", True))
    window.welcome.empty_button.click()
    settle(qtbot, window)
    assert window.document.plan.name == "Estates"
    assert window.model.rowCount() == 0
    assert window.panel.empty_hint.isVisible()
    save(qtbot, window.document, SavePeople((Person("E1", "Esme Estes", role="Surveyor"),)))
    assert window.model.rowCount() == 1
    assert not window.panel.empty_hint.isVisible()
    assert window.team_box.currentText() == "Estates (1)"


def fixed_home_day_cell(window):
    """A row with a fixed-home-days arrangement, and one such working day that is not office."""
    document, model = window.document, window.model
    arrangement = next(a for a in document.plan.adjustments
                       if a.kind is AdjustmentKind.FIXED_HOME_DAYS)
    row = model.row_of(arrangement.staff_id)
    column = next(c for c in working_cells(window, row)
                  if model.days[c].weekday() in arrangement.weekdays
                  and arrangement.active_on(model.days[c])
                  and model.status[row, c] != Status.OFFICE)
    return row, column


def test_the_conflicts_panel_follows_an_edit_and_its_undo(qtbot, demo_window):
    row, column = fixed_home_day_cell(demo_window)
    view = demo_window.panel.view
    view.setCurrentIndex(demo_window.model.index(row, column))
    view.set_selected(Status.OFFICE)
    settle(qtbot, demo_window)
    breaches = [c for c in listed(demo_window) if c.rule is RuleId.ADJUSTMENT_BREACHED
                and c.start == demo_window.model.days[column]]
    assert len(breaches) == 1
    assert demo_window.model.cell_severity(row, column) is not None
    assert breaches[0].message in demo_window.model.describe_cell(row, column)
    errors, _warnings = demo_window.dock.model.counts()
    assert f"{errors} error" in demo_window.counts_label.text()
    assert demo_window.statusBar().currentMessage() == f"Saved. New: {breaches[0].message}"
    demo_window.undo_action.trigger()
    settle(qtbot, demo_window)
    assert demo_window.statusBar().currentMessage() == "Saved. 1 conflict solved."
    assert breaches[0] not in listed(demo_window)
    assert demo_window.model.cell_severity(row, column) is None


def test_the_conflicts_panel_follows_a_policy_change(qtbot, demo_window):
    document = demo_window.document
    before = {c for c in listed(demo_window) if c.rule is RuleId.BELOW_MINIMUM}
    stricter = replace(document.plan.policy,
                       rules=tuple(Rule(Fraction(1), category=r.category)
                                   for r in document.plan.policy.rules))
    save(qtbot, document, SavePolicy(stricter))
    after = {c for c in listed(demo_window) if c.rule is RuleId.BELOW_MINIMUM}
    assert len(after) > len(before)
    assert demo_window.store.load_team(document.team_id)[1].policy.rules == stricter.rules


def test_a_what_if_policy_is_shown_but_not_saved(demo_window):
    document = demo_window.document
    saved = document.plan.policy
    draft = replace(saved, rules=tuple(Rule(Fraction(1), category=r.category)
                                       for r in saved.rules))
    before = len(listed(demo_window))
    document.set_draft_policy(draft)
    assert len(listed(demo_window)) > before
    assert demo_window.store.load_team(document.team_id)[1].policy == saved
    document.set_draft_policy(None)
    assert len(listed(demo_window)) == before


def test_choosing_a_conflict_selects_its_cell(qtbot, demo_window):
    row, column = fixed_home_day_cell(demo_window)
    view = demo_window.panel.view
    view.setCurrentIndex(demo_window.model.index(row, column))
    view.set_selected(Status.OFFICE)
    settle(qtbot, demo_window)
    view.clearSelection()
    dock = demo_window.dock
    source_row = next(i for i, c in enumerate(dock.model.conflicts)
                      if c.rule is RuleId.ADJUSTMENT_BREACHED
                      and c.start == demo_window.model.days[column])
    dock.list.setCurrentIndex(dock.proxy.mapFromSource(dock.model.index(source_row, 0)))
    selected = {(i.row(), i.column()) for i in view.selectionModel().selectedIndexes()}
    assert selected == {(row, column)}


def test_next_conflict_walks_the_list(demo_window):
    demo_window.next_conflict_action.trigger()
    first = demo_window.dock.list.currentIndex().row()
    demo_window.next_conflict_action.trigger()
    assert demo_window.dock.list.currentIndex().row() == first + 1
    assert demo_window.panel.view.selectionModel().selectedIndexes()


def test_every_conflict_row_is_two_lines_high_and_the_chosen_one_is_read_in_full(
        qtbot, demo_window):
    """Rows of one height (an edit lays the list out without wrapping every sentence): a
    long sentence is cut short in its row, and is there in full in its tooltip and, once
    chosen, in the pane below the list."""
    dock = demo_window.dock
    dock.list.doItemsLayout()
    heights = {dock.list.visualRect(dock.proxy.index(r, 0)).height()
               for r in range(dock.proxy.rowCount())}
    lines = dock.list.fontMetrics().lineSpacing()
    assert len(heights) == 1
    assert 2 * lines <= heights.pop() < 3 * lines
    width = dock.list.viewport().width()
    document = demo_window.document
    shown = [r for r in range(dock.proxy.rowCount())  # (choosing one not shown moves there)
             if document.first <= dock.proxy.index(r, 0).data(CONFLICT_ROLE).start
             <= document.last]
    row = max(shown, key=lambda r: len(dock.proxy.index(r, 0).data(CONFLICT_ROLE).message))
    index = dock.proxy.index(row, 0)
    conflict = index.data(CONFLICT_ROLE)
    assert dock.list.fontMetrics().horizontalAdvance(conflict.message) > 2 * width  # long
    assert conflict.message in index.data(Qt.ItemDataRole.ToolTipRole)
    delegate, font = dock.list.itemDelegate(), dock.list.font()
    lines = delegate.lines(conflict.message, font, width)
    assert len(lines) == 2
    assert conflict.message.startswith(lines[0])
    assert lines[1].endswith("…")
    assert conflict.message.startswith(f"{lines[0]} {lines[1][:-1]}")
    assert all(dock.list.fontMetrics().horizontalAdvance(line) <= width for line in lines)
    assert delegate.lines("Short.", font, width) == ("Short.",)
    assert "in full" in dock.detail.text() or dock.list.currentIndex().isValid()
    dock.list.setCurrentIndex(index)
    assert dock.detail.text() == (f"{'✖' if conflict.severity is Severity.ERROR else '⚠'} "
                                  f"{conflict.severity.value.capitalize()}: {conflict.message}")
    assert dock.detail.wordWrap()


def test_the_conflict_filters_narrow_the_list(demo_window):
    dock = demo_window.dock
    total = dock.proxy.rowCount()
    dock.severity_box.setCurrentIndex(dock.severity_box.findText("Warnings"))
    warnings = dock.proxy.rowCount()
    assert 0 < warnings < total
    assert all(dock.proxy.index(i, 0).data(CONFLICT_ROLE).severity is Severity.WARNING
               for i in range(warnings))
    dock.severity_box.setCurrentIndex(0)
    person = demo_window.model.people[0]
    dock.show_person(person.staff_id)
    rows = dock.proxy.rowCount()
    assert all(person.name in dock.proxy.index(i, 0).data() for i in range(rows))


def test_a_reopened_window_shows_the_saved_rota(qtbot, make_window):
    window = make_window()
    window.open_demo()
    settle(qtbot, window)
    row = 3
    columns = working_cells(window, row)[:2]
    staff_id = window.model.people[row].staff_id
    window.panel.view.select_cells([(row, c) for c in columns])
    window.panel.view.set_selected(Status.TRAINING)
    settle(qtbot, window)
    days = [window.model.days[c] for c in columns]
    team = window.document.team_id
    window.close()
    again = make_window()
    assert again.document.team_id == team
    reopened_row = again.model.row_of(staff_id)
    assert [again.model.status[reopened_row, again.model.column_of(d)] for d in days] == [
        Status.TRAINING, Status.TRAINING]


def test_navigation_moves_by_the_chosen_span(demo_window):
    from deskplan.ui.periods import ViewSpan

    demo_window.set_span(ViewSpan.WEEK)
    first = demo_window.document.first
    assert demo_window.model.columnCount() == 7
    demo_window.next_action.trigger()
    assert (demo_window.document.first - first).days == 7
    demo_window.today_action.trigger()
    assert demo_window.document.first == first
    demo_window.set_span(ViewSpan.QUARTER)
    assert demo_window.model.columnCount() in range(90, 93)


def test_twenty_thousand_draw_calls_do_not_crash_pyside():
    """PySide6 6.12.0 on Python 3.11 aborts after a few thousand calls returning None."""
    image = QImage(200, 200, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    for i in range(20_000):
        painter.drawRect(i % 190, i % 190, 5, 5)
    painter.end()
    assert not image.isNull()


def test_grouping_by_role_orders_rows_by_role_and_is_remembered(demo_window, make_window):
    from deskplan.domain.ordering import PeopleOrder

    demo_window.group_box.setCurrentIndex(demo_window.group_box.findData(PeopleOrder.ROLE.value))
    roles = [p.role.casefold() for p in demo_window.model.people]
    assert roles == sorted(roles)
    assert demo_window.model.group_starts
    demo_window.close()
    assert make_window().grouping is PeopleOrder.ROLE


def test_the_status_bar_counts_follow_edits(qtbot, demo_window):
    def recount():
        errors = sum(1 for c in listed(demo_window) if c.severity is Severity.ERROR)
        return errors, len(listed(demo_window)) - errors

    row, column = fixed_home_day_cell(demo_window)
    demo_window.panel.view.select_cells([(row, column)])
    for status in (Status.OFFICE, Status.HOME, Status.UNPLANNED, Status.OFFICE):
        demo_window.panel.view.set_selected(status)
        settle(qtbot, demo_window)
        assert demo_window.dock.model.counts() == recount()
        errors, _warnings = recount()
        assert demo_window.counts_label.text().startswith(f"{errors} error")


def test_one_footer_line_per_site_whatever_its_spelling(qtbot, demo_window):
    footer = demo_window.panel.footer_model
    before = [line.label for line in footer.lines]
    person = demo_window.model.people[0]
    moved = replace(person, location=f" {person.location.lower()}")
    save(qtbot, demo_window.document, SavePeople((moved,)))
    assert [line.label for line in footer.lines] == before
    site = next(line for line in footer.lines if person.location in line.label)
    assert demo_window.model.row_of(person.staff_id) in site.rows.tolist()


def test_a_right_click_on_a_name_offers_that_persons_details(demo_window):
    person = demo_window.model.people[3]
    menu = demo_window.person_menu(3)
    texts = [a.text() for a in menu.actions() if a.text()]
    assert texts[:3] == [f"Edit {person.name}…", "Arrangements…", "Show only their conflicts"]
    menu.actions()[2].trigger()
    dock = demo_window.dock
    assert all(dock.proxy.index(i, 0).data(CONFLICT_ROLE).staff_id == person.staff_id
               for i in range(dock.proxy.rowCount()))


def test_the_counts_are_in_the_status_bar_and_panel_title_from_the_first_paint(
        qtbot, make_window):
    def shown(window) -> tuple[str, str, tuple[int, int]]:
        return (window.counts_label.text(), window.dock.windowTitle(), window.dock.model.counts())

    first = make_window()
    first.open_demo()
    settle(qtbot, first)
    text, title, (errors, warnings) = shown(first)
    assert errors + warnings > 0
    assert text.startswith(f"{errors} error{'s' if errors != 1 else ''} · {warnings} warning")
    assert title == f"Conflicts ({errors + warnings})"
    first.close()
    # After a restart, before any event is handled (nothing waits for a timer or a paint).
    again = make_window()
    assert again.document.team_id == first.document.team_id
    assert shown(again) == (text, title, (errors, warnings))


def test_a_footer_count_fits_a_narrow_month_column(demo_window):
    metrics = demo_window.panel.footer.fontMetrics()
    wide = metrics.horizontalAdvance("12✓")
    # Room enough: as it is, full size.
    assert fitted("12✓", metrics.horizontalAdvance, wide + 4) == ("12✓", 1.0)
    # A little short: a smaller face, the tick kept.
    text, scale = fitted("12✓", metrics.horizontalAdvance, int(wide * 0.8))
    assert text == "12✓"
    assert 0.7 <= scale < 1
    assert wide * scale <= int(wide * 0.8)
    # Far too short: a met count drops its tick; short of cover keeps its cross.
    assert fitted("12✓", metrics.horizontalAdvance, int(wide * 0.5))[0] == "12"
    assert fitted("7✖", metrics.horizontalAdvance, 4)[0] == "7✖"
    assert demo_window.date_edit.width() < 250  # the toolbar's date box: as wide as a date
