"""Per-person, per-period verdicts on the minimum, and the one way they are summarised.

Every surface that shows whether someone meets the minimum — the grid's row summary and its
tooltip, the PDF, the compliance report, the command line — reads these, so they cannot give
different answers for the same period.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction
from functools import cached_property

from deskplan.domain.calendar import describe_period
from deskplan.domain.durations import format_hours
from deskplan.domain.policy import Measure, PeriodKind

PASS, FAIL, OPEN, NONE = "✓", "✖", "○", "–"


class VerdictState(StrEnum):
    MET = "met"
    OPEN = "can still be met"
    CANNOT = "cannot be met"
    NOT_CHECKED = "not checked"

    @property
    def mark(self) -> str:
        return {"met": PASS, "can still be met": OPEN, "cannot be met": FAIL,
                "not checked": NONE}[self.value]


@dataclass(frozen=True)
class PeriodVerdict:
    """One person's minimum in one period, in the policy's unit (hours or days).

    `required` already has every lowering applied (fixed home days, a home-days allowance, a
    cap); `most` is the cap on office time when an arrangement sets one. `reason` says why a
    period is not checked.
    """

    first: date
    last: date
    kind: PeriodKind
    measure: Measure
    state: VerdictState
    available: Fraction
    office: Fraction
    unplanned: Fraction
    still_open: Fraction
    required: Fraction
    most: Fraction | None = None
    reason: str = ""
    #: In hours, the one length of every available day when they are all alike (seconds):
    #: the figures can then be read in days, as managers count them.
    day_seconds: int | None = None

    @property
    def unit(self) -> str:
        return "h" if self.measure is Measure.HOURS else "d"

    def amount(self, value: Fraction) -> str:
        if self.measure is Measure.HOURS:
            return format_hours(value * 3600).removesuffix(" h")
        return format_amount(value)

    @cached_property
    def figures(self) -> str:
        """`3/4 d` or `22.5/30 h`: office planned / required. In hours with days all of one
        length, in days: office days / the whole days the requirement takes.

        Worked out once per verdict: the checker makes one verdict for every distinct
        judgement and shares it between the people it fits, so a month of 200 people shows
        1,200 figures but formats a few dozen (a fifth of the rota PDF's Python, before)."""
        if self.measure is Measure.HOURS and self.day_seconds:
            hours = Fraction(self.day_seconds, 3600)
            needed = -(-self.required // hours)
            return f"{format_amount(self.office / hours)}/{needed} d"
        return f"{self.amount(self.office)}/{self.amount(self.required)} {self.unit}"

    def describe(self) -> str:
        when = describe_period(self.first, self.last, self.kind)
        if self.state is VerdictState.NOT_CHECKED:
            return f"{when}: not checked ({self.reason})"
        text = (f"{when}: {self.amount(self.office)} of {self.amount(self.required)} "
                f"{self.unit} required, {self.state.value}")
        if self.unplanned:
            text += f"; {self.amount(self.unplanned)} {self.unit} still unplanned"
        return text


def format_amount(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):.2f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class RowSummary:
    """What a row of the grid (or the PDF) says about a person over the periods of a range."""

    text: str
    mark: str
    explanation: str


_PERIOD_WORDS = {PeriodKind.WEEK: ("week", "weeks"), PeriodKind.MONTH: ("month", "months"),
                 PeriodKind.QUARTER: ("quarter", "quarters"),
                 PeriodKind.ROLLING: ("window", "windows")}


def summarise(verdicts: Sequence[PeriodVerdict]) -> RowSummary:
    """Per period, never summed: one period shows its figures (`3/4 d ✓`), several say how
    many are met (`3 of 4 weeks met ✖`) with the failing ones in the explanation."""
    checked = [v for v in verdicts if v.state is not VerdictState.NOT_CHECKED]
    if not checked or all(v.required == 0 for v in checked):
        why = verdicts[0].reason if verdicts and not checked else \
            "no minimum applies over the periods shown"
        text = (checked[0].figures.split("/")[0] + f" {checked[0].unit}") if checked else ""
        return RowSummary(text, NONE, why or "not checked")
    states = {v.state for v in checked}
    mark = FAIL if VerdictState.CANNOT in states else OPEN if VerdictState.OPEN in states \
        else PASS
    explanation = "; ".join(v.describe() for v in verdicts)
    if len(verdicts) == 1:
        return RowSummary(verdicts[0].figures, mark, explanation)
    one, many = _PERIOD_WORDS[verdicts[0].kind]
    met = sum(1 for v in checked if v.state is VerdictState.MET)
    text = f"{met} of {len(checked)} {one if len(checked) == 1 else many} met"
    failing = [v.describe() for v in verdicts if v.state is not VerdictState.MET]
    return RowSummary(text, mark, "; ".join(failing) if failing else explanation)
