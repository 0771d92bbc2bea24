"""The organisation overview window (HR and admin): compliance per team, site and week; desk use
per site and day against capacity; reviews due; each table sortable, filterable, exportable.

It reads through the same store as the planner, under the login's row security: HR sees
every team, and people whose arrangements HR may not see are counted but not judged. Reading
and computing run on a worker thread; the window stays responsive meanwhile.
"""

from __future__ import annotations

import logging
import threading
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from deskplan.domain.calendar import describe_day
from deskplan.domain.errors import DeskplanError
from deskplan.interchange.overview_export import shown, write_overview_csv, write_overview_pdf
from deskplan.overview import Overview, OverviewTable, summary, tables
from deskplan.ui.inputs import DateBox
from deskplan.ui.screen_fit import fit_to_screen
from deskplan.ui.status_style import ERROR_HEX
from deskplan.ui.store import PlanStore

log = logging.getLogger(__name__)

AnyIndex = QModelIndex | QPersistentModelIndex
#: What the overview shows first: this week and the three after it.
DEFAULT_WEEKS = 4
#: Columns are sized from this many rows, not from every one of thousands.
SIZED_FROM_ROWS = 50
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_FLAGGED = QColor(ERROR_HEX)


class TableModel(QAbstractTableModel):
    """One overview table; DisplayRole is text, UserRole the typed value (for sorting)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.table = OverviewTable("", "", (), [], [])
        self.text: list[list[str]] = []
        self.keys: list[list[Any]] = []
        self.last_column = -1

    def set_table(self, table: OverviewTable) -> None:
        self.beginResetModel()  # a new overview replaces every row
        self.table = table
        # Worded once here, so that painting and sorting thousands of rows is only lookups.
        self.text = [[shown(value) for value in row] for row in table.rows]
        self.keys = [[value.toordinal() if isinstance(value, date) else
                      -1 if value is None else value for value in row] for row in table.rows]
        self.last_column = len(table.columns) - 1
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.text)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.table.columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text[row][column]
        if role == Qt.ItemDataRole.UserRole:
            return self.keys[row][column]
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(self.keys[row][column], int):
            return _RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and column == self.last_column and \
                self.table.flagged[row]:
            return _FLAGGED
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.table.columns):
            return self.table.columns[section]
        return None


class OverviewJob(QObject):
    """Reads and computes the overview on a worker thread; results arrive queued."""

    #: Overview: the result.
    done = Signal(object)
    #: str: why there is none (a message for the user).
    failed = Signal(str)

    def __init__(self, store: PlanStore, first: date, last: date,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store, self.first, self.last = store, first, last
        self.worker = threading.Thread(target=self._run, name="deskplan-overview", daemon=True)

    def _run(self) -> None:
        try:
            result = self.store.overview(self.first, self.last)
        except DeskplanError as error:
            self.failed.emit(str(error))
        except Exception:
            log.exception("the overview failed")
            self.failed.emit("The overview failed because of a bug; the details are in the log.")
        else:
            self.done.emit(result)


class OverviewWindow(QMainWindow):
    def __init__(self, store: PlanStore, first: date, last: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.overview: Overview | None = None
        self.jobs: list[OverviewJob] = []
        self.setWindowTitle("Organisation overview")
        self.first_edit = DateBox(first, self, name="From")
        self.last_edit = DateBox(last, self, name="To")
        self.show_button = QPushButton("&Show", self)
        self.show_button.clicked.connect(self.reload)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter by team or site")
        self.filter.setAccessibleName("Filter by team or site")
        self.filter.setClearButtonEnabled(True)
        self.export_button = QPushButton("&Export…", self)
        self.export_button.clicked.connect(self.export)
        self.export_button.setEnabled(False)
        controls = QHBoxLayout()
        for label, widget in (("&From:", self.first_edit), ("&To:", self.last_edit)):
            text = QLabel(label, self)
            text.setBuddy(widget)
            controls.addWidget(text)
            controls.addWidget(widget)
        controls.addWidget(self.show_button)
        controls.addSpacing(12)
        controls.addWidget(self.filter, 1)
        controls.addWidget(self.export_button)
        self.summary = QLabel("Reading every team…", self)
        self.summary.setWordWrap(True)
        self.tabs = QTabWidget(self)
        self.models: dict[str, TableModel] = {}
        self.views: dict[str, QTableView] = {}
        for key, title in (("compliance", "&Compliance"), ("desks", "&Desks"),
                           ("reviews", "&Reviews due")):
            model = TableModel(self)
            proxy = QSortFilterProxyModel(self)
            proxy.setSourceModel(model)
            proxy.setSortRole(Qt.ItemDataRole.UserRole)
            proxy.setFilterKeyColumn(-1 if key == "reviews" else 0)
            proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            self.filter.textChanged.connect(proxy.setFilterFixedString)
            view = QTableView(self)
            view.setModel(proxy)
            view.setSortingEnabled(True)
            # Rows come in order (team, site, week): no sort until a header is clicked.
            view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
            view.setAlternatingRowColors(True)
            view.verticalHeader().hide()
            view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            view.horizontalHeader().setResizeContentsPrecision(SIZED_FROM_ROWS)
            view.setAccessibleName(title.replace("&", ""))
            self.models[key], self.views[key] = model, view
            self.tabs.addTab(view, title)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.addLayout(controls)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        fit_to_screen(self, 1100, 700)

    @classmethod
    def default_range(cls, today: date) -> tuple[date, date]:
        monday = today - timedelta(days=today.weekday())
        return monday, monday + timedelta(days=7 * DEFAULT_WEEKS - 1)

    def _range(self) -> tuple[date, date] | None:
        for box in (self.first_edit, self.last_edit):
            if (problem := box.problem()) is not None:
                self.summary.setText(problem)
                return None
        first, last = self.first_edit.date(), self.last_edit.date()
        if last < first:
            self.summary.setText("The last day is before the first: choose the days again.")
            return None
        return first, last

    def reload(self) -> None:
        """Read and compute on a worker thread; the tables change when it is done."""
        chosen = self._range()
        if chosen is None:
            return
        self.summary.setText(f"Reading every team from {describe_day(chosen[0])} to "
                             f"{describe_day(chosen[1])}…")
        self.show_button.setEnabled(False)
        job = OverviewJob(self.store, *chosen, self)
        self.jobs.append(job)
        job.done.connect(lambda result: self._finished(job, result))
        job.failed.connect(lambda message: self._finished(job, None, message))
        job.worker.start()

    def load_now(self) -> None:
        """The same, on this thread (for tests and benchmarks that wait for the result)."""
        chosen = self._range()
        if chosen is not None:
            self.show_overview(self.store.overview(*chosen))

    def _finished(self, job: OverviewJob, result: Overview | None, message: str = "") -> None:
        self.jobs.remove(job)
        job.deleteLater()
        self.show_button.setEnabled(True)
        if result is None:
            self.summary.setText(f"Nothing to show: {message}")
        else:
            self.show_overview(result)

    def show_overview(self, overview: Overview) -> None:
        self.overview = overview
        for table in tables(overview):
            self.models[table.key].set_table(table)
            self.views[table.key].resizeColumnsToContents()
        self.summary.setText(f"{describe_day(overview.first)} – {describe_day(overview.last)}: "
                             f"{summary(overview)}")
        self.export_button.setEnabled(True)

    def current_table(self) -> str:
        return list(self.models)[self.tabs.currentIndex()]

    def export(self) -> None:
        if self.overview is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, "Export the overview", f"overview-{self.current_table()}.csv",
            "CSV, the table shown (*.csv);;PDF, every table (*.pdf)")
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> str:
        """Write the shown table (CSV) or every table (PDF); say what was written."""
        assert self.overview is not None
        try:
            if path.suffix.lower() == ".pdf":
                pages = write_overview_pdf(self.overview, path)
                message = f"Wrote {path.name}: {pages} page{'s' if pages != 1 else ''}."
            else:
                rows = write_overview_csv(self.overview, self.current_table(), path)
                message = f"Wrote {path.name}: {rows:,} rows."
        except DeskplanError as error:
            QMessageBox.warning(self, "Nothing was exported", str(error))
            return str(error)
        self.statusBar().showMessage(message, 10000)
        return message
