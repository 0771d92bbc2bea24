"""`deskplan admin`: roles, managers and HR on the organisation's PostgreSQL database, and the
purge of arrangements whose retention time is over.

Every subcommand changes PostgreSQL's own roles and the rows its row-level security policies
read; none of it is a permission check inside deskplan, so it holds for psql too.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from deskplan.commands.common import EXIT_OK
from deskplan.commands.db_option import add_db_argument, open_database
from deskplan.storage import audit, organisation, security


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "admin", help="roles, managers, HR and retention on a shared database",
        description="Set up and manage who may see what on the organisation's PostgreSQL "
        "database (DESKPLAN_DATABASE_URL), and purge old arrangements.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    init = actions.add_parser(
        "init", help="create the schema, the roles and the row-level security policies",
        description="Run once by the first administrator (a login that may create roles), "
        "on an empty or existing deskplan database; running it again brings the policies and "
        "grants up to date and upgrades the schema.")
    init.add_argument("--role-prefix", default=security.DEFAULT_ROLE_PREFIX, metavar="PREFIX",
                      help="start of the group roles' names (default: %(default)s, giving "
                      "deskplan_admin, deskplan_manager, deskplan_hr, deskplan_hr_arrangements)")
    init.set_defaults(run=run_init)

    add = actions.add_parser("add-manager", help="let a login read and change a team",
                             description="The login is created (without a password) if it "
                             "does not exist yet.")
    add.add_argument("login")
    add.add_argument("--team", required=True, metavar="NAME")
    add.set_defaults(run=run_add_manager)

    remove = actions.add_parser("remove-manager", help="stop a login managing a team")
    remove.add_argument("login")
    remove.add_argument("--team", metavar="NAME", help="one team (default: every team)")
    remove.set_defaults(run=run_remove_manager)

    grant = actions.add_parser(
        "grant-hr", help="let a login read every team (HR)",
        description="HR reads every team and the organisation overview; arrangement details "
        "(kind, terms, reference) only with --arrangements. Granting again without it takes "
        "the details away.")
    grant.add_argument("login")
    grant.add_argument("--arrangements", action="store_true",
                       help="also read every team's arrangements and their audit record")
    grant.set_defaults(run=run_grant_hr)

    revoke = actions.add_parser("revoke-hr", help="take HR access away from a login")
    revoke.add_argument("login")
    revoke.set_defaults(run=run_revoke_hr)

    listing = actions.add_parser("list", help="who is an administrator, HR or a manager")
    listing.set_defaults(run=run_list)

    purge = actions.add_parser(
        "purge", help="delete arrangements (and their audit detail) long after they ended",
        description="Deletes arrangements that ended more than the retention period ago "
        "(deskplan admin retention; default 6 years), and every audit record of them, in one "
        "transaction. Nothing else is touched.")
    purge.add_argument("--dry-run", action="store_true", help="say what would go; delete nothing")
    purge.add_argument("--years", type=int, metavar="N",
                       help="keep N years this time instead of the stored retention period")
    purge.set_defaults(run=run_purge)

    retention = actions.add_parser("retention", help="show or set how long arrangements are "
                                   "kept after they end")
    retention.add_argument("years", type=int, nargs="?", metavar="YEARS")
    retention.set_defaults(run=run_retention)

    for action in (init, add, remove, grant, revoke, listing, purge, retention):
        add_db_argument(action)


def _report(lines: list[str]) -> int:
    for line in lines:
        print(line)
    return EXIT_OK


def run_init(args: argparse.Namespace) -> int:
    with open_database(args) as db, db.session() as session:
        return _report(organisation.init_organisation(session, prefix=args.role_prefix))


def run_add_manager(args: argparse.Namespace) -> int:
    with open_database(args) as db, db.session() as session:
        team_id = organisation.team_id_named(session, args.team)
        return _report(organisation.add_manager(session, login=args.login, team_id=team_id))


def run_remove_manager(args: argparse.Namespace) -> int:
    with open_database(args) as db, db.session() as session:
        team_id = organisation.team_id_named(session, args.team) if args.team else None
        return _report(organisation.remove_manager(session, login=args.login, team_id=team_id))


def run_grant_hr(args: argparse.Namespace) -> int:
    with open_database(args) as db, db.session() as session:
        return _report(organisation.grant_hr(session, login=args.login,
                                             arrangements=args.arrangements))


def run_revoke_hr(args: argparse.Namespace) -> int:
    with open_database(args) as db, db.session() as session:
        return _report(organisation.revoke_hr(session, login=args.login))


def run_list(args: argparse.Namespace) -> int:
    with open_database(args) as db, db.session() as session:
        members = organisation.members(session)
    lines = ["Administrators: " + (", ".join(members.admins) or "none")]
    lines.append("HR:" if members.hr else "HR: none")
    lines += [f"  {login} ({'with' if details else 'without'} arrangement details)"
              for login, details in members.hr.items()]
    lines.append("Managers:" if members.managers else "Managers: none")
    lines += [f"  {login}: {', '.join(teams)}" for login, teams in members.managers.items()]
    return _report(lines)


def run_purge(args: argparse.Namespace) -> int:
    with open_database(args) as db, db.session() as session:
        result = audit.purge(session, today=date.today(), years=args.years,
                             dry_run=args.dry_run)
    return _report([audit.describe_purge(result)])


def run_retention(args: argparse.Namespace) -> int:
    with open_database(args) as db, db.session() as session:
        if args.years is not None:
            audit.set_retention_years(session, years=args.years)
        years = audit.retention_years(session)
    return _report([f"Arrangements are kept {years} years after they end, then purged by "
                    "deskplan admin purge."])
