"""The grid's working days are the rule engine's: closures closed, worked bank holidays open."""

import dataclasses

from deskplan.domain.conflicts import RuleId
from deskplan.storage.operations import SavePolicy
from tests.ui.conftest import save, working_cells


def test_a_closure_day_is_closed_in_the_grid_as_in_the_engine(qtbot, demo_window):
    model = demo_window.model
    column = next(c for c in working_cells(demo_window, 0) if model.status[0, c])
    day = model.days[column]
    document = demo_window.document
    closed = dataclasses.replace(document.plan.policy, closures=frozenset({day}))
    save(qtbot, document, SavePolicy(closed))
    model = demo_window.model
    assert not model.working[0, model.column_of(day)]
    assert day in model.team_holidays
    # What the demo planned that day is now flagged by the engine, which agrees it is a day off.
    flagged = {(c.staff_id, c.start) for c in document.checker.conflicts
               if c.rule is RuleId.NON_WORKING_DAY}
    assert (model.people[0].staff_id, day) in flagged


def test_a_monthly_minimum_is_shown_in_every_week_of_its_month(qtbot, demo_window):
    from datetime import timedelta

    from deskplan.domain.policy import PeriodKind
    from deskplan.ui.periods import ViewSpan

    document = demo_window.document
    monthly = dataclasses.replace(document.plan.policy, period=PeriodKind.MONTH)
    save(qtbot, document, SavePolicy(monthly))
    demo_window.set_span(ViewSpan.WEEK)
    middle = demo_window.today.replace(day=15)
    demo_window.go_to(middle - timedelta(days=middle.weekday()) + timedelta(days=7))
    model = demo_window.model
    assert model.days[0].day != 1  # a week inside the month, not where the month starts
    month = [c for c in document.checker.conflicts
             if c.rule is RuleId.BELOW_MINIMUM and c.start <= model.days[0] <= c.end]
    assert month
    assert all(c in demo_window.dock.model.conflicts for c in month)
    summary = model.summary(0)
    assert summary.explanation != "no minimum applies over the periods shown"
