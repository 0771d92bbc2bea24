"""File → Import: a team list, a rota or arrangements, checked and previewed before saving.

Reading a file (to show its columns) and checking it (thousands of rows) run on a worker
thread behind a progress dialog whose Cancel stops the reader mid-file; nothing is saved until
the user has seen the preview and its row-level problems and pressed Import. Saving is one
transaction. A file deskplan refuses is refused with the command line's words, in this
dialog: it is the user's to fix, never a crash.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressDialog,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from deskplan.domain.errors import DeskplanError, InputError, Problem
from deskplan.domain.model import Adjustment, Person
from deskplan.domain.policy import Policy
from deskplan.interchange.adjustments_file import read_adjustments
from deskplan.interchange.headers import TEAM_FIELDS, fold_header
from deskplan.interchange.limits import (
    CancelCheck,
    ReadCancelledError,
    cancellable,
    check_cancelled,
    describe_error,
)
from deskplan.interchange.plan_files import read_rota_file, read_table
from deskplan.interchange.table import Table
from deskplan.interchange.team_file import read_team
from deskplan.interchange.team_import import PreferenceChange, plan_team_import
from deskplan.interchange.xlsx_table import sheet_names, workbook_kind
from deskplan.planning.preferences import Preference
from deskplan.storage.operations import CellChange
from deskplan.ui.screen_fit import fit_to_screen

log = logging.getLogger(__name__)
PREVIEW_ROWS = 30
IGNORE = ""
#: The sheet list's first entry for a rota from a workbook of several sheets: what
#: `deskplan import rota` reads without `--sheet` (an exported workbook has a sheet a month).
EVERY_SHEET = "Every sheet with a staff id column"


class ImportKind(StrEnum):
    TEAM = "team"
    ROTA = "rota"
    ADJUSTMENTS = "adjustments"

    @property
    def label(self) -> str:
        return {"team": "Team list (people)", "rota": "Rota (days)",
                "adjustments": "Arrangements"}[self.value]


@dataclass
class ImportPreview:
    """What an import would do, worked out without touching the database."""

    kind: ImportKind
    table: Table
    summary: str
    problems: list[Problem] = field(default_factory=list)
    #: What the import did, for the status bar once it is saved (the summary says what it would).
    done: str = ""
    people: list[Person] = field(default_factory=list)
    cells: list[CellChange] = field(default_factory=list)
    adjustments: list[Adjustment] = field(default_factory=list)
    #: Standing preferences a team list's preference columns change.
    preferences: list[PreferenceChange] = field(default_factory=list)

    @property
    def writes(self) -> int:
        return (len(self.people) + len(self.cells) + len(self.adjustments)
                + len(self.preferences))


def _count(number: int, one: str, many: str) -> str:
    return f"{number:,} {one if number == 1 else many}"


def _listed(names: Sequence[str], shown: int = 6) -> str:
    """The first few names and how many more, so a long list cannot fill the status bar."""
    more = len(names) - shown
    return ", ".join(names[:shown]) + (f" and {more:,} more" if more > 0 else "")


def analyse(kind: ImportKind, path: Path, sheet: str | None, overrides: dict[str, str],
            people: Sequence[Person], policy: Policy, today: date,
            ignored: frozenset[str] = frozenset(),
            cancelled: CancelCheck = lambda: False, *,
            preferences: Mapping[str, Preference] | None = None) -> ImportPreview:
    """Read and check the file against the team; InputError for problems with its header.

    `overrides` maps column titles to team-list fields; `ignored` columns are not read at all
    (their titles are hidden from the reader so it cannot recognise them by itself).
    `preferences` are the team's stored ones, which a team list's preference columns replace.
    A rota is read as `deskplan import rota` reads it (`read_rota_file`): without `sheet`,
    every sheet of a workbook that has a staff id column. `cancelled` is asked while the file
    is read and between the steps after it (`ReadCancelledError`): nothing is saved here
    either way.
    """
    table = read_table(path, sheet, cancelled)
    check_cancelled(cancelled)
    if kind is ImportKind.TEAM:
        hidden = replace(table, header=[f"(ignored) {h}" if h in ignored else h
                                        for h in table.header])
        incoming = read_team(hidden, overrides or None, valid_rows_only=True,
                             cancelled=cancelled)
        check_cancelled(cancelled)
        result = plan_team_import(people, incoming, policy, today, preferences=preferences)
        titles = sorted({p.role for p in result.unclassified if p.role}, key=str.casefold)
        to_classify = ([f"{_count(len(titles), 'job title', 'job titles')} to classify in the "
                        f"policy: {_listed(titles)}"] if titles else [])
        leavers = ([_count(len(result.possible_leavers), "person in the team is not in the file "
                           "(not changed)", "people in the team are not in the file (not "
                           "changed)")] if result.possible_leavers else [])
        preferences_to = ([_count(len(result.preferences), "person's preferences to replace",
                                  "people's preferences to replace")]
                          if result.preferences else [])
        preferences_done = ([_count(len(result.preferences), "person's preferences replaced",
                                    "people's preferences replaced")]
                            if result.preferences else [])
        parts = [_count(len(result.added), "person to add", "people to add"),
                 _count(len(result.updated), "to update", "to update"),
                 _count(len(result.unchanged), "unchanged", "unchanged"), *preferences_to,
                 *leavers, *to_classify]
        done = [_count(len(result.added), "person added", "people added"),
                _count(len(result.updated), "updated", "updated"), *preferences_done,
                *to_classify]
        return ImportPreview(kind, table, "; ".join(parts) + ".", list(result.problems),
                             done="; ".join(done) + ".",
                             people=result.to_save, preferences=result.preferences)
    known = {p.staff_id for p in people}
    if kind is ImportKind.ROTA:
        try:
            rota = read_rota_file(path, {p.staff_id: p for p in people}, sheet,
                                  sites=policy.site_names(), cancelled=cancelled)
            check_cancelled(cancelled)
            cells: list[CellChange] = list(cancellable(rota.entries(), cancelled))
        except InputError as error:
            return ImportPreview(kind, table, "Nothing can be imported until the problems "
                                 "below are fixed.", list(error.problems))
        who = _count(len({staff_id for staff_id, _, _ in cells}), "person", "people")
        days = _count(len(cells), "day", "days")
        return ImportPreview(kind, table, f"{days} to set for {who}.", cells=cells,
                             done=f"{days} set for {who}.")
    try:
        adjustments = read_adjustments(table, known)
    except InputError as error:
        return ImportPreview(kind, table, "Nothing can be imported until the problems below "
                             "are fixed.", list(error.problems))
    arrangements = _count(len(adjustments), "arrangement", "arrangements")
    return ImportPreview(kind, table, f"{arrangements} to add or replace.",
                         adjustments=adjustments, done=f"{arrangements} added or replaced.")


@dataclass
class FileRead:
    """What the dialog shows of a file before it is checked: its sheets and its rows."""

    sheets: list[str]
    table: Table | None
    #: Why the chosen sheet cannot be read (another sheet may be the right one).
    problem: str | None = None


def read_for_preview(path: Path, sheet: str | None, cancelled: CancelCheck) -> FileRead:
    """The sheet names (workbooks only) and the chosen sheet's table, as the command line
    reads them. A workbook whose sheet is refused still gives its sheets to choose from."""
    sheets = sheet_names(path, cancelled) if workbook_kind(path) is not None else []
    try:
        return FileRead(sheets, read_table(path, sheet or (sheets[0] if sheets else None),
                                           cancelled))
    except DeskplanError as error:
        if not sheets:
            raise
        return FileRead(sheets, None, describe_error(error))


class ReadJob(QObject):
    """Reading work on a worker thread; `cancel()` stops the reader at its next check.

    A `DeskplanError` (a file deskplan refuses) is reported as the command line words it;
    anything else is a bug, logged, and reported as one."""

    #: the work's result
    done = Signal(object)
    #: str: why the file cannot be read (one problem a line)
    failed = Signal(str)

    def __init__(self, work: Callable[[CancelCheck], object]) -> None:
        super().__init__()
        self.work = work
        self.cancelled = False
        self.worker = threading.Thread(target=self._run, name="deskplan-import", daemon=True)

    def start(self) -> None:
        self.worker.start()

    def cancel(self) -> None:
        self.cancelled = True

    def _run(self) -> None:
        try:
            result = self.work(lambda: self.cancelled)
        except ReadCancelledError:
            return
        except DeskplanError as error:
            if not self.cancelled:
                self.failed.emit(describe_error(error))
        except Exception:
            log.exception("reading the import file failed")
            if not self.cancelled:
                self.failed.emit("The file could not be read because of a bug in deskplan; "
                                 "the details are in the log (Help → About names it).")
        else:
            if not self.cancelled:
                self.done.emit(result)


def AnalyseJob(kind: ImportKind, path: Path, sheet: str | None, overrides: dict[str, str],
               people: Sequence[Person], policy: Policy, today: date,
               ignored: frozenset[str] = frozenset(), *,
               preferences: Mapping[str, Preference] | None = None) -> ReadJob:
    """`analyse` on a worker thread. Cancelling stops the reader: nothing is saved."""
    return ReadJob(lambda cancelled: analyse(kind, path, sheet, overrides, people, policy,
                                             today, ignored, cancelled,
                                             preferences=preferences))


class ImportDialog(QDialog):
    """Pick a file and sheet, map the columns (team lists), preview, then import."""

    def __init__(self, settings: QSettings, people: Sequence[Person], policy: Policy,
                 has_team: bool, parent: QWidget | None = None, *,
                 preferences: Mapping[str, Preference] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import")
        fit_to_screen(self, 900, 720)
        self.settings = settings
        self.people = list(people)
        self.policy = policy
        #: The open team's standing preferences (a team list's preference columns replace them).
        self.preferences = dict(preferences or {})
        self.preview: ImportPreview | None = None
        self.job: ReadJob | None = None
        self.progress: QProgressDialog | None = None
        #: The table read from the chosen file and sheet, once the worker has read it.
        self.loaded: Table | None = None
        #: The sheets of the chosen workbook (none for a text file).
        self.sheets: list[str] = []
        self.kind = QComboBox(self)
        for kind in ImportKind:
            self.kind.addItem(kind.label, kind.value)
        if not has_team:
            self.kind.setEnabled(False)
        self.path = QLineEdit(self)
        self.path.setAccessibleName("File to import")
        self.path.setPlaceholderText("a CSV or Excel file")
        browse = QPushButton("&Browse…", self)
        browse.clicked.connect(self.browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(browse)
        self.sheet = QComboBox(self)
        self.sheet.setAccessibleName("Worksheet")
        self.sheet.setEnabled(False)
        self.team_name = QLineEdit(self)
        self.team_name.setAccessibleName("Name of the new team")
        self.new_team = QCheckBox("Into a new team named", self)
        self.has_team = has_team
        self.new_team.setChecked(not has_team)
        self.new_team.setEnabled(has_team)
        # The preview is made against the open team or against nobody: it must be made again.
        self.new_team.toggled.connect(self._invalidate)
        self.new_team.toggled.connect(self._show_team_row)
        team_row = QHBoxLayout()
        team_row.addWidget(self.new_team)
        team_row.addWidget(self.team_name, 1)
        self.mapping = QTableWidget(0, 2, self)
        self.mapping.setHorizontalHeaderLabels(("Column in the file", "Read as"))
        self.mapping.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.mapping.verticalHeader().hide()
        self.mapping.setAccessibleName("Column mapping")
        self.mapping.setMaximumHeight(150)
        self.table = QTableWidget(0, 0, self)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setAccessibleName("Preview of the file")
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.problems = QListWidget(self)
        self.problems.setAccessibleName("Problems in the file")
        self.problems.setMaximumHeight(110)
        check = QPushButton("&Check the file", self)
        check.clicked.connect(self.start_analysis)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText("&Import")
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("&What:", self.kind)
        form.addRow("File:", file_row)
        form.addRow("&Sheet:", self.sheet)
        form.addRow("", team_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Columns (team lists; detected from the headings):", self))
        layout.addWidget(self.mapping)
        layout.addWidget(check, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.sheet.currentIndexChanged.connect(self._sheet_changed)
        self.path.editingFinished.connect(lambda: self.set_file(Path(self.path.text())))
        self._show_team_row()

    def _show_team_row(self) -> None:
        """Only a team list can start a new team: rota days and arrangements go into the open
        team, so the new-team row is off (and its name box empty of a file's name) for them."""
        team = self.current_kind() is ImportKind.TEAM
        if not team:
            self.new_team.setChecked(False)
        self.new_team.setEnabled(team and self.has_team)
        self.team_name.setEnabled(team and self.new_team.isChecked())

    def _kind_changed(self) -> None:
        """Column mapping applies to team lists only; refill it for the file chosen."""
        self._show_team_row()
        self._fill_sheets()
        if self.loaded is not None:
            self._fill_mapping(self.loaded)
        else:
            self._invalidate()

    def current_kind(self) -> ImportKind:
        return ImportKind(self.kind.currentData())

    def browse(self) -> None:
        start = str(self.settings.value("import/folder", str(Path.home())))
        path, _ = QFileDialog.getOpenFileName(
            self, "Import", start,
            "Tables (*.csv *.txt *.xlsx *.xlsm *.xls *.ods);;All files (*)")
        if path:
            self.set_file(Path(path))

    def set_file(self, path: Path) -> None:
        """Read the file on the worker: its sheets, then its columns and first rows."""
        if not path.name:
            return
        self.path.setText(str(path))
        self.settings.setValue("import/folder", str(path.parent))
        if not self.team_name.text() and self.current_kind() is ImportKind.TEAM:
            self.team_name.setText(path.stem.replace("_", " ").title())
        self.sheets = []
        self._fill_sheets()
        self._read(path, None)

    def chosen_sheet(self) -> str | None:
        """The sheet to read; None: the first, or for a rota every sheet (`EVERY_SHEET`)."""
        return self.sheet.currentData() or None

    def _fill_sheets(self, current: str | None = None) -> None:
        """The workbook's sheets to choose from; for a rota, first of all every sheet."""
        current = current or self.chosen_sheet()
        every = self.current_kind() is ImportKind.ROTA and len(self.sheets) > 1
        self.sheet.blockSignals(True)
        self.sheet.clear()
        if every:
            self.sheet.addItem(EVERY_SHEET, "")
        for name in self.sheets:
            self.sheet.addItem(name, name)
        at = self.sheet.findData(current) if current else -1
        self.sheet.setCurrentIndex(max(at, 0))
        self.sheet.setEnabled(self.sheet.count() > 1)
        self.sheet.blockSignals(False)

    def _sheet_changed(self) -> None:
        """Show the chosen sheet (the first, for every sheet) and check it afresh."""
        self._read(Path(self.path.text()), self.chosen_sheet())

    def _read(self, path: Path, sheet: str | None) -> None:
        self.loaded = None
        self._invalidate()
        self.mapping.setRowCount(0)
        self.table.clear()
        self.table.setRowCount(0)
        self.table.setColumnCount(0)
        self._run(ReadJob(lambda cancelled: read_for_preview(path, sheet, cancelled)),
                  "Reading the file…", self._file_read)

    def _file_read(self, read: FileRead) -> None:
        if read.sheets and not self.sheets:
            self.sheets = read.sheets
            self._fill_sheets()  # the first sheet, or for a rota every sheet
        self.loaded = read.table
        if read.table is None:
            self._show_failure(read.problem or "")
        else:
            self._fill_mapping(read.table)

    def _fill_mapping(self, table: Table) -> None:
        """One row per column of the file, with the field deskplan would read it as."""
        self._invalidate()
        self.mapping.setRowCount(0)
        self._show_table(table)
        if self.current_kind() is not ImportKind.TEAM:
            return
        taken: set[str] = set()
        for number, title in enumerate(table.header):
            folded = fold_header(title)
            guess = next((f for f, aliases in TEAM_FIELDS.items()
                          if f not in taken and (folded == fold_header(f) or folded in aliases)),
                         IGNORE)
            taken.add(guess)
            box = QComboBox(self.mapping)
            box.addItem("(ignore)", IGNORE)
            for name in TEAM_FIELDS:
                box.addItem(name.replace("_", " "), name)
            box.setCurrentIndex(max(box.findData(guess), 0))
            box.currentIndexChanged.connect(self._invalidate)
            self.mapping.insertRow(number)
            self.mapping.setItem(number, 0, QTableWidgetItem(title))
            self.mapping.setCellWidget(number, 1, box)

    def _mapped(self) -> list[tuple[str, str]]:
        """(column title, field or IGNORE) for each column of a team list."""
        found = []
        for row in range(self.mapping.rowCount()):
            box = self.mapping.cellWidget(row, 1)
            item = self.mapping.item(row, 0)
            if isinstance(box, QComboBox) and item is not None:
                found.append((item.text(), str(box.currentData() or IGNORE)))
        return found

    def overrides(self) -> dict[str, str]:
        """Every column mapped to a field, deskplan's own guesses included."""
        return {title: field for title, field in self._mapped() if field != IGNORE}

    def ignored(self) -> frozenset[str]:
        return frozenset(title for title, field in self._mapped() if field == IGNORE)

    def _show_table(self, table: Table) -> None:
        self.table.clear()
        self.table.setColumnCount(len(table.header))
        self.table.setHorizontalHeaderLabels(table.header)
        rows = table.rows[:PREVIEW_ROWS]
        self.table.setRowCount(len(rows))
        self.table.setVerticalHeaderLabels([str(n) for n in table.row_numbers[:PREVIEW_ROWS]])
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.summary.setText(f"{len(table.rows):,} rows. Press “Check the file” to see what "
                             "would be imported.")

    def _invalidate(self) -> None:
        self.preview = None
        self.import_button.setEnabled(False)
        self.problems.clear()

    def _show_failure(self, message: str) -> None:
        """A refusal, in the command line's words: the first line as the summary, and every
        problem in the list, so the user sees each file, row and column to fix."""
        lines = message.splitlines() or [message]
        self.summary.setText("This file cannot be imported: "
                             + (lines[0] if len(lines) == 1 else
                                f"{len(lines)} problems, listed below."))
        self.problems.clear()
        self.problems.addItems([f"✖ {line}" for line in lines])
        self.import_button.setEnabled(False)

    def start_analysis(self) -> ReadJob | None:
        path = Path(self.path.text())
        if not path.is_file():
            self._show_failure(f"{path} is not a file.")
            return None
        new_team = self.new_team.isChecked()
        job = AnalyseJob(self.current_kind(), path, self.chosen_sheet(),
                         self.overrides(), [] if new_team else self.people,
                         self.policy, date.today(), self.ignored(),
                         preferences={} if new_team else self.preferences)
        self._run(job, "Reading and checking the file…", self.show_preview)
        return job

    def _run(self, job: ReadJob, text: str, done: Callable[[Any], None]) -> None:
        """Start `job` behind a progress dialog whose Cancel stops it (and any job before)."""
        if self.job is not None:
            self.job.cancel()
        progress = QProgressDialog(text, "Cancel", 0, 0, self)
        progress.setWindowTitle("Import")
        progress.setMinimumDuration(300)
        progress.setWindowModality(Qt.WindowModality.WindowModal)

        def cancel() -> None:
            job.cancel()
            if self.job is job:
                self.job = None
            self.summary.setText("Cancelled; nothing was imported.")

        def finish() -> None:
            progress.canceled.disconnect(cancel)
            progress.reset()
            if self.job is job:
                self.job = None

        def succeeded(result: object) -> None:
            finish()
            done(result)

        def failed(message: str) -> None:
            finish()
            self._show_failure(message)

        progress.canceled.connect(cancel)
        job.done.connect(succeeded)
        job.failed.connect(failed)
        self.progress = progress
        self.job = job
        job.start()

    def show_preview(self, preview: ImportPreview) -> None:
        self.preview = preview
        self.summary.setText(preview.summary + (
            f" {len(preview.problems)} row(s) have problems and will be left out."
            if preview.problems and preview.writes else ""))
        self.problems.clear()
        self.problems.addItems([f"✖ {p}" for p in preview.problems])
        self.import_button.setEnabled(preview.writes > 0)
