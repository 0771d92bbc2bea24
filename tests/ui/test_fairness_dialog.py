"""Policy → Fairness…: the chart and the table show the team's groups, never names; the
draft and the other measures are one choice away; PDF and CSV come from the same figures."""

from datetime import date
from fractions import Fraction

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter

from deskplan.domain.fairness import fairness_report
from deskplan.domain.model import Adjustment, AdjustmentKind, Person
from deskplan.domain.plan import Plan
from deskplan.domain.policy import PeriodKind, Policy, Rule
from deskplan.domain.rota import Rota
from deskplan.ui.fairness_dialog import FairnessChart, FairnessDialog, chart_bars
from tests.domain.helpers import pattern

DAYS = {5: "Mon-Fri", 4: "Mon-Thu", 3: "Mon-Wed", 2: "Mon-Tue"}


def team_plan() -> Plan:
    people = [Person(f"{d}{i}", f"Zed Person{d}{i}", category="support",
                     pattern=pattern(DAYS[d])) for d in DAYS for i in range(5)]
    return Plan(people, Rota(p.staff_id for p in people),
                Policy(rules=(Rule(Fraction(4, 5), category="support"),)), name="Team")


def open_dialog(qtbot, draft=None) -> FairnessDialog:
    dialog = FairnessDialog(team_plan(), date(2025, 1, 6), date(2025, 12, 28), draft=draft)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=60_000)
    return dialog


def test_the_table_and_chart_show_the_groups_against_the_comparator(qtbot, qtmodeltester):
    dialog = open_dialog(qtbot)
    qtmodeltester.check(dialog.model)
    model = dialog.model
    rows = [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]
    assert rows[0][0] == "support staff, 80%"
    assert rows[1][:3] == ["Full time", "5", "81.9%"]
    assert rows[2][0] == "⚠ Part time, 4 days a week"
    assert rows[2][6] == "+18.1 pts"
    assert "⚠ Part-time groups" in dialog.finding.text()
    described = dialog.chart.accessibleDescription()
    assert "80% · Part time, 2 days a week (5): 100.0%, full-timer 81.9%" \
        in described
    assert "Zed" not in described
    assert all("Zed" not in str(cell) for row in rows for cell in row)


def test_the_draft_and_the_other_measures_can_be_shown(qtbot, qtmodeltester):
    monthly = Policy(rules=(Rule(Fraction(3, 5), category="support"),), period=PeriodKind.MONTH)
    dialog = open_dialog(qtbot, draft=monthly)
    qtmodeltester.check(dialog.model)
    # Side by side: the draft's share and difference beside each group of the saved policy.
    model = dialog.model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in (8, 9)] == [
        "What-if draft", "Draft difference"]
    assert [model.index(4, c).data() for c in (0, 2, 8)] == [
        "⚠ Part time, 2 days a week", "100.0%", "64.3%"]
    titles = [dialog.measure.itemText(i) for i in range(dialog.measure.count())]
    assert titles[:2] == ["Saved policy (weekly, in hours)", "What-if draft (monthly, in hours)"]
    assert titles[-1].startswith("Rolling 12 weeks")
    dialog.measure.setCurrentIndex(1)
    two_days = dialog.model.index(4, 2).data()
    assert (dialog.model.index(4, 0).data(), two_days) == ("⚠ Part time, 2 days a week", "64.3%")


def test_the_chart_reads_the_same_figures_as_the_report():
    report = fairness_report(team_plan().people, team_plan().policy, [], date(2025, 1, 6),
                             date(2025, 12, 28))
    bars = chart_bars(report.saved)
    assert [round(value or 0, 1) for _, value, _, _ in bars] == [81.9, 100.0, 100.0, 100.0]
    assert [flag for *_, flag in bars] == [False, True, True, True]


def test_every_group_label_is_drawn_even_the_longest(qtbot):
    # pyqtgraph leaves out a tick label wider than its axis: the arrangement group's label
    # ("80% · Individual arrangement (all patterns) (fewer than 5)") once went missing.
    plan = team_plan()
    adjustments = [Adjustment("51", AdjustmentKind.EXEMPT, date(2025, 1, 6))]
    report = fairness_report(plan.people, plan.policy, adjustments, date(2025, 1, 6),
                             date(2025, 12, 28))
    labels = [label for label, *_ in chart_bars(report.saved)]
    assert any("Individual arrangement" in label for label in labels)
    chart = FairnessChart()
    qtbot.addWidget(chart)
    chart.resize(1000, 400)
    chart.show()
    chart.show_table(report.saved)
    axis = chart.plot.getAxis("left")

    def drawn() -> list[str]:
        image = QImage(10, 10, QImage.Format.Format_ARGB32)
        painter = QPainter(image)
        try:
            return sorted(text for _, _, text in axis.generateDrawSpecs(painter)[2])
        finally:
            painter.end()

    qtbot.waitUntil(lambda: drawn() == sorted(labels))  # once the axis is laid out


def test_pdf_and_csv_are_written_from_the_dialog(qtbot, tmp_path):
    dialog = open_dialog(qtbot)
    assert dialog.write(tmp_path / "fair.pdf").startswith("Wrote ")
    assert dialog.write(tmp_path / "fair.csv").startswith("Wrote ")
    assert (tmp_path / "fair.pdf").read_bytes().startswith(b"%PDF")
    assert "203/248" in (tmp_path / "fair.csv").read_text(encoding="utf-8-sig")


def test_the_window_opens_it_from_the_policy_menu(demo_window, qtbot):
    demo_window.fairness_action.trigger()
    dialogs = list(demo_window.findChildren(FairnessDialog))
    assert len(dialogs) == 1
    qtbot.waitUntil(lambda: dialogs[0].report is not None, timeout=60_000)
    assert dialogs[0].model.rowCount() > 0
    dialogs[0].close()


def test_the_main_window_starts_without_the_chart_library():
    import os
    import subprocess
    import sys

    code = ("import sys, deskplan.ui.main_window, deskplan.ui.app; "
            "print('pyqtgraph' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.stdout.strip() == "False"
