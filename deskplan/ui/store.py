"""Where the window keeps a team: the one interface the document writes through.

The document and its undo commands never talk to a database directly; they call a `PlanStore`.
`DatabaseStore` (in `db_store.py`) is the real one; `MemoryStore` keeps plans in memory for the
benchmarks and for tests of the grid that do not care about persistence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Protocol

from deskplan.domain.demo import demo_organisation
from deskplan.domain.facts import SharedDesks
from deskplan.domain.model import Adjustment, Cell, Person, Status, as_cell
from deskplan.domain.plan import Plan
from deskplan.domain.policy import Policy
from deskplan.domain.rota import Rota
from deskplan.overview import Overview, TeamInput, build_overview
from deskplan.planning.preferences import Preference
from deskplan.storage.audit import Change
from deskplan.storage.organisation import Access

#: A cell to save; a status stands for a whole day at the person's base.
CellChange = tuple[str, date, Cell | Status]


@dataclass(frozen=True)
class TeamInfo:
    """A team as the chooser lists it."""

    id: int
    name: str
    people: int
    version: int


class PlanStore(Protocol):
    """Every write takes the version the caller last saw and returns the new one."""

    def list_teams(self) -> list[TeamInfo]: ...
    def create_team(self, name: str, people: Sequence[Person] = ()) -> TeamInfo: ...
    def create_demo(self) -> list[TeamInfo]: ...
    def load_team(self, team_id: int) -> tuple[int, Plan]: ...
    def save_cells(self, team_id: int, changes: Sequence[CellChange], version: int) -> int: ...
    def save_person(self, team_id: int, person: Person, version: int) -> int: ...
    def import_people(self, team_id: int, people: Sequence[Person], version: int) -> int: ...
    def import_adjustments(self, team_id: int, adjustments: Sequence[Adjustment],
                           version: int) -> int: ...
    def mark_left(self, team_id: int, staff_id: str, last_day: date, version: int) -> int: ...
    def replace_adjustments(self, team_id: int, staff_id: str,
                            adjustments: Sequence[Adjustment], version: int) -> int: ...
    def save_policy(self, team_id: int, policy: Policy, version: int) -> int: ...
    def load_preferences(self, team_id: int) -> dict[str, Preference]:
        """Standing preferences by staff id, for the planner."""
    def save_preferences(self, team_id: int, preferences: Sequence[Preference],
                         version: int) -> int: ...
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
                adjustments=list(plan.adjustments), name=plan.name)


class MemoryStore:
    """A `PlanStore` over plans held in memory; loads hand out copies, as a database would.

    It does not check versions: one window in one process is its only writer.
    """

    def __init__(self, plans: Sequence[Plan] = ()) -> None:
        self._plans: dict[int, tuple[int, Plan]] = {}
        self._preferences: dict[int, dict[str, Preference]] = {}
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

    def create_team(self, name: str, people: Sequence[Person] = ()) -> TeamInfo:
        return self._add(Plan(people=list(people), rota=Rota(p.staff_id for p in people),
                              name=name))

    def create_demo(self) -> list[TeamInfo]:
        return [self._add(plan) for plan in demo_organisation()]

    def load_team(self, team_id: int) -> tuple[int, Plan]:
        version, plan = self._plans[team_id]
        return version, copy_plan(plan)

    def save_cells(self, team_id: int, changes: Sequence[CellChange], version: int) -> int:
        plan = self._plans[team_id][1]
        for staff_id, day, cell in changes:
            plan.rota.set_cell(staff_id, day, as_cell(cell))
        return self._bump(team_id)

    def save_person(self, team_id: int, person: Person, version: int) -> int:
        plan = self._plans[team_id][1]
        known = [p.staff_id for p in plan.people]
        if person.staff_id in known:
            plan.people[known.index(person.staff_id)] = person
        else:
            plan.people.append(person)
            plan.rota.add_person(person.staff_id)
        return self._bump(team_id)

    def import_people(self, team_id: int, people: Sequence[Person], version: int) -> int:
        for person in people:
            self.save_person(team_id, person, version)
        return self._plans[team_id][0]

    def mark_left(self, team_id: int, staff_id: str, last_day: date, version: int) -> int:
        plan = self._plans[team_id][1]
        plan.people = [replace(p, end_date=last_day) if p.staff_id == staff_id else p
                       for p in plan.people]
        return self._bump(team_id)

    def import_adjustments(self, team_id: int, adjustments: Sequence[Adjustment],
                           version: int) -> int:
        """As the database does: one with the same person, kind and start is replaced."""
        plan = self._plans[team_id][1]
        keys = {(a.staff_id, a.kind, a.start) for a in adjustments}
        plan.adjustments = [a for a in plan.adjustments
                            if (a.staff_id, a.kind, a.start) not in keys]
        plan.adjustments.extend(adjustments)
        return self._bump(team_id)

    def replace_adjustments(self, team_id: int, staff_id: str,
                            adjustments: Sequence[Adjustment], version: int) -> int:
        plan = self._plans[team_id][1]
        plan.adjustments = [a for a in plan.adjustments if a.staff_id != staff_id]
        plan.adjustments.extend(adjustments)
        return self._bump(team_id)

    def save_policy(self, team_id: int, policy: Policy, version: int) -> int:
        plan = self._plans[team_id][1]
        plan.policy = policy
        return self._bump(team_id)

    def load_preferences(self, team_id: int) -> dict[str, Preference]:
        return dict(self._preferences.get(team_id, {}))

    def save_preferences(self, team_id: int, preferences: Sequence[Preference],
                         version: int) -> int:
        stored = self._preferences.setdefault(team_id, {})
        for preference in preferences:
            stored.pop(preference.staff_id, None)
            if not preference.is_empty:
                stored[preference.staff_id] = preference
        return self._bump(team_id)

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
