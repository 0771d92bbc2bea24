"""The policy editor: rules (with the dates they are in force, shown as a timeline), how and
over what the minimum is measured, sites, cover and role map.

"Save" writes the policy and re-checks at once. "Try it (what-if)" judges the current rota by the
draft without saving, so a manager can see who would fall short before anything changes.
Settings the editor has no box for (site short names, the full-time week) are kept as they
were: saving from the editor never drops a part of the policy file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from fractions import Fraction

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from deskplan.domain.calendar import describe_day, parse_date
from deskplan.domain.durations import parse_share, share_text
from deskplan.domain.limits import policy_breaches
from deskplan.domain.model import Nation, describe_weekdays
from deskplan.domain.policy import (
    MAX_ROLLING_WEEKS,
    Anchor,
    CoverageRule,
    Location,
    Measure,
    PeriodKind,
    Policy,
    Rule,
)
from deskplan.interchange.team_file import parse_weekdays
from deskplan.ui.people_dialog import OptionalDate
from deskplan.ui.screen_fit import fit_to_screen
from deskplan.ui.status_style import ERROR_HEX

_CLOSED, _WORKED = "closed", "worked"
#: The tab (as the error names it) holding each table of the policy file.
_TAB_OF_TABLE = {"rule": "Rules", "location": "Locations", "coverage": "Cover",
                 "roles": "Role map", "anchor": "Team days"}


class RowsEditor(QWidget):
    """A small editable table with Add and Remove buttons."""

    def __init__(self, headers: Sequence[str], rows: Sequence[Sequence[str]], name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, len(headers), self)
        self.table.setHorizontalHeaderLabels(list(headers))
        self.table.setAccessibleName(name)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for values in rows:
            self.add_row(values)
        add = QPushButton("&Add", self)
        remove = QPushButton("&Remove", self)
        add.setAccessibleName(f"Add to {name}")
        remove.setAccessibleName(f"Remove from {name}")
        add.clicked.connect(lambda: self.add_row([""] * len(headers)))
        remove.clicked.connect(self.remove_row)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def add_row(self, values: Sequence[str]) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, value in enumerate(values):
            self.table.setItem(row, column, QTableWidgetItem(value))

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def rows(self) -> list[list[str]]:
        """Non-empty rows, cells stripped."""
        found = []
        for row in range(self.table.rowCount()):
            items = [self.table.item(row, c) for c in range(self.table.columnCount())]
            values = [(item.text() if item is not None else "").strip() for item in items]
            if any(values):
                found.append(values)
        return found


class PolicyDialog(QDialog):
    """Edit a copy of the policy; `policy()` builds the new one or explains what is wrong."""

    SAVE, TRY = 1, 2

    def __init__(self, policy: Policy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Policy")
        fit_to_screen(self, 720, 520)
        self.base = policy
        self.choice = 0
        self.period = QComboBox(self)
        self.period.addItem("Each week (Monday to Sunday)", PeriodKind.WEEK.value)
        self.period.addItem("Each calendar month (averaged)", PeriodKind.MONTH.value)
        self.period.addItem("Each calendar quarter (averaged)", PeriodKind.QUARTER.value)
        self.period.addItem("A rolling window of weeks, ending each week",
                            PeriodKind.ROLLING.value)
        self.period.setCurrentIndex(max(self.period.findData(policy.period.value), 0))
        self.rolling_weeks = QSpinBox(self)
        self.rolling_weeks.setRange(1, MAX_ROLLING_WEEKS)
        self.rolling_weeks.setSuffix(" weeks")
        self.rolling_weeks.setAccessibleName("Weeks in a rolling window")
        self.rolling_weeks.setValue(policy.rolling_weeks or 12)
        self.period.currentIndexChanged.connect(self._period_changed)
        self.measure = QComboBox(self)
        self.measure.setAccessibleName("Measured in")
        self.measure.addItem("Contracted hours (exact)", (Measure.HOURS.value, 1))
        self.measure.addItem("Working days, rounded up to whole days", (Measure.DAYS.value, 1))
        self.measure.addItem("Working days, rounded up to half days", (Measure.DAYS.value, 2))
        self.measure.setCurrentIndex(0 if policy.measure is Measure.HOURS
                                     else 2 if policy.round_to == Fraction(1, 2) else 1)
        self.effective = OptionalDate("Applies from", policy.effective_from, self)
        self.training = QCheckBox("Training and other sites count as office time", self)
        self.training.setChecked(policy.training_counts_as_office)
        self.business = QCheckBox("Official business elsewhere counts as office time", self)
        self.business.setChecked(policy.business_counts_as_office)
        self.nation = QComboBox(self)
        for nation in Nation:
            self.nation.addItem(nation.label, nation.value)
        self.nation.setCurrentIndex(list(Nation).index(policy.default_nation))
        self.rules = RowsEditor(
            ("Category (blank: any)", "Location (blank: any)", "Minimum office share",
             "From (blank: always)", "Until (blank: open)"),
            [(r.category or "", r.location or "", share_text(r.share),
              f"{r.starts:%d/%m/%Y}" if r.starts else "", f"{r.ends:%d/%m/%Y}" if r.ends else "")
             for r in policy.rules], "Rules", self)
        self.timeline = QLabel(self.rules)
        self.timeline.setWordWrap(True)
        self.timeline.setAccessibleName("Timeline of the rules")
        rules_layout = self.rules.layout()
        assert isinstance(rules_layout, QVBoxLayout)
        rules_layout.addWidget(self.timeline)
        self.rules.table.itemChanged.connect(lambda _item: self._show_timeline())
        self.locations = RowsEditor(
            ("Location", "Desks (blank: no limit)"),
            [(p.name, "" if p.capacity is None else str(p.capacity))
             for p in policy.locations], "Locations", self)
        self.coverage = RowsEditor(
            ("Role", "At least in the office", "On (e.g. Mon-Fri)"),
            [(c.role, str(c.min_in_office), describe_weekdays(c.weekdays))
             for c in policy.coverage], "Coverage", self)
        self.anchors = RowsEditor(
            ("Team days (e.g. Tue)", "Category (blank: any)", "Location (blank: any)",
             "Role (blank: any)"),
            [(describe_weekdays(a.weekdays), a.category or "", a.location or "", a.role or "")
             for a in policy.anchors], "Team days", self)
        self.roles = RowsEditor(("Job title", "Category"), sorted(policy.role_map.items()),
                                "Role map", self)
        self.calendar = RowsEditor(
            ("Date (day first, e.g. 24/12/2025)", f"{_CLOSED} or {_WORKED}"),
            [(f"{day:%d/%m/%Y}", kind) for day, kind in sorted(
                [(day, _CLOSED) for day in policy.closures]
                + [(day, _WORKED) for day in policy.working_bank_holidays])],
            "Organisation calendar", self)
        general = QWidget(self)
        form = QFormLayout(general)
        form.addRow("Measured over:", self.period)
        form.addRow("Rolling window:", self.rolling_weeks)
        form.addRow("Measured in:", self.measure)
        form.addRow("", self.effective)
        form.addRow("", self.training)
        form.addRow("", self.business)
        form.addRow("Cover follows the bank holidays of:", self.nation)
        tabs = QTabWidget(self)
        tabs.addTab(general, "&General")
        tabs.addTab(self.rules, "R&ules")
        tabs.addTab(self.locations, "&Locations")
        tabs.addTab(self.coverage, "&Cover")
        tabs.addTab(self.anchors, "&Team days")
        tabs.addTab(self.roles, "Role &map")
        tabs.addTab(self.calendar, "Calen&dar")
        self.error = QLabel(self)
        self.error.setStyleSheet(f"color: {ERROR_HEX}")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        self.try_button = buttons.addButton("&Try it (what-if)",
                                            QDialogButtonBox.ButtonRole.ActionRole)
        self.try_button.setToolTip("Judge the rota by this draft without saving it")
        buttons.accepted.connect(lambda: self._finish(self.SAVE))
        self.try_button.clicked.connect(lambda: self._finish(self.TRY))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.result_policy: Policy | None = None
        self._period_changed()
        self._show_timeline()

    def _period_changed(self) -> None:
        self.rolling_weeks.setEnabled(self.period.currentData() == PeriodKind.ROLLING.value)

    def read_rules(self) -> list[Rule]:
        """The rules table; ValueError naming the row of the first problem."""
        rules = []
        for number, row in enumerate(self.rules.rows(), start=1):
            category, location, share, starts, ends = (row + [""] * 5)[:5]
            try:
                rules.append(Rule(parse_share(share), category=category or None,
                                  location=location or None,
                                  starts=parse_date(starts) if starts else None,
                                  ends=parse_date(ends) if ends else None))
            except ValueError as error:
                raise ValueError(f"Rules, row {number}: {error}") from None
        return rules

    def _show_timeline(self) -> None:
        """Which rules are in force when: one line per stretch between the rules' dates."""
        try:
            rules = self.read_rules()
        except ValueError as error:
            self.timeline.setText(f"Timeline: {error}")
            return
        self.timeline.setText(describe_timeline(rules))

    def policy(self) -> Policy:
        """The edited policy; ValueError naming the table and row of the first problem."""
        rules = self.read_rules()
        locations = []
        shorts = {place.name: place.short for place in self.base.locations}
        for number, (name, desks) in enumerate(self.locations.rows(), start=1):
            if not name:
                raise ValueError(f"Locations, row {number}: the location needs a name")
            if desks and not desks.isdigit():
                raise ValueError(f"Locations, row {number}: desks {desks!r} is not a number")
            locations.append(Location(name, int(desks) if desks else None,
                                      shorts.get(name, "")))
        coverage = []
        for number, (role, minimum, days) in enumerate(self.coverage.rows(), start=1):
            try:
                if not role:
                    raise ValueError("the cover rule needs a role")
                if not minimum.isdigit():
                    raise ValueError(f"{minimum!r} is not a number of people")
                weekdays = frozenset(parse_weekdays(days)) if days else frozenset(range(5))
                coverage.append(CoverageRule(role, int(minimum), weekdays))
            except ValueError as error:
                raise ValueError(f"Cover, row {number}: {error}") from None
        anchors = []
        for number, (days, category, location, role) in enumerate(self.anchors.rows(),
                                                                   start=1):
            try:
                anchors.append(Anchor(frozenset(parse_weekdays(days)), category or None,
                                      location or None, role or None))
            except ValueError as error:
                raise ValueError(f"Team days, row {number}: {error}") from None
        role_map = {}
        for number, (title, category) in enumerate(self.roles.rows(), start=1):
            if not title or not category:
                raise ValueError(f"Role map, row {number}: give both a job title and a category")
            role_map[title] = category
        calendar = []
        for number, (day, kind) in enumerate(self.calendar.rows(), start=1):
            try:
                wanted = kind.strip().lower()
                if wanted not in (_CLOSED, _WORKED):
                    raise ValueError(f"say {_CLOSED!r} (nobody works) or {_WORKED!r} (a bank "
                                     "holiday worked as normal)")
                calendar.append((parse_date(day), wanted))
            except ValueError as error:
                raise ValueError(f"Calendar, row {number}: {error}") from None
        period = PeriodKind(self.period.currentData())
        measure, steps = self.measure.currentData()
        # Everything the editor has no box for (anchors, the full-time week) stays as it was.
        policy = replace(
            self.base,
            rules=tuple(rules), period=period,
            rolling_weeks=self.rolling_weeks.value() if period is PeriodKind.ROLLING else None,
            measure=Measure(measure), round_to=Fraction(1, steps),
            effective_from=self.effective.value(),
            training_counts_as_office=self.training.isChecked(),
            business_counts_as_office=self.business.isChecked(),
            default_nation=Nation(self.nation.currentData()), locations=tuple(locations),
            coverage=tuple(coverage), anchors=tuple(anchors), role_map=role_map,
            closures=frozenset(day for day, kind in calendar if kind == _CLOSED),
            working_bank_holidays=frozenset(day for day, kind in calendar if kind == _WORKED),
        )
        for breach in policy_breaches(policy):  # the first, named as the tabs name rows
            tab = _TAB_OF_TABLE[breach.field.split(".")[0]]
            raise ValueError(f"{tab}, row {breach.index}: {breach.message}")
        return policy

    def _finish(self, choice: int) -> None:
        try:
            self.result_policy = self.policy()
        except ValueError as error:
            self.error.setText(str(error))
            return
        self.choice = choice
        self.accept()



def describe_timeline(rules: Sequence[Rule]) -> str:
    """The rules in force in each stretch between the dates rules start or stop, a line each:
    `Until Sun 5 Jan 2025: everyone 40%.`, `From Mon 6 Jan 2025: operational 80%, ...`."""
    changes = sorted({r.starts for r in rules if r.starts}
                     | {r.ends + timedelta(days=1) for r in rules if r.ends})
    if not changes:
        return "Timeline: every rule is always in force."
    stretches: list[tuple[date | None, date | None]] = []
    starts: list[date | None] = [None, *changes]
    for first, following in zip(starts, [*changes, None], strict=True):
        stretches.append((first, following - timedelta(days=1) if following else None))
    lines = []
    for first, last in stretches:
        day = first or (last if last else date.today())
        in_force = [r for r in rules if (r.starts is None or r.starts <= day)
                    and (r.ends is None or r.ends >= day)]
        what = ", ".join(f"{_scope(r)} {share_text(r.share)}" for r in in_force) or \
            "no rule (no minimum)"
        if first is None:
            when = f"until {describe_day(last)}" if last else "always"
        elif last is None:
            when = f"from {describe_day(first)}"
        else:
            when = f"{describe_day(first)} – {describe_day(last)}"
        lines.append(f"{when[:1].upper()}{when[1:]}: {what}.")
    return "Timeline:\n" + "\n".join(lines)


def _scope(rule: Rule) -> str:
    parts = [part for part in (rule.category, rule.location and f"at {rule.location}") if part]
    return " ".join(parts) or "everyone"
