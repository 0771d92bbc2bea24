"""Why no plan meets every rule, in sentences a manager can act on.

Two kinds of reason. A rule the days already set break whatever is planned (a person set at
home all week, 20 people set in at 18 desks) is a reason on its own. Otherwise the rules clash
with each other: every rule of the relaxed model has a literal, CP-SAT is asked to meet them
all under assumptions, and the core it returns is shrunk one rule at a time to a minimal set
(removing any one rule of it would leave a plan). Cores are then looked for among the rules
left, so independent problems (two bank-holiday weeks at two sites) are each explained.

Each reason names the site, the day and the rules, does the arithmetic in the policy's unit,
and offers what would make room: more desks, a move of site, a monthly average, re-planning
days already set.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

import numpy as np
from ortools.sat.python import cp_model

from deskplan.domain.calendar import describe_day
from deskplan.domain.durations import format_share
from deskplan.domain.facts import ABSENT, DESK_AM, DESK_PM, Facts
from deskplan.domain.model import AdjustmentKind, Cell, Status
from deskplan.domain.policy import PeriodKind
from deskplan.domain.rules.wording import format_number, list_days, plural, sentence_start
from deskplan.planning.model import PlanModel, RuleInfo, RuleRef
from deskplan.planning.solver import Budget, Control, Progress, ProgressCallback, configure

#: Independent clashes explained at most (the first few are what a manager acts on).
MAX_REASONS = 5

_RULE_WORDS = {
    "minimum": "below-minimum", "max-share": "above-maximum", "home-days": "above-maximum",
    "desks": "over-capacity", "cover": "below-coverage", "fixed": "adjustment-breached",
    "day-off": "non-working-day",
}


@dataclass(frozen=True)
class Reason:
    """One reason no plan meets every rule: the sentence, what would solve it, and what it is
    about (the engine's rule names, sites, days and people) so a surface can point at it."""

    text: str
    options: tuple[str, ...]
    rules: tuple[RuleRef, ...]
    rule_names: tuple[str, ...]
    sites: tuple[str, ...] = ()
    days: tuple[date, ...] = ()
    staff_ids: tuple[str, ...] = ()

    def sentence(self) -> str:
        if not self.options:
            return self.text
        return f"{self.text} Options: {join_options(self.options)}."


@dataclass(frozen=True)
class Explanation:
    """The reasons found, and whether the search for them finished: `complete` is False when
    the time (or *Stop*) ended it before every clash was found and made minimal; the reasons
    found are true either way."""

    reasons: list[Reason]
    complete: bool = True


def people(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"


def join_options(options: Sequence[str]) -> str:
    if len(options) == 1:
        return options[0]
    return ", ".join(options[:-1]) + f", or {options[-1]}"


def explain(model: PlanModel, *, budget: Budget, control: Control | None = None,
            started: float | None = None, progress: ProgressCallback | None = None
            ) -> Explanation:
    """Reasons for a relaxed `model` (see the module's docstring), searched for within
    `budget`; leaves its assumptions cleared."""
    started = time.perf_counter() if started is None else started
    words = Words(model)
    reasons = [words.alone(info) for info in model.impossible]
    literals = model.literals()
    if not literals:
        return Explanation(reasons)
    model.model.clear_objective()  # type: ignore[no-untyped-call]
    index = {literal.index: ref for ref, literal in literals.items()}
    active = sorted(literals, key=_order)
    search = _Search(model, literals, index, budget, control)
    try:
        while len(reasons) < MAX_REASONS and active:
            core = search.core(active)
            if not core:
                break
            reasons.append(words.clash(core))
            chosen = set(core)
            active = [ref for ref in active if ref not in chosen]
            if progress is not None:
                progress(Progress("explaining", len(reasons), None, None,
                                  time.perf_counter() - started))
    finally:
        model.model.clear_assumptions()
        model.set_objective()
    return Explanation(reasons, complete=not search.undecided)


def _order(ref: RuleRef) -> tuple[int, int, int]:
    """Desks and cover first: cores read best from the site's day."""
    rank = {"desks": 0, "cover": 1, "home-days": 2, "max-share": 3, "minimum": 4}
    return rank.get(ref.kind, 5), ref.second, ref.first


class _Search:
    """Searches under assumptions within one budget; `undecided` once any was cut short (by
    the time or *Stop*), so the explanation is known to be incomplete."""

    def __init__(self, model: PlanModel, literals: dict[RuleRef, cp_model.IntVar],
                 index: dict[int, RuleRef], budget: Budget, control: Control | None) -> None:
        self.model = model
        self.literals = literals
        self.index = index
        self.budget = budget
        self.control = control
        self.undecided = False

    def infeasible(self, assumed: Sequence[RuleRef]) -> tuple[bool | None, list[int]]:
        """Whether the rules `assumed` cannot all hold (None: not decided in time), with the
        solver's sufficient subset of assumption literals when they cannot."""
        remaining = self.budget.remaining()
        if remaining <= 0 or (self.control is not None and self.control.stopped):
            self.undecided = True
            return None, []
        model, control = self.model.model, self.control
        model.clear_assumptions()
        model.add_assumptions([self.literals[ref] for ref in assumed])
        solver = cp_model.CpSolver()
        # Cores come from one search, given what is left of the explanation's time.
        configure(solver, time_limit=remaining, workers=1, budget=self.budget)
        if control is not None:
            control.attach(solver)
        try:
            status = solver.solve(model)
        finally:
            if control is not None:
                control.attach(None)
        if status == cp_model.INFEASIBLE:
            return True, list(solver.sufficient_assumptions_for_infeasibility())
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return False, []
        self.undecided = True
        return None, []

    def core(self, active: list[RuleRef]) -> list[RuleRef]:
        """A minimal set of `active` rules that cannot all hold (empty: they can, or it was
        not decided in time). A rule whose removal was not decided in time is kept: the set
        is still a clash, perhaps not a minimal one."""
        index = self.index
        verdict, found = self.infeasible(active)
        if not verdict:
            return []
        candidates = sorted((index[i] for i in found if i in index), key=_order)
        needed: list[RuleRef] = []
        while candidates:
            ref = candidates.pop()
            verdict, found = self.infeasible(needed + candidates)
            if verdict:  # not needed; the solver's subset may drop more
                subset = {index[i] for i in found if i in index}
                candidates = [r for r in candidates if r in subset]
            else:  # needed (or undecided in time: keep it, the set stays a clash)
                needed.append(ref)
        return sorted(needed, key=_order)


class Words:
    """Sentences about the rules of one model."""

    def __init__(self, model: PlanModel) -> None:
        self.model = model
        self.facts: Facts = model.facts
        self.words = model.words

    # --- one rule the days set already break ----------------------------------------------
    def alone(self, info: RuleInfo) -> Reason:
        ref = info.ref
        kind = ref.kind
        if kind == "minimum":
            return self._minimum_alone(ref)
        if kind == "desks":
            return self._desks_alone(ref)
        if kind == "cover":
            return self._cover_alone(ref)
        if kind == "fixed":
            return self._fixed_kept(ref)
        if kind == "day-off":
            return self._day_off_kept(ref)
        return self._cap_alone(ref)

    def _replan_option(self) -> tuple[str, ...]:
        return () if self.model.options.replan else ("re-plan the days already set",)

    def _minimum_alone(self, ref: RuleRef) -> Reason:
        row, period = ref.first, ref.second
        facts, words = self.facts, self.words
        p = facts.minimum_periods[period]
        judgement = self.model.judgements[row][period]
        decisions = self.model._in(row, p.lo, p.hi)
        most = judgement.get("office") + judgement.get("unplanned_open") + int(
            self.model.v_units[decisions].sum())
        text = (f"{words.name(row)} needs {self._needs(row, period)} in the office in "
                f"{words.period(p)}, but the days already set there leave at most "
                f"{words.amount(most)}.")
        options = (*self._replan_option(), "check the leave and arrangements recorded")
        return self._reason(text, options, [ref], staff=[row], days=[p.first])

    def _needs(self, row: int, period: int) -> str:
        """`3 days (80% of 3.75 available days is 3, ...)`: the requirement and its basis."""
        facts, words = self.facts, self.words
        p = facts.minimum_periods[period]
        judgement = self.model.judgements[row][period]
        columns = self._available_columns(row, p.lo, p.hi)
        shares = words.describe_shares(row, columns)
        days = self._day_count(row, columns)
        required = judgement.required
        if days is not None:
            needed = math.ceil(required / self._day_units(row, columns))
            share = self._single_share(row, columns)
            if share is not None:
                basis = f"{format_share(share)} of {plural(days, 'day')} is " \
                        f"{format_number(share * days)}"
                if share * days != needed:
                    basis += f", so {'all ' if needed == days else ''}{needed}"
                return f"{plural(needed, 'day')} ({basis})"
            return f"{plural(needed, 'day')} of {plural(days, 'day')} ({shares})"
        return f"{words.amount(required)} ({shares})"

    def _available_columns(self, row: int, lo: int, hi: int) -> list[int]:
        facts = self.facts
        codes = facts.codes[row, lo:hi]
        return [lo + i for i in range(hi - lo)
                if facts.working[row, lo + i] and ABSENT[codes[i]] < 2]

    def _day_units(self, row: int, columns: Sequence[int]) -> int:
        return 2 * int(self.facts.weight[row, columns[0]])

    def _day_count(self, row: int, columns: Sequence[int]) -> int | None:
        """Available whole days when every one is a whole day of the same length."""
        facts = self.facts
        if not columns:
            return None
        lengths = {int(facts.weight[row, c]) for c in columns}
        whole = all(ABSENT[int(facts.codes[row, c])] == 0 for c in columns)
        return len(columns) if len(lengths) == 1 and whole else None

    def _single_share(self, row: int, columns: Sequence[int]) -> Fraction | None:
        shares = {self.words.share_source(row, c)[0] for c in columns}
        return shares.pop() if len(shares) == 1 else None

    def _desks_alone(self, ref: RuleRef) -> Reason:
        site, column = ref.first, ref.second
        facts = self.facts
        place = facts.sites[site]
        taken = self._desk_constant(site, column)
        text = (f"{place.name} has {plural(place.capacity or 0, 'desk')} on "
                f"{describe_day(facts.day(column))}, but {people(taken)} "
                f"{'is' if taken == 1 else 'are'} already set in the office there"
                f"{self._others(site, column)}.")
        extra = taken - (place.capacity or 0)
        options = (f"allow {plural(extra, 'more desk')}",
                   f"move {plural(extra, 'office day')} elsewhere",
                   *self._replan_option())
        return self._reason(text, options, [ref], sites=[place.name],
                            days=[facts.day(column)])

    def _desk_constant(self, site: int, column: int) -> int:
        lo = self.facts.range_lo
        return int(max(self.model.desk_am[site, column - lo],
                       self.model.desk_pm[site, column - lo]))

    def _others(self, site: int, column: int) -> str:
        facts = self.facts
        shared = facts.shared.office.get((facts.sites[site].key, facts.day(column)))
        if not shared or not max(shared[0], shared[1]):
            return ""
        count = max(shared[0], shared[1])
        return f" ({count} of them from {plural(shared[2], 'other team')})"

    def _cover_alone(self, ref: RuleRef) -> Reason:
        k, column = ref.first, ref.second
        facts = self.facts
        rule = facts.policy.coverage[k]
        day = facts.day(column)
        members = np.flatnonzero(facts.cover_members[k][:, column])
        can = self._cover_can(k, column)
        away = []
        for row in members.tolist():
            original = Cell.from_code(int(self.model.original_codes[row, column]))
            if not facts.working[row, column]:
                away.append(f"{facts.people[row].name} (day off)")
            elif original.am in (Status.LEAVE, Status.SICK) or original.pm in (
                    Status.LEAVE, Status.SICK):
                away.append(f"{facts.people[row].name} ({original.label().lower()})")
            elif facts.fixed[row, column]:
                away.append(f"{facts.people[row].name} (fixed home day)")
            elif original.code and Status.OFFICE not in (original.am, original.pm) and not \
                    len(self._decisions_of(row, column)):
                away.append(f"{facts.people[row].name} (set to {original.label().lower()})")
        who = f" ({'; '.join(away[:5])}{' and more' if len(away) > 5 else ''})" if away else ""
        text = (f"The policy needs at least {people(rule.min_in_office)} with the "
                f"role {rule.role!r} in the office on {describe_day(day)}, but only {can} of "
                f"the {len(members)} with that role can be in{who}.")
        options = (*self._replan_option(), "move someone's leave",
                   "ask for fewer in the cover rule")
        return self._reason(text, options, [ref], days=[day])

    def _decisions_of(self, row: int, column: int) -> np.ndarray:
        return self.model._in(row, column, column + 1)

    def _cover_can(self, k: int, column: int) -> int:
        """The most people of cover rule `k` who can be in on `column` (emptier half)."""
        facts = self.facts
        members = facts.cover_members[k][:, column]
        decisions = self.model._at_column(column)
        decisions = decisions[members[self.model.v_row[decisions]]]
        codes = facts.codes[:, column]
        am = int((DESK_AM[codes] & members).sum()) + int(self.model.v_am[decisions].sum())
        pm = int((DESK_PM[codes] & members).sum()) + int(self.model.v_pm[decisions].sum())
        return min(am, pm)

    def _fixed_kept(self, ref: RuleRef) -> Reason:
        row, column = ref.first, ref.second
        facts, words = self.facts, self.words
        day = facts.day(column)
        arrangement = next((a for a in facts.arrangements[row]
                            if a.kind is AdjustmentKind.FIXED_HOME_DAYS and a.active_on(day)
                            and day.weekday() in a.weekdays), None)
        text = (f"{words.name(row)} is set in the office on {describe_day(day)}, a fixed home "
                f"day under {words.arrangement(arrangement)}, and the plan keeps days already "
                "set.")
        options = (*self._replan_option(), "set that day to home")
        return self._reason(text, options, [ref], staff=[row], days=[day])

    def _day_off_kept(self, ref: RuleRef) -> Reason:
        row, column = ref.first, ref.second
        facts, words = self.facts, self.words
        day = facts.day(column)
        cell = Cell.from_code(int(self.model.original_codes[row, column]))
        reason = facts.time.day_off_reason(facts.people[row], row, column)
        text = (f"{words.name(row)} is set to {cell.label().lower()} on {describe_day(day)}, "
                f"which is not a working day for them: {reason}.")
        return self._reason(text, ("clear that day",), [ref], staff=[row], days=[day])

    def _cap_alone(self, ref: RuleRef) -> Reason:
        row = ref.first
        words = self.words
        text = (f"{words.name(row)} is already set in the office for more than "
                f"{self._cap_clause(ref)}.")
        return self._reason(text, self._replan_option(), [ref], staff=[row],
                            days=[self._ref_day(ref)])

    def _cap_clause(self, ref: RuleRef) -> str:
        facts, words = self.facts, self.words
        row = ref.first
        if ref.kind == "home-days":
            week = facts.weeks[ref.second]
            arrangement = next((a for a in facts.arrangements[row]
                                if a.kind is AdjustmentKind.FIXED_HOME_DAYS and a.home_days
                                and a.overlaps(week.first, week.last)), None)
            home = arrangement.home_days if arrangement and arrangement.home_days else 0
            return (f"{words.arrangement(arrangement)} allows in {words.week(week)}: it keeps "
                    f"{plural(home, 'day')} a week at home")
        period = facts.plan_periods[ref.second]
        arrangement = next((a for a in facts.arrangements[row]
                            if a.kind is AdjustmentKind.MAX_SHARE
                            and a.overlaps(period.first, period.last)), None)
        return f"{words.arrangement(arrangement)} allows in {words.period(period)}"

    # --- rules that clash -------------------------------------------------------------------
    def clash(self, core: list[RuleRef]) -> Reason:
        kinds = Counter(ref.kind for ref in core)
        desks = [r for r in core if r.kind == "desks"]
        minimums = [r for r in core if r.kind == "minimum"]
        if desks and minimums and set(kinds) <= {"desks", "minimum"} and \
                len({r.first for r in desks}) == 1:
            return self._desks_and_minimum(desks, minimums)
        clauses = [self._clause(ref) for ref in core]
        text = "These rules cannot all be met: " + "; ".join(clauses) + "."
        options: list[str] = []
        if desks:
            options.append(f"allow more desks at {self.facts.sites[desks[0].first].name}")
        if any(r.kind == "cover" for r in core):
            options.append("ask for fewer people in the cover rule")
        if minimums and self.facts.policy.period is PeriodKind.WEEK:
            options.append("plan by month")
        options.extend(self._replan_option())
        return self._reason(text, tuple(options), core,
                            staff=[r.first for r in core if r.kind in (
                                "minimum", "max-share", "home-days")],
                            sites=[self.facts.sites[r.first].name for r in desks],
                            days=[self._ref_day(r) for r in core])

    def _clause(self, ref: RuleRef) -> str:
        facts, words = self.facts, self.words
        if ref.kind == "minimum":
            p = facts.minimum_periods[ref.second]
            return (f"{words.name(ref.first)} needs {self._needs(ref.first, ref.second)} in "
                    f"the office in {words.period(p)}")
        if ref.kind == "desks":
            place = facts.sites[ref.first]
            taken = self._desk_constant(ref.first, ref.second)
            already = f" ({taken} taken by days already set)" if taken else ""
            return (f"{place.name} has {plural(place.capacity or 0, 'desk')} on "
                    f"{describe_day(facts.day(ref.second))}{already}")
        if ref.kind == "cover":
            rule = facts.policy.coverage[ref.first]
            day = describe_day(facts.day(ref.second))
            return (f"the policy needs at least {people(rule.min_in_office)} with the role "
                    f"{rule.role!r} in the office on {day}")
        return (f"{words.name(ref.first)} may be in the office only as much as "
                f"{self._cap_clause(ref)}")

    def _desks_and_minimum(self, desks: list[RuleRef], minimums: list[RuleRef]) -> Reason:
        """`Lambeth has 18 desks on Tue 23 Dec, but 19 people must be in that week on the 3
        days it is open: 80% of 3 days is 2.4, so all 3. Options: ...`"""
        facts, model = self.facts, self.model
        site = desks[0].first
        place = facts.sites[site]
        capacity = place.capacity or 0
        columns = sorted(r.second for r in desks)
        days = [facts.day(c) for c in columns]
        rows = [r.first for r in minimums]
        taken = sum(self._desk_constant(site, c) for c in columns)
        free = capacity * len(columns) - taken
        # How many office days each person must put on these days.
        forced = 0
        groups: Counter[tuple[int, Fraction | None]] = Counter()
        everything = True
        for ref in minimums:
            row, period = ref.first, ref.second
            p = facts.minimum_periods[period]
            info = model.rules[ref]
            mine = model._in(row, p.lo, p.hi)
            on_days = np.isin(model.v_col[mine], columns)
            units = model.v_units[mine]
            outside = int(units[~on_days].sum())
            need = info.constant  # units already counted
            required = math.ceil(model.judgements[row][period].required) - need
            must = max(0, required - outside)
            # A day's time on the days of the clash the person works (the first of them may
            # be one of their days off, whose weight is 0).
            per_day = 2 * int(facts.weight[row, columns].max()) or 1
            days_forced = -(-must // per_day)
            forced += days_forced
            available = self._available_columns(row, p.lo, p.hi)
            everything &= bool(on_days.any()) and days_forced >= int(
                model.v_halves[mine][on_days].sum()) // 2
            groups[len(available), self._single_share(row, available)] += 1
        when = (describe_day(days[0]) if len(days) == 1
                else list_days(days))
        already = (f" ({plural(taken, 'desk')} taken by days already set"
                   f"{self._others(site, columns[0])})" if taken else "")
        count_people = people(len(rows))
        week = ("that week" if facts.policy.period in (PeriodKind.WEEK, PeriodKind.ROLLING)
                else f"in {self.words.period(facts.minimum_periods[minimums[0].second])}")
        if everything and all(share is not None for _, share in groups):
            sums = []
            for (count, share), members in sorted(groups.items(), key=lambda g: -g[1]):
                assert share is not None
                needed = math.ceil(share * count)
                arithmetic = (f"{format_share(share)} of {plural(count, 'day')} is "
                              f"{format_number(share * count)}")
                if share * count != needed:
                    arithmetic += f", so {'all ' if needed == count else ''}{needed}"
                sums.append(arithmetic if len(groups) == 1
                            else f"{arithmetic} ({members} of them)")
            if len(groups) == 1:
                (count, _), = groups
                phrase = f"must be in {week} on the {count} days it is open"
            else:
                # Each of them must be in on every one of these days (`everything`), some
                # because of the days already set: "every day they work" would be untrue
                # of someone who needs 3 of 4.
                phrase = ("must all be in that day" if len(days) == 1
                          else "must all be in on those days")
            text = (f"{place.name} has {plural(capacity, 'desk')} on {when}{already}, but "
                    f"{count_people} {phrase}: {'; '.join(sums)}.")
        else:
            text = (f"{place.name} has {plural(capacity, 'desk')} on {when}{already}, but "
                    f"{count_people} based there need at least {plural(forced, 'office day')} on "
                    f"{'that day' if len(days) == 1 else 'those days'} to meet their "
                    f"minimum.")
        extra = max(1, -(-(forced - free) // len(columns)))
        options = [f"allow {plural(extra, 'more desk')}"]
        elsewhere = self._room_elsewhere(site, columns, extra)
        if elsewhere:
            options.append(f"move {people(extra)} to {elsewhere}")
        if facts.policy.period is PeriodKind.WEEK:
            options.append("plan by month")
        options.extend(self._replan_option())
        return self._reason(text, tuple(options), [*desks, *minimums], staff=rows,
                            sites=[place.name], days=days)

    def _room_elsewhere(self, site: int, columns: list[int], extra: int) -> str | None:
        """Another site with desks to spare on all `columns` even if everyone of the team based
        there came in."""
        facts = self.facts
        lo = facts.range_lo
        based = set(np.unique(facts.base_site).tolist())
        for index, other in enumerate(facts.sites):
            # Only a site whose desk use is known: this team's people are based there, or
            # the database counts every team's.
            if index == site or other.capacity is None or (
                    index not in based and not facts.shared.across_teams):
                continue
            spare = min(
                other.capacity - int(max(self.model.desk_am[index, c - lo],
                                         self.model.desk_pm[index, c - lo]))
                - len(self.model.site_groups.get((index, c), ()))
                for c in columns)
            if spare >= extra:
                return other.name
        return None

    # --- shared -----------------------------------------------------------------------------
    def _ref_day(self, ref: RuleRef) -> date:
        facts = self.facts
        if ref.kind in ("desks", "cover", "fixed", "day-off"):
            return facts.day(ref.second)
        if ref.kind == "home-days":
            return facts.weeks[ref.second].first
        if ref.kind == "max-share":
            return facts.plan_periods[ref.second].first
        return facts.minimum_periods[ref.second].first

    def _reason(self, text: str, options: Sequence[str], rules: Sequence[RuleRef], *,
                staff: Sequence[int] = (), sites: Sequence[str] = (),
                days: Sequence[date] = ()) -> Reason:
        facts = self.facts
        return Reason(
            sentence_start(text), tuple(options), tuple(rules),
            tuple(sorted({_RULE_WORDS[r.kind] for r in rules})),
            tuple(dict.fromkeys(sites)), tuple(sorted(set(days))),
            tuple(dict.fromkeys(facts.ids[r] for r in staff)),
        )
