"""The window on the organisation's PostgreSQL database: others' saves arrive by themselves
(LISTEN/NOTIFY), desks are counted across teams, HR reads without changing, history is shown."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt

from deskplan.domain.model import Status
from deskplan.storage import repository as repo
from deskplan.ui.app import open_window
from tests.storage.organisation import MONDAY, Org, collect_lost_connections, org
from tests.ui.conftest import settle

__all__ = ["org"]


@pytest.fixture
def window_for(qtbot, tmp_path, org: Org):
    opened = []

    def make(who: str):
        settings = QSettings(str(tmp_path / f"{who}.ini"), QSettings.Format.IniFormat)
        window = open_window(org.urls[who], settings)
        qtbot.addWidget(window)
        window.resize(1300, 800)
        window.show()
        window.go_to(MONDAY)
        opened.append(window)
        return window

    yield make
    for window in opened:
        settle(qtbot, window)  # a window closes once its last change is saved
        window.close()
        window.deleteLater()
    # Delete the windows now, inside this test: a PostgreSQL connection one of them still held
    # was otherwise collected at a random moment of a later test.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    opened.clear()
    collect_lost_connections()


def _save(org: Org, who: str, team: str, changes) -> None:
    with org.open(who).session() as session:
        version = repo.load_team(session, team_id=org.teams[team]).version
        repo.save_cells(session, team_id=org.teams[team], expected_version=version,
                        changes=changes)


def _column(window, day) -> int:
    return window.model.days.index(day)


def test_another_users_save_refreshes_the_window_and_keeps_the_selection(
        qtbot, window_for, org: Org) -> None:
    window = window_for("m1")
    assert window.live.active
    model, view = window.model, window.panel.view
    rows = {p.staff_id: r for r, p in enumerate(model.people)}
    tuesday = MONDAY + timedelta(days=1)
    view.select_cells([(rows["N2"], _column(window, tuesday)),
                       (rows["N3"], _column(window, tuesday))])
    version = window.document.version
    _save(org, "admin", "north", [("N1", MONDAY, Status.HOME)])  # another connection
    qtbot.waitUntil(lambda: window.document.cell("N1", MONDAY).status is Status.HOME, timeout=5000)
    assert window.document.version == version + 1
    model = window.model
    assert sorted((model.people[r].staff_id, model.days[c]) for r, c in view.selected_cells()) \
        == [("N2", tuesday), ("N3", tuesday)]
    assert window.model.status[rows["N1"], _column(window, MONDAY)] == Status.HOME
    assert "someone else" in window.statusBar().currentMessage()


def test_a_conflicting_edit_is_still_refused(qtbot, window_for, org: Org, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    window = window_for("m1")
    window.live.stop()  # the notice does not arrive in time: the edit races the other save
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: told.append(args[2]))
    _save(org, "admin", "north", [("N2", MONDAY, Status.LEAVE)])
    window.apply_changes([("N2", MONDAY, Status.HOME)])
    qtbot.waitUntil(lambda: bool(told))
    assert "changed by someone else" in told[0]
    assert window.document.cell("N2", MONDAY).status is Status.LEAVE


def test_desks_are_counted_across_teams_without_naming_them(qtbot, window_for, org: Org):
    window = window_for("m1")
    footer = window.panel.footer_model
    qtbot.waitUntil(lambda: footer.lines[0].label.endswith(" · all teams"))
    assert footer.lines[0].label == "In office · Lambeth (40 desks) · all teams"

    def tip() -> str:
        return footer.data(footer.index(0, _column(window, MONDAY)), Qt.ItemDataRole.ToolTipRole)

    assert tip().endswith("3 of this team in the office; 5 of 40 desks booked across 3 teams")
    assert "South" not in tip()
    assert "East" not in tip()
    _save(org, "m2", "south", [("S1", MONDAY, Status.HOME)])  # another team's desk freed
    qtbot.waitUntil(lambda: tip().endswith("4 of 40 desks booked across 2 teams"),
                    timeout=5000)


def test_hr_reads_a_team_but_cannot_change_it(qtbot, window_for, org: Org) -> None:
    window = window_for("hr")
    assert window.team_box.count() == 3
    assert not window.people_action.isEnabled()
    before = window.document.version
    window.apply_changes([("N1", MONDAY, Status.HOME)])
    assert "may read this team but not change it" in window.statusBar().currentMessage()
    assert window.document.version == before
    assert window.document.plan.adjustments == []


def test_the_history_of_a_day_and_a_person_names_who_changed_it(qtbot, window_for,
                                                                org: Org) -> None:
    window = window_for("m1")
    window.apply_changes([("N2", MONDAY, Status.HOME)])
    settle(qtbot, window)
    day = window.day_history_dialog(MONDAY)
    qtbot.addWidget(day)
    login = org.logins["m1"]
    assert day.lines()[0].startswith(f"Ned North: changed from Office to Home by {login} on ")
    ned = next(p for p in window.model.people if p.staff_id == "N2")
    person = window.person_history_dialog(ned)
    qtbot.addWidget(person)
    assert person.lines()[0].startswith("Mon 3 Feb 2025: changed from Office to Home by")
    assert any("added to the team" in line for line in person.lines())


def test_a_notice_after_the_window_closed_reads_nothing(qtbot, window_for, org: Org) -> None:
    """A notice still queued when the window closes must not read through the closed store
    (it left a connection open for the garbage collector)."""
    window = window_for("m1")
    window.close()
    window.live.team_changed.emit(org.teams["north"], window.document.version + 1)
    assert not window._notice_timer.isActive()
