"""The minimum office share per person and period (`below-minimum`), and the verdicts.

Required = Σ over available time of share(day) × time, exactly in hours; in days it is the same
sum in days, rounded up to `round_to`. It is then lowered to what the person's arrangements
allow: the time outside fixed home days, what a home-days allowance leaves, and a cap. A period
*cannot be met* once even planning every open unplanned half day in the office would not reach
it; only then is it a conflict.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from deskplan.domain.conflicts import Conflict, RuleId
from deskplan.domain.facts import ABSENT, UNPLANNED, Facts, Period
from deskplan.domain.model import Adjustment, AdjustmentKind
from deskplan.domain.policy import Measure
from deskplan.domain.rules.base import Bulk, Found, Judged, ScopeKey, in_order
from deskplan.domain.rules.wording import Wording, plural
from deskplan.domain.rules.wording import format_number as _number
from deskplan.domain.verdicts import PeriodVerdict, VerdictState
from deskplan.domain.working_time import DayOff

_ROW_BLOCK = 512
_QUANTITIES = ("available", "office", "unplanned", "required", "outside_fixed",
               "unplanned_open", "employed", "checked", "cap")
#: Where each quantity is in the sums `period_sums` returns.
Q = {name: i for i, name in enumerate(_QUANTITIES)}


@dataclass(frozen=True)
class Judgement:
    """The integer sums of one person-period and what they come to (in units)."""

    sums: tuple[int, ...]
    required: Fraction
    uncapped: Fraction
    lowered_by: str  # "", "fixed", "home-days" or "cap"
    most: Fraction | None

    def get(self, name: str) -> int:
        return self.sums[Q[name]]

    @property
    def employed(self) -> bool:
        return self.get("employed") > 0

    @property
    def checked(self) -> bool:
        return self.get("checked") > 0

    @property
    def state(self) -> VerdictState:
        office, still_open = self.get("office"), self.get("unplanned_open")
        if not self.checked:
            return VerdictState.NOT_CHECKED
        if office >= self.required:
            return VerdictState.MET
        if office + still_open >= self.required:
            return VerdictState.OPEN
        return VerdictState.CANNOT


def period_sums(facts: Facts, rows: np.ndarray, periods: Sequence[Period]) -> np.ndarray:
    """(quantities × rows × periods) of integer sums, in row blocks so that temporaries stay
    small: fresh multi-megabyte arrays cost more in page faults than the arithmetic."""
    out = np.zeros((len(_QUANTITIES), len(rows), len(periods)), dtype=np.int64)
    if not len(periods) or not len(rows):
        return out
    lo = min(p.lo for p in periods)
    hi = max(p.hi for p in periods)
    starts = np.array([p.lo - lo for p in periods], dtype=np.intp)
    ends = np.array([p.hi - lo for p in periods], dtype=np.intp)
    # Weeks, months and quarters tile the span one after another: each period's sum is then
    # one `add.reduceat` (a quarter of the work of running sums); rolling windows overlap.
    tiled = bool((ends > starts).all() and starts[0] == 0 and ends[-1] == hi - lo
                 and (starts[1:] == ends[:-1]).all())
    lengths = ends - starts

    def add_up(values: np.ndarray) -> np.ndarray:
        if tiled:
            return np.add.reduceat(values, starts, axis=1, dtype=np.int64)
        running = np.zeros((values.shape[0], hi - lo + 1), dtype=np.int64)
        np.cumsum(values, axis=1, out=running[:, 1:])
        return running[:, ends] - running[:, starts]

    # Every row in order (a full check): blocks are slices, read in place rather than copied.
    in_order = bool(rows[0] == 0 and rows[-1] == len(rows) - 1
                    and (len(rows) == 1 or (np.diff(rows) == 1).all()))
    # A full check: what the rota does not change comes from the people's and the policy's
    # matrices once (`Facts.remembered`): the days checked, and which people's share is the
    # same on every day (nearly everyone), whose requirement is then that share × the time.
    checked: np.ndarray | None = None
    varies: np.ndarray | None = None
    if in_order and len(rows) == len(facts.people):
        spans = tuple((p.lo, p.hi) for p in periods)
        checked = facts.remembered(("checked", spans), lambda: add_up(
            facts.has_rule[:, lo:hi] & facts.working[:, lo:hi]))
        varies = facts.share_varies(lo, hi)
    for r0 in range(0, len(rows), _ROW_BLOCK):
        here = slice(r0, r0 + min(_ROW_BLOCK, len(rows) - r0))
        block: np.ndarray | slice = here if in_order else rows[here]
        sums = _per_day(facts, block, lo, hi, each_day=checked is None)
        for name, values in sums.items():
            out[Q[name], here] = add_up(values)
        if checked is not None and varies is not None:
            out[Q["checked"], here] = checked[here]
            out[Q["required"], here] = (facts.share[here, lo][:, None]
                                        * out[Q["available"], here])
            different = np.flatnonzero(varies[here])
            if len(different):
                picked = r0 + different
                out[Q["required"], picked] = add_up(facts.share[picked, lo:hi]
                                                    * sums["available"][different])
        # Quantities most blocks do not need summed: without fixed home days the time outside
        # them is all the time, everyone employed throughout is employed every day, and
        # without caps the cap's sum stays zero.
        if "outside_fixed" not in sums:
            out[Q["outside_fixed"], here] = out[Q["available"], here]
            out[Q["unplanned_open"], here] = out[Q["unplanned"], here]
        if facts.cap is not None:
            # The cap is 1 (`scale`) on every day of the uncapped (nearly everyone): Σ cap ×
            # time is then `scale` × the time available; only capped rows are summed.
            out[Q["cap"], here] = facts.scale * out[Q["available"], here]
            capped = np.flatnonzero(facts.is_capped[rows[here]])
            if len(capped):
                picked = rows[here][capped]
                available = facts.weight[picked, lo:hi] * _PRESENT[facts.codes[picked, lo:hi]]
                out[Q["cap"], r0 + capped] = add_up(facts.cap[picked, lo:hi] * available)
        employed = (None if facts.everyone_employed
                    else facts.time.reason[block, lo:hi] != DayOff.NOT_EMPLOYED)
        out[Q["employed"], here] = (lengths if employed is None or employed.all()
                                    else add_up(employed))
    return out


#: Halves present (not on leave or sick) per cell code, as the weights' integer type.
_PRESENT = (2 - ABSENT).astype(np.int32)


def _per_day(facts: Facts, rows: np.ndarray | slice, lo: int, hi: int, *,
             each_day: bool = True) -> dict[str, np.ndarray]:
    """Per day, the quantities of `rows` that must be summed (see `period_sums`). The weight
    is zero on every day that is not a working day, so every product with it is too; a
    day's amounts fit 32 bits (two halves of at most 86,400 s) and are added up in 64.
    Without `each_day` the requirement and the days checked are left to the caller."""
    codes = facts.codes[rows, lo:hi]
    weight = facts.weight[rows, lo:hi]
    available = weight * _PRESENT[codes]
    unplanned = weight * UNPLANNED[codes]
    found = {
        "available": available,
        "office": weight * facts.office_lut[codes],
        "unplanned": unplanned,
    }
    if each_day:
        found["required"] = facts.share[rows, lo:hi] * available
        found["checked"] = facts.has_rule[rows, lo:hi] & facts.working[rows, lo:hi]
    fixed = facts.fixed[rows, lo:hi]
    if fixed.any():
        found["outside_fixed"] = np.where(fixed, 0, available)
        found["unplanned_open"] = np.where(fixed, 0, unplanned)
    return found


class Minimum:
    def __init__(self, facts: Facts, words: Wording) -> None:
        self.facts = facts
        self.words = words
        self.periods = facts.minimum_periods
        #: Per period, the ISO weeks that meet it (a home-days allowance is weekly).
        self._weeks_of = [[w for w in facts.weeks if w.lo < p.hi and w.hi > p.lo]
                          for p in self.periods]
        #: (halves' weights in the period, sorted; the cap in units) → the most office time
        #: those halves can make up within the cap: thousands of capped person-periods share
        #: a few patterns.
        self._plannable: dict[tuple[tuple[int, ...], int], int] = {}

    # --- judging ------------------------------------------------------------------------------
    def judgements(self, rows: np.ndarray) -> list[list[Judgement]]:
        """Per row, the judgement of each period. Without a home-days allowance or a cap
        (nearly everyone), a judgement is its sums' alone: one per distinct sums, shared."""
        sums = period_sums(self.facts, rows, self.periods)
        table = sums.transpose(1, 2, 0).tolist()
        special = {*self.facts.home_days, *self.facts.capped_rows}
        plain: dict[tuple[int, ...], Judgement] = {}

        def judge(row: int, period: int, values: tuple[int, ...]) -> Judgement:
            if row in special:
                return self._judge(row, period, values)
            found = plain.get(values)
            if found is None:
                found = plain[values] = self._judge(row, period, values)
            return found

        return [[judge(row, p, tuple(values)) for p, values in enumerate(periods)]
                for row, periods in zip(rows.tolist(), table, strict=True)]

    def _judge(self, row: int, period: int, sums: tuple[int, ...]) -> Judgement:
        facts = self.facts
        uncapped = facts.required_units(sums[Q["required"]])
        required, lowered = uncapped, ""
        limits: list[tuple[Fraction, str]] = [(Fraction(sums[Q["outside_fixed"]]), "fixed")]
        if row in facts.home_days:
            limits.append((self._home_days_limit(row, period, sums[Q["outside_fixed"]]),
                           "home-days"))
        most = None
        if facts.cap is not None:
            p = self.periods[period]
            if (facts.cap[row, p.lo:p.hi] < facts.scale).any():
                most = facts.cap_units(sums[Q["cap"]])
                limits.append((self._plannable_under(row, p, most), "cap"))
        for limit, why in limits:
            if limit < required:
                required, lowered = limit, why
        return Judgement(sums, required, uncapped, lowered, most)

    def _plannable_under(self, row: int, period: Period, most: Fraction) -> Fraction:
        """The most office time that can be planned without going over a cap: a cap lowers the
        minimum to it, and a minimum the person can only meet by breaking their cap (60% of
        three 7.5-hour days is 13.5 h, but office days come in halves of 3.75 h) would leave
        them in conflict whatever is planned. In days, the cap is already a whole number of
        the units days are planned in."""
        facts = self.facts
        if facts.policy.measure is Measure.DAYS:
            return most
        codes = facts.codes[row, period.lo:period.hi]
        halves = np.where(facts.working[row, period.lo:period.hi], 2 - ABSENT[codes], 0)
        weights = tuple(sorted(np.repeat(facts.weight[row, period.lo:period.hi],
                                         halves).tolist()))
        limit = int(most)  # units are whole; an exact cap of Fraction units rounds down
        key = (weights, limit)
        found = self._plannable.get(key)
        if found is None:
            found = self._plannable[key] = _plannable(weights, limit)
        return Fraction(found)

    def _home_days_limit(self, row: int, period_index: int, outside_fixed: int) -> Fraction:
        """The most office time a home-days allowance leaves in `period`, whichever days the
        person chooses to be at home: in each ISO week the allowance's days at home (less the
        fixed home days of that week, which are home days already) are taken as the longest
        available days of the week inside the period. The choice is the employee's, so the
        minimum must be reachable whatever they choose; a day with half leave is a day of half
        its length.
        """
        facts = self.facts
        period = self.periods[period_index]
        allowance = facts.home_days[row]
        removed = 0
        for week in self._weeks_of[period_index]:
            codes = facts.codes[row, week.lo:week.hi]
            amount = np.where(facts.working[row, week.lo:week.hi],
                              facts.weight[row, week.lo:week.hi].astype(np.int64)
                              * (2 - ABSENT[codes]), 0)
            constrained = (allowance[week.lo:week.hi] > 0) & (amount > 0)
            if not constrained.any():
                continue
            fixed = facts.fixed[row, week.lo:week.hi]
            needed = int(allowance[week.lo:week.hi].max()) - int((constrained & fixed).sum())
            if needed <= 0:
                continue
            inside = np.zeros(week.hi - week.lo, dtype=bool)
            inside[max(period.lo, week.lo) - week.lo: min(period.hi, week.hi) - week.lo] = True
            choices = sorted(amount[inside & constrained & ~fixed].tolist(), reverse=True)
            removed += sum(choices[:needed])
        return Fraction(outside_fixed - removed)

    def judge_all(self) -> Found:
        return in_order(self.judge_bulk())

    def judge_bulk(self) -> Judged:
        facts = self.facts
        rows = np.arange(len(facts.people), dtype=np.intp)
        sums = period_sums(facts, rows, self.periods)
        fail, exact = self.may_fail(sums)
        special = [*facts.home_days, *facts.capped_rows]
        if exact:
            # Without a home-days allowance or a cap (nearly everyone), a person-period that
            # may fail cannot be met: a conflict, built when it is read.
            plain = fail.copy()
            plain[special] = False
            fail &= ~plain
            plain_rows, plain_periods = np.nonzero(plain)
            kept = sums[:, plain_rows, plain_periods]
            snapshot = facts.snapshot()
            starts = np.array([p.first.toordinal() for p in self.periods], dtype=np.int64)

            def build(i: int) -> Conflict:
                row, period = int(plain_rows[i]), int(plain_periods[i])
                judgement = self._judge(row, period, tuple(kept[:, i].tolist()))
                return self._conflicts(row, period, judgement, snapshot)[0]

            yield Bulk.of_rule("minimum", plain_rows, plain_periods, RuleId.BELOW_MINIMUM,
                               starts[plain_periods], build)
        # The rest are judged one by one in Python.
        for row, period in zip(*np.nonzero(fail), strict=True):
            judgement = self._judge(int(row), int(period),
                                    tuple(sums[:, row, period].tolist()))
            found = self._conflicts(int(row), int(period), judgement)
            if found:
                yield ("minimum", int(row), int(period)), found

    def may_fail(self, sums: np.ndarray) -> tuple[np.ndarray, bool]:
        """(rows × periods) of `period_sums` over every row: False where the person-period is
        certainly not a conflict (not employed, not checked, or within reach of the
        requirement), True where it may be; and whether, for rows without other limits, True
        means it is one. The same integer comparisons as `_judge` and `Judgement.state`,
        scaled so that no fraction is needed; rows whose requirement has other limits (a
        home-days allowance, a cap) are True whenever they fall short of the requirement
        before those limits, and left to `_judge`."""
        facts = self.facts
        employed: np.ndarray = sums[Q["employed"]] > 0
        checked = sums[Q["checked"]] > 0
        scale = facts.scale
        reach = sums[Q["office"]] + sums[Q["unplanned_open"]]
        fixed = sums[Q["outside_fixed"]]
        required = sums[Q["required"]]
        step = int(2 * facts.policy.round_to) * scale
        largest = int(sums[Q["available"]].max(initial=0))
        if 4 * largest * scale >= 2**63 or (facts.policy.measure is not Measure.HOURS
                                              and step <= 0):
            return employed, False  # beyond exact int64 arithmetic: judge each exactly
        if facts.policy.measure is Measure.HOURS:
            short = reach * scale < required
            cannot = reach * scale < np.minimum(required, fixed * scale)
        else:
            rounded = -(-required // step) * (step // scale)
            short = reach < rounded
            cannot = reach < np.minimum(rounded, fixed)
        special = list(facts.home_days)
        special += facts.capped_rows
        # Other limits only ever lower the requirement: a person-period within reach of the
        # unlowered requirement is within reach of the lowered one too.
        cannot[special] = short[special]
        return np.asarray(employed & checked & cannot), True

    def scopes_of(self, row: int, column: int) -> Iterable[ScopeKey]:
        facts = self.facts
        hit = set(facts.periods_of_column(self.periods, column))
        if row in facts.home_days:  # the week's allowance reaches into neighbouring periods
            for week in facts.weeks:
                if week.lo <= column < week.hi:
                    hit |= {i for i, p in enumerate(self.periods)
                            if p.lo < week.hi and p.hi > week.lo}
        return [("minimum", row, period) for period in sorted(hit)]

    def judge(self, scope: ScopeKey) -> tuple[Conflict, ...]:
        row, period = int(scope[1]), int(scope[2])
        return self._conflicts(row, period, self._one(row, period))

    def _one(self, row: int, period: int) -> Judgement:
        sums = period_sums(self.facts, np.array([row], dtype=np.intp), [self.periods[period]])
        return self._judge(row, period, tuple(int(v) for v in sums[:, 0, 0]))

    def _conflicts(self, row: int, period: int, judgement: Judgement,
                   snapshot: np.ndarray | None = None) -> tuple[Conflict, ...]:
        """`snapshot`: a copy of every code, taken for many conflicts at once."""
        if not judgement.employed or judgement.state is not VerdictState.CANNOT:
            return ()
        p = self.periods[period]
        # Messages are written when read: from this snapshot, not the rota as it is by then.
        codes = (self.facts.codes[row, p.lo:p.hi].copy() if snapshot is None
                 else snapshot[row, p.lo:p.hi])
        return (self.words.conflict(RuleId.BELOW_MINIMUM, row, p.first, p.last,
                                    lambda: self._message(row, p, judgement, codes)),)

    # --- verdicts -----------------------------------------------------------------------------
    def verdicts(self, rows: np.ndarray) -> list[list[PeriodVerdict]]:
        """Per row, a verdict for each period in which the person is employed.

        A verdict depends only on its period, its judgement, why it is not checked and the one
        length of the person's days: a month of 200 people holds 1,200 verdicts but far fewer
        different ones, each made once (the exact arithmetic of a verdict costs more than the
        lookup; the rota PDF and the window's row summaries ask for hundreds at a time)."""
        lengths = self._day_lengths(rows)
        made: dict[tuple[object, ...], PeriodVerdict] = {}
        out = []
        for row, judgements, row_lengths in zip(rows.tolist(), self.judgements(rows),
                                                lengths.tolist(), strict=True):
            verdicts = []
            for period, judgement in enumerate(judgements):
                if not judgement.employed:
                    continue
                uncategorised = not judgement.checked and not any(self.facts.categories[row])
                # What the verdict reads of the judgement, the amounts as integer pairs (a
                # Fraction hashes through a modular inverse: slower than the verdict's lookup).
                required, most = judgement.required, judgement.most
                key = (period, judgement.sums, required.numerator, required.denominator,
                       None if most is None else (most.numerator, most.denominator),
                       uncategorised, row_lengths[period])
                found = made.get(key)
                if found is None:
                    found = made[key] = self._verdict(period, judgement, uncategorised,
                                                      row_lengths[period])
                verdicts.append(found)
            out.append(verdicts)
        return out

    def _day_lengths(self, rows: np.ndarray) -> np.ndarray:
        """(rows × periods): the one length in seconds of every working day of the period,
        or -1 where the days differ in length or there is none."""
        facts = self.facts
        out = np.full((len(rows), len(self.periods)), -1, dtype=np.int64)
        for k, p in enumerate(self.periods):
            seconds = facts.seconds[rows, p.lo:p.hi].astype(np.int64)
            working = facts.working[rows, p.lo:p.hi]
            longest = np.where(working, seconds, -1).max(axis=1, initial=-1)
            shortest = np.where(working, seconds, np.iinfo(np.int64).max).min(
                axis=1, initial=np.iinfo(np.int64).max)
            out[:, k] = np.where(longest == shortest, longest, -1)
        return out

    def _verdict(self, period: int, judgement: Judgement, uncategorised: bool,
                 day_seconds: int) -> PeriodVerdict:
        facts = self.facts
        p = self.periods[period]
        unit = facts.to_unit
        reason = ""
        if not judgement.checked:
            reason = "no policy category" if uncategorised else "no policy rule"
        return PeriodVerdict(
            p.first, p.last, facts.policy.period, facts.policy.measure, judgement.state,
            unit(judgement.get("available")), unit(judgement.get("office")),
            unit(judgement.get("unplanned")), unit(judgement.get("unplanned_open")),
            unit(judgement.required),
            unit(judgement.most) if judgement.most is not None else None, reason,
            day_seconds if day_seconds >= 0 else None)

    # --- messages -----------------------------------------------------------------------------
    def _message(self, row: int, period: Period, judgement: Judgement,
                 codes: np.ndarray) -> str:
        facts, words = self.facts, self.words
        columns = [c for c in range(period.lo, period.hi)
                   if facts.working[row, c] and ABSENT[codes[c - period.lo]] < 2]
        when = words.period(period)
        office, still_open = judgement.get("office"), judgement.get("unplanned_open")
        basis = self._basis(row, columns, judgement)
        if facts.policy.measure is Measure.DAYS:
            planned = plural(Fraction(office, 2), "office day")
            if still_open:
                planned += (f" and {plural(Fraction(still_open, 2), 'unplanned day')}, so at "
                            f"most {plural(Fraction(office + still_open, 2), 'day')}")
            return (f"{words.name(row)} has {planned} in {when}; needs "
                    f"{_number(facts.to_unit(judgement.required))} of "
                    f"{words.amount(judgement.get('available'))} ({basis}).")
        lengths = {int(facts.seconds[row, c]) for c in columns}
        if len(lengths) == 1:
            length = 2 * lengths.pop()
            planned = plural(Fraction(office, length), "office day")
            if still_open:
                planned += (f" and {plural(Fraction(still_open, length), 'unplanned day')}, "
                            f"so at most {_number(Fraction(office + still_open, length))}")
            # Whole days, as people plan; in half days where a cap leaves no room for more.
            step = length // 2 if judgement.lowered_by == "cap" else length
            needed = _number(Fraction(-(-judgement.required // step) * step, length))
            available_days = Fraction(judgement.get("available"), length)
            return (f"{words.name(row)} has {planned} in {when}; needs {needed} of "
                    f"{plural(available_days, 'available day')} ({basis}).")
        planned = f"{words.amount(office)} in the office"
        if still_open:
            planned += (f" and {words.amount(still_open)} unplanned, so at most "
                        f"{words.amount(office + still_open)}")
        return f"{words.name(row)} has {planned} in {when}; needs {basis}."

    def _basis(self, row: int, columns: Sequence[int], judgement: Judgement) -> str:
        """Where the requirement comes from: the amounts, the share and its source, and any
        arrangement that lowers it."""
        facts, words = self.facts, self.words
        shares = words.describe_shares(row, columns)
        available = judgement.get("available")
        if facts.policy.measure is Measure.DAYS:
            # "60% under the policy for everyone: 12.6 days, rounded up"
            exact = Fraction(judgement.get("required"), facts.scale) / 2
            text = shares
            if exact != judgement.uncapped / 2:
                text += f": {plural(exact, 'day')}, rounded up"
        else:
            text = f"{words.amount(judgement.uncapped)} of {words.amount(available)}: {shares}"
        if judgement.lowered_by:
            text += "; " + self._lowering(row, judgement)
        return text

    def _lowering(self, row: int, judgement: Judgement) -> str:
        words = self.words
        arrangement = words.arrangement(_first_of(self.facts, row, judgement.lowered_by))
        if judgement.lowered_by == "fixed":
            return f"no more than the time available outside fixed home days under {arrangement}"
        if judgement.lowered_by == "home-days":
            return f"no more than the home days under {arrangement} leave"
        assert judgement.most is not None
        return (f"no more than can be planned within the {words.amount(judgement.most)} "
                f"{arrangement} allows")


def _plannable(weights: tuple[int, ...], limit: int) -> int:
    """The largest total of some of `weights` (each taken whole or not at all) that is at most
    `limit`."""
    if sum(weights) <= limit:
        return sum(weights)
    # Counted in the halves' common measure (a 7.5-hour day's half is one step, not 13,500
    # seconds), the set of reachable totals stays a few hundred bits long.
    step = math.gcd(*weights)
    limit //= step
    reachable = 1  # bit k set: k steps of office time can be planned in whole halves
    for weight in weights:
        reachable |= reachable << (weight // step)
        reachable &= (1 << (limit + 1)) - 1
    return (reachable.bit_length() - 1) * step


def _first_of(facts: Facts, row: int, why: str) -> Adjustment | None:
    for adjustment in facts.arrangements[row]:
        if why == "cap" and adjustment.kind is AdjustmentKind.MAX_SHARE:
            return adjustment
        if adjustment.kind is AdjustmentKind.FIXED_HOME_DAYS and (
                (why == "fixed" and adjustment.weekdays)
                or (why == "home-days" and adjustment.home_days)):
            return adjustment
    return None
