"""New people and records go to SQLite through one compiled statement (`_insert_many`): the
rows stored, and the audit the triggers write of them, are those SQLAlchemy's own insert
stores, dates, empty values and flags included."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

from sqlalchemy import insert

from deskplan.domain.model import Nation, Person, WorkingPattern
from deskplan.storage import repository as repo
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


def test_people_inserted_in_one_statement_are_stored_as_sqlalchemy_stores_them(
        tmp_path: Path, monkeypatch) -> None:
    def plain_insert(connection, table, rows):  # SQLAlchemy's own executemany
        if rows:
            connection.execute(insert(table), rows)

    found = {}
    for way in ("one statement", "sqlalchemy"):
        path = tmp_path / f"{way}.sqlite3"
        with monkeypatch.context() as patch:
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
