"""Policy → Fairness…: who the policy's rounding falls on, for the team's own people.

A chart (a bar per working-pattern group: the effective share of working days required in the
office, with the full-time comparator as a dashed line) above a table of every figure, for the
saved policy, the what-if draft beside it, and the saved rules measured weekly, monthly, in days
or over a rolling window; the "Equality impact evidence" PDF and CSV are one click away. Groups
only: nobody is named (see `deskplan.domain.fairness`).

The figures are worked out on a worker thread (a year of a large team takes a few seconds) and
arrive by a queued signal. The chart is drawn by pyqtgraph, imported only when this dialog
opens, so the main window starts no slower (`benchmarks/bench_fairness_chart.py` measures it).
"""

from __future__ import annotations

import logging
import threading
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from deskplan.domain.durations import format_share
from deskplan.domain.errors import DeskplanError
from deskplan.domain.fairness import FairnessReport, FairnessTable, fairness_report, method_text
from deskplan.domain.plan import Plan
from deskplan.domain.policy import Policy
from deskplan.interchange.fairness_export import (
    WITHHELD,
    percent,
    percent_text,
    points_text,
    ratio,
    worst_word,
    write_fairness_csv,
    write_fairness_pdf,
)

log = logging.getLogger(__name__)


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())

_Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Group", "People", "Effective share", "Worst", "Home days / week", "Full-timer",
           "Difference", "Exact")
#: Columns of the what-if draft, beside the saved policy's.
BESIDE = ("What-if draft", "Draft difference")


class FairnessModel(QAbstractTableModel):
    """The rows of one fairness table: a heading row per rule, then its groups."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[bool, bool, list[str]]] = []  # (heading, flagged, cells)
        self._worst = "Worst"
        self._beside = False

    def set_table(self, table: FairnessTable | None,
                  beside: FairnessTable | None = None) -> None:
        """Show `table`; `beside` (the what-if draft) adds its effective share and difference
        to each group's row, side by side."""
        self.beginResetModel()  # a new table: every row changes
        self._rows = []
        self._beside = beside is not None
        if table is not None:
            self._worst = f"Worst {worst_word(table)}"
            for section in table.sections:
                self._rows.append((True, False, [section.rule] + [""] * (
                    len(COLUMNS) + (len(BESIDE) if beside is not None else 0) - 1)))
                for g in section.groups:
                    if g.hidden:
                        cells = [g.label, g.people_text, WITHHELD, "", "", "", "", ""]
                    else:
                        cells = [g.label, g.people_text, percent_text(g.effective),
                                 percent_text(g.worst), f"{float(g.home_days_per_week):.2f}",
                                 percent_text(g.comparator_share), points_text(g.gap),
                                 ratio(g.effective)]
                    if beside is not None:
                        # The same people: the rule's scope, whatever share the draft sets.
                        # (a draft with one rule for everyone: that rule).
                        scope = section.rule.rsplit(", ", 1)[0]
                        candidates = [s for s in beside.sections
                                      if s.rule.rsplit(", ", 1)[0] == scope]
                        if not candidates and len(beside.sections) == 1:
                            candidates = list(beside.sections)
                        other = next((o for s in candidates for o in s.groups
                                      if o.key == g.key), None)
                        cells += (["", ""] if other is None else [WITHHELD, ""] if other.hidden
                                  else [percent_text(other.effective), points_text(other.gap)])
                    self._rows.append((False, g.flagged and not g.hidden, cells))
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS) + (len(BESIDE) if self._beside else 0)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        heading, flagged, cells = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            text = cells[index.column()]
            return f"⚠ {text}" if flagged and index.column() == 0 else text
        if role == Qt.ItemDataRole.ToolTipRole and flagged:
            return ("Part-time staff here are asked for a higher share of their working days "
                    "than a full-timer under the same rule (Part-time Workers Regulations "
                    "2000, pro rata).")
        if role == Qt.ItemDataRole.FontRole and heading:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            titles = (*COLUMNS, *BESIDE)
            return self._worst if titles[section] == "Worst" else titles[section]
        return None


#: The group labels' axis: at least this wide, and wide enough for the longest label plus the
#: tick and its gap (pixels).
MIN_AXIS_WIDTH = 300
AXIS_MARGIN = 24


def chart_bars(table: FairnessTable) -> list[tuple[str, float | None, float, bool]]:
    """(label, effective %, comparator %, flagged) per group, rule by rule, top to bottom."""
    found = []
    for section in table.sections:
        for g in section.groups:
            found.append((f"{format_share(section.nominal)} · {g.label} ({g.people_text})",
                          None if g.hidden else percent(g.effective),
                          percent(section.comparator.share), g.flagged and not g.hidden))
    return found


class FairnessChart(QWidget):
    """Bars per group with the comparator as a dashed line, drawn by pyqtgraph."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        import pyqtgraph as pg  # only here: the main window never pays for it

        self._pg = pg
        pg.setConfigOptions(antialias=True, background="w", foreground="k")
        self.plot = pg.PlotWidget(self)
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.setLabel("bottom", "Share of working days required in the office (%)")
        self.plot.setXRange(0, 112, padding=0.01)
        self.plot.getAxis("left").setWidth(MIN_AXIS_WIDTH)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self.setAccessibleName("Effective office share by working pattern")
        self.setMinimumHeight(220)

    def show_table(self, table: FairnessTable) -> None:
        pg = self._pg
        plot = self.plot
        plot.clear()
        bars = chart_bars(table)
        rows = list(range(len(bars)))[::-1]  # first group at the top
        values = [value or 0.0 for _, value, _, _ in bars]
        brushes = [pg.mkBrush("#D55E00" if flag else "#0072B2") for *_, flag in bars]
        plot.addItem(pg.BarGraphItem(x0=[0.0] * len(bars), y=rows, height=0.6, width=values,
                                     brushes=brushes, pen=pg.mkPen(None)))
        dashed = pg.mkPen("#1A1A1A", width=1.5, style=Qt.PenStyle.DashLine)
        for y, (_, value, comparator, flag) in zip(rows, bars, strict=True):
            plot.plot([comparator, comparator], [y - 0.45, y + 0.45], pen=dashed)
            text = WITHHELD if value is None else f"{'⚠ ' if flag else ''}{value:.1f}%"
            item = pg.TextItem(text, color="#1A1A1A", anchor=(0, 0.5))
            item.setPos((value or 0.0) + 1, y)
            plot.addItem(item)
        axis = plot.getAxis("left")
        axis.setTicks([[(y, label) for y, (label, *_) in zip(rows, bars, strict=True)]])
        # pyqtgraph leaves out a tick label that does not fit inside the axis, so the axis
        # is as wide as the longest label ("… Individual arrangement (all patterns) …").
        metrics = QFontMetrics(axis.style["tickFont"] or axis.font())
        widest = max((metrics.horizontalAdvance(label) for label, *_ in bars), default=0)
        axis.setWidth(max(MIN_AXIS_WIDTH, widest + AXIS_MARGIN))
        plot.setYRange(-0.6, len(bars) - 0.4, padding=0)
        self.setAccessibleDescription("; ".join(
            f"{label}: {WITHHELD if value is None else f'{value:.1f}%'}, full-timer "
            f"{comparator:.1f}%" for label, value, comparator, _ in bars))


class _Worker(QObject):
    """Works the report out off the GUI thread; `done` arrives queued on the GUI thread."""

    #: FairnessReport, or a str saying why it could not be made.
    done = Signal(object)

    def start(self, plan: Plan, draft: Policy | None, first: date, last: date) -> None:
        def run() -> None:
            try:
                self.done.emit(fairness_report(plan.people, plan.policy, plan.adjustments,
                                               first, last, draft=draft, team=plan.name))
            except DeskplanError as error:
                self.done.emit(str(error))
            except Exception:  # a bug: logged, and said in the dialog
                log.exception("fairness view failed")
                self.done.emit("The figures could not be worked out because of a bug; the "
                               "details are in the log.")
        threading.Thread(target=run, name="deskplan-fairness", daemon=True).start()


class FairnessDialog(QDialog):
    """The fairness view of the open team (see the module docstring)."""

    def __init__(self, plan: Plan, first: date, last: date, *, draft: Policy | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Fairness — {plan.name or 'team'}")
        self.plan = plan
        self.draft = draft
        self.report: FairnessReport | None = None
        self.first_edit = QDateEdit(qdate(first), self)
        self.last_edit = QDateEdit(qdate(last), self)
        for edit in (self.first_edit, self.last_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("ddd d MMM yyyy")
        self.first_edit.setAccessibleName("From")
        self.last_edit.setAccessibleName("To")
        self.measure = QComboBox(self)
        self.measure.setAccessibleName("Which policy, measured how")
        self.measure.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.recompute = QPushButton("&Work out", self)
        self.recompute.clicked.connect(self.work_out)
        top = QHBoxLayout()
        for label, widget in (("&From:", self.first_edit), ("&To:", self.last_edit),
                              ("&Show:", self.measure)):
            caption = QLabel(label, self)
            caption.setBuddy(widget)
            top.addWidget(caption)
            top.addWidget(widget)
        top.addWidget(self.recompute)
        top.addStretch(1)
        self.finding = QLabel(self)
        self.finding.setWordWrap(True)
        self.finding.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.chart = FairnessChart(self)
        self.model = FairnessModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Fairness figures by group")
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.method = QLabel(self)
        self.method.setWordWrap(True)
        font = self.method.font()
        font.setPointSizeF(font.pointSizeF() * 0.9)
        self.method.setFont(font)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.pdf_button = buttons.addButton("Equality impact &PDF…",
                                            QDialogButtonBox.ButtonRole.ActionRole)
        self.csv_button = buttons.addButton("&CSV…", QDialogButtonBox.ButtonRole.ActionRole)
        self.pdf_button.clicked.connect(lambda: self.export(".pdf"))
        self.csv_button.clicked.connect(lambda: self.export(".csv"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.finding)
        layout.addWidget(self.chart, 2)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.method)
        layout.addWidget(buttons)
        self.measure.currentIndexChanged.connect(lambda _i: self._show())
        self.worker = _Worker(self)
        self.worker.done.connect(self._arrived)
        self.resize(1000, 760)
        self.work_out()

    def work_out(self) -> None:
        first, last = pydate(self.first_edit.date()), pydate(self.last_edit.date())
        if last < first:
            self.finding.setText("The last day is before the first.")
            return
        self._set_busy(True)
        self.finding.setText("Working out the figures…")
        self.worker.start(self.plan, self.draft, first, last)

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.recompute, self.pdf_button, self.csv_button, self.measure):
            widget.setEnabled(not busy)

    def _arrived(self, result: object) -> None:
        self._set_busy(False)
        if not isinstance(result, FairnessReport):
            self.finding.setText(str(result))
            return
        self.report = result
        chosen = self.measure.currentIndex()
        self.measure.blockSignals(True)
        self.measure.clear()
        for table in self.tables():
            self.measure.addItem(f"{table.title.capitalize()} ({table.measure})")
        self.measure.setCurrentIndex(max(0, min(chosen, self.measure.count() - 1)))
        self.measure.blockSignals(False)
        self.method.setText("\n".join(method_text(result)))
        self._show()

    def tables(self) -> list[FairnessTable]:
        report = self.report
        return [] if report is None else [*report.tables, *report.alternatives]

    def current_table(self) -> FairnessTable | None:
        tables = self.tables()
        index = self.measure.currentIndex()
        return tables[index] if 0 <= index < len(tables) else None

    def _show(self) -> None:
        table = self.current_table()
        report = self.report
        beside = (report.draft if report is not None and report.draft is not None
                  and table is report.saved else None)
        self.model.set_table(table, beside)
        if table is None:
            return
        self.chart.show_table(table)
        flagged = table.flagged
        self.finding.setText(
            "⚠ Part-time groups asked for a higher share of their working days than a "
            "full-timer: " + "; ".join(f"{g.label} ({s.rule}) {points_text(g.gap)}"
                                       for s, g in flagged) + "."
            if flagged else
            "✓ No part-time group is asked for a higher share of its working days than a "
            "full-timer under this measure.")

    def export(self, suffix: str) -> None:
        if self.report is None:
            return
        name = f"{self.plan.name or 'team'} equality impact{suffix}"
        path, _ = QFileDialog.getSaveFileName(self, "Export the fairness figures", name,
                                              f"{suffix[1:].upper()} (*{suffix})")
        if path:
            self.write(Path(path).with_suffix(suffix))

    def write(self, path: Path) -> str:
        """Write the report to `path` (PDF or CSV by its suffix); say what was written."""
        assert self.report is not None
        try:
            if path.suffix.lower() == ".pdf":
                pages = write_fairness_pdf(self.report, path)
                said = f"Wrote {pages} page{'s' if pages != 1 else ''} to {path.name}."
            else:
                rows = write_fairness_csv(self.report, path)
                said = f"Wrote {rows} rows to {path.name}."
        except DeskplanError as error:
            said = str(error)
        self.finding.setText(said)
        return said


def open_fairness(window: Any) -> FairnessDialog | None:
    """Policy → Fairness… of the main window: the open team over the calendar year of the
    period shown, under its saved policy and the what-if draft when one is tried."""
    document = window.document
    if document is None:
        return None
    year = document.first.year
    dialog = FairnessDialog(document.plan, date(year, 1, 1), date(year, 12, 31),
                            draft=window.draft_policy, parent=window)
    dialog.show()
    return dialog
