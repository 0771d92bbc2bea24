"""Recurring patterns and week copies, turned into the cell changes one undo step applies.

Days off (the person's pattern, their nation's bank holidays, outside employment) are never
given a working status, and leave and sickness already planned stay unless the user says so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dateutil.rrule import WEEKLY, rrule, weekday

from deskplan.domain.model import Person, Status
from deskplan.domain.policy import Policy
from deskplan.domain.working_time import days_off, is_working_day
from deskplan.ui.store import CellChange

StatusOf = Callable[[str, date], Status]
_WEEKDAYS = tuple(weekday(i) for i in range(7))


@dataclass(frozen=True)
class Pattern:
    """`status` on `weekdays` every `interval` weeks from `first` to `last`.

    `others`: what the remaining working days become (None leaves them as they are).
    """

    weekdays: frozenset[int]
    first: date
    last: date
    status: Status = Status.OFFICE
    interval: int = 1
    others: Status | None = None
    overwrite_absence: bool = False

    def days(self) -> set[date]:
        """The pattern's days, from dateutil's rrule (weeks counted from `first`'s week)."""
        if not self.weekdays or self.last < self.first:
            return set()
        monday = self.first - timedelta(days=self.first.weekday())
        rule = rrule(WEEKLY, interval=self.interval, wkst=0, dtstart=datetime.combine(
            monday, datetime.min.time()), until=datetime.combine(self.last, datetime.min.time()),
            byweekday=[_WEEKDAYS[d] for d in sorted(self.weekdays)])
        return {d.date() for d in rule if d.date() >= self.first}

    def changes(self, people: Sequence[Person], status_of: StatusOf,
                policy: Policy) -> list[CellChange]:
        chosen = self.days()
        found: list[CellChange] = []
        for person in people:
            off = days_off(policy, person.nation, self.first, self.last)
            day = self.first
            while day <= self.last:
                wanted = self.status if day in chosen else self.others
                if wanted is not None and is_working_day(person, day, off):
                    now = status_of(person.staff_id, day)
                    if now != wanted and (self.overwrite_absence or not now.is_absence):
                        found.append((person.staff_id, day, wanted))
                day += timedelta(days=1)
        return found


def copy_week(people: Sequence[Person], week_start: date, weeks: int, status_of: StatusOf,
              policy: Policy, *, overwrite_absence: bool = False) -> list[CellChange]:
    """Copy each person's week starting `week_start` onto the next `weeks` weeks.

    Unplanned days are copied as unplanned; leave and sickness are not copied (they are
    one-off), and days off and planned absences in the target weeks are left alone.
    """
    monday = week_start - timedelta(days=week_start.weekday())
    last = monday + timedelta(weeks=weeks + 1, days=-1)
    found: list[CellChange] = []
    for person in people:
        off = days_off(policy, person.nation, monday, last)
        source = [status_of(person.staff_id, monday + timedelta(days=i)) for i in range(7)]
        for week in range(1, weeks + 1):
            for offset, status in enumerate(source):
                day = monday + timedelta(weeks=week, days=offset)
                if status.is_absence or not is_working_day(person, day, off):
                    continue
                now = status_of(person.staff_id, day)
                if now != status and (overwrite_absence or not now.is_absence):
                    found.append((person.staff_id, day, status))
    return found
