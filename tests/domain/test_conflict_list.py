"""The checker's conflicts are counted from arrays and built when read: the list it returns
must be the plain one — every conflict, in `sort_key` order, counted the same — and stay so
after edits."""

from datetime import timedelta
from fractions import Fraction

import pytest

from deskplan.domain.conflicts import Conflict, ConflictList, RuleId, Severity
from deskplan.domain.model import Adjustment, AdjustmentKind, Status
from deskplan.domain.policy import Location, Policy, Rule
from deskplan.domain.rules.base import Bulk, in_order, judged

from .helpers import MON, pattern, person, plan, week


def busy_plan():
    """Unplanned days, days short, non-working days and a fixed home day broken, a site over
    its desks and an arrangement due for review: bulks and conflicts kept one by one."""
    people = [person(f"P{i}", name=f"Person {i}", pattern=pattern("Mon-Wed" if i % 3 else
                                                                   "Mon-Fri"))
              for i in (5, 1, 12, 3, 4, 20)]
    cells = {
        "P5": week("OOOOOHH") + week("HH", MON + timedelta(days=7)),
        "P1": week("HHHHH"),
        "P12": week("OO.O"),
        "P3": week(".....") + week("OOOO", MON + timedelta(days=7)),
        "P4": week("OOOOO"),
        "P20": week("LLHHO"),
    }
    policy = Policy(rules=(Rule(Fraction(3, 5)),), locations=(Location("HQ", 2),))
    adjustments = [
        Adjustment("P4", AdjustmentKind.FIXED_HOME_DAYS, MON, weekdays=frozenset({0}),
                   review_date=MON + timedelta(days=3)),
        Adjustment("P20", AdjustmentKind.REDUCED_SHARE, MON, share=Fraction(1, 5)),
    ]
    return plan(people, cells, policy, adjustments)


def every_conflict(checker) -> list[Conflict]:
    """The plain way: every family's pairs, each conflict built, sorted by `sort_key`."""
    found = [c for family in checker._families for _, conflicts in in_order(judged(family))
             for c in conflicts]
    return sorted(found, key=lambda c: c.sort_key)


def test_the_list_is_every_conflict_in_order_and_counted_the_same():
    p = busy_plan()
    checker = p.checker(MON, MON + timedelta(days=13))
    assert any(isinstance(item, Bulk) for family in checker._families
               for item in judged(family))
    conflicts = checker.conflicts
    assert isinstance(conflicts, ConflictList)
    expected = every_conflict(p.checker(MON, MON + timedelta(days=13)))
    assert {c.rule for c in expected} >= {RuleId.UNPLANNED, RuleId.BELOW_MINIMUM,
                                          RuleId.NON_WORKING_DAY, RuleId.ADJUSTMENT_BREACHED,
                                          RuleId.OVER_CAPACITY, RuleId.REVIEW_DUE}
    assert len(conflicts) == len(expected)
    assert [c.to_json() for c in conflicts] == [c.to_json() for c in expected]
    assert conflicts == expected
    assert expected == conflicts
    errors = sum(1 for c in expected if c.severity is Severity.ERROR)
    assert (checker.counts.errors, checker.counts.warnings) == (errors, len(expected) - errors)


def test_indexing_slicing_and_reading_again_give_the_same_objects():
    checker = busy_plan().checker(MON, MON + timedelta(days=13))
    conflicts = checker.conflicts
    everything = list(conflicts)
    assert conflicts[0] is everything[0]
    assert conflicts[-1] is everything[-1]
    assert conflicts[2:5] == everything[2:5]
    assert all(a is b for a, b in zip(checker.conflicts, everything, strict=True))
    with pytest.raises(IndexError):
        conflicts[len(everything)]
    assert bool(conflicts)
    assert conflicts != everything[:-1]


def test_after_edits_the_list_is_a_fresh_checks():
    p = busy_plan()
    last = MON + timedelta(days=13)
    checker = p.checker(MON, last)
    before = list(checker.conflicts)
    edits = [("P5", MON + timedelta(days=8), Status.OFFICE),  # an unplanned day planned
             ("P3", MON, Status.HOME), ("P1", MON + timedelta(days=5), Status.OFFICE),
             ("P4", MON, Status.HOME)]  # the fixed home day kept
    for staff_id, day, status in edits:
        p.rota.set(staff_id, day, status)
        delta = checker.recheck([(staff_id, day)])
        assert delta.removed or delta.added
    fresh = p.checker(MON, last)
    assert [c.to_json() for c in checker.conflicts] == [c.to_json() for c in fresh.conflicts]
    assert checker.counts == fresh.counts
    assert checker.conflicts != before
