"""How conflicts are worded: names, amounts in the policy's unit, arrangements (privately when
the document leaves the manager's hands), and lists of days."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from fractions import Fraction

from deskplan.domain.calendar import describe_day, describe_period
from deskplan.domain.conflicts import Conflict, RuleId
from deskplan.domain.durations import format_hours, format_share
from deskplan.domain.facts import Facts, Period
from deskplan.domain.model import Adjustment, AdjustmentKind
from deskplan.domain.policy import Measure, PeriodKind

MAX_DAYS_LISTED = 5
PRIVATE_LABEL = "an individual arrangement"


def plural(count: int | Fraction, word: str) -> str:
    # A whole number is written as it is (most counts: tens of thousands of messages).
    text = str(count) if type(count) is int else format_number(Fraction(count))
    return f"{text} {word}" if count == 1 else f"{text} {word}s"


def format_number(value: Fraction) -> str:
    """`3`, `2.5`, `1/3` → `3`, `2.5`, `0.33`."""
    if value.denominator == 1:
        return str(value.numerator)
    if (value * 100).denominator == 1:
        return f"{float(value):.2f}".rstrip("0").rstrip(".")
    return f"{float(value):.2f}"


def sentence_start(text: str) -> str:
    return text[:1].upper() + text[1:]


def list_days(days: Sequence[date], notes: dict[date, str] | None = None) -> str:
    def one(day: date) -> str:
        note = (notes or {}).get(day)
        return f"{describe_day(day)} ({note})" if note else describe_day(day)
    shown = ", ".join(one(d) for d in days[:MAX_DAYS_LISTED])
    extra = len(days) - MAX_DAYS_LISTED
    return f"{shown} and {extra} more" if extra > 0 else shown


class Wording:
    """Message helpers bound to one check."""

    def __init__(self, facts: Facts, *, private: bool) -> None:
        self.facts = facts
        self.private = private

    def name(self, row: int) -> str:
        return self.facts.people[row].name

    def period(self, period: Period, kind: PeriodKind | None = None) -> str:
        return describe_period(period.first, period.last, kind or self.facts.policy.period)

    def week(self, period: Period) -> str:
        return describe_period(period.first, period.last, PeriodKind.WEEK)

    def amount(self, units: int | Fraction) -> str:
        """Units (see `facts`) in the policy's unit: `22.5 h`, `3 days`, `2.5 days`."""
        value = self.facts.to_unit(units)
        if self.facts.policy.measure is Measure.HOURS:
            return format_hours(value * 3600)
        return plural(value, "day")

    def days(self, halves: int | Fraction) -> str:
        """Half days → `3 days`, `2.5 days`."""
        return plural(Fraction(halves) / 2, "day")

    def arrangement(self, adjustment: Adjustment | None) -> str:
        if adjustment is None or self.private:
            return PRIVATE_LABEL
        return adjustment.name

    def share_source(self, row: int, column: int) -> tuple[Fraction, str]:
        """The share of one day and where it comes from: the policy rule, an arrangement, or
        the policy not having started."""
        facts = self.facts
        day = facts.day(column)
        effective = facts.policy.effective_from
        if effective and day < effective:
            return Fraction(0), f"no minimum before the policy starts on {describe_day(effective)}"
        rule = facts.rule_on(row, column)
        share, label = (rule.share, rule.describe()) if rule else (Fraction(0), "no policy rule")
        for adjustment in facts.arrangements[row]:
            if not adjustment.active_on(day):
                continue
            if adjustment.kind is AdjustmentKind.EXEMPT:
                candidate = Fraction(0)
            elif adjustment.kind is AdjustmentKind.REDUCED_SHARE and adjustment.share is not None:
                candidate = adjustment.share
            else:
                continue
            if candidate < share:
                share, label = candidate, self.arrangement(adjustment)
        return share, label

    def describe_shares(self, row: int, columns: Sequence[int]) -> str:
        """`60% under the policy for support staff`, or a day-by-day mix."""
        groups: dict[tuple[Fraction, str], int] = {}
        for column in columns:
            key = self.share_source(row, column)
            groups[key] = groups.get(key, 0) + 1
        if len(groups) == 1:
            (share, label), = groups
            return f"{format_share(share)} under {label}"
        return "; ".join(f"{format_share(share)} under {label} on {plural(count, 'day')}"
                         for (share, label), count in groups.items())

    def conflict(self, rule: RuleId, row: int, start: date, end: date,
                 message: str | Callable[[], str]) -> Conflict:
        facts = self.facts
        segments = facts.time.segments[row]
        if len(segments) == 1:  # nearly everyone: one record over the whole span
            terms = segments[0][2]
        else:
            terms = facts.time.terms(row, min(max(facts.column(start), 0), facts.days - 1))
        return Conflict(rule, message, start, end, staff_id=facts.ids[row],
                        location=terms.location or None, role=terms.role or None)
