"""Explanations count in the policy's unit whoever works which day."""

from __future__ import annotations

from datetime import timedelta
from fractions import Fraction

from deskplan.domain.model import Person, WorkingPattern
from deskplan.domain.policy import Location, Measure, Policy, Rule
from deskplan.domain.rota import Rota
from deskplan.planning.planner import Outcome, PlanRequest, plan_rota
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
