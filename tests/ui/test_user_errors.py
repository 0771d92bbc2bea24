"""Problems the user can fix (a database locked, gone, refusing) are plain dialogs naming the
problem, never the crash dialog, and the window keeps showing what it showed."""

import sys

import pytest

from deskplan.storage.errors import StorageError


@pytest.fixture
def shown(monkeypatch, demo_window):
    """What `show_error` would show; a bug reaching the crash hook fails the test instead."""
    found: list[tuple[str, str]] = []
    monkeypatch.setattr(demo_window, "show_error", lambda title, text: found.append((title, text)))
    monkeypatch.setattr(sys, "excepthook", lambda *exc: pytest.fail(f"crash dialog: {exc}"))
    return found


def refuse(*_args, **_kwargs):
    raise StorageError("/tmp/deskplan.sqlite3 is locked by another program; try again")


def test_a_storage_error_during_reload_is_a_plain_dialog(monkeypatch, demo_window, shown):
    name = demo_window.document.plan.name
    monkeypatch.setattr(demo_window.store, "list_teams", refuse)
    demo_window.reload()
    assert shown == [("The teams could not be read",
                      "/tmp/deskplan.sqlite3 is locked by another program; try again")]
    assert demo_window.document.plan.name == name
    assert demo_window.model.rowCount() > 0


def test_a_storage_error_switching_teams_keeps_the_team_shown(monkeypatch, demo_window, shown):
    document = demo_window.document
    before = (document.team_id, document.plan.name, len(demo_window.model.people))
    other = next(t.id for t in demo_window.store.list_teams() if t.id != document.team_id)
    monkeypatch.setattr(demo_window.store, "load_team", refuse)
    monkeypatch.setattr(demo_window.store, "load_part", refuse)  # the months shown first
    demo_window.team_box.setCurrentIndex(demo_window.team_box.findData(other))
    demo_window.team_box.activated.emit(demo_window.team_box.currentIndex())
    assert [title for title, _ in shown] == ["The team could not be opened"]
    assert (document.team_id, document.plan.name, len(demo_window.model.people)) == before
    assert demo_window.team_box.currentData() == before[0]
