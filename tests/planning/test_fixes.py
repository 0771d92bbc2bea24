"""Suggest a fix: the fewest changes that solve one conflict and create no other error."""

from __future__ import annotations

from datetime import timedelta
from fractions import Fraction

from deskplan.domain.conflicts import RuleId, Severity
from deskplan.domain.engine import Checker
from deskplan.domain.model import Adjustment, AdjustmentKind, Person, Status, WorkingPattern
from deskplan.domain.policy import Location, Policy, Rule
from deskplan.domain.rota import Rota
from deskplan.planning.fixes import suggest_fixes
from tests.planning.teams import START

POLICY = Policy(rules=(Rule(Fraction(3, 5), category="support"),),
                locations=(Location("Lambeth", 4),))


def _people(count: int) -> list[Person]:
    return [Person(f"S{i:02d}", f"Person {i:02d}", category="support", location="Lambeth")
            for i in range(count)]


def _rota(weeks: dict[str, str]) -> Rota:
    rota = Rota(weeks)
    for staff_id, letters in weeks.items():
        for day, letter in enumerate(letters):
            if letter != ".":
                rota.set(staff_id, START + timedelta(days=day), Status.parse(letter))
    return rota


def _errors(people, adjustments, rota):
    checker = Checker(people, POLICY, adjustments, rota, START, START + timedelta(days=6))
    return {c.key for c in checker.conflicts if c.severity is Severity.ERROR}, checker


def _check_fix(people, adjustments, rota, rule):
    before, checker = _errors(people, adjustments, rota)
    conflict = next(c for c in checker.conflicts if c.rule is rule)
    result = suggest_fixes(people, POLICY, adjustments, rota, conflict)
    assert result.fixes, result.note
    for fix in result.fixes:
        fixed = rota.copy()
        for change in fix.changes:
            assert rota.cell(change.staff_id, change.day) == change.before
            fixed.set_cell(change.staff_id, change.day, change.after)
        after, _ = _errors(people, adjustments, fixed)
        assert conflict.key not in after
        assert after <= before - {conflict.key}
    sizes = [len(f.changes) for f in result.fixes]
    assert sizes == sorted(sizes)
    assert len(result.fixes) <= 3
    return result


def test_a_week_below_the_minimum_gets_the_fewest_office_days_added():
    people = _people(4)
    rota = _rota({"S00": "OHHHH", "S01": "OOOHH", "S02": "HOOOH", "S03": "HHOOO"})
    result = _check_fix(people, [], rota, RuleId.BELOW_MINIMUM)
    best = result.fixes[0]
    assert len(best.changes) == 2  # 60% of 5 days is 3: two more office days
    assert all(c.staff_id == "S00" for c in best.changes)
    assert all(s.startswith("Plan Person 00 in the office on ") for s in best.steps)


def test_an_office_day_on_a_fixed_home_day_is_moved_within_the_week():
    people = _people(2)
    wednesday = START + timedelta(days=2)
    fixed = [Adjustment("S01", AdjustmentKind.FIXED_HOME_DAYS, START,
                        weekdays=frozenset({2}), reference="FW-2024-031")]
    rota = _rota({"S00": "OOOHH", "S01": "OOOHH"})
    result = _check_fix(people, fixed, rota, RuleId.ADJUSTMENT_BREACHED)
    best = result.fixes[0]
    assert len(best.changes) == 2
    assert best.steps[0].startswith("Move Person 01's office day from Wed 8 Jan 2025 to ")
    assert {c.day for c in best.changes} >= {wednesday}


def test_a_day_over_the_desks_moves_someone_to_a_quieter_day():
    people = _people(5)
    rota = _rota({f"S0{i}": "OOOHH" if i < 4 else "OHHOO" for i in range(5)})
    result = _check_fix(people, [], rota, RuleId.OVER_CAPACITY)
    best = result.fixes[0]
    assert len(best.changes) == 2
    assert best.steps[0].startswith("Move Person 0")
    assert "from Mon 6 Jan 2025 to " in best.steps[0]
    assert len(result.fixes) == 3  # several people could move: three different fixes


def test_a_fix_never_mends_other_conflicts_behind_the_manager_s_back():
    people = _people(5)
    # Monday over the desks, and Person 04 short of the minimum: fixing the desks must not
    # quietly rearrange Person 04 as well (that is their own conflict, with its own fix).
    rota = _rota({"S00": "OOOHH", "S01": "OOOHH", "S02": "OOOHH", "S03": "OOOHH",
                  "S04": "OHHHH"})
    result = _check_fix(people, [], rota, RuleId.OVER_CAPACITY)
    assert all(c.staff_id != "S04" or c.after.status is Status.HOME
               for c in result.fixes[0].changes)


def test_an_office_day_on_a_day_off_is_cleared():
    people = [Person("S00", "Part Timer", category="support", location="Lambeth",
                     pattern=WorkingPattern.from_days([0, 1, 2], [27000]))]
    rota = _rota({"S00": "OOHO."})
    result = _check_fix(people, [], rota, RuleId.NON_WORKING_DAY)
    assert result.fixes[0].steps == ("Clear Part Timer's office on Thu 9 Jan 2025",)


def test_conflicts_about_the_person_or_policy_have_no_rota_fix():
    people = [Person("S00", "No Category", location="Lambeth")]
    rota = _rota({"S00": "OOOHH"})
    checker = Checker(people, POLICY, [], rota, START, START + timedelta(days=6))
    conflict = next(c for c in checker.conflicts if c.rule is RuleId.UNCLASSIFIED)
    result = suggest_fixes(people, POLICY, [], rota, conflict)
    assert result.fixes == ()
    assert "no change to the rota solves it" in result.note
