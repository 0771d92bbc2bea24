"""`pro-rata-warning`: the rule itself asks part-time staff for a higher share of their working
days in the office than full-time staff (see `deskplan.domain.fairness`). Once per check,
naming each part-time pattern of the team with both shares; it is about the policy, not the
plan, so no edit changes it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from fractions import Fraction

from deskplan.domain.conflicts import Conflict, RuleId
from deskplan.domain.durations import format_share
from deskplan.domain.facts import Facts
from deskplan.domain.fairness import effective_share, full_time_days, pattern_days
from deskplan.domain.model import Terms
from deskplan.domain.policy import Rule, fold
from deskplan.domain.rules.base import Found, ScopeKey
from deskplan.domain.rules.wording import Wording
from deskplan.domain.working_time import DayOff


class ProRata:
    def __init__(self, facts: Facts, words: Wording) -> None:
        self.facts = facts
        self.words = words

    def judge_all(self) -> Found:
        found = self._judge()
        if found:
            yield ("pro-rata",), found

    def scopes_of(self, row: int, column: int) -> Iterable[ScopeKey]:
        return []

    def judge(self, scope: ScopeKey) -> tuple[Conflict, ...]:
        return self._judge()

    def _part_time_terms(self) -> list[tuple[Terms, str]]:
        """Each distinct part-time record in force on a day checked while the person is
        employed, with its category (one per pattern, nation, category and site: the role does
        not change the rule). A record only in force before someone starts, or in the days
        that round the span out to whole weeks, is nobody's contract in these periods."""
        facts = self.facts
        periods = facts.minimum_periods
        first, last = periods[0].lo, periods[-1].hi
        employed = facts.time.reason != DayOff.NOT_EMPLOYED
        seen: dict[tuple[object, ...], tuple[Terms, str]] = {}
        for row, segments in enumerate(facts.time.segments):
            for (lo, hi, terms), category in zip(segments, facts.categories[row], strict=True):
                if not category or (terms.pattern.weekly_seconds
                                    >= facts.policy.full_time_seconds):
                    continue
                if not employed[row, max(lo, first):min(hi, last)].any():
                    continue
                key = (terms.pattern, terms.nation, terms.bank_holidays_worked, fold(category),
                       fold(terms.location))
                seen.setdefault(key, (terms, category))
        return list(seen.values())

    def _judge(self) -> tuple[Conflict, ...]:
        facts = self.facts
        policy = facts.policy
        periods = [(p.first, p.last) for p in facts.minimum_periods]
        first, last = periods[0][0], periods[-1][1]
        effective = policy.effective_from
        lines: dict[str, str] = {}
        for terms, category in self._part_time_terms():
            def share_of(day: date, terms: Terms = terms, category: str = category) -> Fraction:
                if effective and day < effective:
                    return Fraction(0)
                rule = policy.rule_for(category, terms.location, day)
                return rule.share if rule else Fraction(0)
            rule = policy.rule_for(category, terms.location, last) or policy.rule_for(
                category, terms.location)
            if rule is None:
                continue
            own = effective_share(pattern_days(terms.pattern, terms.nation, policy, first, last,
                                               bank_holidays_worked=terms.bank_holidays_worked),
                                  share_of, periods, policy)
            comparator = effective_share(full_time_days(terms.nation, policy, first, last),
                                         share_of, periods, policy)
            if own.working and comparator.working and own.share > comparator.share:
                key = f"{terms.pattern.describe()} ({_scope(rule)})"
                lines.setdefault(key, f"{key}: {format_share(own.share)} of working days "
                                      f"against {format_share(comparator.share)} for a "
                                      "full-time week")
        if not lines:
            return ()
        message = ("Under this policy part-time staff must spend a higher share of their "
                   f"working days in the office than full-time staff ({policy.describe_measure()}"
                   "; Part-time Workers Regulations 2000, pro rata): "
                   + "; ".join(lines[k] for k in sorted(lines)) + ".")
        return (Conflict(RuleId.PRO_RATA_WARNING, message, first, last),)


def _scope(rule: Rule) -> str:
    return rule.describe().removeprefix("the policy for ") + f", {format_share(rule.share)}"
