"""The fairness view: who the rounding falls on, by working pattern, with worked numbers.

The range is 6 January to 28 December 2025 (51 whole ISO weeks from the day the sample policy
starts), England, 7.5-hour days. Bank holidays in it: Fri 18 Apr, Mon 21 Apr, Mon 5 May,
Mon 26 May, Mon 25 Aug, Thu 25 Dec and Fri 26 Dec. So a Monday-to-Friday worker has 45 weeks
of 5 days, 5 weeks of 4 (14 Apr, 21 Apr, 5 May, 26 May, 25 Aug) and 1 of 3 (22 Dec): 248 days.
"""

from datetime import date
from fractions import Fraction

import pytest

from deskplan.domain.fairness import (
    ARRANGEMENT_KEY,
    FEWER_THAN,
    fairness_report,
    fairness_table,
    measurement_alternatives,
    pattern_group,
)
from deskplan.domain.model import Adjustment, AdjustmentKind, Person, WorkingPattern
from deskplan.domain.policy import Measure, PeriodKind, Policy, Rule
from tests.domain.helpers import hours, pattern

FIRST, LAST = date(2025, 1, 6), date(2025, 12, 28)
DAYS = {5: "Mon-Fri", 4: "Mon-Thu", 3: "Mon-Wed", 2: "Mon-Tue"}


def team(sizes: dict[int, int], category: str = "support") -> list[Person]:
    return [Person(f"{days}-{i}", f"Person {days}.{i}", category=category,
                   pattern=pattern(DAYS[days]))
            for days, count in sizes.items() for i in range(count)]


def policy(share: Fraction, period: PeriodKind = PeriodKind.WEEK) -> Policy:
    return Policy(rules=(Rule(share, category="support"),), period=period)


def shares(table) -> dict[str, Fraction]:
    return {group.key: group.effective for _, group in table.groups}


MIXED = team({5: 5, 4: 5, 3: 5, 2: 5})


def test_80_percent_weekly_leaves_every_part_timer_no_home_day():
    """Full time: 4 of 5 days in 45 weeks, 4 of 4 (3.2 rounded up) in 5, 3 of 3 (2.4) in the
    Christmas week: 203 of 248. Four days or fewer: 3.2 → 4 of 4, 2.4 → 3 of 3, 1.6 → 2 of 2,
    every week: 100%."""
    table = fairness_table(MIXED, policy(Fraction(4, 5)), [], FIRST, LAST)
    assert shares(table) == {"full-time": Fraction(203, 248), "part-time-4": 1,
                             "part-time-3": 1, "part-time-2": 1}
    (section,) = table.sections
    assert section.rule == "support staff, 80%"
    by_key = {g.key: g for g in section.groups}
    full = by_key["full-time"]
    assert (full.people, full.nominal, full.gap, full.flagged) == (5, Fraction(4, 5), 0, False)
    assert full.home_days_per_week == Fraction(248 - 203, 51)  # 45 home days over 51 weeks
    for key in ("part-time-4", "part-time-3", "part-time-2"):
        group = by_key[key]
        assert group.comparator_share == Fraction(203, 248)
        assert group.gap == 1 - Fraction(203, 248)
        assert group.home_days_per_week == 0
        assert group.worst == 1
        assert group.flagged
    assert [g.label for _, g in table.flagged] == [
        "Part time, 4 days a week", "Part time, 3 days a week", "Part time, 2 days a week"]


def test_60_percent_monthly_narrows_the_gap_for_a_two_day_worker():
    """Mon–Tue days per month (range cut at 6 Jan and 28 Dec; Easter, May and August Mondays
    off) and 60% of them rounded up to whole days:
    Jan 8→5, Feb 8→5, Mar 9→6, Apr 8→5, May 6→4, Jun 9→6, Jul 9→6, Aug 7→5, Sep 10→6,
    Oct 8→5, Nov 8→5, Dec 8→5: 63 of 98 days = 9/14 (64.3%)."""
    table = fairness_table(MIXED, policy(Fraction(3, 5), PeriodKind.MONTH), [], FIRST, LAST)
    found = shares(table)
    assert found["part-time-2"] == Fraction(9, 14)
    # The rest of the monthly column of the domain notes' table ("Who the rounding falls on").
    assert [round(float(found[k]) * 100, 1) for k in
            ("full-time", "part-time-4", "part-time-3")] == [60.9, 62.3, 63.8]
    groups = {g.key: g for _, g in table.groups}
    assert groups["part-time-2"].worst == Fraction(5, 7)  # August: 5 of 7 days
    assert all(groups[k].flagged for k in ("part-time-4", "part-time-3", "part-time-2"))


@pytest.mark.parametrize(("share", "period", "expected"), [
    (Fraction(3, 5), PeriodKind.WEEK, [61.3, 74.4, 68.5, 100.0]),
    (Fraction(3, 5), PeriodKind.MONTH, [60.9, 62.3, 63.8, 64.3]),
    (Fraction(4, 5), PeriodKind.WEEK, [81.9, 100.0, 100.0, 100.0]),
    (Fraction(4, 5), PeriodKind.MONTH, [81.0, 81.9, 83.9, 86.7]),
])
def test_the_domain_notes_table_for_england_2025(share, period, expected):
    table = fairness_table(MIXED, policy(share, period), [], FIRST, LAST)
    found = shares(table)
    assert [round(float(found[k]) * 100, 1) for k in
            ("full-time", "part-time-4", "part-time-3", "part-time-2")] == expected


def test_60_percent_weekly_full_time_is_19_of_31():
    """3 of 5 in 45 weeks, 3 of 4 (2.4 → 3) in 5, 2 of 3 (1.8 → 2) at Christmas: 152/248."""
    table = fairness_table(team({5: 5}), policy(Fraction(3, 5)), [], FIRST, LAST)
    assert shares(table) == {"full-time": Fraction(19, 31)}


def test_groups_of_fewer_than_five_show_so_and_an_arrangement_group_hides_its_figures():
    people = [*team({5: 6, 2: 3}),
        Person("X1", "Xena", category="support", pattern=pattern("Mon-Fri")),
        Person("X2", "Yuri", category="support", pattern=pattern("Mon-Thu"))]
    exempt = [Adjustment("X1", AdjustmentKind.EXEMPT, date(2024, 1, 1)),
              Adjustment("X2", AdjustmentKind.REDUCED_SHARE, date(2024, 1, 1),
                         share=Fraction(1, 5))]
    table = fairness_table(people, policy(Fraction(4, 5)), exempt, FIRST, LAST)
    groups = {g.key: g for _, g in table.groups}
    assert set(groups) == {"full-time", "part-time-2", ARRANGEMENT_KEY}  # no 4-day group
    assert groups["full-time"].people_text == "6"
    small = groups["part-time-2"]
    assert (small.people_text, small.hidden, small.effective) == (FEWER_THAN, False, 1)
    arranged = groups[ARRANGEMENT_KEY]
    assert (arranged.people, arranged.people_text, arranged.hidden) == (2, FEWER_THAN, True)


def test_the_arrangement_group_applies_the_arrangements():
    """Five exempt people need no office day at all; a full-timer under the same rule still
    needs 203 of 248."""
    people = team({5: 5})
    exempt = [Adjustment(p.staff_id, AdjustmentKind.EXEMPT, date(2024, 1, 1)) for p in people]
    table = fairness_table(people, policy(Fraction(4, 5)), exempt, FIRST, LAST)
    (group,) = [g for _, g in table.groups]
    assert (group.key, group.hidden, group.effective) == (ARRANGEMENT_KEY, False, 0)
    assert group.comparator_share == Fraction(203, 248)
    assert not group.flagged


def test_fixed_home_days_cap_what_the_arrangement_group_is_asked():
    """Mon–Fri with Thursday and Friday fixed at home under 80% weekly: the rule asks 4 days
    but only Mon–Wed are open, so 3 in a full week and in the week of Good Friday; 2 in the
    four weeks whose Monday is a bank holiday; 3 of 3 in the Christmas week (Mon–Wed)."""
    people = team({5: 5})
    fixed = [Adjustment(p.staff_id, AdjustmentKind.FIXED_HOME_DAYS, date(2024, 1, 1),
                        weekdays=frozenset({3, 4})) for p in people]
    table = fairness_table(people, policy(Fraction(4, 5)), fixed, FIRST, LAST)
    (group,) = [g for _, g in table.groups]
    # 45 full weeks × 3 + 5 short weeks × 3 + Christmas week 3 (Mon–Wed open, need 3).
    assert group.effective == Fraction(45 * 3 + 3 + 4 * 2 + 3, 248)


def test_people_without_a_rule_are_counted_apart_never_grouped():
    people = [*team({5: 5}), Person("U1", "Una", category=None, role="Cook")]
    table = fairness_table(people, policy(Fraction(4, 5)), [], FIRST, LAST)
    assert table.not_covered == 1
    assert sum(g.people for _, g in table.groups) == 5


def test_a_joiner_is_measured_over_their_own_weeks_only():
    """Joining on Mon 22 Dec: one week of 3 days (Christmas), 80% of 22.5 h = 18 h → 3 of 3."""
    joiner = Person("J1", "Jo", category="support", pattern=pattern("Mon-Fri"),
                    start_date=date(2025, 12, 22))
    table = fairness_table([joiner], policy(Fraction(4, 5)), [], FIRST, LAST)
    (group,) = [g for _, g in table.groups]
    assert (group.own.required, group.own.working, group.weeks) == (3, 3, 1)


@pytest.mark.parametrize(("made", "key"), [
    (pattern("Mon-Fri"), "full-time"),
    (WorkingPattern.from_days(range(4), [hours("9.375")]), "compressed"),
    (pattern("Mon-Fri", 6), "part-time-5"),
    (pattern("Tue,Thu"), "part-time-2"),
    (WorkingPattern.from_roster("WWWW----", [hours(12)], date(2025, 1, 6)), "cycle"),
])
def test_pattern_groups(made, key):
    assert pattern_group(made, hours("37.5"))[0] == key


def test_the_alternatives_measure_the_saved_rules_four_ways():
    saved = policy(Fraction(3, 5))
    names = [name for name, _ in measurement_alternatives(saved)]
    assert names == ["weekly", "monthly", "in days", "rolling 12 weeks"]
    report = fairness_report(MIXED, saved, [], FIRST, LAST,
                             draft=policy(Fraction(3, 5), PeriodKind.MONTH), team="T")
    assert report.draft is not None
    by_name = {t.title: t for t in report.alternatives}
    assert shares(by_name["monthly"]) == shares(report.draft)
    assert shares(by_name["weekly"]) == shares(report.saved)
    assert by_name["in days"].policy.measure is Measure.DAYS
    rolling = shares(by_name["rolling 12 weeks"])
    # Averaging over 12 weeks softens the weekly rounding as a month does.
    assert rolling["part-time-2"] < shares(report.saved)["part-time-2"]
