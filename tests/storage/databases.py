"""Database fixtures: tests run against SQLite and, when `DESKPLAN_TEST_POSTGRES_URL` is set
(CI always sets it), a real PostgreSQL server. Each PostgreSQL test gets a schema of its own,
so runs on a shared server cannot see each other's rows."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from deskplan.storage.db import Database, sqlite_url

POSTGRES_VARIABLE = "DESKPLAN_TEST_POSTGRES_URL"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield sqlite_url(tmp_path / "deskplan.sqlite3")
        return
    base = os.environ.get(POSTGRES_VARIABLE)
    if not base:
        pytest.skip(f"{POSTGRES_VARIABLE} is not set")
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database.open(database_url)
    yield database
    database.close()


def snapshot(url: str) -> object:
    """What "unchanged" means: a SQLite file's bytes, or every row of every PostgreSQL table."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database or "")
        wal = path.with_name(path.name + "-wal")
        return path.read_bytes(), wal.read_bytes() if wal.exists() else b""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return {
                table: sorted(map(tuple, connection.execute(text(f'SELECT * FROM "{table}"'))),
                              key=repr)
                for table in sorted(inspect(connection).get_table_names())
            }
    finally:
        engine.dispose()
