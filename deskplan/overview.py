"""The organisation overview HR reads: compliance per team, site and week; desk use per site and
day against capacity; arrangement reviews due per team.

Computed from domain objects only (plans as loaded, under row security, by whoever asks), so the
window, an export and a benchmark all get the same numbers. Each team is checked by the rule
engine as its manager's window checks it; only counts leave this module, never a conflict's
sentence. People whose arrangement the reader may not see are not judged at all (their
verdict would be wrong without it): they are counted as "not judged" instead.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

import numpy as np

from deskplan.domain.calendar import period_end, period_start
from deskplan.domain.conflicts import RuleId
from deskplan.domain.model import Adjustment, Person
from deskplan.domain.plan import Plan
from deskplan.domain.policy import PeriodKind, Policy, fold
from deskplan.domain.rota import Rota

ALL_TEAMS = "All teams"
NO_SITE = "(no site)"


@dataclass(frozen=True)
class TeamInput:
    """One team as the reader may see it."""

    team_id: int
    plan: Plan
    #: Staff ids with an arrangement in the range whose details the reader may not see.
    withheld: frozenset[str] = frozenset()
    #: Arrangements of the team whose review date has come by the end of the range.
    reviews_due: int = 0


@dataclass(frozen=True)
class ComplianceRow:
    """People of one team at one site in one ISO week (team `ALL_TEAMS`: every team)."""

    team: str
    site: str
    week: date  # the Monday
    people: int
    #: Cannot meet the minimum of a measurement period that overlaps the week.
    short: int
    #: Still have unplanned working days in such a period.
    unplanned: int
    #: Under an arrangement the reader may not see, so not judged.
    not_judged: int

    @property
    def meeting(self) -> int:
        """Judged and not short (some may still depend on days not yet planned)."""
        return self.people - self.short - self.not_judged


@dataclass(frozen=True)
class DeskRow:
    """Everyone in the office at one site on one day, from every team the reader may see."""

    site: str
    day: date
    in_office: int
    #: The most desks any team's policy gives the site; None when no policy says.
    capacity: int | None
    teams: int

    @property
    def over(self) -> bool:
        return self.capacity is not None and self.in_office > self.capacity


@dataclass(frozen=True)
class ReviewRow:
    team: str
    due: int


@dataclass
class Overview:
    first: date
    last: date
    teams: int = 0
    people: int = 0
    compliance: list[ComplianceRow] = field(default_factory=list)
    desks: list[DeskRow] = field(default_factory=list)
    reviews: list[ReviewRow] = field(default_factory=list)
    #: Whether some people were left unjudged because their arrangements are not shared.
    withheld: bool = False


def mondays(first: date, last: date) -> list[date]:
    monday = first - timedelta(days=first.weekday())
    found = []
    while monday <= last:
        found.append(monday)
        monday += timedelta(days=7)
    return found


class _Sites:
    """Sites folded as the engine folds them, shown in the spelling seen first."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self._keys: dict[str, str] = {}

    def key(self, location: str) -> str:
        key = self._keys.get(location)
        if key is None:
            key = self._keys[location] = fold(location)
            self.names.setdefault(key, location.strip() or NO_SITE)
        return key


def build_overview(teams: Sequence[TeamInput], first: date, last: date) -> Overview:
    overview = Overview(first, last, teams=len(teams))
    weeks = mondays(first, last)
    sites = _Sites()
    days = (last - first).days + 1
    desks: dict[str, _DeskTotals] = {}
    short: Flags = defaultdict(set)
    unplanned: Flags = defaultdict(set)
    for policy, members in _by_policy(teams):
        _judge_together(policy, members, first, last, weeks, (short, unplanned), desks, days)
    per_site: dict[tuple[str, date], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for team in sorted(teams, key=lambda t: t.plan.name.casefold()):
        plan = team.plan
        rows = _team_compliance(team, weeks, first, last, sites,
                                (short.get(team.team_id, set()),
                                 unplanned.get(team.team_id, set())))
        overview.compliance += rows
        for row in rows:
            totals = per_site[sites.key(row.site), row.week]
            for index, value in enumerate((row.people, row.short, row.unplanned,
                                           row.not_judged)):
                totals[index] += value
        overview.people += sum(1 for p in plan.people if _employed(p, first, last))
        overview.withheld |= bool(team.withheld)
        if team.reviews_due:
            overview.reviews.append(ReviewRow(plan.name, team.reviews_due))
    overview.compliance = [
        ComplianceRow(ALL_TEAMS, sites.names[key], week, *totals)
        for (key, week), totals in sorted(per_site.items(),
                                          key=lambda i: (sites.names[i[0][0]].casefold(),
                                                         i[0][1]))
    ] + overview.compliance
    for site in sorted(desks.values(), key=lambda d: d.name.casefold()):
        # A weekend nobody works is not a day of desk use (a roster's weekends are listed).
        overview.desks += [
            DeskRow(site.name, day, int(site.booked[i]), site.capacity, int(site.teams[i]))
            for i, day in enumerate(first + timedelta(days=i) for i in range(days))
            if site.booked[i] or day.weekday() < 5
        ]
    return overview


#: team id → (staff id, Monday) of each week a person is short in (or has unplanned days in).
Flags = dict[int, set[tuple[str, date]]]


@dataclass
class _DeskTotals:
    """One site over the range, summed over every team: desks taken (the fuller half of each
    day) and how many teams had someone at them."""

    name: str
    capacity: int | None
    booked: np.ndarray
    teams: np.ndarray


def _by_policy(teams: Sequence[TeamInput]) -> list[tuple[Policy, list[TeamInput]]]:
    groups: list[tuple[Policy, list[TeamInput]]] = []
    for team in teams:
        group = next((g for g in groups if g[0] == team.plan.policy), None)
        if group is None:
            groups.append((team.plan.policy, [team]))
        else:
            group[1].append(team)
    return groups


def _judge_together(policy: Policy, members: list[TeamInput], first: date, last: date,
                    weeks: list[date], flags: tuple[Flags, Flags],
                    desks: dict[str, _DeskTotals], days: int) -> None:
    """Check every team of one policy as one plan, then split the answers by team.

    The minimum and unplanned days are rules about one person at a time (their days, records
    and arrangements under the policy), so checking 400 teams with one policy as one plan
    gives each person the verdict their own team's check gives (a test holds it to that),
    in a fraction of the time. Desks are counted per team from the same facts and summed
    per site, so a site shared by teams counts everyone once.
    """
    plan, owner, starts = _together(policy, members, first, last)
    checker = plan.checker(first, last, private=True)
    short, unplanned = flags
    for conflict in checker.conflicts:
        if conflict.staff_id is None:
            continue
        if conflict.rule is RuleId.BELOW_MINIMUM:
            found = short
        elif conflict.rule is RuleId.UNPLANNED:
            found = unplanned
        else:
            continue
        team_id, staff_id = owner[conflict.staff_id]
        found[team_id].update((staff_id, monday) for monday in
                              _weeks_touched(conflict.start, conflict.end, weeks))
    if not owner:
        return
    facts = checker.facts
    lo, hi = facts.column(first), facts.column(last) + 1
    morning, afternoon = facts.desk_sites(slice(None), lo, hi, facts.codes[:, lo:hi])
    for index, site in enumerate(facts.sites):
        am = np.add.reduceat(morning == index, starts, axis=0)  # (teams × days)
        pm = np.add.reduceat(afternoon == index, starts, axis=0)
        per_team = np.maximum(am, pm)
        booked = np.maximum(am.sum(axis=0), pm.sum(axis=0))
        if not booked.any() and site.capacity is None:
            continue
        totals = desks.setdefault(site.key, _DeskTotals(
            site.name, site.capacity, np.zeros(days, dtype=np.int64),
            np.zeros(days, dtype=np.int64)))
        if site.capacity is not None:
            totals.capacity = max(totals.capacity or 0, site.capacity)
        totals.booked += booked
        totals.teams += (per_team > 0).sum(axis=0)


def _together(policy: Policy, members: list[TeamInput], first: date, last: date
              ) -> tuple[Plan, dict[str, tuple[int, str]], list[int]]:
    """One plan of several teams' people, whose each one is (staff id → team, own staff id),
    and the first row of each team that has people (teams' rows are contiguous)."""
    # More days than the checker reads (it widens the range to whole periods and weeks).
    if policy.period is PeriodKind.ROLLING:
        start = first - timedelta(weeks=(policy.rolling_weeks or 1) + 1)
        end = last
    else:
        start, end = period_start(first, policy.period), period_end(last, policy.period)
    start, end = start - timedelta(days=7), end + timedelta(days=7)
    people: list[Person] = []
    arrangements: list[Adjustment] = []
    matrices = []
    sites: dict[tuple[str, date], tuple[str | None, str | None]] = {}
    owner: dict[str, tuple[int, str]] = {}
    starts: list[int] = []
    for number, team in enumerate(members):
        staff_ids = [p.staff_id for p in team.plan.people]
        if not staff_ids:
            continue
        starts.append(len(people))
        matrices.append(team.plan.rota.matrix(staff_ids, start, end))
        # Staff ids are payroll numbers, unique across teams as a rule: only a clash is renamed.
        renamed: dict[str, str] = {}
        keys = []
        for person in team.plan.people:
            key = person.staff_id
            if key in owner:
                key = renamed[person.staff_id] = f"{number}\x1f{person.staff_id}"
                people.append(replace(person, staff_id=key))
            else:
                people.append(person)
            owner[key] = (team.team_id, person.staff_id)
            keys.append(key)
        arrangements += [replace(a, staff_id=renamed[a.staff_id]) if a.staff_id in renamed
                         else a for a in team.plan.adjustments]
        for (row, column), halves in team.plan.rota.sites(staff_ids, start, end).items():
            sites[keys[row], start + timedelta(days=column)] = halves
    cells = np.vstack(matrices) if matrices else np.zeros((0, 0), dtype=np.uint8)
    rota = Rota.from_matrix(list(owner), start, cells, sites)
    return Plan(people=people, rota=rota, policy=policy, adjustments=arrangements), owner, starts


def _employed(person: Person, first: date, last: date) -> bool:
    start, end = person.start_date, person.end_date
    return (start is None or start <= last) and (end is None or end >= first)


def _weeks_touched(start: date, end: date, weeks: list[date]) -> Iterable[date]:
    """The Mondays of `weeks` whose week overlaps `start`..`end`."""
    return (monday for monday in weeks
            if start <= monday + timedelta(days=6) and end >= monday)


def _team_compliance(team: TeamInput, weeks: list[date], first: date, last: date,
                     sites: _Sites, flags: tuple[set[tuple[str, date]], set[tuple[str, date]]]
                     ) -> list[ComplianceRow]:
    """People of the team per site (their current record's base) and week."""
    plan = team.plan
    short, unplanned = flags
    cells: dict[tuple[str, date], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    spans = [(max(monday, first), min(monday + timedelta(days=6), last)) for monday in weeks]
    for person in plan.people:
        key = sites.key(person.location)
        withheld = person.staff_id in team.withheld
        always = person.start_date is None and person.end_date is None
        for monday, (begin, finish) in zip(weeks, spans, strict=True):
            if not always and not _employed(person, begin, finish):
                continue
            counts = cells[key, monday]
            counts[0] += 1
            if withheld:
                counts[3] += 1
                continue
            flag = (person.staff_id, monday)
            counts[1] += flag in short
            counts[2] += flag in unplanned
    return [ComplianceRow(plan.name, sites.names[key], monday, *counts)
            for (key, monday), counts in sorted(cells.items(),
                                                key=lambda i: (sites.names[i[0][0]].casefold(),
                                                               i[0][1]))]


# --- the three tables, as the window, CSV and PDF show them -----------------------------------
Cell = str | int | date | None


@dataclass(frozen=True)
class OverviewTable:
    """One table of the overview: a title, column names, typed rows (numbers stay numbers,
    days stay dates, so a view can sort them and a CSV can write them plainly)."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: list[tuple[Cell, ...]]
    #: A row that needs attention (someone short, a site over capacity, a review due): marked
    #: with ✖ in its last column as well as any tint, so status is never colour alone.
    flagged: list[bool]


def tables(overview: Overview) -> list[OverviewTable]:
    compliance = OverviewTable(
        "compliance", "Compliance per team, site and week",
        ("Team", "Site", "Week of", "People", "Meeting", "Short", "With unplanned days",
         "Not judged", "Status"),
        [(r.team, r.site, r.week, r.people, r.meeting, r.short, r.unplanned, r.not_judged,
          "✖ short" if r.short else "✓") for r in overview.compliance],
        [r.short > 0 for r in overview.compliance])
    desks = OverviewTable(
        "desks", "Desk use per site and day",
        ("Site", "Day", "In the office", "Desks", "Teams", "Status"),
        [(r.site, r.day, r.in_office, r.capacity, r.teams,
          "✖ over capacity" if r.over else ("✓" if r.capacity is not None else "no desks set"))
         for r in overview.desks],
        [r.over for r in overview.desks])
    reviews = OverviewTable(
        "reviews", "Arrangement reviews due", ("Team", "Reviews due", "Status"),
        [(r.team, r.due, "✖ due") for r in overview.reviews],
        [True for _ in overview.reviews])
    return [compliance, desks, reviews]


def summary(overview: Overview) -> str:
    """`400 teams, 11,000 people, 3 Mar – 30 Mar 2025.` plus what is not judged, and why."""
    text = (f"{overview.teams:,} team{'s' if overview.teams != 1 else ''}, "
            f"{overview.people:,} {'person' if overview.people == 1 else 'people'}.")
    if overview.withheld:
        unjudged = sum(r.not_judged for r in overview.compliance if r.team == ALL_TEAMS)
        text += (f" People under an individual arrangement whose details are not shared with "
                 f"you are counted but not judged ({unjudged:,} person-weeks).")
    return text
