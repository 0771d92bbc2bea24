"""The engine against the reference model (`reference.py`) and the properties issues 9 and 10
ask for, on generated plans with cycles, rosters, records by date, half days, other sites,
business elsewhere, every arrangement kind, every period kind and both measures."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deskplan.domain.conflicts import Conflict, RuleId
from deskplan.domain.model import Cell, Status
from deskplan.domain.policy import Measure, PeriodKind

from .reference import fold, judged_weeks, periods_of, reference
from .strategies import Case, cases, cells

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def key(conflict: Conflict) -> tuple[str, str, date, date]:
    """A conflict as the reference names it: who is the person, the site or the role."""
    if conflict.rule is RuleId.OVER_CAPACITY:
        who = fold(conflict.location)
    elif conflict.rule is RuleId.BELOW_COVERAGE:
        who = fold(conflict.role)
    else:
        who = conflict.staff_id or ""
    return conflict.rule.value, who, conflict.start, conflict.end


def figures(verdict: object) -> tuple[object, ...]:
    return tuple(getattr(verdict, name) for name in (
        "first", "last", "available", "office", "unplanned", "still_open", "required", "most"))


def assert_matches_reference(case: Case) -> None:
    plan = case.plan
    checker = case.checker()
    expected = reference(plan.people, plan.policy, plan.adjustments, plan.rota, case.first,
                         case.last)
    assert checker.period_ranges == expected.periods
    assert [p.staff_id for p in checker.people] == expected.people
    verdicts = checker.verdicts()
    assert set(verdicts) == set(expected.verdicts)
    for staff_id, found in verdicts.items():
        wanted = expected.verdicts[staff_id]
        assert [figures(v) for v in found] == [figures(v) for v in wanted], staff_id
        assert [v.state.value for v in found] == [v.state for v in wanted], staff_id
    assert {key(c) for c in checker.conflicts} == expected.conflicts
    # One conflict per key, but for a week in which a cap and a home-days allowance are both
    # breached (two arrangements, two conflicts), and one review reminder per arrangement due.
    counted: dict[tuple[str, str, date, date], int] = {}
    for conflict in checker.conflicts:
        counted[key(conflict)] = counted.get(key(conflict), 0) + 1
    due = {(a.staff_id, a.review_date): 0 for a in plan.adjustments}
    for a in plan.adjustments:
        due[a.staff_id, a.review_date] += 1
    assert all(n == 1 or (k[0] == "above-maximum" and n == 2)
               or (k[0] == "review-due" and n == due[k[1], k[2]])
               for k, n in counted.items())


@SETTINGS
@given(cases())
def test_engine_equals_the_reference(case):
    assert_matches_reference(case)


@st.composite
def edits(draw: st.DrawFn, case: Case) -> list[tuple[str, date, Cell]]:
    days = case.span_days()
    return [(draw(st.sampled_from(case.plan.people)).staff_id, draw(st.sampled_from(days)),
             draw(cells())) for _ in range(draw(st.integers(1, 6)))]


@SETTINGS
@given(cases(), st.data())
def test_incremental_recheck_equals_a_full_check(case, data):
    checker = case.checker()
    for staff_id, day, cell in data.draw(edits(case)):
        case.plan.rota.set_cell(staff_id, day, cell)
        checker.recheck([(staff_id, day)])
    fresh = case.checker()
    assert checker.conflicts == fresh.conflicts
    assert checker.counts == fresh.counts
    assert checker.verdicts() == fresh.verdicts()


@SETTINGS
@given(cases(), st.data())
def test_the_reference_still_agrees_after_edits(case, data):
    checker = case.checker()
    for staff_id, day, cell in data.draw(edits(case)):
        case.plan.rota.set_cell(staff_id, day, cell)
        checker.recheck([(staff_id, day)])
    expected = reference(case.plan.people, case.plan.policy, case.plan.adjustments,
                         case.plan.rota, case.first, case.last)
    assert {key(c) for c in checker.conflicts} == expected.conflicts


@SETTINGS
@given(cases(), st.data())
def test_an_office_half_day_never_adds_a_below_minimum(case, data):
    def short() -> set[tuple[str, date]]:
        return {(c.staff_id or "", c.start) for c in case.checker().conflicts
                if c.rule is RuleId.BELOW_MINIMUM}

    before = short()
    person = data.draw(st.sampled_from(case.plan.people))
    day = data.draw(st.sampled_from(case.span_days()))
    cell = case.plan.rota.cell(person.staff_id, day)
    half = data.draw(st.sampled_from(["am", "pm"]))
    if getattr(cell, half) not in (Status.HOME, Status.UNPLANNED):
        return
    site = data.draw(st.none() | st.sampled_from(["HQ", "Hendon"]))
    changed = (Cell(Status.OFFICE, cell.pm, site, cell.pm_site) if half == "am"
               else Cell(cell.am, Status.OFFICE, cell.am_site, site))
    case.plan.rota.set_cell(person.staff_id, day, changed)
    assert short() <= before


@SETTINGS
@given(cases())
def test_required_never_exceeds_what_is_available(case):
    for verdicts in case.checker().verdicts().values():
        for v in verdicts:
            # In days mode too, where the sum is rounded up to whole (or half) days.
            assert 0 <= v.required <= v.available
            if v.measure is Measure.DAYS:
                assert v.available.denominator in (1, 2)
            if v.most is not None:
                assert v.required <= v.most


@SETTINGS
@given(cases())
def test_the_verdicts_of_some_people_equal_those_of_everyone(case):
    checker = case.checker()
    everyone = checker.verdicts()
    ids = [p.staff_id for p in checker.people]
    for staff_id in ids:
        assert checker.verdicts([staff_id]) == {staff_id: everyone[staff_id]}
    assert checker.verdicts(ids[::-1]) == {s: everyone[s] for s in ids[::-1]}


_PER_DAY = {RuleId.NON_WORKING_DAY, RuleId.ADJUSTMENT_BREACHED, RuleId.OVER_CAPACITY,
            RuleId.BELOW_COVERAGE}
_WEEKLY_UNDER_ROLLING = {RuleId.UNPLANNED, RuleId.MISSED_ANCHOR_DAY, RuleId.ABOVE_MAXIMUM}
_OF_THE_PLAN = _PER_DAY | _WEEKLY_UNDER_ROLLING | {RuleId.BELOW_MINIMUM}


def _belongs(conflict: Conflict, case: Case) -> bool:
    """Whether a conflict is one of the range's, as the engine's docstring defines them."""
    policy, first, last = case.plan.policy, case.first, case.last
    periods = periods_of(policy, first, last)
    span = (periods[0][0], periods[-1][1])
    weeks = judged_weeks(first, last)
    when = (conflict.start, conflict.end)
    if conflict.rule in _PER_DAY:
        return conflict.start == conflict.end and first <= conflict.start <= last
    if conflict.rule is RuleId.BELOW_MINIMUM:
        return when in periods
    if conflict.rule is RuleId.ABOVE_MAXIMUM and when in weeks:
        return True  # home days a week are judged weekly whatever the period
    if conflict.rule in _WEEKLY_UNDER_ROLLING:
        return when in (weeks if policy.period is PeriodKind.ROLLING else periods)
    if conflict.rule is RuleId.REVIEW_DUE:
        return conflict.start == conflict.end and conflict.start <= last
    return when == span  # about the person or the policy: over every period checked


@SETTINGS
@given(cases(), st.data())
def test_a_conflict_listed_for_a_range_belongs_to_it(case, data):
    checker = case.checker()
    for conflict in checker.conflicts:
        assert _belongs(conflict, case), conflict
    # A part of the range lists exactly the plan's conflicts of the whole that belong to it
    # (for the people judged in the part).
    days = (case.last - case.first).days
    start = data.draw(st.integers(0, days))
    end = data.draw(st.integers(start, days))
    part = Case(case.plan, case.first + timedelta(days=start), case.first + timedelta(days=end),
                case.span_first, case.span_last)
    smaller = part.checker()
    judged = {p.staff_id for p in smaller.people}
    expected = {key(c) for c in checker.conflicts if c.rule in _OF_THE_PLAN
                and (c.staff_id in judged or not c.staff_id) and _belongs(c, part)}
    assert {key(c) for c in smaller.conflicts if c.rule in _OF_THE_PLAN} == expected

