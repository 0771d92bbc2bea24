"""File → Export: the rota or the compliance report as PDF, Excel, CSV or iCalendar.

The dialog remembers the last choices. The export runs on a worker thread with a copy of the
plan, so the window never freezes and editing can go on; the result comes back as a signal.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from deskplan.domain.errors import DeskplanError
from deskplan.domain.ordering import PeopleOrder
from deskplan.domain.plan import Plan
from deskplan.domain.rota import Rota
from deskplan.interchange.compliance_pdf import ReportOptions, write_report_pdf
from deskplan.interchange.compliance_report import write_report_csv
from deskplan.interchange.csv_export import CsvLayout, write_csv
from deskplan.interchange.ics_export import IcsShape, write_ics
from deskplan.interchange.pdf_export import PdfOptions, write_pdf
from deskplan.interchange.pdf_setup import Orientation, PageSetup, Paper
from deskplan.interchange.xlsx_export import write_xlsx
from deskplan.ui.inputs import DateBox, FormError

log = logging.getLogger(__name__)


class ExportKind(StrEnum):
    PDF = "pdf"
    REPORT_PDF = "report-pdf"
    REPORT_CSV = "report-csv"
    XLSX = "xlsx"
    CSV_LONG = "csv-long"
    CSV_WIDE = "csv-wide"
    ICS = "ics"
    ICS_TEAM = "ics-team"

    @property
    def label(self) -> str:
        return {
            "pdf": "Rota as PDF (to print or pin up)",
            "report-pdf": "Compliance report as PDF",
            "report-csv": "Compliance report as CSV",
            "xlsx": "Rota as an Excel workbook",
            "csv-long": "Rota as CSV, one row per person and day",
            "csv-wide": "Rota as CSV, one column per day",
            "ics": "Office and home days as calendar events (iCalendar)",
            "ics-team": "Who is in each day, as a team calendar (iCalendar)",
        }[self.value]

    @property
    def suffix(self) -> str:
        return {"pdf": ".pdf", "report-pdf": ".pdf", "report-csv": ".csv", "xlsx": ".xlsx",
                "csv-long": ".csv", "csv-wide": ".csv", "ics": ".ics",
                "ics-team": ".ics"}[self.value]

    @property
    def is_pdf(self) -> bool:
        return self in (ExportKind.PDF, ExportKind.REPORT_PDF)


@dataclass(frozen=True)
class ExportRequest:
    kind: ExportKind
    path: Path
    first: date
    last: date
    staff_ids: tuple[str, ...] | None = None
    paper: Paper = Paper.A4
    orientation: Orientation = Orientation.LANDSCAPE
    conflicts_page: bool = True
    include_adjustment_details: bool = False
    #: Leave and sickness apart in the rota exports (default: both "away").
    include_absence_detail: bool = False
    order: PeopleOrder = PeopleOrder.NAME
    """The PDF lists people as the grid does: sorted by name or grouped."""
    #: What actually happened (Team → Plan against actual…), for the compliance report: with
    #: it the report is judged on attendance and the PDF lists the days not attended.
    actuals: Rota | None = None


def export(plan: Plan, request: ExportRequest,
           progress: Callable[[int, int], None] | None = None) -> str:
    """Write one export; return a sentence saying what was written. No widgets involved."""
    kind, path, first, last = request.kind, request.path, request.first, request.last
    people = request.staff_ids
    setup = PageSetup(request.paper, request.orientation)
    if kind is ExportKind.PDF:
        pages = write_pdf(plan, path, first, last, PdfOptions(
            setup=setup, include_adjustment_details=request.include_adjustment_details,
            conflicts_page=request.conflicts_page, staff_ids=people, order=request.order,
            include_absence_detail=request.include_absence_detail),
            progress)
        return f"Wrote {pages} page{'s' if pages != 1 else ''} to {path.name}."
    if kind is ExportKind.REPORT_PDF:
        pages = write_report_pdf(plan, path, first, last, ReportOptions(
            setup=setup, include_adjustment_details=request.include_adjustment_details,
            staff_ids=people, order=request.order, actuals=request.actuals), progress)
        return f"Wrote {pages} page{'s' if pages != 1 else ''} to {path.name}."
    if kind is ExportKind.REPORT_CSV:
        rows = write_report_csv(plan, path, first, last, people,
                                include_adjustment_details=request.include_adjustment_details,
                                order=request.order, actuals=request.actuals,
                                as_of=date.today())
        return f"Wrote {rows} rows to {path.name}."
    if kind is ExportKind.XLSX:
        sheets = write_xlsx(plan, path, first, last, people,
                            include_absence_detail=request.include_absence_detail)
        return f"Wrote {len(sheets)} month sheet{'s' if len(sheets) != 1 else ''} to {path.name}."
    if kind in (ExportKind.ICS, ExportKind.ICS_TEAM):
        shape = IcsShape.TEAM if kind is ExportKind.ICS_TEAM else IcsShape.PERSONAL
        result = write_ics(plan, path, first, last, people, shape=shape)
        return f"Wrote {result.describe()} to {path.name}."
    layout = CsvLayout.LONG if kind is ExportKind.CSV_LONG else CsvLayout.WIDE
    rows = write_csv(plan, path, first, last, layout, people,
                     include_absence_detail=request.include_absence_detail)
    return f"Wrote {rows} rows to {path.name}."


class ExportJob(QObject):
    """Runs `export` on a worker thread; the signals arrive on the GUI thread (queued)."""

    #: int, int: pages (or steps) done and in total.
    progressed = Signal(int, int)
    #: str: what was written.
    succeeded = Signal(str)
    #: str: why nothing was written (a message for the user).
    failed = Signal(str)

    def __init__(self, plan: Plan, request: ExportRequest, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.request = request
        self.worker = threading.Thread(target=self._run, name="deskplan-export", daemon=True)

    def start(self) -> None:
        self.worker.start()

    def _run(self) -> None:
        try:
            message = export(self.plan, self.request, self.progressed.emit)
        except DeskplanError as error:
            self.failed.emit(str(error))
        except Exception:
            log.exception("export failed")
            self.failed.emit("The export failed because of a bug; the details are in the log.")
        else:
            self.succeeded.emit(message)


class ExportDialog(QDialog):
    """Choose what to export, for which days and people, and where to."""

    def __init__(self, settings: QSettings, first: date, last: date, team_name: str,
                 selected_ids: tuple[str, ...], parent: QWidget | None = None, *,
                 order: PeopleOrder = PeopleOrder.NAME) -> None:
        super().__init__(parent)
        self.order = order
        self.setWindowTitle("Export")
        self.settings = settings
        self.selected_ids = selected_ids
        self.kind = QComboBox(self)
        for kind in ExportKind:
            self.kind.addItem(kind.label, kind.value)
        remembered = str(settings.value("export/kind", ExportKind.PDF.value))
        self.kind.setCurrentIndex(max(self.kind.findData(remembered), 0))
        self.first = DateBox(first, self, name="From")
        self.last = DateBox(last, self, name="To")
        self.people = QComboBox(self)
        self.people.addItem("Everyone in the team", "all")
        if selected_ids:
            self.people.addItem(f"The {len(selected_ids)} selected "
                                f"{'person' if len(selected_ids) == 1 else 'people'}", "selected")
        self.paper = QComboBox(self)
        for paper in Paper:
            self.paper.addItem(paper.value, paper.value)
        self.paper.setCurrentIndex(max(self.paper.findData(
            str(settings.value("export/paper", Paper.A4.value))), 0))
        self.orientation = QComboBox(self)
        for orientation in Orientation:
            self.orientation.addItem(orientation.value.capitalize(), orientation.value)
        self.orientation.setCurrentIndex(max(self.orientation.findData(
            str(settings.value("export/orientation", Orientation.LANDSCAPE.value))), 0))
        self.conflicts_page = QCheckBox("Add a page listing the conflicts", self)
        self.conflicts_page.setChecked(settings.value("export/conflicts", "true") == "true")
        self.details = QCheckBox("Name each person's arrangement (kind, dates, reference)", self)
        self.details.setToolTip("Off: the export only says 'individual arrangement applies'. "
                                "Turn on only for documents that stay with managers.")
        self.absence = QCheckBox("Show leave and sickness apart (default: both 'away')", self)
        self.absence.setToolTip("Sickness is health data: a rota shared with the team shows "
                                "both as 'away' unless you include this detail.")
        folder = Path(str(settings.value("export/folder", str(Path.home()))))
        self.path = QLineEdit(str(folder / f"{team_name or 'rota'} {first:%Y-%m-%d}"), self)
        self.path.setAccessibleName("Save to")
        browse = QPushButton("&Browse…", self)
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("E&xport")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("&What:", self.kind)
        form.addRow("&From:", self.first)
        form.addRow("&To:", self.last)
        form.addRow("&People:", self.people)
        form.addRow("Pa&per:", self.paper)
        form.addRow("&Orientation:", self.orientation)
        form.addRow("", self.conflicts_page)
        form.addRow("", self.details)
        form.addRow("", self.absence)
        form.addRow("Save to:", path_row)
        form.addRow(self.error)
        form.addRow(buttons)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        self.result_request: ExportRequest | None = None

    def current_kind(self) -> ExportKind:
        return ExportKind(self.kind.currentData())

    def _kind_changed(self) -> None:
        kind = self.current_kind()
        for widget in (self.paper, self.orientation):
            widget.setEnabled(kind.is_pdf)
        self.conflicts_page.setEnabled(kind is ExportKind.PDF)
        self.details.setEnabled(kind in (ExportKind.PDF, ExportKind.REPORT_PDF,
                                         ExportKind.REPORT_CSV))
        self.absence.setEnabled(kind in (ExportKind.PDF, ExportKind.XLSX, ExportKind.CSV_LONG,
                                         ExportKind.CSV_WIDE))
        self.path.setText(str(Path(self.path.text()).with_suffix(kind.suffix)))

    def _browse(self) -> None:
        kind = self.current_kind()
        path, _ = QFileDialog.getSaveFileName(self, "Export to", self.path.text(),
                                              f"{kind.label} (*{kind.suffix})")
        if path:
            self.path.setText(path)

    def request(self) -> ExportRequest:
        """The export asked for; FormError saying what to change if it cannot be made."""
        for name, box in (("From", self.first), ("To", self.last)):
            if (problem := box.problem()) is not None:
                raise FormError(f"{name}: {problem}")
        first, last = self.first.date(), self.last.date()
        if last < first:
            raise FormError("The last day is before the first.")
        text = self.path.text().strip()
        if not text:
            raise FormError("Choose where to save the export.")
        kind = self.current_kind()
        path = Path(text).expanduser()
        if path.suffix.lower() != kind.suffix:
            path = path.with_suffix(kind.suffix)
        return ExportRequest(
            kind=kind, path=path, first=first, last=last,
            staff_ids=self.selected_ids if self.people.currentData() == "selected" else None,
            paper=Paper(self.paper.currentData()),
            orientation=Orientation(self.orientation.currentData()),
            conflicts_page=self.conflicts_page.isChecked(),
            include_adjustment_details=self.details.isChecked() and self.details.isEnabled(),
            include_absence_detail=self.absence.isChecked() and self.absence.isEnabled(),
            order=self.order,
        )

    def _accept(self) -> None:
        try:
            request = self.request()
        except FormError as error:
            self.error.setText(str(error))
            return
        self.settings.setValue("export/kind", request.kind.value)
        self.settings.setValue("export/paper", request.paper.value)
        self.settings.setValue("export/orientation", request.orientation.value)
        self.settings.setValue("export/conflicts", "true" if request.conflicts_page else "false")
        self.settings.setValue("export/folder", str(request.path.parent))
        self.result_request = request
        self.accept()
