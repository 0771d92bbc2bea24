"""A database written by an earlier deskplan opens in this one with every row intact."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

from deskplan.domain.model import Adjustment, AdjustmentKind, Cell, Nation, Status, WorkingPattern
from deskplan.domain.policy import CoverageRule, Location, PeriodKind, Rule
from deskplan.storage import repository as repo
from deskplan.storage.db import Database, head_revision
from tests.storage.old_schema import (
    FIRST_REVISION,
    create_at_first_revision,
    create_at_revision_0004_with_triggers,
)


def test_an_old_database_upgrades_with_nothing_lost(database_url: str) -> None:
    create_at_first_revision(database_url)
    with Database.open(database_url) as db, db.session() as session:
        revision = session.connection().execute(
            text("SELECT version_num FROM alembic_version")).scalar_one()
        stored = repo.load_team(session, team_id=7)
        backup = db.backup_path
    assert revision == head_revision() != FIRST_REVISION
    plan = stored.plan
    assert (plan.name, stored.version) == ("Control Room", 4)
    assert plan.policy.period is PeriodKind.MONTH
    assert plan.policy.effective_from == date(2025, 1, 6)
    assert plan.policy.training_counts_as_office is False
    assert plan.policy.default_nation is Nation.WALES
    assert plan.policy.rules == (Rule(Fraction(3, 5), category="support"),)
    assert plan.policy.locations == (Location("Cardiff", 10),)
    assert plan.policy.coverage == (CoverageRule("Payroll officer", 1, frozenset(range(5))),)
    assert plan.policy.role_map == {"HR advisor": "support"}
    [person] = plan.people
    assert (person.staff_id, person.name, person.role, person.location) == (
        "HF001", "Ada Ames", "HR advisor", "Cardiff")
    assert person.pattern == WorkingPattern.from_days([0, 1, 2], [27000])
    # Their contract became the first record of their timeline, in force from the start.
    assert (person.since, person.earlier, person.bank_holidays_worked) == (None, (), False)
    assert person.timeline() == [(None, person.terms)]
    assert person.start_date == date(2024, 4, 1)
    assert sorted(plan.rota.entries()) == [
        ("HF001", date(2025, 1, 6), Cell.whole(Status.OFFICE)),
        ("HF001", date(2025, 1, 7), Cell.whole(Status.OFFICE)),
        ("HF001", date(2025, 1, 8), Cell.whole(Status.HOME)),
        ("HF001", date(2025, 1, 14), Cell.whole(Status.OFFICE)),
        ("HF001", date(2025, 1, 15), Cell.whole(Status.OFFICE)),
        ("HF001", date(2025, 1, 16), Cell.whole(Status.LEAVE)),
    ]
    assert plan.adjustments == [Adjustment(
        "HF001", AdjustmentKind.REDUCED_SHARE, date(2024, 6, 1), review_date=date(2025, 6, 1),
        share=Fraction(2, 5), reference="RA-0142", approver="")]
    if make_url(database_url).get_backend_name() == "sqlite":
        assert backup is not None
        assert backup.name.startswith("deskplan.sqlite3.schema-0001-")
        assert backup.read_bytes()[:16] == b"SQLite format 3\x00"


def test_a_database_with_the_audit_triggers_of_an_earlier_version_upgrades(
        tmp_path: Path) -> None:
    # Revision 0005 rebuilds `person`; SQLite refuses while a trigger names it, so the
    # triggers go before the migrations and come back for the new schema after them.
    url = f"sqlite:///{tmp_path / 'deskplan.sqlite3'}"
    create_at_revision_0004_with_triggers(url)
    with Database.open(url) as db, db.session() as session:
        connection = session.connection()
        revision = connection.execute(text("SELECT version_num FROM alembic_version")
                                      ).scalar_one()
        triggers = connection.execute(text(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")).scalar_one()
        [person] = repo.load_team(session, team_id=7).plan.people
        repo.save_cells(session, team_id=7, changes=[
            ("HF001", date(2025, 1, 20), Cell.whole(Status.OFFICE))], expected_version=4)
        audited = connection.execute(text(
            "SELECT count(*) FROM audit WHERE table_name = 'rota_month'")).scalar_one()
    assert revision == head_revision()
    assert person.timeline() == [(None, person.terms)]
    assert triggers > 1
    assert audited == 1  # the triggers of this version record the change


def test_the_upgraded_schema_takes_the_new_fields(database_url: str) -> None:
    create_at_first_revision(database_url)
    arrangement = Adjustment("HF001", AdjustmentKind.EXEMPT, date(2025, 2, 1),
                             approver="Occupational health lead")
    with Database.open(database_url) as db, db.session() as session:
        repo.replace_adjustments(session, team_id=7, staff_id="HF001",
                                 adjustments=[arrangement], expected_version=4)
        assert repo.load_team(session, team_id=7).plan.adjustments == [arrangement]


def test_the_newest_migration_matches_the_models(tmp_path: Path) -> None:
    """Models and migrations are written separately; this keeps them saying the same thing."""
    url = f"sqlite:///{tmp_path / 'head.sqlite3'}"
    Database.open(url).close()
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, SQLModel.metadata) == []
    finally:
        engine.dispose()


def test_revisions_lists_every_migration_in_order() -> None:
    from alembic.script import ScriptDirectory

    from deskplan.storage.db import alembic_config
    from deskplan.storage.migrations import REVISIONS

    script = ScriptDirectory.from_config(alembic_config())
    assert tuple(reversed([s.revision for s in script.walk_revisions()])) == REVISIONS
    assert script.get_current_head() == REVISIONS[-1]


def test_the_window_starts_without_loading_alembic(tmp_path: Path) -> None:
    import subprocess
    import sys

    from deskplan.storage.db import Database, sqlite_url

    url = sqlite_url(tmp_path / "current.sqlite3")
    Database.open(url).close()  # created (and so migrated) once
    probe = ("import sys; from deskplan.storage.db import Database; "
             f"Database.open({url!r}).close(); print('alembic' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "False"


def _structure(path: Path) -> dict[str, object]:
    """Everything SQLite says about a file's schema: each table's columns in order (type, not
    null, default, key), indexes with their columns, foreign keys with their actions, the
    triggers' SQL, and the stamped revision."""
    import sqlite3
    from contextlib import closing

    found: dict[str, object] = {}
    with closing(sqlite3.connect(path)) as connection:
        for kind, name, table, sql in connection.execute(
                "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"):
            if kind == "table":
                found[name] = (
                    connection.execute(f'PRAGMA table_info("{name}")').fetchall(),
                    sorted((i[1], i[2], i[3], i[4], tuple(c[2] for c in connection.execute(
                        f'PRAGMA index_info("{i[1]}")')))
                        for i in connection.execute(f'PRAGMA index_list("{name}")')),
                    sorted(connection.execute(f'PRAGMA foreign_key_list("{name}")')))
            else:
                found[f"{kind} {name}"] = (table, sql)
        found["revision"] = connection.execute("SELECT * FROM alembic_version").fetchall()
    return found


def test_a_new_database_made_from_the_models_is_the_one_the_migrations_build(
        tmp_path: Path) -> None:
    from deskplan.storage import db

    migrated, created = tmp_path / "migrated.sqlite3", tmp_path / "created.sqlite3"
    db._migrate(db._sqlite_engine(make_url(db.sqlite_url(migrated)), 5, immediate=True),
                str(migrated))
    Database.open(db.sqlite_url(created)).close()
    assert _structure(created) == _structure(migrated)
    assert len([k for k in _structure(created) if k.startswith("trigger ")]) > 30
    assert _structure(created)["revision"] == [(head_revision(),)]


def test_a_new_database_is_made_without_loading_alembic(tmp_path: Path) -> None:
    import subprocess
    import sys

    from deskplan.storage.db import sqlite_url

    url = sqlite_url(tmp_path / "new.sqlite3")
    probe = ("import sys; from deskplan.storage.db import Database; "
             f"Database.open({url!r}).close(); print('alembic' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "False"
