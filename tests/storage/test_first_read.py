"""The window's first read (`deskplan.storage.first_read`, the standard sqlite3 module alone)
builds the very plans `repository.load_team` builds, and gives way, changing nothing, wherever
the file is not a current deskplan database it could simply read."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from contextlib import closing
from datetime import date
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from deskplan.domain.model import (
    Adjustment,
    AdjustmentKind,
    Cell,
    Nation,
    Person,
    Status,
    Terms,
    WorkingPattern,
)
from deskplan.domain.plan import Plan
from deskplan.domain.policy import (
    Anchor,
    CoverageRule,
    Location,
    Measure,
    PeriodKind,
    Policy,
    Rule,
)
from deskplan.storage import first_read
from deskplan.storage import repository as repo
from deskplan.storage.db import ENVIRONMENT_VARIABLE, Database, resolve_database_url, sqlite_url
from deskplan.storage.first_read import open_current, sqlite_file
from deskplan.storage.migrations import REVISIONS
from deskplan.storage.operations import ImportArrangements, SavePeople, SetCells, SetLocks

TODAY = date(2025, 3, 12)
POLICY = Policy(
    rules=(Rule(Fraction(11, 20), category="support", location="Cardiff",
                starts=date(2025, 1, 1), ends=date(2025, 12, 31)),
           Rule(Fraction(3, 5), category="operational"), Rule(Fraction(1, 2))),
    period=PeriodKind.MONTH, effective_from=date(2025, 1, 6),
    training_counts_as_office=False, default_nation=Nation.WALES,
    locations=(Location("Cardiff", 12, "CDF"), Location("Swansea", None)),
    coverage=(CoverageRule("Call handler", 2, frozenset({0, 2, 4})),),
    role_map={"Call handler": "operational", "HR advisor": "support"},
    closures=frozenset({date(2025, 12, 24)}),
    working_bank_holidays=frozenset({date(2025, 5, 5)}),
    measure=Measure.DAYS, round_to=Fraction(1, 2), business_counts_as_office=False,
    full_time_seconds=129_600, anchors=(Anchor(frozenset({1}), category="support"),),
)


def _people() -> list[Person]:
    support = Terms("HR advisor", "support", "Cardiff", Nation.WALES,
                    WorkingPattern.from_days([0, 1, 2], [27000]))
    moved = Terms("Call handler", None, "Swansea", Nation.SCOTLAND,
                  WorkingPattern.from_roster("WW--", [43200], date(2025, 1, 6)), True)
    return [
        Person.of_terms("A1", "Ada Ames", moved, start_date=date(2020, 5, 1),
                        since=date(2025, 2, 3), earlier=((None, support),)),
        Person("B2", "Ben Bell", role="Call handler", location="Cardiff", nation=Nation.WALES,
               end_date=date(2025, 2, 28)),
        Person("C3", "Cy Cole", role="Team lead", location="Cardiff",
               pattern=WorkingPattern.from_weeks([[0, 1, 2, 3, 4], [0, 1, 2]], [[27000]],
                                                 cycle_start=date(2025, 1, 6))),
    ]


def _rich_database(path: Path) -> Database:
    """The demo organisation, and a team with every part a plan can hold: a full policy,
    record history, a leaver, a roster, half days at other sites, locks, arrangements."""
    db = Database.open(sqlite_url(path))
    with db.session() as session:
        repo.create_demo(session, today=TODAY)
        team = repo.create_team(session, name="Wales Desk", policy=POLICY)
        version = SavePeople(tuple(_people())).write(session, team.id, team.version).version
        cells = [("A1", date(2025, 1, 6), Status.OFFICE), ("A1", date(2025, 3, 31), Status.HOME),
                 ("B2", date(2025, 1, 7), Cell(Status.OFFICE, Status.HOME, "Swansea", None)),
                 ("C3", date(2024, 12, 30), Cell(Status.LEAVE, Status.OFFICE, None, "Swansea"))]
        version = SetCells.of(cells).write(session, team.id, version).version
        version = SetLocks((("A1", date(2025, 1, 6), True),)).write(
            session, team.id, version).version
        ImportArrangements((
            Adjustment("A1", AdjustmentKind.REDUCED_SHARE, date(2025, 1, 1),
                       end=date(2025, 6, 30), review_date=date(2025, 4, 1),
                       share=Fraction(2, 5), reference="RA-1", approver="J. Smith"),
            Adjustment("C3", AdjustmentKind.FIXED_HOME_DAYS, date(2025, 2, 1),
                       weekdays=frozenset({4})),
        )).write(session, team.id, version)
    return db


def _same_plan(quick: Plan, full: Plan) -> None:
    assert quick.name == full.name
    assert quick.people == full.people
    assert quick.policy == full.policy
    assert quick.adjustments == full.adjustments
    assert quick.locked == full.locked
    assert quick.rota.staff_ids == full.rota.staff_ids
    assert quick.rota._origin == full.rota._origin
    assert np.array_equal(quick.rota._cells, full.rota._cells)
    assert quick.rota._sites == full.rota._sites


def test_the_first_read_builds_what_the_repository_loads(tmp_path: Path) -> None:
    path = tmp_path / "deskplan.sqlite3"
    db = _rich_database(path)
    reader = open_current(path)
    assert reader is not None
    try:
        with db.session() as session:
            teams = repo.list_teams(session)
            assert [(t.id, t.name, t.people, t.version) for t in teams] == [
                (t.id, t.name, t.people, t.version) for t in reader.list_teams()]
            for team in teams:
                stored = repo.load_team(session, team_id=team.id)
                version, plan = reader.load_team(team.id)
                assert version == stored.version
                _same_plan(plan, stored.plan)
        assert len(teams) == 4
        assert any(p.earlier for p in plan.people)
        assert plan.rota._sites
        assert plan.locked
    finally:
        reader.close()
        db.close()


def test_a_missing_team_is_named_as_the_repository_names_it(tmp_path: Path) -> None:
    path = tmp_path / "deskplan.sqlite3"
    Database.open(sqlite_url(path)).close()
    reader = open_current(path)
    assert reader is not None
    with closing(reader), pytest.raises(Exception, match="there is no team number 7"):
        reader.load_team(7)


def _digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def _stamp(path: Path, revision: str) -> None:
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("UPDATE alembic_version SET version_num = ?", (revision,))


@pytest.mark.parametrize("case", ["missing", "empty", "not sqlite", "another program's",
                                  "older schema", "newer schema", "read-only", "damaged"])
def test_anything_but_a_current_file_gives_way_and_changes_nothing(tmp_path: Path,
                                                                   case: str) -> None:
    path = tmp_path / "deskplan.sqlite3"
    if case == "empty":
        path.touch()
    elif case == "not sqlite":
        path.write_text("Employee ID,Name\n")
    elif case == "another program's":
        with closing(sqlite3.connect(path)) as connection:
            connection.execute("CREATE TABLE notes (body TEXT)")
    elif case != "missing":
        _rich_database(path).close()
        if case == "older schema":
            _stamp(path, REVISIONS[-2])
        elif case == "newer schema":
            _stamp(path, "9999")
        elif case == "read-only":
            path.chmod(0o444)
        elif case == "damaged":
            with path.open("r+b") as handle:
                handle.seek(100)
                handle.write(b"\xff" * 4000)
    before = _digest(path)
    try:
        if case == "read-only" and os.access(path, os.W_OK):
            pytest.skip("running as a user who may write to any file")
        reader = open_current(path)
        if reader is not None:  # damage the header check cannot see shows in the first read
            with closing(reader), pytest.raises(sqlite3.DatabaseError):
                reader.load_team(reader.list_teams()[0].id)
        else:
            assert reader is None
        assert _digest(path) == before
        assert not path.with_name(path.name + "-journal").exists()
    finally:
        if path.exists():
            path.chmod(0o644)


def test_a_file_another_program_is_writing_gives_way_without_waiting(tmp_path: Path) -> None:
    path = tmp_path / "deskplan.sqlite3"
    _rich_database(path).close()
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA journal_mode=DELETE")
    before = _digest(path)
    with closing(sqlite3.connect(path, isolation_level=None)) as writer:
        writer.execute("BEGIN EXCLUSIVE")
        assert open_current(path) is None
        writer.execute("ROLLBACK")
    assert _digest(path) == before


@pytest.mark.parametrize(("db_path", "variable", "preferred"), [
    (Path("team.sqlite3"), "elsewhere.sqlite3", "mine.sqlite3"),
    (Path("~/team.sqlite3"), "", ""),
    (None, "shared/team.sqlite3", "mine.sqlite3"),
    (None, "", "~/mine.sqlite3"),
    (None, "", ""),
])
def test_the_file_read_first_is_the_file_the_window_opens(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, db_path: Path | None,
        variable: str, preferred: str) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, variable)
    assert first_read.ENVIRONMENT_VARIABLE == ENVIRONMENT_VARIABLE
    quick = sqlite_file(db_path, preferred)
    assert quick is not None
    assert sqlite_url(quick) == resolve_database_url(db_path, preferred)


def test_a_database_address_is_left_to_the_full_open(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "postgresql+psycopg://me@server/deskplan")
    assert sqlite_file(None, "") is None
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "")
    assert sqlite_file(None, "sqlite:////tmp/x.sqlite3") is None
