"""`below-coverage`: fewer people of a role in the office than a cover rule needs. Cover is met
only when it is met in both halves of the day; the days follow the rule's weekdays, except the
default nation's bank holidays and the organisation's closures."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from deskplan.domain.calendar import describe_day
from deskplan.domain.conflicts import Conflict, RuleId
from deskplan.domain.facts import DESK_AM, DESK_PM, Facts
from deskplan.domain.rules.base import Found, ScopeKey
from deskplan.domain.rules.wording import Wording


class Cover:
    def __init__(self, facts: Facts, words: Wording) -> None:
        self.facts = facts
        self.words = words
        self.rules = facts.policy.coverage
        #: Per rule, the rows of its role on some day (the only rows it counts).
        self.rows = [np.flatnonzero(members.any(axis=1)) for members in facts.cover_members]

    def counts(self, lo: int, hi: int) -> np.ndarray:
        """(rules × columns lo..hi): people of each rule's role in the office in the emptier
        half of the day."""
        facts = self.facts
        found = np.zeros((len(self.rules), hi - lo), dtype=np.int64)
        for k, (members, rows) in enumerate(zip(facts.cover_members, self.rows, strict=True)):
            codes = facts.codes[rows, lo:hi]
            inside = members[rows, lo:hi]
            found[k] = np.minimum((DESK_AM[codes] & inside).sum(axis=0),
                                  (DESK_PM[codes] & inside).sum(axis=0))
        return found

    def judge_all(self) -> Found:
        facts = self.facts
        if not self.rules:
            return
        counts = self.counts(facts.range_lo, facts.range_hi)
        for offset in range(facts.range_hi - facts.range_lo):
            column = facts.range_lo + offset
            found = self._column(column, counts[:, offset])
            if found:
                yield ("cover", column), found

    def scopes_of(self, row: int, column: int) -> Iterable[ScopeKey]:
        return [("cover", column)] if self.rules and self.facts.in_range(column) else []

    def judge(self, scope: ScopeKey) -> tuple[Conflict, ...]:
        column = int(scope[1])
        return self._column(column, self.counts(column, column + 1)[:, 0])

    def _column(self, column: int, counts: np.ndarray) -> tuple[Conflict, ...]:
        facts = self.facts
        day = facts.day(column)
        found = []
        for k, rule in enumerate(self.rules):
            count = int(counts[k])
            if facts.cover_days[k, column] and count < rule.min_in_office:
                who = {0: "No one", 1: "Only 1 person"}.get(count, f"Only {count} people")
                verb = "are" if count > 1 else "is"
                found.append(Conflict(
                    RuleId.BELOW_COVERAGE,
                    f"{who} with the role {rule.role!r} {verb} planned in the office on "
                    f"{describe_day(day)}{self._which_half(k, column)}; the policy needs at "
                    f"least {rule.min_in_office}.",
                    day, day, role=rule.role,
                ))
        return tuple(found)

    def _which_half(self, k: int, column: int) -> str:
        """` in the morning (2 in the afternoon)` when the halves differ: the count is the
        emptier half's, and "no one" is untrue of a day someone comes in for half of."""
        codes = self.facts.codes[:, column]
        inside = self.facts.cover_members[k][:, column]
        am = int((DESK_AM[codes] & inside).sum())
        pm = int((DESK_PM[codes] & inside).sum())
        if am == pm:
            return ""
        if am < pm:
            return f" in the morning ({pm} in the afternoon)"
        return f" in the afternoon ({am} in the morning)"
