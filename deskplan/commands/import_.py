"""`deskplan import`: team lists, rotas, arrangements and policies into the database.

Every file is read and checked completely before the database is touched, and each import is
one transaction, written by the same operations the window uses (`deskplan.storage.operations`):
a file with problems changes nothing (unless the user asks for the valid rows of a team list),
and neither does a failure half-way through saving.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from deskplan.commands import attendance
from deskplan.commands.common import EXIT_OK, date_arg
from deskplan.commands.db_option import add_db_argument, open_database, stored_team
from deskplan.domain.calendar import describe_day
from deskplan.domain.errors import InputError, Problem
from deskplan.domain.model import Adjustment, Person
from deskplan.domain.policy import Policy
from deskplan.interchange.adjustments_file import read_adjustments
from deskplan.interchange.headers import TEAM_FIELDS
from deskplan.interchange.plan_files import read_rota_file, read_table
from deskplan.interchange.policy_changes import removed_parts
from deskplan.interchange.policy_file import read_policy
from deskplan.interchange.team_import import (
    TeamImport,
    plan_team_import,
    read_team_list,
    too_many_leavers,
)
from deskplan.storage import repository
from deskplan.storage.operations import (
    Batch,
    ImportArrangements,
    Operation,
    SavePeople,
    SavePolicy,
    SavePreferences,
    SetCells,
)

#: How many people each section of the report names before it just counts the rest.
LISTED = 50

T = TypeVar("T")


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "import", help="import a team list, rota, arrangements or policy into the database",
        description="Import files into the database. Each file is checked completely first; "
        "a file with problems changes nothing.",
    )
    kinds = parser.add_subparsers(dest="kind", metavar="WHAT", required=True)

    team = kinds.add_parser(
        "team", help="add or update people from a team list (CSV, XLSX, XLS or ODS)",
        description="Add new people and update existing ones (matched by staff id) from an HR "
        "export or team list. Nobody is deleted and no rota history is touched; people missing "
        "from the file are listed as possible leavers and marked as left only with "
        "--mark-leavers. The team is created if it does not exist.",
    )
    _common_arguments(team, "team list")
    team.add_argument("--map", action="append", type=_column_mapping, default=[],
                      metavar="COLUMN=FIELD",
                      help=f"read COLUMN as FIELD (one of: {', '.join(TEAM_FIELDS)}); repeatable")
    team.add_argument("--changes-from", type=date_arg, metavar="DATE",
                      help="the day changes to people's contracts (pattern, site, role...) "
                      "apply from, when the file has no effective_from column (default: "
                      "today; the past is never rewritten)")
    team.add_argument("--mark-leavers", action="store_true",
                      help="record people missing from the file as having left")
    team.add_argument("--last-day", type=date_arg, metavar="DATE",
                      help="the leavers' last day with --mark-leavers (default: today)")
    team.add_argument("--force", action="store_true",
                      help="with --mark-leavers, mark the leavers even if they are more than "
                      "half the team")
    team.add_argument("--valid-rows-only", action="store_true",
                      help="import the rows without problems even if other rows have some")
    team.set_defaults(run=run_team)

    rota = kinds.add_parser(
        "rota", help="set rota days from a long or wide rota (CSV, XLSX, XLS or ODS)",
        description="Set the days a rota gives (long form: staff_id, date, status; wide form: "
        "staff_id then one column per date). Days the file leaves empty keep what is stored.",
    )
    _common_arguments(rota, "rota")
    rota.set_defaults(run=run_rota)

    adjustments = kinds.add_parser(
        "adjustments", help="add individual arrangements (CSV, XLSX, XLS or ODS)",
        description="Add reasonable adjustments and flexible-working arrangements. One already "
        "stored for the same person, kind and start date is replaced by the file's.",
    )
    _common_arguments(adjustments, "arrangements file", team_required=False)
    adjustments.set_defaults(run=run_adjustments)

    policy = kinds.add_parser(
        "policy", help="replace a team's policy with a policy file (TOML)",
        description="Replace the team's policy (rules, period, locations, coverage, role map) "
        "with the one in a policy file.",
    )
    policy.add_argument("file", type=Path, help="policy file (TOML)")
    policy.add_argument("--team-name", required=True, metavar="NAME")
    policy.add_argument("--dry-run", action="store_true", help="check the file, write nothing")
    policy.add_argument("--replace", action="store_true",
                        help="confirm that parts of the stored policy the file does not have "
                        "(role map titles, sites and desks, cover, rules, calendar days) are "
                        "removed")
    add_db_argument(policy)
    policy.set_defaults(run=run_policy)
    attendance.register_import(kinds, _column_mapping)


def _common_arguments(
    parser: argparse.ArgumentParser, what: str, *, team_required: bool = True
) -> None:
    parser.add_argument("file", type=Path, help=f"{what} (CSV, XLSX, XLS or ODS)")
    parser.add_argument("--team-name", required=team_required, metavar="NAME",
                        help="the team in the database" if team_required else
                        "the team in the database (default: each person's own team)")
    parser.add_argument("--sheet", help="worksheet of a workbook, .xlsx, .xls or .ods "
                        "(default: the first; for a rota, every sheet with a staff id column, "
                        "as in an exported workbook)")
    parser.add_argument("--dry-run", action="store_true",
                        help="show what would change, write nothing")
    add_db_argument(parser)


def _column_mapping(text: str) -> tuple[str, str]:
    column, separator, field = text.rpartition("=")
    if not separator or not column.strip() or not field.strip():
        raise argparse.ArgumentTypeError(f"{text!r}: write it as COLUMN=FIELD, e.g. Grade=role")
    return column.strip(), field.strip().lower().replace(" ", "_").replace("-", "_")


# --- team -------------------------------------------------------------------------------------
def run_team(args: argparse.Namespace) -> int:
    incoming = read_team_list(args.file, sheet=args.sheet, overrides=dict(args.map))
    today = date.today()
    last_day = args.last_day or today
    with open_database(args) as db:
        with db.session() as session:
            team = repository.find_team(session, name=args.team_name)
            stored = repository.load_team(session, team_id=team.id) if team else None
            preferences = repository.load_preferences(session, team_id=team.id) if team \
                else {}
        existing = stored.plan.people if stored else []
        result = plan_team_import(existing, incoming, stored.plan.policy if stored else
                                  Policy.default(), today, args.changes_from,
                                  preferences=preferences)
        leavers = _leavers(result, last_day) if args.mark_leavers else {}
        if leavers and not args.force and (why := too_many_leavers(existing, len(leavers),
                                                                   today)):
            raise InputError([Problem(f"{why} Nothing was written; if they really have all "
                                      "left, rerun with --force", file=args.file.name)])
        blocked = bool(result.problems) and not args.valid_rows_only
        write = not args.dry_run and not blocked and (
            stored is None or result.to_save or leavers or result.preferences)
        version = stored.version if stored else None
        if write:
            # The people first: a new person's preferences need them stored.
            operation: Operation = SavePeople(tuple(result.to_save), tuple(leavers.items()))
            if result.preferences:
                operation = Batch((operation, SavePreferences(
                    tuple(c.after for c in result.preferences),
                    tuple(c.before for c in result.preferences))))
            with db.session() as session:
                if team is None:
                    team = repository.create_team(session, name=args.team_name)
                version = operation.write(session, team.id, team.version).version
    name = team.name if team else args.team_name
    print(format_team_import(args, name, result, leavers, last_day, new_team=stored is None))
    if blocked:
        print("\nNothing was written because of the problems below. Fix them, or rerun with "
              "--valid-rows-only to import the other rows.")
        raise InputError(result.problems)
    if args.dry_run:
        print("\nDry run: nothing was written.")
    elif write:
        print(f"\nSaved. Team {name!r} is now at version {version}.")
    else:
        print("\nNothing to change.")
    return EXIT_OK


def _leavers(result: TeamImport, last_day: date) -> dict[str, date]:
    """The possible leavers with `last_day` as their last day, if that can be true of them."""
    found = {}
    for person in result.possible_leavers:
        if person.start_date and last_day < person.start_date:
            result.problems.append(Problem(
                f"{person.staff_id} {person.name} started on {person.start_date.isoformat()}, "
                f"after the last day {last_day.isoformat()}; give --last-day"))
        else:
            found[person.staff_id] = last_day
    return found


def format_team_import(
    args: argparse.Namespace, team_name: str, result: TeamImport, leavers: dict[str, date],
    last_day: date, *, new_team: bool,
) -> str:
    where = f"{args.file.name}" + (f", sheet {args.sheet!r}" if args.sheet else "")
    team = f"team {team_name!r}" + (" (a new team)" if new_team else "")
    counts = [
        _count(len(result.added), "to add"), _count(len(result.updated), "to update"),
        _count(len(result.unchanged), "unchanged"),
        _count(len(result.possible_leavers), "possible leaver", "possible leavers"),
        _count(len(result.unclassified), "unclassified"),
        _count(len(result.problems), "problem", "problems"),
    ]
    if result.preferences:
        counts.insert(-1, _count(len(result.preferences), "preference change",
                                 "preference changes"))
    lines = [f"Importing {where} into {team}.", ", ".join(counts) + "."]
    _section(lines, "Added", result.added, lambda p: f"+ {_who(p)}" + (
        f" ({p.role})" if p.role else ""))
    _section(lines, "Current again (listed in the file, so no longer recorded as left)",
             result.returning, lambda p: f"↺ {_who(p)}")
    _section(lines, "Updated", result.updated,
             lambda c: f"~ {_who(c.after)}: {', '.join(a.replace('_', ' ') for a in c.changed)}"
             + (f" (from {describe_day(c.since)})" if c.since else ""))
    listed = {p.staff_id: p for p in [*result.added, *result.unchanged,
                                      *(c.after for c in result.updated)]}
    _section(lines, "Standing preferences (the file's replace what was stored)",
             result.preferences, lambda c: f"~ {_who(listed[c.after.staff_id])}: "
             + (c.after.describe() or "no preference")
             + (f" (was: {c.before.describe()})" if not c.before.is_empty else ""))
    if leavers:
        _section(lines, f"Marked as left on {describe_day(last_day)}",
                 [p for p in result.possible_leavers if p.staff_id in leavers],
                 lambda p: f"- {_who(p)}")
    else:
        _section(lines, "Possible leavers (in the team, not in the file; rerun with "
                 "--mark-leavers to record them as left)", result.possible_leavers,
                 lambda p: f"? {_who(p)}")
    titles: dict[str, list[Person]] = {}
    for person in result.unclassified:
        titles.setdefault(person.role, []).append(person)
    _section(lines, "Unclassified job titles (imported without a category; add the title to "
             "the team's role map, or give a category column)", sorted(titles.items()),
             lambda item: f"⚠ {item[0] or '(no job title)'!r}: "
             + ", ".join(p.staff_id for p in item[1][:10])
             + (f" and {len(item[1]) - 10} more" if len(item[1]) > 10 else ""))
    if result.problems and args.valid_rows_only:
        _section(lines, "Rows left out", result.problems, lambda p: f"✖ {p}")
    return "\n".join(lines)


def _section(lines: list[str], heading: str, items: Sequence[T],
             describe: Callable[[T], str]) -> None:
    if not items:
        return
    lines += ["", f"{heading}:"]
    lines += [f"  {describe(item)}" for item in items[:LISTED]]
    if len(items) > LISTED:
        lines.append(f"  … and {len(items) - LISTED:,} more")


def _who(person: Person) -> str:
    return f"{person.staff_id} {person.name}"


def _count(number: int, singular: str, plural: str | None = None) -> str:
    return f"{number:,} {singular if number == 1 else plural or singular}"


# --- rota, arrangements, policy ---------------------------------------------------------------
def run_rota(args: argparse.Namespace) -> int:
    with open_database(args) as db:
        with db.session() as session:
            team = stored_team(session, args.team_name)
            stored = repository.load_team(session, team_id=team.id)
        people = {p.staff_id: p for p in stored.plan.people}
        cells = list(read_rota_file(args.file, people, args.sheet,
                                    sites=stored.plan.policy.site_names()).entries())
        if cells and not args.dry_run:
            with db.session() as session:
                SetCells.of(cells).write(session, team.id, stored.version)
    if not cells:
        print(f"{args.file.name} plans no days; nothing to import.")
        return EXIT_OK
    days = [day for _, day, _ in cells]
    people = len({staff_id for staff_id, _, _ in cells})
    verb = "Would set" if args.dry_run else "Set"
    print(f"{verb} {_count(len(cells), 'day', 'days')} for {_count(people, 'person', 'people')} "
          f"of team {team.name!r}, {describe_day(min(days))} to {describe_day(max(days))}.")
    if args.dry_run:
        print("Dry run: nothing was written.")
    return EXIT_OK


def run_adjustments(args: argparse.Namespace) -> int:
    """Arrangements go to each person's team, or all to `--team-name`; one transaction."""
    table = read_table(args.file, args.sheet)
    with open_database(args) as db:
        with db.session() as session:
            teams = {t.id: t for t in repository.list_teams(session)}
            staff = repository.teams_of_staff(session)
            if args.team_name:
                team = stored_team(session, args.team_name)
                owner = {staff_id: team.id for staff_id, team_ids in staff.items()
                         if team.id in team_ids}
                unknown = "is not in the team"
            else:
                owner = {staff_id: team_ids[0] for staff_id, team_ids in staff.items()
                         if len(team_ids) == 1}
                unknown = ("is in no team, or in more than one (then name the team with "
                           "--team-name)")
        found = read_adjustments(table, owner, unknown=unknown)
        by_team: dict[int, list[Adjustment]] = {}
        for adjustment in found:
            by_team.setdefault(owner[adjustment.staff_id], []).append(adjustment)
        if args.dry_run:
            for team_id, adjustments in by_team.items():
                print(f"{args.file.name}: {_count(len(adjustments), 'arrangement', 'arrangements')}"
                      f" for team {teams[team_id].name!r} read without problems.")
            print("Dry run: nothing was written.")
            return EXIT_OK
        with db.session() as session:
            results = {
                team_id: ImportArrangements(tuple(adjustments)).write(
                    session, team_id, teams[team_id].version)
                for team_id, adjustments in by_team.items()
            }
    for team_id, written in results.items():
        print(f"Team {teams[team_id].name!r}: "
              f"{_count(written.added, 'arrangement', 'arrangements')} added, "
              f"{written.replaced:,} replaced.")
    return EXIT_OK


def run_policy(args: argparse.Namespace) -> int:
    policy = read_policy(args.file)
    with open_database(args) as db, db.session() as session:
        team = stored_team(session, args.team_name)
        stored = repository.load_team(session, team_id=team.id).plan.policy
        removed = removed_parts(stored, policy)
        if removed and not args.replace and not args.dry_run:
            raise InputError([Problem(
                "importing this file would remove from team "
                f"{team.name!r}'s policy: {'; '.join(removed)}. Nothing was written; rerun "
                "with --replace if that is what you want", file=args.file.name)])
        if not args.dry_run:
            SavePolicy(policy).write(session, team.id, team.version)
    rules = _count(len(policy.rules), "rule", "rules")
    roles = _count(len(policy.role_map), "job title", "job titles")
    if args.dry_run:
        print(f"{args.file.name}: {rules}, {roles} in the role map.")
        if removed:
            print("It would remove: " + "; ".join(removed) + " (needs --replace).")
        print("Dry run: nothing was written.")
    else:
        print(f"Team {team.name!r} now follows {args.file.name}: {rules}, {roles} in the role "
              "map.")
    return EXIT_OK
