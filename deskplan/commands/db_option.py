"""`--db PATH` and `--team-name NAME`: choosing the database and a team stored in it."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

# The storage layer (SQLAlchemy, SQLModel: about a second to import) is imported when a
# command opens a database, not when the command line is built: `deskplan check` on files
# never needs it.
if TYPE_CHECKING:
    from sqlmodel import Session

    from deskplan.storage import repository
    from deskplan.storage.db import Database

#: `deskplan.storage.db.ENVIRONMENT_VARIABLE`, written here so that the help needs no import.
DATABASE_VARIABLE = "DESKPLAN_DATABASE_URL"


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", type=Path, metavar="PATH",
        help=f"SQLite database file (default: ${DATABASE_VARIABLE}, else the file in your "
        "user data folder)",
    )


def open_database(args: argparse.Namespace) -> Database:
    from deskplan.storage.db import Database, resolve_database_url

    return Database.open(resolve_database_url(args.db))


def stored_team(session: Session, name: str) -> repository.TeamSummary:
    """The team called `name`, or an error listing the teams there are."""
    from deskplan.storage import repository
    from deskplan.storage.errors import StorageError

    team = repository.find_team(session, name=name)
    if team is None:
        names = ", ".join(repr(t.name) for t in repository.list_teams(session)) or "none yet"
        raise StorageError(f"there is no team called {name!r} in the database (teams: {names}); "
                           f"import its team list first: deskplan import team FILE "
                           f"--team-name {name!r}")
    return team
