"""Plan against actual: the same checker judges what happened, and the evidence lists only the
contracted office days that nothing excuses."""

from datetime import date, timedelta
from fractions import Fraction

from deskplan.domain.actuals import (
    actual_checker,
    confirm_as_planned,
    differences,
    evidence,
)
from deskplan.domain.conflicts import RuleId
from deskplan.domain.model import Adjustment, AdjustmentKind, Cell, Status
from deskplan.domain.policy import Policy, Rule
from deskplan.domain.rota import Rota
from tests.domain.helpers import person, plan, week

EASTER = date(2025, 4, 14)  # Good Friday 18 April is a bank holiday in England
PLAIN = date(2025, 4, 7)  # no bank holiday
POLICY = Policy(rules=(Rule(Fraction(4, 5), category="support"),))


def actual(cells: dict[str, list[tuple[date, Status]]]) -> Rota:
    rota = Rota()
    for staff_id, days in cells.items():
        for day, status in days:
            rota.set(staff_id, day, status)
    return rota


def team_plan():
    people = [person("P1"), person("P2"), person("P3"), person("P4")]
    cells = {
        "P1": week("OOOOO", EASTER),  # office planned on Good Friday too (a conflict)
        "P2": week("OOOOO", PLAIN),
        "P3": week("OOOOO", PLAIN),
        "P4": week("OOOO.", PLAIN),
    }
    arrangements = [
        Adjustment("P2", AdjustmentKind.FIXED_HOME_DAYS, date(2025, 1, 1),
                   weekdays=frozenset({2}), reference="FW-1"),
        Adjustment("P3", AdjustmentKind.EXEMPT, date(2025, 1, 1), reference="RA-9"),
    ]
    return plan(people, cells, POLICY, arrangements)


def happened() -> Rota:
    return actual({
        # Mon at home, Tue sick, Wed on leave, Thu in, Fri (bank holiday) nothing.
        "P1": week("HSLO.", EASTER),
        # Mon and Tue in, Wed (fixed home day) at home, Thu at home, Fri not recorded.
        "P2": week("OOHH.", PLAIN),
        # Exempt: at home all week.
        "P3": week("HHHHH", PLAIN),
        # Thursday at home but Friday in: four days, the minimum met.
        "P4": week("OOOHO", PLAIN),
    })


def test_only_unexcused_office_days_in_short_periods_are_listed():
    found = evidence(team_plan(), happened(), date(2025, 4, 7), date(2025, 4, 20))
    listed = [(m.staff_id, m.day, m.recorded_as) for m in found.missed]
    assert listed == [  # person by person, day by day
        # P1: sick Tuesday and on leave Wednesday lower the requirement to 80% of 15 h
        # (12 h, 2 days); Thursday alone is short, so Monday at home is listed.
        ("P1", date(2025, 4, 14), "Home"),
        # P2: 30 h required (all the time outside the fixed Wednesday), 15 h attended.
        ("P2", date(2025, 4, 10), "Home"),
        ("P2", date(2025, 4, 11), "not recorded"),
    ]


def test_a_week_not_over_lists_no_day_and_nothing_still_to_come():
    # As of Thursday 10 April, P2's week (Wednesday at home on a fixed day, Thursday at home,
    # Friday not recorded yet) can still be met, so nothing of it is listed; the week before
    # and after are judged as before once they are over.
    thursday = date(2025, 4, 10)
    found = evidence(team_plan(), happened(), date(2025, 4, 7), date(2025, 4, 20),
                     as_of=thursday)
    assert found.missed == ()
    assert {(p.staff_id, p.first, p.ended) for p in found.periods if p.staff_id == "P2"} == {
        ("P2", date(2025, 4, 7), False), ("P2", date(2025, 4, 14), False)}
    after = evidence(team_plan(), happened(), date(2025, 4, 7), date(2025, 4, 20),
                     as_of=date(2025, 4, 13))  # the Sunday the first week ends
    assert [(m.staff_id, m.day) for m in after.missed] == [
        ("P2", date(2025, 4, 10)), ("P2", date(2025, 4, 11))]


def test_each_listed_day_says_which_rule_made_it_count():
    found = evidence(team_plan(), happened(), date(2025, 4, 7), date(2025, 4, 20))
    monday = next(m for m in found.missed if m.staff_id == "P1")
    assert monday.rule == "80% under the policy for support staff"
    assert monday.period == "the week of 14 April 2025: 12 h required, 7.5 h attended"
    assert monday.planned == Cell.whole(Status.OFFICE)
    assert monday.days == 1
    assert {m.staff_id for m in found.missed} == {"P1", "P2"}  # P3 exempt, P4 met


def test_excused_days_are_never_listed():
    found = evidence(team_plan(), happened(), date(2025, 4, 7), date(2025, 4, 20))
    days = {(m.staff_id, m.day) for m in found.missed}
    assert ("P1", date(2025, 4, 15)) not in days  # sick
    assert ("P1", date(2025, 4, 16)) not in days  # leave
    assert ("P1", date(2025, 4, 18)) not in days  # Good Friday
    assert ("P2", date(2025, 4, 9)) not in days  # fixed home day
    assert not any(s == "P3" for s, _ in days)  # exempt


def test_period_figures_are_required_planned_and_attended():
    found = evidence(team_plan(), happened(), date(2025, 4, 7), date(2025, 4, 20))
    p1 = next(p for p in found.periods if p.staff_id == "P1" and p.first == EASTER)
    assert (p1.required, p1.planned, p1.attended, p1.met) == (12, 30, Fraction(15, 2), False)
    p4 = next(p for p in found.periods if p.staff_id == "P4" and p.first == PLAIN)
    assert (p4.required, p4.attended, p4.met) == (30, 30, True)
    unrecorded = next(p for p in found.periods if p.staff_id == "P4" and p.first == EASTER)
    assert not unrecorded.recorded


def test_private_evidence_names_no_arrangement():
    plan_ = team_plan()
    plan_.adjustments = [Adjustment("P1", AdjustmentKind.REDUCED_SHARE, date(2025, 1, 1),
                                    share=Fraction(3, 5), reference="RA-1")]
    found = evidence(plan_, happened(), EASTER, EASTER + timedelta(days=6))
    (monday,) = [m for m in found.missed if m.staff_id == "P1"]
    assert monday.rule == "60% under an individual arrangement"
    named = evidence(plan_, happened(), EASTER, EASTER + timedelta(days=6), private=False)
    assert named.missed[0].rule == "60% under arrangement RA-1"


def test_the_checker_judges_actuals_with_the_same_rules():
    plan_ = team_plan()
    judged = actual_checker(plan_.people, plan_.policy, plan_.adjustments, happened(),
                            PLAIN, PLAIN + timedelta(days=6))
    short = {c.staff_id for c in judged.conflicts if c.rule is RuleId.BELOW_MINIMUM}
    # P2: even an office Friday (not recorded) would give 22.5 of 30 h; P4 was in 4 days.
    assert short == {"P2"}
    assert judged.summary("P4").mark == "✓"


def test_confirm_as_planned_fills_only_what_is_not_recorded():
    plan_ = team_plan()
    actuals = actual({"P4": [(PLAIN + timedelta(days=3), Status.SICK)]})
    changes = confirm_as_planned(plan_.rota, actuals, ["P4"], PLAIN, PLAIN + timedelta(days=6))
    assert [(day.weekday(), cell.am) for _, day, cell in changes] == [
        (0, Status.OFFICE), (1, Status.OFFICE), (2, Status.OFFICE)]  # Thursday stays sick


def test_differences_mark_recorded_days_unlike_the_plan():
    plan_ = team_plan()
    found = differences(plan_.rota, happened(), ["P4"], PLAIN, PLAIN + timedelta(days=6))
    assert found.tolist() == [[False, False, False, True, True, False, False]]
