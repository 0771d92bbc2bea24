"""The CP-SAT model of one planning question, built from the rule engine's own facts.

A *decision* is one person's day, or one half of it where the other half is already set:
office (1) or home (0), at the person's base. Everything else is a constant: leave, sickness,
training, business, days set (unless re-planning), locked days, days off. The constants are
summed by the engine itself: the facts' cells are set to home wherever a decision will go,
and the engine's own `period_sums`, `Minimum`, `Desks` and cover counts give the required
time, the office time already planned, the desks already taken and the cover already there.
Each rule then becomes one linear constraint over the decisions, in the facts' integer units
(half days weighted by seconds, or by one in days mode), so a plan the model accepts is a
plan the checker accepts:

- `minimum` (person, period): office + unplanned time still open ≥ the requirement (exactly
  the engine's "can still be met"; in a period the plan fills, that is office ≥ required).
- `max-share` (person, plan period): office time ≤ the cap, rounded down as the engine does.
- `home-days` (person, ISO week): days away from home on the constrained days ≤ what the
  allowance leaves.
- `desks` (site, day): people at its desks in the morning and in the afternoon ≤ its desks,
  other teams' people included.
- `cover` (cover rule, day): people of the role in the office in each half ≥ the minimum.
- `fixed` (person, day): never office on a fixed home day (a decision there is home).

Soft goals are weighted in the objective (see `Weights`). In *relaxed* mode every rule has a
literal that may be false at a high price, and a slack that measures by how much it is
broken: the same model then gives the clashing rules (assumptions on the literals) and the
plan that breaks the fewest rules.
"""

from __future__ import annotations

import math
import zlib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
from ortools.sat.python import cp_model

from deskplan.domain.facts import (
    ABSENT,
    AWAY_FROM_HOME,
    DESK_AM,
    DESK_PM,
    Facts,
)
from deskplan.domain.model import SPLIT_BASE, Status, cell_code, halves_of
from deskplan.domain.rules.anchors import AnchorDays
from deskplan.domain.rules.caps import Caps
from deskplan.domain.rules.desks import Desks
from deskplan.domain.rules.minimum import Judgement, Minimum, Q, period_sums
from deskplan.domain.rules.wording import Wording
from deskplan.planning.preferences import Preference

MONDAY, FRIDAY = 0, 4

#: One linear part of a rule: decisions, their coefficients, and the bound.
Part = tuple[np.ndarray, np.ndarray, int]


@dataclass(frozen=True)
class RuleRef:
    """One rule instance of the model: `kind` and two indices — (row, period) for `minimum`
    and `max-share`, (row, week) for `home-days`, (site, column) for `desks`, (cover rule,
    column) for `cover`, (row, column) for `fixed`."""

    kind: str
    first: int
    second: int


@dataclass(frozen=True)
class Weights:
    """Prices of the soft goals, per half day (the objective is minimised). A day at home on
    a team day costs more than a missed preference, which costs more than an office day
    beyond the minimum (so nobody is planned in beyond what is asked unless something wants
    them there), which costs more than the weekday ranking that keeps routines stable."""

    team_day: int = 1_000
    unavailable: int = 600
    preference: int = 200
    change: int = 400
    short_of_share: int = 500
    level_desks: int = 100
    office: int = 10
    #: Per step of a person's weekday ranking (0..79), and extra for Mondays and Fridays.
    routine: int = 1
    unpopular: int = 8
    broken_rule: int = 1_000_000
    slack: int = 10_000


@dataclass(frozen=True)
class ModelOptions:
    """What may change and what is asked.

    `rows`: people whose days may change (None: everyone); `lo`..`hi`: the columns that may
    change (the facts' range by default); `replan`: days already set as office or home may
    change too; `only_set`: only days already set as office or home change (unplanned days
    stay unplanned: the fix-a-conflict question); `locked`: (row, column) cells that never
    change; `relaxed`: every rule may be broken at a price; `skip`: rules left out (a fix
    leaves out the rules the checker finds broken now, other than `target`);
    `keep_broken`: days that break a rule of the day now (an office day on a fixed home day
    or a day off), other than `target`, stay as they are, so a fix mends one conflict."""

    rows: frozenset[int] | None = None
    lo: int | None = None
    hi: int | None = None
    replan: bool = False
    only_set: bool = False
    locked: frozenset[tuple[int, int]] = frozenset()
    relaxed: bool = False
    skip: frozenset[RuleRef] = frozenset()
    keep_broken: bool = False
    target: RuleRef | None = None
    preferences: Mapping[int, Preference] = field(default_factory=dict)
    team_days: frozenset[int] = frozenset()
    #: Per row, office half days on Mondays and Fridays in the weeks before the plan.
    unpopular_history: Mapping[int, int] = field(default_factory=dict)
    weights: Weights = field(default_factory=Weights)


@dataclass
class RuleInfo:
    """A rule instance as the model holds it, for explanations: the bound and what the
    constants already contribute (in the constraint's reduced units), and the decisions'
    rows."""

    ref: RuleRef
    need: int  # the first part's bound: ≥ when `at_least`, else ≤
    at_least: bool
    constant: int
    terms: int
    literal: cp_model.IntVar | None = None
    slack: cp_model.IntVar | None = None


class PlanModel:
    """Decisions, constraints and objective for one question over `facts`."""

    def __init__(self, facts: Facts, options: ModelOptions) -> None:
        self.facts = facts
        self.options = options
        self.weights = options.weights
        self.model = cp_model.CpModel()
        self.rules: dict[RuleRef, RuleInfo] = {}
        #: Rules no choice of the decisions can meet (the cells kept already break them).
        self.impossible: list[RuleInfo] = []
        #: Rules broken now that the model leaves alone (no decision touches them, or
        #: `keep_broken`).
        self.untouched: list[RuleRef] = []
        self.original_codes = facts.codes.copy()
        self._choose_decisions()
        self._objective = np.zeros(len(self.v_row), dtype=np.int64)
        self._extra: list[tuple[cp_model.IntVar, int]] = []
        self.x = [self.model.new_bool_var(f"x{i}") for i in range(len(self.v_row))]
        self._set_constants()
        self._minimum()
        self._caps()
        self._desks()
        self._cover()
        self._soft()
        self.set_objective()

    # --- decisions ----------------------------------------------------------------------------
    def _choose_decisions(self) -> None:
        """Which halves of which cells the solver decides; which are set outright (free halves
        of fixed home days go home; re-planning clears office or home set on a day off); and
        which set days break a rule of the day that the plan keeps."""
        facts, options = self.facts, self.options
        lo = facts.range_lo if options.lo is None else options.lo
        hi = facts.range_hi if options.hi is None else options.hi
        self.lo, self.hi = lo, hi
        rows = (range(len(facts.people)) if options.rows is None
                else sorted(r for r in options.rows if 0 <= r < len(facts.people)))
        v_row: list[int] = []
        v_col: list[int] = []
        v_am: list[bool] = []
        v_pm: list[bool] = []
        v_prev_office: list[int] = []
        v_prev_home: list[int] = []
        #: (row, column, morning, afternoon): halves set outright (None: kept).
        self.forced: list[tuple[int, int, Status | None, Status | None]] = []
        self.kept_breaks: list[RuleRef] = []
        halves_rows = self._halves_rows(rows)
        row_array = np.array(list(rows), dtype=np.intp)
        codes = facts.codes[row_array, lo:hi] if len(row_array) else np.zeros((0, 0), np.uint8)
        working = facts.working[row_array, lo:hi]
        # Most cells are whole days, unplanned (or set, when re-planning) at the person's
        # base: they are decided as a whole, in one vectorised step. The rest (halves, other
        # sites, locks, fixed home days, days off with something set, capped people) are
        # looked at one by one.
        free_codes = [] if options.only_set else [int(Status.UNPLANNED)]
        if options.replan or options.only_set:
            free_codes += [int(Status.OFFICE), int(Status.HOME)]
        special = np.zeros(codes.shape, dtype=bool)
        special |= working & facts.fixed[row_array, lo:hi]
        special |= ~working & (codes != 0)
        special |= working & (codes >= SPLIT_BASE)
        for key in list(facts.elsewhere) + list(options.locked):
            i = np.searchsorted(row_array, key[0])
            if i < len(row_array) and row_array[i] == key[0] and lo <= key[1] < hi:
                special[i, key[1] - lo] = True
        if halves_rows:
            special[np.isin(row_array, list(halves_rows))] = True
        simple = working & ~special & np.isin(codes, free_codes)
        simple_rows, simple_cols = np.nonzero(simple)
        simple_codes = codes[simple_rows, simple_cols]
        for i, j in zip(*(a.tolist() for a in np.nonzero(special)), strict=True):
            row, column = int(row_array[i]), lo + j
            code = int(codes[i, j])
            if not working[i, j]:
                self._day_off(row, column, code)
                continue
            am, pm = halves_of(code)
            sites = facts.elsewhere.get((row, column), (-1, -1))
            locked = (row, column) in options.locked
            free = [not locked and self._free(status, site)
                    for status, site in zip((am, pm), sites, strict=True)]
            if facts.fixed[row, column]:
                self._fixed_day(row, column, (am, pm), free)
                continue
            if not any(free):
                continue
            # A cap on office time may allow only half a day more than the minimum asks
            # (50% of 37.5 h is 18.75 h: two and a half days): decide halves.
            split = [(True, False), (False, True)] if all(free) and row in halves_rows \
                else [(free[0], free[1])]
            for take_am, take_pm in split:
                v_row.append(row)
                v_col.append(column)
                v_am.append(take_am)
                v_pm.append(take_pm)
                halves = [s for s, f in zip((am, pm), (take_am, take_pm), strict=True) if f]
                v_prev_office.append(sum(s is Status.OFFICE for s in halves))
                v_prev_home.append(sum(s is Status.HOME for s in halves))
        v_row.extend(row_array[simple_rows].tolist())
        v_col.extend((simple_cols + lo).tolist())
        v_am.extend([True] * len(simple_rows))
        v_pm.extend([True] * len(simple_rows))
        v_prev_office.extend((2 * (simple_codes == Status.OFFICE)).tolist())
        v_prev_home.extend((2 * (simple_codes == Status.HOME)).tolist())
        order: list[int] = np.lexsort((np.array(v_am, dtype=bool),
                                       np.array(v_col, dtype=np.intp),
                                       np.array(v_row, dtype=np.intp))).tolist() if v_row else []
        v_row, v_col = [v_row[i] for i in order], [v_col[i] for i in order]
        v_am, v_pm = [v_am[i] for i in order], [v_pm[i] for i in order]
        v_prev_office = [v_prev_office[i] for i in order]
        v_prev_home = [v_prev_home[i] for i in order]
        self.v_row = np.array(v_row, dtype=np.intp)
        self.v_col = np.array(v_col, dtype=np.intp)
        self.v_am = np.array(v_am, dtype=bool)
        self.v_pm = np.array(v_pm, dtype=bool)
        self.v_halves = self.v_am.astype(np.int64) + self.v_pm.astype(np.int64)
        self.v_prev_office = np.array(v_prev_office, dtype=np.int64)
        self.v_prev_home = np.array(v_prev_home, dtype=np.int64)
        #: What each decision is now (office = 1), for `keep_broken` and for changes.
        self.v_current = (self.v_prev_office > 0) & (self.v_prev_office >= self.v_prev_home)
        self.v_weight = (facts.weight[self.v_row, self.v_col].astype(np.int64)
                         if len(v_row) else np.zeros(0, dtype=np.int64))
        self.v_units = self.v_weight * self.v_halves
        self.v_weekday = (facts.first.weekday() + self.v_col) % 7

    def _day_off(self, row: int, column: int, code: int) -> None:
        """Something set on a day that is not a working day: re-planning clears office and
        home there; anything else is a `non-working-day` error the plan keeps."""
        am, pm = halves_of(code)
        ref = RuleRef("day-off", row, column)
        on_site = [s not in (Status.UNPLANNED, Status.LEAVE, Status.SICK) for s in (am, pm)]
        if not any(on_site):
            return
        targeted = ref == self.options.target
        if self.options.keep_broken and not targeted:
            self.untouched.append(ref)
            return
        unlocked = (row, column) not in self.options.locked
        clear = [unlocked and (targeted or (self.options.replan and s in (Status.OFFICE,
                                                                          Status.HOME)))
                 for s in (am, pm)]
        if all(c or not o for c, o in zip(clear, on_site, strict=True)):
            self.forced.append((row, column, Status.UNPLANNED if on_site[0] else None,
                                Status.UNPLANNED if on_site[1] else None))
            return
        self.kept_breaks.append(ref)

    def _fixed_day(self, row: int, column: int, halves: tuple[Status, Status],
                   free: list[bool]) -> None:
        """A fixed home day: free halves go home; an office half that stays (set, locked, or
        left alone by a fix) is a breach the plan keeps."""
        ref = RuleRef("fixed", row, column)
        office_kept = [s is Status.OFFICE and not f for s, f in zip(halves, free, strict=True)]
        if self.options.keep_broken and any(office_kept) and ref != self.options.target:
            self.untouched.append(ref)
            return
        if ref == self.options.target:
            free = [f or s is Status.OFFICE for s, f in zip(halves, free, strict=True)]
            office_kept = [False, False]
        if any(free):
            self.forced.append((row, column, Status.HOME if free[0] else None,
                                Status.HOME if free[1] else None))
        if any(office_kept):
            self.kept_breaks.append(ref)

    def _free(self, status: Status, site: int) -> bool:
        if status is Status.UNPLANNED:
            return not self.options.only_set
        if status in (Status.OFFICE, Status.HOME) and site < 0:
            return self.options.replan or self.options.only_set
        return False

    def codes_with(self, values: np.ndarray | None) -> np.ndarray:
        """The facts' cell codes with the decisions set to `values` (office = True; None: all
        at home) and the forced halves at home."""
        codes = self.original_codes.copy()
        for row, column, am_set, pm_set in self.forced:
            am, pm = halves_of(int(codes[row, column]))
            codes[row, column] = cell_code(am if am_set is None else am_set,
                                           pm if pm_set is None else pm_set)
        if not len(self.v_row):
            return codes
        chosen = (np.zeros(len(self.v_row), dtype=bool) if values is None
                  else np.asarray(values, dtype=bool))
        whole = self.v_am & self.v_pm
        codes[self.v_row[whole], self.v_col[whole]] = np.where(chosen[whole], Status.OFFICE,
                                                               Status.HOME)
        # Halves one by one: a cell split in halves may have one decision per half.
        for i in np.flatnonzero(~whole).tolist():
            row, column = int(self.v_row[i]), int(self.v_col[i])
            am, pm = halves_of(int(codes[row, column]))
            status = Status.OFFICE if chosen[i] else Status.HOME
            codes[row, column] = cell_code(status if self.v_am[i] else am,
                                           status if self.v_pm[i] else pm)
        return codes

    def _halves_rows(self, rows: Sequence[int]) -> set[int]:
        """The capped people decided in halves: those whose cap leaves less than one of their
        working days above the minimum in some period (50% of 37.5 h allowed, 60% asked:
        the minimum is lowered to two and a half days). With a day or more to spare, whole
        days always fit (adding whole days until the minimum is met goes past it by less
        than a day), and a person decided in halves is planned in halves far more often than
        anyone wants; the planner is faster for it too. Where the cap is judged over other
        periods than the minimum, every capped person is decided in halves."""
        facts = self.facts
        if facts.cap is None:
            return set()
        capped = np.flatnonzero((facts.cap < facts.scale).any(axis=1))
        capped = capped[np.isin(capped, np.asarray(rows, dtype=np.intp))]
        if not len(capped):
            return set()
        spans = [(p.lo, p.hi) for p in facts.minimum_periods]
        if spans != [(p.lo, p.hi) for p in facts.plan_periods]:
            return set(capped.tolist())
        found: set[int] = set()
        minimum = Minimum(facts, Wording(facts, private=False))
        for row, judgements in zip(capped.tolist(), minimum.judgements(capped), strict=True):
            for p, judgement in zip(facts.minimum_periods, judgements, strict=True):
                if judgement.most is None or not judgement.checked:
                    continue
                working = facts.working[row, p.lo:p.hi]
                day = 2 * int(facts.weight[row, p.lo:p.hi][working].max(initial=0))
                if judgement.most - judgement.required < day:
                    found.add(row)
                    break
        return found

    # --- constants ----------------------------------------------------------------------------
    def _set_constants(self) -> None:
        facts = self.facts
        facts.codes = self.codes_with(None)
        self.words = Wording(facts, private=False)
        for ref in self.kept_breaks:
            self.impossible.append(RuleInfo(ref, 0, False, 0, 0))
        order = np.argsort(self.v_col, kind="stable")
        self._columns_order, self._columns = order, self.v_col[order]
        self._by_row: dict[int, np.ndarray] = defaultdict(lambda: np.zeros(0, dtype=np.intp))
        order = np.lexsort((self.v_col, self.v_row))
        if len(order):
            rows_sorted = self.v_row[order]
            bounds = np.flatnonzero(np.diff(rows_sorted)) + 1
            for chunk in np.split(order, bounds):
                self._by_row[int(self.v_row[chunk[0]])] = chunk

    def _in(self, row: int, lo: int, hi: int) -> np.ndarray:
        """Decisions of `row` in columns lo..hi (indices into the decision arrays)."""
        chunk = self._by_row.get(row)
        if chunk is None or not len(chunk):
            return np.zeros(0, dtype=np.intp)
        columns = self.v_col[chunk]
        a, b = np.searchsorted(columns, [lo, hi])
        return chunk[a:b]

    # --- constraints --------------------------------------------------------------------------
    def in_scope(self, ref: RuleRef) -> bool:
        """Whether the plan answers for the rule: a rule about a person being planned, or a
        site's or cover rule's day that the plan fills."""
        if ref.kind in ("desks", "cover"):
            return self.lo <= ref.second < self.hi
        rows = self.options.rows
        return rows is None or ref.first in rows

    def _constrain(self, ref: RuleRef, parts: list[Part], *, at_least: bool,
                   constant: int = 0) -> None:
        """Rule `ref` holds when every part holds: Σ coefficients × x ≥ bound (`at_least`)
        or ≤ bound. Parts are reduced by the gcd of their coefficients (exact for integer
        decisions); parts that always hold are dropped. (Plain lists: this runs once per
        person and period, and numpy's overhead on a week's handful of terms dominated.)"""
        options = self.options
        kept: list[tuple[list[int], list[int], int]] = []
        possible = True
        for decisions_array, coefficients_array, bound in parts:
            pairs = [(int(i), int(c)) for i, c in zip(decisions_array.tolist(),
                                                      coefficients_array.tolist(), strict=True)
                     if c]
            decisions = [i for i, _ in pairs]
            coefficients = [c for _, c in pairs]
            gcd = math.gcd(*coefficients) if coefficients else 1
            if gcd > 1:
                coefficients = [c // gcd for c in coefficients]
                bound = -(-bound // gcd) if at_least else bound // gcd
            total = sum(coefficients)
            if (bound <= 0) if at_least else (total <= bound):
                continue  # holds whatever is decided
            possible &= (total >= bound) if at_least else (bound >= 0)
            kept.append((decisions, coefficients, bound))
        if not kept or ref in options.skip:
            return
        info = RuleInfo(ref, kept[0][2], at_least, constant, sum(len(d) for d, _, _ in kept))
        if not self.in_scope(ref):
            self.untouched.append(ref)
            return
        if not possible:
            self.impossible.append(info)
        if options.relaxed or not possible:
            # A rule that may be (or must be) broken is broken by as little as possible.
            reach = max(abs(b) + sum(c) for _, c, b in kept)
            info.slack = self.model.new_int_var(0, reach, "")
            self._extra.append((info.slack, self.weights.slack))
            if possible:
                info.literal = self.model.new_bool_var(f"l_{ref.kind}_{ref.first}_"
                                                       f"{ref.second}")
                self.model.add(info.slack == 0).only_enforce_if(info.literal)
                self._extra.append((info.literal, -self.weights.broken_rule))
        x = self.x
        for decisions, coefficients, bound in kept:
            expression = cp_model.LinearExpr.weighted_sum([x[i] for i in decisions],
                                                          coefficients)
            if info.slack is not None:
                expression = expression + info.slack if at_least else expression - info.slack
            self.model.add(expression >= bound if at_least else expression <= bound)
        self.rules[ref] = info

    def _minimum(self) -> None:
        facts = self.facts
        minimum = Minimum(facts, self.words)
        self.judgements: dict[int, list[Judgement]] = {}
        # Only the people planned: nobody else's minimum can change.
        rows = (np.arange(len(facts.people), dtype=np.intp) if self.options.rows is None
                else np.array(sorted(self.options.rows), dtype=np.intp))
        for row, judgements in zip(rows.tolist(), minimum.judgements(rows), strict=True):
            self.judgements[row] = judgements
            for period, (p, judgement) in enumerate(zip(facts.minimum_periods, judgements,
                                                        strict=True)):
                if not judgement.employed or not judgement.checked:
                    continue
                required = math.ceil(judgement.required)
                constant = judgement.get("office") + judgement.get("unplanned_open")
                decisions = self._in(row, p.lo, p.hi)
                self._constrain(RuleRef("minimum", row, period),
                                [(decisions, self.v_units[decisions], required - constant)],
                                at_least=True, constant=constant)

    def _caps(self) -> None:
        facts = self.facts
        caps = Caps(facts, self.words)
        if caps.capped:
            rows = np.array(caps.capped, dtype=np.intp)
            sums = period_sums(facts, rows, caps.periods)
            assert facts.cap is not None
            for i, row in enumerate(caps.capped):
                for period, p in enumerate(caps.periods):
                    if not (facts.cap[row, p.lo:p.hi] < facts.scale).any():
                        continue
                    most = math.floor(facts.cap_units(int(sums[Q["cap"], i, period])))
                    office = int(sums[Q["office"], i, period])
                    decisions = self._in(row, p.lo, p.hi)
                    self._constrain(RuleRef("max-share", row, period),
                                    [(decisions, self.v_units[decisions], most - office)],
                                    at_least=False, constant=office)
        for row, allowance in facts.home_days.items():
            for week in caps.weeks:
                w = facts.weeks[week]
                days = allowance[w.lo:w.hi]
                if not days.any():
                    continue
                codes = facts.codes[row, w.lo:w.hi]
                constrained = (days > 0) & facts.working[row, w.lo:w.hi]
                available = int(np.where(constrained, 2 - ABSENT[codes], 0).sum())
                away = int(np.where(constrained, AWAY_FROM_HOME[codes], 0).sum())
                most = max(available - 2 * int(days.max()), 0)
                decisions = self._in(row, w.lo, w.hi)
                inside = constrained[self.v_col[decisions] - w.lo]
                decisions = decisions[inside]
                self._constrain(RuleRef("home-days", row, week),
                                [(decisions, self.v_halves[decisions], most - away)],
                                at_least=False, constant=away)

    def _site_groups(self) -> dict[tuple[int, int], np.ndarray]:
        """(base site, column) → the decisions there (people without a site take no desk)."""
        facts = self.facts
        groups: dict[tuple[int, int], list[int]] = defaultdict(list)
        if len(self.v_row):
            sites = facts.base_site[self.v_row, self.v_col]
            for i, (site, column) in enumerate(zip(sites.tolist(), self.v_col.tolist(),
                                                   strict=True)):
                if site >= 0:
                    groups[site, column].append(i)
        return {key: np.array(found, dtype=np.intp) for key, found in groups.items()}

    def _desks(self) -> None:
        facts = self.facts
        self.site_groups = self._site_groups()
        desks = Desks(facts, self.words)
        lo, hi = facts.range_lo, facts.range_hi
        self.desk_am, self.desk_pm = desks.counts(lo, hi)
        for site in desks.limited:
            capacity = facts.sites[site].capacity
            assert capacity is not None
            for column in range(lo, hi):
                decisions = self.site_groups.get((site, column), np.zeros(0, dtype=np.intp))
                ref = RuleRef("desks", site, column)
                am = int(self.desk_am[site, column - lo])
                pm = int(self.desk_pm[site, column - lo])
                self._two_halves(ref, decisions, capacity - am, capacity - pm, at_least=False,
                                 constants=(am, pm))

    def _two_halves(self, ref: RuleRef, decisions: np.ndarray, morning: int, afternoon: int,
                    *, at_least: bool, constants: tuple[int, int]) -> None:
        """A rule judged in the morning and in the afternoon: a decision counts in the halves
        it covers; when both halves ask the same of the same decisions, one part does."""
        am = self.v_am[decisions].astype(np.int64)
        pm = self.v_pm[decisions].astype(np.int64)
        parts: list[Part] = [(decisions, am, morning)]
        if morning != afternoon or not (am == pm).all():
            parts.append((decisions, pm, afternoon))
        self._constrain(ref, parts, at_least=at_least, constant=max(constants))

    def _cover(self) -> None:
        facts = self.facts
        lo, hi = facts.range_lo, facts.range_hi
        codes = facts.codes[:, lo:hi]
        for k, rule in enumerate(facts.policy.coverage):
            members = facts.cover_members[k]
            am_const = (DESK_AM[codes] & members[:, lo:hi]).sum(axis=0)
            pm_const = (DESK_PM[codes] & members[:, lo:hi]).sum(axis=0)
            for column in range(lo, hi):
                if not facts.cover_days[k, column]:
                    continue
                decisions = self._at_column(column)
                decisions = decisions[members[self.v_row[decisions], column]]
                am, pm = int(am_const[column - lo]), int(pm_const[column - lo])
                self._two_halves(RuleRef("cover", k, column), decisions,
                                 rule.min_in_office - am, rule.min_in_office - pm,
                                 at_least=True, constants=(am, pm))

    def _at_column(self, column: int) -> np.ndarray:
        a, b = np.searchsorted(self._columns, [column, column + 1])
        return np.asarray(self._columns_order[a:b], dtype=np.intp)

    # --- soft goals ---------------------------------------------------------------------------
    def _soft(self) -> None:
        facts, options, w = self.facts, self.options, self.weights
        objective = self._objective
        halves = self.v_halves
        objective += w.office * halves
        # Days already set that change (re-planning): a set office day planned at home or a
        # set home day planned in the office.
        objective += w.change * (self.v_prev_home - self.v_prev_office)
        # Team days (the policy's anchors, and the team's own) and preferences.
        anchor = AnchorDays(facts, self.words).anchor_day
        team_day = np.zeros(len(self.v_row), dtype=bool)
        if anchor is not None and len(self.v_row):
            team_day |= anchor[self.v_row, self.v_col]
        if options.team_days and len(self.v_row):
            excused = facts.exempt[self.v_row, self.v_col]
            team_day |= np.isin(self.v_weekday, list(options.team_days)) & ~excused
        objective -= w.team_day * halves * team_day
        self.team_day = team_day
        wants_office = np.zeros(len(self.v_row), dtype=bool)
        wants_home = np.zeros(len(self.v_row), dtype=bool)
        cannot = np.zeros(len(self.v_row), dtype=bool)
        for row, preference in options.preferences.items():
            mine = self._in(row, 0, facts.days)
            if not len(mine):
                continue
            weekdays = self.v_weekday[mine]
            wants_office[mine] = np.isin(weekdays, list(preference.office_days))
            wants_home[mine] = np.isin(weekdays, list(preference.home_days))
            cannot[mine] = np.isin(weekdays, list(preference.unavailable_days))
        objective -= w.preference * halves * wants_office
        objective += w.preference * halves * wants_home
        objective += w.unavailable * halves * cannot
        self.wants_office, self.wants_home, self.cannot = wants_office, wants_home, cannot
        self._routines()
        self._level_desks()
        self._share_of_partial_periods()

    def _routines(self) -> None:
        """Stable weekly routines, unpopular days shared, and a repeatable answer, all from one
        linear price per person and weekday: a small cost that ranks each person's weekdays
        (the same ranking every week, so the cheapest plan repeats the same days each week; a
        different starting day per person, so the team spreads across the week). Mondays and
        Fridays cost a little more, and more for people who had more of them in the weeks
        before the plan, so the unpopular days rotate between people over time. Being linear,
        the price keeps CP-SAT's bound tight (a routine modelled as |days − weeks × routine|
        made optimality proofs run past any time limit)."""
        if not len(self.v_row):
            return
        w = self.weights
        history = self.options.unpopular_history
        least = min(history.values(), default=0) if len(history) == len(
            self.facts.people) else 0
        cost = np.zeros(len(self.v_row), dtype=np.int64)
        for row, chunk in self._by_row.items():
            staff_id = self.facts.ids[row].encode()
            start = zlib.crc32(staff_id) % 5
            # Sixteen steps per rank, and a fixed pseudo-random step within it per weekday, so
            # two layouts of a week rarely cost the same: the best week is then the same week
            # after week, and the same input always gives the same plan.
            rank = np.array([16 * ((d - start) % 5 if d < 5 else d)
                             + zlib.crc32(staff_id + bytes([d])) % 16 for d in range(7)],
                            dtype=np.int64)
            unpopular = w.unpopular * (1 + min(int(history.get(row, 0)) - least, 4))
            weekdays = self.v_weekday[chunk]
            cost[chunk] = w.routine * rank[weekdays] + unpopular * np.isin(weekdays,
                                                                          (MONDAY, FRIDAY))
        self._objective += cost * self.v_halves

    def _level_desks(self) -> None:
        """Keep each site's desks level across the week: every person above the week's fair
        daily number (its expected office days spread over its open days) costs a little.
        Counted in people, from the days decided whole: the few decided in halves (a capped
        person's) are left out, or their halves would be spread over the week to level the
        desks ("O/H H/O O/H O O/H")."""
        facts = self.facts
        by_week: dict[tuple[int, int], list[tuple[int, np.ndarray]]] = defaultdict(list)
        for (site, column), decisions in self.site_groups.items():
            if facts.in_range(column):
                whole = decisions[self.v_halves[decisions] == 2]
                by_week[site, column // 7].append((column, whole))
        lo = facts.range_lo
        for (site, _), days in by_week.items():
            if len(days) < 2:
                continue
            base = {c: int(max(self.desk_am[site, c - lo], self.desk_pm[site, c - lo]))
                    for c, _ in days}
            expected = Fraction(sum(base.values()))
            for column, decisions in days:
                scaled = facts.share[self.v_row[decisions], column] * self.v_halves[decisions]
                expected += Fraction(int(scaled.sum()), 2 * facts.scale)
            target = math.ceil(expected / len(days))
            for column, decisions in days:
                top = base[column] + len(decisions) - target
                if top <= 0:
                    continue
                over = self.model.new_int_var(0, top, "")
                self.model.add(over >= base[column] - target + cp_model.LinearExpr.sum(
                    [self.x[i] for i in decisions.tolist()]))
                self._extra.append((over, self.weights.level_desks))

    def _share_of_partial_periods(self) -> None:
        """A period the plan fills only in part (a month half planned) must not be left to
        the days after it: ask the planned days for their own share, softly."""
        facts = self.facts
        for row, judgements in self.judgements.items():
            if row not in self._by_row:
                continue
            for p, judgement in zip(facts.minimum_periods, judgements, strict=True):
                if not judgement.checked or not judgement.get("unplanned_open"):
                    continue
                decisions = self._in(row, p.lo, p.hi)
                if not len(decisions):
                    continue
                scaled = facts.share[row, self.v_col[decisions]] * self.v_halves[decisions]
                target = -(-int(scaled.sum()) // facts.scale)
                if target <= 0:
                    continue
                short = self.model.new_int_var(0, target, "")
                self.model.add(short >= target - cp_model.LinearExpr.weighted_sum(
                    [self.x[i] for i in decisions.tolist()], self.v_halves[decisions].tolist()))
                self._extra.append((short, self.weights.short_of_share))

    def set_objective(self) -> None:
        chosen = np.flatnonzero(self._objective)
        variables = [self.x[i] for i in chosen.tolist()]
        coefficients = self._objective[chosen].tolist()
        for variable, weight in self._extra:
            if weight:
                variables.append(variable)
                coefficients.append(weight)
        self.model.minimize(cp_model.LinearExpr.weighted_sum(variables, coefficients))

    # --- reading a solution -------------------------------------------------------------------
    def literals(self) -> dict[RuleRef, cp_model.IntVar]:
        return {ref: info.literal for ref, info in self.rules.items()
                if info.literal is not None}

    def values(self, solution: list[int] | np.ndarray) -> np.ndarray:
        """Office (True) per decision, from a response's solution vector."""
        index = np.array([x.index for x in self.x], dtype=np.intp)
        return np.asarray(solution, dtype=np.int64)[index] > 0 if len(index) else \
            np.zeros(0, dtype=bool)
