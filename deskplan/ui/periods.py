"""The spans the window shows: a week, a month or a quarter around an anchor day."""

from __future__ import annotations

from collections.abc import Callable
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
        """The narrowest a day's column may be (the grid widens them to fill the room): wide
        cells for a week; for a month narrow enough that all 31 days fit beside the names and
        the Conflicts panel in a 1440 px wide window (the letters, split days and site names
        still fit at 20 px); a quarter scrolls."""
        return {"week": 64, "month": 20, "quarter": 24}[self.value]

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


def describe_span(first: date, last: date, *, month_first: bool = False,
                  month: Callable[[int], str] = lambda m: date(2000, m, 1).strftime("%b")) -> str:
    """`6 Jan – 2 Feb 2025`, `1–31 Mar 2025` (day first, as in the UK), or month first
    (`Jan 6 – Feb 2, 2025`) where the user's locale writes dates that way. `month` names a
    month in the user's language."""
    def day(d: date) -> str:
        return f"{month(d.month)} {d.day}" if month_first else f"{d.day} {month(d.month)}"

    if first.year != last.year:
        return f"{day(first)} {first.year} – {day(last)} {last.year}"
    if first.month != last.month:
        return f"{day(first)} – {day(last)}{',' if month_first else ''} {last.year}"
    if month_first:
        return f"{month(first.month)} {first.day}–{last.day}, {last.year}"
    return f"{first.day}–{last.day} {month(last.month)} {last.year}"
