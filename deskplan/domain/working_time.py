"""Who works when: the one place that decides a person's working days and contracted time.

The rule engine asks here, and every surface (grid, footer, exports) reads the engine's answer,
so a day the grid lets you plan is a day the engine counts, and a closure day is closed
everywhere. A day is judged by the person's record in force that day: their pattern (a week, a
cycle of weeks or a roster), their nation's bank holidays (unless their roster works them),
the organisation's closures, and their employment dates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import IntEnum

import numpy as np

from deskplan.domain.calendar import bank_holidays, describe_day
from deskplan.domain.model import WEEKDAY_FULL_NAMES, Nation, Person, Terms, WorkingPattern
from deskplan.domain.policy import Policy

CLOSURE = "closure day"


class DayOff(IntEnum):
    """Why a day is not a working day for someone (WORKING: it is one)."""

    WORKING = 0
    NOT_IN_PATTERN = 1
    BANK_HOLIDAY = 2
    CLOSURE = 3
    NOT_EMPLOYED = 4


#: (first column, end column, record in force) for one person, covering the checked days.
Segment = tuple[int, int, Terms]


def days_off(policy: Policy, nation: Nation, first: date, last: date) -> dict[date, str]:
    """Days nobody of `nation` works under `policy` unless their roster works bank holidays,
    with their names: the nation's bank holidays (except those the organisation works as
    normal) and the organisation's closures."""
    found = {day: name for day, name in bank_holidays(nation, first, last).items()
             if day not in policy.working_bank_holidays}
    found.update((day, CLOSURE) for day in policy.closures if first <= day <= last)
    return found


def coverage_days(policy: Policy, first: date, last: date) -> np.ndarray:
    """(coverage rules × days `first`..`last`): whether each cover rule applies that day, that
    is on its weekdays except the default nation's days off."""
    closed = days_off(policy, policy.default_nation, first, last)
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    return np.array(
        [[day.weekday() in rule.weekdays and day not in closed for day in days]
         for rule in policy.coverage],
        dtype=bool,
    ).reshape(len(policy.coverage), len(days))


def segments(person: Person, first: date, days: int) -> list[Segment]:
    """The person's records over `days` columns from `first`, as column ranges."""
    timeline = person.timeline()
    if len(timeline) == 1:
        return [(0, days, timeline[0][1])]
    found: list[Segment] = []
    # The earliest record also covers the days before its date.
    starts = [0] + [min(max((when - first).days, 0), days) if when else 0
                    for when, _ in timeline[1:]]
    for (lo, (_, terms)), hi in zip(zip(starts, timeline, strict=True), [*starts[1:], days],
                                    strict=True):
        if hi > lo:
            found.append((lo, hi, terms))
    return found


def pattern_seconds(pattern: WorkingPattern, first: date, days: int) -> np.ndarray:
    """Contracted seconds of `pattern` on each of `days` days from `first`."""
    cycle = np.asarray(pattern.seconds, dtype=np.int32)
    offset = pattern.offset_of(first)
    return cycle[(offset + np.arange(days)) % len(cycle)]


@dataclass(frozen=True)
class WorkingTime:
    """Contracted seconds per person (rows) and day (columns) with why a day is off, and each
    person's records over the columns."""

    first: date
    last: date
    seconds: np.ndarray  # int32; zero on every day off
    reason: np.ndarray  # uint8 DayOff
    holidays: dict[Nation, dict[date, str]]
    segments: list[list[Segment]]

    def terms(self, row: int, column: int) -> Terms:
        for lo, hi, terms in self.segments[row]:
            if lo <= column < hi:
                return terms
        return self.segments[row][-1][2]

    def day_off_reason(self, person: Person, row: int, column: int) -> str:
        """Why `column` is not a working day for `person`, in words ('' when it is one)."""
        day = self.first + timedelta(days=column)
        reason = DayOff(int(self.reason[row, column]))
        if reason is DayOff.WORKING:
            return ""
        if reason is DayOff.NOT_EMPLOYED:
            if person.start_date and day < person.start_date:
                return f"they start on {describe_day(person.start_date)}"
            return f"they left on {describe_day(person.end_date)}" if person.end_date else \
                "they are not employed then"
        if reason is DayOff.CLOSURE:
            return "the organisation is closed that day"
        terms = self.terms(row, column)
        if reason is DayOff.BANK_HOLIDAY:
            name = self.holidays.get(terms.nation, {}).get(day, "a bank holiday")
            return f"{name} is a bank holiday in {terms.nation.label}"
        if terms.pattern.is_weekly:
            return f"they do not work on {WEEKDAY_FULL_NAMES[day.weekday()]}s"
        return "it is a day off in their working cycle"


def working_time(people: Sequence[Person], policy: Policy, first: date, last: date
                 ) -> WorkingTime:
    """Contracted time of `people` on every day `first`..`last`."""
    days = (last - first).days + 1
    nations = {p.nation for p in people} | {terms.nation for p in people
                                            for _, terms in p.earlier} | {policy.default_nation}
    holidays = {nation: {day: name for day, name in bank_holidays(nation, first, last).items()
                         if day not in policy.working_bank_holidays}
                for nation in nations}
    closed = np.zeros(days, dtype=bool)
    for day in policy.closures:
        if first <= day <= last:
            closed[(day - first).days] = True
    holiday_columns = {
        nation: np.array(sorted((day - first).days for day in found), dtype=np.intp)
        for nation, found in holidays.items()
    }
    seconds = np.zeros((len(people), days), dtype=np.int32)
    reason = np.zeros((len(people), days), dtype=np.uint8)
    all_segments = [segments(p, first, days) if p.earlier else [(0, days, p.terms)]
                    for p in people]
    # Thousands of people share a handful of patterns: compute the days of each distinct
    # (pattern, nation, bank holidays worked) once, the only parts of a record they depend on,
    # and fill the rows of everyone whose one record covers every day in one step for each.
    # Patterns are told apart by value, but each pattern object is hashed only once.
    cache: dict[_DaysKey, tuple[np.ndarray, np.ndarray]] = {}
    whole: dict[_DaysKey, list[int]] = {}
    by_value: dict[WorkingPattern, int] = {}
    by_object: dict[int, int] = {}
    for row, person_segments in enumerate(all_segments):
        for lo, hi, terms in person_segments:
            pattern = by_object.get(id(terms.pattern))
            if pattern is None:
                pattern = by_object[id(terms.pattern)] = by_value.setdefault(terms.pattern,
                                                                             len(by_value))
            key = (pattern, terms.nation, terms.bank_holidays_worked)
            found = cache.get(key)
            if found is None:
                found = cache[key] = _terms_days(terms, first, days, holiday_columns)
            if lo == 0 and hi == days:
                whole.setdefault(key, []).append(row)
                continue
            seconds[row, lo:hi] = found[0][lo:hi]
            reason[row, lo:hi] = found[1][lo:hi]
    for key, rows in whole.items():
        seconds[rows], reason[rows] = cache[key]
    reason[:, closed] = DayOff.CLOSURE
    seconds[:, closed] = 0
    for row, person in enumerate(people):
        if person.start_date and person.start_date > first:
            cut = min((person.start_date - first).days, days)
            seconds[row, :cut], reason[row, :cut] = 0, DayOff.NOT_EMPLOYED
        if person.end_date and person.end_date < last:
            cut = max((person.end_date - first).days + 1, 0)
            seconds[row, cut:], reason[row, cut:] = 0, DayOff.NOT_EMPLOYED
    return WorkingTime(first, last, seconds, reason, holidays, all_segments)


#: What of a record decides its days (`_terms_days`): pattern (numbered by value), nation,
#: bank holidays worked.
_DaysKey = tuple[int, Nation, bool]


def _terms_days(terms: Terms, first: date, days: int,
                holiday_columns: dict[Nation, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    seconds = pattern_seconds(terms.pattern, first, days)
    reason = np.where(seconds > 0, DayOff.WORKING, DayOff.NOT_IN_PATTERN).astype(np.uint8)
    if not terms.bank_holidays_worked:
        columns = holiday_columns[terms.nation]
        hit = columns[seconds[columns] > 0]
        seconds = seconds.copy()
        seconds[hit] = 0
        reason[hit] = DayOff.BANK_HOLIDAY
    return seconds, reason


def working_seconds(people: Sequence[Person], policy: Policy, first: date, last: date
                    ) -> np.ndarray:
    """Contracted seconds per person and day, zero on days off (see `working_time`)."""
    return working_time(people, policy, first, last).seconds
