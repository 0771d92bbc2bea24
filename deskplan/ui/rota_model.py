"""The rota grid's models: people × days over the open team, and the per-day footer.

`data()` stays trivial (a lookup in numpy arrays): the delegate paints cells from the arrays
directly, so a repaint of a large team does not cost thousands of Python calls per role.
After an edit only the edited cells, their rows' summaries and the footer columns are
announced with `dataChanged`; a reset happens only when the team, people, policy or range change.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

import numpy as np
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from deskplan.domain.actuals import DIFFERENCES, PLAN
from deskplan.domain.calendar import describe_day
from deskplan.domain.conflicts import Conflict, RuleId, Severity
from deskplan.domain.engine import Delta, SiteUse
from deskplan.domain.model import CELL_CODES, VALID_CELL_CODES, AdjustmentKind, Cell, Person
from deskplan.domain.ordering import PeopleOrder
from deskplan.domain.policy import CoverageRule, fold
from deskplan.domain.verdicts import FAIL, NONE, OPEN, PASS, PeriodVerdict, RowSummary, summarise
from deskplan.ui.document import TeamDocument

AnyIndex = QModelIndex | QPersistentModelIndex
STATUS_ROLE = Qt.ItemDataRole.UserRole + 1
#: The text of each cell code, as files write it: `O`, `O/H`, `/H` ('' for unplanned).
LETTERS = tuple(Cell.from_code(code).text() if code in VALID_CELL_CODES else ""
                for code in range(CELL_CODES))
CELL_RULES = {RuleId.NON_WORKING_DAY, RuleId.ADJUSTMENT_BREACHED}
DAY_RULES = {RuleId.OVER_CAPACITY, RuleId.BELOW_COVERAGE}
_CELL_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
#: Rows summarised together when the names column first paints one (a screenful and more).
SUMMARY_BLOCK = 64

__all__ = ["FAIL", "NONE", "OPEN", "PASS", "RowSummary"]


def severity_of(conflicts: Iterable[Conflict]) -> Severity | None:
    found = {c.severity for c in conflicts}
    if Severity.ERROR in found:
        return Severity.ERROR
    return Severity.WARNING if found else None


class RotaModel(QAbstractTableModel):
    """Rows are people (sorted or grouped), columns the days the window shows."""

    #: int, int: the first and last row whose person header (summary, conflict mark) changed.
    #: Not `headerDataChanged`: every Qt item view answers that with a layout of the whole
    #: grid and a repaint of both headers, which was most of a cell edit in a large team.
    rows_changed = Signal(int, int)

    def __init__(self, document: TeamDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.grouping = PeopleOrder.NAME
        self.people: list[Person] = []
        self.days: list[date] = []
        self._row_of: dict[str, int] = {}
        self.status = np.zeros((0, 0), dtype=np.uint8)
        self.working = np.zeros((0, 0), dtype=bool)
        self.sites: dict[tuple[int, int], tuple[str | None, str | None]] = {}
        self.team_holidays: dict[date, str] = {}
        self.cell_conflicts: dict[tuple[int, int], list[Conflict]] = defaultdict(list)
        self.row_conflicts: dict[int, list[Conflict]] = defaultdict(list)
        self.group_starts: set[int] = set()
        self.arrangement_rows: set[int] = set()
        #: Cells the planner's draft sets (shown, not saved): what each was before.
        self.drafted: dict[tuple[int, int], Cell] = {}
        #: Days recorded as happening otherwise than planned (the differences view).
        self.differs: set[tuple[int, int]] = set()
        #: Cells locked by the manager (kept as they are by Plan… and Suggest a fix).
        self.locked: set[tuple[int, int]] = set()
        self._summaries: dict[int, RowSummary] = {}
        self._worded: dict[tuple[PeriodVerdict, ...], RowSummary] = {}
        #: Row → its name as the names column shows it (worked out once per rebuild).
        self._labels: dict[int, str] = {}
        document.reset.connect(self.rebuild)
        document.cells_changed.connect(self._on_cells_changed)
        document.conflicts_changed.connect(self._on_conflicts_changed)
        document.desks_changed.connect(self._on_conflicts_changed)
        self.rebuild()

    # --- building -----------------------------------------------------------------------------
    def set_grouping(self, grouping: PeopleOrder) -> None:
        if grouping is not self.grouping:
            self.grouping = grouping
            self.rebuild()

    def rebuild(self) -> None:
        self.beginResetModel()
        doc = self.document
        checker = doc.checker
        # The rows are the people the checker judges for the range (employed in its periods).
        self.people = sorted(checker.people, key=self.grouping.key)
        self._row_of = {p.staff_id: i for i, p in enumerate(self.people)}
        count = (doc.last - doc.first).days + 1
        self.days = [doc.first + timedelta(days=i) for i in range(count)]
        ids = [p.staff_id for p in self.people]
        shown = doc.shown_plan.rota  # the planner's draft, or what happened, when shown
        self.status = shown.matrix(ids, doc.first, doc.last)
        self.sites = shown.sites(ids, doc.first, doc.last)
        self.differs = set()
        if doc.layer == DIFFERENCES:
            planned = doc.plan.rota.matrix(ids, doc.first, doc.last)
            planned_sites = doc.plan.rota.sites(ids, doc.first, doc.last)
            found = (self.status != 0) & (self.status != planned)
            self.differs = {(int(r), int(c)) for r, c in np.argwhere(found)}
            self.differs |= {key for key, where in self.sites.items()
                             if planned_sites.get(key) != where and self.status[key]}
        self.locked = {(self._row_of[s], (d - doc.first).days) for s, d in doc.locked
                       if s in self._row_of and doc.first <= d <= doc.last}
        self.drafted = {}
        if doc.rota_draft is not None and doc.layer == PLAN:
            for (staff_id, day), was in doc.rota_draft.before.items():
                row = self._row_of.get(staff_id)
                if row is not None and doc.first <= day <= doc.last:
                    self.drafted[row, (day - doc.first).days] = was
        self.working = checker.working(ids, doc.first, doc.last)
        # The header shades the bank holidays of the team's own nation (people elsewhere see
        # theirs in their row).
        self.team_holidays = {day: name for day, name in checker.holidays().items()
                              if doc.first <= day <= doc.last}
        self.group_starts = {
            i for i in range(1, len(self.people))
            if self.grouping.key(self.people[i])[0] != self.grouping.key(self.people[i - 1])[0]
        } if self.grouping is not PeopleOrder.NAME else set()
        with_arrangement = {a.staff_id for a in doc.adjustments
                            if a.overlaps(doc.first, doc.last)}
        self.arrangement_rows = {self._row_of[s] for s in with_arrangement if s in self._row_of}
        self._index_conflicts(doc.checker.conflicts, add=True, reset=True)
        self._summaries.clear()
        self._worded.clear()
        self._labels.clear()
        self.endResetModel()

    def _index_conflicts(self, conflicts: Iterable[Conflict], *, add: bool,
                         reset: bool = False) -> tuple[set[tuple[int, int]], set[int]]:
        """Add (or remove) conflicts to the per-cell and per-row lookups; return what moved."""
        if reset:
            self.cell_conflicts.clear()
            self.row_conflicts.clear()
        cells: set[tuple[int, int]] = set()
        rows: set[int] = set()
        first = self.document.first
        for conflict in conflicts:
            row = self._row_of.get(conflict.staff_id or "")
            if row is None:
                continue
            if conflict.rule in CELL_RULES:
                column = (conflict.start - first).days
                if not 0 <= column < len(self.days):
                    continue
                target = self.cell_conflicts[(row, column)]
                cells.add((row, column))
            else:
                target = self.row_conflicts[row]
                rows.add(row)
            if add:
                target.append(conflict)
            elif conflict in target:
                target.remove(conflict)
        return cells, rows

    # --- updates after an edit ------------------------------------------------------------------
    def _on_cells_changed(self, cells: list[tuple[str, date]]) -> None:
        first = self.document.first
        touched: dict[int, list[int]] = defaultdict(list)
        summarised: set[int] = set()
        for staff_id, day in cells:
            row = self._row_of.get(staff_id)
            if row is None:
                continue
            # A row's summary covers whole periods, which can reach past the days shown (a
            # week starting in March on the April screen): a change off screen can change it.
            summarised.add(row)
            column = (day - first).days
            if not 0 <= column < len(self.days):
                continue
            cell = self.document.cell(staff_id, day)
            self.status[row, column] = cell.code
            if (staff_id, day) in self.document.locked:
                self.locked.add((row, column))
            else:
                self.locked.discard((row, column))
            if cell.am_site or cell.pm_site:
                self.sites[row, column] = cell.sites
            else:
                self.sites.pop((row, column), None)
            touched[row].append(column)
        for row, columns in touched.items():
            self.dataChanged.emit(self.index(row, min(columns)), self.index(row, max(columns)))
        for row in summarised:
            self._summaries.pop(row, None)
            self.rows_changed.emit(row, row)

    def _on_conflicts_changed(self, delta: Delta) -> None:
        old_cells, old_rows = self._index_conflicts(delta.removed, add=False)
        new_cells, new_rows = self._index_conflicts(delta.added, add=True)
        for row, column in old_cells | new_cells:
            if not self.cell_conflicts.get((row, column)):
                self.cell_conflicts.pop((row, column), None)
            index = self.index(row, column)
            self.dataChanged.emit(index, index)
        for row in old_rows | new_rows:
            if not self.row_conflicts.get(row):
                self.row_conflicts.pop(row, None)
            self.rows_changed.emit(row, row)

    # --- lookups for views ----------------------------------------------------------------------
    def row_of(self, staff_id: str) -> int | None:
        return self._row_of.get(staff_id)

    def column_of(self, day: date) -> int | None:
        column = (day - self.document.first).days
        return column if 0 <= column < len(self.days) else None

    def cells_of(self, conflict: Conflict) -> list[tuple[int, int]]:
        """The cells shown that a conflict is about, for the grid to select.

        A day's conflict is its cell; a period's, the person's working days in it; one about
        the person (classification, reviews), their whole row; a site's or a role's, that day
        for everyone there or in that role.
        """
        columns = [c for c, day in enumerate(self.days) if conflict.start <= day <= conflict.end]
        if conflict.staff_id is not None:
            row = self._row_of.get(conflict.staff_id)
            if row is None:
                return []
            if conflict.rule in CELL_RULES:
                return [(row, c) for c in columns]
            if conflict.rule in (RuleId.BELOW_MINIMUM, RuleId.UNPLANNED):
                working = [(row, c) for c in columns if self.working[row, c]]
                return working or [(row, c) for c in columns]
            return [(row, c) for c in range(len(self.days))]
        if conflict.location is not None:
            rows = [r for r, p in enumerate(self.people)
                    if fold(p.location) == fold(conflict.location)]
        else:
            rows = [r for r, p in enumerate(self.people) if fold(p.role) == fold(conflict.role)]
        return [(r, c) for c in columns for r in rows]

    def conflicts_at(self, row: int, column: int) -> list[Conflict]:
        """The conflicts a cell is part of, errors first: its own (a fixed home day broken),
        its person's of a period holding the day (below the minimum), and the day's at the
        person's site or in their role (over capacity, below cover) — what Suggest a fix in
        the cell's menu offers to solve."""
        day = self.days[column]
        found = list(self.cell_conflicts.get((row, column), ()))
        found += [c for c in self.row_conflicts.get(row, ()) if c.start <= day <= c.end]
        person = self.people[row]
        for conflict in self.document.checker.conflicts:
            if conflict.staff_id is None and conflict.start <= day <= conflict.end and (
                    (conflict.location is not None
                     and fold(conflict.location) == fold(person.location))
                    or (conflict.location is None and conflict.role is not None
                        and fold(conflict.role) == fold(person.role))):
                found.append(conflict)
        return sorted(found, key=lambda c: c.severity is not Severity.ERROR)

    def cell_severity(self, row: int, column: int) -> Severity | None:
        found = self.cell_conflicts.get((row, column))
        return severity_of(found) if found else None

    def row_severity(self, row: int) -> Severity | None:
        found = self.row_conflicts.get(row)
        return severity_of(found) if found else None

    def name_label(self, row: int) -> str:
        """The person's name, ◆ for an individual arrangement over the days shown, (PT) for
        part time: what the names column shows (people and arrangements change only with a
        rebuild, so it is worked out once, not at every repaint of the row)."""
        label = self._labels.get(row)
        if label is None:
            person = self.people[row]
            label = person.name
            if row in self.arrangement_rows:
                label += " ◆"
            if person.is_part_time:
                label += " (PT)"
            self._labels[row] = label
        return label

    def summary(self, row: int) -> RowSummary:
        """The checker's summary of the periods shown (per period, never summed)."""
        cached = self._summaries.get(row)
        if cached is None:
            self._summarise(row)
            cached = self._summaries[row]
        return cached

    def _summarise(self, row: int) -> None:
        """Summarise `row` and the rows below it not summarised yet: the names column paints
        a screenful from the top, and the checker judges a block of rows in one step for
        about the cost of one row. People with the same verdicts (most of a large team)
        share one worded summary."""
        rows = [r for r in range(row, min(row + SUMMARY_BLOCK, len(self.people)))
                if r == row or r not in self._summaries]
        verdicts = self.document.checker.verdicts([self.people[r].staff_id for r in rows])
        # The checker hands rows with the same verdicts the same objects: told apart by
        # identity first (alive in `verdicts` meanwhile), a block hashes each distinct list
        # of verdicts (exact fractions, slow to hash) once, not once per row.
        same: dict[tuple[int, ...], RowSummary] = {}
        for r in rows:
            found = verdicts[self.people[r].staff_id]
            identity = tuple(map(id, found))
            worded = same.get(identity)
            if worded is None:
                key = tuple(found)
                worded = self._worded.get(key)
                if worded is None:
                    worded = self._worded[key] = summarise(key)
                same[identity] = worded
            self._summaries[r] = worded

    def day_off_reason(self, row: int, column: int) -> str:
        return self.document.checker.day_off_reason(self.people[row].staff_id,
                                                    self.days[column])

    def site_names(self) -> dict[str, str]:
        """Folded name → name of every site a day can be planned at (the checker's sites)."""
        return {site.key: site.name for site in self.document.checker.sites}

    def short_site(self, name: str) -> str:
        key = fold(name)
        return next((site.short for site in self.document.checker.sites if site.key == key),
                    name[:3])

    def cell(self, row: int, column: int) -> Cell:
        return Cell.from_code(int(self.status[row, column]),
                              self.sites.get((row, column), (None, None)))

    # --- Qt model API ---------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.people)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.days)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        # Called for every painted cell: a constant, not enum arithmetic.
        return _CELL_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return LETTERS[self.status[row, column]]
        if role == STATUS_ROLE:
            return int(self.status[row, column])
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.describe_cell(row, column)
        return None

    def describe_cell(self, row: int, column: int) -> str:
        person, day = self.people[row], self.days[column]
        cell = self.cell(row, column)
        if self.document.layer == PLAN:
            lines = [f"{person.name} · {describe_day(day)}: "
                     f"{cell.label() if cell.code else 'not planned yet'}"]
        else:
            planned = self.document.cell(person.staff_id, day)
            lines = [f"{person.name} · {describe_day(day)}: "
                     f"{'happened: ' + cell.label() if cell.code else 'not recorded'}; "
                     f"planned: {planned.label() if planned.code else 'nothing'}"]
            if (row, column) in self.differs:
                lines.append("≠ What happened differs from the plan")
        if not self.working[row, column]:
            lines.append(f"Not a working day: {self.day_off_reason(row, column)}")
        if (row, column) in self.locked:
            lines.append("Locked (Ctrl+L unlocks): Plan… and Suggest a fix keep this day as "
                         "it is")
        was = self.drafted.get((row, column))
        if was is not None:
            source = self.document.rota_draft.source if self.document.rota_draft else "Plan…"
            lines.append(f"◣ Draft: planned by {source}, was: "
                         f"{was.label() if was.code else '—'} (not saved until accepted)")
        lines.extend(c.message for c in self.cell_conflicts.get((row, column), ()))
        return "\n".join(lines)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self.days):
                return None
            day = self.days[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{day:%a} {day.day}"
            if role == Qt.ItemDataRole.ToolTipRole:
                holiday = self.team_holidays.get(day)
                return f"{describe_day(day)}: {holiday}" if holiday else describe_day(day)
            return None
        if not 0 <= section < len(self.people):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.people[section].name
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.describe_person(section)
        return None

    def describe_person(self, row: int) -> str:
        person = self.people[row]
        summary = self.summary(row)
        lines = [
            f"{person.name} ({person.staff_id})",
            " · ".join(part for part in (person.role, person.location) if part),
            person.pattern.describe(),
            f"Office {summary.text} {summary.mark}: {summary.explanation}",
        ]
        if person.has_history:
            lines.insert(3, "Contract changes: " + ", ".join(
                describe_day(day) for day in person.change_dates()))
        if row in self.arrangement_rows:
            kinds = {a.kind for a in self.document.adjustments_of(person.staff_id)}
            lines.append("◆ Individual arrangement: " + ", ".join(
                k.label for k in AdjustmentKind if k in kinds))
        lines.extend(c.message for c in self.row_conflicts.get(row, ()))
        return "\n".join(line for line in lines if line)


@dataclass(frozen=True)
class FooterRow:
    """One footer line: people in the office at a location, or cover for a role."""

    label: str
    rows: np.ndarray
    capacity: int | None = None
    coverage: CoverageRule | None = None
    #: The site folded as the engine folds it: the key of desks other teams use (`shared`).
    site: str | None = None


class FooterModel(QAbstractTableModel):
    """Per-day counts under the grid, as the checker counts them: people at each site's desks
    (where they actually are, the fuller half; other teams too on a shared database) against
    its capacity, and cover per role (the emptier half)."""

    def __init__(self, rota: RotaModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rota = rota
        self.lines: list[FooterRow] = []
        self.counts = np.zeros((0, 0), dtype=np.int64)
        self.applies = np.zeros((0, 0), dtype=bool)
        self.uses: dict[str, SiteUse] = {}
        rota.modelReset.connect(self.rebuild)
        rota.dataChanged.connect(self._on_cells)
        rota.document.desks_changed.connect(self._on_desks)
        self.rebuild()

    @property
    def across_teams(self) -> bool | None:
        """Whether desks are counted across teams (a shared database), for this team only
        (a database of one's own), or not known yet (None)."""
        return self.rota.document.across_teams

    def rebuild(self) -> None:
        self.beginResetModel()
        checker = self.rota.document.checker
        lines: list[FooterRow] = []
        uses = checker.site_use()
        for use in uses:
            rows = np.array(sorted(r for m in use.members
                                   if (r := self.rota.row_of(checker.people[m].staff_id))
                                   is not None), dtype=np.intp)
            lines.append(FooterRow(self._site_label(use), rows, capacity=use.site.capacity,
                                   site=use.site.key))
        if not lines and self.rota.people:
            lines.append(FooterRow("In office", np.arange(len(self.rota.people), dtype=np.intp)))
        for rule in checker.policy.coverage:
            lines.append(FooterRow(f"Cover · {rule.role} ≥ {rule.min_in_office}",
                                   np.zeros(0, dtype=np.intp), coverage=rule))
        self.lines = lines
        self._count(uses=uses)  # counted from the same site use (not asked for twice)
        self.endResetModel()

    def _site_label(self, use: SiteUse) -> str:
        desks = f" ({use.site.capacity} desks)" if use.site.capacity is not None else ""
        scope = "" if use.site.capacity is None or self.across_teams is None else \
            " · all teams" if self.across_teams else " · this team"
        return f"In office · {use.site.name}{desks}{scope}"

    def _on_desks(self, _delta: Delta) -> None:
        """Other teams' desks arrived (or are known not to be counted): the same lines,
        relabelled and recounted; the grid's cells stand."""
        self._count()
        self.lines = [replace(line, label=self._site_label(self.uses[line.site]))
                      if line.site in self.uses else line for line in self.lines]
        if self.lines and self.rota.days:
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(self.lines) - 1)
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.lines) - 1, len(self.rota.days) - 1))

    def _count(self, lo: int = 0, hi: int | None = None, *,
               uses: list[SiteUse] | None = None) -> None:
        """This team's people at each site (the cell text), cover in the emptier half: every
        day, or only days `lo`..`hi` (columns) after an edit there. A day's counts depend on
        that day's cells alone, so an edit recounts its own column, not 11,000 × 31 cells."""
        checker = self.rota.document.checker
        days = self.rota.days
        hi = len(days) if hi is None else hi
        if not days or hi <= lo:
            self.uses, self.applies = {}, np.zeros((0, len(days)), dtype=bool)
            self.counts = np.zeros((len(self.lines), len(days)), dtype=np.int64)
            return
        if (lo, hi) != (0, len(days)):  # the counts of the days alone: the lines stand
            uses = checker.site_use(days[lo], days[hi - 1], members=False)
        elif uses is None:
            uses = checker.site_use(days[lo], days[hi - 1])
        by_key = {use.site.key: use for use in uses}
        cover, applies = checker.cover_counts(days[lo], days[hi - 1])
        if lo == 0 and hi == len(days):
            self.uses, self.applies = by_key, applies
            self.counts = np.zeros((len(self.lines), len(days)), dtype=np.int64)
        else:  # the days recounted, written into the whole range's arrays (the footer's own)
            for key, use in self.uses.items():
                part = by_key.get(key)
                for name in ("morning", "afternoon", "others_morning", "others_afternoon",
                             "other_teams"):
                    getattr(use, name)[lo:hi] = 0 if part is None else getattr(part, name)
            self.applies[:, lo:hi] = applies
        cover_line = 0
        for number, line in enumerate(self.lines):
            if line.coverage is not None:
                self.counts[number, lo:hi] = cover[cover_line]
                cover_line += 1
            elif line.site is not None and line.site in self.uses:
                self.counts[number, lo:hi] = self.uses[line.site].own[lo:hi]
            else:
                self.counts[number, lo:hi] = (self.rota.status[:, lo:hi] == 1).sum(axis=0)

    def _on_cells(self, top_left: QModelIndex, bottom_right: QModelIndex) -> None:
        """Recount the days edited (the checker has already been updated)."""
        self._count(top_left.column(), bottom_right.column() + 1)
        if self.lines:
            self.dataChanged.emit(self.index(0, top_left.column()),
                                  self.index(len(self.lines) - 1, bottom_right.column()))

    def others(self, line: int, column: int) -> tuple[int, int]:
        """(people of other teams at the desks, other teams) at the line's site that day."""
        use = self.uses.get(self.lines[line].site or "")
        if use is None:
            return 0, 0
        return (int(max(use.others_morning[column], use.others_afternoon[column])),
                int(use.other_teams[column]))

    def booked(self, line: int, column: int) -> int:
        """Desks taken at the line's site that day, as the desk rule counts them."""
        use = self.uses.get(self.lines[line].site or "")
        return int(use.booked[column]) if use is not None else int(self.counts[line, column])

    def state(self, line: int, column: int) -> Severity | None:
        """ERROR over capacity, WARNING below cover, None when fine or not applicable."""
        spec, count = self.lines[line], int(self.counts[line, column])
        if spec.capacity is not None and self.booked(line, column) > spec.capacity:
            return Severity.ERROR
        if spec.coverage is not None:
            cover_index = line - (len(self.lines) - len(self.rota.document.policy.coverage))
            if self.applies[cover_index, column] and count < spec.coverage.min_in_office:
                return Severity.WARNING
        return None

    def text(self, line: int, column: int) -> str:
        spec, count = self.lines[line], int(self.counts[line, column])
        if spec.coverage is not None:
            cover_index = line - (len(self.lines) - len(self.rota.document.policy.coverage))
            if not self.applies[cover_index, column]:
                return ""
            return f"{count}{PASS if count >= spec.coverage.min_in_office else FAIL}"
        if spec.capacity is not None and not self.rota.working[:, column].any() and not count:
            return ""
        return str(count) if count or self.rota.working[spec.rows, column].any() else ""

    def tooltip(self, line: int, column: int) -> str:
        spec, count = self.lines[line], int(self.counts[line, column])
        day = describe_day(self.rota.days[column])
        if not self.text(line, column):
            # An empty cell is a day the line does not apply to: say so, not "0 of 600 desks".
            if spec.coverage is not None:
                return (f"{day}: the cover rule for {spec.coverage.role} does not apply on "
                        "this day (not one of its weekdays, a bank holiday or a closure)")
            return f"{day}: no one of this team works on this day"
        if spec.coverage is not None:
            return (f"{day}: {count} {spec.coverage.role} in the office; the policy needs "
                    f"{spec.coverage.min_in_office}")
        desks = f" of {spec.capacity} desks" if spec.capacity is not None else ""
        if spec.capacity is None or self.across_teams is None:
            return f"{day}: {count} in the office{desks}"
        if not self.across_teams:
            return (f"{day}: {count} in the office{desks} (counted for this team only: "
                    "other teams' bookings are not in this database)")
        _, teams = self.others(line, column)
        teams += 1 if count else 0
        if not teams:
            return f"{day}: no one in the office; none of the {spec.capacity} desks is booked"
        return (f"{day}: {count} of this team in the office; {self.booked(line, column)}"
                f"{desks} booked across {teams} team{'s' if teams != 1 else ''}")

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rota.days)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(line, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(line, column)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self.lines):
            return self.lines[section].label
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.rota.days):
            return self.rota.days[section].isoformat()
        return None
