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



def test_every_day_of_a_31_day_month_fits_a_1440_px_window_beside_the_names(qtbot,
                                                                             demo_window):
    """Issue 11: the month view at 1440 × 900, with the names and the Conflicts panel, shows
    all 31 days without scrolling sideways."""
    from datetime import date

    from PySide6.QtWidgets import QApplication

    from deskplan.ui.periods import ViewSpan
    from deskplan.ui.rota_headers import HEADER_WIDTH

    window = demo_window
    window.resize(1440, 900)
    window.set_span(ViewSpan.MONTH)
    window.go_to(date(2026, 12, 1))
    QApplication.processEvents()
    view = window.panel.view
    assert window.model.columnCount() == 31
    assert window.dock.isVisible()
    assert view.verticalHeader().width() == HEADER_WIDTH  # names, roles and summaries
    days = view.horizontalHeader()
    assert days.sectionViewportPosition(30) + days.sectionSize(30) <= view.viewport().width()
    assert view.horizontalScrollBar().maximum() == 0
    assert days.sectionSize(0) >= ViewSpan.MONTH.column_width
    window.grab().save("/tmp/window_month_1440.png")
