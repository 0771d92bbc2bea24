"""Recurring patterns and week copies, turned into the cell changes one undo step applies.

Days off (the person's pattern, their nation's bank holidays, outside employment) are never
given a working status, and leave and sickness already planned stay unless the user says so.
An office day is never placed on a fixed home day of an arrangement in force (the planner
holds the same rule), so neither a pattern nor a copied week creates that conflict silently.
A day the manager locked (Ctrl+L) is kept as it is (`unlocked`), as the planner and Suggest a
fix keep it: a lock says "this day is settled", whichever tool would change it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dateutil.rrule import WEEKLY, rrule, weekday

from deskplan.domain.model import Adjustment, AdjustmentKind, Cell, Person, Status
from deskplan.domain.policy import Policy
from deskplan.domain.working_time import working_time
from deskplan.storage.operations import CellChange

CellOf = Callable[[str, date], Cell]


def _absent(cell: Cell) -> bool:
    return cell.am.is_absence or cell.pm.is_absence


def fixed_home_days(adjustments: Collection[Adjustment]) -> Callable[[str, date], bool]:
    """Whether a day is one of the person's fixed home weekdays under an arrangement in force
    that day (a count of home days, `home_days`, names no weekday and is not one)."""
    by_person: dict[str, list[Adjustment]] = {}
    for adjustment in adjustments:
        if adjustment.kind is AdjustmentKind.FIXED_HOME_DAYS and adjustment.weekdays:
            by_person.setdefault(adjustment.staff_id, []).append(adjustment)

    def fixed(staff_id: str, day: date) -> bool:
        return any(day.weekday() in a.weekdays and a.active_on(day)
                   for a in by_person.get(staff_id, ()))
    return fixed


def unlocked(changes: Sequence[CellChange], locked: Collection[tuple[str, date]]
             ) -> tuple[list[CellChange], int]:
    """The changes that touch no locked day, and how many were held back by a lock (the
    dialogs say so, so that a pattern that changed less than asked is not a mystery)."""
    kept = [change for change in changes if (change[0], change[1]) not in locked]
    return kept, len(changes) - len(kept)


def _office(cell: Cell) -> bool:
    return Status.OFFICE in (cell.am, cell.pm)
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

    def changes(self, people: Sequence[Person], cell_of: CellOf, policy: Policy,
                adjustments: Collection[Adjustment] = ()) -> list[CellChange]:
        """Working days only, as the rule engine decides them (cycles, records by date); no
        office day on a fixed home day of `adjustments`."""
        chosen = self.days()
        fixed = fixed_home_days(adjustments)
        found: list[CellChange] = []
        if self.last < self.first:
            return found
        working = working_time(people, policy, self.first, self.last).seconds > 0
        for row, person in enumerate(people):
            for column in range((self.last - self.first).days + 1):
                day = self.first + timedelta(days=column)
                wanted = self.status if day in chosen else self.others
                if wanted is None or not working[row, column] or (
                        wanted is Status.OFFICE and fixed(person.staff_id, day)):
                    continue
                now = cell_of(person.staff_id, day)
                if now != Cell.whole(wanted) and (self.overwrite_absence or not _absent(now)):
                    found.append((person.staff_id, day, Cell.whole(wanted)))
        return found


def copy_week(people: Sequence[Person], week_start: date, weeks: int, cell_of: CellOf,
              policy: Policy, *, overwrite_absence: bool = False,
              adjustments: Collection[Adjustment] = ()) -> list[CellChange]:
    """Copy each person's week starting `week_start` onto the next `weeks` weeks.

    Unplanned days are copied as unplanned; leave and sickness are not copied (they are
    one-off), and days off and planned absences in the target weeks are left alone, as is a
    fixed home day of `adjustments` that the copy would put in the office.
    """
    fixed = fixed_home_days(adjustments)
    monday = week_start - timedelta(days=week_start.weekday())
    last = monday + timedelta(weeks=weeks + 1, days=-1)
    found: list[CellChange] = []
    working = working_time(people, policy, monday, last).seconds > 0
    for row, person in enumerate(people):
        source = [cell_of(person.staff_id, monday + timedelta(days=i)) for i in range(7)]
        for week in range(1, weeks + 1):
            for offset, cell in enumerate(source):
                day = monday + timedelta(weeks=week, days=offset)
                if _absent(cell) or not working[row, 7 * week + offset] or (
                        _office(cell) and fixed(person.staff_id, day)):
                    continue
                now = cell_of(person.staff_id, day)
                if now != cell and (overwrite_absence or not _absent(now)):
                    found.append((person.staff_id, day, cell))
    return found
