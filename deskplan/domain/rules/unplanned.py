"""`unplanned`: working days (or half days) nobody has planned yet, per person and period
(weekly when the minimum is a rolling window, so a day is not reported in several windows)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import numpy as np

from deskplan.domain.conflicts import Conflict, RuleId
from deskplan.domain.facts import UNPLANNED, Facts, Period
from deskplan.domain.model import Status, halves_of
from deskplan.domain.rules.base import Bulk, Found, Judged, ScopeKey, in_order
from deskplan.domain.rules.wording import Wording, list_days, plural


def counts_by_period(facts: Facts, per_day: np.ndarray, periods: Sequence[Period]) -> np.ndarray:
    """(rows × periods) sums of a (rows × days) matrix over each period's columns."""
    ends = np.array([p.hi for p in periods], dtype=np.intp)
    starts = np.array([p.lo for p in periods], dtype=np.intp)
    if (ends > starts).all() and (starts[1:] == ends[:-1]).all():
        # Periods one after another (weeks, months, quarters): one pass over their columns.
        return np.add.reduceat(per_day[:, starts[0]:ends[-1]], starts - starts[0], axis=1,
                               dtype=np.int64)
    running = np.zeros((per_day.shape[0], per_day.shape[1] + 1), dtype=np.int64)
    np.cumsum(per_day, axis=1, out=running[:, 1:])
    return running[:, ends] - running[:, starts]


_ANY_UNPLANNED = UNPLANNED > 0
_UNPLANNED_HALVES: list[int] = UNPLANNED.tolist()


class Unplanned:
    def __init__(self, facts: Facts, words: Wording) -> None:
        self.facts = facts
        self.words = words
        self.periods = facts.plan_periods
        #: `_after_name` of each distinct (period, cells, working days) met so far.
        self._rest: dict[tuple[int, int, bytes, bytes], str] = {}

    def _halves(self, rows: np.ndarray | slice | int, lo: int, hi: int) -> np.ndarray:
        facts = self.facts
        return np.where(facts.working[rows, lo:hi], UNPLANNED[facts.codes[rows, lo:hi]], 0)

    def judge_all(self) -> Found:
        return in_order(self.judge_bulk())

    def judge_bulk(self) -> Judged:
        if not self.periods:
            return
        facts = self.facts
        unplanned = _ANY_UNPLANNED[facts.codes]
        unplanned &= facts.working
        counts = counts_by_period(facts, unplanned, self.periods)
        rows, periods = np.nonzero(counts)
        # Conflicts and messages are written when read, from the rota as it is now.
        snapshot = facts.snapshot()
        starts = np.array([p.first.toordinal() for p in self.periods], dtype=np.int64)
        yield Bulk.of_rule("unplanned", rows, periods, RuleId.UNPLANNED, starts[periods],
                           lambda i: self._conflicts(int(rows[i]), int(periods[i]),
                                                     snapshot)[0])

    def scopes_of(self, row: int, column: int) -> Iterable[ScopeKey]:
        return [("unplanned", row, p) for p in self.facts.periods_of_column(self.periods, column)]

    def judge(self, scope: ScopeKey) -> tuple[Conflict, ...]:
        row, period = int(scope[1]), int(scope[2])
        p = self.periods[period]
        if not self._halves(row, p.lo, p.hi).any():
            return ()
        return self._conflicts(row, period)

    def _conflicts(self, row: int, period: int, snapshot: np.ndarray | None = None
                   ) -> tuple[Conflict, ...]:
        """`snapshot`: a copy of every code, taken for many conflicts at once."""
        p = self.periods[period]
        # Messages are written when read: from this snapshot, not the rota as it is by then.
        codes = (self.facts.codes[row, p.lo:p.hi].copy() if snapshot is None
                 else snapshot[row, p.lo:p.hi])
        return (self.words.conflict(RuleId.UNPLANNED, row, p.first, p.last,
                                    lambda: self._message(row, p, codes)),)

    def _message(self, row: int, period: Period, codes: np.ndarray) -> str:
        working = self.facts.working[row, period.lo:period.hi]
        # Everything after the name depends only on the period and its cells: an organisation
        # leaves the same few days unplanned for thousands of people, so each distinct
        # wording is written once.
        key = (period.lo, period.hi, codes.tobytes(), working.tobytes())
        rest = self._rest.get(key)
        if rest is None:
            rest = self._rest[key] = self._after_name(period, codes.tolist(), working.tolist())
        return f"{self.words.name(row)} has {rest}"

    def _after_name(self, period: Period, cells: list[int], working: list[bool]) -> str:
        """The message after `<name> has `: the unplanned days of `cells` (the period's codes,
        `working`: which of its days are working days)."""
        facts = self.facts
        halves = [_UNPLANNED_HALVES[code] if works else 0 for code, works
                  in zip(cells, working, strict=True)]
        days: list[date] = []
        notes: dict[date, str] = {}
        for offset, count in enumerate(halves):
            if not count:
                continue
            day = facts.day(period.lo + offset)
            days.append(day)
            if count == 1:
                notes[day] = _which_half(cells[offset])
        whole = halves.count(2)
        half = len(days) - whole
        counted = plural(whole, "working day")
        if half:
            counted = (f"{counted} and {plural(half, 'half day')}" if whole
                       else plural(half, "half day"))
        return (f"{counted} not yet planned in {self.words.period(period)}: "
                f"{list_days(days, notes)}.")


def _which_half(code: int) -> str:
    am, _ = halves_of(code)
    return "morning" if am is Status.UNPLANNED else "afternoon"
