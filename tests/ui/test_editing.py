"""Editing the grid from the keyboard, the mouse and the clipboard, with undo and redo."""

from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence

from deskplan.domain.model import Status
from tests.ui.conftest import settle, working_cells


def saved_status(window, row, column):
    """What the database holds for a cell, read afresh."""
    model = window.model
    _version, plan = window.store.load_team(window.document.team_id)
    return plan.rota.get(model.people[row].staff_id, model.days[column])


def focus_cell(qtbot, window, row, column):
    view = window.panel.view
    view.setFocus()
    view.setCurrentIndex(window.model.index(row, column))
    return view


def test_typing_a_letter_sets_and_saves_the_cell(qtbot, demo_window):
    column = working_cells(demo_window, 0)[0]
    view = focus_cell(qtbot, demo_window, 0, column)
    qtbot.keyClick(view, Qt.Key.Key_S)
    settle(qtbot, demo_window)
    assert demo_window.model.status[0, column] == Status.SICK
    assert saved_status(demo_window, 0, column) is Status.SICK
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    settle(qtbot, demo_window)
    assert demo_window.model.status[0, column] == Status.UNPLANNED
    assert saved_status(demo_window, 0, column) is Status.UNPLANNED


def test_shift_arrows_extend_the_selection_and_one_key_sets_it_all(qtbot, demo_window):
    columns = working_cells(demo_window, 1)
    start = next(c for c in columns if {c + 1, c + 2} <= set(columns))
    view = focus_cell(qtbot, demo_window, 1, start)
    view.selectionModel().select(view.currentIndex(),
                                 QItemSelectionModel.SelectionFlag.ClearAndSelect)
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert len(view.selectionModel().selectedIndexes()) == 6
    qtbot.keyClick(view, Qt.Key.Key_T)
    settle(qtbot, demo_window)
    for column in range(start, start + 3):
        assert demo_window.model.status[1, column] == Status.TRAINING
        assert saved_status(demo_window, 1, column) is Status.TRAINING
    assert demo_window.undo_stack.count() == 1


def test_each_change_is_one_undo_step_named_after_it(qtbot, demo_window):
    model = demo_window.model
    columns = working_cells(demo_window, 2)[:4]
    before = [Status(int(model.status[2, c])) for c in columns]
    view = focus_cell(qtbot, demo_window, 2, columns[0])
    view.select_cells([(2, c) for c in columns])
    qtbot.keyClick(view, Qt.Key.Key_L)
    settle(qtbot, demo_window)
    assert demo_window.undo_action.text().replace("&", "") == "Undo Set 4 cells to Leave"
    assert [saved_status(demo_window, 2, c) for c in columns] == [Status.LEAVE] * 4
    demo_window.undo_action.trigger()
    settle(qtbot, demo_window)
    assert [Status(int(model.status[2, c])) for c in columns] == before
    assert [saved_status(demo_window, 2, c) for c in columns] == before
    assert demo_window.redo_action.text().replace("&", "") == "Redo Set 4 cells to Leave"
    assert QKeySequence("Ctrl+Shift+Z") in demo_window.redo_action.shortcuts()
    assert QKeySequence(QKeySequence.StandardKey.Undo) in demo_window.undo_action.shortcuts()
    demo_window.redo_action.trigger()
    settle(qtbot, demo_window)
    assert [saved_status(demo_window, 2, c) for c in columns] == [Status.LEAVE] * 4


def test_days_off_are_not_set_to_a_working_status(qtbot, demo_window):
    model = demo_window.model
    column = next(c for c in range(len(model.days)) if not model.working[0, c])
    view = focus_cell(qtbot, demo_window, 0, column)
    qtbot.keyClick(view, Qt.Key.Key_O)
    settle(qtbot, demo_window)
    assert model.status[0, column] == Status.UNPLANNED
    assert demo_window.undo_stack.count() == 0


def test_dragging_with_the_mouse_selects_a_range(qtbot, demo_window):
    view = demo_window.panel.view
    model = demo_window.model
    columns = working_cells(demo_window, 0)
    start = next(c for c in columns if c + 1 in columns and c + 1 in working_cells(demo_window, 1))
    first = view.visualRect(model.index(0, start)).center()
    last = view.visualRect(model.index(1, start + 1)).center()
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=first)
    qtbot.mouseMove(view.viewport(), last)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=last)
    selected = {(i.row(), i.column()) for i in view.selectionModel().selectedIndexes()}
    assert selected == {(0, start), (0, start + 1), (1, start), (1, start + 1)}
    qtbot.keyClick(view, Qt.Key.Key_H)
    settle(qtbot, demo_window)
    assert all(model.status[r, c] == Status.HOME for r, c in selected if model.working[r, c])


def test_selecting_a_whole_column_from_its_header(qtbot, demo_window):
    view = demo_window.panel.view
    column = working_cells(demo_window, 0)[0]
    header = view.horizontalHeader()
    x = header.sectionViewportPosition(column) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(x, 10))
    rows = {i.row() for i in view.selectionModel().selectedIndexes()}
    assert rows == set(range(demo_window.model.rowCount()))


def test_copy_gives_tab_separated_letters_and_paste_reads_them(qtbot, demo_window):
    model = demo_window.model
    view = demo_window.panel.view
    columns = working_cells(demo_window, 3)[:2]
    view.select_cells([(3, columns[0]), (3, columns[1])])
    view.copy_selection()
    letters = [Status(int(model.status[3, c])).letter for c in columns]
    assert QGuiApplication.clipboard().text() == "\t".join(letters) + "\n"

    # Two people after each other with two working days after each other in common (the demo's
    # rosters make that depend on who sorts where).
    row, start = next((r, c) for r in range(4, len(model.people) - 1)
                      for c in working_cells(demo_window, r)
                      if {c, c + 1} <= set(working_cells(demo_window, r))
                      and {c, c + 1} <= set(working_cells(demo_window, r + 1)))
    view.setCurrentIndex(model.index(row, start))
    QGuiApplication.clipboard().setText("O\tH\r\nhome\toffice\r\n")
    view.actions_by_name["paste"].trigger()
    settle(qtbot, demo_window)
    assert [Status(int(model.status[r, c])) for r in (row, row + 1)
            for c in (start, start + 1)] == [Status.OFFICE, Status.HOME, Status.HOME,
                                             Status.OFFICE]
    assert saved_status(demo_window, row + 1, start + 1) is Status.OFFICE
    assert demo_window.undo_action.text().replace("&", "").startswith("Undo Paste")


def test_a_paste_with_an_unknown_value_changes_nothing(qtbot, demo_window):
    model = demo_window.model
    view = demo_window.panel.view
    column = working_cells(demo_window, 0)[0]
    before = model.status.copy()
    view.setCurrentIndex(model.index(0, column))
    with qtbot.waitSignal(view.message) as message:
        view.paste_text("O\tX\n")
        settle(qtbot, demo_window)
    assert "unknown status 'X'" in message.args[0]
    assert (model.status == before).all()


def test_one_value_pasted_fills_the_selection(qtbot, demo_window):
    model = demo_window.model
    view = demo_window.panel.view
    columns = working_cells(demo_window, 6)[:3]
    view.select_cells([(6, c) for c in columns])
    view.paste_text("S\n")
    settle(qtbot, demo_window)
    assert all(model.status[6, c] == Status.SICK for c in columns)


def test_selecting_a_whole_row_from_the_name_column(qtbot, demo_window):
    view = demo_window.panel.view
    header = view.verticalHeader()
    y = header.sectionViewportPosition(2) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(20, y))
    cells = {(i.row(), i.column()) for i in view.selectionModel().selectedIndexes()}
    assert cells == {(2, c) for c in range(demo_window.model.columnCount())}
    qtbot.keyClick(view, Qt.Key.Key_H)
    settle(qtbot, demo_window)
    model = demo_window.model
    assert all(model.status[2, c] == Status.HOME for c in range(model.columnCount())
               if model.working[2, c])


def test_space_cycles_the_status_of_the_chosen_cells(qtbot, demo_window):
    model = demo_window.model
    column = working_cells(demo_window, 0)[0]
    view = focus_cell(qtbot, demo_window, 0, column)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    settle(qtbot, demo_window)
    seen = []
    for _ in range(7):
        qtbot.keyClick(view, Qt.Key.Key_Space)
        settle(qtbot, demo_window)
        seen.append(Status(int(model.status[0, column])))
    assert seen == [Status.OFFICE, Status.HOME, Status.LEAVE, Status.SICK, Status.TRAINING,
                    Status.BUSINESS, Status.UNPLANNED]


def test_shift_space_and_ctrl_space_take_the_row_and_the_day(qtbot, demo_window):
    model = demo_window.model
    view = focus_cell(qtbot, demo_window, 1, 2)
    before = model.status.copy()
    qtbot.keyClick(view, Qt.Key.Key_Space, Qt.KeyboardModifier.ShiftModifier)
    settle(qtbot, demo_window)
    rows = {(i.row(), i.column()) for i in view.selectionModel().selectedIndexes()}
    assert rows == {(1, c) for c in range(model.columnCount())}
    assert (model.status == before).all()  # selecting is not cycling
    view.select_cells([(3, 4)])
    qtbot.keyClick(view, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, demo_window)
    cells = {(i.row(), i.column()) for i in view.selectionModel().selectedIndexes()}
    assert cells == {(r, 4) for r in range(model.rowCount())}
