"""An independent model of the rules, one person and one day at a time, in plain Fractions.

It is written from the texts of issues 9 and 10 ("Semantics, settled"), the README's rules
table and the range semantics of `deskplan.domain.engine`, not from the engine's code: the
property tests hold the engine equal to it, so a mistake must be made twice, in two different
shapes (vectorised integer matrices there, a slow loop over days here), to go unnoticed.

It reads the inputs only through their data (a person's records, a pattern's day lengths, a
rota's cells, a policy's fields) and decides everything else itself: which record is in force,
which day is worked, which rule applies, what is required, what is a conflict.

Conflicts are compared by key: (rule, who, start, end) where *who* is the staff id for a rule
about a person, the folded site for `over-capacity`, the folded role for `below-coverage` and
empty for the policy-wide `pro-rata-warning`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from functools import cache

import holidays

from deskplan.domain.model import (
    Adjustment,
    AdjustmentKind,
    Cell,
    Nation,
    Person,
    Status,
    Terms,
    WorkingPattern,
)
from deskplan.domain.policy import Measure, PeriodKind, Policy, Rule

HALF = Fraction(1, 2)
_SUBDIVISION = {Nation.ENGLAND: "ENG", Nation.WALES: "WLS", Nation.SCOTLAND: "SCT",
                Nation.NORTHERN_IRELAND: "NIR"}
_A_MONDAY = date(2001, 1, 1)

Key = tuple[str, str, date, date]


def fold(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def days(first: date, last: date) -> Iterator[date]:
    for offset in range((last - first).days + 1):
        yield first + timedelta(days=offset)


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


# --- the calendar -----------------------------------------------------------------------------
@cache
def weekday_bank_holidays(nation: Nation, year: int) -> frozenset[date]:
    """The days off the official list gives: the package also lists a weekend date beside the
    weekday it moves to, and only the weekday is a day off (issue 9)."""
    found = holidays.country_holidays("GB", subdiv=_SUBDIVISION[nation], years=year)
    return frozenset(day for day in found if day.weekday() < 5)


def is_bank_holiday(nation: Nation, day: date) -> bool:
    return day in weekday_bank_holidays(nation, day.year)


def periods_of(policy: Policy, first: date, last: date) -> list[tuple[date, date]]:
    """The whole periods that meet the range; for a rolling minimum the windows of
    `rolling_weeks` weeks that end in one of its weeks."""
    kind = policy.period
    if kind in (PeriodKind.WEEK, PeriodKind.ROLLING):
        weeks = [(start, start + timedelta(days=6))
                 for start in (monday(first) + timedelta(weeks=i)
                               for i in range((monday(last) - monday(first)).days // 7 + 1))]
        if kind is PeriodKind.WEEK:
            return weeks
        assert policy.rolling_weeks
        back = timedelta(weeks=policy.rolling_weeks - 1)
        return [(start - back, end) for start, end in weeks]
    months = 3 if kind is PeriodKind.QUARTER else 1
    found = []
    year, month = first.year, (first.month - 1) // months * months + 1
    while date(year, month, 1) <= last:
        next_year, next_month = (year + 1, 1) if month + months > 12 else (year, month + months)
        found.append((date(year, month, 1), date(next_year, next_month, 1) - timedelta(days=1)))
        year, month = next_year, next_month
    return found


def judged_weeks(first: date, last: date) -> list[tuple[date, date]]:
    """The ISO weeks of the range itself (what a rolling policy judges weekly)."""
    start, found = monday(first), []
    while start <= last:
        found.append((start, start + timedelta(days=6)))
        start += timedelta(weeks=1)
    return found


# --- a person's working time ------------------------------------------------------------------
def records(person: Person) -> list[tuple[date | None, Terms]]:
    current = Terms(person.role, person.category, person.location, person.nation,
                    person.pattern, person.bank_holidays_worked)
    return [*person.earlier, (person.since, current)]


def terms_on(person: Person, day: date) -> Terms:
    """The record in force: the latest one dated on or before the day; before every date, the
    earliest record."""
    timeline = records(person)
    found = timeline[0][1]
    for when, terms in timeline:
        if when is None or when <= day:
            found = terms
    return found


def pattern_seconds(pattern: WorkingPattern, day: date) -> int:
    """The cycle repeats both ways from its start (a Monday for weeks; any day for a roster;
    any Monday for a single week)."""
    start = pattern.cycle_start or _A_MONDAY
    return pattern.seconds[(day - start).days % len(pattern.seconds)]


def employed(person: Person, day: date) -> bool:
    return (person.start_date is None or person.start_date <= day) and (
        person.end_date is None or day <= person.end_date)


def worked_seconds(policy: Policy, person: Person, day: date) -> int:
    """Contracted seconds on a working day; 0 on any day off."""
    if not employed(person, day) or day in policy.closures:
        return 0
    terms = terms_on(person, day)
    if (is_bank_holiday(terms.nation, day) and not terms.bank_holidays_worked
            and day not in policy.working_bank_holidays):
        return 0
    return pattern_seconds(terms.pattern, day)


def category_of(policy: Policy, terms: Terms) -> str | None:
    if terms.category:
        return terms.category
    for title, category in policy.role_map.items():
        if fold(title) == fold(terms.role):
            return category
    return None


def rule_on(policy: Policy, category: str, location: str, day: date) -> Rule | None:
    """The most specific rule for the person in force on the day."""
    best: Rule | None = None
    for rule in policy.rules:
        if rule.category and fold(rule.category) != fold(category):
            continue
        if rule.location and fold(rule.location) != fold(location):
            continue
        if (rule.starts and day < rule.starts) or (rule.ends and day > rule.ends):
            continue
        rank = (2 if rule.category else 0) + (1 if rule.location else 0)
        if best is None or rank > (2 if best.category else 0) + (1 if best.location else 0):
            best = rule
    return best


# --- figures ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Verdict:
    """One person's minimum over one period, in the policy's unit (hours or days)."""

    first: date
    last: date
    checked: bool
    available: Fraction
    office: Fraction
    unplanned: Fraction
    still_open: Fraction
    required: Fraction
    most: Fraction | None

    @property
    def state(self) -> str:
        if not self.checked:
            return "not checked"
        if self.office >= self.required:
            return "met"
        if self.office + self.still_open >= self.required:
            return "can still be met"
        return "cannot be met"


@dataclass
class Reference:
    periods: list[tuple[date, date]]
    people: list[str]
    verdicts: dict[str, list[Verdict]] = field(default_factory=dict)
    conflicts: set[Key] = field(default_factory=set)


def round_up(value: Fraction, step: Fraction) -> Fraction:
    return math.ceil(value / step) * step


def plannable(halves: list[Fraction], most: Fraction) -> Fraction:
    """The most office time that whole halves can add up to without going over `most`: a cap
    lowers the minimum to it (what can be planned within the cap)."""
    reachable = {Fraction(0)}
    for amount in halves:
        reachable |= {total + amount for total in reachable if total + amount <= most}
    return max(reachable)


def round_down(value: Fraction, step: Fraction) -> Fraction:
    return math.floor(value / step) * step


class _Judge:
    def __init__(self, people: Sequence[Person], policy: Policy,
                 adjustments: Iterable[Adjustment], rota: object) -> None:
        self.policy = policy
        self.rota = rota
        self.adjustments: dict[str, list[Adjustment]] = {}
        for adjustment in adjustments:
            self.adjustments.setdefault(adjustment.staff_id, []).append(adjustment)
        self.people = people
        office = {Status.OFFICE}
        if policy.training_counts_as_office:
            office.add(Status.TRAINING)
        if policy.business_counts_as_office:
            office.add(Status.BUSINESS)
        self.office_like = frozenset(office)
        self.in_days = policy.measure is Measure.DAYS

    # --- one day of one person ----------------------------------------------------------------
    def cell(self, person: Person, day: date) -> Cell:
        return self.rota.cell(person.staff_id, day)  # type: ignore[attr-defined, no-any-return]

    def halves(self, person: Person, day: date) -> tuple[tuple[Status, str | None], ...]:
        cell = self.cell(person, day)
        return (cell.am, cell.am_site), (cell.pm, cell.pm_site)

    def active(self, person: Person, day: date, kind: AdjustmentKind) -> list[Adjustment]:
        return [a for a in self.adjustments.get(person.staff_id, ())
                if a.kind is kind and a.active_on(day)]

    def fixed_home(self, person: Person, day: date) -> bool:
        return any(day.weekday() in a.weekdays
                   for a in self.active(person, day, AdjustmentKind.FIXED_HOME_DAYS))

    def exempt(self, person: Person, day: date) -> bool:
        return bool(self.active(person, day, AdjustmentKind.EXEMPT))

    def weight(self, seconds: int) -> Fraction:
        """A whole day in the policy's unit."""
        return Fraction(1) if self.in_days else Fraction(seconds, 3600)

    def share_on(self, person: Person, day: date) -> Fraction | None:
        """The minimum share that day; None when no rule is in force for the person."""
        terms = terms_on(person, day)
        category = category_of(self.policy, terms)
        if category is None:
            return None
        rule = rule_on(self.policy, category, terms.location, day)
        if rule is None:
            return None
        share = rule.share
        if self.policy.effective_from and day < self.policy.effective_from:
            share = Fraction(0)
        if self.exempt(person, day):
            share = Fraction(0)
        for reduced in self.active(person, day, AdjustmentKind.REDUCED_SHARE):
            assert reduced.share is not None
            share = min(share, reduced.share)
        return share

    def available_days(self, person: Person, first: date, last: date
                       ) -> dict[date, tuple[int, Fraction]]:
        """Working days with some time not on leave or sick: (seconds, available amount)."""
        found = {}
        for day in days(first, last):
            seconds = worked_seconds(self.policy, person, day)
            if not seconds:
                continue
            amount = sum((HALF * self.weight(seconds) for status, _ in self.halves(person, day)
                          if status not in (Status.LEAVE, Status.SICK)), Fraction(0))
            if amount:
                found[day] = (seconds, amount)
        return found

    # --- the minimum --------------------------------------------------------------------------
    def verdict(self, person: Person, first: date, last: date) -> Verdict:
        available = office = unplanned = still_open = raw = outside_fixed = 0 * HALF
        cap_sum = 0 * HALF
        halves: list[Fraction] = []  # the available halves' amounts, to plan under a cap
        capped = False
        checked = False
        for day in days(first, last):
            # A cap is shown for every period the arrangement is in force on some day of (a
            # cap of 100% caps nothing).
            capped = capped or any(a.share is not None and a.share < 1 for a in
                                   self.active(person, day, AdjustmentKind.MAX_SHARE))
            seconds = worked_seconds(self.policy, person, day)
            if not seconds:
                continue
            share = self.share_on(person, day)
            if share is not None:
                checked = True
            fixed = self.fixed_home(person, day)
            caps = [a.share for a in self.active(person, day, AdjustmentKind.MAX_SHARE)]
            cap = min([Fraction(1), *(c for c in caps if c is not None)])
            for status, _ in self.halves(person, day):
                if status in (Status.LEAVE, Status.SICK):
                    continue
                amount = HALF * self.weight(seconds)
                available += amount
                if status in self.office_like:
                    office += amount
                if status is Status.UNPLANNED:
                    unplanned += amount
                    if not fixed:
                        still_open += amount
                raw += (share or 0) * amount
                if not fixed:
                    outside_fixed += amount
                cap_sum += cap * amount
                halves.append(amount)
        required = round_up(raw, self.policy.round_to) if self.in_days else raw
        required = min(required, outside_fixed, self.home_days_limit(person, first, last))
        most = None
        if capped:
            most = round_down(cap_sum, self.policy.round_to) if self.in_days else cap_sum
            required = min(required, most, plannable(halves, most))
        return Verdict(first, last, checked, available, office, unplanned, still_open,
                       required, most)

    def allowance_weeks(self, person: Person, first: date, last: date
                        ) -> Iterator[tuple[int, date, list[date]]]:
        """For each ISO week meeting first..last with a `home_days` allowance: how many days
        it keeps at home (the largest allowance in force that week) and the week's available
        working days on which an allowance is in force."""
        allowances = [a for a in self.adjustments.get(person.staff_id, ())
                      if a.kind is AdjustmentKind.FIXED_HOME_DAYS and a.home_days]
        for start, end in judged_weeks(first, last):
            week = [d for d in self.available_days(person, start, end)
                    if any(a.active_on(d) for a in allowances)]
            if week:
                needed = max(a.home_days or 0 for a in allowances if a.overlaps(start, end))
                yield needed, start, week

    def home_days_limit(self, person: Person, first: date, last: date) -> Fraction:
        """The most office time first..last can be asked for while every allowance week keeps
        its days at home, whichever days the person chooses (their choice, so their longest
        days are assumed at home, inside the period as far as the week allows). Fixed home
        days of the week count among the days at home."""
        available = self.available_days(person, first, last)
        limit = sum((amount for day, (_, amount) in available.items()
                     if not self.fixed_home(person, day)), Fraction(0))
        for needed, _, week in self.allowance_weeks(person, first, last):
            fixed = [d for d in week if self.fixed_home(person, d)]
            inside = sorted((available[d][1] for d in week
                             if d in available and d not in fixed), reverse=True)
            limit -= sum(inside[:max(0, needed - len(fixed))], Fraction(0))
        return limit

    # --- the pro-rata question ----------------------------------------------------------------
    def fewest_days(self, lengths: list[Fraction], shares: list[Fraction]) -> Fraction:
        """The fewest whole days (in days mode, multiples of round_to) that meet the rule."""
        needed = sum((s * w for s, w in zip(shares, lengths, strict=True)), Fraction(0))
        if self.in_days:
            return round_up(needed, self.policy.round_to)
        count, total = 0, Fraction(0)
        for length in sorted(lengths, reverse=True):
            if total >= needed:
                break
            total += length
            count += 1
        return Fraction(count)


def _holiday_free(policy: Policy, nation: Nation, day: date) -> bool:
    return not is_bank_holiday(nation, day) and day not in policy.closures


def reference(people: Sequence[Person], policy: Policy, adjustments: Iterable[Adjustment],
              rota: object, first: date, last: date) -> Reference:
    """Verdicts and conflict keys of `first`..`last`, as the issues define them."""
    judge = _Judge(people, policy, adjustments, rota)
    periods = periods_of(policy, first, last)
    span_first, span_last = periods[0][0], periods[-1][1]
    weekly = (judged_weeks(first, last) if policy.period is PeriodKind.ROLLING else periods)
    team = [p for p in people if any(employed(p, d) for d in days(span_first, span_last))]
    result = Reference(periods, [p.staff_id for p in team])
    found = result.conflicts
    in_range = list(days(first, last))

    for person in team:
        sid = person.staff_id
        result.verdicts[sid] = []
        for start, end in periods:
            if not any(employed(person, d) for d in days(start, end)):
                continue
            verdict = judge.verdict(person, start, end)
            result.verdicts[sid].append(verdict)
            if verdict.state == "cannot be met":
                found.add(("below-minimum", sid, start, end))
        _person_rules(judge, person, periods, weekly, first, last, found)
        _day_rules(judge, person, in_range, found)
    _site_rules(judge, team, in_range, found)
    _pro_rata(judge, team, periods, found)
    return result


def _person_rules(judge: _Judge, person: Person, periods: list[tuple[date, date]],
                  weekly: list[tuple[date, date]], first: date, last: date,
                  found: set[Key]) -> None:
    policy, sid = judge.policy, person.staff_id
    # About the person, not the plan: once over all the periods checked.
    span_first, span_last = periods[0][0], periods[-1][1]
    span = list(days(span_first, span_last))
    working = [d for d in span if worked_seconds(policy, person, d)]
    if any(category_of(policy, terms_on(person, d)) is None for d in working) or all(
            category_of(policy, terms_on(person, d)) is None for d in span):
        found.add(("unclassified", sid, span_first, span_last))
    if any(category_of(policy, terms_on(person, d)) is not None
           and judge.share_on(person, d) is None for d in working):
        found.add(("no-rule", sid, span_first, span_last))
    for start, end in weekly:
        if not any(employed(person, d) for d in days(start, end)):
            continue
        working = [d for d in days(start, end) if worked_seconds(policy, person, d)]
        if any(status is Status.UNPLANNED for d in working for status, _ in
               judge.halves(person, d)):
            found.add(("unplanned", sid, start, end))
        if any(_missed_anchor(judge, person, d) for d in working):
            found.add(("missed-anchor-day", sid, start, end))
        verdict = judge.verdict(person, start, end)
        if verdict.most is not None and verdict.office > verdict.most:
            found.add(("above-maximum", sid, start, end))
    # Home days are judged in every ISO week of the range, whatever the period: a day with
    # any half in the office, on training or on business elsewhere is not a day at home.
    for needed, start, week in judge.allowance_weeks(person, first, last):
        away = [d for d in week if any(
            status in (Status.OFFICE, Status.TRAINING, Status.BUSINESS)
            for status, _ in judge.halves(person, d))]
        if len(away) > max(0, len(week) - needed):
            found.add(("above-maximum", sid, start, start + timedelta(days=6)))
    for adjustment in judge.adjustments.get(sid, ()):
        if adjustment.review_date and adjustment.review_date <= last and \
                adjustment.overlaps(first, last):
            found.add(("review-due", sid, adjustment.review_date, adjustment.review_date))


def _missed_anchor(judge: _Judge, person: Person, day: date) -> bool:
    policy = judge.policy
    terms = terms_on(person, day)
    category = category_of(policy, terms)
    covered = any(day.weekday() in anchor.weekdays and all(
        not wanted or fold(wanted) == fold(actual) for wanted, actual in (
            (anchor.category, category), (anchor.location, terms.location),
            (anchor.role, terms.role))) for anchor in policy.anchors)
    if not covered or judge.fixed_home(person, day) or judge.exempt(person, day):
        return False
    present = [s for s, _ in judge.halves(person, day) if s not in (Status.LEAVE, Status.SICK)]
    if not present or any(s in judge.office_like for s in present):
        return False
    return Status.HOME in present and Status.UNPLANNED not in present


def _day_rules(judge: _Judge, person: Person, in_range: list[date], found: set[Key]) -> None:
    for day in in_range:
        statuses = [s for s, _ in judge.halves(person, day)]
        planned = [s for s in statuses if s not in (Status.UNPLANNED, Status.LEAVE, Status.SICK)]
        if planned and not worked_seconds(judge.policy, person, day):
            # One error for the day: working on a day off says it; a fixed home day that is
            # not a working day is not breached on top.
            found.add(("non-working-day", person.staff_id, day, day))
        elif Status.OFFICE in statuses and judge.fixed_home(person, day):
            found.add(("adjustment-breached", person.staff_id, day, day))


def _site_rules(judge: _Judge, team: list[Person], in_range: list[date],
                found: set[Key]) -> None:
    policy = judge.policy
    capacity = {fold(place.name): place.capacity for place in policy.locations
                if place.capacity is not None}
    for day in in_range:
        # People count at desks and for cover only on days they are employed, so that a
        # day's count never depends on the range it is seen in.
        present = [p for p in team if employed(p, day)]
        desks: dict[str, list[int]] = {}
        for person in present:
            base = terms_on(person, day).location
            for half, (status, site) in enumerate(judge.halves(person, day)):
                if status is Status.OFFICE:
                    desks.setdefault(fold(site or base), [0, 0])[half] += 1
        for site, (morning, afternoon) in desks.items():
            if site in capacity and max(morning, afternoon) > capacity[site]:
                found.add(("over-capacity", site, day, day))
        if day in policy.closures or (is_bank_holiday(policy.default_nation, day)
                                      and day not in policy.working_bank_holidays):
            continue
        for rule in policy.coverage:
            if day.weekday() not in rule.weekdays:
                continue
            counts = [0, 0]
            for person in present:
                if fold(terms_on(person, day).role) != fold(rule.role):
                    continue
                for half, (status, _) in enumerate(judge.halves(person, day)):
                    counts[half] += status is Status.OFFICE
            if min(counts) < rule.min_in_office:
                found.add(("below-coverage", fold(rule.role), day, day))


def _pro_rata(judge: _Judge, team: list[Person], periods: list[tuple[date, date]],
              found: set[Key]) -> None:
    """Issue 10: a part-time pattern's effective share of working days under the rules that
    apply to it (day by day, dated rules and `effective_from` included), against a standard
    full-time week in the same nation over the same periods. Bank holidays are days off on
    both sides (unless the organisation works them, or the part-timer's roster does)."""
    policy = judge.policy
    span_first, span_last = periods[0][0], periods[-1][1]
    records = {terms_on(p, d) for p in team for d in days(span_first, span_last)
               if employed(p, d)}
    full_day = Fraction(policy.full_time_seconds, 5)

    def off(nation: Nation, day: date) -> bool:
        return day in policy.closures or (is_bank_holiday(nation, day)
                                          and day not in policy.working_bank_holidays)

    for terms in records:
        category = category_of(policy, terms)
        if category is None or terms.pattern.weekly_seconds >= policy.full_time_seconds:
            continue

        def share_of(day: date, terms: Terms = terms, category: str = category) -> Fraction:
            if policy.effective_from and day < policy.effective_from:
                return Fraction(0)
            rule = rule_on(policy, category, terms.location, day)
            return rule.share if rule else Fraction(0)

        def own(day: date, terms: Terms = terms) -> Fraction:
            if day in policy.closures or (off(terms.nation, day)
                                          and not terms.bank_holidays_worked):
                return Fraction(0)
            return Fraction(pattern_seconds(terms.pattern, day))

        def standard(day: date, nation: Nation = terms.nation) -> Fraction:
            return Fraction(0) if day.weekday() > 4 or off(nation, day) else full_day

        shares = []
        for lengths_on in (own, standard):
            needed = worked = Fraction(0)
            for start, end in periods:
                lengths = [(lengths_on(d), share_of(d)) for d in days(start, end)]
                lengths = [(length, share) for length, share in lengths if length]
                needed += judge.fewest_days(
                    [Fraction(1) if judge.in_days else length / 3600 for length, _ in lengths],
                    [share for _, share in lengths])
                worked += len(lengths)
            shares.append(needed / worked if worked else None)
        mine, theirs = shares
        if mine is not None and theirs is not None and mine > theirs:
            found.add(("pro-rata-warning", "", span_first, span_last))
