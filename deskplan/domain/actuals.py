"""Plan against actual: what really happened on each person-day, judged by the same rules.

Actuals are a second rota beside the plan, with the same cells: attended at a site (office,
maybe `@Site`), worked from home, leave, sick, official business elsewhere, training, or
nothing — *not recorded*, which is never read as a home day. The plan is never changed by
them. Because they are a `Rota`, the one `Checker` judges them exactly as it judges a plan.

Evidence for HR (`evidence`): per person and period, what was required (on what actually
happened: leave and sickness recorded there lower it), planned and attended; and the
*contracted office days not attended*: working days planned in the office, in a period whose
requirement attendance did not meet, that were neither attended nor excused. A day is excused
— and never listed — by recorded leave or sickness, a fixed home day or an exemption under an
arrangement, a day no minimum applies to (no rule, a share lowered to nothing, before the
policy starts), a bank holiday or a closure (not working days at all). Nothing here computes
pay: it lists days and says which rule made each one count. Given `as_of` (today), a period
that has not ended by then lists no days: the rest of it can still meet the requirement, and
a day still to come is never "not attended".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

import numpy as np

from deskplan.domain.calendar import describe_period
from deskplan.domain.durations import format_share
from deskplan.domain.engine import Checker
from deskplan.domain.facts import ABSENT, UNPLANNED
from deskplan.domain.model import Adjustment, Cell, Person
from deskplan.domain.plan import Plan
from deskplan.domain.policy import Policy
from deskplan.domain.rota import Rota
from deskplan.domain.rules.wording import Wording
from deskplan.domain.verdicts import PeriodVerdict, VerdictState

#: How the grid and the exports name the three views of a rota.
PLAN, ACTUAL, DIFFERENCES = "plan", "actual", "differences"


def actual_checker(people: Sequence[Person], policy: Policy,
                   adjustments: Iterable[Adjustment], actuals: Rota, first: date, last: date,
                   *, private: bool = False) -> Checker:
    """The one verdict on what happened: the same checker, given the actuals as its rota."""
    return Checker(people, policy, adjustments, actuals, first, last, private=private)


def confirm_as_planned(plan: Rota, actuals: Rota, staff_ids: Sequence[str], first: date,
                       last: date) -> list[tuple[str, date, Cell]]:
    """What "confirm as planned" records: each planned cell of `first`..`last` whose actual is
    not recorded yet. Cells already recorded (a correction, an import) are kept."""
    planned = plan.matrix(list(staff_ids), first, last)
    recorded = actuals.matrix(list(staff_ids), first, last)
    found = []
    for row, column in np.argwhere((planned > 0) & (recorded == 0)).tolist():
        staff_id, day = staff_ids[row], first + timedelta(days=column)
        found.append((staff_id, day, plan.cell(staff_id, day)))
    return found


def differences(plan: Rota, actuals: Rota, staff_ids: Sequence[str], first: date,
                last: date) -> np.ndarray:
    """(people × days) True where something is recorded and it is not what was planned."""
    planned = plan.matrix(list(staff_ids), first, last)
    recorded = actuals.matrix(list(staff_ids), first, last)
    found: np.ndarray = np.asarray((recorded > 0) & (recorded != planned), dtype=bool)
    for (row, column) in np.argwhere((recorded > 0) & (recorded == planned)).tolist():
        day = first + timedelta(days=column)  # same status, maybe another site
        if plan.cell(staff_ids[row], day) != actuals.cell(staff_ids[row], day):
            found[row, column] = True
    return found


@dataclass(frozen=True)
class PeriodEvidence:
    """One person's period: required (on what happened), planned and attended, in the
    policy's unit; `recorded` says whether any working day of it has an actual."""

    staff_id: str
    name: str
    first: date
    last: date
    actual: PeriodVerdict
    planned: Fraction
    recorded: bool
    ended: bool = True  # False: the period runs past `as_of`, so it is not judged yet

    @property
    def required(self) -> Fraction:
        return self.actual.required

    @property
    def attended(self) -> Fraction:
        return self.actual.office

    @property
    def met(self) -> bool:
        return self.actual.state is VerdictState.MET


@dataclass(frozen=True)
class MissedDay:
    """A contracted office day not attended: planned in the office, neither attended nor
    excused, in a period whose requirement attendance did not meet."""

    staff_id: str
    name: str
    day: date
    planned: Cell
    actual: Cell  # unplanned: nothing recorded
    days: Fraction  # 1, or 1/2 for a half day missed
    rule: str  # `60% under the policy for support staff`
    period: str  # `the week of 7 April 2025: 3 days required, 2 attended`

    @property
    def recorded_as(self) -> str:
        return "not recorded" if not self.actual.code else self.actual.label()


@dataclass(frozen=True)
class Evidence:
    periods: tuple[PeriodEvidence, ...]
    missed: tuple[MissedDay, ...]
    unit: str  # "h" or "d"


def evidence(plan: Plan, actuals: Rota, first: date, last: date, *, private: bool = True,
             policy: Policy | None = None, staff_ids: Sequence[str] | None = None,
             as_of: date | None = None) -> Evidence:
    """Required vs planned vs attended per person and period, and the office days not
    attended that no excuse covers (see the module docstring); with `as_of`, only periods
    ended by then list days."""
    policy = policy or plan.policy
    planned = plan.checker(first, last, private=private, policy=policy)
    happened = actual_checker(plan.people, policy, plan.adjustments, actuals, first, last,
                              private=private)
    facts = happened.facts
    ids = [s for s in (staff_ids if staff_ids is not None else facts.ids) if s in facts.row]
    planned_verdicts = planned.verdicts(ids)
    words = Wording(facts, private=private)
    plan_codes = planned.facts.codes
    periods: list[PeriodEvidence] = []
    missed: list[MissedDay] = []
    unit = "d"
    for staff_id, verdicts in happened.verdicts(ids).items():
        row = facts.row[staff_id]
        person = facts.people[row]
        by_period = {(v.first, v.last): v for v in planned_verdicts[staff_id]}
        for verdict in verdicts:
            unit = verdict.unit
            lo, hi = facts.column(verdict.first), facts.column(verdict.last) + 1
            working = facts.working[row, lo:hi]
            recorded = bool((UNPLANNED[facts.codes[row, lo:hi]][working] < 2).any())
            plan_verdict = by_period.get((verdict.first, verdict.last))
            ended = as_of is None or verdict.last <= as_of
            periods.append(PeriodEvidence(staff_id, person.name, verdict.first, verdict.last,
                                          verdict, plan_verdict.office if plan_verdict
                                          else Fraction(0), recorded, ended))
            if not recorded or not ended or verdict.state is VerdictState.NOT_CHECKED or \
                    verdict.office >= verdict.required:
                continue
            context = (f"{describe_period(verdict.first, verdict.last, verdict.kind)}: "
                       f"{verdict.amount(verdict.required)} {verdict.unit} required, "
                       f"{verdict.amount(verdict.office)} {verdict.unit} attended")
            for column in range(lo, hi):
                halves = _missed_halves(happened, int(plan_codes[row, column]), row, column)
                if not halves:
                    continue
                day = facts.day(column)
                share, label = words.share_source(row, column)
                missed.append(MissedDay(
                    staff_id, person.name, day, plan.rota.cell(staff_id, day),
                    actuals.cell(staff_id, day), Fraction(halves, 2),
                    f"{format_share(share)} under {label}", context))
    return Evidence(tuple(periods), tuple(missed), unit)


def _missed_halves(checker: Checker, plan_code: int, row: int, column: int) -> int:
    """Office halves planned but not attended on a day no excuse covers (0: none missed)."""
    facts = checker.facts
    if not facts.working[row, column] or facts.fixed[row, column] or \
            facts.exempt[row, column] or facts.share[row, column] == 0:
        return 0
    actual = int(facts.codes[row, column])
    if ABSENT[actual]:
        return 0  # leave or sickness recorded that day
    return max(0, int(facts.office_lut[plan_code]) - int(facts.office_lut[actual]))
