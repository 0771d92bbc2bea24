"""What the people and the policy alone decide is kept for the next check (`facts._Calendar`):
a check that reuses it must judge exactly as a check that works it out afresh, whatever the
checks before it had as rota and arrangements."""

from datetime import timedelta
from fractions import Fraction

import pytest

from deskplan.domain import facts
from deskplan.domain.model import Adjustment, AdjustmentKind
from deskplan.domain.plan import Plan
from deskplan.domain.policy import Policy, Rule

from .helpers import MON, pattern, person, plan, week

LAST = MON + timedelta(days=13)


def team() -> Plan:
    people = [person(f"P{i}", pattern=pattern("Mon-Wed" if i % 2 else "Mon-Fri"))
              for i in range(4)]
    cells = {f"P{i}": week("OHHOH") + week("OO.HH", MON + timedelta(days=7)) for i in range(4)}
    return plan(people, cells, Policy(rules=(Rule(Fraction(3, 5)),)))


def judged(p: Plan) -> tuple[list[dict[str, object]], list[str]]:
    checker = p.checker(MON, LAST)
    return ([c.to_json() for c in checker.conflicts],
            [repr(v) for vs in checker.verdicts().values() for v in vs])


def afresh(p: Plan) -> tuple[list[dict[str, object]], list[str]]:
    facts._RECENT.clear()
    return judged(p)


def test_a_second_check_of_the_same_people_and_policy_shares_their_matrices_read_only():
    p = team()
    first, second = p.checker(MON, LAST), p.checker(MON, LAST)
    assert second.facts.time is first.facts.time
    with pytest.raises(ValueError, match="read-only"):
        second.facts.working[0, 0] = False


def test_arrangements_of_one_check_do_not_reach_the_next():
    p = team()
    expected = afresh(p)
    lowered = Plan(people=p.people, rota=p.rota, policy=p.policy, adjustments=[
        Adjustment("P0", AdjustmentKind.REDUCED_SHARE, MON, share=Fraction(1, 5)),
        Adjustment("P1", AdjustmentKind.EXEMPT, MON)])
    assert judged(lowered) != expected  # the same people and policy, other arrangements
    assert judged(p) == expected


def test_another_rota_of_the_same_people_is_judged_on_its_own_cells():
    p = team()
    judged(p)
    other = team()
    other = Plan(people=p.people, rota=other.rota, policy=p.policy)
    other.rota.set("P2", MON + timedelta(days=9), week("O")[0][1])
    found = judged(other)
    assert found == afresh(other)
    assert found != afresh(p)
