"""`plan_rota`: fill the unplanned working days of a range so that every rule is met.

Kept as they are: leave, sickness, training, business, locked days, days set as office or
home (unless `replan`), days off and bank holidays. Decided: every other working day (or
half day) of the people asked for, office or home at their base. Every plan is judged again
by the `Checker` before it is returned; `PlanResult.errors` are the checker's errors about
what this plan answers for (the people planned, and the sites' and cover's days).

When no plan meets every rule the result says why (`explain`) and carries the plan that
breaks the fewest rules instead, with the checker's account of what it breaks.

`PlanRequest.time_limit` is for the whole run, in wall-clock seconds (`solver.Budget`): every
search is given what is left of it. When no plan meets every rule, what is left after the
first search is shared out: a third to finding the clashing rules, the rest to the plan that
breaks the fewest, keeping back about what judging that plan will take. An explanation the
time cuts short says so (`PlanResult.explanation_complete`); its reasons are still true.
"""

from __future__ import annotations

import copy
import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum
from fractions import Fraction

import numpy as np
from ortools.sat.python import cp_model

from deskplan.domain.calendar import describe_day
from deskplan.domain.conflicts import Conflict, RuleId, Severity
from deskplan.domain.engine import Checker
from deskplan.domain.facts import DESK_AM, DESK_PM, Facts, SharedDesks
from deskplan.domain.model import Adjustment, Cell, Person, halves_of
from deskplan.domain.policy import Policy
from deskplan.domain.rota import Rota
from deskplan.domain.rules.wording import list_days, plural
from deskplan.domain.verdicts import VerdictState
from deskplan.planning.explain import Explanation, Reason, Words, explain, people
from deskplan.planning.model import FRIDAY, MONDAY, ModelOptions, PlanModel, RuleRef, Weights
from deskplan.planning.preferences import Preference
from deskplan.planning.solver import (
    DEFAULT_WORKERS,
    Budget,
    Control,
    ProgressCallback,
    Solved,
    solve,
)

log = logging.getLogger(__name__)

#: How far back Mondays and Fridays in the office count towards sharing them fairly.
HISTORY_WEEKS = 8


class Outcome(StrEnum):
    OPTIMAL = "optimal"  # every rule met; proved the best for the soft goals
    FEASIBLE = "feasible"  # every rule met; the best found within the time (see `gap`)
    INFEASIBLE = "infeasible"  # no plan meets every rule: `reasons`, and the best plan
    NO_PLAN = "no-plan"  # no plan found in the time (or stopped before the first)

    @property
    def meets_rules(self) -> bool:
        return self in (Outcome.OPTIMAL, Outcome.FEASIBLE)


@dataclass(frozen=True)
class PlanRequest:
    """What to plan: the same domain objects the checker judges, the days (`first`..`last`)
    and the people (`staff_ids`; None: everyone), and how."""

    people: Sequence[Person]
    policy: Policy
    adjustments: Sequence[Adjustment]
    rota: Rota
    first: date
    last: date
    staff_ids: frozenset[str] | None = None
    replan: bool = False
    locked: frozenset[tuple[str, date]] = frozenset()
    preferences: Mapping[str, Preference] = field(default_factory=dict)
    team_days: frozenset[int] = frozenset()
    shared: SharedDesks | None = None
    time_limit: float = 10.0
    workers: int = DEFAULT_WORKERS
    weights: Weights = field(default_factory=Weights)

    def facts(self, first: date | None = None, last: date | None = None) -> Facts:
        return Facts(self.people, self.policy, self.adjustments, self.rota,
                     first or self.first, last or self.last, shared=self.shared)


@dataclass(frozen=True)
class Change:
    staff_id: str
    day: date
    before: Cell
    after: Cell


@dataclass
class PlanResult:
    outcome: Outcome
    request: PlanRequest
    #: The draft: the request's rota with the plan's cells (the request's rota when no plan).
    rota: Rota
    changes: list[Change]
    checker: Checker | None
    #: The checker's errors about what the plan answers for.
    errors: list[Conflict]
    reasons: list[Reason]
    unmet_preferences: list[str]
    first_seconds: float | None
    seconds: float
    objective: float | None = None
    bound: float | None = None
    stopped: bool = False
    names: dict[str, str] = field(default_factory=dict)
    #: False when the time limit (or *Stop*) ended the search for `reasons` early: there may
    #: be more, or a smaller set of clashing rules.
    explanation_complete: bool = True

    @property
    def gap(self) -> float | None:
        """How far the plan may be from the best possible, as a share of its objective."""
        if self.objective is None or self.bound is None:
            return None
        return abs(self.objective - self.bound) / max(abs(self.objective), 1.0)

    @property
    def planned_days(self) -> Fraction:
        """Days the plan sets (a half day counts a half)."""
        total = Fraction(0)
        for change in self.changes:
            total += Fraction(sum(a != b for a, b in ((change.before.am, change.after.am),
                                                      (change.before.pm, change.after.pm))), 2)
        return total

    def summary(self) -> str:
        """`42 days planned; everyone meets the minimum; 3 preferences could not be met: …`"""
        parts = [f"{plural(self.planned_days, 'day')} planned"
                 if self.changes else "nothing to plan"]
        if self.outcome is Outcome.NO_PLAN:
            return "No plan was found" + (" before you stopped" if self.stopped else
                                          " in the time allowed") + "."
        short = self.short_people()
        cut_short = "" if self.explanation_complete else self._cut_short()
        if self.outcome is Outcome.INFEASIBLE and self.checker is None:
            return ("No plan meets every rule, and " + ("you stopped" if self.stopped else
                                                        "the time ran out")
                    + " before a plan breaking the fewest rules was found." + cut_short)
        if self.outcome is Outcome.INFEASIBLE:
            broken = len(self.errors) + len(self.cover_warnings())
            parts.append("no plan meets every rule: this one breaks "
                         f"{plural(broken, 'rule')}" if broken else
                         "no plan meets every rule")
        elif short:
            parts.append(f"{people(len(short))} still short of the minimum in "
                         "periods with days outside the plan")
        else:
            parts.append("everyone meets the minimum")
        if self.unmet_preferences:
            count = len(self.unmet_preferences)
            parts.append(f"{plural(count, 'preference')} could not be met: "
                         + "; ".join(self.unmet_preferences))
        text = "; ".join(parts) + "."
        if self.stopped:
            text += " (Stopped: the best plan found so far.)"
        return text[:1].upper() + text[1:] + cut_short

    def _cut_short(self) -> str:
        """What the summary says of an explanation the time or *Stop* cut short."""
        when = "when you stopped it" if self.stopped else "by the time limit"
        more = "" if self.stopped else "; allow more time to find them"
        if not self.reasons:
            return f" The search for the rules that clash was cut short {when}{more}."
        return f" The search for why was cut short {when}: there may be more reasons{more}."

    def cover_warnings(self) -> list[Conflict]:
        """Cover the plan leaves short (a warning, but a rule the planner holds)."""
        if self.checker is None:
            return []
        return [c for c in self.checker.conflicts if c.rule is RuleId.BELOW_COVERAGE]

    def short_people(self) -> list[str]:
        """People planned whose minimum is not yet met in some period of the range."""
        if self.checker is None:
            return []
        wanted = self.request.staff_ids
        found = []
        for staff_id, verdicts in self.checker.verdicts().items():
            if wanted is not None and staff_id not in wanted:
                continue
            if any(v.state not in (VerdictState.MET, VerdictState.NOT_CHECKED)
                   for v in verdicts):
                found.append(staff_id)
        return found


def plan_rota(request: PlanRequest, *, progress: ProgressCallback | None = None,
              control: Control | None = None) -> PlanResult:
    """Plan `request`; see the module's docstring."""
    started = time.perf_counter()
    budget = Budget(request.time_limit)
    facts = request.facts()
    costs = _Costs(facts=budget.elapsed())
    options = _options(request, facts)
    pristine = copy.copy(facts)  # a model sets its facts' codes; the relaxed one needs these
    model = PlanModel(facts, options)
    costs.model = budget.elapsed() - costs.facts
    # Rules the days already set break whatever is planned are explained on their own and
    # broken as little as possible; the rest must hold.
    alone = [Words(model).alone(info) for info in model.impossible]
    # The deterministic limit is the whole limit, so a run stopped by it stops at the same
    # point on any machine; the budget's wall clock is the safety net.
    solved = solve(model, time_limit=request.time_limit, workers=request.workers,
                   progress=progress, control=control, started=started, budget=budget)
    if solved.values is not None:
        outcome = (Outcome.INFEASIBLE if alone else
                   Outcome.OPTIMAL if solved.optimal else Outcome.FEASIBLE)
        return _result(request, model, solved, outcome, alone, started, control)
    if solved.status != cp_model.INFEASIBLE:
        return _no_plan(request, started, control)
    return _relaxed(request, pristine, options, alone, budget, costs, started, progress,
                    control)


@dataclass
class _Costs:
    """Wall-clock seconds the run's own steps took, to keep back for what is still to do: the
    facts (about what the checker's judgement of a plan takes) and the model (no less than
    the relaxed model takes)."""

    facts: float
    model: float = 0.0

    @property
    def reserve(self) -> float:
        """Time to keep back after the searches, for judging the plan found."""
        return 1.5 * self.facts


def _relaxed(request: PlanRequest, facts: Facts, options: ModelOptions, alone: list[Reason],
             budget: Budget, costs: _Costs, started: float, progress: ProgressCallback | None,
             control: Control | None) -> PlanResult:
    """No plan meets every rule: find why, then the plan that breaks the fewest rules, in
    what is left of `budget` (see the module's docstring). `alone`: the rules the days
    already set break, known without a search."""
    if budget.remaining() < costs.model + costs.reserve:
        # No time to build the relaxed model and search it: say so, with what is known.
        return _infeasible_without_plan(request, Explanation(alone, complete=False), started,
                                        control)
    model = PlanModel(facts, replace(options, relaxed=True))
    searching = max(0.0, budget.remaining() - costs.reserve)
    explanation = explain(model, budget=Budget(searching / 3), control=control,
                          started=started, progress=progress)
    searching = max(0.0, budget.remaining() - costs.reserve)
    solved = solve(model, time_limit=searching, workers=request.workers, phase="relaxing",
                   progress=progress, control=control, started=started,
                   budget=Budget(searching))
    if solved.values is None:
        return _infeasible_without_plan(request, explanation, started, control)
    result = _result(request, model, solved, Outcome.INFEASIBLE, explanation.reasons, started,
                     control)
    result.explanation_complete = explanation.complete
    return result


def _infeasible_without_plan(request: PlanRequest, explanation: Explanation, started: float,
                             control: Control | None) -> PlanResult:
    """No plan meets every rule (the solver proved it), and none breaking the fewest was
    found in the time: the reasons found, and the rota as it was."""
    result = _no_plan(request, started, control)
    result.outcome = Outcome.INFEASIBLE
    result.reasons = explanation.reasons
    result.explanation_complete = explanation.complete
    return result


def _options(request: PlanRequest, facts: Facts) -> ModelOptions:
    rows = (None if request.staff_ids is None
            else frozenset(facts.row[s] for s in request.staff_ids if s in facts.row))
    locked = frozenset((facts.row[s], facts.column(d)) for s, d in request.locked
                       if s in facts.row and facts.first <= d <= facts.last)
    preferences = {facts.row[s]: p for s, p in request.preferences.items() if s in facts.row}
    return ModelOptions(rows=rows, replan=request.replan, locked=locked,
                        preferences=preferences, team_days=request.team_days,
                        unpopular_history=_unpopular_history(request, facts),
                        weights=request.weights)


def _unpopular_history(request: PlanRequest, facts: Facts) -> dict[int, int]:
    """Office half days on Mondays and Fridays in the weeks before the plan, per row."""
    first = request.first - timedelta(days=request.first.weekday(), weeks=HISTORY_WEEKS)
    last = request.first - timedelta(days=1)
    if last < first:
        return {}
    codes = request.rota.matrix(facts.ids, first, last)
    weekday = (first.weekday() + np.arange(codes.shape[1])) % 7
    unpopular = np.isin(weekday, (MONDAY, FRIDAY))
    halves = (DESK_AM[codes].astype(np.int64) + DESK_PM[codes])[:, unpopular].sum(axis=1)
    return {row: int(count) for row, count in enumerate(halves.tolist()) if count}


def _result(request: PlanRequest, model: PlanModel, solved: Solved, outcome: Outcome,
            reasons: list[Reason], started: float, control: Control | None) -> PlanResult:
    assert solved.values is not None
    facts = model.facts
    codes = model.codes_with(solved.values)
    rota, changes = apply_codes(request.rota, model, codes)
    checker = Checker(request.people, request.policy, request.adjustments, rota,
                      request.first, request.last, shared=request.shared)
    errors = _errors_in_scope(checker, request)
    if outcome.meets_rules and errors:
        # The model and the checker disagree: a bug. Never show such a plan as meeting the
        # rules; say so in the log with what the checker found.
        log.error("the planner's plan breaks rules the model holds: %s", errors[:5])
        outcome = Outcome.INFEASIBLE
    unmet = _unmet_preferences(model, solved.values)
    return PlanResult(
        outcome=outcome, request=request, rota=rota, changes=changes, checker=checker,
        errors=errors, reasons=reasons, unmet_preferences=unmet,
        first_seconds=solved.first_seconds, seconds=time.perf_counter() - started,
        objective=solved.objective, bound=solved.bound,
        stopped=bool(control and control.stopped),
        names={p.staff_id: p.name for p in facts.people},
    )


def _no_plan(request: PlanRequest, started: float, control: Control | None) -> PlanResult:
    return PlanResult(Outcome.NO_PLAN, request, request.rota, [], None, [], [], [], None,
                      time.perf_counter() - started, stopped=bool(control and control.stopped))


def apply_codes(original: Rota, model: PlanModel, codes: np.ndarray
                ) -> tuple[Rota, list[Change]]:
    """A copy of `original` with the model's cells `codes` set, and the list of changes."""
    facts = model.facts
    rota = original.copy()
    changes: list[Change] = []
    rows, columns = np.nonzero(codes != model.original_codes)
    for row, column in zip(rows.tolist(), columns.tolist(), strict=True):
        staff_id, day = facts.ids[row], facts.day(column)
        before = original.cell(staff_id, day)
        am, pm = halves_of(int(codes[row, column]))
        # A half that stays keeps its site; a half the plan sets is at the person's base.
        after = Cell(am, pm, before.am_site if am == before.am else None,
                     before.pm_site if pm == before.pm else None)
        rota.set_cell(staff_id, day, after)
        changes.append(Change(staff_id, day, before, after))
    changes.sort(key=lambda c: (c.staff_id, c.day))
    return rota, changes


def _errors_in_scope(checker: Checker, request: PlanRequest) -> list[Conflict]:
    wanted = request.staff_ids
    return [c for c in checker.conflicts if c.severity is Severity.ERROR
            and (wanted is None or c.staff_id is None or c.staff_id in wanted)]


def _unmet_preferences(model: PlanModel, values: np.ndarray) -> list[str]:
    """Per person, the preferences and team days the plan could not honour, in words."""
    facts = model.facts
    found: dict[int, list[tuple[str, date]]] = {}
    checks = ((model.wants_office & ~values, "at home on a usual office day"),
              (model.wants_home & values, "in the office on a preferred home day"),
              (model.cannot & values, "in the office on a day they cannot come in"),
              (model.team_day & ~values, "at home on a team day"))
    for mask, what in checks:
        for i in np.flatnonzero(mask).tolist():
            found.setdefault(int(model.v_row[i]), []).append(
                (what, facts.day(int(model.v_col[i]))))
    lines = []
    for row in sorted(found, key=lambda r: facts.people[r].name):
        by_what: dict[str, list[date]] = {}
        for what, day in found[row]:
            by_what.setdefault(what, []).append(day)
        for what, days in by_what.items():
            lines.append(f"{facts.people[row].name} {what} ({list_days(sorted(days))})")
    return lines


def describe_change(change: Change, name: str) -> str:
    """`Ada Ames: office on Mon 7 Apr 2025 (was not planned)`."""
    before = change.before.label().lower() if change.before.code else "not planned"
    return f"{name}: {change.after.label().lower()} on {describe_day(change.day)} (was {before})"


__all__ = ["Change", "Control", "Outcome", "PlanRequest", "PlanResult", "RuleRef",
           "apply_codes", "describe_change", "plan_rota"]
