"""`above-maximum`: office time above what an arrangement allows.

Two kinds of arrangement cap office time. A `max-share` arrangement sets the most office time
in each period: Σ over available time of cap(day) × time, where cap(day) is the arrangement's
share while it is active and 1 otherwise (in days, rounded down: rounding favours the
employee); training and business count against it when they count as office. A
`fixed-home-days` arrangement with a count (`home_days = 3`) keeps that many available working
days a week at home in every ISO week, whatever the policy's period: a day planned in the
office, on training or on business elsewhere is not a day at home.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from fractions import Fraction

import numpy as np

from deskplan.domain.conflicts import Conflict, RuleId
from deskplan.domain.facts import ABSENT, AWAY_FROM_HOME, Facts, Period
from deskplan.domain.model import Adjustment, AdjustmentKind
from deskplan.domain.policy import Measure
from deskplan.domain.rules.base import Found, ScopeKey
from deskplan.domain.rules.minimum import Q, period_sums
from deskplan.domain.rules.wording import Wording, list_days, plural


class Caps:
    def __init__(self, facts: Facts, words: Wording) -> None:
        self.facts = facts
        self.words = words
        self.periods = facts.plan_periods
        self.capped = facts.capped_rows
        self._is_capped = set(self.capped)
        self.weeks = [i for i, w in enumerate(facts.weeks)
                      if w.lo < facts.range_hi and w.hi > facts.range_lo]

    # --- max-share ----------------------------------------------------------------------------
    def _over_share(self, row: int, period: int, sums: np.ndarray) -> tuple[Conflict, ...]:
        facts = self.facts
        p = self.periods[period]
        assert facts.cap is not None
        if not (facts.cap[row, p.lo:p.hi] < facts.scale).any():
            return ()
        office = int(sums[Q["office"]])
        most = facts.cap_units(int(sums[Q["cap"]]))
        if office <= most:
            return ()
        return (self.words.conflict(RuleId.ABOVE_MAXIMUM, row, p.first, p.last,
                                    lambda: self._share_message(row, p, office, most)),)

    def _share_message(self, row: int, period: Period, office: int, most: Fraction) -> str:
        words = self.words
        arrangement = next((a for a in self.facts.arrangements[row]
                            if a.kind is AdjustmentKind.MAX_SHARE
                            and a.overlaps(period.first, period.last)), None)
        return (f"{words.name(row)} is planned in the office for {words.amount(office)} in "
                f"{words.period(period)}; {words.arrangement(arrangement)} allows at most "
                f"{words.amount(most)}.")

    # --- home days a week ---------------------------------------------------------------------
    def _over_home_days(self, row: int, week: int) -> tuple[Conflict, ...]:
        """Days, not half days: a day with a half in the office is not a day at home."""
        facts = self.facts
        w = facts.weeks[week]
        allowance = facts.home_days[row][w.lo:w.hi]
        if not allowance.any():
            return ()
        codes = facts.codes[row, w.lo:w.hi]
        constrained = ((allowance > 0) & facts.working[row, w.lo:w.hi]
                       & (ABSENT[codes] < 2))
        away_days = constrained & (AWAY_FROM_HOME[codes] > 0)
        away = int(away_days.sum())
        most = max(int(constrained.sum()) - int(allowance.max()), 0)
        if away <= most:
            return ()
        days = [facts.day(w.lo + i) for i in np.flatnonzero(away_days).tolist()]
        return (self.words.conflict(RuleId.ABOVE_MAXIMUM, row, w.first, w.last,
                                    lambda: self._home_message(row, w, away, most, days)),)

    def _home_message(self, row: int, week: Period, away: int, most: int,
                      days: list[date]) -> str:
        words = self.words
        arrangement: Adjustment | None = next(
            (a for a in self.facts.arrangements[row]
             if a.kind is AdjustmentKind.FIXED_HOME_DAYS and a.home_days
             and a.overlaps(week.first, week.last)), None)
        home = arrangement.home_days if arrangement and arrangement.home_days else 0
        return (f"{words.name(row)} is planned away from home on {plural(away, 'day')} in "
                f"{words.week(week)} ({list_days(days)}); {words.arrangement(arrangement)} "
                f"keeps at least {plural(home, 'day')} a week at home, so at most "
                f"{plural(most, 'day')} away.")

    # --- the family ---------------------------------------------------------------------------
    def judge_all(self) -> Found:
        facts = self.facts
        if self.capped:
            rows = np.array(self.capped, dtype=np.intp)
            sums = period_sums(facts, rows, self.periods)
            # Only person-periods that may be over their cap are judged one by one.
            for i, period in zip(*np.nonzero(self._may_be_over(rows, sums)), strict=True):
                row = self.capped[int(i)]
                found = self._over_share(row, int(period), sums[:, i, period])
                if found:
                    yield ("max-share", row, int(period)), found
        if facts.home_days and self.weeks:
            home_rows = list(facts.home_days)
            over = self._over_home_days_all(home_rows)
            for i, week in zip(*np.nonzero(over), strict=True):
                row, index = home_rows[int(i)], self.weeks[int(week)]
                found = self._over_home_days(row, index)
                if found:
                    yield ("home-days", row, index), found

    def _may_be_over(self, rows: np.ndarray, sums: np.ndarray) -> np.ndarray:
        """(rows × periods): False where the person-period is certainly within its cap; the
        comparison of `_over_share` in integers (see `Facts.cap_units`)."""
        facts = self.facts
        assert facts.cap is not None
        office, cap = sums[Q["office"]], sums[Q["cap"]]
        step = int(2 * facts.policy.round_to) * facts.scale
        if facts.policy.measure is Measure.HOURS:
            over = office * facts.scale > cap
        elif step > 0:
            over = office > (cap // step) * (step // facts.scale)
        else:
            over = np.ones(office.shape, dtype=bool)
        if 2 * int(office.max(initial=0)) * facts.scale >= 2**63:
            over = np.ones(office.shape, dtype=bool)  # beyond int64: judge each exactly
        return np.asarray(over)

    def _over_home_days_all(self, rows: list[int]) -> np.ndarray:
        """(rows × `self.weeks`): whether the person is planned away from home on more days
        of the week than their allowance leaves, as `_over_home_days` counts them."""
        facts = self.facts
        index = np.array(rows, dtype=np.intp)
        weeks = [facts.weeks[w] for w in self.weeks]
        lo, hi = weeks[0].lo, weeks[-1].hi
        shape = (len(rows), len(weeks), 7)
        allowance = np.stack([facts.home_days[row][lo:hi] for row in rows]).reshape(shape)
        codes = facts.codes[index, lo:hi].reshape(shape)
        constrained = ((allowance > 0) & facts.working[index, lo:hi].reshape(shape)
                       & (ABSENT[codes] < 2))
        away = (constrained & (AWAY_FROM_HOME[codes] > 0)).sum(axis=2)
        most = np.maximum(constrained.sum(axis=2) - allowance.max(axis=2), 0)
        return np.asarray(away > most)

    def scopes_of(self, row: int, column: int) -> Iterable[ScopeKey]:
        facts = self.facts
        found: list[ScopeKey] = []
        if row in self._is_capped:
            found += [("max-share", row, p) for p in facts.periods_of_column(self.periods,
                                                                              column)]
        if row in facts.home_days:
            found += [("home-days", row, w) for w in facts.periods_of_column(facts.weeks, column)
                      if w in self.weeks]
        return found

    def judge(self, scope: ScopeKey) -> tuple[Conflict, ...]:
        kind, row, index = str(scope[0]), int(scope[1]), int(scope[2])
        if kind == "home-days":
            return self._over_home_days(row, index)
        sums = period_sums(self.facts, np.array([row], dtype=np.intp), [self.periods[index]])
        return self._over_share(row, index, sums[:, 0, 0])
