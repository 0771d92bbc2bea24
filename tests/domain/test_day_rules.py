"""Per-day, per-location and per-person rules: days off, fixed home days, desks, cover, reviews."""

from dataclasses import replace
from datetime import date, timedelta
from fractions import Fraction

from deskplan.domain.conflicts import RuleId
from deskplan.domain.engine import SharedDesks
from deskplan.domain.model import (
    Adjustment,
    AdjustmentKind,
    Cell,
    Nation,
    Status,
    with_timeline,
)
from deskplan.domain.policy import CoverageRule, Location, PeriodKind, Policy, Rule

from .helpers import MON, check, only, pattern, person, plan, rules, week


def test_office_on_a_day_outside_the_pattern():
    p = plan([person(name="Eve Eden", pattern=pattern("Mon-Wed"))], {"P1": week("OOHO")})
    (conflict,) = only(check(p), RuleId.NON_WORKING_DAY)
    assert conflict.message == (
        "Eve Eden is planned in the office on Thu 9 Jan 2025, which is not a working day for "
        "them: they do not work on Thursdays."
    )
    assert conflict.start == conflict.end == MON + timedelta(days=3)


def test_home_and_training_on_a_day_off_are_flagged_leave_is_not():
    p = plan([person(pattern=pattern("Mon-Wed"))], {"P1": week("OOHHTLS")})
    flagged = [c.start.weekday() for c in only(check(p), RuleId.NON_WORKING_DAY)]
    assert flagged == [3, 4]  # Thu home, Fri training; leave and sickness on days off are harmless


def test_bank_holiday_depends_on_the_nation():
    st_andrews = date(2025, 12, 1)  # Mon: St Andrew's Day (observed) in Scotland only
    people = [person("S1", nation=Nation.SCOTLAND), person("E1", nation=Nation.ENGLAND)]
    p = plan(people, {"S1": week("OOOHH", st_andrews), "E1": week("OOOHH", st_andrews)})
    conflicts = check(p, st_andrews)
    (conflict,) = only(conflicts, RuleId.NON_WORKING_DAY)
    assert conflict.staff_id == "S1"
    assert "St. Andrew's Day" in conflict.message or "Andrew" in conflict.message
    assert "bank holiday in Scotland" in conflict.message


def test_northern_ireland_twelfth_of_july():
    twelfth = date(2025, 7, 14)  # Sat 12 July 2025 moves to Mon 14 July in Northern Ireland
    p = plan([person(nation=Nation.NORTHERN_IRELAND)], {"P1": week("OOOHH", twelfth)})
    (conflict,) = only(check(p, twelfth), RuleId.NON_WORKING_DAY)
    assert conflict.start == twelfth


def test_outside_employment():
    leaver = person(name="Lee Ver", end_date=MON + timedelta(days=1))
    p = plan([leaver], {"P1": week("OOO")})
    (conflict,) = only(check(p), RuleId.NON_WORKING_DAY)
    assert "they left on Tue 7 Jan 2025" in conflict.message
    starter = person(name="Sam Tart", start_date=MON + timedelta(days=1))
    (conflict,) = only(check(plan([starter], {"P1": week("O")})), RuleId.NON_WORKING_DAY)
    assert "they start on Tue 7 Jan 2025" in conflict.message


def test_office_on_a_fixed_home_day_breaches_the_arrangement():
    adj = Adjustment("P1", AdjustmentKind.FIXED_HOME_DAYS, MON + timedelta(days=2),
                     weekdays=frozenset({0, 2}), reference="FW-7")
    p = plan([person(name="Ben Bell")], {"P1": week("OOOHO")}, adjustments=[adj])
    (conflict,) = only(check(p), RuleId.ADJUSTMENT_BREACHED)
    # Monday is before the arrangement starts, so only Wednesday breaches it.
    assert conflict.start == MON + timedelta(days=2)
    assert conflict.message == (
        "Ben Bell is planned in the office on Wed 8 Jan 2025, a fixed home day under "
        "arrangement FW-7."
    )
    training = plan([person()], {"P1": week("OOTHO")}, adjustments=[adj])
    assert only(check(training), RuleId.ADJUSTMENT_BREACHED) == []


def test_a_day_conflict_at_another_site_names_the_site():
    adj = Adjustment("P1", AdjustmentKind.FIXED_HOME_DAYS, MON, weekdays=frozenset({2}),
                     reference="FW-7")
    policy = Policy(rules=Policy.default().rules,
                    locations=(Location("Lambeth", 40), Location("Hendon", 30)))
    p = plan([person(name="Ben Bell", location="Lambeth", pattern=pattern("Mon-Thu"))], {},
             policy, [adj])
    p.rota.set_cell("P1", MON + timedelta(days=2), Cell(Status.OFFICE, Status.OFFICE,
                                                        "Hendon", "Hendon"))
    p.rota.set_cell("P1", MON + timedelta(days=4), Cell(Status.OFFICE, Status.HOME, "Hendon"))
    conflicts = check(p)
    [breach] = only(conflicts, RuleId.ADJUSTMENT_BREACHED)
    assert breach.message == ("Ben Bell is planned in the office at Hendon on Wed 8 Jan 2025, "
                              "a fixed home day under arrangement FW-7.")
    [off] = only(conflicts, RuleId.NON_WORKING_DAY)
    assert off.message.startswith("Ben Bell is planned in the office at Hendon for half the "
                                  "day on Fri 10 Jan 2025, which is not a working day")


def test_fixed_home_day_that_ended_is_not_breached():
    adj = Adjustment("P1", AdjustmentKind.FIXED_HOME_DAYS, MON - timedelta(days=30),
                     end=MON - timedelta(days=1), weekdays=frozenset({0}))
    p = plan([person()], {"P1": week("OOOHH")}, adjustments=[adj])
    assert check(p) == []


def test_review_due_on_or_before_the_end_of_the_range():
    due = Adjustment("P1", AdjustmentKind.EXEMPT, MON - timedelta(days=60),
                     review_date=MON + timedelta(days=6), reference="RA-3")
    later = Adjustment("P1", AdjustmentKind.EXEMPT, MON - timedelta(days=60),
                       review_date=MON + timedelta(days=7))
    conflicts = check(plan([person()], {"P1": week("HHHHH")}, adjustments=[due, later]))
    (conflict,) = only(conflicts, RuleId.REVIEW_DUE)
    assert conflict.start == conflict.end == MON + timedelta(days=6)
    assert conflict.severity.value == "warning"
    assert conflict.message == (
        "Arrangement RA-3 for Person P1 is due for review on Sun 12 Jan 2025."
    )


def test_review_of_an_arrangement_that_ended_before_the_range_is_not_raised():
    ended = Adjustment("P1", AdjustmentKind.EXEMPT, MON - timedelta(days=60),
                       end=MON - timedelta(days=1), review_date=MON - timedelta(days=30))
    assert only(check(plan([person()], {}, adjustments=[ended])), RuleId.REVIEW_DUE) == []


def _capacity_policy(capacity: int) -> Policy:
    return Policy(rules=Policy.default().rules, locations=(Location("HQ", capacity),))


def test_over_capacity_counts_office_not_training():
    people = [person(f"P{i}") for i in range(3)]
    cells = {"P0": week("O"), "P1": week("O"), "P2": week("T")}
    assert only(check(plan(people, cells, _capacity_policy(2))), RuleId.OVER_CAPACITY) == []
    cells["P2"] = week("O")
    (conflict,) = only(check(plan(people, cells, _capacity_policy(2))), RuleId.OVER_CAPACITY)
    assert conflict.location == "HQ"
    assert conflict.staff_id is None
    assert conflict.message == (
        "3 people are planned in the office at HQ on Mon 6 Jan 2025; it has 2 desks."
    )


def test_other_teams_desks_counted_later_give_the_verdict_of_counting_them_at_once():
    """A window counts other teams' desks after its first check: `share_desks` must leave
    the checker exactly as one built with them, and say what changed."""
    people = [person(f"P{i}") for i in range(3)]
    cells = {"P0": week("OOOOO"), "P1": week("OOO.."), "P2": week("O....")}
    checked = plan(people, cells, _capacity_policy(3))
    friday = MON + timedelta(days=4)
    later = checked.checker(MON, MON + timedelta(days=6))
    for office in ({("hq", MON): (1, 0, 1), ("hq", friday): (2, 2, 2)},
                   {("hq", MON + timedelta(days=1)): (0, 1, 1)}, {}):
        shared = SharedDesks(office)  # each replacing the one before (removed, added)
        before = set(later.conflicts)
        delta = later.share_desks(shared)
        at_once = checked.checker(MON, MON + timedelta(days=6), shared=shared)
        assert later.conflicts == at_once.conflicts
        assert set(delta.added) == set(at_once.conflicts) - before
        assert set(delta.removed) == before - set(at_once.conflicts)
        assert [u.booked.tolist() for u in later.site_use()] == \
            [u.booked.tolist() for u in at_once.site_use()]
    # Someone of another team on Monday puts HQ over its 3 desks; Friday's 2 do not.
    shared = SharedDesks({("hq", MON): (1, 0, 1), ("hq", friday): (2, 2, 2)})
    monday_only = checked.checker(MON, MON + timedelta(days=6), shared=shared).conflicts
    assert [c.start for c in only(monday_only, RuleId.OVER_CAPACITY)] == [MON]


def test_location_without_capacity_is_never_over():
    people = [person(f"P{i}") for i in range(3)]
    cells = {f"P{i}": week("O") for i in range(3)}
    assert only(check(plan(people, cells)), RuleId.OVER_CAPACITY) == []


def test_coverage_rule_per_weekday_and_not_on_bank_holidays():
    policy = Policy(rules=Policy.default().rules,
                    coverage=(CoverageRule("Call handler", 2, frozenset({0, 1})),))
    people = [person("A", role="Call handler"), person("B", role="call handler"),
              person("C", role="HR advisor")]
    cells = {"A": week("OOOOO"), "B": week("OHOOO"), "C": week("OOOOO")}
    conflicts = only(check(plan(people, cells, policy)), RuleId.BELOW_COVERAGE)
    assert [c.start for c in conflicts] == [MON + timedelta(days=1)]  # Tuesday only
    assert conflicts[0].message == (
        "Only 1 person with the role 'Call handler' is planned in the office on Tue 7 Jan 2025; "
        "the policy needs at least 2."
    )
    easter_monday = date(2025, 4, 21)
    holiday = plan(people, {"A": week(".O", easter_monday), "B": week(".O", easter_monday)},
                   policy)
    assert only(check(holiday, easter_monday), RuleId.BELOW_COVERAGE) == []


def test_cover_short_in_one_half_says_which_half():
    # Cover is met only when it is met in both halves: someone in for the afternoon does not
    # make the morning's cover, and the message does not call them "no one".
    policy = Policy(rules=Policy.default().rules,
                    coverage=(CoverageRule("Call handler", 1, frozenset({2})),))
    people = [person("A", role="Call handler"), person("B", role="Call handler")]
    wednesday = MON + timedelta(days=2)
    p = plan(people, {"A": [(wednesday, Status.TRAINING)]}, policy)
    p.rota.set_cell("B", wednesday, Cell(Status.BUSINESS, Status.OFFICE))
    [conflict] = only(check(p), RuleId.BELOW_COVERAGE)
    assert conflict.message == (
        "No one with the role 'Call handler' is planned in the office on Wed 8 Jan 2025 in the "
        "morning (1 in the afternoon); the policy needs at least 1.")


def test_unclassified_and_no_rule_are_warnings_not_silent_passes():
    policy = Policy(rules=(Rule(Fraction(3, 5), category="support"),),
                    role_map={"HR advisor": "support"})
    people = [
        person("U", category=None, role="Project analyst", name="Una Class"),
        person("M", category=None, role="hr ADVISOR"),  # classified through the role map
        person("N", category="operational"),
    ]
    conflicts = check(plan(people, {s: week("HHHHH") for s in "UMN"}, policy))
    assert rules(conflicts) == ["below-minimum", "no-rule", "unclassified"]
    (unclassified,) = only(conflicts, RuleId.UNCLASSIFIED)
    assert unclassified.message == (
        "Una Class has no policy category, so no minimum is checked for them; classify "
        "'Project analyst' in the policy's role map."
    )
    assert only(conflicts, RuleId.BELOW_MINIMUM)[0].staff_id == "M"


def test_a_record_without_a_category_is_unclassified_whatever_earlier_records_said():
    # Classified until July; from 1 August (a Saturday, their last day) a record without a
    # category: August has no working day for them, and no record in force in August has a
    # category, so August is not checked and says so (found by the reference property test).
    classified = person("P3", role="Call handler", pattern=pattern("Mon"))
    august = date(2026, 8, 1)
    leaver = with_timeline(replace(classified, end_date=august), [
        (None, classified.terms), (august, replace(classified.terms, category=None))])
    policy = Policy(rules=(Rule(Fraction(3, 5), category="support"),), period=PeriodKind.MONTH)
    conflicts = plan([leaver], {}, policy).checker(august, august).conflicts
    assert [c.rule for c in conflicts] == [RuleId.UNCLASSIFIED]


def test_json_fields():
    p = plan([person(role="Analyst")], {"P1": week("HHHHH")})
    (conflict,) = check(p)
    assert conflict.to_json() == {
        "rule": "below-minimum", "severity": "error", "staff_id": "P1", "location": "HQ",
        "role": "Analyst", "start": "2025-01-06", "end": "2025-01-12",
        "message": conflict.message,
    }


def test_status_letters_round_trip():
    for status in Status:
        assert Status.parse(status.letter) is status
        assert Status.parse(status.name.lower()) is status


def test_closure_days_and_worked_bank_holidays_follow_the_organisation():
    christmas_eve = date(2025, 12, 24)  # Wed, not a bank holiday
    may_day = date(2025, 5, 5)  # Mon, a bank holiday everywhere
    policy = Policy(rules=Policy.default().rules, closures=frozenset({christmas_eve}),
                    working_bank_holidays=frozenset({may_day}),
                    coverage=(CoverageRule("Analyst", 1),))
    closed = plan([person(role="Analyst")], {"P1": week("OOO", date(2025, 12, 22))}, policy)
    conflicts = check(closed, date(2025, 12, 22))
    (day_off,) = only(conflicts, RuleId.NON_WORKING_DAY)
    assert day_off.message.endswith("which is not a working day for them: the organisation is "
                                    "closed that day.")
    assert christmas_eve not in {c.start for c in only(conflicts, RuleId.BELOW_COVERAGE)}
    worked = plan([person(role="Analyst")], {"P1": week("OOOHH", may_day)}, policy)
    conflicts = check(worked, may_day)
    assert only(conflicts, RuleId.NON_WORKING_DAY) == []
    assert worked.checker(may_day, may_day).verdicts()["P1"][0].available == Fraction(75, 2)
