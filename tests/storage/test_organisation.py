"""One PostgreSQL database for the organisation: each login sees exactly what it may, through
deskplan's functions and through raw SQL on the same connection, and can change only that."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from deskplan.domain.model import Cell, Person, Status
from deskplan.storage import organisation
from deskplan.storage import repository as repo
from deskplan.storage.errors import StorageError
from tests.storage.organisation import MONDAY, Org, org

__all__ = ["org"]


def _sql(org: Org, who: str, query: str) -> list[tuple]:
    with org.open(who).session() as session:
        return [tuple(r) for r in session.connection().execute(text(query))]


def _team_names(org: Org, who: str) -> list[str]:
    with org.open(who).session() as session:
        return [t.name for t in repo.list_teams(session)]


def test_each_login_lists_only_the_teams_it_may_see(org: Org) -> None:
    everyone = ["East Vetting", "North Control Room", "South Payroll"]
    assert _team_names(org, "m1") == ["North Control Room"]
    assert _team_names(org, "m2") == ["South Payroll"]
    assert _team_names(org, "hr") == everyone
    assert _team_names(org, "admin") == everyone
    # …and psql with the same login sees the same: row security is the database's own.
    assert _sql(org, "m1", "SELECT name FROM team") == [("North Control Room",)]
    assert sorted(_sql(org, "m1", "SELECT staff_id FROM person")) == [("N1",), ("N2",), ("N3",)]
    assert _sql(org, "m2", "SELECT count(*) FROM rota_month") == [(2,)]
    assert _sql(org, "hr", "SELECT count(*) FROM person") == [(6,)]


def test_a_manager_loads_their_team_and_nothing_of_another(org: Org) -> None:
    with org.open("m1").session() as session:
        plan = repo.load_team(session, team_id=org.teams["north"]).plan
        assert [p.staff_id for p in plan.people] == ["N1", "N2", "N3"]
        assert [a.reference for a in plan.adjustments] == ["RA-NO1"]
        with pytest.raises(StorageError) as raised:
            repo.load_team(session, team_id=org.teams["south"])
    assert "South" not in str(raised.value)


def test_hr_reads_every_team_but_arrangements_only_with_the_grant(org: Org) -> None:
    with org.open("hr").session() as session:
        plan = repo.load_team(session, team_id=org.teams["south"]).plan
    assert [p.staff_id for p in plan.people] == ["S1", "S2"]
    assert plan.adjustments == []
    assert _sql(org, "hr", "SELECT count(*) FROM adjustment") == [(0,)]
    assert sorted(_sql(org, "hr_full", "SELECT reference FROM adjustment")) == [
        ("RA-EA1",), ("RA-NO1",), ("RA-SO1",)]
    assert _sql(org, "m2", "SELECT reference FROM adjustment") == [("RA-SO1",)]


def test_a_manager_changes_their_team_and_cannot_touch_another(org: Org) -> None:
    north, south = org.teams["north"], org.teams["south"]
    db = org.open("m1")
    with db.session() as session:
        version = repo.load_team(session, team_id=north).version
        repo.save_cells(session, team_id=north, expected_version=version,
                        changes=[("N1", MONDAY + timedelta(days=1), Status.HOME)])
    with pytest.raises(StorageError) as raised, db.session() as session:
        repo.save_cells(session, team_id=south, expected_version=1,
                        changes=[("S1", MONDAY, Status.HOME)])
    assert "South" not in str(raised.value)
    with db.session() as session:  # raw SQL cannot reach the other team's rows either
        updated = session.connection().execute(
            text("UPDATE person SET name = 'Hacked' WHERE team_id = :t"), {"t": south})
        assert updated.rowcount == 0
    with pytest.raises(StorageError, match="may not do that"), db.session() as session:
        session.connection().execute(text(
            "INSERT INTO person (team_id, staff_id, name) VALUES (:t, 'X1', 'Intruder')"),
            {"t": south})
    with org.open("admin").session() as session:
        names = {p.name for p in repo.load_team(session, team_id=south).plan.people}
    assert names == {"Sam South", "Sue South"}


def test_only_an_admin_creates_or_renames_teams(org: Org) -> None:
    with pytest.raises(StorageError, match="may not do that"), \
            org.open("m1").session() as session:
        repo.create_team(session, name="My own team")
    with pytest.raises(StorageError, match="may not do that"), \
            org.open("m1").session() as session:
        session.connection().execute(text("UPDATE team SET name = 'Renamed'"))


def test_hr_may_read_but_not_change(org: Org) -> None:
    with pytest.raises(StorageError, match="may not do that"), \
            org.open("hr").session() as session:
        repo.save_person(session, team_id=org.teams["north"], expected_version=1,
                         person=Person("N9", "New"))


def test_what_each_login_may_do_is_reported(org: Org) -> None:
    with org.open("m1").session() as session:
        m1 = organisation.access(session)
    with org.open("hr").session() as session:
        hr = organisation.access(session)
    with org.open("admin").session() as session:
        admin = organisation.access(session)
    north, south = org.teams["north"], org.teams["south"]
    assert (m1.may_edit(north), m1.may_edit(south), m1.sees_arrangements(north)) == \
        (True, False, True)
    assert m1.describe() == f"{org.logins['m1']}: manager of 1 team"
    assert (hr.hr, hr.may_edit(north), hr.sees_arrangements(north)) == (True, False, False)
    assert (admin.admin, admin.may_edit(south), admin.sees_arrangements(south)) == \
        (True, True, True)


def test_admin_lists_and_removes_managers(org: Org) -> None:
    with org.open("admin").session() as session:
        members = organisation.members(session)
        assert members.managers == {org.logins["m1"]: ["North Control Room"],
                                    org.logins["m2"]: ["South Payroll"]}
        assert members.hr == {org.logins["hr"]: False, org.logins["hr_full"]: True}
        organisation.remove_manager(session, login=org.logins["m1"])
    with pytest.raises(StorageError, match=f"the login {org.logins['m1']} has no access"):
        org.open("m1")
    assert _team_names(org, "m2") == ["South Payroll"]


def test_every_change_is_recorded_by_the_database_with_the_login(org: Org) -> None:
    north = org.teams["north"]
    tuesday = MONDAY + timedelta(days=1)
    with org.open("m1").session() as session:
        version = repo.load_team(session, team_id=north).version
        repo.save_cells(session, team_id=north, expected_version=version,
                        changes=[("N2", MONDAY, Status.HOME)])
    [(login, old, new)] = _sql(org, "admin", (
        "SELECT login, old_values->>'days', new_values->>'days' FROM audit "
        "WHERE table_name = 'rota_month' AND action = 'update'"))
    assert login == org.logins["m1"]
    assert (old[MONDAY.day - 1], new[MONDAY.day - 1]) == ("O", "H")
    assert old[tuesday.day - 1] == new[tuesday.day - 1], "the next day is untouched"
    # The other manager sees none of it; HR sees the rota change but no arrangement record.
    assert _sql(org, "m2", f"SELECT count(*) FROM audit WHERE team_id = {north}") == [(0,)]
    hr_tables = {t for (t,) in _sql(org, "hr", "SELECT DISTINCT table_name FROM audit")}
    assert "rota_month" in hr_tables
    assert "adjustment" not in hr_tables
    full = {t for (t,) in _sql(org, "hr_full", "SELECT DISTINCT table_name FROM audit")}
    assert "adjustment" in full


def test_nobody_but_the_database_writes_or_erases_the_record(org: Org) -> None:
    for statement in ("INSERT INTO audit (at, login, table_name, row_key, action) VALUES "
                      "(now(), 'someone else', 'person', '1', 'update')",
                      "DELETE FROM audit", "ALTER TABLE rota_month DISABLE TRIGGER ALL"):
        with pytest.raises(StorageError, match="may not do that"), \
                org.open("m1").session() as session:
            session.connection().execute(text(statement))


def test_shared_desks_count_other_teams_without_naming_them(org: Org) -> None:
    with org.open("m1").session() as session:
        shared = repo.other_teams_office(session, team_id=org.teams["north"], first=MONDAY,
                                         last=MONDAY + timedelta(days=6))
        hidden = repo.other_teams_office(session, team_id=org.teams["south"], first=MONDAY,
                                         last=MONDAY)
    # Sam South and Eve East are in at Lambeth on Monday; Sue South is at Croydon.
    assert shared.office == {("lambeth", MONDAY): (2, 2, 2)}  # morning, afternoon, teams
    assert hidden.office == {}, "a manager gets no counts for a team they may not read"


def test_shared_desks_count_halves_and_days_planned_at_another_site(org: Org) -> None:
    """Someone based elsewhere takes a desk on a morning planned at the site; someone based
    there but planned elsewhere takes none; each half is counted apart."""
    tuesday = MONDAY + timedelta(days=1)
    with org.open("admin").session() as session:
        for team, changes in (
                ("south", [("S2", tuesday, Cell(Status.OFFICE, Status.HOME, am_site="Lambeth")),
                           ("S1", tuesday, Cell(Status.OFFICE, Status.OFFICE, "Croydon",
                                                "Croydon"))]),
                ("east", [("E1", tuesday, Cell(Status.HOME, Status.OFFICE))])):
            version = repo.load_team(session, team_id=org.teams[team]).version
            repo.save_cells(session, team_id=org.teams[team], expected_version=version,
                            changes=changes)
    with org.open("m1").session() as session:
        shared = repo.other_teams_office(session, team_id=org.teams["north"], first=MONDAY,
                                         last=MONDAY + timedelta(days=6))
    assert shared.office == {("lambeth", MONDAY): (2, 2, 2), ("lambeth", tuesday): (1, 1, 2)}


def test_a_team_name_the_login_may_not_see_is_never_listed(org: Org, monkeypatch,
                                                           capsys) -> None:
    from deskplan.cli import main

    monkeypatch.setenv("DESKPLAN_DATABASE_URL", org.urls["m1"])
    assert main(["check", "--team-name", "Nope"]) == 2
    error = capsys.readouterr().err
    assert "teams: 'North Control Room')" in error
    assert "South" not in error
    assert "East" not in error


def test_sqlite_has_no_roles_and_says_so(tmp_path) -> None:
    from deskplan.storage.db import Database, sqlite_url

    with Database.open(sqlite_url(tmp_path / "mine.sqlite3")) as db, db.session() as session:
        assert organisation.access(session).may_edit(1)
        with pytest.raises(StorageError, match="SQLite file"):
            organisation.init_organisation(session)


def test_row_security_is_on_for_every_team_table(org: Org) -> None:
    from deskplan.storage.security import TEAM_OWNED

    secured = {t for (t,) in _sql(org, "admin", (
        "SELECT relname FROM pg_class WHERE relrowsecurity AND relnamespace = "
        "current_schema()::regnamespace"))}
    assert secured == {spec.table for spec in TEAM_OWNED} | {"team_manager", "audit"}


def test_arrangement_history_is_shown_only_to_those_who_may_see_arrangements(org: Org) -> None:
    from deskplan.storage import audit

    def history(who: str) -> list[str]:
        with org.open(who).session() as session:
            return [c.what for c in audit.person_history(session, team_id=org.teams["north"],
                                                         staff_id="N1")]

    manager = history("m1")
    assert manager == ["added to the team", "changed from not planned to Office",
                       "arrangement RA-NO1 recorded"]
    assert history("hr_full") == manager
    assert history("hr") == manager[:2], "HR without the grant sees no arrangement record"


def test_a_manager_does_not_upgrade_the_schema_but_says_who_can(org: Org) -> None:
    with org.open("admin").session() as session:  # as if a newer deskplan had come out
        session.connection().execute(text("UPDATE alembic_version SET version_num = '0003'"))
    with pytest.raises(StorageError, match=r"older deskplan \(0003.*deskplan admin init"):
        org.open("m1")


def test_the_overview_leaves_unjudged_whom_the_reader_may_not_see_the_terms_of(
        org: Org) -> None:
    from deskplan.overview import ALL_TEAMS, build_overview

    first, last = MONDAY, MONDAY + timedelta(days=6)

    def overview(who: str):
        with org.open(who).session() as session:
            return build_overview(organisation.overview_inputs(session, first=first,
                                                               last=last), first, last)

    hr, full, manager = overview("hr"), overview("hr_full"), overview("m1")
    assert (hr.teams, hr.people, manager.teams, manager.people) == (3, 6, 1, 3)
    unjudged = {r.team: r.not_judged for r in hr.compliance if r.team != ALL_TEAMS}
    assert unjudged == {"East Vetting": 1, "North Control Room": 1, "South Payroll": 1}
    assert hr.withheld
    assert not full.withheld
    assert sum(r.not_judged for r in full.compliance) == 0
    lambeth = next(r for r in hr.desks if r.site == "Lambeth" and r.day == MONDAY)
    assert (lambeth.in_office, lambeth.capacity, lambeth.teams) == (5, 40, 3)
