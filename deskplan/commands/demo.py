"""`deskplan demo`: store the demo organisation, so every feature has something to show."""

from __future__ import annotations

import argparse
from typing import Any

from deskplan.commands.common import EXIT_OK
from deskplan.commands.db_option import add_db_argument, open_database
from deskplan.storage import repository


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "demo", help="add the demo organisation to the database",
        description="Add three demo teams (England, Wales, Scotland) with part-timers, "
        "compressed hours, arrangements of each kind and a few weeks of rota around today, some "
        "conflicts left in. Teams whose names are already taken are left alone.",
    )
    add_db_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with open_database(args) as db:
        with db.session() as session:
            created = repository.create_demo(session)
        where = db.where
    if not created:
        print(f"The demo teams are already in {where}; nothing was added.")
        return EXIT_OK
    print(f"Added {len(created)} demo teams to {where}:")
    for team in created:
        print(f"  {team.name}: {team.people} people")
    print("Try: deskplan check --team-name " + repr(created[0].name))
    return EXIT_OK
