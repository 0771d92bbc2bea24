"""Actuals are kept beside the plan: saved and loaded like the rota, never touching it, and
recorded by the audit triggers like every team table."""

from __future__ import annotations

from datetime import date

import pytest

from deskplan.domain.model import Cell, Person, Status
from deskplan.storage import audit
from deskplan.storage import repository as repo
from deskplan.storage.db import Database
from deskplan.storage.errors import ConcurrentEditError

DAY = date(2025, 4, 7)


def _team(db: Database) -> tuple[int, int]:
    with db.session() as session:
        team = repo.create_team(session, name="Control Room")
        version = repo.save_person(session, team_id=team.id, expected_version=team.version,
                                   person=Person("S1", "Ada", location="Lambeth"))
        version = repo.save_cells(session, team_id=team.id, expected_version=version,
                                  changes=[("S1", DAY, Status.OFFICE)])
    return team.id, version


def test_actuals_round_trip_and_leave_the_plan_alone(db: Database) -> None:
    team_id, version = _team(db)
    with db.session() as session:
        version = repo.save_actuals(session, team_id=team_id, expected_version=version,
                                    changes=[("S1", DAY, Status.HOME),
                                             ("S1", date(2025, 4, 8),
                                              Cell.whole(Status.OFFICE, "Hendon"))])
    with db.session() as session:
        actuals = repo.load_actuals(session, team_id=team_id)
        plan = repo.load_team(session, team_id=team_id).plan
    assert actuals.cell("S1", DAY) == Cell.whole(Status.HOME)
    assert actuals.cell("S1", date(2025, 4, 8)) == Cell.whole(Status.OFFICE, "Hendon")
    assert actuals.cell("S1", date(2025, 4, 9)) == Cell()  # not recorded
    assert plan.rota.cell("S1", DAY) == Cell.whole(Status.OFFICE)
    assert plan.rota.cell("S1", date(2025, 4, 8)) == Cell()


def test_clearing_an_actual_removes_it_and_a_stale_version_is_refused(db: Database) -> None:
    team_id, version = _team(db)
    with db.session() as session:
        newer = repo.save_actuals(session, team_id=team_id, expected_version=version,
                                  changes=[("S1", DAY, Status.SICK)])
    with pytest.raises(ConcurrentEditError), db.session() as session:
        repo.save_actuals(session, team_id=team_id, expected_version=version,
                          changes=[("S1", DAY, Status.HOME)])
    with db.session() as session:
        repo.save_actuals(session, team_id=team_id, expected_version=newer,
                          changes=[("S1", DAY, Status.UNPLANNED)])
        assert repo.load_actuals(session, team_id=team_id).planned_span() is None


def test_the_record_says_what_was_recorded_as_happening(db: Database) -> None:
    team_id, version = _team(db)
    with db.session() as session:
        repo.save_actuals(session, team_id=team_id, expected_version=version,
                          changes=[("S1", DAY, Status.SICK)])
    with db.session() as session:
        history = [c.what for c in audit.person_history(session, team_id=team_id,
                                                         staff_id="S1")]
    assert "recorded as happened: Sick (was not planned)" in history
    assert "changed from not planned to Office" in history
