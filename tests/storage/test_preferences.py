"""Standing preferences are stored per person: saved and loaded by staff id, an empty one
removes the row, a stale version is refused, and the row goes with its person."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select

from deskplan.domain.model import Person
from deskplan.planning.preferences import Preference
from deskplan.storage import repository as repo
from deskplan.storage.db import Database
from deskplan.storage.errors import ConcurrentEditError, StorageError
from deskplan.storage.operations import Batch, SavePeople, SavePreferences


def _team(db: Database) -> tuple[int, int]:
    with db.session() as session:
        team = repo.create_team(session, name="Control Room")
        version = repo.import_people(session, team_id=team.id, expected_version=team.version,
                                     people=[Person("S1", "Ada", location="Lambeth"),
                                             Person("S2", "Ben", location="Lambeth")])
    return team.id, version


def test_preferences_round_trip_and_an_empty_one_removes_them(db: Database) -> None:
    team_id, version = _team(db)
    ada = Preference("S1", office_days=frozenset({1, 3}), home_days=frozenset({4}),
                     unavailable_days=frozenset({0}))
    ben = Preference("S2", unavailable_days=frozenset({2}))
    with db.session() as session:
        version = repo.save_preferences(session, team_id=team_id, preferences=[ada, ben],
                                        expected_version=version)
    with db.session() as session:
        assert repo.load_preferences(session, team_id=team_id) == {"S1": ada, "S2": ben}
        version = repo.save_preferences(session, team_id=team_id,
                                        preferences=[Preference("S2")],
                                        expected_version=version)
    with db.session() as session:
        assert repo.load_preferences(session, team_id=team_id) == {"S1": ada}
        with pytest.raises(ConcurrentEditError):
            repo.save_preferences(session, team_id=team_id, preferences=[ben],
                                  expected_version=version - 1)
    with db.session() as session:
        assert repo.load_preferences(session, team_id=team_id) == {"S1": ada}


def test_a_persons_preferences_go_with_them(db: Database) -> None:
    team_id, version = _team(db)
    with db.session() as session:
        repo.save_preferences(session, team_id=team_id, expected_version=version,
                              preferences=[Preference("S1", office_days=frozenset({2}))])
    with db.session() as session:
        person = repo.PERSON
        session.connection().execute(delete(person).where(person.c.staff_id == "S1"))
    with db.session() as session:
        assert repo.load_preferences(session, team_id=team_id) == {}
        rows = session.connection().execute(select(repo.PREFERENCE)).all()
    assert rows == []


def test_a_team_list_import_saves_new_people_and_their_preferences_in_one_transaction(
        db: Database) -> None:
    """What `deskplan import team` and the import dialog write: the people, then their
    preferences, as one batch; a refused part leaves nothing of the other."""
    team_id, version = _team(db)
    cy = Person("S3", "Cy", location="Lambeth")
    prefs = (Preference("S1", home_days=frozenset({4})),
             Preference("S3", office_days=frozenset({0, 1})))
    refused = Batch((SavePeople((cy,)), SavePreferences(
        (*prefs, Preference("S9", home_days=frozenset({0}))))))  # S9 is nobody
    with pytest.raises(StorageError), db.session() as session:
        refused.write(session, team_id, version)
    with db.session() as session:
        assert [p.staff_id for p in repo.load_team(session, team_id=team_id).plan.people] \
            == ["S1", "S2"]
        assert repo.load_preferences(session, team_id=team_id) == {}
        written = Batch((SavePeople((cy,)), SavePreferences(prefs))).write(
            session, team_id, version)
    with db.session() as session:
        assert repo.load_preferences(session, team_id=team_id) == {p.staff_id: p for p in prefs}
        assert repo.find_team(session, name="Control Room").version == written.version
