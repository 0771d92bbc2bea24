"""The engine's fast paths give exactly what the plain ones give.

A full check of a large organisation skips in numpy what needs no judging (person-periods that
are met) and computes the pro-rata warning once per distinct contract rather than per site,
each period's requirement from running sums over the days (a rolling policy's windows overlap).
These properties hold each fast path equal to the straightforward computation it replaces, on
any team, policy (hours or days, any rounding, dated rules), arrangement and plan.
"""

from dataclasses import replace
from datetime import date, timedelta
from fractions import Fraction

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deskplan.domain.conflicts import Conflict, RuleId
from deskplan.domain.durations import format_share
from deskplan.domain.engine import Checker
from deskplan.domain.fairness import (
    NO_DAYS,
    EffectiveShare,
    _Days,
    _period_sums,
    effective_share,
    full_time_days,
    pattern_days,
    required_days,
)
from deskplan.domain.model import Adjustment, AdjustmentKind, Cell, Status
from deskplan.domain.plan import Plan
from deskplan.domain.policy import Measure, PeriodKind, Policy, Rule, fold
from deskplan.domain.rota import Rota
from deskplan.domain.rules.minimum import Minimum
from deskplan.domain.rules.pro_rata import ProRata, _scope
from deskplan.domain.rules.unplanned import Unplanned
from deskplan.domain.working_time import DayOff
from tests.domain.test_properties import DAYS, FIRST, plans, shares


@st.composite
def varied_plans(draw: st.DrawFn) -> Plan:
    """`plans()` under any measure and rounding, with dated rules, caps and home-day
    allowances as well."""
    plan = draw(plans())
    starts = FIRST + timedelta(days=draw(st.integers(-7, DAYS)))
    dated = Rule(draw(shares), category="operational", location="HQ", starts=starts,
                 ends=draw(st.none() | st.integers(0, 40).map(
                     lambda d: starts + timedelta(days=d))))
    measure = draw(st.sampled_from(list(Measure)))
    plan.policy = replace(
        plan.policy, rules=(*plan.policy.rules, dated), measure=measure,
        round_to=draw(st.sampled_from([Fraction(1, 2), Fraction(1)]))
        if measure is Measure.DAYS else Fraction(1),
        period=draw(st.sampled_from([PeriodKind.WEEK, PeriodKind.MONTH, PeriodKind.QUARTER])))
    for _ in range(draw(st.integers(0, 2))):
        kind = draw(st.sampled_from([AdjustmentKind.MAX_SHARE,
                                     AdjustmentKind.FIXED_HOME_DAYS]))
        plan.adjustments.append(Adjustment(
            staff_id=draw(st.sampled_from([p.staff_id for p in plan.people])), kind=kind,
            start=FIRST + timedelta(days=draw(st.integers(-10, DAYS))),
            share=draw(shares) if kind is AdjustmentKind.MAX_SHARE else None,
            home_days=draw(st.integers(1, 3)) if kind is AdjustmentKind.FIXED_HOME_DAYS
            else None))
    return plan


def described(found: list[tuple[tuple[object, ...], tuple[Conflict, ...]]]) -> list[object]:
    return [(scope, [c.to_json() for c in conflicts]) for scope, conflicts in found]


def every_judgement(minimum: Minimum) -> list[tuple[tuple[object, ...], tuple[Conflict, ...]]]:
    """The plain way: judge every person and period in Python."""
    rows = np.arange(len(minimum.facts.people), dtype=np.intp)
    found = []
    for row, judgements in zip(rows.tolist(), minimum.judgements(rows), strict=True):
        for period, judgement in enumerate(judgements):
            conflicts = minimum._conflicts(row, period, judgement)
            if conflicts:
                found.append((("minimum", row, period), conflicts))
    return found


def checker(plan: Plan, first: date, last: date) -> Checker:
    return Checker(plan.people, plan.policy, plan.adjustments, plan.rota, first, last)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(varied_plans(), st.integers(0, DAYS - 1), st.integers(0, 20))
def test_the_minimum_skips_only_what_meets_the_requirement(plan, start, length):
    first = FIRST + timedelta(days=start)
    check = checker(plan, first, first + timedelta(days=length))
    minimum = next(f for f in check._families if isinstance(f, Minimum))
    assert described(list(minimum.judge_all())) == described(every_judgement(minimum))


def pro_rata_per_site(family: ProRata) -> list[str]:
    """The pro-rata warning computed for every part-time record, site by site, looking up
    the rule day by day."""
    facts = family.facts
    policy = facts.policy
    periods = [(p.first, p.last) for p in facts.minimum_periods]
    first, last = periods[0][0], periods[-1][1]
    employed = facts.time.reason != DayOff.NOT_EMPLOYED
    lo_column, hi_column = facts.minimum_periods[0].lo, facts.minimum_periods[-1].hi
    seen = {}
    for row, segments in enumerate(facts.time.segments):
        for (lo, hi, terms), category in zip(segments, facts.categories[row], strict=True):
            if not employed[row, max(lo, lo_column):min(hi, hi_column)].any():
                continue
            if category and terms.pattern.weekly_seconds < policy.full_time_seconds:
                seen.setdefault((terms.pattern, terms.nation, terms.bank_holidays_worked,
                                 fold(category), fold(terms.location)), (terms, category))
    lines: dict[str, str] = {}
    for terms, category in seen.values():
        def share_of(day, terms=terms, category=category):
            if policy.effective_from and day < policy.effective_from:
                return Fraction(0)
            rule = policy.rule_for(category, terms.location, day)
            return rule.share if rule else Fraction(0)
        rule = policy.rule_for(category, terms.location, last) or policy.rule_for(
            category, terms.location)
        if rule is None:
            continue
        own = effective_share(pattern_days(terms.pattern, terms.nation, policy, first, last,
                                           bank_holidays_worked=terms.bank_holidays_worked),
                              share_of, periods, policy)
        comparator = effective_share(full_time_days(terms.nation, policy, first, last),
                                     share_of, periods, policy)
        if own.working and comparator.working and own.share > comparator.share:
            key = f"{terms.pattern.describe()} ({_scope(rule)})"
            lines.setdefault(key, f"{key}: {format_share(own.share)} of working days against "
                                  f"{format_share(comparator.share)} for a full-time week")
    return [lines[key] for key in sorted(lines)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(varied_plans())
def test_the_pro_rata_warning_is_the_same_computed_once_per_contract(plan):
    check = checker(plan, FIRST, FIRST + timedelta(days=DAYS - 1))
    family = next(f for f in check._families if isinstance(f, ProRata))
    found = family._judge()
    expected = pro_rata_per_site(family)
    if not expected:
        assert found == ()
    else:
        (warning,) = found
        assert warning.message.endswith(": " + "; ".join(expected) + ".")


def plain_period_sums(days: _Days, periods: list[tuple[date, date]], policy: Policy,
                      limit_of) -> EffectiveShare:
    """`required_days` of each period on its own days, added up."""
    total = NO_DAYS
    for first, last in periods:
        lo, hi = (first - days.first).days, (last - days.first).days + 1
        lengths = days.lengths[lo:hi]
        worked = [first + timedelta(days=i) for i, length in enumerate(lengths) if length]
        if not worked:
            continue
        need = required_days(
            lengths, days.shares[lo:hi], policy.measure, policy.round_to,
            open_days=[not b for b in days.blocked[lo:hi]] if days.blocked else None,
            limit=limit_of(first, last, worked) if limit_of else None)
        total = total + EffectiveShare(need, len(worked), need / len(worked))
    return total


day_lengths = st.sampled_from([0, 0, 27000, 30000, 43200, Fraction(137000, 5), Fraction(1, 3)])


@settings(max_examples=120, deadline=None)
@given(st.integers(1, 120).flatmap(lambda n: st.tuples(
           st.lists(day_lengths, min_size=n, max_size=n),
           st.lists(shares, min_size=n, max_size=n),
           st.none() | st.lists(st.booleans(), min_size=n, max_size=n),
           st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=12))),
       st.sampled_from(list(Measure)), st.sampled_from([Fraction(1, 2), Fraction(1)]),
       st.none() | st.integers(0, 40))
def test_period_sums_from_running_sums_are_required_days_period_by_period(
        drawn, measure, round_to, cap):
    lengths, day_shares, blocked, bounds = drawn
    days = _Days(FIRST, lengths, day_shares, blocked)
    periods = [(FIRST + timedelta(days=min(a, b)), FIRST + timedelta(days=max(a, b)))
               for a, b in bounds]
    policy = Policy(rules=(Rule(Fraction(1, 2)),), measure=measure,
                    round_to=round_to if measure is Measure.DAYS else Fraction(1))
    limit_of = None if cap is None else (lambda first, last, worked: Fraction(
        min(cap, len(worked) + (first - FIRST).days % 3)))
    assert _period_sums(days, periods, policy, limit_of) == plain_period_sums(
        days, periods, policy, limit_of)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.tuples(st.sampled_from(["A", "B", "C", "D"]), st.integers(0, 20)),
                       st.sampled_from([("HQ", None), (None, "Hendon"), ("HQ", "Hendon")]),
                       max_size=40),
       st.lists(st.sampled_from(["A", "B", "C", "D", "E"]), min_size=1, max_size=5,
                unique=True),
       st.integers(0, 20), st.integers(0, 20))
def test_the_sites_of_a_few_days_are_looked_up_as_a_scan_finds_them(stored, ids, lo, hi):
    """`Rota.sites` looks up each day asked for when that is fewer than the sites stored (one
    edited cell among thousands elsewhere) and scans them otherwise: the same answer."""
    first, last = FIRST + timedelta(days=min(lo, hi)), FIRST + timedelta(days=max(lo, hi))
    rota = Rota(["A", "B", "C", "D", "E"])
    for (staff_id, column), (am, pm) in stored.items():
        rota.set_cell(staff_id, FIRST + timedelta(days=column),
                      Cell(Status.OFFICE, Status.OFFICE, am, pm))
    position = {staff_id: i for i, staff_id in enumerate(ids)}
    scanned = {(position[s], (day - first).days): halves
               for (s, day), halves in rota._sites.items()
               if s in position and first <= day <= last}
    assert rota.sites(ids, first, last) == scanned


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(varied_plans(), st.booleans())
def test_unplanned_days_are_worded_as_each_would_be_alone(plan, alike):
    """An `unplanned` message is written once per distinct period and cells after the name
    (thousands of people leave the same days open): each equals the message written afresh
    for that person and period alone. `alike`: everyone has the first person's cells, so
    people of different working days share cells."""
    if alike:
        first = plan.people[0].staff_id
        for staff_id, day, cell in list(plan.rota.entries()):
            if staff_id == first:
                for person in plan.people[1:]:
                    plan.rota.set_cell(person.staff_id, day, cell)
    checker = plan.checker(FIRST, FIRST + timedelta(days=DAYS - 1))
    unplanned = next(f for f in checker._families if isinstance(f, Unplanned))
    found = [c for c in checker.conflicts if c.rule is RuleId.UNPLANNED]
    for conflict in found:
        row = checker.facts.row[conflict.staff_id]
        period = next(i for i, p in enumerate(unplanned.periods) if p.first == conflict.start)
        alone = Unplanned(checker.facts, checker._words)  # nothing written before it
        (fresh,) = alone._conflicts(row, period)
        assert conflict.message == fresh.message
        assert conflict.message.startswith(f"{checker.facts.people[row].name} has ")
