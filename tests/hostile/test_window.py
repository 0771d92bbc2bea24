"""The window meets the same files and ends of the calendar: the import dialog reads on a
worker (Cancel stops the reader mid-file) and shows the command line's refusals in the
dialog, never the crash dialog; Previous and Next stop at the dates deskplan plans."""

from __future__ import annotations

import sqlite3
import threading
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton

from deskplan.domain.calendar import EARLIEST_DATE, LATEST_DATE
from deskplan.domain.errors import InputError
from deskplan.interchange import xlsx_table
from deskplan.interchange.limits import CANCEL_EVERY, ReadCancelledError, describe_error
from deskplan.interchange.plan_files import read_table
from deskplan.ui.import_dialog import ImportKind
from deskplan.ui.policy_dialog import PolicyDialog
from tests.hostile import files
from tests.hostile.test_tables import BAD_FILES, _make
from tests.ui.conftest import settle

DIALOG_CASES = ["zip bomb", "cell at XFD1048576", "checksum wrong", "sheet part missing",
                "password", "ods bomb", "HTML as xls", "10 MB cell", "unclosed quote",
                "control character"]


@pytest.fixture
def crashes(monkeypatch) -> list[str]:
    """What would have reached the crash dialog ("deskplan hit a bug")."""
    from deskplan.ui import crash

    seen: list[str] = []
    monkeypatch.setattr(crash, "show_crash_dialog", lambda details, parent=None:
                        seen.append(details))
    return seen


@pytest.mark.parametrize("case", DIALOG_CASES)
def test_the_import_dialog_refuses_as_the_command_line_does(qtbot, demo_window, tmp_path: Path,
                                                            crashes, case: str) -> None:
    name, maker, _ = BAD_FILES[case]
    path = _make(tmp_path, name, maker)
    with pytest.raises(InputError) as caught:
        read_table(path)
    expected = describe_error(caught.value).splitlines()
    dialog = demo_window.import_dialog()
    qtbot.addWidget(dialog)
    dialog.set_file(path)
    qtbot.waitUntil(lambda: dialog.job is None, timeout=60000)
    shown = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    assert shown == [f"✖ {line}" for line in expected]
    assert dialog.summary.text().startswith("This file cannot be imported")
    assert "bug" not in dialog.summary.text()
    assert not dialog.import_button.isEnabled()
    assert crashes == []


def test_check_the_file_shows_the_same_refusal(qtbot, demo_window, tmp_path: Path,
                                               crashes) -> None:
    path = files.write(tmp_path / "rota.csv",
                       files.ROTA_CSV.replace(",02/04/2025,", ",2025-04-01,", 1))
    dialog = demo_window.import_dialog()
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData(ImportKind.ROTA.value))
    dialog.set_file(path)
    qtbot.waitUntil(lambda: dialog.job is None, timeout=30000)
    dialog.start_analysis()
    qtbot.waitUntil(lambda: dialog.job is None, timeout=30000)
    text = dialog.problems.item(0).text()
    assert "rota.csv, row 1, column '2025-04-01': the date 01/04/2025 has two columns" in text
    assert crashes == []


def big_rota(tmp_path: Path, rows: int = 200_000) -> Path:
    body = "".join(f"S{i},2025-04-01,O\n" for i in range(rows))
    return files.write(tmp_path / "big.csv", "staff_id,date,status\n" + body)


def test_the_reader_stops_mid_file_when_cancelled(tmp_path: Path) -> None:
    asked: list[int] = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 2

    with pytest.raises(ReadCancelledError):
        read_table(big_rota(tmp_path), cancelled=cancelled)
    assert len(asked) == 3  # asked every few thousand rows, stopped at the third time


def test_cancel_in_the_dialog_stops_the_worker(qtbot, demo_window, tmp_path: Path) -> None:
    path = big_rota(tmp_path)
    dialog = demo_window.import_dialog()
    qtbot.addWidget(dialog)
    dialog.set_file(path)
    job = dialog.job
    assert job is not None
    assert dialog.progress is not None
    dialog.progress.findChild(QPushButton).click()  # the progress dialog's Cancel
    job.worker.join(timeout=30)
    assert not job.worker.is_alive()
    assert dialog.job is None
    assert dialog.loaded is None
    assert dialog.summary.text() == "Cancelled; nothing was imported."


def database_dump(path: Path) -> list[str]:
    """Every table's rows, read through a connection of our own that cannot write."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        return list(connection.iterdump())


def test_cancel_while_a_workbook_is_read_stops_it_and_changes_nothing(
        qtbot, demo_window, tmp_path: Path, monkeypatch) -> None:
    rows = 4 * CANCEL_EVERY
    path = files.write(tmp_path / "rota.xlsx", files.long_rota_xlsx(rows))
    before = database_dump(tmp_path / "deskplan.sqlite3")
    reading, resume = threading.Event(), threading.Event()
    converted: list[object] = []
    real = xlsx_table.value_text

    def held(value: object) -> str:  # the worker waits at its first cell until Cancel
        if not converted:
            reading.set()
            resume.wait(timeout=30)
        converted.append(value)
        return real(value)

    monkeypatch.setattr(xlsx_table, "value_text", held)
    dialog = demo_window.import_dialog()
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData(ImportKind.ROTA.value))
    dialog.set_file(path)
    job = dialog.job
    assert job is not None
    assert dialog.progress is not None
    assert reading.wait(timeout=30)  # the reader is inside the sheet's rows
    dialog.progress.findChild(QPushButton).click()  # the progress dialog's Cancel
    resume.set()
    job.worker.join(timeout=30)
    assert not job.worker.is_alive()
    assert 0 < len(converted) <= 3 * (CANCEL_EVERY + 1) < 3 * rows  # stopped mid-sheet
    assert dialog.job is None
    assert dialog.loaded is None
    assert dialog.summary.text() == "Cancelled; nothing was imported."
    assert not dialog.import_button.isEnabled()
    settle(qtbot, demo_window)
    assert database_dump(tmp_path / "deskplan.sqlite3") == before


def test_previous_stops_at_1990_and_next_at_2100(qtbot, demo_window, crashes) -> None:
    demo_window.go_to(date(1990, 1, 20))
    for _ in range(5):
        demo_window.step_period(-1)
    assert demo_window.anchor == EARLIEST_DATE
    assert "deskplan plans from Mon 1 Jan 1990" in demo_window.statusBar().currentMessage()
    demo_window.go_to(date(2100, 12, 1))
    for _ in range(5):
        demo_window.step_period(1)
    assert demo_window.anchor == LATEST_DATE
    demo_window.go_to(date(9999, 12, 31))
    assert demo_window.anchor == LATEST_DATE
    assert demo_window.date_edit.minimumDate().year == 1990
    assert demo_window.date_edit.maximumDate().year == 2100
    assert crashes == []


@pytest.mark.parametrize("confirmed", [False, True])
def test_loading_an_empty_policy_file_asks_before_removing(qtbot, demo_window, tmp_path: Path,
                                                           monkeypatch, confirmed: bool) -> None:
    before = demo_window.document.policy
    assert before.locations  # the demo has sites with desks
    asked: list[list[str]] = []
    monkeypatch.setattr(demo_window, "confirm_policy_removal",
                        lambda removed: asked.append(removed) or confirmed)
    dialog = demo_window.policy_dialog_for_file(files.write(tmp_path / "empty.toml", ""))
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog._finish(PolicyDialog.SAVE)
    demo_window.apply_policy_choice(dialog, from_file=True)
    settle(qtbot, demo_window)
    assert asked
    assert any(part.startswith("the site") for part in asked[0])
    after = demo_window.document.policy
    assert (after.locations == ()) is confirmed
    assert (after == before) is not confirmed


def test_a_users_problem_reaching_the_hook_is_a_plain_dialog(qtbot, monkeypatch) -> None:
    """A damaged database met in a slot with no handler of its own (switching teams) is
    the user's to fix: a plain message, not "deskplan hit a bug"."""
    import sys

    from deskplan.storage.db import DamagedDatabaseError
    from deskplan.ui import crash

    crashes: list[str] = []
    plain: list[str] = []
    monkeypatch.setattr(sys, "excepthook", sys.__excepthook__)
    monkeypatch.setattr(crash, "show_crash_dialog", lambda d, parent=None: crashes.append(d))
    monkeypatch.setattr(crash, "show_problem_dialog", lambda m, parent=None: plain.append(m))
    crash.install_crash_handler()
    error = DamagedDatabaseError("x.sqlite3 is damaged, so deskplan will not write to it")
    sys.excepthook(type(error), error, None)
    assert plain == ["x.sqlite3 is damaged, so deskplan will not write to it"]
    assert crashes == []
    bug = RuntimeError("a bug")
    sys.excepthook(type(bug), bug, None)
    assert len(crashes) == 1
