"""The spans the window shows: a week, a month or a quarter around an anchor day."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from dateutil.relativedelta import relativedelta


class ViewSpan(StrEnum):
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def column_width(self) -> int:
        """Wide cells for a week, narrow enough for a quarter to fit a laptop screen."""
        return {"week": 64, "month": 30, "quarter": 24}[self.value]

    def bounds(self, anchor: date) -> tuple[date, date]:
        if self is ViewSpan.WEEK:
            first = anchor - timedelta(days=anchor.weekday())
            return first, first + timedelta(days=6)
        if self is ViewSpan.MONTH:
            first = anchor.replace(day=1)
            return first, first + relativedelta(months=1) - timedelta(days=1)
        first = anchor.replace(month=(anchor.month - 1) // 3 * 3 + 1, day=1)
        return first, first + relativedelta(months=3) - timedelta(days=1)

    def step(self, anchor: date, steps: int) -> date:
        if self is ViewSpan.WEEK:
            return anchor + timedelta(weeks=steps)
        months = steps * (1 if self is ViewSpan.MONTH else 3)
        return anchor + relativedelta(months=months)


def describe_span(first: date, last: date) -> str:
    """`6 Jan – 2 Feb 2025`, `1–31 Mar 2025`: day first, as UK managers write it."""
    if first.year != last.year:
        return f"{first.day} {first:%b %Y} – {last.day} {last:%b %Y}"
    if first.month != last.month:
        return f"{first.day} {first:%b} – {last.day} {last:%b %Y}"
    return f"{first.day}–{last.day} {last:%b %Y}"
