"""Rules about one person's day: planned to work on a day that is not a working day for them
(`non-working-day`), or in the office on a fixed home day (`adjustment-breached`). A half day
counts as much as a whole one here. Only days of the range are reported."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from deskplan.domain.calendar import describe_day
from deskplan.domain.conflicts import RULES, Conflict, RuleId
from deskplan.domain.facts import AT_DESK, ON_SITE, Facts
from deskplan.domain.model import AdjustmentKind, Cell, Status
from deskplan.domain.rules.base import Bulk, Found, Judged, ScopeKey, in_order
from deskplan.domain.rules.wording import Wording

_PHRASE = {
    Status.OFFICE: "in the office",
    Status.HOME: "working from home",
    Status.TRAINING: "on training",
    Status.BUSINESS: "on official business elsewhere",
}

_ANY_ON_SITE = ON_SITE > 0
_ANY_AT_DESK = AT_DESK > 0


class DayRules:
    def __init__(self, facts: Facts, words: Wording) -> None:
        self.facts = facts
        self.words = words

    def judge_all(self) -> Found:
        return in_order(self.judge_bulk())

    def judge_bulk(self) -> Judged:
        facts = self.facts
        lo, hi = facts.range_lo, facts.range_hi
        codes = facts.codes[:, lo:hi]
        found = _ANY_ON_SITE[codes]
        found &= ~facts.working[:, lo:hi]
        off = found.copy()
        fixed = facts.fixed[:, lo:hi]
        if fixed.any():
            found |= _ANY_AT_DESK[codes] & fixed
        rows, columns = np.nonzero(found)
        # A day planned that is not a working day, else an office day on a fixed home day
        # (as `_judge` decides), each built when it is read from the rota as it is now.
        rules = np.where(off[rows, columns], RULES.index(RuleId.NON_WORKING_DAY),
                         RULES.index(RuleId.ADJUSTMENT_BREACHED))
        columns += lo
        snapshot = facts.snapshot()
        yield Bulk("day", rows, columns, rules, facts.first.toordinal() + columns,
                   lambda i: self._judge(int(rows[i]), int(columns[i]), snapshot)[0])

    def scopes_of(self, row: int, column: int) -> Iterable[ScopeKey]:
        return [("day", row, column)] if self.facts.in_range(column) else []

    def judge(self, scope: ScopeKey) -> tuple[Conflict, ...]:
        return self._judge(int(scope[1]), int(scope[2]))

    def _judge(self, row: int, column: int, snapshot: np.ndarray | None = None
               ) -> tuple[Conflict, ...]:
        """`snapshot`: the codes as they were when the scope was found (default: now)."""
        facts = self.facts
        code = int((facts.codes if snapshot is None else snapshot)[row, column])
        day = facts.day(column)
        if ON_SITE[code] and not facts.working[row, column]:
            cell = Cell.from_code(code)
            return (self.words.conflict(RuleId.NON_WORKING_DAY, row, day, day,
                                        lambda: self._off_message(row, column, cell)),)
        if AT_DESK[code] and facts.fixed[row, column]:
            return (self.words.conflict(RuleId.ADJUSTMENT_BREACHED, row, day, day,
                                        lambda: self._breach_message(row, column)),)
        return ()

    def _off_message(self, row: int, column: int, cell: Cell) -> str:
        facts = self.facts
        planned = [s for s in (cell.am, cell.pm) if s in _PHRASE]
        what = _PHRASE[planned[0]] + self._at(row, column) + (
            " for half the day" if cell.is_split else "")
        reason = facts.time.day_off_reason(facts.people[row], row, column)
        return (f"{self.words.name(row)} is planned {what} on {describe_day(facts.day(column))}"
                f", which is not a working day for them: {reason}.")

    def _at(self, row: int, column: int) -> str:
        """` at Hendon` for an office day at another site than the person's base."""
        sites = {i for i in self.facts.elsewhere.get((row, column), ()) if i >= 0}
        names = sorted(self.facts.sites[i].name for i in sites)
        return f" at {' and '.join(names)}" if names else ""

    def _breach_message(self, row: int, column: int) -> str:
        day = self.facts.day(column)
        adjustment = next(
            (a for a in self.facts.arrangements[row]
             if a.kind is AdjustmentKind.FIXED_HOME_DAYS and a.active_on(day)
             and day.weekday() in a.weekdays),
            None,
        )
        return (f"{self.words.name(row)} is planned in the office{self._at(row, column)} on "
                f"{describe_day(day)}, a fixed home day under "
                f"{self.words.arrangement(adjustment)}.")
