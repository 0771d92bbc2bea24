"""Who the rounding falls on: the share of a pattern's working days a rule makes them spend in
the office, against a full-time week under the same rule — for one pattern (the engine's
pro-rata warning) and for a whole team grouped by working pattern (the fairness view).

This judges the rule, not anyone's plan: leave and sickness are left out, bank holidays of the
person's nation and the organisation's closures are days off, and each period asks for the
fewest whole days (in days mode, multiples of `round_to`) that meet the rule. Under 80% weekly a
four-day worker must be in on all four days while a full-timer keeps one day at home: the
pro-rata test of the Part-time Workers Regulations 2000.

The fairness view (`fairness_table`) groups a team's people by working pattern (full time,
compressed hours, part time by days a week, cycles and rosters) within each policy rule, and
puts everyone with an individual arrangement into one aggregate group whose figures apply their
arrangements; it never names anyone. A group of fewer than `MIN_GROUP` people is shown as
"fewer than 5": a pattern group keeps its figures (they come from the rule and the calendar,
the same for anyone on that pattern), the arrangement group loses them (they would describe
the arrangements of a few identifiable people). Periods are cut at the ends of the range, so
the range chosen is exactly what is measured.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from fractions import Fraction

from deskplan.domain.calendar import periods as calendar_periods
from deskplan.domain.calendar import weeks_between
from deskplan.domain.durations import format_share
from deskplan.domain.model import (
    Adjustment,
    AdjustmentKind,
    Nation,
    Person,
    Terms,
    WorkingPattern,
)
from deskplan.domain.policy import Measure, PeriodKind, Policy, Rule
from deskplan.domain.working_time import days_off

#: Groups smaller than this are shown as "fewer than 5" (see the module docstring).
MIN_GROUP = 5
FEWER_THAN = f"fewer than {MIN_GROUP}"
#: The rolling window the alternatives try when the policy has none of its own.
DEFAULT_ROLLING_WEEKS = 12


def required_days(lengths: Sequence[Fraction | int], shares: Sequence[Fraction],
                  measure: Measure, round_to: Fraction, *,
                  open_days: Sequence[bool] | None = None,
                  limit: Fraction | None = None) -> Fraction:
    """The fewest office days that meet the rule in one period, over its working days
    (`lengths[i]` > 0) with the share of each day.

    `open_days[i]` False marks a day that cannot be an office day (a fixed home day under an
    arrangement): the requirement is then at most the open days. `limit` caps it further (the
    office days a home-days allowance or a cap leaves).
    """
    is_open = open_days if open_days is not None else [True] * len(lengths)
    working = [(length, share, free) for length, share, free
               in zip(lengths, shares, is_open, strict=True) if length]
    free_days = sum(1 for _, _, free in working if free)
    if measure is Measure.DAYS:
        need = sum((share for _, share, _ in working), Fraction(0))
        steps = -(-need // round_to)
        found = min(steps * round_to, Fraction(free_days))
    else:
        by_share: dict[Fraction, Fraction | int] = {}
        for length, share, _ in working:  # a few distinct shares: add the lengths first
            by_share[share] = by_share.get(share, 0) + length
        need = sum((share * total for share, total in by_share.items()), Fraction(0))
        count, total = 0, Fraction(0)
        for length in sorted((length for length, _, free in working if free), reverse=True):
            if total >= need:
                break
            total += length
            count += 1
        found = Fraction(count)
    return min(found, limit) if limit is not None else found


@dataclass(frozen=True)
class EffectiveShare:
    """Σ required office days ÷ Σ working days over the periods, and the worst period."""

    required: Fraction
    working: int
    worst: Fraction

    @property
    def share(self) -> Fraction:
        return self.required / self.working if self.working else Fraction(0)

    def __add__(self, other: EffectiveShare) -> EffectiveShare:
        return EffectiveShare(self.required + other.required, self.working + other.working,
                              max(self.worst, other.worst))


NO_DAYS = EffectiveShare(Fraction(0), 0, Fraction(0))


def effective_share(pattern_lengths: Callable[[date], Fraction | int],
                    share_of: Callable[[date], Fraction], periods: Sequence[tuple[date, date]],
                    policy: Policy, *, blocked: Callable[[date], bool] | None = None,
                    limit_of: Callable[[date, date, list[date]], Fraction | None] | None = None,
                    ) -> EffectiveShare:
    """Over `periods`, with `pattern_lengths(day)` the contracted time that day (0 off) and
    `share_of(day)` the rule's share. `blocked(day)` marks days that cannot be office days and
    `limit_of(first, last, working days)` the most office days allowed in a period (both for
    arrangements; see `required_days`)."""
    first = min(p[0] for p in periods)
    last = max(p[1] for p in periods)
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    return _period_sums(_Days(first, [pattern_lengths(d) for d in days],
                              [share_of(d) for d in days],
                              [blocked(d) for d in days] if blocked else None),
                        periods, policy, limit_of)


@dataclass(frozen=True)
class _Days:
    """Per day from `first`: contracted time, the share, and whether the day is blocked."""

    first: date
    lengths: list[Fraction | int]
    shares: list[Fraction]
    blocked: list[bool] | None = None


def _period_sums(days: _Days, periods: Sequence[tuple[date, date]], policy: Policy,
                 limit_of: Callable[[date, date, list[date]], Fraction | None] | None = None,
                 ) -> EffectiveShare:
    """`required_days` of each period, added up. A rolling policy's windows overlap (twelve
    weeks, one a week), so each period's figures come from running sums over the days rather
    than from its own days: the requirement (Σ share in days, Σ share × length in hours), the
    working and open days, and in hours the open days of each distinct length, which the
    longest-first count of `required_days` takes whole lengths at a time. Exact fractions
    throughout, so the result is `required_days`' own (tests/domain/test_fast_paths.py)."""
    lengths, shares = days.lengths, days.shares
    is_open = [not b for b in days.blocked] if days.blocked else [True] * len(lengths)
    in_days = policy.measure is Measure.DAYS
    # The requirement is added up in integers over one common denominator (a few distinct
    # shares and lengths), then read back as the same exact fraction.
    denominator = math.lcm(1, *{share.denominator for share in shares})
    if not in_days:
        denominator *= math.lcm(1, *{Fraction(length).denominator for length in set(lengths)})
    # Keyed by the share's identity: the few distinct shares are repeated objects, and
    # hashing a fraction is dearer than the arithmetic it saves.
    scaled: dict[tuple[int, Fraction | int], int] = {}
    numerators = [0] * len(lengths)
    for i, (length, share) in enumerate(zip(lengths, shares, strict=True)):
        if length:
            key = (id(share), length)
            value = scaled.get(key)
            if value is None:
                exact = share if in_days else share * length
                value = scaled[key] = int(exact * denominator)
            numerators[i] = value
    need_sums = [0, *itertools.accumulate(numerators)]
    working_sums = [0, *itertools.accumulate(1 if length else 0 for length in lengths)]
    open_sums = [0, *itertools.accumulate(1 if length and free else 0
                                          for length, free in zip(lengths, is_open,
                                                                  strict=True))]
    longest_first = [] if in_days else sorted(
        {length for length, free in zip(lengths, is_open, strict=True) if length and free},
        reverse=True)
    open_by_length: dict[Fraction | int, list[int]] = {}
    for length in longest_first:
        counts = open_by_length[length] = [0]
        for day_length, free in zip(lengths, is_open, strict=True):
            counts.append(counts[-1] + (1 if free and day_length == length else 0))
    required, working, worst = Fraction(0), 0, Fraction(0)
    for first, last in periods:
        lo, hi = (first - days.first).days, (last - days.first).days + 1
        count = working_sums[hi] - working_sums[lo]
        if not count:
            continue
        need = Fraction(need_sums[hi] - need_sums[lo], denominator)
        free_days = open_sums[hi] - open_sums[lo]
        if in_days:
            steps = -(-need // policy.round_to)
            found = min(steps * policy.round_to, Fraction(free_days))
        else:
            taken, total = 0, Fraction(0)
            for length in longest_first:
                if total >= need:
                    break
                available = open_by_length[length][hi] - open_by_length[length][lo]
                if available:
                    more = min(available, -(-(need - total) // length))
                    total += more * length
                    taken += more
            found = Fraction(taken)
        if limit_of is not None:
            worked = [first + timedelta(days=i) for i, length in enumerate(lengths[lo:hi])
                      if length]
            limit = limit_of(first, last, worked)
            if limit is not None:
                found = min(found, limit)
        required += found
        working += count
        worst = max(worst, found / count)
    return EffectiveShare(required, working, worst)


def pattern_days(pattern: WorkingPattern, nation: Nation, policy: Policy, first: date,
                 last: date, *, bank_holidays_worked: bool = False) -> Callable[[date], int]:
    """Contracted seconds of `pattern` per day on the real calendar: the nation's bank holidays
    (unless the roster works them) and the organisation's closures are days off."""
    off = days_off(policy, nation, first, last)
    closures = policy.closures

    def length(day: date) -> int:
        if day in closures or (not bank_holidays_worked and day in off):
            return 0
        return pattern.seconds_on(day)
    return length


def full_time_days(nation: Nation, policy: Policy, first: date, last: date
                   ) -> Callable[[date], Fraction]:
    """The comparator: Monday to Friday, a fifth of the policy's full-time week a day, in
    `nation`."""
    off = days_off(policy, nation, first, last)
    day_length = Fraction(policy.full_time_seconds, 5)

    def length(day: date) -> Fraction:
        return Fraction(0) if day.weekday() > 4 or day in off else day_length
    return length


# --- the fairness view --------------------------------------------------------------------------
def measured_periods(policy: Policy, first: date, last: date) -> list[tuple[date, date]]:
    """The policy's periods over `first`..`last`, cut at the ends of the range; for a rolling
    policy, the window ending with each week of the range (cut at the range's start)."""
    if policy.period is PeriodKind.ROLLING:
        back = timedelta(weeks=(policy.rolling_weeks or DEFAULT_ROLLING_WEEKS) - 1)
        return [(max(start - back, first), min(end, last))
                for start, end in weeks_between(first, last)]
    return calendar_periods(first, last, policy.period)


def pattern_group(pattern: WorkingPattern, full_time_seconds: int) -> tuple[str, str, bool]:
    """(key, label, part time) of the working-pattern group a pattern belongs to."""
    if not pattern.is_weekly:
        return "cycle", "Cycles and rosters", pattern.weekly_seconds < full_time_seconds
    days = sum(1 for seconds in pattern.seconds if seconds)
    if pattern.weekly_seconds >= full_time_seconds:
        if days >= 5:
            return "full-time", "Full time", False
        return "compressed", "Compressed hours", False
    word = "day" if days == 1 else "days"
    return f"part-time-{days}", f"Part time, {days} {word} a week", True


ARRANGEMENT_KEY = "arrangement"
ARRANGEMENT_LABEL = "Individual arrangement (all patterns)"
_GROUP_ORDER = ("full-time", "compressed", *(f"part-time-{d}" for d in range(7, 0, -1)),
                "cycle", ARRANGEMENT_KEY)


@dataclass(frozen=True)
class GroupFigures:
    """One group of one rule: how many people, and what the rule asks of their working days
    (`own`) against a full-time week under the same rule over the same days (`comparator`)."""

    key: str
    label: str
    people: int
    nominal: Fraction
    own: EffectiveShare
    comparator: EffectiveShare
    weeks: Fraction  # person-weeks employed in the range
    part_time: bool = False

    @property
    def is_arrangement(self) -> bool:
        return self.key == ARRANGEMENT_KEY

    @property
    def small(self) -> bool:
        return self.people < MIN_GROUP

    @property
    def hidden(self) -> bool:
        """Figures withheld: a small group of people with arrangements."""
        return self.small and self.is_arrangement

    @property
    def people_text(self) -> str:
        return FEWER_THAN if self.small else str(self.people)

    @property
    def effective(self) -> Fraction:
        return self.own.share

    @property
    def worst(self) -> Fraction:
        return self.own.worst

    @property
    def comparator_share(self) -> Fraction:
        return self.comparator.share

    @property
    def gap(self) -> Fraction:
        """Effective share minus the full-time comparator's (positive: asked for more)."""
        return self.own.share - self.comparator.share

    @property
    def home_days_per_week(self) -> Fraction:
        """Working days a week the rule leaves at home, on average."""
        return (self.own.working - self.own.required) / self.weeks if self.weeks else Fraction(0)

    @property
    def flagged(self) -> bool:
        """Part-time staff carry a higher effective share than a full-timer under this rule."""
        return self.part_time and self.gap > 0


@dataclass(frozen=True)
class RuleSection:
    """The groups of the people one rule applies to, with the full-time comparator row."""

    rule: str  # `support staff, 60%`
    nominal: Fraction
    groups: tuple[GroupFigures, ...]
    comparator: EffectiveShare
    comparator_weeks: Fraction

    @property
    def people(self) -> int:
        return sum(g.people for g in self.groups)

    @property
    def comparator_home_days(self) -> Fraction:
        c = self.comparator
        return (c.working - c.required) / self.comparator_weeks if self.comparator_weeks \
            else Fraction(0)


@dataclass(frozen=True)
class FairnessTable:
    """The fairness view of one policy (or one way of measuring it) over one range."""

    title: str  # `saved policy`, `what-if draft`, `monthly`...
    measure: str  # the policy's `describe_measure()`
    period: PeriodKind
    first: date
    last: date
    sections: tuple[RuleSection, ...]
    not_covered: int = 0  # people no rule applies to (no category, or no rule for it)
    policy: Policy | None = field(default=None, compare=False, repr=False)

    @property
    def groups(self) -> list[tuple[RuleSection, GroupFigures]]:
        return [(s, g) for s in self.sections for g in s.groups]

    @property
    def flagged(self) -> list[tuple[RuleSection, GroupFigures]]:
        return [(s, g) for s, g in self.groups if g.flagged and not g.hidden]

    def share_of(self, key: str, rule: str | None = None) -> Fraction | None:
        """The effective share of the group `key` (in the section of `rule`, or the first)."""
        for section, group in self.groups:
            if group.key == key and (rule is None or section.rule == rule):
                return group.effective
        return None


def describe_rule(rule: Rule) -> str:
    return f"{rule.describe().removeprefix('the policy for ')}, {format_share(rule.share)}"


def _category(policy: Policy, terms: Terms) -> str | None:
    return terms.category or policy.category_for_role(terms.role)


@dataclass
class _Member:
    group: tuple[str, str, bool]
    own: EffectiveShare
    comparator: EffectiveShare
    weeks: Fraction


#: Per person (see `fairness_table`): their days and a full-timer's, under one policy's rules.
DayCache = dict[tuple[object, ...], tuple["_Days", "_Days"]]


def fairness_table(people: Sequence[Person], policy: Policy,
                   adjustments: Iterable[Adjustment], first: date, last: date, *,
                   title: str = "saved policy", days_cache: DayCache | None = None,
                   ) -> FairnessTable:
    """The fairness view of `policy` for `people` over `first`..`last` (see the module).

    `days_cache` may be shared by tables whose policies differ only in how they measure (the
    alternatives): each person's days are then worked out once."""
    if last < first:
        raise ValueError("the range ends before it starts")
    periods = measured_periods(policy, first, last)
    arrangements: dict[str, list[Adjustment]] = {}
    for adjustment in adjustments:
        if adjustment.overlaps(first, last):
            arrangements.setdefault(adjustment.staff_id, []).append(adjustment)
    sections: dict[str, tuple[Rule, list[_Member]]] = {}
    not_covered = 0
    cache: DayCache = {} if days_cache is None else days_cache
    shares: dict[tuple[object, ...], tuple[EffectiveShare, EffectiveShare]] = {}
    for person in people:
        start = max(first, person.start_date or first)
        end = min(last, person.end_date or last)
        if end < start:
            continue
        terms = person.terms_on(end)
        category = _category(policy, terms)
        rule = policy.rule_for(category, terms.location, end) if category else None
        if rule is None:
            not_covered += 1
            continue
        own_arrangements = arrangements.get(person.staff_id, [])
        key = (person.staff_id if own_arrangements else "", tuple(person.timeline()), start,
               end)
        if key not in shares:
            if key not in cache:
                cache[key] = _person_days(person, policy, first, last, start, end,
                                          own_arrangements)
            own_days, comparator_days = cache[key]
            shares[key] = (
                _period_sums(own_days, periods, policy,
                             _limits(own_arrangements) if own_arrangements else None),
                _period_sums(comparator_days, periods, policy))
        own, comparator = shares[key]
        group = ((ARRANGEMENT_KEY, ARRANGEMENT_LABEL, False) if own_arrangements
                 else pattern_group(terms.pattern, policy.full_time_seconds))
        weeks = Fraction((end - start).days + 1, 7)
        sections.setdefault(describe_rule(rule), (rule, []))[1].append(
            _Member(group, own, comparator, weeks))
    built = []
    for label, (rule, members) in sorted(sections.items(), key=lambda item: item[0].casefold()):
        built.append(_section(label, rule, members))
    return FairnessTable(title, policy.describe_measure(), policy.period, first, last,
                         tuple(built), not_covered, policy)


def _section(label: str, rule: Rule, members: list[_Member]) -> RuleSection:
    by_group: dict[str, list[_Member]] = {}
    for member in members:
        by_group.setdefault(member.group[0], []).append(member)
    groups = []
    for key in sorted(by_group, key=lambda k: _GROUP_ORDER.index(k)
                      if k in _GROUP_ORDER else len(_GROUP_ORDER)):
        listed = by_group[key]
        _, name, part_time = listed[0].group
        groups.append(GroupFigures(
            key, name, len(listed), rule.share, _total(m.own for m in listed),
            _total(m.comparator for m in listed), sum((m.weeks for m in listed), Fraction(0)),
            part_time=part_time))
    comparator = _total(m.comparator for m in members)
    return RuleSection(label, rule.share, tuple(groups), comparator,
                       sum((m.weeks for m in members), Fraction(0)))


def _total(shares: Iterable[EffectiveShare]) -> EffectiveShare:
    total = NO_DAYS
    for share in shares:
        total = total + share
    return total


def _person_days(person: Person, policy: Policy, first: date, last: date, start: date,
                 end: date, arrangements: Sequence[Adjustment]) -> tuple[_Days, _Days]:
    """The person's days over `first`..`last` (contracted time while employed from `start` to
    `end`, the share with their arrangements applied, fixed home days blocked) and a
    full-timer's over the same employed days under the same rules."""
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    timeline = [terms for _, terms in person.timeline()]
    terms_of = ([timeline[0]] * len(days) if len(timeline) == 1
                else [person.terms_on(day) for day in days])
    lengths: dict[Terms, Callable[[date], int]] = {}
    comparators: dict[Nation, Callable[[date], Fraction]] = {}
    rules: dict[Terms, Callable[[date], Rule | None]] = {}
    effective = policy.effective_from
    own: list[Fraction | int] = []
    comparator: list[Fraction | int] = []
    rule_shares: list[Fraction] = []
    for day, terms in zip(days, terms_of, strict=True):
        if terms not in lengths:
            lengths[terms] = pattern_days(terms.pattern, terms.nation, policy, first, last,
                                          bank_holidays_worked=terms.bank_holidays_worked)
            category = _category(policy, terms)
            rules[terms] = _rule_finder(policy, category, terms.location)
        if terms.nation not in comparators:
            comparators[terms.nation] = full_time_days(terms.nation, policy, first, last)
        employed = start <= day <= end
        own.append(lengths[terms](day) if employed else 0)
        full = comparators[terms.nation](day) if employed else 0
        comparator.append(int(full) if full == int(full) else full)
        rule = rules[terms](day) if not (effective and day < effective) else None
        rule_shares.append(rule.share if rule else Fraction(0))
    comparator_days = _Days(first, comparator, rule_shares)
    if not arrangements:
        return _Days(first, own, rule_shares), comparator_days
    shares, blocked = [], []
    for day, share in zip(days, rule_shares, strict=True):
        fixed = False
        for a in arrangements:
            if not a.active_on(day):
                continue
            if a.kind is AdjustmentKind.EXEMPT:
                share = Fraction(0)
            elif a.kind is AdjustmentKind.REDUCED_SHARE and a.share is not None:
                share = min(share, a.share)
            elif a.kind is AdjustmentKind.FIXED_HOME_DAYS and day.weekday() in a.weekdays:
                fixed = True
        shares.append(share)
        blocked.append(fixed)
    return _Days(first, own, shares, blocked), comparator_days


def _rule_finder(policy: Policy, category: str | None, location: str
                 ) -> Callable[[date], Rule | None]:
    def find(day: date) -> Rule | None:
        return policy.rule_for(category, location, day) if category else None
    return find


def _limits(arrangements: Sequence[Adjustment]
            ) -> Callable[[date, date, list[date]], Fraction | None]:
    """The most office days home-days allowances and caps leave of a period's working days."""
    def limit(p_first: date, p_last: date, worked: list[date]) -> Fraction | None:
        found: Fraction | None = None
        allowances = [a for a in arrangements if a.kind is AdjustmentKind.FIXED_HOME_DAYS
                      and a.home_days and a.overlaps(p_first, p_last)]
        if allowances:
            total = 0
            for w_first, w_last in weeks_between(p_first, p_last):
                days = [d for d in worked if w_first <= d <= w_last]
                home = max(((a.home_days or 0) for a in allowances
                            if any(a.active_on(d) for d in days)), default=0)
                total += max(0, len(days) - home)
            found = Fraction(total)
        for a in arrangements:
            if a.kind is AdjustmentKind.MAX_SHARE and a.share is not None and \
                    a.overlaps(p_first, p_last):
                cap = Fraction(int(a.share * len(worked)))  # rounded down: for the employee
                found = cap if found is None else min(found, cap)
        return found
    return limit


def measurement_alternatives(policy: Policy) -> list[tuple[str, Policy]]:
    """The same rules measured the ways employers use: weekly, monthly, in days (the policy's
    period, rounded up to whole days) and a rolling window; each with a name."""
    rolling = policy.rolling_weeks or DEFAULT_ROLLING_WEEKS
    return [
        ("weekly", replace(policy, period=PeriodKind.WEEK, rolling_weeks=None)),
        ("monthly", replace(policy, period=PeriodKind.MONTH, rolling_weeks=None)),
        ("in days", replace(policy, measure=Measure.DAYS, round_to=Fraction(1))),
        (f"rolling {rolling} weeks", replace(policy, period=PeriodKind.ROLLING,
                                             rolling_weeks=rolling)),
    ]


def alternative_tables(people: Sequence[Person], policy: Policy,
                       adjustments: Sequence[Adjustment], first: date, last: date
                       ) -> list[FairnessTable]:
    """`fairness_table` for each of `measurement_alternatives(policy)`."""
    cache: DayCache = {}
    return [fairness_table(people, variant, adjustments, first, last, title=name,
                           days_cache=cache)
            for name, variant in measurement_alternatives(policy)]


@dataclass(frozen=True)
class FairnessReport:
    """Everything the fairness view shows for one team and range: the saved policy, a what-if
    draft beside it when there is one, and the saved rules measured the other ways."""

    team: str
    first: date
    last: date
    saved: FairnessTable
    draft: FairnessTable | None
    alternatives: tuple[FairnessTable, ...]

    @property
    def tables(self) -> list[FairnessTable]:
        return [self.saved, *([self.draft] if self.draft else [])]


def fairness_report(people: Sequence[Person], policy: Policy,
                    adjustments: Sequence[Adjustment], first: date, last: date, *,
                    draft: Policy | None = None, team: str = "") -> FairnessReport:
    return FairnessReport(
        team, first, last, fairness_table(people, policy, adjustments, first, last),
        fairness_table(people, draft, adjustments, first, last, title="what-if draft")
        if draft is not None else None,
        tuple(alternative_tables(people, policy, adjustments, first, last)))


def method_text(report: FairnessReport) -> list[str]:
    """How the figures are made, in words, for the PDF, the window and the command line."""
    table = report.saved
    return [
        "Effective share: for each person, the fewest whole office days that meet the rule in "
        "each measurement period, added up over the range and divided by the working days in "
        "it. Working days come from each person's contracted pattern; bank holidays of their "
        "nation and the organisation's closure days are days off, so weeks with a bank "
        "holiday count as they fall. Leave, sickness and the plan itself are left out: this "
        "judges the rule, not anyone's attendance.",
        f"Measurement: {table.measure}; periods are cut at the ends of the range, and "
        "in hours the longest working days are counted first (the fewest days that reach the "
        "hours required).",
        "Comparator: a full-time week (Monday to Friday, the policy's full-time hours) under "
        "the same rule, over the same days and bank holidays. The difference is the group's "
        "effective share minus the comparator's; ⚠ marks part-time groups asked for a higher "
        "share of their working days than a full-timer (Part-time Workers Regulations 2000, "
        "pro rata).",
        "Home days per week: working days the rule leaves at home, on average over the weeks "
        "each person is employed in the range. The worst period is the highest share any "
        "single period asks of anyone in the group.",
        "Groups: by working pattern within each policy rule; everyone with an individual "
        "arrangement in the range forms one group whose figures apply their arrangements "
        "(lower shares, exemptions, fixed home days). Nobody is named. A group of fewer than "
        f"{MIN_GROUP} people shows '{FEWER_THAN}' instead of its size; a pattern group keeps "
        "its figures (they follow from the rule and the calendar alone), the arrangement "
        "group does not.",
    ]
