"""The planner fills rotas the rule engine accepts, honours preferences where it can, explains
weeks no plan can meet, repeats itself, and stops when asked."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deskplan.domain.conflicts import RuleId, Severity
from deskplan.domain.model import (
    Adjustment,
    AdjustmentKind,
    Cell,
    Person,
    Status,
    WorkingPattern,
)
from deskplan.domain.policy import Location, PeriodKind, Policy, Rule
from deskplan.domain.rota import Rota
from deskplan.planning.planner import Outcome, PlanRequest, plan_rota
from deskplan.planning.preferences import Preference
from deskplan.planning.solver import Control
from tests.planning.clock import SimulatedClock
from tests.planning.teams import START, team

WEEK = timedelta(days=6)


def _working_unplanned(request: PlanRequest, rota: Rota) -> list[tuple[str, date]]:
    checker = PlanRequest.facts(request)
    found = []
    for row, person in enumerate(checker.people):
        for column in range(checker.range_lo, checker.range_hi):
            day = checker.day(column)
            if checker.working[row, column] and rota.cell(person.staff_id, day).code == 0:
                found.append((person.staff_id, day))
    return found


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_feasible_team_is_planned_with_no_error_and_every_working_day_filled(seed):
    sample = team(18, 3, seed=seed)
    request = sample.request(START, START + timedelta(weeks=3, days=-1))
    result = plan_rota(request)
    assert result.outcome.meets_rules
    assert result.checker is not None
    assert not [c for c in result.checker.conflicts if c.severity is Severity.ERROR]
    assert result.errors == []
    assert _working_unplanned(request, result.rota) == []
    # What was set (leave) is kept, and the plan only sets office or home.
    for staff_id, day, cell in sample.rota.entries():
        assert result.rota.cell(staff_id, day) == cell
    for change in result.changes:
        assert change.before.code == 0
        assert {change.after.am, change.after.pm} <= {Status.OFFICE, Status.HOME}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(size=st.integers(3, 14), weeks=st.integers(1, 3), seed=st.integers(0, 10_000),
       desks=st.sampled_from([0.5, 0.7, 0.9, 1.0]), replan=st.booleans())
def test_whenever_the_solver_says_the_rules_are_met_the_engine_agrees(size, weeks, seed, desks,
                                                                      replan):
    sample = team(size, weeks, seed=seed, desks=desks)
    request = sample.request(START, START + timedelta(weeks=weeks, days=-1), replan=replan,
                             time_limit=5)
    result = plan_rota(request)
    errors = [c for c in result.checker.conflicts if c.severity is Severity.ERROR] \
        if result.checker else []
    if result.outcome.meets_rules:
        assert errors == []
    else:
        assert result.outcome is Outcome.INFEASIBLE
        assert result.reasons, "an infeasible plan is always explained"


def _one_site_team(people: int, desks: int, share: Fraction = Fraction(4, 5)
                   ) -> tuple[list[Person], Policy]:
    staff = [Person(f"S{i:02d}", f"Person {i:02d}", role="Call handler",
                    category="operational", location="Lambeth") for i in range(people)]
    policy = Policy(rules=(Rule(share, category="operational"),),
                    locations=(Location("Lambeth", desks), Location("Hendon", 30)))
    return staff, policy


def test_preferences_are_honoured_when_the_rules_allow():
    staff, policy = _one_site_team(6, 6, Fraction(2, 5))
    preferences = {
        "S00": Preference("S00", office_days=frozenset({1, 3})),
        "S01": Preference("S01", unavailable_days=frozenset({0, 1, 2})),
        "S02": Preference("S02", home_days=frozenset({0, 4})),
    }
    request = PlanRequest(staff, policy, [], Rota(p.staff_id for p in staff), START,
                          START + timedelta(weeks=2, days=-1), preferences=preferences)
    result = plan_rota(request)
    assert result.outcome is Outcome.OPTIMAL
    assert result.unmet_preferences == []
    for week in range(2):
        monday = START + timedelta(weeks=week)
        office = {p: {d for d in range(5) if result.rota.cell(p, monday + timedelta(days=d))
                      .am is Status.OFFICE} for p in ("S00", "S01", "S02")}
        assert office["S00"] == {1, 3}  # 40% of 5 days is 2: exactly the usual days
        assert office["S01"] == {3, 4}
        assert not office["S02"] & {0, 4}
    assert "everyone meets the minimum" in result.summary()


def test_a_preference_the_rules_cannot_allow_is_named_in_the_summary():
    staff, policy = _one_site_team(2, 2)
    preferences = {"S00": Preference("S00", unavailable_days=frozenset({0, 1}))}
    request = PlanRequest(staff, policy, [], Rota(p.staff_id for p in staff), START,
                          START + WEEK, preferences=preferences)
    result = plan_rota(request)
    assert result.outcome.meets_rules  # 80% of 5 days is 4: one of Mon/Tue must go
    assert len(result.unmet_preferences) == 1
    assert "Person 00 in the office on a day they cannot come in" in result.unmet_preferences[0]
    assert "1 preference could not be met: Person 00" in result.summary()


def test_routines_repeat_the_same_days_each_week():
    staff, policy = _one_site_team(8, 8, Fraction(3, 5))
    request = PlanRequest(staff, policy, [], Rota(p.staff_id for p in staff), START,
                          START + timedelta(weeks=4, days=-1))
    result = plan_rota(request)
    for person in staff:
        weeks = [frozenset(d for d in range(5) if result.rota.cell(
            person.staff_id, START + timedelta(weeks=w, days=d)).am is Status.OFFICE)
            for w in range(4)]
        assert len(set(weeks)) == 1, (person.staff_id, weeks)
        assert len(weeks[0]) == 3


def test_desks_are_shared_across_the_week():
    staff, policy = _one_site_team(10, 10, Fraction(3, 5))
    request = PlanRequest(staff, policy, [], Rota(p.staff_id for p in staff), START,
                          START + WEEK)
    result = plan_rota(request)
    per_day = [sum(result.rota.cell(p.staff_id, START + timedelta(days=d)).am is Status.OFFICE
                   for p in staff) for d in range(5)]
    assert sum(per_day) == 30
    assert max(per_day) - min(per_day) <= 1


def test_the_bank_holiday_week_with_too_few_desks_is_explained_with_site_day_and_rule():
    # Week of 5 May 2025: Monday is a bank holiday; 80% of 4 days is 3.2, so all 4.
    staff, policy = _one_site_team(19, 18)
    monday = date(2025, 5, 5)
    request = PlanRequest(staff, policy, [], Rota(p.staff_id for p in staff), monday,
                          monday + WEEK)
    result = plan_rota(request)
    assert result.outcome is Outcome.INFEASIBLE
    reason = result.reasons[0]
    assert reason.sites == ("Lambeth",)
    assert set(reason.rule_names) == {"over-capacity", "below-minimum"}
    assert len(reason.days) == 1
    assert reason.days[0].weekday() in range(1, 5)
    day = reason.days[0]
    sentence = reason.sentence()
    assert sentence.startswith(f"Lambeth has 18 desks on {day:%a} {day.day} {day:%b %Y}, but "
                               "19 people must be in that week on the 4 days it is open: 80% "
                               "of 4 days is 3.2, so all 4.")
    assert "allow 1 more desk" in sentence
    assert "plan by month" in sentence
    # The best plan that breaks the fewest rules: one person one day short, nothing else.
    assert [c.rule for c in result.errors] == [RuleId.BELOW_MINIMUM]
    assert "breaks 1 rule" in result.summary()
    assert _working_unplanned(request, result.rota) == []


def test_a_rule_the_days_already_set_break_is_its_own_reason():
    staff, policy = _one_site_team(2, 5)
    rota = Rota(p.staff_id for p in staff)
    for d in range(3):
        rota.set("S00", START + timedelta(days=d), Status.HOME)
    request = PlanRequest(staff, policy, [], rota, START, START + WEEK)
    result = plan_rota(request)
    assert result.outcome is Outcome.INFEASIBLE
    assert len(result.reasons) == 1
    assert result.reasons[0].sentence() == (
        "Person 00 needs 4 days (80% of 5 days is 4) in the office in the week of 6 January "
        "2025, but the days already set there leave at most 15 h. Options: re-plan the days "
        "already set, or check the leave and arrangements recorded.")
    # Still planned as far as possible: both open days in the office.
    assert all(result.rota.cell("S00", START + timedelta(days=d)).am is Status.OFFICE
               for d in (3, 4))
    replanned = plan_rota(PlanRequest(staff, policy, [], rota, START, START + WEEK,
                                      replan=True))
    assert replanned.outcome is Outcome.OPTIMAL
    assert len([c for c in replanned.changes if c.before.code]) == 2  # the fewest changes


def test_a_fixed_home_day_is_never_planned_in_the_office():
    staff, policy = _one_site_team(3, 3)
    fixed = Adjustment("S01", AdjustmentKind.FIXED_HOME_DAYS, START,
                       weekdays=frozenset({0, 2}))
    request = PlanRequest(staff, policy, [fixed], Rota(p.staff_id for p in staff), START,
                          START + WEEK)
    result = plan_rota(request)
    assert result.outcome.meets_rules
    assert result.rota.cell("S01", START).am is Status.HOME
    assert result.rota.cell("S01", START + timedelta(days=2)).am is Status.HOME


def test_a_cap_that_leaves_half_a_day_is_planned_in_halves():
    # 60% of 37.5 h asked, at most 50% allowed: the engine lowers the minimum to 18.75 h,
    # two and a half days.
    staff, policy = _one_site_team(1, 5, Fraction(3, 5))
    cap = Adjustment("S00", AdjustmentKind.MAX_SHARE, START, share=Fraction(1, 2))
    request = PlanRequest(staff, policy, [cap], Rota(["S00"]), START, START + WEEK)
    result = plan_rota(request)
    assert result.outcome.meets_rules
    cells = [result.rota.cell("S00", START + timedelta(days=d)) for d in range(5)]
    office_halves = sum((c.am is Status.OFFICE) + (c.pm is Status.OFFICE) for c in cells)
    assert office_halves == 5
    # Two whole days and one half: not the halves spread over the week to level the desks.
    assert sum(c.is_split for c in cells) == 1


@pytest.mark.parametrize(("share", "cap"), [(Fraction(3, 5), Fraction(4, 5)),
                                          (Fraction(1, 2), Fraction(4, 5)),
                                          (Fraction(3, 5), Fraction(7, 10)),
                                          (Fraction(3, 5), Fraction(3, 5))])
def test_a_cap_with_room_for_whole_days_is_planned_in_whole_days(share, cap):
    # A half day is planned only where the cap leaves no plan of whole days: 60% (or 50%)
    # asked and 80%, 70% or 60% allowed is three whole days a week, never halves spread over
    # the week (it was "O/H H/O O/H O O/H").
    staff, policy = _one_site_team(1, 5, share)
    arrangement = Adjustment("S00", AdjustmentKind.MAX_SHARE, START, share=cap)
    last = START + timedelta(weeks=4, days=-1)
    result = plan_rota(PlanRequest(staff, policy, [arrangement], Rota(["S00"]), START, last))
    assert result.outcome.meets_rules
    cells = [result.rota.cell("S00", START + timedelta(days=d)) for d in range(28)]
    assert not any(c.is_split for c in cells)
    for week in range(4):
        assert sum(c.am is Status.OFFICE for c in cells[7 * week:7 * week + 5]) == 3


def test_people_not_asked_for_are_left_alone():
    staff, policy = _one_site_team(4, 4)
    request = PlanRequest(staff, policy, [], Rota(p.staff_id for p in staff), START,
                          START + WEEK, staff_ids=frozenset({"S00", "S02"}))
    result = plan_rota(request)
    assert result.outcome.meets_rules
    assert {c.staff_id for c in result.changes} == {"S00", "S02"}


def test_locked_and_set_days_are_kept():
    staff, policy = _one_site_team(2, 2, Fraction(2, 5))
    rota = Rota(p.staff_id for p in staff)
    rota.set_cell("S00", START, Cell(Status.LEAVE, Status.UNPLANNED))
    rota.set("S00", START + timedelta(days=1), Status.HOME)
    request = PlanRequest(staff, policy, [], rota, START, START + WEEK,
                          locked=frozenset({("S01", START + timedelta(days=4))}))
    result = plan_rota(request)
    assert result.rota.cell("S00", START).am is Status.LEAVE
    assert result.rota.cell("S00", START).pm in (Status.OFFICE, Status.HOME)
    assert result.rota.cell("S00", START + timedelta(days=1)).am is Status.HOME
    assert result.rota.cell("S01", START + timedelta(days=4)).code == 0


def test_the_same_request_gives_the_same_plan():
    sample = team(30, 4, seed=7)
    request = sample.request(START, START + timedelta(weeks=4, days=-1))
    first = plan_rota(request)
    second = plan_rota(request)
    assert first.changes == second.changes
    assert first.objective == second.objective


def test_stop_returns_the_best_plan_found_so_far():
    sample = team(60, 6, seed=3)
    request = sample.request(START, START + timedelta(weeks=6, days=-1), time_limit=30)
    control = Control()
    seen = []

    def progress(update):
        seen.append(update)
        if update.solutions >= 1:
            control.stop()

    result = plan_rota(request, progress=progress, control=control)
    assert result.stopped
    assert result.outcome in (Outcome.FEASIBLE, Outcome.OPTIMAL)
    assert result.errors == []
    assert seen
    assert seen[0].phase == "planning"
    assert "Stopped" in result.summary()


def test_stopped_before_anything_is_found_there_is_no_plan():
    sample = team(10, 2, seed=3)
    control = Control()
    control.stop()
    result = plan_rota(sample.request(START, START + timedelta(weeks=2, days=-1)),
                       control=control)
    assert result.outcome is Outcome.NO_PLAN
    assert result.changes == []
    assert result.summary() == "No plan was found before you stopped."


def test_a_monthly_minimum_is_planned_across_the_month():
    staff = [Person("P1", "Part Timer", category="support", location="HQ",
                    pattern=WorkingPattern.from_days([0, 1, 2], [27000]))]
    policy = Policy(rules=(Rule(Fraction(3, 5), category="support"),), period=PeriodKind.MONTH)
    first = date(2025, 3, 1)
    request = PlanRequest(staff, policy, [], Rota(["P1"]), first, date(2025, 3, 31))
    result = plan_rota(request)
    assert result.outcome.meets_rules
    verdicts = result.checker.verdicts()["P1"]
    assert all(v.state.name == "MET" for v in verdicts)


def _bank_holiday_week(time_limit: float) -> PlanRequest:
    staff, policy = _one_site_team(19, 18)  # 19 must be in all 4 days; 18 desks
    monday = date(2025, 5, 5)
    return PlanRequest(staff, policy, [], Rota(p.staff_id for p in staff), monday,
                       monday + WEEK, time_limit=time_limit)


def test_an_infeasible_week_shares_the_time_limit_and_says_the_explanation_was_cut_short(
        monkeypatch):
    clock = SimulatedClock(monkeypatch, step=1.0)
    result = plan_rota(_bank_holiday_week(time_limit=10))
    assert result.outcome is Outcome.INFEASIBLE
    walls = [wall for _, wall, _ in clock.searches]
    # The first search may have it all; it proves the week infeasible (taking 1 s here).
    # Then a third of the 9 s left explains, each search given what is left of that third,
    # until it is gone; the plan breaking the fewest rules gets the rest, 6 s.
    assert walls[0] == 10
    assert walls[1:4] == [3, 2, 1]
    assert walls[-1] == clock.searches[-1][2] == 6
    assert len(walls) == 5
    assert all(wall <= left for left, wall, _ in clock.searches)
    assert sum(min(1.0, wall) for wall in walls) <= 10
    # The clash found is still true, but the search for a minimal one was cut short, and the
    # result says so; the plan breaking the fewest rules is there.
    assert not result.explanation_complete
    assert result.reasons
    assert "over-capacity" in result.reasons[0].rule_names
    assert result.summary().endswith(" The search for why was cut short by the time limit: "
                                     "there may be more reasons; allow more time to find them.")
    assert result.checker is not None
    assert [c.rule for c in result.errors] == [RuleId.BELOW_MINIMUM]


def test_with_no_time_left_after_the_first_search_the_week_is_still_called_infeasible(
        monkeypatch):
    clock = SimulatedClock(monkeypatch, step=5.0)
    result = plan_rota(_bank_holiday_week(time_limit=5))
    assert [wall for _, wall, _ in clock.searches] == [5]  # nothing more was searched
    assert result.outcome is Outcome.INFEASIBLE
    assert not result.explanation_complete
    assert result.checker is None
    assert result.summary().startswith("No plan meets every rule, and the time ran out "
                                       "before a plan breaking the fewest rules was found.")


def test_given_time_the_explanation_is_complete_and_no_search_outlasts_the_limit(monkeypatch):
    clock = SimulatedClock(monkeypatch, step=0.1)
    result = plan_rota(_bank_holiday_week(time_limit=60))
    assert result.explanation_complete
    assert "cut short" not in result.summary()
    assert set(result.reasons[0].rule_names) == {"over-capacity", "below-minimum"}
    assert all(wall <= left for left, wall, _ in clock.searches)
    assert clock.now <= 60
