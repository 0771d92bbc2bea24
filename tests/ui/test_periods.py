"""The spans the window shows, and how their dates are written for the user's locale."""

from datetime import date

import pytest

from deskplan.ui.periods import ViewSpan, describe_span


@pytest.mark.parametrize(("span", "anchor", "first", "last"), [
    (ViewSpan.WEEK, date(2025, 1, 8), date(2025, 1, 6), date(2025, 1, 12)),
    (ViewSpan.MONTH, date(2025, 2, 14), date(2025, 2, 1), date(2025, 2, 28)),
    (ViewSpan.QUARTER, date(2025, 5, 20), date(2025, 4, 1), date(2025, 6, 30)),
])
def test_spans_cover_the_whole_week_month_or_quarter(span, anchor, first, last):
    assert span.bounds(anchor) == (first, last)


def test_stepping_a_month_from_the_31st_lands_in_the_next_month():
    assert ViewSpan.MONTH.step(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert ViewSpan.QUARTER.step(date(2025, 11, 30), 1) == date(2026, 2, 28)


@pytest.mark.parametrize(("first", "last", "month_first", "text"), [
    (date(2025, 1, 6), date(2025, 2, 2), False, "6 Jan – 2 Feb 2025"),
    (date(2025, 3, 1), date(2025, 3, 31), False, "1–31 Mar 2025"),
    (date(2024, 12, 30), date(2025, 1, 5), False, "30 Dec 2024 – 5 Jan 2025"),
    (date(2025, 1, 6), date(2025, 2, 2), True, "Jan 6 – Feb 2, 2025"),
    (date(2025, 3, 1), date(2025, 3, 31), True, "Mar 1–31, 2025"),
])
def test_spans_are_written_day_first_unless_the_locale_puts_the_month_first(
        first, last, month_first, text):
    assert describe_span(first, last, month_first=month_first) == text

