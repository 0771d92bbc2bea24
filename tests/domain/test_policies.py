"""Issue 10's worked examples: policies as employers write them (days or hours, quarters and
rolling windows, dated rules, anchor days, caps, the pro-rata warning), each a story with its
figures worked by hand in the comment beside it."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import pytest

from deskplan.domain.conflicts import RuleId
from deskplan.domain.model import (
    Adjustment,
    AdjustmentKind,
    Cell,
    Nation,
    Person,
    Status,
    Terms,
)
from deskplan.domain.policy import Anchor, Measure, PeriodKind, Policy, Rule

from .helpers import check, hours, only, pattern, person, plan, week


def verdict(p, first: date, last: date | None = None, staff_id: str = "P1"):
    (found,) = p.checker(first, last or first).verdicts()[staff_id]
    return found


# --- ranges -------------------------------------------------------------------------------
def test_a_rolling_range_that_starts_mid_week_is_judged_on_whole_weeks():
    # Found by the reference model: a range from a Tuesday once made the rolling windows and
    # their weekly `unplanned` warnings run Tuesday to Monday, so a Monday fell in two weeks.
    policy = Policy(rules=(Rule(Fraction(3, 5), "support"),), period=PeriodKind.ROLLING,
                    rolling_weeks=2)
    tuesday = date(2025, 4, 8)
    checker = plan([person()], {}, policy).checker(tuesday, tuesday + timedelta(days=3))
    assert checker.period_ranges == [(date(2025, 3, 31), date(2025, 4, 13))]
    (unplanned,) = only(checker.conflicts, RuleId.UNPLANNED)
    assert (unplanned.start, unplanned.end) == (date(2025, 4, 7), date(2025, 4, 13))
    assert "in the week of 7 April 2025" in unplanned.message


# --- home days a week ---------------------------------------------------------------------
MON = date(2025, 1, 6)


def home_days(count: int, **kw: object) -> Adjustment:
    return Adjustment("P1", AdjustmentKind.FIXED_HOME_DAYS, MON - timedelta(days=7),
                      home_days=count, reference="FW-HD", **kw)  # type: ignore[arg-type]


def test_a_half_day_in_the_office_is_not_a_day_at_home():
    # "Any one day a week at home": half a day in the office every day leaves no day at home.
    # (Counting half days once let this pass as 5 of 10 halves away.)
    halves = [(MON + timedelta(days=i), Cell(Status.OFFICE, Status.HOME)) for i in range(5)]
    p = plan([person()], {}, adjustments=[home_days(1)])
    for day, cell in halves:
        p.rota.set_cell("P1", day, cell)
    (conflict,) = only(check(p), RuleId.ABOVE_MAXIMUM)
    assert (conflict.start, conflict.end) == (MON, MON + timedelta(days=6))
    assert "away from home on 5 days" in conflict.message
    assert "keeps at least 1 day a week at home, so at most 4 days away" in conflict.message
    p.rota.set_cell("P1", MON + timedelta(days=4), Cell.whole(Status.HOME))
    assert only(check(p), RuleId.ABOVE_MAXIMUM) == []


def test_home_days_lower_the_minimum_whichever_days_the_person_keeps_at_home():
    # 100% of a week of Mon 9 h (half leave: 4.5 h available) and Tue–Fri 6 h = 28.5 h. One
    # day at home, chosen by the person: at home on a 6-hour day, 22.5 h are possible, so
    # that is the most the minimum may ask. (Taking away the two longest *halves* asked 21 h.)
    uneven = person(pattern=pattern("Mon-Fri").__class__(
        (hours(9), hours(6), hours(6), hours(6), hours(6), 0, 0)))
    policy = Policy(rules=(Rule(Fraction(1), "support"),))
    p = plan([uneven], {}, policy, adjustments=[home_days(1)])
    p.rota.set_cell("P1", MON, Cell(Status.LEAVE, Status.OFFICE))
    v = verdict(p, MON)
    assert v.available == Fraction(57, 2)
    assert v.required == Fraction(45, 2)


def test_a_fixed_home_day_counts_among_the_home_days():
    # Fri (4 h) is a fixed home day and another arrangement keeps one day a week at home:
    # Friday at home is that day, so Mon–Thu (36 h) can all be asked at 100%.
    uneven = person(pattern=pattern("Mon-Fri").__class__(
        (hours(9), hours(9), hours(9), hours(9), hours(4), 0, 0)))
    policy = Policy(rules=(Rule(Fraction(1), "support"),))
    fixed = Adjustment("P1", AdjustmentKind.FIXED_HOME_DAYS, MON, weekdays=frozenset({4}))
    p = plan([uneven], {"P1": week("OOOOH")}, policy, adjustments=[fixed, home_days(1)])
    assert verdict(p, MON).required == hours(36) / 3600
    assert check(p) == []


# --- the pro-rata warning -----------------------------------------------------------------
def test_a_record_in_force_only_before_someone_starts_raises_no_pro_rata_warning():
    # Mon–Wed until Wed 9 April, full time from then, and employed from 9 April: the part-time
    # record was nobody's contract in the week checked (80% weekly would otherwise warn:
    # 3 of 3 days against 4 of 5).
    policy = Policy(rules=(Rule(Fraction(4, 5), "support"),))
    wednesday = date(2025, 4, 9)
    joiner = Person("P1", "Jo Iner", category="support", location="HQ",
                    start_date=wednesday, since=wednesday,
                    earlier=((None, Terms(category="support", location="HQ",
                                          pattern=pattern("Mon-Wed"))),))
    assert only(check(plan([joiner], {}, policy), date(2025, 4, 7)),
                RuleId.PRO_RATA_WARNING) == []
    stayer = Person("P1", "Stay Er", category="support", location="HQ", since=wednesday,
                    earlier=((None, Terms(category="support", location="HQ",
                                          pattern=pattern("Mon-Wed"))),))
    assert only(check(plan([stayer], {}, policy), date(2025, 4, 7)), RuleId.PRO_RATA_WARNING)



# --- the measure ------------------------------------------------------------------------------
def _by_day(cells: dict[date, str]) -> list[tuple[date, Status]]:
    return [(day, Status.parse(letter)) for day, letter in cells.items()]


def weekdays(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)
            if (first + timedelta(days=i)).weekday() < 5]


@pytest.mark.parametrize(
    ("measure", "required", "message"),
    [
        # 60% of Mon–Wed (22.5 h) is 13.5 h: one 7.5-hour day is short, two are enough.
        (Measure.HOURS, Fraction(27, 2),
         "Pam Part has 1 office day in the week of 6 January 2025; needs 2 of 3 available "
         "days (13.5 h of 22.5 h: 60% under the policy for support staff)."),
        # In days: 60% of 3 days is 1.8, rounded up to 2.
        (Measure.DAYS, Fraction(2),
         "Pam Part has 1 office day in the week of 6 January 2025; needs 2 of 3 days (60% "
         "under the policy for support staff: 1.8 days, rounded up)."),
    ],
)
def test_the_same_fortnight_in_hours_and_in_days(measure, required, message):
    policy = Policy(rules=(Rule(Fraction(3, 5), "support"),), measure=measure)
    part_timer = person(name="Pam Part", pattern=pattern("Mon-Wed"))
    p = plan([part_timer], {"P1": week("OHH") + week("OOH", MON + timedelta(days=7))}, policy)
    checker = p.checker(MON, MON + timedelta(days=13))
    first, second = checker.verdicts()["P1"]
    assert (first.required, second.required) == (required, required)
    assert (first.state.value, second.state.value) == ("cannot be met", "met")
    (short,) = only(checker.conflicts, RuleId.BELOW_MINIMUM)
    assert short.message == message
    assert (short.start, short.end) == (MON, MON + timedelta(days=6))


def test_a_month_of_20_working_days_at_60_percent_in_days_needs_12():
    # February 2025: 20 weekdays, no bank holiday. 12 office days meet it, 11 do not.
    policy = Policy(rules=(Rule(Fraction(3, 5), "support"),), period=PeriodKind.MONTH,
                    measure=Measure.DAYS)
    february = weekdays(date(2025, 2, 1), date(2025, 2, 28))
    assert len(february) == 20
    for office, short in ((12, False), (11, True)):
        cells = {d: "O" if i < office else "H" for i, d in enumerate(february)}
        checker = plan([person(name="Cy Vil")], {"P1": _by_day(cells)}, policy).checker(
            date(2025, 2, 1), date(2025, 2, 28))
        (v,) = checker.verdicts()["P1"]
        assert (v.available, v.required, v.office) == (20, 12, office)
        found = only(checker.conflicts, RuleId.BELOW_MINIMUM)
        assert bool(found) is short
    assert found[0].message == ("Cy Vil has 11 office days in February 2025; needs 12 of 20 "
                                "days (60% under the policy for support staff).")


@pytest.mark.parametrize(
    ("nation", "working", "required"),
    [
        # April–June 2025: 65 weekdays; England loses Good Friday, Easter Monday and the two
        # May bank holidays: 61 days, 60% is 36.6, so 37. Scotland works Easter Monday: 62
        # days, 37.2, so 38.
        (Nation.ENGLAND, 61, 37),
        (Nation.SCOTLAND, 62, 38),
    ],
)
def test_a_quarter_with_easter(nation, working, required):
    q2 = Policy(rules=(Rule(Fraction(3, 5), "support"),), period=PeriodKind.QUARTER,
                measure=Measure.DAYS)
    first, last = date(2025, 4, 1), date(2025, 6, 30)
    who = person(nation=nation)
    days = [d for d in weekdays(first, last)
            if plan([who], {}, q2).checker(first, last).is_working("P1", d)]
    assert len(days) == working
    for office in (required, required - 1):
        cells = {d: "O" if i < office else "H" for i, d in enumerate(days)}
        p = plan([who], {"P1": _by_day(cells)}, q2)
        checker = p.checker(date(2025, 5, 12), date(2025, 5, 18))  # any day of the quarter
        assert checker.period_ranges == [(first, last)]
        (v,) = checker.verdicts()["P1"]
        assert (v.available, v.required) == (working, required)
        assert bool(only(checker.conflicts, RuleId.BELOW_MINIMUM)) is (office < required)
    # In hours the quarter is exact: 61 × 7.5 h = 457.5 h, 60% is 274.5 h, 36.6 days' worth.
    hours_q2 = Policy(rules=q2.rules, period=PeriodKind.QUARTER)
    (v,) = plan([who], {}, hours_q2).checker(first, first).verdicts()["P1"]
    assert v.required == Fraction(3, 5) * working * Fraction(15, 2)


# --- rolling windows ------------------------------------------------------------------------
#: Twelve weeks without a bank holiday in England: Mon 2 June – Sun 24 August 2025.
ROLLING_FIRST, ROLLING_LAST = date(2025, 6, 2), date(2025, 8, 24)
ROLLING = Policy(rules=(Rule(Fraction(3, 5), "support"),), period=PeriodKind.ROLLING,
                 rolling_weeks=12)


def _weeks_of(office_days: list[int]) -> list[tuple[date, Status]]:
    cells = []
    for number, count in enumerate(office_days):
        monday = ROLLING_FIRST + timedelta(weeks=number)
        cells += week("O" * count + "H" * (5 - count), monday)
    return cells


def test_a_rolling_12_week_window_averages_one_bad_week_out_and_not_another():
    # Ann is in 4 days a week but one week 1: 45 of 60 days, 75% ≥ 60%. Bob is in 3 days a
    # week (exactly 60%) but one week 2: 35 of 60, short. Both bad weeks are the same week,
    # one a weekly policy would fail for both.
    bad = [4] * 5 + [1] + [4] * 6
    people = [person("A", name="Ann"), person("B", name="Bob")]
    cells = {"A": _weeks_of(bad), "B": _weeks_of([3] * 5 + [2] + [3] * 6)}
    p = plan(people, cells, ROLLING)
    last_week = ROLLING_LAST - timedelta(days=6)
    checker = p.checker(last_week, ROLLING_LAST)
    assert checker.period_ranges == [(ROLLING_FIRST, ROLLING_LAST)]
    verdicts = checker.verdicts()
    assert verdicts["A"][0].office == 45 * Fraction(15, 2)
    assert verdicts["B"][0].required == 36 * Fraction(15, 2)
    (short,) = only(checker.conflicts, RuleId.BELOW_MINIMUM)
    assert (short.staff_id, short.start, short.end) == ("B", ROLLING_FIRST, ROLLING_LAST)
    assert short.message == ("Bob has 35 office days in the 12 weeks from 2 June 2025 to 24 "
                             "August 2025; needs 36 of 60 available days (270 h of 450 h: 60% "
                             "under the policy for support staff).")
    weekly = p.checker(ROLLING_FIRST + timedelta(weeks=5), ROLLING_FIRST + timedelta(weeks=5),
                       policy=Policy(rules=ROLLING.rules))
    assert {c.staff_id for c in only(weekly.conflicts, RuleId.BELOW_MINIMUM)} == {"A", "B"}


def test_a_rolling_range_reads_the_weeks_before_it_but_reports_only_its_own_days():
    # A week unplanned before the range counts in the window (it is time that was never
    # planned), but its `unplanned` warning belongs to that week, not this range.
    cells = _weeks_of([3] * 12)
    cells = [(d, s) for d, s in cells if not ROLLING_FIRST <= d < ROLLING_FIRST
             + timedelta(days=7)]
    p = plan([person()], {"P1": cells}, ROLLING)
    last_week = ROLLING_LAST - timedelta(days=6)
    checker = p.checker(last_week, ROLLING_LAST)
    (v,) = checker.verdicts()["P1"]
    assert v.unplanned == 5 * Fraction(15, 2)
    assert only(checker.conflicts, RuleId.UNPLANNED) == []
    assert checker.conflicts == []  # 33 days in, 5 still open: 38 ≥ 36, can still be met


# --- dated rules ------------------------------------------------------------------------------
def test_a_rule_rising_from_60_to_80_percent_mid_month_is_judged_day_by_day():
    # February 2025: 10 weekdays to Fri 14 at 60%, 10 from Mon 17 at 80% (the new rule from
    # Sat 15): 45 h + 60 h = 105 h of 150 h, exactly 14 days; in days 6 + 8 = 14.
    rules = (Rule(Fraction(3, 5), "support", ends=date(2025, 2, 14)),
             Rule(Fraction(4, 5), "support", starts=date(2025, 2, 15)))
    february = weekdays(date(2025, 2, 1), date(2025, 2, 28))
    for measure, required in ((Measure.HOURS, 105), (Measure.DAYS, 14)):
        policy = Policy(rules=rules, period=PeriodKind.MONTH, measure=measure)
        for office in (14, 13):
            cells = {d: "O" if i < office else "H" for i, d in enumerate(february)}
            checker = plan([person(name="Ris Ing")], {"P1": _by_day(cells)}, policy).checker(
                date(2025, 2, 1), date(2025, 2, 28))
            (v,) = checker.verdicts()["P1"]
            assert v.required == required
            found = only(checker.conflicts, RuleId.BELOW_MINIMUM)
            assert bool(found) is (office == 13)
        assert "60% under the policy for support staff on 10 days" in found[0].message
        assert "80% under the policy for support staff on 10 days" in found[0].message


# --- anchor days ------------------------------------------------------------------------------
def test_an_anchor_tuesday_missed_by_one_and_excused_for_another_on_leave():
    policy = Policy(rules=(Rule(Fraction(3, 5), "support"),),
                    anchors=(Anchor(frozenset({1})),))
    fixed_tuesday = Adjustment("F", AdjustmentKind.FIXED_HOME_DAYS, MON,
                               weekdays=frozenset({1}))
    people = [person("A", name="Ann"), person("B", name="Bob"), person("F"), person("U"),
              person("S", name="Sal")]
    cells = {"A": week("OHOOH"), "B": week("OLOOH"), "F": week("OHOOH"), "U": week("O.OOH"),
             "S": week("OHOOH")}
    p = plan(people, cells, policy, adjustments=[fixed_tuesday])
    p.rota.set_cell("S", MON + timedelta(days=1), Cell(Status.HOME, Status.OFFICE))
    missed = only(check(p), RuleId.MISSED_ANCHOR_DAY)
    # Ann missed it; Bob is on leave, F's Tuesday is a fixed home day, U's is not planned
    # yet, Sal is in for the afternoon.
    assert [(c.staff_id, c.start, c.end) for c in missed] == [
        ("A", MON, MON + timedelta(days=6))]
    assert missed[0].message == ("Ann is planned at home on 1 team day in the week of "
                                 "6 January 2025: Tue 7 Jan 2025.")
    assert missed[0].severity.value == "warning"


# --- caps -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("measure", "message"),
    [
        (Measure.HOURS, "Cap Ped is planned in the office for 30 h in the week of 6 January "
                        "2025; arrangement RA-CAP allows at most 22.5 h."),
        (Measure.DAYS, "Cap Ped is planned in the office for 4 days in the week of 6 January "
                       "2025; arrangement RA-CAP allows at most 3 days."),
    ],
)
def test_max_share_60_percent_is_breached_by_a_fourth_office_day(measure, message):
    cap = Adjustment("P1", AdjustmentKind.MAX_SHARE, MON, share=Fraction(3, 5),
                     reference="RA-CAP")
    policy = Policy(rules=Policy.default().rules, measure=measure)
    p = plan([person(name="Cap Ped")], {"P1": week("OOOHH")}, policy, adjustments=[cap])
    assert check(p) == []
    p.rota.set("P1", MON + timedelta(days=3), Status.OFFICE)
    (over,) = check(p)
    assert (over.rule, over.start, over.end) == (RuleId.ABOVE_MAXIMUM, MON,
                                                 MON + timedelta(days=6))
    assert over.message == message
    assert over.severity.value == "error"


def test_a_cap_below_the_minimum_lowers_the_minimum_never_both():
    # 80% for operational staff, but at most 60%: the minimum becomes 22.5 h (3 days).
    cap = Adjustment("P1", AdjustmentKind.MAX_SHARE, MON, share=Fraction(3, 5),
                     reference="RA-CAP")
    for letters, found in (("OOOHH", []), ("OOHHH", ["below-minimum"]),
                           ("OOOOH", ["above-maximum"])):
        p = plan([person(category="operational")], {"P1": week(letters)}, adjustments=[cap])
        (v,) = p.checker(MON, MON).verdicts()["P1"]
        assert (v.required, v.most) == (Fraction(45, 2), Fraction(45, 2))
        assert [c.rule.value for c in check(p)] == found


# --- the pro-rata warning ---------------------------------------------------------------
def test_the_pro_rata_warning_for_80_percent_weekly():
    # 80% weekly: a Mon–Thu worker needs 4 of 4 days (100%), a full-timer 4 of 5 (80%).
    policy = Policy(rules=(Rule(Fraction(4, 5), "support"),))
    p = plan([person("F"), person("P", pattern=pattern("Mon-Thu"))], {}, policy)
    checker = p.checker(MON, MON + timedelta(days=13))
    (warning,) = only(checker.conflicts, RuleId.PRO_RATA_WARNING)
    assert (warning.staff_id, warning.start, warning.end) == (None, MON,
                                                              MON + timedelta(days=13))
    assert warning.severity.value == "warning"
    assert warning.message == (
        "Under this policy part-time staff must spend a higher share of their working days in "
        "the office than full-time staff (weekly, in hours; Part-time Workers Regulations "
        "2000, pro rata): Mon–Thu, 7.5 h (support staff, 80%): 100% of working days against "
        "80% for a full-time week.")
    # Monthly averaging shrinks the gap but does not close it: February 2025 has 16 Mon–Thu
    # days, 80% is 12.8, so 13 (81.25%), against 16 of 20 (80%).
    monthly = Policy(rules=policy.rules, period=PeriodKind.MONTH)
    (warning,) = only(p.checker(date(2025, 2, 1), date(2025, 2, 28), policy=monthly).conflicts,
                      RuleId.PRO_RATA_WARNING)
    assert "Mon–Thu, 7.5 h (support staff, 80%): 81.25% of working days against 80%" \
        in warning.message


def test_no_pro_rata_warning_when_part_timers_need_no_higher_share():
    # 50% weekly: Mon–Thu needs 2 of 4 (50%), Mon–Fri at 4 h a day 3 of 5 (60%, the same as
    # a full-timer's 3 of 5): nobody part-time is asked for more than a full-timer.
    policy = Policy(rules=(Rule(Fraction(1, 2), "support"),))
    team = [person("F"), person("P", pattern=pattern("Mon-Thu")),
            person("Q", pattern=pattern("Mon-Fri", 4))]
    p = plan(team, {}, policy)
    assert only(p.checker(MON, MON + timedelta(days=27)).conflicts,
                RuleId.PRO_RATA_WARNING) == []
