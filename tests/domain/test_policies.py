"""Issue 10's worked examples: policies as employers write them (days or hours, quarters and
rolling windows, dated rules, anchor days, caps, the pro-rata warning), each a story with its
figures worked by hand in the comment beside it."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

from deskplan.domain.conflicts import RuleId
from deskplan.domain.model import Adjustment, AdjustmentKind, Cell, Person, Status, Terms
from deskplan.domain.policy import PeriodKind, Policy, Rule

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

