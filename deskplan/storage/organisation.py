"""Who may see and change what on a shared PostgreSQL database, and how an admin says so.

Everything here writes PostgreSQL's own objects (roles, role memberships, the `team_manager`
rows the row-level security policies read); nothing is enforced by the app. `access` reports
what the database will let the current login do, so the window can offer only that.
"""

from __future__ import annotations

import getpass
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import text
from sqlmodel import Session

from deskplan.overview import TeamInput
from deskplan.storage import repository, security
from deskplan.storage.access import Access as Access  # (where it lived before)
from deskplan.storage.errors import StorageError
from deskplan.storage.security import Roles, quote

#: Logins as organisations name them: j.smith, jsmith2, j.smith@EXAMPLE.ORG (Kerberos).
_LOGIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,62}")


def _is_server(session: Session) -> bool:
    return session.connection().dialect.name == "postgresql"


def roles_of(session: Session) -> Roles | None:
    if not _is_server(session):
        return None
    return security.configured_roles(session.connection())


def access(session: Session) -> Access:
    connection = session.connection()
    if not _is_server(session):
        return Access(login=getpass.getuser())
    login = str(connection.execute(text("SELECT current_user")).scalar_one())
    roles = roles_of(session)
    if roles is None:
        return Access(login=login, shared_desks=True)
    admin, hr, arrangements = connection.execute(
        text("SELECT pg_has_role(current_user, :admin, 'USAGE'), "
             "pg_has_role(current_user, :hr, 'USAGE'), "
             "pg_has_role(current_user, :arrangements, 'USAGE')"),
        {"admin": roles.admin, "hr": roles.hr, "arrangements": roles.arrangements},
    ).one()
    managed = frozenset(connection.execute(
        text("SELECT team_id FROM team_manager WHERE login = current_user")).scalars())
    return Access(login=login, organisation=True, admin=bool(admin), hr=bool(hr),
                  arrangements=bool(arrangements or admin), managed=managed,
                  shared_desks=True)


# --- deskplan admin ---------------------------------------------------------------------------
def _server_roles(session: Session) -> Roles:
    if not _is_server(session):
        raise StorageError("roles need the organisation's PostgreSQL database; a SQLite file "
                           "belongs to one person and has none")
    roles = roles_of(session)
    if roles is None:
        raise StorageError("this database has no deskplan roles yet; run deskplan admin init "
                           "first")
    return roles


def _check_login(login: str, roles: Roles) -> str:
    if not _LOGIN.fullmatch(login):
        raise StorageError(f"{login!r} is not a login name deskplan accepts (letters, digits, "
                           ". _ - @, at most 63 characters)")
    if login in roles.all:
        raise StorageError(f"{login} is one of deskplan's group roles, not a person's login")
    return login


def _role_exists(session: Session, name: str) -> bool:
    return session.connection().execute(
        text("SELECT 1 FROM pg_roles WHERE rolname = :name"), {"name": name}).first() is not None


def _ensure_login(session: Session, login: str, done: list[str]) -> None:
    if not _role_exists(session, login):
        session.connection().exec_driver_sql(f"CREATE ROLE {quote(login)} LOGIN")
        done.append(f"created the login {login} (give it a password with psql's \\password "
                    f"{login}, or map it to the organisation's sign-on)")


def init_organisation(session: Session, *,
                      prefix: str = security.DEFAULT_ROLE_PREFIX) -> list[str]:
    """Create the group roles, make the caller an admin, and switch on row-level security.

    Run again, it changes nothing but brings policies and grants up to date.
    """
    if not _is_server(session):
        raise StorageError("deskplan admin init sets up roles on the organisation's PostgreSQL "
                           "database; a SQLite file needs none")
    roles = roles_of(session)
    done = []
    if roles is None:
        try:
            roles = Roles(prefix)
        except ValueError as error:
            raise StorageError(str(error)) from None
        session.connection().execute(
            text("INSERT INTO setting (key, value) VALUES (:key, :value)"),
            {"key": security.ROLE_PREFIX_KEY, "value": roles.prefix})
    elif roles.prefix != prefix:
        raise StorageError(f"this database already uses the roles {roles.prefix}*; run "
                           f"deskplan admin init --role-prefix {roles.prefix}")
    connection = session.connection()
    for role in roles.all:
        if not _role_exists(session, role):
            connection.exec_driver_sql(f"CREATE ROLE {quote(role)} NOLOGIN")
            done.append(f"created the group role {role}")
    connection.exec_driver_sql(f"GRANT {quote(roles.admin)} TO CURRENT_USER")
    security.install(connection)
    me = connection.execute(text("SELECT current_user")).scalar_one()
    done.append(f"{me} is an administrator; row-level security is on for every team table")
    return done


def team_id_named(session: Session, name: str) -> int:
    """The id of the team called `name`, or an error naming only teams the caller may see."""
    team = repository.find_team(session, name=name)
    if team is None:
        names = ", ".join(repr(t.name) for t in repository.list_teams(session)) or "none yet"
        raise StorageError(f"there is no team called {name!r} that you may see (teams: {names})")
    return team.id


def add_manager(session: Session, *, login: str, team_id: int) -> list[str]:
    roles = _server_roles(session)
    _check_login(login, roles)
    done: list[str] = []
    _ensure_login(session, login, done)
    connection = session.connection()
    connection.exec_driver_sql(f"GRANT {quote(roles.manager)} TO {quote(login)}")
    known = connection.execute(
        text("SELECT 1 FROM team_manager WHERE login = :login AND team_id = :team"),
        {"login": login, "team": team_id}).first()
    if known is None:
        connection.execute(text("INSERT INTO team_manager (login, team_id) VALUES "
                                "(:login, :team)"), {"login": login, "team": team_id})
    done.append(f"{login} already managed the team" if known else f"{login} manages the team")
    return done


def remove_manager(session: Session, *, login: str, team_id: int | None = None) -> list[str]:
    """Stop `login` managing one team (or, without a team, every team)."""
    roles = _server_roles(session)
    connection = session.connection()
    query = "DELETE FROM team_manager WHERE login = :login"
    if team_id is not None:
        query += " AND team_id = :team"
    removed = connection.execute(text(query), {"login": login, "team": team_id}).rowcount
    left = connection.execute(text("SELECT count(*) FROM team_manager WHERE login = :login"),
                              {"login": login}).scalar_one()
    done = [f"{login} no longer manages {removed} team{'s' if removed != 1 else ''}"]
    if not left and _role_exists(session, login):
        connection.exec_driver_sql(f"REVOKE {quote(roles.manager)} FROM {quote(login)}")
        done.append(f"{login} manages no team now")
    return done


def grant_hr(session: Session, *, login: str, arrangements: bool = False) -> list[str]:
    """HR reads every team; arrangement details only with `arrangements` (which this sets
    exactly: granting again without it takes the details away)."""
    roles = _server_roles(session)
    _check_login(login, roles)
    done: list[str] = []
    _ensure_login(session, login, done)
    connection = session.connection()
    connection.exec_driver_sql(f"GRANT {quote(roles.hr)} TO {quote(login)}")
    if arrangements:
        connection.exec_driver_sql(f"GRANT {quote(roles.arrangements)} TO {quote(login)}")
        done.append(f"{login} reads every team, arrangement details included")
    else:
        connection.exec_driver_sql(f"REVOKE {quote(roles.arrangements)} FROM {quote(login)}")
        done.append(f"{login} reads every team, without arrangement details")
    return done


def revoke_hr(session: Session, *, login: str) -> list[str]:
    roles = _server_roles(session)
    if not _role_exists(session, login):
        raise StorageError(f"there is no login {login!r}")
    connection = session.connection()
    for role in (roles.arrangements, roles.hr):
        connection.exec_driver_sql(f"REVOKE {quote(role)} FROM {quote(login)}")
    return [f"{login} no longer has HR access"]


@dataclass
class Members:
    """Who holds which deskplan role on the database (for `deskplan admin list`)."""

    admins: list[str] = field(default_factory=list)
    hr: dict[str, bool] = field(default_factory=dict)  # login → sees arrangement details
    managers: dict[str, list[str]] = field(default_factory=dict)  # login → team names


def members(session: Session) -> Members:
    roles = _server_roles(session)
    connection = session.connection()
    held: dict[str, set[str]] = defaultdict(set)
    for group, member in connection.execute(text(
            "SELECT g.rolname, m.rolname FROM pg_auth_members a "
            "JOIN pg_roles g ON g.oid = a.roleid JOIN pg_roles m ON m.oid = a.member "
            "WHERE g.rolname = ANY(:groups)"), {"groups": list(roles.all)}):
        held[group].add(member)
    teams: dict[str, list[str]] = defaultdict(list)
    for login, name in connection.execute(text(
            "SELECT m.login, t.name FROM team_manager m JOIN team t ON t.id = m.team_id "
            "ORDER BY m.login, t.name")):
        teams[login].append(name)
    return Members(
        admins=sorted(held[roles.admin]),
        hr={login: login in held[roles.arrangements] for login in sorted(held[roles.hr])},
        managers={login: teams[login] for login in sorted(teams)},
    )


def overview_inputs(session: Session, *, first: date, last: date) -> list[TeamInput]:
    """Every team the login may read, as the organisation overview takes it: people whose
    arrangement the login may not see are marked, so they are counted but not judged."""
    who = access(session)
    arranged: dict[int, set[str]] = defaultdict(set)
    for team_id, staff_id in repository.arranged_people(session, first=first, last=last):
        arranged[team_id].add(staff_id)
    due = repository.reviews_due(session, until=last)
    return [
        TeamInput(
            team_id=stored.team_id, plan=stored.plan,
            withheld=frozenset() if who.sees_arrangements(stored.team_id) else frozenset(
                arranged.get(stored.team_id, ())),
            reviews_due=due.get(stored.team_id, 0))
        for stored in repository.load_teams(session, first=first, last=last)
    ]
