"""Writes never run on the GUI thread: a SQLite file locked by another program leaves the
window responding while the edit waits, and the edit is saved once the lock goes."""

import sqlite3

from PySide6.QtCore import QTimer

from deskplan.domain.model import Status
from tests.ui.conftest import settle, working_cells


def test_an_edit_waiting_for_a_locked_database_leaves_the_window_responding(
        qtbot, demo_window, tmp_path):
    window = demo_window
    column = working_cells(window, 0)[0]
    staff_id, day = window.model.people[0].staff_id, window.model.days[column]
    before = window.document.cell(staff_id, day)
    wanted = Status.SICK if before.status is not Status.SICK else Status.HOME
    other = sqlite3.connect(tmp_path / "deskplan.sqlite3", isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another program is in the middle of a write
    ticks: list[bool] = []
    timer = QTimer()
    # Each tick records whether the edit was still waiting for the lock when the GUI thread
    # ran it: the window handles events (paints, keys) while the database makes it wait.
    timer.timeout.connect(lambda: ticks.append(window.busy))
    try:
        window.panel.view.select_cells([(0, column)])
        window.panel.view.set_selected(wanted)
        # The key press came back at once: the write is queued on the worker, not done.
        assert window.busy
        assert "saving" in window.counts_label.text()
        assert window.document.cell(staff_id, day) == before  # shown only once saved
        timer.start(5)
        qtbot.waitUntil(lambda: len(ticks) >= 5, timeout=4000)
        assert all(ticks)  # five turns of the event loop, all while the write was blocked
        assert window.document.cell(staff_id, day) == before
    finally:
        timer.stop()
        other.execute("ROLLBACK")
        other.close()
    settle(qtbot, window)
    assert window.document.cell(staff_id, day).status is wanted
    stored = window.store.load_team(window.document.team_id)[1]
    assert stored.rota.cell(staff_id, day).status is wanted
    assert "saved" in window.counts_label.text()
    assert window.undo_action.text().replace("&", "") == f"Undo Set 1 cell to {wanted.label}"
