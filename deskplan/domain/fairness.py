"""Who the rounding falls on: the share of a pattern's working days a rule makes them spend in
the office, against a full-time week under the same rule.

This judges the rule, not anyone's plan: leave, sickness and arrangements are left out, bank
holidays of the pattern's nation are days off, and each period asks for the fewest whole days
(in days mode, multiples of `round_to`) that meet the rule. Under 80% weekly a four-day worker
must be in on all four days while a full-timer keeps one day at home: the pro-rata test of the
Part-time Workers Regulations 2000.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from deskplan.domain.model import Nation, WorkingPattern
from deskplan.domain.policy import Measure, Policy
from deskplan.domain.working_time import days_off


def required_days(lengths: Sequence[Fraction | int], shares: Sequence[Fraction],
                  measure: Measure, round_to: Fraction) -> Fraction:
    """The fewest office days that meet the rule in one period, over its working days
    (`lengths[i]` > 0) with the share of each day."""
    working = [(Fraction(length), share) for length, share in zip(lengths, shares, strict=True)
               if length]
    if measure is Measure.DAYS:
        need = sum((share for _, share in working), Fraction(0))
        steps = -(-need // round_to)
        return steps * round_to
    need = sum((share * length for length, share in working), Fraction(0))
    found, total = 0, Fraction(0)
    for length in sorted((length for length, _ in working), reverse=True):
        if total >= need:
            break
        total += length
        found += 1
    return Fraction(found)


@dataclass(frozen=True)
class EffectiveShare:
    """Σ required office days ÷ Σ working days over the periods, and the worst period."""

    required: Fraction
    working: int
    worst: Fraction

    @property
    def share(self) -> Fraction:
        return self.required / self.working if self.working else Fraction(0)


def effective_share(pattern_lengths: Callable[[date], Fraction | int],
                    share_of: Callable[[date], Fraction], periods: Sequence[tuple[date, date]],
                    policy: Policy) -> EffectiveShare:
    """Over `periods`, with `pattern_lengths(day)` the contracted time that day (0 off) and
    `share_of(day)` the rule's share."""
    required, working, worst = Fraction(0), 0, Fraction(0)
    for first, last in periods:
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        lengths = [pattern_lengths(day) for day in days]
        need = required_days(lengths, [share_of(day) for day in days], policy.measure,
                             policy.round_to)
        count = sum(1 for length in lengths if length)
        required += need
        working += count
        if count:
            worst = max(worst, need / count)
    return EffectiveShare(required, working, worst)


def pattern_days(pattern: WorkingPattern, nation: Nation, policy: Policy, first: date,
                 last: date, *, bank_holidays_worked: bool = False) -> Callable[[date], int]:
    """Contracted seconds of `pattern` per day on the real calendar: the nation's bank holidays
    (unless the roster works them) and the organisation's closures are days off."""
    off = days_off(policy, nation, first, last)
    closures = policy.closures

    def length(day: date) -> int:
        if day in closures or (not bank_holidays_worked and day in off):
            return 0
        return pattern.seconds_on(day)
    return length


def full_time_days(nation: Nation, policy: Policy, first: date, last: date
                   ) -> Callable[[date], Fraction]:
    """The comparator: Monday to Friday, a fifth of the policy's full-time week a day, in
    `nation`."""
    off = days_off(policy, nation, first, last)
    day_length = Fraction(policy.full_time_seconds, 5)

    def length(day: date) -> Fraction:
        return Fraction(0) if day.weekday() > 4 or day in off else day_length
    return length
