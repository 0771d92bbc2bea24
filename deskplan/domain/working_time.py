"""Who works when: the one place that decides a person's working days and contracted time.

The rule engine, the planner grid, patterns and exports all ask here, so that a day the grid
lets you plan is a day the engine counts, and a closure day is closed everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import numpy as np

from deskplan.domain.calendar import bank_holidays
from deskplan.domain.model import Nation, Person
from deskplan.domain.policy import Policy

CLOSURE = "closure day"


def days_off(policy: Policy, nation: Nation, first: date, last: date) -> dict[date, str]:
    """Days nobody of `nation` works under `policy`, with their names: the nation's bank
    holidays (except those the organisation works as normal) and the organisation's closures."""
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


def is_working_day(person: Person, day: date, off: dict[date, str]) -> bool:
    """`off` is `days_off(policy, person.nation, ...)` over a range holding `day`."""
    return bool(person.pattern.seconds[day.weekday()]) and person.employed_on(day) \
        and day not in off


def working_seconds(people: Sequence[Person], policy: Policy, first: date, last: date,
                    off: dict[Nation, dict[date, str]] | None = None) -> np.ndarray:
    """Contracted seconds per person (rows) and day (columns, `first`..`last`); zero on days
    outside a person's pattern, their nation's days off, and days outside employment."""
    days = (last - first).days + 1
    if off is None:
        off = {nation: days_off(policy, nation, first, last)
               for nation in {p.nation for p in people}}
    weekday_of_column = (first.weekday() + np.arange(days)) % 7
    patterns = sorted({p.pattern.seconds for p in people})
    if not people:
        return np.zeros((0, days), dtype=np.int32)
    index = {pattern: i for i, pattern in enumerate(patterns)}
    table = np.array(patterns, dtype=np.int32).reshape(len(patterns), 7)
    rows = np.array([index[p.pattern.seconds] for p in people], dtype=np.intp)
    seconds = table[:, weekday_of_column][rows]
    nations = sorted(off, key=lambda n: n.value)
    closed = np.zeros((len(nations), days), dtype=bool)
    for k, nation in enumerate(nations):
        for day in off[nation]:
            if first <= day <= last:
                closed[k, (day - first).days] = True
    nation_rows = np.array([nations.index(p.nation) for p in people], dtype=np.intp)
    seconds[closed[nation_rows]] = 0
    for i, person in enumerate(people):
        if person.start_date:
            seconds[i, : max(0, (person.start_date - first).days)] = 0
        if person.end_date:
            seconds[i, max(0, (person.end_date - first).days + 1) :] = 0
    return seconds

