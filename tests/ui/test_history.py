"""On the embedded database: the record has no logins, and desks are counted for the team
alone, and the window says both."""

from __future__ import annotations

from PySide6.QtCore import Qt

from deskplan.domain.model import Status
from tests.ui.conftest import first_monday, settle, working_cells


def test_a_days_history_on_sqlite_says_what_and_when_but_not_who(qtbot, demo_window):
    window = demo_window
    column = working_cells(window, 0)[0]
    person, day = window.model.people[0], window.model.days[column]
    window.apply_changes([(person.staff_id, day, Status.LEAVE)])
    settle(qtbot, window)
    window.panel.view.setCurrentIndex(window.model.index(0, column))
    dialog = window.day_history_dialog(day)
    qtbot.addWidget(dialog)
    newest = dialog.lines()[0]
    assert newest.startswith(f"{person.name}: changed from ")
    assert " to Leave on " in newest
    assert " by " not in newest
    assert dialog.summary.text().startswith(f"{len(dialog.lines())} recorded change")


def test_desks_on_sqlite_are_counted_for_the_team_only_and_the_footer_says_so(qtbot,
                                                                             demo_window):
    footer = demo_window.panel.footer_model
    qtbot.waitUntil(lambda: footer.across_teams is False)
    line = next(i for i, spec in enumerate(footer.lines) if spec.capacity is not None)
    assert footer.lines[line].label.endswith(" · this team")
    monday = demo_window.model.days.index(first_monday(demo_window))
    tip = footer.data(footer.index(line, monday), Qt.ItemDataRole.ToolTipRole)
    assert "counted for this team only" in tip
    assert demo_window.live.active is False


def test_a_footer_cell_left_empty_says_why_rather_than_counting_desks(qtbot, demo_window):
    """A weekend for a Monday-to-Friday team: no count is drawn, and the tooltip says no one
    works, never "0 of 18 desks booked"; a cover rule's empty cell says the rule does not
    apply that day."""
    window = demo_window
    window.open_team(window.team_box.itemData(
        window.team_box.findText("Vetting Unit", Qt.MatchFlag.MatchStartsWith)))
    qtbot.waitUntil(lambda: window.document.plan.name == "Vetting Unit")
    footer = window.panel.footer_model
    saturday = next(i for i, day in enumerate(window.model.days) if day.weekday() == 5)
    line = next(i for i, spec in enumerate(footer.lines) if spec.capacity is not None)
    assert footer.text(line, saturday) == ""
    tip = footer.data(footer.index(line, saturday), Qt.ItemDataRole.ToolTipRole)
    assert tip.endswith("no one of this team works on this day")
    covers = [i for i, spec in enumerate(footer.lines) if spec.coverage is not None]
    for cover in covers:
        assert footer.text(cover, saturday) == ""
        tip = footer.data(footer.index(cover, saturday), Qt.ItemDataRole.ToolTipRole)
        assert "does not apply on this day" in tip
