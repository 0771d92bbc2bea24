"""The `PlanStore` over the deskplan database: each call is one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from deskplan.domain.facts import SharedDesks
from deskplan.domain.model import Person
from deskplan.domain.plan import Plan
from deskplan.domain.rota import Rota
from deskplan.overview import Overview, build_overview
from deskplan.planning.preferences import Preference
from deskplan.storage import audit, organisation, repository
from deskplan.storage.audit import Change
from deskplan.storage.db import Database
from deskplan.storage.operations import Operation, Written
from deskplan.storage.organisation import Access
from deskplan.ui.store import TeamInfo


class DatabaseStore:
    def __init__(self, database: Database) -> None:
        self.database = database

    @property
    def where(self) -> str:
        """The database's file or URL (never a password), for Help → About."""
        return str(self.database.where)

    def list_teams(self) -> list[TeamInfo]:
        with self.database.session() as session:
            return [TeamInfo(t.id, t.name, t.people, t.version)
                    for t in repository.list_teams(session)]

    def create_team(self, name: str, people: Sequence[Person] = (),
                    preferences: Sequence[Preference] = ()) -> TeamInfo:
        """A new team with its first people (and their standing preferences), in one
        transaction: all of it or nothing."""
        with self.database.session() as session:
            team = repository.create_team(session, name=name)
            version = team.version
            if people:
                version = repository.import_people(session, team_id=team.id, people=people,
                                                   expected_version=team.version)
            if preferences:
                version = repository.save_preferences(session, team_id=team.id,
                                                      preferences=preferences,
                                                      expected_version=version)
        return TeamInfo(team.id, team.name, len(people) or team.people, version)

    def create_demo(self) -> list[TeamInfo]:
        with self.database.session() as session:
            return [TeamInfo(t.id, t.name, t.people, t.version)
                    for t in repository.create_demo(session)]

    def load_team(self, team_id: int) -> tuple[int, Plan]:
        with self.database.session() as session:
            stored = repository.load_team(session, team_id=team_id)
        return stored.version, stored.plan

    def load_part(self, team_id: int, first: date, last: date
                  ) -> tuple[int, Plan, tuple[date, date] | None]:
        with self.database.session() as session:
            stored = repository.load_team(session, team_id=team_id, around=(first, last))
        return stored.version, stored.plan, stored.rota_months

    def load_rota(self, team_id: int) -> tuple[int, Rota]:
        """Its own session: called on the window's database worker."""
        with self.database.session() as session:
            return repository.load_rota(session, team_id=team_id)

    def planned_span(self, team_id: int) -> tuple[date, date] | None:
        with self.database.session() as session:
            return repository.planned_span(session, team_id=team_id)

    def write(self, team_id: int, operation: Operation, version: int) -> Written:
        """One operation in one transaction (called on the document's database worker)."""
        with self.database.session() as session:
            return operation.write(session, team_id, version)

    def load_preferences(self, team_id: int) -> dict[str, Preference]:
        with self.database.session() as session:
            return repository.load_preferences(session, team_id=team_id)

    def load_actuals(self, team_id: int) -> Rota:
        with self.database.session() as session:
            return repository.load_actuals(session, team_id=team_id)

    def access(self) -> Access:
        with self.database.session() as session:
            return organisation.access(session)

    def shared_office(self, team_id: int, first: date, last: date) -> SharedDesks:
        with self.database.session() as session:
            return repository.other_teams_office(session, team_id=team_id, first=first,
                                                 last=last)

    def person_history(self, team_id: int, staff_id: str) -> list[Change]:
        with self.database.session() as session:
            return audit.person_history(session, team_id=team_id, staff_id=staff_id)

    def day_history(self, team_id: int, day: date) -> list[Change]:
        with self.database.session() as session:
            return audit.day_history(session, team_id=team_id, day=day)

    def overview(self, first: date, last: date) -> Overview:
        """Read in one transaction (its own session: safe on a worker thread), then computed."""
        with self.database.session() as session:
            inputs = organisation.overview_inputs(session, first=first, last=last)
        return build_overview(inputs, first, last)

    def live_url(self) -> str | None:
        return self.database.url if self.database.engine.dialect.name == "postgresql" else None

    def close(self) -> None:
        self.database.close()
