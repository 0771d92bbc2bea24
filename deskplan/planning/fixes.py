"""`suggest_fixes`: the fewest changes to days already planned that solve one conflict and
create no other error.

The question is the planner's model asked differently: the decisions are the days already
set as office or home around the conflict (its period; for a day's conflict, the periods
that hold the day), unplanned days stay unplanned, every rule that holds now must still
hold, rules broken now other than this one are left as they are, and each changed day costs
far more than anything else. Up to three different fixes are found (each later one excludes
the changes of those before it), every one checked by the `Checker`: the conflict gone, no
error that was not there before.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from ortools.sat.python import cp_model

from deskplan.domain.calendar import describe_day
from deskplan.domain.conflicts import Conflict, RuleId, Severity
from deskplan.domain.engine import Checker
from deskplan.domain.facts import Facts, SharedDesks
from deskplan.domain.model import Adjustment, AdjustmentKind, Person, Status
from deskplan.domain.policy import PeriodKind, Policy, fold
from deskplan.domain.rota import Rota
from deskplan.planning.model import ModelOptions, PlanModel, RuleRef, Weights
from deskplan.planning.planner import Change, apply_codes
from deskplan.planning.preferences import Preference
from deskplan.planning.solver import solve

#: A changed day outweighs every soft goal together.
FIX_WEIGHTS = Weights(change=100_000)
MAX_FIXES = 3


@dataclass(frozen=True)
class Fix:
    """One way to solve the conflict: the cells to change and what that means in words."""

    changes: tuple[Change, ...]
    steps: tuple[str, ...]

    def describe(self) -> str:
        return "; ".join(self.steps) + "."


@dataclass(frozen=True)
class FixResult:
    fixes: tuple[Fix, ...]
    #: Why there is none, when there is none.
    note: str = ""


def suggest_fixes(people: Sequence[Person], policy: Policy, adjustments: Sequence[Adjustment],
                  rota: Rota, conflict: Conflict, *, shared: SharedDesks | None = None,
                  preferences: Mapping[str, Preference] | None = None,
                  locked: frozenset[tuple[str, date]] = frozenset(),
                  time_limit: float = 5.0, limit: int = MAX_FIXES) -> FixResult:
    """Up to `limit` fixes for `conflict` (see the module's docstring)."""
    unfixable = _not_about_the_plan(conflict)
    if unfixable:
        return FixResult((), unfixable)
    first, last = _window(policy, conflict)
    check_last = last
    if policy.period is PeriodKind.ROLLING and policy.rolling_weeks:
        check_last = last + timedelta(weeks=policy.rolling_weeks - 1)
    facts = Facts(people, policy, adjustments, rota, first, check_last, shared=shared)
    target = _target(facts, conflict)
    if target is None:
        return FixResult((), "deskplan cannot find what this conflict is about any more; "
                             "check the rota again.")
    before = Checker(people, policy, adjustments, rota, first, check_last, shared=shared)
    errors_before = {c.key for c in before.conflicts if c.severity is Severity.ERROR}
    # Rules broken now stay as they are: each has its own conflict and its own fix.
    broken = {_target(facts, c) for c in before.conflicts} - {None, target}
    options = ModelOptions(
        lo=max(facts.column(first), 0), hi=min(facts.column(last) + 1, facts.days),
        only_set=True, keep_broken=True, target=target,
        skip=frozenset(r for r in broken if r is not None),
        locked=frozenset((facts.row[s], facts.column(d)) for s, d in locked
                         if s in facts.row and facts.first <= d <= facts.last),
        preferences={facts.row[s]: p for s, p in (preferences or {}).items()
                     if s in facts.row},
        weights=FIX_WEIGHTS)
    model = PlanModel(facts, options)
    if any(info.ref == target for info in model.impossible):
        return FixResult((), "No change to days already set in the office or at home can "
                             "solve this; it needs a change of leave, arrangement or policy.")
    fixes: list[Fix] = []
    fewest: int | None = None
    while len(fixes) < limit:
        solved = solve(model, time_limit=time_limit, phase="fixing")
        if solved.values is None:
            break
        values = solved.values
        changed = np.flatnonzero(values != model.v_current)
        if fewest is not None and len(changed) > fewest + 2:
            break
        codes = model.codes_with(values)
        after_rota, changes = apply_codes(rota, model, codes)
        after = Checker(people, policy, adjustments, after_rota, first, check_last,
                        shared=shared)
        errors_after = {c.key for c in after.conflicts if c.severity is Severity.ERROR}
        if conflict.key not in {c.key for c in after.conflicts} and \
                errors_after <= errors_before and changes:
            fixes.append(Fix(tuple(changes), tuple(_steps(changes, facts))))
            fewest = len(changed) if fewest is None else fewest
        if not len(changed):
            break
        # Next: a fix that does not make all of these changes.
        flipped = [model.x[i] if not model.v_current[i] else model.x[i].Not()
                   for i in changed.tolist()]
        model.model.add(cp_model.LinearExpr.sum(flipped) <= len(flipped) - 1)
    if not fixes:
        return FixResult((), "No change to days already set in the office or at home solves "
                             "this without breaking another rule.")
    return FixResult(tuple(fixes))


def _not_about_the_plan(conflict: Conflict) -> str:
    rule = conflict.rule
    if rule in (RuleId.REVIEW_DUE, RuleId.UNCLASSIFIED, RuleId.NO_RULE,
                RuleId.PRO_RATA_WARNING):
        return ("This is about the person's record, an arrangement or the policy, not the "
                "days planned: no change to the rota solves it.")
    if rule in (RuleId.UNPLANNED, RuleId.MISSED_ANCHOR_DAY):
        return "Plan… (Ctrl+Shift+P) fills unplanned days and honours team days."
    return ""


def _window(policy: Policy, conflict: Conflict) -> tuple[date, date]:
    """The days whose cells may change: the conflict's period, or for a day's conflict the
    measurement period(s) that hold it (so an office day can move within the week)."""
    probe = Facts([], policy, [], Rota(), conflict.start, conflict.end)
    periods = probe.minimum_periods
    if conflict.rule in (RuleId.BELOW_MINIMUM, RuleId.ABOVE_MAXIMUM):
        return conflict.start, conflict.end
    if policy.period is PeriodKind.ROLLING:
        monday = conflict.start - timedelta(days=conflict.start.weekday())
        return monday, monday + timedelta(days=6)
    return periods[0].first, periods[-1].last


def _target(facts: Facts, conflict: Conflict) -> RuleRef | None:
    rule = conflict.rule
    row = facts.row.get(conflict.staff_id or "")
    column = facts.column(conflict.start)
    if rule is RuleId.BELOW_MINIMUM and row is not None:
        period = next((i for i, p in enumerate(facts.minimum_periods)
                       if p.first == conflict.start and p.last == conflict.end), None)
        return None if period is None else RuleRef("minimum", row, period)
    if rule is RuleId.ABOVE_MAXIMUM and row is not None:
        if row in facts.home_days:
            week = next((i for i, w in enumerate(facts.weeks)
                         if w.first == conflict.start and w.last == conflict.end), None)
            if week is not None and any(a.kind is AdjustmentKind.FIXED_HOME_DAYS
                                        and a.home_days for a in facts.arrangements[row]):
                return RuleRef("home-days", row, week)
        period = next((i for i, p in enumerate(facts.plan_periods)
                       if p.first == conflict.start and p.last == conflict.end), None)
        return None if period is None else RuleRef("max-share", row, period)
    if rule is RuleId.ADJUSTMENT_BREACHED and row is not None:
        return RuleRef("fixed", row, column)
    if rule is RuleId.NON_WORKING_DAY and row is not None:
        return RuleRef("day-off", row, column)
    if rule is RuleId.OVER_CAPACITY and conflict.location:
        site = facts.site_of(conflict.location)
        return None if site is None else RuleRef("desks", site, column)
    if rule is RuleId.BELOW_COVERAGE and conflict.role:
        k = next((i for i, c in enumerate(facts.policy.coverage)
                  if fold(c.role) == fold(conflict.role)), None)
        return None if k is None else RuleRef("cover", k, column)
    return None


def _steps(changes: Sequence[Change], facts: Facts) -> list[str]:
    """`Move Ben Bell's office day from Wed 23 Apr 2025 to Thu 24 Apr 2025`, or one change."""
    names = {p.staff_id: p.name for p in facts.people}
    by_person: dict[str, list[Change]] = {}
    for change in changes:
        by_person.setdefault(change.staff_id, []).append(change)
    steps = []
    for staff_id, mine in by_person.items():
        name = names.get(staff_id, staff_id)
        out = [c for c in mine if _whole(c, Status.OFFICE, Status.HOME)]
        into = [c for c in mine if _whole(c, Status.HOME, Status.OFFICE)]
        rest = [c for c in mine if c not in out and c not in into]
        while out and into:
            a, b = out.pop(0), into.pop(0)
            steps.append(f"Move {name}'s office day from {describe_day(a.day)} to "
                         f"{describe_day(b.day)}")
        for change in out:
            steps.append(f"Plan {name} at home on {describe_day(change.day)} instead of in "
                         "the office")
        for change in into:
            steps.append(f"Plan {name} in the office on {describe_day(change.day)} instead of "
                         "at home")
        for change in rest:
            if not change.after.code:
                steps.append(f"Clear {name}'s {change.before.label().lower()} on "
                             f"{describe_day(change.day)}")
            else:
                steps.append(f"Set {name}'s {describe_day(change.day)} to "
                             f"{change.after.label().lower()} (was "
                             f"{change.before.label().lower()})")
    return steps


def _whole(change: Change, before: Status, after: Status) -> bool:
    return (change.before.status is before and change.after.status is after
            and not change.before.is_split)


__all__ = ["Fix", "FixResult", "suggest_fixes"]
