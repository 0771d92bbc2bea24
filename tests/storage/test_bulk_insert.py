"""New people and records go to SQLite through one compiled statement (`_insert_many`): the
rows stored, and the audit the triggers write of them, are those SQLAlchemy's own insert
stores, dates, empty values and flags included. Many new rows are audited by one statement
after them (`security.audit_bulk_insert`), which records what the per-row triggers record."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import insert

from deskplan.domain.model import Nation, Person, WorkingPattern
from deskplan.storage import repository as repo
from deskplan.storage import security
from deskplan.storage.db import Database, sqlite_url

PEOPLE = [
    Person("A1", "Ann", role="Analyst", location="Hendon", start_date=date(2020, 2, 1)),
    Person("B2", "Bo", role="", category="support", nation=Nation.SCOTLAND,
           end_date=date(2026, 3, 31), bank_holidays_worked=True,
           pattern=WorkingPattern.from_roster("WWWW----", [27000], date(2025, 1, 6))),
    Person("C3", "Zoë O'Neil", location="Site 1",
           pattern=WorkingPattern.from_days([0, 2], [25200])),
]


def stored(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with closing(sqlite3.connect(path)) as connection:
        return {
            "person": connection.execute("SELECT * FROM person ORDER BY id").fetchall(),
            "person_record": connection.execute(
                "SELECT * FROM person_record ORDER BY id").fetchall(),
            "audit": connection.execute(
                "SELECT login, team_id, person_id, table_name, row_key, action, old_values, "
                "new_values FROM audit WHERE table_name LIKE 'person%' ORDER BY id").fetchall(),
        }


def triggers(path: Path) -> list[tuple[str, str]]:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                                  "ORDER BY name").fetchall()


@pytest.mark.parametrize("audit", ["by the triggers", "in bulk"])
def test_people_inserted_in_one_statement_are_stored_as_sqlalchemy_stores_them(
        tmp_path: Path, monkeypatch, audit) -> None:
    def plain_insert(connection, table, rows):  # SQLAlchemy's own executemany
        if rows:
            connection.execute(insert(table), rows)

    found = {}
    for way in ("one statement", "sqlalchemy"):
        path = tmp_path / f"{way}.sqlite3"
        with monkeypatch.context() as patch:
            patch.setattr(security, "BULK_AUDIT_ROWS", 1 if audit == "in bulk" else 10**9)
            if way == "sqlalchemy":
                patch.setattr(repo, "_insert_many", plain_insert)
            with Database.open(sqlite_url(path)) as database, database.session() as session:
                team = repo.create_team(session, name="Team")
                repo.import_people(session, team_id=team.id, people=PEOPLE,
                                   expected_version=team.version)
        found[way] = stored(path)
    assert len(found["sqlalchemy"]["person"]) == len(PEOPLE)
    assert len(found["sqlalchemy"]["audit"]) == 2 * len(PEOPLE)
    assert found["one statement"] == found["sqlalchemy"]
    with Database.open(sqlite_url(tmp_path / "one statement.sqlite3")) as database, \
            database.session() as session:
        assert repo.load_team(session, team_id=1).plan.people == PEOPLE


def test_many_new_people_are_audited_as_the_triggers_audit_them_one_by_one(
        tmp_path: Path, monkeypatch) -> None:
    # An import's size: the audit rows written in one statement after the rows are those the
    # triggers write for each row, in the same order, and the trigger is back afterwards.
    people = [Person(f"E{i:04d}", f"Person {i}", role="Analyst", location=f"Site {i % 7}",
                     start_date=date(2020, 1, 1 + i % 28),
                     pattern=WorkingPattern.from_days([0, 1, 2], [27000]) if i % 5 == 0
                     else WorkingPattern.standard())
              for i in range(3 * security.BULK_AUDIT_ROWS)]
    found = {}
    bulk = security.audit_bulk_insert
    audited: list[tuple[str, int]] = []

    def spied(connection, table, rows):
        audited.append((table, rows))
        return bulk(connection, table, rows)

    monkeypatch.setattr(security, "audit_bulk_insert", spied)
    for way in ("in bulk", "row by row"):
        path = tmp_path / f"{way}.sqlite3"
        with monkeypatch.context() as patch:
            if way == "row by row":
                patch.setattr(security, "BULK_AUDIT_ROWS", 10**9)
            with Database.open(sqlite_url(path)) as database:
                before = triggers(path)
                with database.session() as session:
                    team = repo.create_team(session, name="Team")
                    repo.import_people(session, team_id=team.id, people=people[:5],
                                       expected_version=team.version)
                with database.session() as session:  # five stored, the rest new
                    repo.import_people(session, team_id=team.id, people=people,
                                       expected_version=team.version + 1)
        assert triggers(path) == before
        found[way] = stored(path)
    new = len(people) - 5
    assert audited[:4] == [("person", 5), ("person_record", 5), ("person", new),
                           ("person_record", new)]
    assert len(found["in bulk"]["audit"]) == 2 * len(people)
    assert found["in bulk"] == found["row by row"]


def test_a_failed_bulk_insert_leaves_the_trigger_and_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "team.sqlite3"
    with Database.open(sqlite_url(path)) as database:
        with database.session() as session:
            team = repo.create_team(session, name="Team")
        before, kept = triggers(path), stored(path)

        def fail_half_way() -> None:
            with database.session() as session:
                connection = session.connection()
                with security.audit_bulk_insert(connection, "person",
                                                security.BULK_AUDIT_ROWS):
                    connection.execute(insert(repo.PERSON), [
                        {"team_id": team.id, "staff_id": f"E{i}", "name": "N"}
                        for i in range(3)])
                    raise RuntimeError("half-way")

        with pytest.raises(RuntimeError, match="half-way"):
            fail_half_way()
        assert triggers(path) == before
        assert stored(path) == kept
        with database.session() as session:  # and a later insert is audited by its trigger
            repo.import_people(session, team_id=team.id, people=PEOPLE[:1],
                               expected_version=team.version)
    assert [row[3:6] for row in stored(path)["audit"]] == [
        ("person", "1", "insert"), ("person_record", "1", "insert")]
