"""Crossing between Python dates and Qt's QDate, in one place."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(value: QDate) -> date:
    """A QDate as a date; date editors always hold a valid one."""
    day = value.toPython()
    assert isinstance(day, date)
    return day
