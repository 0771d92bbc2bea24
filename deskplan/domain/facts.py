"""What the rule engine knows about a range before it judges anything.

`Facts` turns people, policy, arrangements and the rota into (people × days) matrices once:
contracted time, why a day is off, the share that applies, fixed home days, caps, each person's
base site, and the rota's cells read as halves. Every rule (see `deskplan.domain.rules`) and
every surface reads these, so the grid's working days, the footer's desk counts and the
engine's verdicts cannot disagree.

Units. A day has two halves (morning, afternoon); a whole day counts twice. Each half is worth
the day's *weight*: its contracted seconds when the policy measures hours, 1 when it measures
days. So office time in hours mode is in half-seconds (a 7.5-hour day is 2 × 27,000 units) and
in days mode in half days. Every sum is an integer; shares are integers scaled by `scale`, so no
float ever decides a verdict.
"""

from __future__ import annotations

import itertools
import operator
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from functools import lru_cache
from math import lcm
from typing import Protocol, TypeVar, cast

import numpy as np

from deskplan.domain.calendar import period_end, period_start, periods, weeks_between
from deskplan.domain.errors import DeskplanError
from deskplan.domain.model import (
    VALID_CELL_CODES,
    Adjustment,
    AdjustmentKind,
    Person,
    Status,
    halves_of,
)
from deskplan.domain.policy import Measure, PeriodKind, Policy, Rule, fold
from deskplan.domain.working_time import DayOff, WorkingTime, coverage_days, working_time

T = TypeVar("T")

# The scaled requirement of the longest window must fit 64-bit sums with room to spare:
# 53 weeks of days of 86,400 s counted in two halves.
_MAX_SCALE = 2**62 // (86_400 * 2 * 371 * 2)


class RotaSource(Protocol):
    """What the checker needs of a rota: cell codes and other sites for some people and days
    (`deskplan.domain.rota.Rota` is one)."""

    def matrix(self, staff_ids: list[str], first: date, last: date) -> np.ndarray: ...

    def sites(self, staff_ids: list[str], first: date, last: date
              ) -> dict[tuple[int, int], tuple[str | None, str | None]]: ...


@dataclass(frozen=True)
class SharedDesks:
    """Desks other teams use: (folded site, day) → (people in the office in the morning, in the
    afternoon, number of other teams). Read from a shared database (`across_teams`); on a
    database of one's own there are no other teams to count."""

    office: Mapping[tuple[str, date], tuple[int, int, int]]
    across_teams: bool = True

    @classmethod
    def none(cls) -> SharedDesks:
        return cls({}, across_teams=False)


def _lut(predicate: Iterable[int]) -> np.ndarray:
    """Halves (0, 1 or 2) per cell code whose status is in `predicate`."""
    wanted = set(predicate)
    table = np.zeros(256, dtype=np.int8)
    for code in VALID_CELL_CODES:
        am, pm = halves_of(code)
        table[code] = (am in wanted) + (pm in wanted)
    return table


def _half_lut(predicate: Iterable[int], half: int) -> np.ndarray:
    wanted = set(predicate)
    table = np.zeros(256, dtype=bool)
    for code in VALID_CELL_CODES:
        table[code] = halves_of(code)[half] in wanted
    return table


ABSENT = _lut((Status.LEAVE, Status.SICK))
UNPLANNED = _lut((Status.UNPLANNED,))
HOME = _lut((Status.HOME,))
ON_SITE = _lut((Status.OFFICE, Status.HOME, Status.TRAINING, Status.BUSINESS))
DESK_AM = _half_lut((Status.OFFICE,), 0)
DESK_PM = _half_lut((Status.OFFICE,), 1)
AT_DESK = _lut((Status.OFFICE,))
AWAY_FROM_HOME = _lut((Status.OFFICE, Status.TRAINING, Status.BUSINESS))


@dataclass(frozen=True)
class Period:
    """A measurement period (or rolling window) and its columns in the checked span."""

    first: date
    last: date
    lo: int
    hi: int  # exclusive


@dataclass(frozen=True)
class Site:
    """A site people are based at or planned at: `key` is its folded name."""

    key: str
    name: str
    capacity: int | None
    short: str


class Facts:
    """The matrices of one team over one range, widened to what the policy needs."""

    def __init__(self, people: Sequence[Person], policy: Policy,
                 adjustments: Iterable[Adjustment], rota: RotaSource, first: date, last: date,
                 *, shared: SharedDesks | None = None) -> None:
        if last < first:
            raise ValueError("the range to check ends before it starts")
        self.policy = policy
        self.range_first, self.range_last = first, last
        self._set_periods(first, last)
        # Only people employed on some day of the periods judged are judged (and shown).
        judged_first, judged_last = self.minimum_periods[0].first, self.minimum_periods[-1].last
        self.people = [p for p in people if _employed_between(p, judged_first, judged_last)]
        self.ids = [p.staff_id for p in self.people]
        self.row = {staff_id: i for i, staff_id in enumerate(self.ids)}
        self.shared = shared or SharedDesks.none()
        self.days = (self.last - self.first).days + 1
        self.arrangements: list[list[Adjustment]] = [[] for _ in self.people]
        for adjustment in adjustments:
            row = self.row.get(adjustment.staff_id)
            if row is not None and adjustment.overlaps(self.first, self.last):
                self.arrangements[row].append(adjustment)

        self.scale = lcm(
            1,
            *(r.share.denominator for r in policy.rules),
            *(a.share.denominator for rows in self.arrangements for a in rows if a.share),
        )
        if self.scale > _MAX_SCALE:
            raise DeskplanError(
                "the policy's and arrangements' shares are too finely divided to be added up "
                "exactly; write each share with at most 4 decimal places, or as a ratio such "
                "as 2/3"
            )
        self.counted = policy.counts_as_office()
        self.office_lut = _lut(self.counted)
        self._rule_cache: dict[tuple[str | None, str, int], Rule | None] = {}
        calendar = _recent(self.people, policy, self.first, self.last, self.scale)
        if calendar is None:
            calendar = self._calendar()
            _remember(self.people, policy, self.first, self.last, self.scale, calendar)
        self.time: WorkingTime = calendar.time
        self.seconds = self.time.seconds
        #: Whether everyone is employed on every day of the span (most teams): no day needs
        #: setting aside as outside someone's employment.
        self.everyone_employed = calendar.everyone_employed
        self.working = calendar.working
        self.weight = calendar.weight
        self.categories = calendar.categories
        self.share, self.has_rule = calendar.share, calendar.has_rule
        self._shares_before = calendar.share
        #: Rows whose share an arrangement lowers on some day (set by `_fixed_and_exempt`).
        self.lowered = np.zeros(len(self.people), dtype=bool)
        self.fixed, self.exempt = self._fixed_and_exempt()
        #: Rows with a cap below 1 on some day (set by `_caps`).
        self.capped_rows: list[int] = []
        self.is_capped = np.zeros(len(self.people), dtype=bool)
        self.cap = self._caps()
        self.home_days = self._home_days()
        # Other sites planned add to these (`_known_site`): this check's own copies.
        self.sites, self.site_index = list(calendar.sites), dict(calendar.site_index)
        self.base_site, self.one_base = calendar.base_site, calendar.one_base
        self.cover_days = calendar.cover_days
        self.cover_members = calendar.cover_members
        self._memo = calendar.memo
        self.codes = rota.matrix(self.ids, self.first, self.last)
        self._snapshot: np.ndarray | None = None
        self.elsewhere = self._elsewhere(rota)
        #: The same by column and then row, so that one day's desks read only that day's
        #: entries (an edit re-counts one day; an organisation may plan tens of thousands
        #: elsewhere). Built when first asked: a full check counts from `elsewhere` itself.
        self._by_column: dict[int, dict[int, tuple[int, int]]] | None = None

    def _calendar(self) -> _Calendar:
        """What the people and the policy alone decide over the span (see `_Calendar`)."""
        policy = self.policy
        self.time = working_time(self.people, policy, self.first, self.last)
        working = self.time.seconds > 0
        self.categories = self._categories()
        share, has_rule = self._shares()
        self.sites, self.site_index = self._sites()
        self.base_site, self.one_base = self._base_sites()
        self.cover_days = coverage_days(policy, self.first, self.last)
        calendar = _Calendar(
            self.time, not (self.time.reason == DayOff.NOT_EMPLOYED).any(), working,
            self.time.seconds if policy.measure is Measure.HOURS else working.astype(np.int32),
            self.categories, share, has_rule, tuple(self.sites), dict(self.site_index),
            self.base_site, self.one_base, self.cover_days, self._cover_members())
        for matrix in (calendar.time.seconds, calendar.time.reason, calendar.working,
                       calendar.weight, calendar.share, calendar.has_rule, calendar.base_site,
                       calendar.one_base, calendar.cover_days, *calendar.cover_members):
            matrix.flags.writeable = False  # shared by the checks that ask again (`_recent`)
        return calendar

    def share_varies(self, lo: int, hi: int) -> np.ndarray:
        """Per row, whether the share may differ between days of columns lo..hi: the rule's
        share changes, or an arrangement lowers it."""
        def work_out() -> np.ndarray:
            shares = self._shares_before[:, lo:hi]
            return np.asarray((shares != shares[:, :1]).any(axis=1))
        return np.asarray(self.remembered(("share varies", lo, hi), work_out) | self.lowered)

    def remembered(self, key: tuple[object, ...], work_out: Callable[[], T]) -> T:
        """`work_out()`, kept with the people's and the policy's matrices (`_Calendar`) for
        the checks that use them again: for what those alone decide (with the range's periods
        in `key`), never the rota or the arrangements."""
        if key not in self._memo:
            self._memo[key] = work_out()
        return cast(T, self._memo[key])

    # --- the span and its periods -------------------------------------------------------------
    def _set_periods(self, first: date, last: date) -> None:
        """Whole periods that meet the range (for a rolling policy, the windows that end in one
        of its weeks), and whole ISO weeks around them (home-day allowances are weekly)."""
        policy = self.policy
        self.range_weeks = weeks_between(first, last)
        if policy.period is PeriodKind.ROLLING:
            assert policy.rolling_weeks is not None
            back = timedelta(weeks=policy.rolling_weeks - 1)
            windows = [(start - back, end) for start, end in self.range_weeks]
            span_first, span_last = windows[0][0], windows[-1][1]
        else:
            kind = policy.period
            windows = [(period_start(p_first, kind), period_end(p_first, kind))
                       for p_first, _ in periods(first, last, kind)]
            span_first, span_last = windows[0][0], windows[-1][1]
        self.first = span_first - timedelta(days=span_first.weekday())
        self.last = span_last + timedelta(days=6 - span_last.weekday())
        self.minimum_periods = [self._period(a, b) for a, b in windows]
        # Unplanned days, anchors and caps are judged per period, but weekly when the minimum
        # is a rolling window (a day would otherwise be reported in N windows).
        self.plan_periods = ([self._period(a, b) for a, b in self.range_weeks]
                             if policy.period is PeriodKind.ROLLING else self.minimum_periods)
        self.weeks = [self._period(a, a + timedelta(days=6))
                      for a, _ in weeks_between(self.first, self.last)]
        self.range_lo = (first - self.first).days
        self.range_hi = (last - self.first).days + 1

    def _period(self, first: date, last: date) -> Period:
        return Period(first, last, (first - self.first).days, (last - self.first).days + 1)

    def day(self, column: int) -> date:
        return self.first + timedelta(days=column)

    def column(self, day: date) -> int:
        return (day - self.first).days

    def in_range(self, column: int) -> bool:
        return self.range_lo <= column < self.range_hi

    def periods_of_column(self, periods: Sequence[Period], column: int) -> list[int]:
        return [i for i, p in enumerate(periods) if p.lo <= column < p.hi]

    # --- who is judged by what ----------------------------------------------------------------
    def _categories(self) -> list[list[str | None]]:
        """Per person and record (aligned with `time.segments`): the record's category, else
        the role map's category for its job title."""
        return [[t.category or self.policy.category_for_role(t.role) for _, _, t in segments]
                for segments in self.time.segments]

    def category_on(self, row: int, column: int) -> str | None:
        for (lo, hi, _), category in zip(self.time.segments[row], self.categories[row],
                                         strict=True):
            if lo <= column < hi:
                return category
        return self.categories[row][-1]

    def rule_on(self, row: int, column: int) -> Rule | None:
        category = self.category_on(row, column)
        if not category:
            return None
        terms = self.time.terms(row, column)
        return self._rule(category, terms.location, column)

    def _shares(self) -> tuple[np.ndarray, np.ndarray]:
        """Scaled share per person-day from the rule in force (before arrangements), and
        whether any rule applies that day."""
        n, d = len(self.people), self.days
        share = np.zeros((n, d), dtype=np.int64)
        has_rule = np.zeros((n, d), dtype=bool)
        bounds = sorted({0, d, *(min(max((day - self.first).days, 0), d)
                                 for day in self.policy.rule_dates())})
        intervals = list(itertools.pairwise(bounds))
        # Thousands of people share a few (category, site, dates): assign each group at once.
        groups: dict[tuple[str, str, int, int], list[int]] = {}
        locations: dict[str, str] = {}
        pieces: dict[tuple[str, str, int, int], list[int]] = {}  # by spelling, then folded
        for row, segments in enumerate(self.time.segments):
            for (lo, hi, terms), category in zip(segments, self.categories[row], strict=True):
                if category:
                    pieces.setdefault((category, terms.location, lo, hi), []).append(row)
        for (category, location, lo, hi), rows in pieces.items():
            where = fold(location)
            locations[where] = location
            for i_lo, i_hi in intervals:
                a, b = max(lo, i_lo), min(hi, i_hi)
                if a < b:
                    groups.setdefault((category, where, a, b), []).extend(rows)
        interval_of = {a: i_lo for i_lo, i_hi in intervals for a in range(i_lo, i_hi)}
        scaled: dict[int, int] = {}  # id of a rule → its share, scaled
        for (category, where, a, b), rows in groups.items():
            # Rules start and stop only on the intervals' bounds: asked once per interval.
            rule = self._rule(category, locations[where], interval_of[a])
            if rule is None:
                continue
            value = scaled.get(id(rule))
            if value is None:
                value = scaled[id(rule)] = int(rule.share * self.scale)
            if len(rows) > 1:
                index = np.array(rows, dtype=np.intp)
                share[index, a:b] = value
                has_rule[index, a:b] = True
            else:  # one person's record from a date of their own: a slice, not an index
                share[rows[0], a:b] = value
                has_rule[rows[0], a:b] = True
        effective = self.policy.effective_from
        if effective:
            share[:, : max(0, min(d, (effective - self.first).days))] = 0
        return share, has_rule

    def _rule(self, category: str | None, location: str, column: int) -> Rule | None:
        key = (category, fold(location), column)
        if key not in self._rule_cache:
            self._rule_cache[key] = self.policy.rule_for(category, location, self.day(column))
        return self._rule_cache[key]

    def _columns(self, adjustment: Adjustment) -> tuple[int, int]:
        lo = max((adjustment.start - self.first).days, 0)
        hi = min(((adjustment.end or self.last) - self.first).days + 1, self.days)
        return lo, max(lo, hi)

    def _fixed_and_exempt(self) -> tuple[np.ndarray, np.ndarray]:
        """Arrangements that lower the minimum (the most favourable wins) and fixed home
        weekdays; `exempt` marks days under an exemption (anchor days are excused there)."""
        n, d = len(self.people), self.days
        fixed = np.zeros((n, d), dtype=bool)
        exempt = np.zeros((n, d), dtype=bool)
        weekday = (self.first.weekday() + np.arange(d)) % 7
        for row, arrangements in enumerate(self.arrangements):
            for adjustment in arrangements:
                lo, hi = self._columns(adjustment)
                if adjustment.kind in (AdjustmentKind.EXEMPT, AdjustmentKind.REDUCED_SHARE):
                    self.lowered[row] = True
                    if not self.share.flags.writeable:  # shared with other checks: copy it
                        self.share = self.share.copy()
                if adjustment.kind is AdjustmentKind.EXEMPT:
                    self.share[row, lo:hi] = 0
                    exempt[row, lo:hi] = True
                elif adjustment.kind is AdjustmentKind.REDUCED_SHARE:
                    assert adjustment.share is not None
                    lowered = int(adjustment.share * self.scale)
                    np.minimum(self.share[row, lo:hi], lowered, out=self.share[row, lo:hi])
                elif adjustment.kind is AdjustmentKind.FIXED_HOME_DAYS and adjustment.weekdays:
                    fixed[row, lo:hi] |= np.isin(weekday[lo:hi], list(adjustment.weekdays))
        fixed &= self.working
        return fixed, exempt

    def _caps(self) -> np.ndarray | None:
        """Scaled most office share per person-day under max-share arrangements (the lowest
        cap wins; `scale` = no cap), or None when nobody has one."""
        capped = [(row, a) for row, rows in enumerate(self.arrangements) for a in rows
                  if a.kind is AdjustmentKind.MAX_SHARE]
        if not capped:
            return None
        cap = np.full((len(self.people), self.days), self.scale, dtype=np.int64)
        for row, adjustment in capped:
            assert adjustment.share is not None
            lo, hi = self._columns(adjustment)
            np.minimum(cap[row, lo:hi], int(adjustment.share * self.scale), out=cap[row, lo:hi])
        rows = sorted({row for row, _ in capped})
        self.capped_rows = [row for row in rows if (cap[row] < self.scale).any()]
        self.is_capped[self.capped_rows] = True
        return cap

    def _home_days(self) -> dict[int, np.ndarray]:
        """Rows with a home-days allowance → per day, how many days a week must be at home
        under it (0 where none applies); the largest allowance in force wins."""
        found: dict[int, np.ndarray] = {}
        for row, arrangements in enumerate(self.arrangements):
            for adjustment in arrangements:
                if adjustment.kind is AdjustmentKind.FIXED_HOME_DAYS and adjustment.home_days:
                    days = found.setdefault(row, np.zeros(self.days, dtype=np.int8))
                    lo, hi = self._columns(adjustment)
                    np.maximum(days[lo:hi], adjustment.home_days, out=days[lo:hi])
        return found

    # --- sites --------------------------------------------------------------------------------
    def _sites(self) -> tuple[list[Site], dict[str, int]]:
        """Every site of the policy and every base site of the people, matched as the policy
        matches them (case and spaces folded), named the policy's way or the most common way."""
        spellings: dict[str, dict[str, int]] = {}
        written = Counter(terms.location for segments in self.time.segments
                          for _, _, terms in segments)
        for location, count in written.items():
            if location.strip():
                counts = spellings.setdefault(fold(location), {})
                name = " ".join(location.split())
                counts[name] = counts.get(name, 0) + count
        sites: list[Site] = []
        index: dict[str, int] = {}
        for place in self.policy.locations:
            key = fold(place.name)
            if key not in index:
                index[key] = len(sites)
                sites.append(Site(key, place.name, place.capacity, place.short_name))
        for key in sorted(spellings):
            if key not in index:
                name = max(spellings[key].items(), key=lambda item: (item[1], item[0]))[0]
                index[key] = len(sites)
                sites.append(Site(key, name, None, name[:3]))
        return sites, index

    def _base_sites(self) -> tuple[np.ndarray, np.ndarray]:
        """Index of each person's base site on each day (-1: no site recorded), and per
        person their base site when it is the same on every day (-1: no site, -2: it
        changes)."""
        base = np.full((len(self.people), self.days), -1, dtype=np.int16)
        one_base = np.full(len(self.people), -1, dtype=np.int16)
        whole: dict[int, list[int]] = {}  # people of one record all along, by site
        for row, segments in enumerate(self.time.segments):
            if len(segments) == 1 and segments[0][0] == 0 and segments[0][1] == self.days:
                location = segments[0][2].location
                if location.strip():
                    whole.setdefault(self.site_index[fold(location)], []).append(row)
                continue
            found = set()
            for lo, hi, terms in segments:
                if terms.location.strip():
                    index = self.site_index[fold(terms.location)]
                    base[row, lo:hi] = index
                    found.add(index)
            one_base[row] = -2 if len(found) > 1 or (found and (base[row] < 0).any()) else (
                found.pop() if found else -1)
        for index, rows in whole.items():
            base[rows] = index
            one_base[rows] = index
        return base, one_base

    def site_of(self, name: str) -> int | None:
        return self.site_index.get(fold(name))

    def _elsewhere(self, rota: RotaSource) -> dict[tuple[int, int], tuple[int, int]]:
        """(row, column) → site index of the morning and afternoon where an office half is
        planned away from the person's base (-1: at the base)."""
        found: dict[tuple[int, int], tuple[int, int]] = {}
        # Tens of thousands of days elsewhere name a few dozen sites: look each pair up once.
        known: dict[tuple[str | None, str | None], tuple[int, int]] = {}
        for key, names in rota.sites(self.ids, self.first, self.last).items():
            halves = known.get(names)
            if halves is None:
                halves = known[names] = (self._known_site(names[0]), self._known_site(names[1]))
            found[key] = halves
        return found

    def _elsewhere_by_column(self) -> dict[int, dict[int, tuple[int, int]]]:
        """`elsewhere` by column and then row (see `_by_column`)."""
        if self._by_column is None:
            self._by_column = {}
            for (row, column), halves in self.elsewhere.items():
                self._by_column.setdefault(column, {})[row] = halves
        return self._by_column

    def _known_site(self, name: str | None) -> int:
        if name is None:
            return -1
        key = fold(name)
        if key not in self.site_index:
            self.site_index[key] = len(self.sites)
            self.sites.append(Site(key, name, None, name[:3]))
        return self.site_index[key]

    def elsewhere_on(self, column: int) -> dict[int, tuple[int, int]]:
        """Row → (morning's, afternoon's) other site of the office days planned elsewhere on
        `column` (-1: that half at the base)."""
        return self._elsewhere_by_column().get(column, {})

    def desk_sites(self, rows: np.ndarray | slice, lo: int, hi: int,
                   codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(site at the desk in the morning, in the afternoon) for cells `codes` of `rows` over
        columns lo..hi: -1 where that half is not an office half (or has no site).

        Only days the person is employed count: a desk on a given day must not depend on the
        range it is looked at in (people not employed in a range's periods are not judged in
        it at all), and planning someone outside their employment is already an error."""
        employed = self.time.reason[rows, lo:hi] != DayOff.NOT_EMPLOYED
        morning = DESK_AM[codes] & employed
        afternoon = DESK_PM[codes] & employed
        base = self.base_site[rows, lo:hi]
        am = np.where(morning, base, -1).astype(np.int16)
        pm = np.where(afternoon, base, -1).astype(np.int16)
        if not self.elsewhere:
            return am, pm
        where: dict[int, int] | None = None  # row → its index in `rows` (None: the same)
        if not (isinstance(rows, slice) and rows == slice(None)):
            row_numbers = (np.arange(self.base_site.shape[0])[rows]
                           if not isinstance(rows, np.ndarray) else rows)
            where = {int(r): i for i, r in enumerate(row_numbers.tolist())}
        for column in range(lo, hi):
            j = column - lo
            for row, (am_site, pm_site) in self._elsewhere_by_column().get(column,
                                                                           {}).items():
                i = row if where is None else where.get(row)
                if i is None:
                    continue
                # At another site even when no base site is recorded for the person.
                if am_site >= 0 and morning[i, j]:
                    am[i, j] = am_site
                if pm_site >= 0 and afternoon[i, j]:
                    pm[i, j] = pm_site
        return am, pm

    # --- cover --------------------------------------------------------------------------------
    def _cover_members(self) -> list[np.ndarray]:
        """Per cover rule, (people × days): whether the person has the rule's role that day."""
        found = []
        for rule in self.policy.coverage:
            wanted = fold(rule.role)
            members = np.zeros((len(self.people), self.days), dtype=bool)
            for row, segments in enumerate(self.time.segments):
                for lo, hi, terms in segments:
                    if fold(terms.role) == wanted:
                        members[row, lo:hi] = True
            # As for desks: only while employed, so a day's cover does not depend on the range.
            found.append(members & (self.time.reason != DayOff.NOT_EMPLOYED))
        return found

    # --- reading the rota ----------------------------------------------------------------------
    def cells(self, rows: np.ndarray | slice, lo: int, hi: int) -> np.ndarray:
        return self.codes[rows, lo:hi]

    def snapshot(self) -> np.ndarray:
        """The codes as they are now, kept for conflicts and messages written when they are
        read: one copy for every conflict a check finds, until a cell is read again."""
        if self._snapshot is None:
            self._snapshot = self.codes.copy()
        return self._snapshot

    def set_codes(self, rota: RotaSource, cells: Iterable[tuple[int, int]]) -> None:
        """Read edited cells again from the rota (codes and other sites)."""
        self._snapshot = None
        by_row: dict[int, list[int]] = {}
        for row, column in cells:
            by_row.setdefault(row, []).append(column)
        for row, columns in by_row.items():
            lo, hi = min(columns), max(columns) + 1
            ids = [self.ids[row]]
            self.codes[row, lo:hi] = rota.matrix(ids, self.day(lo), self.day(hi - 1))[0]
            by_column = self._by_column  # kept up to date once built
            for column in range(lo, hi):
                if self.elsewhere.pop((row, column), None) is not None and by_column is not None:
                    del by_column[column][row]
            for (_, column), (am, pm) in rota.sites(ids, self.day(lo), self.day(hi - 1)).items():
                halves = (self._known_site(am), self._known_site(pm))
                self.elsewhere[row, lo + column] = halves
                if by_column is not None:
                    by_column.setdefault(lo + column, {})[row] = halves

    def units_per_day(self, rows: np.ndarray | slice, lo: int, hi: int) -> dict[str, np.ndarray]:
        """The per-day quantities the minimum is summed from (see the module's units)."""
        codes = self.codes[rows, lo:hi]
        weight = self.weight[rows, lo:hi].astype(np.int64)
        available = weight * (2 - ABSENT[codes])
        available[~self.working[rows, lo:hi]] = 0
        open_days = ~self.fixed[rows, lo:hi]
        unplanned = weight * UNPLANNED[codes]
        return {
            "available": available,
            "office": weight * self.office_lut[codes],
            "unplanned": unplanned,
            "required": self.share[rows, lo:hi] * available,
            "outside_fixed": np.where(open_days, available, 0),
            "unplanned_open": np.where(open_days, unplanned, 0),
        }

    def required_units(self, required_scaled: int) -> Fraction:
        """The requirement in units: exact in hours; rounded up to `round_to` in days."""
        if self.policy.measure is Measure.HOURS:
            return Fraction(required_scaled, self.scale)
        step = int(2 * self.policy.round_to) * self.scale
        return Fraction(-(-required_scaled // step) * (step // self.scale))

    def cap_units(self, cap_scaled: int) -> Fraction:
        """A cap in units: exact in hours; rounded down to `round_to` in days (rounding
        favours the employee)."""
        if self.policy.measure is Measure.HOURS:
            return Fraction(cap_scaled, self.scale)
        step = int(2 * self.policy.round_to) * self.scale
        return Fraction((cap_scaled // step) * (step // self.scale))

    def to_unit(self, units: int | Fraction) -> Fraction:
        """Units → hours (in hours mode) or days (in days mode)."""
        hours = self.policy.measure is Measure.HOURS
        if type(units) is int:
            return _to_unit(units, hours)
        return Fraction(units, 7200 if hours else 2)


@lru_cache(maxsize=4096)
def _to_unit(units: int, hours: bool) -> Fraction:
    """The same few sums (a week's available and office time) come back for most people:
    each is converted once (the window's row summaries convert several per row; a whole
    number is keyed cheaply, a fraction would cost more to hash than to divide)."""
    return Fraction(units, 7200 if hours else 2)


@dataclass(frozen=True)
class _Calendar:
    """The part of `Facts` that the people, the policy, the span and the scale of shares
    decide and the rota and arrangements do not: contracted time and days off, rules and
    shares before arrangements, sites and bases, cover days and members. Working it out is
    more than half of a whole organisation's check, and a window checks the same people under
    the same policy again and again (each range, each refresh after an edit of someone's
    arrangement, a draft policy against the saved one): it is kept for the next check (see
    `_recent`), its matrices read-only, shared by the checks that use it."""

    time: WorkingTime
    everyone_employed: bool
    working: np.ndarray
    weight: np.ndarray
    categories: list[list[str | None]]
    share: np.ndarray  # copied by a check whose arrangements lower it
    has_rule: np.ndarray
    sites: tuple[Site, ...]
    site_index: dict[str, int]
    base_site: np.ndarray
    one_base: np.ndarray
    cover_days: np.ndarray
    cover_members: list[np.ndarray]
    #: Other things worked out from these alone, by what they are (`Facts.remembered`).
    memo: dict[tuple[object, ...], object] = field(default_factory=dict)


#: The last few calendars worked out, with what they were worked out for. People and policies
#: are frozen values, told apart by identity (the same objects are checked again; an edited
#: person is a new object) and held here, so that no identity is reused while it is kept.
_RECENT: list[tuple[list[Person], Policy, date, date, int, _Calendar]] = []
_KEEP = 2


def _recent(people: list[Person], policy: Policy, first: date, last: date, scale: int
            ) -> _Calendar | None:
    for known, known_policy, known_first, known_last, known_scale, calendar in _RECENT:
        if (known_policy is policy and known_first == first and known_last == last
                and known_scale == scale and len(known) == len(people)
                and all(map(operator.is_, known, people))):
            return calendar
    return None


def _remember(people: list[Person], policy: Policy, first: date, last: date, scale: int,
              calendar: _Calendar) -> None:
    _RECENT.insert(0, (list(people), policy, first, last, scale, calendar))
    del _RECENT[_KEEP:]


def _employed_between(person: Person, first: date, last: date) -> bool:
    return (person.start_date is None or person.start_date <= last) and (
        person.end_date is None or person.end_date >= first)
