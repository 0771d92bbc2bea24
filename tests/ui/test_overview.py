"""The organisation overview: the same numbers the planner's checks give, sortable and
filterable tables, and exports to CSV and a tagged PDF."""

from __future__ import annotations

import csv
import subprocess
from dataclasses import replace as with_
from datetime import date, timedelta

from PySide6.QtCore import Qt

from deskplan.domain.conflicts import RuleId
from deskplan.domain.demo import demo_organisation
from deskplan.domain.policy import fold
from deskplan.overview import ALL_TEAMS, TeamInput, build_overview, tables
from deskplan.ui.overview_window import OverviewWindow, TableModel

TODAY = date(2025, 3, 12)


def _window(qtbot, demo_window) -> OverviewWindow:
    window = demo_window.overview_window()
    qtbot.addWidget(window)
    window.load_now()
    return window


def test_every_table_model_is_consistent(qtbot, qtmodeltester, demo_window):
    window = _window(qtbot, demo_window)
    for model in window.models.values():
        assert model.rowCount() > 0
        qtmodeltester.check(model)
    qtmodeltester.check(TableModel())


def test_the_overview_counts_what_each_teams_check_finds(qtbot, demo_window):
    window = _window(qtbot, demo_window)
    overview = window.overview
    assert overview is not None
    assert overview.teams == len(demo_window.store.list_teams())
    for info in demo_window.store.list_teams():
        _, plan = demo_window.store.load_team(info.id)
        checker = plan.checker(overview.first, overview.last, private=True)
        short = {c.staff_id for c in checker.conflicts if c.rule is RuleId.BELOW_MINIMUM
                 and c.start <= overview.last and c.end >= overview.first}
        counted = sum(r.short for r in overview.compliance if r.team == plan.name)
        assert (counted > 0) == bool(short), plan.name
    totals = [r for r in overview.compliance if r.team == ALL_TEAMS]
    assert sum(r.people for r in totals) == sum(r.people for r in overview.compliance
                                                if r.team != ALL_TEAMS)


def test_desks_count_every_team_at_a_site_as_each_teams_check_does() -> None:
    plans = demo_organisation(TODAY)
    first = TODAY - timedelta(days=TODAY.weekday())
    last = first + timedelta(days=13)
    shared = plans[0].policy  # two teams on one policy are counted together: same answer
    teams = [TeamInput(1, plans[0]), TeamInput(2, plans[1]),
             TeamInput(3, with_(plans[2], policy=shared))]
    overview = build_overview(teams, first, last)
    expected: dict[tuple[str, date], list[int]] = {}
    for team in teams:
        for use in team.plan.checker(first, last).site_use():
            for day, booked in enumerate(use.booked.tolist()):
                counts = expected.setdefault((use.site.key, first + timedelta(days=day)), [0, 0])
                counts[0] += booked
                counts[1] += booked > 0
    found = {(fold(r.site), r.day): [r.in_office, r.teams] for r in overview.desks}
    assert found == {key: value for key, value in expected.items() if key in found}
    assert all(key in found for key, value in expected.items() if value[0])
    assert any(value[0] for value in found.values())
    # Every weekday is listed; a weekend only when someone is in (a roster).
    assert all((key in found) == (bool(value[0]) or key[1].weekday() < 5)
               for key, value in expected.items())


def test_filtering_and_sorting_work_on_typed_values(qtbot, demo_window):
    window = _window(qtbot, demo_window)
    view = window.views["compliance"]
    proxy = view.model()
    team = next(r.team for r in window.overview.compliance if r.team != ALL_TEAMS)
    window.filter.setText(team.upper())
    assert proxy.rowCount() > 0
    assert {proxy.index(r, 0).data() for r in range(proxy.rowCount())} == {team}
    window.filter.clear()
    view.sortByColumn(3, Qt.SortOrder.DescendingOrder)  # people, as numbers
    people = [proxy.index(r, 3).data(Qt.ItemDataRole.UserRole) for r in range(proxy.rowCount())]
    assert people == sorted(people, reverse=True)


def test_export_writes_the_shown_table_as_csv_and_every_table_as_pdf(qtbot, demo_window,
                                                                      tmp_path):
    window = _window(qtbot, demo_window)
    window.tabs.setCurrentIndex(1)
    message = window.export_to(tmp_path / "desks.csv")
    with (tmp_path / "desks.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    desks = next(t for t in tables(window.overview) if t.key == "desks")
    assert rows[0] == list(desks.columns)
    assert len(rows) - 1 == len(desks.rows)
    assert message == f"Wrote desks.csv: {len(desks.rows):,} rows."
    assert rows[1][1] == window.overview.first.isoformat()
    window.export_to(tmp_path / "overview.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "overview.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    for title in ("Compliance per team, site and week", "Desk use per site and day",
                  "Arrangement reviews due", ALL_TEAMS):
        assert title in text
    info = subprocess.run(["pdfinfo", str(tmp_path / "overview.pdf")], capture_output=True,
                          text=True, check=True).stdout
    assert "Tagged:          yes" in info


def test_the_window_reads_on_a_worker_thread(qtbot, demo_window):
    window = demo_window.overview_window()
    qtbot.addWidget(window)
    window.reload()
    assert window.summary.text().startswith("Reading every team")
    qtbot.waitUntil(lambda: window.overview is not None, timeout=10000)
    assert window.export_button.isEnabled()
    assert window.summary.text().endswith("people.")


def test_teams_checked_together_get_the_verdicts_each_gets_alone() -> None:
    """Teams that share a policy are checked as one plan for speed; every count must be what
    checking each team on its own gives (monthly periods and arrangements included)."""
    from deskplan.domain.policy import PeriodKind

    plans = demo_organisation(TODAY)
    shared = with_(plans[0].policy, period=PeriodKind.MONTH)
    teams = [TeamInput(i, with_(p, policy=shared) if i != 2 else p)
             for i, p in enumerate(plans, start=1)]
    teams.append(TeamInput(9, with_(plans[0], name="Copy of the first", policy=shared)))
    first, last = TODAY - timedelta(days=20), TODAY + timedelta(days=20)
    together = build_overview(teams, first, last).compliance
    alone = [row for team in teams for row in build_overview([team], first, last).compliance
             if row.team != ALL_TEAMS]
    assert sorted((r for r in together if r.team != ALL_TEAMS), key=repr) == sorted(alone, key=repr)
    assert any(r.short for r in alone), "the demo has people short: the test compares verdicts"
