"""`pro-rata-warning`: the rule itself asks part-time staff for a higher share of their working
days in the office than full-time staff (see `deskplan.domain.fairness`). Once per check,
naming each part-time pattern of the team with both shares; it is about the policy, not the
plan, so no edit changes it."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from datetime import date
from fractions import Fraction
from functools import partial

import numpy as np

from deskplan.domain.conflicts import Conflict, RuleId
from deskplan.domain.durations import format_share
from deskplan.domain.facts import Facts
from deskplan.domain.fairness import (
    EffectiveShare,
    effective_share,
    full_time_days,
    pattern_days,
)
from deskplan.domain.model import Nation, Terms, WorkingPattern
from deskplan.domain.policy import Policy, Rule
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

    def _judge(self) -> tuple[Conflict, ...]:
        """About the policy and the people's contracts alone: worked out once for them and
        the range's periods (`Facts.remembered`)."""
        facts = self.facts
        periods = tuple((p.first, p.last) for p in facts.minimum_periods)
        message = facts.remembered(("pro-rata", periods), self._message)
        if message is None:
            return ()
        return (Conflict(RuleId.PRO_RATA_WARNING, message, periods[0][0], periods[-1][1]),)

    def scopes_of(self, row: int, column: int) -> Iterable[ScopeKey]:
        return []

    def judge(self, scope: ScopeKey) -> tuple[Conflict, ...]:
        return self._judge()

    def _part_time_terms(self, first: date, last: date) -> list[tuple[Terms, str]]:
        """Each distinct part-time record in force on a day checked while the person is
        employed, with its category: one per pattern, nation and the rules that apply to it
        over `first`..`last` (the role and the site change nothing else, and thousands of
        people share a few of these). A record only in force before someone starts, or in the
        days that round the span out to whole weeks, is nobody's contract in these periods."""
        facts = self.facts
        policy = facts.policy
        periods = facts.minimum_periods
        lo_column, hi_column = periods[0].lo, periods[-1].hi
        reason = facts.time.reason[:, lo_column:hi_column]
        # People employed on every day of the periods (nearly everyone) need no day-by-day look.
        partly = set() if facts.everyone_employed else set(
            np.flatnonzero((reason == DayOff.NOT_EMPLOYED).any(axis=1)).tolist())
        days = [first, *(d for d in policy.rule_dates() if first < d <= last)]
        # Patterns and the rules of a scope are numbered by value, each hashed once (hashing
        # a pattern's or a rule's fields for each of thousands of records costs more than
        # the rest of the loop).
        signatures: dict[tuple[str, str], int] = {}
        numbered_rules: dict[tuple[Rule | None, ...], int] = {}
        numbered_patterns: dict[WorkingPattern, tuple[WorkingPattern, bool, int]] = {}
        seen: dict[tuple[object, ...], tuple[Terms, str]] = {}
        part_time: dict[int, tuple[WorkingPattern, bool, int]] = {}
        for row, segments in enumerate(facts.time.segments):
            for (lo, hi, terms), category in zip(segments, facts.categories[row], strict=True):
                if not category:
                    continue
                pattern = terms.pattern
                known = part_time.get(id(pattern))
                if known is None:
                    known = numbered_patterns.get(pattern)
                    if known is None:
                        known = numbered_patterns[pattern] = (
                            pattern, pattern.weekly_seconds < policy.full_time_seconds,
                            len(numbered_patterns))
                    part_time[id(pattern)] = known
                if not known[1]:
                    continue
                a, b = max(lo, lo_column), min(hi, hi_column)
                if a >= b or (row in partly and not (
                        reason[row, a - lo_column:b - lo_column] != DayOff.NOT_EMPLOYED).any()):
                    continue
                scope = (category, terms.location)
                rules = signatures.get(scope)
                if rules is None:
                    found = (*(policy.rule_for(category, terms.location, d) for d in days),
                             policy.rule_for(category, terms.location, last),
                             policy.rule_for(category, terms.location))
                    rules = signatures[scope] = numbered_rules.setdefault(found,
                                                                          len(numbered_rules))
                key = (known[2], terms.nation, terms.bank_holidays_worked, rules)
                seen.setdefault(key, (terms, category))
        return list(seen.values())

    def _message(self) -> str | None:
        facts = self.facts
        policy = facts.policy
        periods = [(p.first, p.last) for p in facts.minimum_periods]
        first, last = periods[0][0], periods[-1][1]
        lines: dict[str, str] = {}
        bounds = policy.rule_dates()
        comparators: dict[tuple[object, ...], EffectiveShare] = {}
        spans = tuple(periods)
        for terms, category in self._part_time_terms(first, last):
            share_of = _shares_by_interval(policy, category, terms.location, bounds)
            rule = policy.rule_for(category, terms.location, last) or policy.rule_for(
                category, terms.location)
            if rule is None:
                continue
            own = _remembered(policy, ("own", terms.pattern, terms.nation,
                                           terms.bank_holidays_worked, category, terms.location,
                                           spans),
                              partial(_own_share, terms, share_of, periods, policy))
            # The full-time comparator depends on the nation and the rules alone.
            compared = (terms.nation, tuple(policy.rule_for(category, terms.location, d)
                                            for d in (first, *bounds)))
            comparator = comparators.get(compared)
            if comparator is None:
                comparator = comparators[compared] = _remembered(
                    policy, ("full-time", *compared, spans),
                    partial(_full_time_share, terms.nation, share_of, periods, policy))
            if own.working and comparator.working and own.share > comparator.share:
                key = f"{terms.pattern.describe()} ({_scope(rule)})"
                lines.setdefault(key, f"{key}: {format_share(own.share)} of working days "
                                      f"against {format_share(comparator.share)} for a "
                                      "full-time week")
        if not lines:
            return None
        return ("Under this policy part-time staff must spend a higher share of their "
                f"working days in the office than full-time staff ({policy.describe_measure()}"
                "; Part-time Workers Regulations 2000, pro rata): "
                + "; ".join(lines[k] for k in sorted(lines)) + ".")


#: Effective shares worked out lately, by the policy (by identity: a policy is a frozen value
#: and the check of every edit, range and draft asks again about the same one) and all else
#: they depend on. They judge the rule and the calendar, not the plan, and are a third of a
#: whole organisation's check; kept here, each is worked out once per policy and range.
_REMEMBERED: dict[tuple[object, ...], tuple[Policy, EffectiveShare]] = {}
_REMEMBER_AT_MOST = 512


def _own_share(terms: Terms, share_of: Callable[[date], Fraction],
               periods: list[tuple[date, date]], policy: Policy) -> EffectiveShare:
    first, last = periods[0][0], periods[-1][1]
    return effective_share(pattern_days(terms.pattern, terms.nation, policy, first, last,
                                        bank_holidays_worked=terms.bank_holidays_worked),
                           share_of, periods, policy)


def _full_time_share(nation: Nation, share_of: Callable[[date], Fraction],
                     periods: list[tuple[date, date]], policy: Policy) -> EffectiveShare:
    first, last = periods[0][0], periods[-1][1]
    return effective_share(full_time_days(nation, policy, first, last), share_of, periods,
                           policy)


def _remembered(policy: Policy, key: tuple[object, ...],
                work_out: Callable[[], EffectiveShare]) -> EffectiveShare:
    whole_key = (id(policy), *key)
    found = _REMEMBERED.get(whole_key)
    if found is not None and found[0] is policy:  # an id is reused only once its policy is gone
        return found[1]
    share = work_out()
    if len(_REMEMBERED) >= _REMEMBER_AT_MOST:
        _REMEMBERED.clear()
    _REMEMBERED[whole_key] = (policy, share)
    return share


def _shares_by_interval(policy: Policy, category: str, location: str, bounds: list[date]
                        ) -> Callable[[date], Fraction]:
    """The rule's share on a day (0 before the policy is in effect). Rules start and stop only
    on `bounds` (`policy.rule_dates()`), so the rule is looked up once per interval between
    them rather than once per day."""
    effective = policy.effective_from
    found: dict[int, Fraction] = {}

    def share_of(day: date) -> Fraction:
        if effective and day < effective:
            return Fraction(0)
        interval = bisect_right(bounds, day)
        share = found.get(interval)
        if share is None:
            rule = policy.rule_for(category, location, day)
            share = found[interval] = rule.share if rule else Fraction(0)
        return share
    return share_of


def _scope(rule: Rule) -> str:
    return rule.describe().removeprefix("the policy for ") + f", {format_share(rule.share)}"
