"""Properties that must hold for any team, pattern, policy, arrangement and plan."""

from datetime import date, timedelta
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deskplan.domain.calendar import bank_holidays
from deskplan.domain.conflicts import RuleId
from deskplan.domain.model import (
    Adjustment,
    AdjustmentKind,
    Cell,
    Nation,
    Person,
    Status,
    WorkingPattern,
)
from deskplan.domain.plan import Plan
from deskplan.domain.policy import CoverageRule, Location, PeriodKind, Policy, Rule
from deskplan.domain.rota import Rota

FIRST = date(2025, 4, 14)  # Easter and May bank holidays fall inside the window
DAYS = 42
QUARTER_HOUR = 900

shares = st.fractions(min_value=0, max_value=1, max_denominator=20)


@st.composite
def patterns(draw: st.DrawFn) -> WorkingPattern:
    days = draw(st.lists(st.integers(0, 6), min_size=1, max_size=7, unique=True))
    lengths = [draw(st.integers(4, 48)) * QUARTER_HOUR for _ in days]
    return WorkingPattern.from_days(sorted(days), lengths)


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    count = draw(st.integers(1, 4))
    people = []
    for i in range(count):
        start = draw(st.none() | st.integers(-5, DAYS).map(lambda d: FIRST + timedelta(days=d)))
        people.append(Person(
            staff_id=f"P{i}", name=f"Person {i}",
            role=draw(st.sampled_from(["Call handler", "Analyst"])),
            category=draw(st.sampled_from(["support", "operational", None])),
            location=draw(st.sampled_from(["HQ", "Annex"])),
            nation=draw(st.sampled_from(list(Nation))),
            pattern=draw(patterns()), start_date=start,
        ))
    policy = Policy(
        rules=(Rule(draw(shares), category="support"), Rule(draw(shares), category="operational"),
               Rule(draw(shares), category="support", location="Annex")),
        period=draw(st.sampled_from([PeriodKind.WEEK, PeriodKind.MONTH])),
        effective_from=draw(st.none() | st.integers(0, DAYS).map(
            lambda d: FIRST + timedelta(days=d))),
        training_counts_as_office=draw(st.booleans()),
        locations=(Location("HQ", draw(st.integers(0, 3))),),
        coverage=(CoverageRule("Call handler", draw(st.integers(1, 3))),),
        role_map={"Analyst": "support"},
    )
    adjustments = []
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from([AdjustmentKind.REDUCED_SHARE, AdjustmentKind.EXEMPT,
                                     AdjustmentKind.FIXED_HOME_DAYS]))
        start = FIRST + timedelta(days=draw(st.integers(-10, DAYS)))
        adjustments.append(Adjustment(
            staff_id=f"P{draw(st.integers(0, count - 1))}", kind=kind, start=start,
            end=draw(st.none() | st.integers(0, 30).map(
                lambda d, start=start: start + timedelta(days=d))),
            share=draw(shares) if kind is AdjustmentKind.REDUCED_SHARE else None,
            weekdays=frozenset(draw(st.lists(st.integers(0, 6), min_size=1, max_size=3)))
            if kind is AdjustmentKind.FIXED_HOME_DAYS else frozenset(),
        ))
    rota = Rota(p.staff_id for p in people)
    statuses = st.sampled_from(list(Status))
    for person in people:
        for offset, status in enumerate(draw(st.lists(statuses, min_size=DAYS, max_size=DAYS))):
            if status is not Status.UNPLANNED:
                rota.set(person.staff_id, FIRST + timedelta(days=offset), status)
    return Plan(people=people, rota=rota, policy=policy, adjustments=adjustments)


def reference_totals(plan: Plan, person: Person, first: date, last: date) -> tuple:
    """The rule as the issue words it, one day at a time, in plain Fractions."""
    holidays = bank_holidays(person.nation, first, last)
    category = person.category or plan.policy.category_for_role(person.role)
    rule = plan.policy.rule_for(category, person.location) if category else None
    available = office = unplanned = unplanned_open = cap = 0
    required = Fraction(0)
    for day in (first + timedelta(days=i) for i in range((last - first).days + 1)):
        seconds = person.pattern.seconds[day.weekday()]
        if not seconds or day in holidays or not person.employed_on(day):
            continue
        status = plan.rota.get(person.staff_id, day)
        if status in (Status.LEAVE, Status.SICK):
            continue
        available += seconds
        counts = status is Status.OFFICE or (
            status is Status.TRAINING and plan.policy.training_counts_as_office) or (
            status is Status.BUSINESS and plan.policy.business_counts_as_office)
        office += seconds if counts else 0
        unplanned += seconds if status is Status.UNPLANNED else 0
        active = [a for a in plan.adjustments if a.staff_id == person.staff_id
                  and a.active_on(day)]
        share = rule.share if rule else Fraction(0)
        if plan.policy.effective_from and day < plan.policy.effective_from:
            share = Fraction(0)
        for a in active:
            if a.kind is AdjustmentKind.EXEMPT:
                share = Fraction(0)
            elif a.kind is AdjustmentKind.REDUCED_SHARE:
                share = min(share, a.share)
        required += share * seconds
        fixed = any(a.kind is AdjustmentKind.FIXED_HOME_DAYS and day.weekday() in a.weekdays
                    for a in active)
        cap += 0 if fixed else seconds
        unplanned_open += seconds if status is Status.UNPLANNED and not fixed else 0
    return available, office, unplanned, min(required, Fraction(cap)), unplanned_open


SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(plans())
def test_totals_match_the_rule_as_written(plan):
    checker = plan.checker(FIRST, FIRST + timedelta(days=DAYS - 1))
    verdicts = checker.verdicts()
    for person in plan.people:
        for v in verdicts.get(person.staff_id, []):
            assert tuple(x * 3600 for x in (v.available, v.office, v.unplanned, v.required,
                                            v.still_open)) == reference_totals(
                plan, person, v.first, v.last)


@SETTINGS
@given(plans(), st.data())
def test_incremental_recheck_equals_a_full_check(plan, data):
    last = FIRST + timedelta(days=DAYS - 1)
    checker = plan.checker(FIRST, last)
    for _ in range(data.draw(st.integers(1, 6))):
        person = data.draw(st.sampled_from(plan.people))
        day = FIRST + timedelta(days=data.draw(st.integers(0, DAYS - 1)))
        plan.rota.set(person.staff_id, day, data.draw(st.sampled_from(list(Status))))
        checker.recheck([(person.staff_id, day)])
    assert checker.conflicts == plan.checker(FIRST, last).conflicts


@SETTINGS
@given(plans(), st.data())
def test_adding_an_office_day_never_adds_a_below_minimum_conflict(plan, data):
    last = FIRST + timedelta(days=DAYS - 1)
    before = {c for c in plan.checker(FIRST, last).conflicts if c.rule is RuleId.BELOW_MINIMUM}
    person = data.draw(st.sampled_from(plan.people))
    day = FIRST + timedelta(days=data.draw(st.integers(0, DAYS - 1)))
    if plan.rota.get(person.staff_id, day) not in (Status.HOME, Status.UNPLANNED):
        return
    plan.rota.set(person.staff_id, day, Status.OFFICE)
    after = {c for c in plan.checker(FIRST, last).conflicts if c.rule is RuleId.BELOW_MINIMUM}
    flagged_before = {(c.staff_id, c.start) for c in before}
    assert {(c.staff_id, c.start) for c in after} <= flagged_before


@SETTINGS
@given(plans())
def test_requirement_never_exceeds_what_can_be_done(plan):
    checker = plan.checker(FIRST, FIRST + timedelta(days=DAYS - 1))
    for verdicts in checker.verdicts().values():
        for v in verdicts:
            assert 0 <= v.required <= v.available


def test_all_statuses_written_are_read_back():
    rota = Rota(["A"])
    for offset, status in enumerate(Status):
        rota.set("A", FIRST + timedelta(days=offset), status)
    assert [rota.get("A", FIRST + timedelta(days=i)) for i in range(len(Status))] == list(Status)
    assert rota.get("A", FIRST - timedelta(days=400)) is Status.UNPLANNED
    rota.set("A", FIRST - timedelta(days=400), Status.HOME)  # grows backwards, keeps the rest
    assert rota.get("A", FIRST + timedelta(days=1)) is Status.OFFICE
    assert rota.get("A", FIRST - timedelta(days=400)) is Status.HOME


@SETTINGS
@given(plans())
def test_verdicts_of_some_people_equal_those_of_everyone(plan):
    checker = plan.checker(FIRST, FIRST + timedelta(days=DAYS - 1))
    everyone = checker.verdicts()
    for person in checker.people:
        assert checker.verdicts([person.staff_id]) == {person.staff_id: everyone[person.staff_id]}


def test_rota_from_a_matrix_reads_and_grows_like_one_built_cell_by_cell():
    import numpy as np
    import pytest

    cells = np.zeros((2, 10), dtype=np.uint8)
    cells[1, 3] = Status.SICK
    rota = Rota.from_matrix(["A", "B"], FIRST, cells)
    assert rota.get("B", FIRST + timedelta(days=3)) is Status.SICK
    assert list(rota.entries()) == [("B", FIRST + timedelta(days=3), Cell.whole(Status.SICK))]
    rota.set("A", FIRST + timedelta(days=500), Status.OFFICE)  # beyond the matrix: it grows
    assert rota.get("B", FIRST + timedelta(days=3)) is Status.SICK
    assert rota.get("A", FIRST + timedelta(days=500)) is Status.OFFICE
    with pytest.raises(ValueError, match="one row per staff id"):
        Rota.from_matrix(["A"], FIRST, cells)
    with pytest.raises(ValueError, match="not a cell code"):
        Rota.from_matrix(["A", "B"], FIRST, cells + 7)
