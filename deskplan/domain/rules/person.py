"""Rules about the person rather than the plan: no policy category (`unclassified`), no rule in
force for their category and site (`no-rule`) — so nobody is silently let off — and
arrangements due for review (`review-due`)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from deskplan.domain.calendar import describe_day
from deskplan.domain.conflicts import Conflict, RuleId
from deskplan.domain.facts import Facts
from deskplan.domain.rules.base import Found, ScopeKey
from deskplan.domain.rules.wording import Wording, sentence_start


class PersonRules:
    def __init__(self, facts: Facts, words: Wording) -> None:
        self.facts = facts
        self.words = words
        periods = facts.minimum_periods
        self.lo, self.hi = periods[0].lo, periods[-1].hi
        self.first, self.last = periods[0].first, periods[-1].last

    def judge_all(self) -> Found:
        facts = self.facts
        # Only a person with a record lacking a category, a working day no rule covers, or an
        # arrangement can have a conflict here: the rest (nearly everyone) are passed over in
        # one array operation, not judged one by one.
        unsure = facts.remembered(("person rules", self.lo, self.hi), self._unsure).copy()
        unsure[[row for row, arrangements in enumerate(facts.arrangements) if arrangements]] = True
        for row in np.flatnonzero(unsure).tolist():
            found = self._judge(row)
            if found:
                yield ("person", row), found

    def _unsure(self) -> np.ndarray:
        """Per row, whether a record lacks a category or a working day of the periods has no
        rule (what the people and the policy alone decide, kept with them)."""
        facts = self.facts
        uncovered: np.ndarray = (facts.working[:, self.lo:self.hi]
                                 & ~facts.has_rule[:, self.lo:self.hi]).any(axis=1)
        uncovered[[row for row, categories in enumerate(facts.categories)
                   if not all(categories)]] = True
        return uncovered

    def scopes_of(self, row: int, column: int) -> Iterable[ScopeKey]:
        return []  # nothing about the plan changes these

    def judge(self, scope: ScopeKey) -> tuple[Conflict, ...]:
        return self._judge(int(scope[1]))

    def _judge(self, row: int) -> tuple[Conflict, ...]:
        facts, words = self.facts, self.words
        person = facts.people[row]
        working = facts.working[row, self.lo:self.hi]
        found: list[Conflict] = []
        unclassified = [c for (lo, hi, _), category in zip(facts.time.segments[row],
                                                          facts.categories[row], strict=True)
                        if not category for c in range(max(lo, self.lo), min(hi, self.hi))
                        if facts.working[row, c]]
        # With no working day, still unclassified when no record in force in the periods
        # checked has a category (records of other times do not classify these periods).
        in_span = [category for (lo, hi, _), category in zip(
            facts.time.segments[row], facts.categories[row], strict=True)
            if lo < self.hi and hi > self.lo]
        if unclassified or not any(in_span):
            terms = facts.time.terms(row, unclassified[0] if unclassified else self.lo)
            title = f"'{terms.role}'" if terms.role else "their job title"
            found.append(words.conflict(
                RuleId.UNCLASSIFIED, row, self.first, self.last,
                f"{person.name} has no policy category, so no minimum is checked for them; "
                f"classify {title} in the policy's role map.",
            ))
        categorised = np.zeros(self.hi - self.lo, dtype=bool)
        for (lo, hi, _), category in zip(facts.time.segments[row], facts.categories[row],
                                         strict=True):
            if category:
                categorised[max(lo, self.lo) - self.lo: max(min(hi, self.hi) - self.lo, 0)] = True
        without_rule = np.flatnonzero(categorised & working
                                      & ~facts.has_rule[row, self.lo:self.hi])
        if without_rule.size:
            column = self.lo + int(without_rule[0])
            terms = facts.time.terms(row, column)
            where = f" at {terms.location}" if terms.location else ""
            when = "" if without_rule.size == int((categorised & working).sum()) else \
                f" from {describe_day(facts.day(column))}"
            found.append(words.conflict(
                RuleId.NO_RULE, row, self.first, self.last,
                f"No policy rule covers {person.name} ({facts.category_on(row, column)}{where})"
                f"{when}, so no minimum is checked for them then." if when else
                f"No policy rule covers {person.name} ({facts.category_on(row, column)}{where}), "
                "so no minimum is checked for them.",
            ))
        for adjustment in facts.arrangements[row]:
            review = adjustment.review_date
            if review and review <= facts.range_last and adjustment.overlaps(
                    facts.range_first, facts.range_last):
                found.append(words.conflict(
                    RuleId.REVIEW_DUE, row, review, review,
                    f"{sentence_start(words.arrangement(adjustment))} for {person.name} is "
                    f"due for review on {describe_day(review)}.",
                ))
        return tuple(found)
