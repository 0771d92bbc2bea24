"""An organisation on a real PostgreSQL server: an admin, two managers and HR, each with a
login of their own, in a schema and with roles of the test's own (role names are server-wide,
so each test prefixes its roles and drops them afterwards)."""

from __future__ import annotations

import gc
import os
import uuid
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from deskplan.domain.model import Adjustment, AdjustmentKind, Person, Status
from deskplan.domain.policy import Location, Policy
from deskplan.storage import organisation
from deskplan.storage import repository as repo
from deskplan.storage.db import Database
from tests.storage.databases import POSTGRES_VARIABLE

PASSWORD = "not-a-secret"
MONDAY = date(2025, 2, 3)


@dataclass
class Org:
    """Open databases, one per login, and the teams they may (or may not) see."""

    prefix: str
    urls: dict[str, str]
    logins: dict[str, str]
    teams: dict[str, int]
    opened: list[Database] = field(default_factory=list)

    def open(self, who: str) -> Database:
        database = Database.open(self.urls[who])
        self.opened.append(database)
        return database


def _url(base: str, schema: str) -> str:
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


def postgres_admin_url() -> str:
    """The test server's URL, whose login may create roles (`.ci/run` grants CREATEROLE)."""
    base = os.environ.get(POSTGRES_VARIABLE)
    if not base:
        pytest.skip(f"{POSTGRES_VARIABLE} is not set")
    engine = create_engine(base)
    try:
        with engine.connect() as connection:
            may = connection.execute(text(
                "SELECT rolcreaterole FROM pg_roles WHERE rolname = current_user")).scalar()
    finally:
        engine.dispose()
    if not may:
        pytest.skip("the test login may not create roles (ALTER ROLE … CREATEROLE; .ci/run "
                    "does it)")
    return base


def _team(session, name: str, people: list[Person], policy: Policy) -> int:
    team = repo.create_team(session, name=name, policy=policy)
    version = repo.import_people(session, team_id=team.id, people=people,
                                 expected_version=team.version)
    version = repo.save_cells(session, team_id=team.id, expected_version=version, changes=[
        (p.staff_id, MONDAY, Status.OFFICE) for p in people])
    repo.replace_adjustments(session, team_id=team.id, staff_id=people[0].staff_id,
                             expected_version=version, adjustments=[Adjustment(
                                 people[0].staff_id, AdjustmentKind.REDUCED_SHARE,
                                 date(2024, 6, 1), share=Fraction(2, 5),
                                 reference=f"RA-{name[:2].upper()}1", approver="OH lead")])
    return team.id


@contextmanager
def scratch_server() -> Iterator[tuple[str, str, str]]:
    """A schema and a role prefix of the test's own: (admin URL, schema, prefix). Every role
    whose name starts with the prefix is dropped afterwards."""
    base = postgres_admin_url()
    tag = uuid.uuid4().hex[:8]
    schema, prefix = f"test_org_{tag}", f"t{tag}_"
    engine = create_engine(base)
    with engine.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield _url(base, schema), schema, prefix
    finally:
        with engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
            roles = connection.execute(text("SELECT rolname FROM pg_roles WHERE rolname LIKE "
                                            ":prefix"), {"prefix": f"{prefix}%"}).scalars()
            for role in list(roles):
                connection.exec_driver_sql(f'DROP ROLE "{role}"')
        engine.dispose()


def login_url(admin_url: str, login: str) -> str:
    return make_url(admin_url).set(username=login, password=PASSWORD).render_as_string(
        hide_password=False)


def set_password(session, login: str) -> None:
    session.connection().exec_driver_sql(f"ALTER ROLE \"{login}\" PASSWORD '{PASSWORD}'")


def collect_lost_connections() -> None:
    """Collect now a connection of these logins dropped without closing (something of a
    window that outlived its test), inside the test that made it, rather than at a random
    moment of a later test that has nothing to do with it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


@pytest.fixture
def org() -> Iterator[Org]:
    with scratch_server() as (admin_url, _schema, prefix):
        logins = {"m1": f"{prefix}m1", "m2": f"{prefix}m2", "hr": f"{prefix}hr1",
                  "hr_full": f"{prefix}hrfull"}
        result = Org(prefix, {"admin": admin_url}, logins, {})
        try:
            admin = result.open("admin")
            policy = Policy(rules=Policy.default().rules, locations=(Location("Lambeth", 40),))
            with admin.session() as session:
                organisation.init_organisation(session, prefix=prefix)
                result.teams["north"] = _team(session, "North Control Room", [
                    Person("N1", "Nia North", location="Lambeth", category="support"),
                    Person("N2", "Ned North", location="Lambeth", category="support"),
                    Person("N3", "Noor North", location="lambeth ", category="support")],
                    policy)
                result.teams["south"] = _team(session, "South Payroll", [
                    Person("S1", "Sam South", location="Lambeth", category="support"),
                    Person("S2", "Sue South", location="Croydon", category="support")], policy)
                result.teams["east"] = _team(session, "East Vetting", [
                    Person("E1", "Eve East", location="Lambeth", category="support")], policy)
                organisation.add_manager(session, login=logins["m1"],
                                         team_id=result.teams["north"])
                organisation.add_manager(session, login=logins["m2"],
                                         team_id=result.teams["south"])
                organisation.grant_hr(session, login=logins["hr"])
                organisation.grant_hr(session, login=logins["hr_full"], arrangements=True)
                for login in logins.values():
                    set_password(session, login)
            for who, login in logins.items():
                result.urls[who] = login_url(admin_url, login)
            yield result
        finally:
            for database in result.opened:
                database.close()
            collect_lost_connections()
