"""The rule engine: does a planned rota meet the policy and everyone's arrangements, and why not.

Arithmetic is exact. Working time is held in whole seconds and every share is scaled by a common
denominator, so "office + unplanned < share × available" is a comparison of integers: no float
ever decides whether someone is short of the minimum.

A full check is a handful of vectorised passes over (people × days) matrices. After an edit,
`recheck` recomputes only the scopes the edited cells can affect (that person's period and day,
that location-day, that coverage-day), which keeps the GUI's feedback well under one frame.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from functools import cache, partial
from math import lcm
from typing import Protocol

import numpy as np

from deskplan.domain.calendar import (
    describe_day,
    describe_period,
    period_end,
    period_start,
    periods,
)
from deskplan.domain.conflicts import Conflict, RuleId
from deskplan.domain.durations import format_hours, format_share
from deskplan.domain.errors import DeskplanError
from deskplan.domain.model import (
    WEEKDAY_FULL_NAMES,
    Adjustment,
    AdjustmentKind,
    Person,
    Status,
)
from deskplan.domain.policy import Policy, Rule, fold
from deskplan.domain.working_time import CLOSURE, coverage_days, days_off, working_seconds

ScopeKey = tuple[str | int, ...]

_ON_SITE_PHRASE = {
    Status.OFFICE: "in the office",
    Status.HOME: "working from home",
    Status.TRAINING: "on training",
}
_MAX_DAYS_LISTED = 5
_ROW_BLOCK = 512
_SUMS = 6  # available, office, unplanned, scaled required, cap, unplanned outside fixed days
# The scaled requirement of a month must fit 64-bit sums with room to spare.
_MAX_SCALE = 2**62 // (86_400 * 366)
_PRIVATE_LABEL = "an individual arrangement"


class RotaSource(Protocol):
    """What the checker needs of a rota: statuses for some people over some days."""

    def matrix(self, staff_ids: list[str], first: date, last: date) -> np.ndarray: ...


@dataclass(frozen=True)
class PeriodTotals:
    """One person's time in one measurement period, in seconds."""

    first: date
    last: date
    available: int
    office: int
    unplanned: int
    required: Fraction
    # Unplanned time that could still go to the office: not on a fixed home day.
    unplanned_open: int

    @property
    def meets_minimum(self) -> bool:
        """True when the plan as it stands already reaches the minimum."""
        return self.office >= self.required

    @property
    def can_meet_minimum(self) -> bool:
        """False once even planning every unplanned day that may be an office day (not a fixed
        home day) in the office would not be enough."""
        return self.office + self.unplanned_open >= self.required


@dataclass(frozen=True)
class Delta:
    """What an edit changed in the list of conflicts."""

    removed: tuple[Conflict, ...]
    added: tuple[Conflict, ...]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _sentence_start(text: str) -> str:
    return text[:1].upper() + text[1:]


def _list_days(days: list[date]) -> str:
    shown = ", ".join(describe_day(d) for d in days[:_MAX_DAYS_LISTED])
    extra = len(days) - _MAX_DAYS_LISTED
    return f"{shown} and {extra} more" if extra > 0 else shown


class Checker:
    """Checks one team's rota over the periods that meet `first`..`last`, and keeps the result
    up to date after edits.

    The checker reads the rota it is given; after changing cells, call `recheck` with them.
    `private=True` words messages without the kind or reference of anyone's arrangement, for
    documents shared beyond the manager.
    """

    def __init__(
        self,
        people: Sequence[Person],
        policy: Policy,
        adjustments: Iterable[Adjustment],
        rota_source: RotaSource,
        first: date,
        last: date,
        *,
        private: bool = False,
    ) -> None:
        if last < first:
            raise ValueError("the range to check ends before it starts")
        self.people = list(people)
        self.policy = policy
        # Periods are always whole: "the week of 6 January" means all of it, so a range that
        # starts or ends mid-period is widened rather than judged on a fragment.
        self.first = period_start(first, policy.period)
        self.last = period_end(last, policy.period)
        first, last = self.first, self.last
        self.private = private
        self._rota = rota_source
        self._ids = [p.staff_id for p in self.people]
        self._row = {staff_id: i for i, staff_id in enumerate(self._ids)}
        self._labels = [(p.staff_id, p.location or None, p.role or None) for p in self.people]
        self._days = (last - first).days + 1
        self._adjustments: list[list[Adjustment]] = [[] for _ in self.people]
        for adjustment in adjustments:
            row = self._row.get(adjustment.staff_id)
            if row is not None:
                self._adjustments[row].append(adjustment)

        self._periods = periods(first, last, policy.period)
        starts = [(p_first - first).days for p_first, _ in self._periods]
        self._period_starts = np.array(starts, dtype=np.intp)
        lengths = np.diff([*starts, self._days])
        self._period_of_day = np.repeat(np.arange(len(self._periods)), lengths)

        self._categories = [p.category or policy.category_for_role(p.role) for p in self.people]
        rule_of = cache(policy.rule_for)  # thousands of people share a few category-locations
        self._rules = [
            rule_of(category, p.location) if category else None
            for p, category in zip(self.people, self._categories, strict=True)
        ]
        self._holidays = {
            nation: days_off(policy, nation, first, last)
            for nation in {p.nation for p in self.people} | {policy.default_nation}
        }
        self._scale = lcm(
            1,
            *(r.share.denominator for r in policy.rules),
            *(a.share.denominator for rows in self._adjustments for a in rows if a.share),
        )
        if self._scale > _MAX_SCALE:
            raise DeskplanError(
                "the policy's and arrangements' shares are too finely divided to be added up "
                "exactly; write each share with at most 4 decimal places, or as a ratio such "
                "as 2/3"
            )
        self._seconds = working_seconds(self.people, policy, first, last, self._holidays)
        self._share, self._fixed = self._shares_and_fixed_days()
        self._capacity = {fold(place.name): place.capacity for place in policy.locations
                          if place.capacity is not None}
        self._location_rows = self._rows_by_location()
        self._coverage_rows = [
            np.array([i for i, p in enumerate(self.people) if fold(p.role) == fold(rule.role)],
                     dtype=np.intp)
            for rule in policy.coverage
        ]
        self._coverage_days = coverage_days(policy, first, last)
        self._scopes: dict[ScopeKey, tuple[Conflict, ...]] = {}
        self._check_all()

    # --- public -------------------------------------------------------------------------------
    @property
    def conflicts(self) -> list[Conflict]:
        """Every current conflict, errors first, then by date and person."""
        found = [c for scope in self._scopes.values() for c in scope]
        return sorted(found, key=lambda c: c.sort_key)

    @property
    def period_ranges(self) -> list[tuple[date, date]]:
        return list(self._periods)

    def totals(self, staff_id: str, period: int) -> PeriodTotals:
        """Office, unplanned, available and required time of one person in one period."""
        sums, _ = self._one_period(self._row[staff_id], period)
        return self._make_totals(period, sums)

    def totals_by_person(
        self, staff_ids: Sequence[str] | None = None
    ) -> dict[str, list[PeriodTotals]]:
        """Every period's totals for many people in one vectorised pass (for reports and grids)."""
        ids = list(self._ids if staff_ids is None else staff_ids)
        rows = np.array([self._row[staff_id] for staff_id in ids], dtype=np.intp)
        status = self._statuses(rows, 0, self._days)
        sums = self._period_sums(rows, 0, self._days, self._period_starts, status)
        table = sums.transpose(1, 2, 0).tolist()
        return {
            staff_id: [self._make_totals(period, values) for period, values in enumerate(periods)]
            for staff_id, periods in zip(ids, table, strict=True)
        }

    def recheck(self, cells: Iterable[tuple[str, date]]) -> Delta:
        """Re-run only the rules the changed cells can affect; return what changed."""
        scopes: set[ScopeKey] = set()
        for staff_id, day in cells:
            row = self._row.get(staff_id)
            if row is None or not self.first <= day <= self.last:
                continue
            column = (day - self.first).days
            scopes.add(("person-period", row, int(self._period_of_day[column])))
            scopes.add(("person-day", row, column))
            location = fold(self.people[row].location)
            if location in self._location_rows:
                scopes.add(("location-day", location, column))
            if self._coverage_rows:
                scopes.add(("coverage-day", column))
        removed: list[Conflict] = []
        added: list[Conflict] = []
        for scope in scopes:
            before = self._scopes.get(scope, ())
            after = self._evaluate(scope)
            if before != after:
                removed.extend(before)
                added.extend(after)
                self._store(scope, after)
        return Delta(tuple(removed), tuple(added))

    # --- set-up -------------------------------------------------------------------------------
    def _shares_and_fixed_days(self) -> tuple[np.ndarray, np.ndarray]:
        """Scaled share per person-day (most lenient arrangement wins) and fixed home days."""
        n, d = len(self.people), self._days
        # 32-bit products of share and seconds when they cannot overflow, else 64-bit.
        dtype = np.int32 if self._scale * 86_400 < 2**31 else np.int64
        scaled = {id(r): int(r.share * self._scale) for r in self.policy.rules}
        base = np.array([scaled[id(r)] if r else 0 for r in self._rules], dtype=dtype)
        share = np.repeat(base[:, None], d, axis=1) if n else np.zeros((0, d), dtype=dtype)
        fixed = np.zeros((n, d), dtype=bool)
        weekday_of_column = (self.first.weekday() + np.arange(d)) % 7
        for row, arrangements in enumerate(self._adjustments):
            for adjustment in arrangements:
                if not adjustment.overlaps(self.first, self.last):
                    continue
                lo = self._clip_column(adjustment.start)
                hi = self._clip_column(adjustment.end or self.last) + 1
                if adjustment.kind is AdjustmentKind.EXEMPT:
                    share[row, lo:hi] = 0
                elif adjustment.kind is AdjustmentKind.REDUCED_SHARE:
                    assert adjustment.share is not None
                    lowered = int(adjustment.share * self._scale)
                    np.minimum(share[row, lo:hi], lowered, out=share[row, lo:hi])
                else:
                    fixed[row, lo:hi] |= np.isin(weekday_of_column[lo:hi],
                                                 list(adjustment.weekdays))
        effective = self.policy.effective_from
        if effective:
            share[:, : max(0, (effective - self.first).days)] = 0
        fixed &= self._seconds > 0
        return share, fixed

    def _rows_by_location(self) -> dict[str, np.ndarray]:
        """Rows of the people at each location that has a desk capacity."""
        rows: dict[str, list[int]] = {}
        for i, person in enumerate(self.people):
            key = fold(person.location)
            if key in self._capacity:
                rows.setdefault(key, []).append(i)
        return {key: np.array(found, dtype=np.intp) for key, found in rows.items()}

    def _clip_column(self, day: date) -> int:
        return min(max((day - self.first).days, 0), self._days - 1)

    def _period_columns(self, period: int) -> tuple[int, int]:
        p_first, p_last = self._periods[period]
        return (p_first - self.first).days, (p_last - self.first).days + 1

    # --- the rules ----------------------------------------------------------------------------
    def _statuses(self, rows: np.ndarray, lo: int, hi: int) -> np.ndarray:
        ids = [self._ids[r] for r in rows.tolist()]
        day_lo = self.first + timedelta(days=lo)
        return self._rota.matrix(ids, day_lo, day_lo + timedelta(days=hi - lo - 1))

    def _period_sums(
        self,
        rows: np.ndarray | slice,
        lo: int,
        hi: int,
        starts: np.ndarray,
        statuses: np.ndarray,
    ) -> np.ndarray:
        """Per row and period: available, office, unplanned, scaled required, and cap seconds.

        Rows are summed in blocks so that the temporaries stay small: fresh multi-megabyte
        arrays cost more in page faults than the arithmetic on them.
        """
        count = statuses.shape[0]
        sums = np.zeros((_SUMS, count, len(starts)), dtype=np.int64)
        if statuses.shape[1] == 0:
            return sums
        ends = np.append(starts[1:], statuses.shape[1]) - 1
        for r0 in range(0, count, _ROW_BLOCK):
            r1 = min(r0 + _ROW_BLOCK, count)
            block = slice(r0, r1)
            rows_block = (slice((rows.start or 0) + r0, (rows.start or 0) + r1)
                          if isinstance(rows, slice) else rows[block])
            self._block_sums(rows_block, lo, hi, ends, statuses[block], sums[:, block])
        return sums

    def _block_sums(
        self,
        rows: np.ndarray | slice,
        lo: int,
        hi: int,
        ends: np.ndarray,
        status: np.ndarray,
        out: np.ndarray,
    ) -> None:
        """Day values stay 32-bit (a day is at most 86,400 s and a scaled share is bounded when
        the checker is built); running totals read at each period's last day are 64-bit."""
        seconds = self._seconds[rows, lo:hi]
        available = np.where((status == Status.LEAVE) | (status == Status.SICK), 0, seconds)
        in_office = status == Status.OFFICE
        if self.policy.training_counts_as_office:
            in_office |= status == Status.TRAINING
        for k, values in enumerate((
            available,
            np.where(in_office, available, 0),
            np.where(status == Status.UNPLANNED, available, 0),
            self._share[rows, lo:hi] * available,
            np.where(self._fixed[rows, lo:hi], 0, available),
            np.where((status == Status.UNPLANNED) & ~self._fixed[rows, lo:hi], available, 0),
        )):
            running = np.cumsum(values, axis=1, dtype=np.int64)
            out[k] = running[:, ends]
            out[k, :, 1:] -= running[:, ends[:-1]]

    def _one_period(self, row: int, period: int) -> tuple[np.ndarray, np.ndarray]:
        """Sums for one person-period, and their statuses laid on the checker's columns."""
        lo, hi = self._period_columns(period)
        rows = np.array([row])
        status = self._statuses(rows, lo, hi)
        sums = self._period_sums(rows, lo, hi, np.array([0]), status)[:, 0, 0]
        laid_out = np.zeros(self._days, dtype=np.uint8)
        laid_out[lo:hi] = status[0]
        return sums, laid_out

    def _make_totals(self, period: int, sums: Sequence[int] | np.ndarray) -> PeriodTotals:
        available, office, unplanned, required_scaled, cap, unplanned_open = (int(v) for v in sums)
        required = min(Fraction(required_scaled, self._scale), Fraction(cap))
        p_first, p_last = self._periods[period]
        return PeriodTotals(p_first, p_last, available, office, unplanned, required,
                            unplanned_open)

    def _check_all(self) -> None:
        rows = np.arange(len(self.people), dtype=np.intp)
        status = self._statuses(rows, 0, self._days)
        sums = self._period_sums(slice(None), 0, self._days, self._period_starts, status)
        _available, office, unplanned, required_scaled, cap, unplanned_open = sums
        short = ((office + unplanned_open) * self._scale
                 < np.minimum(required_scaled, cap * self._scale))
        flagged = np.nonzero(short | (unplanned > 0))
        for row, period, values in zip(*(a.tolist() for a in flagged),
                                       sums[:, flagged[0], flagged[1]].T.tolist(), strict=True):
            scope = ("person-period", row, period)
            self._store(scope, self._person_period(row, period, values, status[row]))

        on_site = (status == Status.OFFICE) | (status == Status.HOME) | (status == Status.TRAINING)
        day_off = on_site & (self._seconds == 0)
        rows_off, columns_off = np.nonzero(day_off)
        for row, column, value in zip(rows_off.tolist(), columns_off.tolist(),
                                      status[rows_off, columns_off].tolist(), strict=True):
            self._store(("person-day", row, column),
                        (self._non_working_conflict(row, column, Status(value)),))
        for row, column in np.argwhere((status == Status.OFFICE) & self._fixed).tolist():
            self._store(("person-day", row, column), (self._breach_conflict(row, column),))

        in_office = status == Status.OFFICE
        for location, members in self._location_rows.items():
            capacity = self._capacity[location]
            counts = in_office[members].sum(axis=0)
            for column in np.flatnonzero(counts > (capacity or 0)).tolist():
                scope = ("location-day", location, column)
                self._store(scope, self._location_day(location, column, int(counts[column])))

        if self.policy.coverage:
            counts = np.stack([in_office[members].sum(axis=0) for members in self._coverage_rows])
            minimums = np.array([rule.min_in_office for rule in self.policy.coverage])[:, None]
            below = (counts < minimums) & self._coverage_days
            for column in np.flatnonzero(below.any(axis=0)).tolist():
                self._store(("coverage-day", column),
                            self._coverage_day(column, counts[:, column].tolist()))

        for row in range(len(self.people)):
            self._store(("person", row), self._person(row))

    def _evaluate(self, scope: ScopeKey) -> tuple[Conflict, ...]:
        """Recompute one scope from the rota as it is now."""
        kind = scope[0]
        if kind == "person-period":
            row, period = int(scope[1]), int(scope[2])
            sums, laid_out = self._one_period(row, period)
            return self._person_period(row, period, sums.tolist(), laid_out)
        if kind == "person-day":
            row, column = int(scope[1]), int(scope[2])
            status = self._statuses(np.array([row]), column, column + 1)[0, 0]
            return self._person_day(row, column, Status(int(status)))
        if kind == "location-day":
            location, column = str(scope[1]), int(scope[2])
            members = self._location_rows[location]
            count = int((self._statuses(members, column, column + 1) == Status.OFFICE).sum())
            return self._location_day(location, column, count)
        column = int(scope[1])
        counts = [
            int((self._statuses(members, column, column + 1) == Status.OFFICE).sum())
            for members in self._coverage_rows
        ]
        return self._coverage_day(column, counts)

    def _store(self, scope: ScopeKey, found: tuple[Conflict, ...]) -> None:
        if found:
            self._scopes[scope] = found
        else:
            self._scopes.pop(scope, None)

    # --- per-scope rules and their messages ---------------------------------------------------
    def _person_period(
        self, row: int, period: int, sums: list[int], status_row: np.ndarray
    ) -> tuple[Conflict, ...]:
        """Below-minimum and unplanned for one person-period, decided in integers.

        Messages are written only when read (see `Conflict`), from the same snapshot.
        """
        _available, office, unplanned, required_scaled, cap, unplanned_open = sums
        p_first, p_last = self._periods[period]
        found: list[Conflict] = []
        if (office + unplanned_open) * self._scale < min(required_scaled, cap * self._scale):
            totals = partial(self._make_totals, period, sums)
            found.append(self._conflict(
                RuleId.BELOW_MINIMUM, row, p_first, p_last,
                lambda: self._below_minimum_message(row, period, totals(), status_row),
            ))
        if unplanned:
            found.append(self._conflict(
                RuleId.UNPLANNED, row, p_first, p_last,
                partial(self._unplanned_message, row, period, status_row),
            ))
        return tuple(found)

    def _unplanned_message(self, row: int, period: int, status_row: np.ndarray) -> str:
        lo, hi = self._period_columns(period)
        days = [
            self.first + timedelta(days=c)
            for c in range(lo, hi)
            if status_row[c] == Status.UNPLANNED and self._seconds[row, c]
        ]
        p_first, p_last = self._periods[period]
        return (
            f"{self.people[row].name} has {_plural(len(days), 'working day')} not yet planned in "
            f"{describe_period(p_first, p_last, self.policy.period)}: {_list_days(days)}."
        )

    def _below_minimum_message(
        self, row: int, period: int, totals: PeriodTotals, status_row: np.ndarray
    ) -> str:
        person = self.people[row]
        lo, hi = self._period_columns(period)
        available_columns = [
            c for c in range(lo, hi)
            if self._seconds[row, c] and not Status(int(status_row[c])).is_absence
        ]
        lengths = {int(self._seconds[row, c]) for c in available_columns}
        when = describe_period(totals.first, totals.last, self.policy.period)
        basis = self._share_explanation(row, available_columns, totals)
        if len(lengths) == 1:
            length = lengths.pop()
            office_days, unplanned_days = totals.office // length, totals.unplanned_open // length
            needed = -(-totals.required // length)
            planned = _plural(office_days, "office day")
            if unplanned_days:
                planned += (f" and {_plural(unplanned_days, 'unplanned day')}, "
                            f"so at most {office_days + unplanned_days}")
            return (
                f"{person.name} has {planned} in {when}; needs {needed} of "
                f"{_plural(len(available_columns), 'available day')} ({basis})."
            )
        planned = f"{format_hours(totals.office)} in the office"
        if totals.unplanned_open:
            planned += (f" and {format_hours(totals.unplanned_open)} unplanned, so at most "
                        f"{format_hours(totals.office + totals.unplanned_open)}")
        return f"{person.name} has {planned} in {when}; needs {basis}."

    def _share_explanation(
        self, row: int, columns: list[int], totals: PeriodTotals
    ) -> str:
        """Where the requirement comes from: the policy rule, an arrangement, or a mix."""
        groups: dict[tuple[Fraction, str], int] = {}
        for column in columns:
            key = self._share_source(row, self.first + timedelta(days=column))
            groups[key] = groups.get(key, 0) + 1
        uncapped = Fraction(sum(int(self._share[row, c] * self._seconds[row, c]) for c in columns),
                            self._scale)
        head = f"{format_hours(totals.required)} of {format_hours(totals.available)}"
        if len(groups) == 1:
            (share, label), = groups
            text = f"{head}: {format_share(share)} under {label}"
        else:
            parts = [
                f"{format_share(share)} under {label} on {_plural(count, 'day')}"
                for (share, label), count in groups.items()
            ]
            text = f"{head}: {'; '.join(parts)}"
        if totals.required < uncapped:
            period_days = [self.first + timedelta(days=c) for c in columns]
            text += ("; no more than the time available outside fixed home days under "
                     f"{self._arrangement_label(self._fixed_home_arrangement(row, period_days))}")
        return text

    def _share_source(self, row: int, day: date) -> tuple[Fraction, str]:
        effective = self.policy.effective_from
        if effective and day < effective:
            return Fraction(0), f"no minimum before the policy starts on {describe_day(effective)}"
        rule: Rule | None = self._rules[row]
        share, label = (rule.share, rule.describe()) if rule else (Fraction(0), "no policy rule")
        for adjustment in self._adjustments[row]:
            if not adjustment.active_on(day):
                continue
            if adjustment.kind is AdjustmentKind.EXEMPT:
                candidate = Fraction(0)
            elif adjustment.kind is AdjustmentKind.REDUCED_SHARE and adjustment.share is not None:
                candidate = adjustment.share
            else:
                continue
            if candidate < share:
                share, label = candidate, self._arrangement_label(adjustment)
        return share, label

    def _fixed_home_arrangement(self, row: int, days: list[date]) -> Adjustment | None:
        """The fixed-home-days arrangement that holds on any of `days`."""
        return next(
            (a for a in self._adjustments[row] if a.kind is AdjustmentKind.FIXED_HOME_DAYS
             and any(a.active_on(day) and day.weekday() in a.weekdays for day in days)),
            None,
        )

    def _arrangement_label(self, adjustment: Adjustment | None) -> str:
        if adjustment is None or self.private:
            return _PRIVATE_LABEL
        return adjustment.name

    def _person_day(self, row: int, column: int, status: Status) -> tuple[Conflict, ...]:
        if status in _ON_SITE_PHRASE and not self._seconds[row, column]:
            return (self._non_working_conflict(row, column, status),)
        if status is Status.OFFICE and self._fixed[row, column]:
            return (self._breach_conflict(row, column),)
        return ()

    def _non_working_conflict(self, row: int, column: int, status: Status) -> Conflict:
        day = self.first + timedelta(days=column)
        return self._conflict(RuleId.NON_WORKING_DAY, row, day, day,
                              partial(self._non_working_message, row, day, status))

    def _breach_conflict(self, row: int, column: int) -> Conflict:
        day = self.first + timedelta(days=column)
        return self._conflict(RuleId.ADJUSTMENT_BREACHED, row, day, day,
                              partial(self._breach_message, row, day))

    def _non_working_message(self, row: int, day: date, status: Status) -> str:
        person = self.people[row]
        return (
            f"{person.name} is planned {_ON_SITE_PHRASE[status]} on {describe_day(day)}, "
            f"which is not a working day for them: {self._day_off_reason(person, day)}."
        )

    def _breach_message(self, row: int, day: date) -> str:
        adjustment = next(
            (a for a in self._adjustments[row]
             if a.kind is AdjustmentKind.FIXED_HOME_DAYS and a.active_on(day)
             and day.weekday() in a.weekdays),
            None,
        )
        return (
            f"{self.people[row].name} is planned in the office on {describe_day(day)}, a fixed "
            f"home day under {self._arrangement_label(adjustment)}."
        )

    def _day_off_reason(self, person: Person, day: date) -> str:
        if person.start_date and day < person.start_date:
            return f"they start on {describe_day(person.start_date)}"
        if person.end_date and day > person.end_date:
            return f"they left on {describe_day(person.end_date)}"
        holiday = self._holidays[person.nation].get(day)
        if holiday == CLOSURE:
            return "the organisation is closed that day"
        if holiday:
            return f"{holiday} is a bank holiday in {person.nation.label}"
        return f"they do not work on {WEEKDAY_FULL_NAMES[day.weekday()]}s"

    def _location_day(self, location: str, column: int, count: int) -> tuple[Conflict, ...]:
        name = self.people[self._location_rows[location][0]].location
        capacity = self._capacity[location]
        if count <= capacity:
            return ()
        day = self.first + timedelta(days=column)
        return (Conflict(
            RuleId.OVER_CAPACITY,
            f"{count} people are planned in the office at {name} on {describe_day(day)}; "
            f"it has {_plural(capacity, 'desk')}.",
            day, day, location=name,
        ),)

    def _coverage_day(self, column: int, counts: list[int]) -> tuple[Conflict, ...]:
        day = self.first + timedelta(days=column)
        found = []
        for rule, mask, count in zip(self.policy.coverage, self._coverage_days, counts,
                                     strict=True):
            if mask[column] and count < rule.min_in_office:
                who = {0: "No one", 1: "Only 1 person"}.get(count, f"Only {count} people")
                verb = "are" if count > 1 else "is"
                found.append(Conflict(
                    RuleId.BELOW_COVERAGE,
                    f"{who} with the role {rule.role!r} {verb} planned in the office on "
                    f"{describe_day(day)}; the policy needs at least {rule.min_in_office}.",
                    day, day, role=rule.role,
                ))
        return tuple(found)

    def _person(self, row: int) -> tuple[Conflict, ...]:
        """Rules about the person rather than the plan: classification and reviews."""
        person = self.people[row]
        found: list[Conflict] = []
        if not self._categories[row]:
            title = f"'{person.role}'" if person.role else "their job title"
            found.append(self._conflict(
                RuleId.UNCLASSIFIED, row, self.first, self.last,
                f"{person.name} has no policy category, so no minimum is checked for them; "
                f"classify {title} in the policy's role map.",
            ))
        elif self._rules[row] is None:
            where = f" at {person.location}" if person.location else ""
            found.append(self._conflict(
                RuleId.NO_RULE, row, self.first, self.last,
                f"No policy rule covers {person.name} ({self._categories[row]}{where}), so no "
                "minimum is checked for them.",
            ))
        for adjustment in self._adjustments[row]:
            review = adjustment.review_date
            if review and review <= self.last and adjustment.overlaps(self.first, self.last):
                found.append(self._conflict(
                    RuleId.REVIEW_DUE, row, review, review,
                    f"{_sentence_start(self._arrangement_label(adjustment))} for {person.name} is "
                    f"due for review on {describe_day(review)}.",
                ))
        return tuple(found)

    def _conflict(
        self, rule: RuleId, row: int, start: date, end: date, message: str | Callable[[], str]
    ) -> Conflict:
        staff_id, location, role = self._labels[row]
        return Conflict(rule, message, start, end, staff_id=staff_id, location=location,
                        role=role)
