"""The record the database keeps of every change, as people read it, and the purge of
arrangements once their retention time is over (on SQLite and PostgreSQL alike)."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import pytest
from sqlalchemy import func, select, text

from deskplan.domain.model import Adjustment, AdjustmentKind, Person, Status
from deskplan.storage import audit
from deskplan.storage import repository as repo
from deskplan.storage.db import Database
from deskplan.storage.errors import StorageError
from deskplan.storage.models import AdjustmentRow, AuditRow
from tests.storage.databases import snapshot

MONDAY = date(2025, 2, 3)
TODAY = date(2026, 12, 1)


def _team(db: Database) -> tuple[int, int]:
    with db.session() as session:
        team = repo.create_team(session, name="Control Room")
        version = repo.import_people(session, team_id=team.id, expected_version=team.version,
                                     people=[Person("A1", "Ada Ames"), Person("B2", "Ben Bell")])
    return team.id, version


def _login(db: Database) -> str:
    return "" if db.engine.dialect.name == "sqlite" else "deskplan"


def test_a_days_history_says_what_changed_and_who_changed_it(db: Database) -> None:
    team_id, version = _team(db)
    with db.session() as session:
        version = repo.save_cells(session, team_id=team_id, expected_version=version, changes=[
            ("A1", MONDAY, Status.OFFICE), ("B2", MONDAY, Status.OFFICE),
            ("A1", MONDAY + timedelta(days=1), Status.LEAVE)])
        repo.save_cells(session, team_id=team_id, expected_version=version,
                        changes=[("A1", MONDAY, Status.HOME)])
    with db.session() as session:
        changes = audit.day_history(session, team_id=team_id, day=MONDAY)
    assert [(c.staff_id, c.day, c.what) for c in changes] == [
        ("A1", MONDAY, "changed from not planned to Office"),
        ("B2", MONDAY, "changed from not planned to Office"),
        ("A1", MONDAY, "changed from Office to Home"),
    ]
    assert {c.login for c in changes} == {_login(db)}
    sentence = changes[-1].sentence(today=changes[-1].at.date())
    local = changes[-1].at.astimezone()
    by = f" by {_login(db)}" if _login(db) else ""
    assert sentence == (f"changed from Office to Home{by} on {local.day} {local:%b} "
                        f"{local:%H:%M}")


def test_a_persons_history_holds_their_details_days_and_arrangements(db: Database) -> None:
    team_id, version = _team(db)
    arrangement = Adjustment("A1", AdjustmentKind.REDUCED_SHARE, date(2024, 6, 1),
                             share=Fraction(2, 5), reference="RA-0142")
    with db.session() as session:
        version = repo.save_person(session, team_id=team_id, expected_version=version,
                                   person=Person("A1", "Ada Ames", location="Kew"))
        version = repo.replace_adjustments(session, team_id=team_id, staff_id="A1",
                                           adjustments=[arrangement], expected_version=version)
        version = repo.save_person(session, team_id=team_id, expected_version=version,
                                   person=Person("A1", "Ada Ames", location="Kew"))  # no change
        repo.save_cells(session, team_id=team_id, expected_version=version,
                        changes=[("A1", MONDAY, Status.TRAINING)])
    with db.session() as session:
        history = [c.what for c in audit.person_history(session, team_id=team_id,
                                                        staff_id="A1")]
    assert history == [
        "added to the team",
        "changed location from – to Kew",
        "arrangement RA-0142 recorded",
        "changed from not planned to Training",
    ]


def test_locking_and_unlocking_a_day_is_in_its_history_and_the_persons(db: Database) -> None:
    team_id, version = _team(db)
    with db.session() as session:
        version = repo.save_person(session, team_id=team_id, expected_version=version,
                                   person=Person("A1", "Ada Ames"))
        version = repo.save_locks(session, team_id=team_id, expected_version=version,
                                  changes=[("A1", MONDAY, True)])
        repo.save_locks(session, team_id=team_id, expected_version=version,
                        changes=[("A1", MONDAY, False)])
    with db.session() as session:
        person = audit.person_history(session, team_id=team_id, staff_id="A1")
        day = audit.day_history(session, team_id=team_id, day=MONDAY)
    locks = ["locked (Plan… keeps the day as it is)", "unlocked"]
    assert [c.what for c in person][-2:] == locks
    assert [(c.what, c.staff_id, c.day) for c in day] == [(w, "A1", MONDAY) for w in locks]


def test_saving_the_team_records_no_version_noise(db: Database) -> None:
    team_id, version = _team(db)
    with db.session() as session:
        repo.save_cells(session, team_id=team_id, expected_version=version,
                        changes=[("A1", MONDAY, Status.OFFICE)])
        team_rows = session.scalar(select(func.count()).select_from(AuditRow).where(
            AuditRow.table_name == "team"))
    assert team_rows == 1, "the team's creation only; each save's version bump is not news"


def _arrangements(db: Database) -> tuple[int, list[Adjustment]]:
    team_id, version = _team(db)
    old = Adjustment("A1", AdjustmentKind.EXEMPT, date(2015, 1, 1), date(2019, 12, 31),
                     reference="OLD-1")
    recent = Adjustment("A1", AdjustmentKind.REDUCED_SHARE, date(2016, 1, 1),
                        date(2021, 6, 30), share=Fraction(1, 2), reference="RECENT-2")
    open_ended = Adjustment("B2", AdjustmentKind.FIXED_HOME_DAYS, date(2010, 1, 1),
                            weekdays=frozenset({4}), reference="OPEN-3")
    with db.session() as session:
        version = repo.replace_adjustments(session, team_id=team_id, staff_id="A1",
                                           adjustments=[old, recent], expected_version=version)
        version = repo.replace_adjustments(session, team_id=team_id, staff_id="B2",
                                           adjustments=[open_ended], expected_version=version)
        repo.save_cells(session, team_id=team_id, expected_version=version,
                        changes=[("A1", MONDAY, Status.OFFICE)])
    return team_id, [old, recent, open_ended]


def test_a_dry_run_purge_says_what_would_go_and_changes_nothing(db: Database) -> None:
    _arrangements(db)
    before = snapshot(db.url)
    with db.session() as session:
        result = audit.purge(session, today=TODAY, dry_run=True)
    assert (result.cutoff, result.years, result.done) == (date(2020, 12, 1), 6, False)
    assert [(a.staff_id, a.end) for a in result.arrangements] == [("A1", date(2019, 12, 31))]
    assert result.records == 1
    assert audit.describe_purge(result).startswith(
        "Would remove 1 arrangement that ended before Tue 1 Dec 2020 (kept 6 years) and 1 "
        "audit record of arrangements.")
    assert snapshot(db.url) == before


def test_purge_removes_old_arrangements_and_their_record_and_nothing_else(
        db: Database) -> None:
    team_id, (_old, recent, open_ended) = _arrangements(db)
    with db.session() as session:
        result = audit.purge(session, today=TODAY)
        rows = list(session.scalars(select(AuditRow).order_by(AuditRow.id)))
        kept = repo.load_team(session, team_id=team_id).plan.adjustments
    assert result.done
    assert kept == [recent, open_ended]
    texts = [str(r.old_values) + str(r.new_values) for r in rows]
    assert not [t for t in texts if "OLD-1" in t], "no trace of the purged arrangement's terms"
    assert sum("RECENT-2" in t for t in texts) == 1
    assert sum("OPEN-3" in t for t in texts) == 1
    assert any(r.table_name == "rota_month" for r in rows), "the rota's record stays"
    [line] = [r for r in rows if r.action == "purge"]
    assert line.new_values == {"arrangements": 1, "records": 1, "ended_before": "2020-12-01"}


def test_an_arrangement_deleted_long_ago_loses_its_record_too(db: Database) -> None:
    team_id, _arrangements_stored = _arrangements(db)
    with db.session() as session:
        version = repo.load_team(session, team_id=team_id).version
        repo.replace_adjustments(session, team_id=team_id, staff_id="B2", adjustments=[],
                                 expected_version=version)
        # As if the open-ended one had been deleted in 2019 (and its record written then).
        session.connection().execute(text(
            "UPDATE audit SET at = :then WHERE new_values IS NULL AND table_name = 'adjustment'"),
            {"then": "2019-03-01 10:00:00"})
    with db.session() as session:
        result = audit.purge(session, today=TODAY)
        left = list(session.scalars(
            select(AuditRow).where(AuditRow.table_name == "adjustment")))
    assert result.records == 1 + 2  # OLD-1's insert; OPEN-3's insert and delete
    [remaining] = [r for r in left if r.action != "purge"]
    assert (remaining.action, remaining.new_values["reference"]) == ("insert", "RECENT-2")


def test_the_retention_period_is_a_setting(db: Database) -> None:
    _arrangements(db)
    with db.session() as session:
        assert audit.retention_years(session) == audit.DEFAULT_RETENTION_YEARS
        audit.set_retention_years(session, years=4)
        with pytest.raises(StorageError, match="1 to 100 years"):
            audit.set_retention_years(session, years=0)
    with db.session() as session:
        result = audit.purge(session, today=TODAY, dry_run=True)
        count = session.scalar(select(func.count()).select_from(AdjustmentRow))
    assert result.cutoff == date(2022, 12, 1)
    assert [a.end for a in result.arrangements] == [date(2019, 12, 31), date(2021, 6, 30)]
    assert count == 3
