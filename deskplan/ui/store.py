"""Where the window keeps a team: the one interface the document writes through.

The document and its undo commands never talk to a database directly; they call a `PlanStore`.
`DatabaseStore` (in `db_store.py`) is the real one; `MemoryStore` keeps plans in memory for the
benchmarks and for tests of the grid that do not care about persistence.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Protocol

from deskplan.domain.calendar import period_end
from deskplan.domain.demo import demo_organisation
from deskplan.domain.facts import SharedDesks
from deskplan.domain.model import Person
from deskplan.domain.plan import Plan
from deskplan.domain.policy import PeriodKind
from deskplan.domain.rota import Rota
from deskplan.overview import Overview, TeamInput, build_overview
from deskplan.planning.preferences import Preference
from deskplan.storage.access import Access
from deskplan.storage.operations import Batch, Operation, SavePreferences, SetActuals, Written
from deskplan.storage.operations import CellChange as CellChange  # (re-exported for dialogs)

if TYPE_CHECKING:  # the audit module loads SQLAlchemy, which the first paint does without
    from deskplan.storage.audit import Change


@dataclass(frozen=True)
class TeamInfo:
    """A team as the chooser lists it."""

    id: int
    name: str
    people: int
    version: int


class PlanStore(Protocol):
    """Every write is an operation (`deskplan.storage.operations`) quoting the version the
    caller last saw; it returns what was written (the new version).

    `write` runs on the document's database worker, never on the GUI thread; the rest are
    reads (and team creation) the window makes itself.
    """

    def list_teams(self) -> list[TeamInfo]: ...
    def create_team(self, name: str, people: Sequence[Person] = (),
                    preferences: Sequence[Preference] = ()) -> TeamInfo:
        """A new team with its first people and their standing preferences, all or nothing."""
    def create_demo(self) -> list[TeamInfo]: ...
    def load_team(self, team_id: int) -> tuple[int, Plan]: ...
    def load_part(self, team_id: int, first: date, last: date
                  ) -> tuple[int, Plan, tuple[date, date] | None]:
        """The plan with the rota of only the months a check of `first`..`last` reads, and
        those months' first and last day (None: the whole rota was read); the window shows
        these at once and reads the rest with `load_rota` on its worker."""
    def load_rota(self, team_id: int) -> tuple[int, Rota]:
        """The team's version and whole rota (may be called from a worker thread)."""
    def planned_span(self, team_id: int) -> tuple[date, date] | None:
        """The first and last day the rota plans anything."""
    def write(self, team_id: int, operation: Operation, version: int) -> Written: ...
    def load_preferences(self, team_id: int) -> dict[str, Preference]:
        """Standing preferences by staff id, for the planner."""
    def load_actuals(self, team_id: int) -> Rota:
        """What actually happened (Plan against actual), beside the plan."""
    def access(self) -> Access:
        """What the current login may do (everything, on a database of one's own)."""
    def shared_office(self, team_id: int, first: date, last: date) -> SharedDesks:
        """Other teams' office counts at the team's sites (`repository.other_teams_office`)."""
    def person_history(self, team_id: int, staff_id: str) -> list[Change]: ...
    def day_history(self, team_id: int, day: date) -> list[Change]: ...
    def live_url(self) -> str | None:
        """The database to listen to for others' changes; None where nobody else writes."""
    def overview(self, first: date, last: date) -> Overview:
        """Every team the login may read, summed up (may be called from a worker thread)."""
    def close(self) -> None: ...


def copy_plan(plan: Plan) -> Plan:
    """A plan that shares nothing mutable with `plan` (people and policies are frozen)."""
    return Plan(people=list(plan.people), rota=plan.rota.copy(), policy=plan.policy,
                adjustments=list(plan.adjustments), name=plan.name, locked=set(plan.locked))


class MemoryStore:
    """A `PlanStore` over plans held in memory; loads hand out copies, as a database would.

    It does not check versions: one window in one process is its only writer. It hands out
    whole plans, unless made `partial`: then, as a database does, `load_part` gives the rota
    of the months asked for only (and `gate`, when set, holds `load_rota` until it is set).
    """

    def __init__(self, plans: Sequence[Plan] = (), *, partial: bool = False) -> None:
        self.partial = partial
        self.gate: threading.Event | None = None
        self._plans: dict[int, tuple[int, Plan]] = {}
        self._preferences: dict[int, dict[str, Preference]] = {}
        self._actuals: dict[int, Rota] = {}
        self._lock = threading.Lock()
        for plan in plans:
            self._add(plan)

    def _add(self, plan: Plan) -> TeamInfo:
        team_id = len(self._plans) + 1
        self._plans[team_id] = (1, copy_plan(plan))
        return self._info(team_id)

    def _info(self, team_id: int) -> TeamInfo:
        version, plan = self._plans[team_id]
        return TeamInfo(team_id, plan.name, len(plan.people), version)

    def _bump(self, team_id: int) -> int:
        version, plan = self._plans[team_id]
        self._plans[team_id] = (version + 1, plan)
        return version + 1

    def list_teams(self) -> list[TeamInfo]:
        return [self._info(team_id) for team_id in self._plans]

    def create_team(self, name: str, people: Sequence[Person] = (),
                    preferences: Sequence[Preference] = ()) -> TeamInfo:
        info = self._add(Plan(people=list(people), rota=Rota(p.staff_id for p in people),
                              name=name))
        self._save_preferences(info.id, preferences)
        return info

    def create_demo(self) -> list[TeamInfo]:
        return [self._add(plan) for plan in demo_organisation()]

    def load_team(self, team_id: int) -> tuple[int, Plan]:
        with self._lock:
            version, plan = self._plans[team_id]
            return version, copy_plan(plan)

    def load_part(self, team_id: int, first: date, last: date
                  ) -> tuple[int, Plan, tuple[date, date] | None]:
        version, plan = self.load_team(team_id)
        if not self.partial:
            return version, plan, None
        from deskplan.storage.repository import checked_span  # (loads SQLAlchemy: tests only)

        since, until = checked_span([plan.policy], first, last)
        months = (since.replace(day=1), period_end(until, PeriodKind.MONTH))
        ids = plan.rota.staff_ids
        sites = {(ids[i], months[0] + timedelta(days=column)): halves for (i, column), halves
                 in plan.rota.sites(ids, *months).items()}
        rota = Rota.from_matrix(ids, months[0], plan.rota.matrix(ids, *months), sites)
        for staff_id in (p.staff_id for p in plan.people):
            rota.add_person(staff_id)
        return version, replace(plan, rota=rota), months

    def load_rota(self, team_id: int) -> tuple[int, Rota]:
        if self.gate is not None:
            self.gate.wait()
        version, plan = self.load_team(team_id)
        return version, plan.rota

    def planned_span(self, team_id: int) -> tuple[date, date] | None:
        with self._lock:
            return self._plans[team_id][1].rota.planned_span()

    def write(self, team_id: int, operation: Operation, version: int) -> Written:
        """Apply the operation to the stored plan (the worker writes; a lock keeps a load
        from reading it half-changed); preferences, which a plan does not hold, are kept
        beside it."""
        with self._lock:
            for part in operation.parts() if isinstance(operation, Batch) else (operation,):
                if isinstance(part, SavePreferences):
                    self._save_preferences(team_id, part.preferences)
                elif isinstance(part, SetActuals):
                    part.apply_to(self._actuals.setdefault(team_id, Rota()))
                else:
                    part.apply(self._plans[team_id][1])
            return Written(self._bump(team_id))

    def load_preferences(self, team_id: int) -> dict[str, Preference]:
        return dict(self._preferences.get(team_id, {}))

    def load_actuals(self, team_id: int) -> Rota:
        with self._lock:
            return self._actuals.setdefault(team_id, Rota()).copy()

    def _save_preferences(self, team_id: int, preferences: Sequence[Preference]) -> None:
        stored = self._preferences.setdefault(team_id, {})
        for preference in preferences:
            stored.pop(preference.staff_id, None)
            if not preference.is_empty:
                stored[preference.staff_id] = preference

    def access(self) -> Access:
        return Access(login="")

    def shared_office(self, team_id: int, first: date, last: date) -> SharedDesks:
        return SharedDesks.none()

    def person_history(self, team_id: int, staff_id: str) -> list[Change]:
        return []

    def day_history(self, team_id: int, day: date) -> list[Change]:
        return []

    def live_url(self) -> str | None:
        return None

    def overview(self, first: date, last: date) -> Overview:
        return build_overview([TeamInput(team_id, copy_plan(plan))
                               for team_id, (_, plan) in self._plans.items()], first, last)

    def close(self) -> None:
        """Nothing to release."""
