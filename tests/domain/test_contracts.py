"""Issue 9's worked examples: working time as real contracts have it (cycles, rosters, bank
holidays worked, half days, other sites, changes on a date), each a story with its figures
worked by hand in the comment beside it."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import pytest

from deskplan.domain.conflicts import RuleId
from deskplan.domain.model import Cell, Person, Status, Terms, WorkingPattern
from deskplan.domain.policy import Location, Measure, PeriodKind, Policy, Rule

from .helpers import check, only, pattern, person, plan, rules, week

MON = date(2025, 1, 6)


def days_of(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


# --- desks ----------------------------------------------------------------------------------
def test_someone_planned_after_leaving_takes_no_desk_in_any_range():
    # Found by the reference model: a leaver planned in the office once counted at the desks
    # when the range reached a period they were employed in, and not otherwise, so one day's
    # desk count depended on the range it was seen in.
    policy = Policy(rules=Policy.default().rules, locations=(Location("HQ", 1),))
    leaver = person("L", name="Lee Ver", end_date=MON + timedelta(days=1))
    p = plan([person("A"), leaver], {"A": week("..O"), "L": week("..O")}, policy)
    wednesday = MON + timedelta(days=2)
    for first, last in ((MON, MON + timedelta(days=6)), (wednesday, wednesday)):
        conflicts = check(p, first, last)
        assert only(conflicts, RuleId.OVER_CAPACITY) == []
    (off,) = only(check(p), RuleId.NON_WORKING_DAY)
    assert (off.staff_id, off.start) == ("L", wednesday)


def test_an_office_day_elsewhere_counts_there_without_a_recorded_base():
    # Someone with no base site recorded, planned at Hendon (1 desk) beside a Hendon person.
    policy = Policy(rules=Policy.default().rules, locations=(Location("Hendon", 1),))
    p = plan([person("A", location="Hendon"), person("B", location="")],
             {"A": week("O")}, policy)
    p.rota.set_cell("B", MON, Cell.whole(Status.OFFICE, "Hendon"))
    (over,) = only(check(p), RuleId.OVER_CAPACITY)
    assert (over.location, over.start) == ("Hendon", MON)
    assert over.message == "2 people are planned in the office at Hendon on Mon 6 Jan 2025; " \
        "it has 1 desk."


# --- cycles of weeks --------------------------------------------------------------------------
#: A 9-day fortnight at full time: 75 h over 9 days, 8 h 20 min a day; week 1 Mon–Fri, week 2
#: Mon–Thu, week 1 starting Mon 20 January 2025 (no bank holiday in the weeks used).
FORTNIGHT = WorkingPattern.from_weeks([[0, 1, 2, 3, 4], [0, 1, 2, 3]], [[30_000]],
                                      date(2025, 1, 20))
WEEK_1, WEEK_2 = date(2025, 1, 20), date(2025, 1, 27)
DAYS = Policy(rules=Policy.default().rules, measure=Measure.DAYS)


@pytest.mark.parametrize(
    ("policy", "first", "letters", "required", "short"),
    [
        # Week 1: 60% of 41 h 40 min is 25 h, exactly three days.
        (None, WEEK_1, "OOOHH", Fraction(25), False),
        (None, WEEK_1, "OOHHH", Fraction(25), True),
        # Week 2: 60% of 33 h 20 min is 20 h: two days (16 h 40 min) are short, three are not.
        (None, WEEK_2, "OOOH", Fraction(20), False),
        (None, WEEK_2, "OOHH", Fraction(20), True),
        # In days: 3 of 5, and 2.4 of 4 rounded up to 3.
        (DAYS, WEEK_1, "OOOHH", Fraction(3), False),
        (DAYS, WEEK_2, "OOHH", Fraction(3), True),
        # The cycle repeats backwards: the week before week 1 is a week 2.
        (None, WEEK_1 - timedelta(days=7), "OOOH", Fraction(20), False),
        (None, WEEK_1 - timedelta(days=7), "OOHH", Fraction(20), True),
    ],
)
def test_a_nine_day_fortnight_at_60_percent_over_both_weeks(policy, first, letters, required,
                                                              short):
    p = plan([person(pattern=FORTNIGHT)], {"P1": week(letters, first)})
    checker = p.checker(first, first + timedelta(days=6), policy=policy)
    (v,) = checker.verdicts()["P1"]
    assert v.required == required
    assert bool(only(checker.conflicts, RuleId.BELOW_MINIMUM)) is short


def test_a_blank_off_friday_is_no_unplanned_day_and_the_failing_week_fails():
    # Week 2 planned Mon–Thu with two office days and its Friday left blank: the Friday is
    # the fortnight's day off, so it is neither 'unplanned' nor time that could rescue the
    # week; the week is short (2 of the 3 days 60% needs), an error, not a warning.
    p = plan([person(name="Nia Nine", pattern=FORTNIGHT)], {"P1": week("OOHH.", WEEK_2)})
    conflicts = check(p, WEEK_2)
    assert rules(conflicts) == ["below-minimum"]
    assert conflicts[0].message == (
        "Nia Nine has 2 office days in the week of 27 January 2025; needs 3 of 4 available days "
        "(20 h of 33 h 20 min: 60% under the policy for support staff).")
    (v,) = p.checker(WEEK_2, WEEK_2).verdicts()["P1"]
    assert (v.available, v.unplanned) == (Fraction(100, 3), 0)
    # Planned on that Friday, it is a day off in the cycle.
    p.rota.set(p.people[0].staff_id, WEEK_2 + timedelta(days=4), Status.OFFICE)
    (off,) = only(check(p, WEEK_2), RuleId.NON_WORKING_DAY)
    assert off.message.endswith("which is not a working day for them: it is a day off in "
                                "their working cycle.")


# --- a roster over weekends and bank holidays ------------------------------------------------
#: 4-on-4-off, 12-hour shifts, from Fri 2 May 2025: on Fri 2 – Mon 5 May (Early May bank
#: holiday), off Tue 6 – Fri 9, on Sat 10 – Tue 13.
FOUR_ON = WorkingPattern.from_roster("WWWW----", [12 * 3600], date(2025, 5, 2))
MAY_DAY_WEEK = date(2025, 5, 5)


@pytest.mark.parametrize(
    ("worked", "available", "required", "needs"),
    [
        # Mon 5, Sat 10, Sun 11: 36 h; 80% is 28.8 h, three of three shifts.
        (True, 36, Fraction(144, 5), "needs 3 of 3 available days"),
        # The bank holiday off: Sat and Sun, 24 h; 80% is 19.2 h, two of two.
        (False, 24, Fraction(96, 5), "needs 2 of 2 available days"),
    ],
)
def test_four_on_four_off_across_a_weekend_and_a_bank_holiday(worked, available, required,
                                                                needs):
    who = person(category="operational", pattern=FOUR_ON, bank_holidays_worked=worked)
    p = plan([who], {"P1": [(MAY_DAY_WEEK, Status.OFFICE),
                            (date(2025, 5, 10), Status.OFFICE),
                            (date(2025, 5, 11), Status.HOME)]})
    checker = p.checker(MAY_DAY_WEEK, MAY_DAY_WEEK)
    (v,) = checker.verdicts()["P1"]
    assert (v.available, v.required) == (available, required)
    (short,) = only(checker.conflicts, RuleId.BELOW_MINIMUM)
    assert needs in short.message
    off = only(checker.conflicts, RuleId.NON_WORKING_DAY)
    if worked:
        assert off == []
    else:
        (conflict,) = off
        assert conflict.start == MAY_DAY_WEEK
        assert conflict.message.endswith("May Day is a bank holiday in England.")
    # The weekend shifts in the office are enough once Monday is in too.
    p.rota.set("P1", date(2025, 5, 11), Status.OFFICE)
    assert only(check(p, MAY_DAY_WEEK), RuleId.BELOW_MINIMUM) == []


def test_a_closure_beats_a_roster_that_works_bank_holidays():
    policy = Policy(rules=Policy.default().rules, closures=frozenset({MAY_DAY_WEEK}))
    who = person(category="operational", pattern=FOUR_ON, bank_holidays_worked=True)
    p = plan([who], {"P1": [(MAY_DAY_WEEK, Status.OFFICE)]}, policy)
    (off,) = only(check(p, MAY_DAY_WEEK), RuleId.NON_WORKING_DAY)
    assert off.message.endswith("the organisation is closed that day.")
    assert p.checker(MAY_DAY_WEEK, MAY_DAY_WEEK).verdicts()["P1"][0].available == 24


# --- half days ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("wednesday", "short"),
    [
        # Half a day's leave on Wednesday: 33.75 h available, 80% is 27 h. Mon, Tue, Thu in
        # the office and Wednesday afternoon: 26.25 h, short; Friday instead: 30 h.
        (Cell(Status.LEAVE, Status.OFFICE), True),
        (Cell(Status.LEAVE, Status.HOME), False),
    ],
)
def test_half_day_leave_at_80_percent(wednesday, short):
    p = plan([person(category="operational")], {"P1": week("OO.OH")})
    p.rota.set_cell("P1", MON + timedelta(days=2), wednesday)
    if not short:
        p.rota.set("P1", MON + timedelta(days=4), Status.OFFICE)
    (v,) = p.checker(MON, MON).verdicts()["P1"]
    assert (v.available, v.required) == (Fraction(135, 4), 27)
    assert v.office == (Fraction(105, 4) if short else 30)
    assert bool(only(check(p), RuleId.BELOW_MINIMUM)) is short


def test_half_day_leave_in_days_is_half_a_day_of_the_requirement():
    # In days, 4.5 days available; 50% is 2.25 days, rounded up to 3 (or to 2.5 in halves).
    p = plan([person()], {"P1": week("OO.HH")})
    p.rota.set_cell("P1", MON + timedelta(days=2), Cell(Status.LEAVE, Status.OFFICE))
    for round_to, required in ((Fraction(1), 3), (Fraction(1, 2), Fraction(5, 2))):
        policy = Policy(rules=(Rule(Fraction(1, 2), "support"),), measure=Measure.DAYS,
                        round_to=round_to)
        checker = p.checker(MON, MON, policy=policy)
        (v,) = checker.verdicts()["P1"]
        assert (v.available, v.office, v.required) == (Fraction(9, 2), Fraction(5, 2),
                                                       required)
        assert bool(only(checker.conflicts, RuleId.BELOW_MINIMUM)) is (round_to == 1)


# --- other sites ------------------------------------------------------------------------------
def test_an_office_day_at_another_site_counts_against_that_sites_desks():
    policy = Policy(rules=Policy.default().rules,
                    locations=(Location("HQ", 1), Location("Hendon", 1)))
    people = [person("A", name="Ann Hendon", location="Hendon"), person("B", location="HQ")]
    p = plan(people, {"A": week("O")}, policy)
    p.rota.set_cell("B", MON, Cell.whole(Status.OFFICE, "Hendon"))
    (over,) = only(check(p), RuleId.OVER_CAPACITY)
    assert (over.location, over.start) == ("Hendon", MON)
    assert over.message == ("2 people are planned in the office at Hendon on Mon 6 Jan 2025; "
                            "it has 1 desk.")
    # Half the day each: one desk in the morning, one in the afternoon, never two.
    p.rota.set_cell("B", MON, Cell(Status.OFFICE, Status.HOME, "Hendon", None))
    p.rota.set_cell("A", MON, Cell(Status.HOME, Status.OFFICE))
    assert only(check(p), RuleId.OVER_CAPACITY) == []
    p.rota.set_cell("A", MON, Cell(Status.OFFICE, Status.HOME))
    (over,) = only(check(p), RuleId.OVER_CAPACITY)
    assert over.message == ("2 in the morning are planned in the office at Hendon on Mon 6 Jan "
                            "2025; it has 1 desk.")
    # B's own site, HQ, is not counted that day; B's minimum counts the day as office.
    assert p.checker(MON, MON).verdicts()["B"][0].office == Fraction(15, 4)


def test_business_elsewhere_counts_as_office_time_but_takes_no_desk():
    policy = Policy(rules=Policy.default().rules, locations=(Location("HQ", 0),))
    p = plan([person()], {"P1": week("BBBHH")}, policy)
    assert check(p) == []
    off = Policy(rules=Policy.default().rules, business_counts_as_office=False)
    assert rules(p.checker(MON, MON, policy=off).conflicts) == ["below-minimum"]


# --- changes on a date ------------------------------------------------------------------------
def test_a_part_time_change_mid_month_in_a_monthly_period():
    # Full time until Wed 15 January 2025, Mon–Wed from Thu 16. January in England: Thu 2 –
    # Wed 15 are 10 working days (1 January a bank holiday) of 7.5 h; from the 16th, Mon–Wed:
    # 20–22 and 27–29, 6 days. 120 h available; 60% is 72 h, so 10 office days (75 h).
    change = date(2025, 1, 16)
    policy = Policy(rules=(Rule(Fraction(3, 5), "support"),), period=PeriodKind.MONTH)
    full = Terms(category="support", location="HQ")
    who = Person("P1", "Pat Time", category="support", location="HQ",
                             pattern=pattern("Mon-Wed"), since=change, earlier=((None, full),))
    january = days_of(date(2025, 1, 1), date(2025, 1, 31))
    office = [d for d in january if d.weekday() < 5 and d != date(2025, 1, 1)
              and (d < change or d.weekday() < 3)]
    assert len(office) == 16
    p = plan([who], {"P1": [(d, Status.OFFICE) for d in office[:9]]
                     + [(d, Status.HOME) for d in office[9:]]}, policy)
    checker = p.checker(date(2025, 1, 1), date(2025, 1, 31))
    (v,) = checker.verdicts()["P1"]
    assert (v.available, v.required, v.office) == (120, 72, Fraction(135, 2))
    assert only(checker.conflicts, RuleId.BELOW_MINIMUM)
    # Thursday 16 January is a day off under the new pattern: planned, it is flagged.
    p.rota.set("P1", change, Status.OFFICE)
    (off,) = only(check(p, date(2025, 1, 1), date(2025, 1, 31)), RuleId.NON_WORKING_DAY)
    assert off.start == change
    # The change never rewrites the weeks before it: judged on its own, the first week of
    # January keeps its full-time figures.
    (before,) = plan([who], {}, Policy.default()).checker(date(2025, 1, 6),
                                                           date(2025, 1, 6)).verdicts()["P1"]
    assert before.available == Fraction(75, 2)


def test_a_move_of_site_mid_week():
    # HQ until Wed, Annex from Thu 9 January: the rule follows the base day by day (60% at HQ,
    # 80% at the Annex): 3 × 7.5 × 60% + 2 × 7.5 × 80% = 13.5 + 12 = 25.5 h, so 4 days; the
    # desks follow too (the Annex has one desk, which an Annex colleague takes).
    policy = Policy(rules=(Rule(Fraction(3, 5), "support", "HQ"),
                           Rule(Fraction(4, 5), "support", "Annex")),
                    locations=(Location("HQ", 1), Location("Annex", 1)))
    move = MON + timedelta(days=3)
    mover = Person("M", "Mo Ving", category="support", location="Annex",
                               since=move, earlier=((None, Terms(category="support",
                                                                 location="HQ")),))
    colleague = person("C", location="Annex")
    p = plan([mover, colleague], {"M": week("OOHOO"), "C": week("HOOOO")}, policy)
    checker = p.checker(MON, MON + timedelta(days=6))
    assert checker.verdicts(["M"])["M"][0].required == Fraction(51, 2)
    over = only(checker.conflicts, RuleId.OVER_CAPACITY)
    assert [(c.location, c.start) for c in over] == [("Annex", move),
                                                      ("Annex", move + timedelta(days=1))]
    assert only(checker.conflicts, RuleId.BELOW_MINIMUM) == []
    p.rota.set("M", MON + timedelta(days=1), Status.HOME)  # 3 days: 22.5 h < 25.5 h
    (short,) = only(check(p), RuleId.BELOW_MINIMUM)
    assert "60% under the policy for support staff at HQ on 3 days" in short.message
    assert "80% under the policy for support staff at Annex on 2 days" in short.message


def test_changing_a_pattern_from_a_date_keeps_the_weeks_before_it():
    p = plan([person()], {"P1": week("OOOHH") + week("OOOHH", MON + timedelta(days=7))})
    before = p.checker(MON, MON + timedelta(days=13)).verdicts()["P1"]
    p.people = [p.people[0].with_change(MON + timedelta(days=7), Terms(
        category="support", location="HQ", pattern=pattern("Mon-Wed")))]
    after = p.checker(MON, MON + timedelta(days=13)).verdicts()["P1"]
    assert after[0] == before[0]
    assert (before[1].available, after[1].available) == (Fraction(75, 2), Fraction(45, 2))
