"""Issue 10's worked examples: policies as employers write them (days or hours, quarters and
rolling windows, dated rules, anchor days, caps, the pro-rata warning), each a story with its
figures worked by hand in the comment beside it."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

from deskplan.domain.conflicts import RuleId
from deskplan.domain.policy import PeriodKind, Policy, Rule

from .helpers import only, person, plan


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
