"""SQLite and PostgreSQL accept exactly the same values: beyond a limit, both refuse with the
same sentence and write nothing."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from sqlmodel import SQLModel

import deskplan.storage.models  # noqa: F401  (registers the tables)
from deskplan.domain import limits
from deskplan.domain.model import Adjustment, AdjustmentKind, Person
from deskplan.domain.policy import Location, Policy, Rule
from deskplan.storage import repository as repo
from deskplan.storage.db import Database
from deskplan.storage.errors import StorageError
from tests.storage.databases import snapshot

#: (table, column) → the limit that guards it.
GUARDED = {
    ("team", "name"): limits.TEAM_NAME,
    ("person", "staff_id"): limits.STAFF_ID,
    ("person", "name"): limits.PERSON_NAME,
    ("person_record", "role"): limits.ROLE,
    ("person_record", "category"): limits.CATEGORY,
    ("person_record", "location"): limits.LOCATION,
    ("adjustment", "reference"): limits.REFERENCE,
    ("adjustment", "approver"): limits.APPROVER,
    ("policy_rule", "category"): limits.CATEGORY,
    ("policy_rule", "location"): limits.LOCATION,
    ("location", "name"): limits.LOCATION,
    ("coverage_rule", "role"): limits.ROLE,
    ("role_category", "title"): limits.TITLE,
    ("role_category", "category"): limits.CATEGORY,
}


def test_the_limits_are_the_column_sizes() -> None:
    for (table, column), limit in GUARDED.items():
        kind = SQLModel.metadata.tables[table].c[column].type
        assert getattr(kind, "length", None) == limit, (table, column)


def _team(db: Database) -> tuple[int, int]:
    with db.session() as session:
        team = repo.create_team(session, name="Control Room")
        version = repo.import_people(session, team_id=team.id, expected_version=team.version,
                                     people=[Person("A1", "Ada Ames")])
    return team.id, version


def test_a_long_name_is_refused_alike_on_both_databases(db: Database) -> None:
    team_id, version = _team(db)
    before = snapshot(db.url)
    with pytest.raises(StorageError) as raised, db.session() as session:
        repo.save_person(session, team_id=team_id, expected_version=version,
                         person=Person("A2", "N" * (limits.PERSON_NAME + 1)))
    assert str(raised.value) == ("person A2: the name is 301 characters long; at most 300 are "
                                 "allowed; nothing was saved")
    assert "character varying" not in str(raised.value)
    assert snapshot(db.url) == before


def test_values_at_the_limits_are_stored_on_both_databases(db: Database) -> None:
    team_id, version = _team(db)
    person = Person("S" * limits.STAFF_ID, "N" * limits.PERSON_NAME, role="R" * limits.ROLE,
                    location="L" * limits.LOCATION)
    policy = Policy(rules=(Rule(Fraction(1, limits.MAX_SHARE_TERM)),),
                    locations=(Location("L" * limits.LOCATION, limits.MAX_CAPACITY),))
    with db.session() as session:
        version = repo.save_person(session, team_id=team_id, person=person,
                                   expected_version=version)
        repo.save_policy(session, team_id=team_id, policy=policy, expected_version=version)
        plan = repo.load_team(session, team_id=team_id).plan
    assert person in plan.people
    assert plan.policy == policy


@pytest.mark.parametrize("policy", [
    Policy(rules=(), locations=(Location("Kew", limits.MAX_CAPACITY + 1),)),
    Policy(rules=(Rule(Fraction(1, limits.MAX_SHARE_TERM + 1)),)),
], ids=["capacity", "share"])
def test_numbers_the_server_cannot_hold_are_refused_alike(db: Database, policy: Policy) -> None:
    team_id, version = _team(db)
    before = snapshot(db.url)
    with pytest.raises(StorageError, match=r"^the policy: (location|rule) 1: the") as raised, \
            db.session() as session:
        repo.save_policy(session, team_id=team_id, policy=policy, expected_version=version)
    assert "out of range" in str(raised.value) or "too precisely" in str(raised.value)
    assert snapshot(db.url) == before


def test_a_long_arrangement_reference_and_team_name_are_refused(db: Database) -> None:
    team_id, version = _team(db)
    arrangement = Adjustment("A1", AdjustmentKind.EXEMPT, date(2025, 1, 6),
                             reference="R" * (limits.REFERENCE + 1))
    with pytest.raises(StorageError, match="the reference is 101 characters long"), \
            db.session() as session:
        repo.replace_adjustments(session, team_id=team_id, staff_id="A1",
                                 adjustments=[arrangement], expected_version=version)
    with pytest.raises(StorageError, match="the team name is 201 characters long"), \
            db.session() as session:
        repo.create_team(session, name="T" * (limits.TEAM_NAME + 1))
