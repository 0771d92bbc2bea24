"""Issue 9's worked examples: working time as real contracts have it (cycles, rosters, bank
holidays worked, half days, other sites, changes on a date), each a story with its figures
worked by hand in the comment beside it."""

from __future__ import annotations

from datetime import date, timedelta

from deskplan.domain.conflicts import RuleId
from deskplan.domain.model import Cell, Status
from deskplan.domain.policy import Location, Policy

from .helpers import check, only, person, plan, week

MON = date(2025, 1, 6)


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
