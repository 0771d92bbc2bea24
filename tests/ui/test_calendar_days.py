"""The grid's working days are the rule engine's: closures closed, worked bank holidays open."""

import dataclasses

from deskplan.domain.conflicts import RuleId
from tests.ui.conftest import working_cells


def test_a_closure_day_is_closed_in_the_grid_as_in_the_engine(demo_window):
    model = demo_window.model
    column = next(c for c in working_cells(demo_window, 0) if model.status[0, c])
    day = model.days[column]
    document = demo_window.document
    document.save_policy(dataclasses.replace(document.plan.policy, closures=frozenset({day})))
    model = demo_window.model
    assert not model.working[0, model.column_of(day)]
    assert day in model.team_holidays
    # What the demo planned that day is now flagged by the engine, which agrees it is a day off.
    flagged = {(c.staff_id, c.start) for c in document.checker.conflicts
               if c.rule is RuleId.NON_WORKING_DAY}
    assert (model.people[0].staff_id, day) in flagged
