"""Suggest a fix from the Conflicts panel: the suggestions arrive from a worker thread, the
one applied solves the conflict without a new error, as one undo step; a conflict no rota
change can solve says so."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from deskplan.domain.conflicts import RuleId, Severity
from deskplan.ui.conflicts_dock import CONFLICT_ROLE
from deskplan.ui.fix_dialog import FixDialog
from tests.ui.conftest import settle


def _choose(window, rule: RuleId):
    dock = window.dock
    for row in range(dock.proxy.rowCount()):
        index = dock.proxy.index(row, 0)
        if index.data(CONFLICT_ROLE).rule is rule:
            dock.list.setCurrentIndex(index)
            return index.data(CONFLICT_ROLE)
    raise AssertionError(f"the demo has no {rule.value} conflict")


def _errors(window) -> set:
    return {c.key for c in window.document.checker.conflicts if c.severity is Severity.ERROR}


def test_the_panel_offers_the_fix_with_its_shortcut(demo_window, monkeypatch):
    shown = []
    monkeypatch.setattr(FixDialog, "exec", lambda dialog: shown.append(dialog.conflict) or 0)
    action = demo_window.dock.suggest_action
    assert action.shortcut() == QKeySequence("Ctrl+Shift+F")
    assert action in demo_window.dock.list.actions()
    assert demo_window.dock.list.contextMenuPolicy() is Qt.ContextMenuPolicy.ActionsContextMenu
    requested = []
    demo_window.dock.fix_requested.connect(requested.append)
    conflict = _choose(demo_window, RuleId.BELOW_MINIMUM)
    action.trigger()
    assert requested == [conflict]
    assert shown == [conflict]  # the window opened the dialog for it


def test_a_fix_applied_solves_the_conflict_without_a_new_error_in_one_step(qtbot,
                                                                          demo_window):
    conflict = _choose(demo_window, RuleId.BELOW_MINIMUM)
    before = _errors(demo_window)
    dialog = demo_window.fix_dialog(conflict)
    qtbot.addWidget(dialog)
    assert dialog.job.worker.name == "deskplan-fix"
    qtbot.waitUntil(lambda: dialog.result_fixes is not None, timeout=60_000)
    assert dialog.result_fixes.fixes, dialog.result_fixes.note
    assert 1 <= dialog.fixes_list.count() <= 3
    assert dialog.apply_button.isEnabled()
    assert dialog.fixes_list.item(0).text().startswith("1. ")
    steps = demo_window.undo_stack.count()
    demo_window.apply_fix(dialog)
    settle(qtbot, demo_window)  # saved on the database worker
    assert demo_window.undo_stack.count() == steps + 1
    assert demo_window.undo_stack.undoText().startswith("Fix: ")
    after = _errors(demo_window)
    assert conflict.key not in after
    assert after <= before
    demo_window.undo_stack.undo()
    settle(qtbot, demo_window)  # saved on the database worker
    assert _errors(demo_window) == before


def test_a_conflict_about_the_record_says_no_rota_change_solves_it(qtbot, demo_window):
    conflict = _choose(demo_window, RuleId.UNCLASSIFIED)
    dialog = demo_window.fix_dialog(conflict)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.result_fixes is not None, timeout=60_000)
    assert "no change to the rota solves it" in dialog.status.text()
    assert dialog.changes() == []
    assert not dialog.apply_button.isEnabled()
