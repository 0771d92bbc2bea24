"""Errors the user can act on, the crash dialog, remembered settings and keyboard access."""

import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from deskplan.domain.model import Status
from deskplan.ui import crash
from deskplan.ui.periods import ViewSpan
from tests.ui.conftest import settle, working_cells


def test_someone_elses_change_is_explained_and_the_team_reloaded(qtbot, make_window,
                                                                 monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "information",
                        lambda parent, title, text: shown.append((title, text)))
    mine = make_window()
    mine.open_demo()
    settle(qtbot, mine)
    theirs = make_window()
    assert theirs.document.team_id == mine.document.team_id
    columns = working_cells(theirs, 0)
    theirs.panel.view.select_cells([(0, columns[0])])
    theirs.panel.view.set_selected(Status.TRAINING)
    settle(qtbot, theirs)

    mine.panel.view.select_cells([(0, columns[1])])
    mine.panel.view.set_selected(Status.SICK)
    qtbot.waitUntil(lambda: bool(shown))
    assert shown[0][0] == "Changed by someone else"
    # Nothing of mine was written; their change is now shown; my undo history is gone.
    assert mine.model.status[0, columns[1]] != Status.SICK
    assert mine.model.status[0, columns[0]] == Status.TRAINING
    assert mine.undo_stack.count() == 0
    mine.panel.view.select_cells([(0, columns[1])])
    mine.panel.view.set_selected(Status.SICK)
    settle(qtbot, mine)
    assert mine.model.status[0, columns[1]] == Status.SICK


def test_the_crash_dialog_shows_copyable_details(qtbot, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.__excepthook__)
    crash.install_crash_handler()
    try:
        raise RuntimeError("a bug in a slot")
    except RuntimeError as error:
        details = crash.crash_details(type(error), error, error.__traceback__)
    box = crash.show_crash_dialog(details)
    qtbot.addWidget(box)
    assert "RuntimeError: a bug in a slot" in box.detailedText()
    assert "Your edits so far are saved" in box.text()
    copy = next(b for b in box.buttons() if b.text() == "Copy details")
    copy.click()
    assert "a bug in a slot" in QGuiApplication.clipboard().text()
    assert sys.excepthook is not sys.__excepthook__


def test_the_window_remembers_team_view_and_grouping(qtbot, make_window):
    window = make_window()
    window.open_demo()
    settle(qtbot, window)
    second = window.team_box.itemData(1)
    window.open_team(second)
    window.set_span(ViewSpan.WEEK)
    window.close()
    again = make_window()
    assert again.document.team_id == second
    assert again.span is ViewSpan.WEEK
    assert again.model.columnCount() == 7


def test_keys_are_shown_in_the_menus(demo_window):
    texts = {a.text().replace("&", ""): a.shortcut().toString()
             for menu in demo_window.menuBar().findChildren(type(demo_window.edit_menu))
             for a in menu.actions()}
    assert texts["Set to Office"] == "O"
    assert texts["Clear"] == "Del"
    assert texts["Pattern…"] == "Ctrl+P"
    assert texts["Next conflict"] == "F8"
    assert texts["Export…"] == "Ctrl+E"
    assert texts["Today"] == "Ctrl+T"


def test_controls_have_accessible_names(demo_window):
    for widget in (demo_window.team_box, demo_window.date_edit, demo_window.group_box,
                   demo_window.panel.view, demo_window.dock.list,
                   demo_window.dock.severity_box, demo_window.legend):
        assert widget.accessibleName()


def test_the_grid_is_reachable_and_usable_from_the_keyboard(qtbot, demo_window):
    view = demo_window.panel.view
    view.setFocus()
    view.setCurrentIndex(demo_window.model.index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert (view.currentIndex().row(), view.currentIndex().column()) == (1, 1)
    focusable = [w for w in QApplication.allWidgets()
                 if w.window() is demo_window and w.isVisible()
                 and w.focusPolicy() & Qt.FocusPolicy.TabFocus]
    assert view in focusable
    assert demo_window.dock.list in focusable


def test_a_palette_change_retints_the_grid(demo_window):
    from PySide6.QtGui import QColor, QPalette

    from deskplan.ui.status_style import StatusStyle

    palette = QPalette(demo_window.palette())
    palette.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#eeeeee"))
    demo_window.panel.setPalette(palette)
    expected = StatusStyle.for_palette(palette)
    delegate = demo_window.panel.view.delegate
    assert delegate.style.tint[Status.OFFICE].color() == expected.tint[Status.OFFICE].color()
    assert delegate.style.base.color() == QColor("#1e1e1e")


def test_tab_leaves_the_grid_for_the_conflicts_panel(qtbot, demo_window):
    view = demo_window.panel.view
    assert not view.tabKeyNavigation()
    assert view.nextInFocusChain() is not None
    wanted = [demo_window.team_box, demo_window.date_edit, demo_window.group_box, view,
              demo_window.dock.severity_box, demo_window.dock.list]
    order, widget = [], demo_window.team_box
    for _ in range(1000):
        if widget in wanted and widget not in order:
            order.append(widget)
        widget = widget.nextInFocusChain()
    assert order == wanted


def test_a_database_that_cannot_be_opened_is_explained(qapp, tmp_path, monkeypatch):
    from deskplan.ui import app

    shown = []
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(app, "start_logging", lambda path: None)
    monkeypatch.setattr(app.QMessageBox, "critical",
                        lambda parent, title, text: shown.append(text))
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"this is not a database" * 100)
    assert app.run(db_path=damaged) == 2
    assert "damaged.sqlite3" in shown[0]


def test_the_keyboard_help_lists_the_shortcuts_of_the_menus(demo_window):
    text = demo_window.keyboard_help()
    for expected in ("Set to Office", "Ctrl+P", "F8", "Undo", "Next conflict"):
        assert expected in text


def test_a_refused_write_changes_nothing_and_says_why(qtbot, demo_window, monkeypatch):
    from deskplan.storage.errors import StorageError

    shown = []
    monkeypatch.setattr(demo_window, "show_error", lambda title, text: shown.append(text))

    def locked(*args, **kwargs):
        raise StorageError("deskplan.sqlite3 is locked by another program")

    monkeypatch.setattr(demo_window.store, "write", locked)
    model = demo_window.model
    column = working_cells(demo_window, 0)[0]
    before = model.status[0, column]
    demo_window.panel.view.select_cells([(0, column)])
    demo_window.panel.view.set_selected(Status.SICK if before != Status.SICK else Status.HOME)
    qtbot.waitUntil(lambda: bool(shown))
    assert "locked" in shown[0]
    assert model.status[0, column] == before
    assert demo_window.undo_stack.count() == 0


def test_reload_shows_what_someone_else_saved(qtbot, make_window):
    mine = make_window()
    mine.open_demo()
    settle(qtbot, mine)
    theirs = make_window()
    column = working_cells(theirs, 0)[0]
    theirs.panel.view.select_cells([(0, column)])
    wanted = Status.LEAVE if theirs.model.status[0, column] != Status.LEAVE else Status.HOME
    theirs.panel.view.set_selected(wanted)
    settle(qtbot, theirs)
    assert mine.model.status[0, column] != wanted
    mine.reload_action.trigger()
    assert mine.model.status[0, column] == wanted


def test_about_names_the_version_and_the_data_file(demo_window, monkeypatch):
    from deskplan import __version__

    shown = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: shown.append(text))
    demo_window.about()
    assert __version__ in shown[0]
    assert demo_window.data_location in shown[0]
