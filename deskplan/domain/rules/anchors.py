"""`missed-anchor-day`: a team day (policy `[[anchor]]`) planned at home.

A day is missed when the person is available on it and it is planned at home with no half in
the office (any site), on training or on business where those count as office. An anchor day
not yet planned is not missed yet; a fixed home day, or any day under an exemption, is excused.
One warning per person and period (weekly under a rolling minimum) lists the days.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import numpy as np

from deskplan.domain.conflicts import Conflict, RuleId
from deskplan.domain.facts import HOME, UNPLANNED, Facts, Period
from deskplan.domain.rules.base import Found, ScopeKey
from deskplan.domain.rules.unplanned import counts_by_period
from deskplan.domain.rules.wording import Wording, list_days, plural


class AnchorDays:
    def __init__(self, facts: Facts, words: Wording) -> None:
        self.facts = facts
        self.words = words
        self.periods = facts.plan_periods
        self.anchor_day = self._anchor_days()

    def _anchor_days(self) -> np.ndarray | None:
        facts = self.facts
        anchors = facts.policy.anchors
        if not anchors:
            return None
        weekday = (facts.first.weekday() + np.arange(facts.days)) % 7
        found = np.zeros((len(facts.people), facts.days), dtype=bool)
        for row, segments in enumerate(facts.time.segments):
            for (lo, hi, terms), category in zip(segments, facts.categories[row], strict=True):
                for anchor in anchors:
                    if anchor.covers(category, terms.location, terms.role):
                        found[row, lo:hi] |= np.isin(weekday[lo:hi], list(anchor.weekdays))
        excused = facts.fixed | facts.exempt
        return np.asarray(found & facts.working & ~excused, dtype=bool)

    def _missed(self, rows: np.ndarray | slice | int, lo: int, hi: int) -> np.ndarray:
        facts = self.facts
        assert self.anchor_day is not None
        codes = facts.codes[rows, lo:hi]
        return np.asarray(self.anchor_day[rows, lo:hi] & (facts.office_lut[codes] == 0)
                          & (HOME[codes] > 0) & (UNPLANNED[codes] == 0), dtype=bool)

    def judge_all(self) -> Found:
        if self.anchor_day is None or not self.periods:
            return
        counts = counts_by_period(self.facts, self._missed(slice(None), 0, self.facts.days),
                                  self.periods)
        for row, period in zip(*(a.tolist() for a in np.nonzero(counts)), strict=True):
            yield ("anchor", row, period), self._conflicts(row, period)

    def scopes_of(self, row: int, column: int) -> Iterable[ScopeKey]:
        if self.anchor_day is None:
            return []
        return [("anchor", row, p) for p in self.facts.periods_of_column(self.periods, column)]

    def judge(self, scope: ScopeKey) -> tuple[Conflict, ...]:
        row, period = int(scope[1]), int(scope[2])
        p = self.periods[period]
        if not self._missed(row, p.lo, p.hi).any():
            return ()
        return self._conflicts(row, period)

    def _conflicts(self, row: int, period: int) -> tuple[Conflict, ...]:
        p = self.periods[period]
        days = [self.facts.day(p.lo + i)
                for i in np.flatnonzero(self._missed(row, p.lo, p.hi)).tolist()]
        return (self.words.conflict(RuleId.MISSED_ANCHOR_DAY, row, p.first, p.last,
                                    lambda: self._message(row, p, days)),)

    def _message(self, row: int, period: Period, days: list[date]) -> str:
        return (f"{self.words.name(row)} is planned at home on {plural(len(days), 'team day')} "
                f"in {self.words.period(period)}: {list_days(days)}.")
