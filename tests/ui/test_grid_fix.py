"""Suggest a fix from the grid: a cell's menu offers a fix for each conflict the cell is part
of (and Ctrl+Shift+F for the current cell); the fix applied is one undo step and solves the
conflict without a new error, as from the Conflicts panel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from deskplan.domain.conflicts import RuleId, Severity
from deskplan.ui.fix_dialog import FixDialog
from tests.ui.conftest import activate, settle


def _below_minimum_cell(window):
    model = window.model
    conflict = next(c for c in window.document.checker.conflicts
                    if c.rule is RuleId.BELOW_MINIMUM and model.cells_of(c)
                    and window.document.first <= c.start)
    return conflict, model.cells_of(conflict)[0]


def _errors(window) -> set:
    return {c.key for c in window.document.checker.conflicts if c.severity is Severity.ERROR}


def test_a_cells_menu_offers_a_fix_for_its_conflicts(qtbot, demo_window, monkeypatch):
    window = demo_window
    conflict, cell = _below_minimum_cell(window)
    assert conflict in window.model.conflicts_at(*cell)
    shown = []
    monkeypatch.setattr(FixDialog, "exec", lambda dialog: shown.append(dialog.conflict) or 0)
    menu = window.panel.view.cell_menu(*cell)
    qtbot.addWidget(menu)
    offered = [a for a in menu.actions() if "fix" in a.text().lower()]
    if offered[0].menu() is not None:  # several conflicts: one entry each
        offered = list(offered[0].menu().actions())
    texts = [a.text() for a in offered]
    assert any(conflict.message[:40] in t for t in texts), texts
    chosen = next(a for a in offered if conflict.message[:40] in a.text())
    chosen.trigger()
    assert shown == [conflict]
    menu.popup(window.mapToGlobal(window.rect().center()))
    QApplication.processEvents()
    menu.grab().save("/tmp/window_fix_menu.png")
    menu.close()


def test_a_cell_without_a_conflict_offers_no_fix_and_the_key_says_why(qtbot, demo_window):
    window, model = demo_window, demo_window.model
    cell = next((r, c) for r in range(len(model.people)) for c in range(len(model.days))
                if not model.conflicts_at(r, c))
    menu = window.panel.view.cell_menu(*cell)
    qtbot.addWidget(menu)
    assert not [a for a in menu.actions() if a.text().startswith("Suggest")]
    window.panel.view.select_cells([cell])
    window.panel.view.request_fix()
    assert "nothing to fix" in window.statusBar().currentMessage()


def test_ctrl_shift_f_in_the_grid_fixes_the_current_cells_conflict_in_one_step(
        qtbot, demo_window, monkeypatch):
    window = demo_window
    _, cell = _below_minimum_cell(window)
    opened = []

    def run(dialog: FixDialog) -> int:  # the user waits for the suggestions, takes the first
        opened.append(dialog.conflict)
        qtbot.waitUntil(lambda: dialog.result_fixes is not None, timeout=60_000)
        assert dialog.result_fixes.fixes, dialog.result_fixes.note
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(FixDialog, "exec", run)
    before = _errors(window)
    expected = window.model.conflicts_at(*cell)[0]  # errors first: the one offered
    assert expected.severity is Severity.ERROR
    activate(qtbot, window)
    window.panel.view.select_cells([cell])
    window.focus_grid()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    settle(qtbot, window)
    assert opened == [expected]
    assert window.undo_stack.count() == 1
    assert window.undo_stack.undoText().startswith("Fix")
    after = _errors(window)
    assert opened[0].key not in after
    assert after <= before  # no new error
