"""The rule engine: does a planned rota meet the policy and everyone's arrangements, and why not.

One `Checker` is the single source of truth for a range of days: the grid, its row summaries
and footer, the Conflicts panel, the status bar, every export and `deskplan check` read what it
exposes — working days and why a day is off, site groups and desk counts, per-period verdicts,
the conflicts that belong to the range and their counts — and none of them recomputes a rule.

Range semantics, stated once: a range is judged on the whole periods that meet it (for a
rolling minimum, the windows that end in one of its weeks), and it shows every conflict of
every such period — a week that starts in November but has days on the December screen is
shown with December. Conflicts about one day (a non-working day planned, a breach, desks,
cover) belong to the range when the day is in it. The people of a range are those employed on
some day of its periods.

Arithmetic is exact: integer units and integer-scaled shares (see `deskplan.domain.facts`).
After an edit, `recheck` re-judges only the scopes the edited cells can change; a property test
holds the result equal to a full check.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from deskplan.domain.collector import collector_paused
from deskplan.domain.conflicts import (
    RULE_SEVERITY,
    Conflict,
    ConflictList,
    Severity,
    StaffRanks,
)
from deskplan.domain.facts import Facts, RotaSource, SharedDesks, Site
from deskplan.domain.model import Adjustment, Nation, Person
from deskplan.domain.policy import Policy
from deskplan.domain.rules import families
from deskplan.domain.rules.base import Bulk, ScopeKey, judged
from deskplan.domain.rules.cover import Cover
from deskplan.domain.rules.desks import Desks
from deskplan.domain.rules.minimum import Minimum
from deskplan.domain.rules.wording import Wording
from deskplan.domain.verdicts import PeriodVerdict, RowSummary, summarise
from deskplan.domain.working_time import CLOSURE, DayOff

__all__ = ["Checker", "Counts", "Delta", "RotaSource", "SharedDesks"]


@dataclass(frozen=True)
class Delta:
    """What an edit changed in the list of conflicts."""

    removed: tuple[Conflict, ...]
    added: tuple[Conflict, ...]


@dataclass(frozen=True)
class Counts:
    errors: int
    warnings: int

    def describe(self) -> str:
        return (f"{self.errors} error{'s' if self.errors != 1 else ''} · "
                f"{self.warnings} warning{'s' if self.warnings != 1 else ''}")


@dataclass(frozen=True)
class SiteUse:
    """A site's desks over the range: people at desks per day, in the morning and afternoon
    (this team's and other teams' together: what the desk rule judges), and of those, other
    teams' people and how many other teams they come from (shared databases only)."""

    site: Site
    members: tuple[int, ...]  # rows of the people based there on some day of the range
    morning: np.ndarray
    afternoon: np.ndarray
    others_morning: np.ndarray
    others_afternoon: np.ndarray
    other_teams: np.ndarray

    @property
    def booked(self) -> np.ndarray:
        """Desks taken each day: the fuller half."""
        return np.asarray(np.maximum(self.morning, self.afternoon))

    @property
    def own(self) -> np.ndarray:
        """This team's people at the site each day (the fuller half)."""
        return np.asarray(np.maximum(self.morning - self.others_morning,
                                     self.afternoon - self.others_afternoon))


class Checker:
    """Checks one team's rota over a range and keeps the result up to date after edits.

    `private=True` words messages without the kind or reference of anyone's arrangement, for
    documents shared beyond the manager. `shared` adds other teams' desk use.
    """

    def __init__(
        self,
        people: Sequence[Person],
        policy: Policy,
        adjustments: Iterable[Adjustment],
        rota_source: RotaSource,
        first: date,
        last: date,
        *,
        private: bool = False,
        shared: SharedDesks | None = None,
    ) -> None:
        with collector_paused():
            self._check(people, policy, adjustments, rota_source, first, last, private, shared)

    def _check(self, people: Sequence[Person], policy: Policy,
               adjustments: Iterable[Adjustment], rota_source: RotaSource, first: date,
               last: date, private: bool, shared: SharedDesks | None) -> None:
        self.facts = Facts(people, policy, adjustments, rota_source, first, last, shared=shared)
        facts = self.facts
        self.policy = policy
        self.private = private
        self.people = facts.people
        self.range_first, self.range_last = first, last
        #: The days the verdicts are about: the whole periods (or windows) of the range.
        self.first = facts.minimum_periods[0].first
        self.last = facts.minimum_periods[-1].last
        self._rota = rota_source
        self._words = Wording(facts, private=private)
        self._families = families(facts, self._words)
        self._minimum = next(f for f in self._families if isinstance(f, Minimum))
        self._desks = next(f for f in self._families if isinstance(f, Desks))
        self._cover = next(f for f in self._families if isinstance(f, Cover))
        #: Conflicts by scope, kept one by one; the many scopes a full check finds of the
        #: commonest kinds are in `_bulks` instead, until an edit judges them again.
        self._scopes: dict[ScopeKey, tuple[Conflict, ...]] = {}
        self._bulks: list[Bulk] = []
        self._ranks: StaffRanks | None = None
        for family in self._families:
            for item in judged(family):
                if isinstance(item, Bulk):
                    self._bulks.append(item)
                else:
                    self._store(*item)

    # --- conflicts ----------------------------------------------------------------------------
    @property
    def conflicts(self) -> ConflictList:
        """Every conflict of the range, errors first, then by date and person (counted at
        once; each built when it is read)."""
        found = [c for scope in self._scopes.values() for c in scope]
        return ConflictList(found, self._bulks, self._staff_ranks)

    def _staff_ranks(self) -> StaffRanks:
        if self._ranks is None:
            self._ranks = StaffRanks(self.facts.ids)
        return self._ranks

    @property
    def counts(self) -> Counts:
        errors = warnings = 0
        for scope in self._scopes.values():
            for conflict in scope:
                if conflict.severity is Severity.ERROR:
                    errors += 1
                else:
                    warnings += 1
        for bulk in self._bulks:
            found = int(RULE_SEVERITY[bulk.rules[bulk.alive]].sum())  # 1 for each warning
            warnings += found
            errors += len(bulk) - found
        return Counts(errors, warnings)

    def recheck(self, cells: Iterable[tuple[str, date]]) -> Delta:
        """Re-judge only the scopes the changed cells can affect; return what changed."""
        facts = self.facts
        touched: list[tuple[int, int]] = []
        for staff_id, day in cells:
            row = facts.row.get(staff_id)
            if row is None or not facts.first <= day <= facts.last:
                continue
            touched.append((row, facts.column(day)))
        if not touched:
            return Delta((), ())
        facts.set_codes(self._rota, touched)
        scopes: dict[ScopeKey, int] = {}
        for row, column in touched:
            for index, family in enumerate(self._families):
                for scope in family.scopes_of(row, column):
                    scopes[scope] = index
        removed: list[Conflict] = []
        added: list[Conflict] = []
        for scope, index in scopes.items():
            bulk, position = self._in_bulk(scope)
            before = (self._scopes.get(scope, ()) if bulk is None or position is None
                      else (bulk.conflict(position),))
            after = self._families[index].judge(scope)
            if before != after:
                removed.extend(before)
                added.extend(after)
                if bulk is not None and position is not None:
                    bulk.drop(position)  # kept one by one from now on
                self._store(scope, after)
        return Delta(tuple(removed), tuple(added))

    def _in_bulk(self, scope: ScopeKey) -> tuple[Bulk | None, int | None]:
        for bulk in self._bulks:
            position = bulk.position(scope)
            if position is not None:
                return bulk, position
        return None, None

    def share_desks(self, shared: SharedDesks) -> Delta:
        """Count `shared` (other teams' desk use, read after this checker was built) and
        re-judge the desk rule alone, the only rule it reaches: the same verdict as a checker
        built with it, for the cost of one rule (a window counts other teams a moment after
        it first paints); return what changed."""
        self.facts.shared = shared
        before = {scope: found for scope, found in self._scopes.items() if scope[0] == "desks"}
        after = dict(self._desks.judge_all())
        removed: list[Conflict] = []
        added: list[Conflict] = []
        for scope in before.keys() | after.keys():
            old, new = before.get(scope, ()), after.get(scope, ())
            if old != new:
                removed.extend(old)
                added.extend(new)
                self._store(scope, new)
        return Delta(tuple(removed), tuple(added))

    def _store(self, scope: ScopeKey, found: tuple[Conflict, ...]) -> None:
        if found:
            self._scopes[scope] = found
        else:
            self._scopes.pop(scope, None)

    # --- verdicts -----------------------------------------------------------------------------
    @property
    def period_ranges(self) -> list[tuple[date, date]]:
        """The periods (or rolling windows) the minimum is judged on."""
        return [(p.first, p.last) for p in self.facts.minimum_periods]

    def verdicts(self, staff_ids: Sequence[str] | None = None) -> dict[str, list[PeriodVerdict]]:
        """Per person, a verdict for each period of the range they are employed in."""
        facts = self.facts
        ids = list(facts.ids if staff_ids is None else staff_ids)
        rows = np.array([facts.row[s] for s in ids], dtype=np.intp)
        return dict(zip(ids, self._minimum.verdicts(rows), strict=True))

    def summary(self, staff_id: str) -> RowSummary:
        return summarise(self.verdicts([staff_id])[staff_id])

    def summaries(self, staff_ids: Sequence[str] | None = None) -> dict[str, RowSummary]:
        return {s: summarise(v) for s, v in self.verdicts(staff_ids).items()}

    # --- working days -------------------------------------------------------------------------
    def _range_columns(self, first: date | None, last: date | None) -> tuple[int, int]:
        facts = self.facts
        lo = facts.column(first or self.range_first)
        hi = facts.column(last or self.range_last) + 1
        if lo < 0 or hi > facts.days or hi <= lo:
            raise ValueError("the days asked for are outside the checked range")
        return lo, hi

    def rows_of(self, staff_ids: Sequence[str] | None) -> np.ndarray:
        facts = self.facts
        ids = facts.ids if staff_ids is None else staff_ids
        return np.array([facts.row[s] for s in ids], dtype=np.intp)

    def working(self, staff_ids: Sequence[str] | None = None, first: date | None = None,
                last: date | None = None) -> np.ndarray:
        """(people × days) True on working days (the range's days by default)."""
        lo, hi = self._range_columns(first, last)
        return self.facts.working[self.rows_of(staff_ids), lo:hi]

    def contracted_seconds(self, staff_ids: Sequence[str] | None = None,
                           first: date | None = None, last: date | None = None) -> np.ndarray:
        lo, hi = self._range_columns(first, last)
        return self.facts.seconds[self.rows_of(staff_ids), lo:hi]

    def days_off(self, staff_ids: Sequence[str] | None = None, first: date | None = None,
                 last: date | None = None) -> np.ndarray:
        """(people × days) `DayOff` codes: why each day is not a working day (0: it is)."""
        lo, hi = self._range_columns(first, last)
        return self.facts.time.reason[self.rows_of(staff_ids), lo:hi]

    def day_off_reason(self, staff_id: str, day: date) -> str:
        """Why `day` is not a working day for the person ('' when it is one)."""
        facts = self.facts
        row = facts.row[staff_id]
        return facts.time.day_off_reason(facts.people[row], row, facts.column(day))

    def is_working(self, staff_id: str, day: date) -> bool:
        facts = self.facts
        column = facts.column(day)
        return 0 <= column < facts.days and bool(facts.working[facts.row[staff_id], column])

    def day_off_kind(self, staff_id: str, day: date) -> DayOff:
        facts = self.facts
        return DayOff(int(facts.time.reason[facts.row[staff_id], facts.column(day)]))

    def holidays(self, nation: Nation | None = None) -> dict[date, str]:
        """Days off for everyone of `nation` (the policy's default) over the span, with their
        names: bank holidays the organisation does not work, and its closure days."""
        facts = self.facts
        found = dict(facts.time.holidays.get(nation or self.policy.default_nation, {}))
        found.update((day, CLOSURE) for day in self.policy.closures
                     if facts.first <= day <= facts.last)
        return found

    # --- sites and cover ----------------------------------------------------------------------
    def site_use(self, first: date | None = None, last: date | None = None, *,
                 members: bool = True) -> list[SiteUse]:
        """Every site people are based or planned at, with desk counts per day.

        `members` False: every site, each without its members (an empty tuple), for a
        recount of the days an edit touched (finding the members of 40 sites among 11,000
        people costs several times what counting their desks does)."""
        facts = self.facts
        lo, hi = self._range_columns(first, last)
        morning, afternoon = self._desks.counts(lo, hi)
        others = self._desks.shared(lo, hi)
        found = []
        for index, site in enumerate(facts.sites):
            if not members:
                found.append(SiteUse(site, (), morning[index], afternoon[index],
                                     others[0][index], others[1][index], others[2][index]))
                continue
            based = tuple(np.flatnonzero((facts.base_site[:, lo:hi] == index).any(axis=1))
                          .tolist())
            if based or morning[index].any() or afternoon[index].any() or site.capacity:
                found.append(SiteUse(site, based, morning[index], afternoon[index],
                                     others[0][index], others[1][index], others[2][index]))
        return found

    @property
    def shares_desks(self) -> bool:
        """Whether other teams' desk use is counted (a shared database said so)."""
        return self.facts.shared.across_teams

    def cover_counts(self, first: date | None = None, last: date | None = None
                     ) -> tuple[np.ndarray, np.ndarray]:
        """(cover rules × days): people of each rule's role in the office (emptier half), and
        whether the rule applies that day (a copy: the window's footer writes its recounted
        days into it, and the checker's own is shared with later checks, read-only)."""
        lo, hi = self._range_columns(first, last)
        return self._cover.counts(lo, hi), self.facts.cover_days[:, lo:hi].copy()

    @property
    def sites(self) -> list[Site]:
        """Every site of the policy, of people's bases and of days planned elsewhere."""
        return list(self.facts.sites)

    def site_name(self, name: str) -> str:
        """A site as the policy (or most people) writes it."""
        index = self.facts.site_of(name)
        return self.facts.sites[index].name if index is not None else name

    def day(self, column: int) -> date:
        return self.range_first + timedelta(days=column)
