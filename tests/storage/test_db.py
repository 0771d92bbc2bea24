"""Opening a database: where it lives, and a clear message (file untouched) when it cannot."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from deskplan.domain.model import Cell, Status
from deskplan.storage import repository as repo
from deskplan.storage.db import (
    ENVIRONMENT_VARIABLE,
    Database,
    default_database_path,
    resolve_database_url,
    sqlite_url,
)
from deskplan.storage.errors import StorageError
from tests.storage.databases import snapshot


@pytest.fixture
def stored(tmp_path: Path) -> Path:
    """A closed database file holding one team with one planned day."""
    path = tmp_path / "team.sqlite3"
    with Database.open(sqlite_url(path)) as db, db.session() as session:
        team = repo.create_team(session, name="Control Room")
        version = repo.import_people(session, team_id=team.id, expected_version=team.version,
                                     people=[_person("A1")])
        repo.save_cells(session, team_id=team.id, expected_version=version,
                        changes=[("A1", date(2025, 1, 6), Cell.whole(Status.OFFICE))])
    return path


def _person(staff_id: str) -> object:
    from deskplan.domain.model import Person

    return Person(staff_id=staff_id, name=f"Person {staff_id}")


def test_default_database_is_in_the_user_data_folder() -> None:
    path = default_database_path()
    assert path.name == "deskplan.sqlite3"
    assert path.parent.name.lower() == "deskplan"


def test_db_option_beats_environment_beats_default(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENVIRONMENT_VARIABLE, raising=False)
    assert resolve_database_url() == sqlite_url(default_database_path())
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "postgresql+psycopg://u:p@db.example/plans")
    assert resolve_database_url() == "postgresql+psycopg://u:p@db.example/plans"
    assert resolve_database_url(tmp_path / "x.sqlite3") == sqlite_url(tmp_path / "x.sqlite3")
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, str(tmp_path / "shared.sqlite3"))
    assert resolve_database_url() == sqlite_url(tmp_path / "shared.sqlite3")


def test_first_open_creates_the_file_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "deskplan.sqlite3"
    with Database.open(sqlite_url(path)) as db:
        with db.session() as session:
            foreign_keys = session.connection().execute(text("PRAGMA foreign_keys")).scalar()
        assert foreign_keys == 1
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_a_damaged_file_is_refused_untouched(stored: Path) -> None:
    data = bytearray(stored.read_bytes())
    data[1024:4096] = os.urandom(3072)  # scribble over the pages after the header
    stored.write_bytes(bytes(data))
    before = stored.read_bytes()
    with pytest.raises(StorageError, match=f"{stored.name}.*damaged"), \
            Database.open(sqlite_url(stored)) as db, db.session() as session:
        repo.load_team(session, team_id=1)
    assert stored.read_bytes() == before


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_text("staff_id,name\nA1,Ada\n")
    before = path.read_bytes()
    with pytest.raises(StorageError, match=f"{path}.*not a deskplan database"):
        Database.open(sqlite_url(path))
    assert path.read_bytes() == before


def test_another_programs_sqlite_file_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE invoices (id INTEGER)")
        connection.commit()
    before = path.read_bytes()
    with pytest.raises(StorageError, match="another program"):
        Database.open(sqlite_url(path))
    assert path.read_bytes() == before


def test_a_file_from_a_newer_deskplan_is_refused_untouched(stored: Path) -> None:
    with closing(sqlite3.connect(stored)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
        connection.commit()
    before = stored.read_bytes()
    with pytest.raises(StorageError, match=f"{stored}.*newer version of deskplan"):
        Database.open(sqlite_url(stored))
    assert stored.read_bytes() == before
    assert not list(stored.parent.glob("*.bak"))  # nothing to back up: nothing was changed


def test_a_locked_database_gives_a_clear_message_and_keeps_its_data(stored: Path) -> None:
    db = Database.open(sqlite_url(stored), busy_timeout=0.2)
    blocker = sqlite3.connect(stored, isolation_level=None)
    try:
        blocker.execute("BEGIN EXCLUSIVE")  # another program in the middle of writing
        with pytest.raises(StorageError, match=f"{stored}.*locked"), db.session() as session:
            repo.save_cells(session, team_id=1, expected_version=2,
                            changes=[("A1", date(2025, 1, 6), Cell.whole(Status.HOME))])
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    with db.session() as session:
        stored_plan = repo.load_team(session, team_id=1)
    db.close()
    assert list(stored_plan.plan.rota.entries()) == [
        ("A1", date(2025, 1, 6), Cell.whole(Status.OFFICE))]
    assert stored_plan.version == 3


def test_a_locked_old_database_is_not_migrated(tmp_path: Path) -> None:
    from tests.storage.old_schema import create_at_first_revision

    path = tmp_path / "old.sqlite3"
    create_at_first_revision(sqlite_url(path))
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA journal_mode=DELETE")
    before = path.read_bytes()
    blocker = sqlite3.connect(path, isolation_level=None)
    try:
        blocker.execute("BEGIN EXCLUSIVE")
        with pytest.raises(StorageError, match=f"{path}.*locked"):
            Database.open(sqlite_url(path), busy_timeout=0.2)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert path.read_bytes() == before


def _open_in_child(path: Path, *, as_user: str | None) -> str:
    """Open `path` in a forked child (optionally as `as_user`) and return what it reports.

    Forking keeps the modules already imported, so the child needs no access to the
    interpreter's files, only to the database.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        try:
            os.close(read_end)
            if as_user is not None:
                import pwd  # POSIX only, like fork

                account = pwd.getpwnam(as_user)
                os.setgid(account.pw_gid)
                os.setuid(account.pw_uid)
            try:
                Database.open(sqlite_url(path)).close()
                report = "opened"
            except StorageError as error:
                report = str(error)
            os.write(write_end, report.encode())
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        report = pipe.read().decode()
    os.waitpid(pid, 0)
    return report


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork (POSIX)")
def test_a_read_only_file_gives_a_clear_message_and_stays_as_it_was(stored: Path) -> None:
    """As an ordinary user: root may write to any file, so read-only means nothing to it."""
    folder = Path(tempfile.mkdtemp(prefix="deskplan-ro-"))
    try:
        target = folder / "team.sqlite3"
        target.write_bytes(stored.read_bytes())
        target.chmod(0o444)
        folder.chmod(0o755)
        before = target.read_bytes()
        report = _open_in_child(target, as_user="nobody" if os.geteuid() == 0 else None)
        assert str(target) in report
        assert "read-only" in report
        assert target.read_bytes() == before
    finally:
        for child in folder.iterdir():
            child.unlink()
        folder.rmdir()


def test_an_unreachable_server_is_named_without_its_password() -> None:
    url = "postgresql+psycopg://planner:s3cret@127.0.0.1:1/deskplan"
    with pytest.raises(StorageError) as caught:
        Database.open(url)
    assert "planner:***@127.0.0.1:1/deskplan" in str(caught.value)
    assert "s3cret" not in str(caught.value)


def test_a_newer_schema_is_refused_on_every_backend(database_url: str) -> None:
    Database.open(database_url).close()
    with Database.open(database_url) as db, db.session() as session:
        session.connection().execute(text("UPDATE alembic_version SET version_num = '9999'"))
    before = snapshot(database_url)
    with pytest.raises(StorageError, match="newer version of deskplan"):
        Database.open(database_url)
    assert snapshot(database_url) == before


def test_another_programs_tables_are_left_alone_on_every_backend(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE invoices (id INTEGER PRIMARY KEY)"))
    finally:
        engine.dispose()
    before = snapshot(database_url)
    with pytest.raises(StorageError, match="another program"):
        Database.open(database_url)
    assert snapshot(database_url) == before
