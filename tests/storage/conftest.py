"""Every storage test runs on SQLite and on PostgreSQL: see `tests.storage.databases`."""

from tests.storage.databases import database_url, db

__all__ = ["database_url", "db"]
