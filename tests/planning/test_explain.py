"""Explanations count in the policy's unit whoever works which day."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from fractions import Fraction

from deskplan.domain.model import Person, WorkingPattern
from deskplan.domain.policy import Location, Measure, Policy, Rule
from deskplan.domain.rota import Rota
from deskplan.interchange.plan_files import load_plan
from deskplan.planning.planner import Outcome, PlanRequest, plan_rota
from deskplan.resources import sample_path
from tests.planning.teams import START

DAY = int(7.5 * 3600)


def test_a_clash_counts_office_days_of_someone_off_on_its_first_day():
    # Five full-timers and one part-timer (Tue-Fri) at 40%: 5 x 2 + 2 = 12 office days for
    # 2 desks x 5 days = 10; the part-timer does not work the Monday the clash starts on.
    staff = [Person(f"S{i}", f"Person {i}", category="support", location="Lambeth")
             for i in range(1, 6)]
    staff.append(Person("S0", "Part Timer", category="support", location="Lambeth",
                        pattern=WorkingPattern.from_days([1, 2, 3, 4], [DAY])))
    policy = Policy(rules=(Rule(Fraction(2, 5), category="support"),), measure=Measure.HOURS,
                    locations=(Location("Lambeth", 2),))
    result = plan_rota(PlanRequest(staff, policy, [], Rota(p.staff_id for p in staff), START,
                                   START + timedelta(days=6)))
    assert result.outcome is Outcome.INFEASIBLE
    sentence = result.reasons[0].sentence()
    assert "6 people based there need at least 12 office days on those days" in sentence
    assert "allow 1 more desk" in sentence


def test_people_of_different_shares_forced_in_on_one_day_are_not_said_to_be_in_all_week():
    plan = load_plan(sample_path("team.csv"), sample_path("rota-wide.csv"),
                     sample_path("adjustments.csv"), sample_path("policy-default.toml"))
    policy = replace(plan.policy, locations=tuple(
        replace(site, capacity=12) if site.name == "Lambeth" else site
        for site in plan.policy.locations))
    result = plan_rota(PlanRequest(plan.people, policy, plan.adjustments, plan.rota,
                                   date(2025, 8, 25), date(2025, 8, 31)))
    assert result.outcome is Outcome.INFEASIBLE
    sentence = result.reasons[0].sentence()
    assert sentence.startswith("Lambeth has 12 desks on Tue 26 Aug 2025, but 13 people must "
                               "all be in that day: 80% of 4 days is 3.2, so all 4")
    assert "60% of 4 days is 2.4, so 3" in sentence
    assert "every day they work" not in sentence
