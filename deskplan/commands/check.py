"""`deskplan check`: is this plan within the policy and everyone's arrangements?"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from deskplan.commands.common import (
    EXIT_BAD_INPUT,
    EXIT_CONFLICTS,
    EXIT_OK,
    add_actuals,
    add_plan_files,
    add_range,
)
from deskplan.commands.db_option import add_db_argument, open_database, stored_team
from deskplan.domain.calendar import describe_day
from deskplan.domain.conflicts import Conflict, RuleId, Severity
from deskplan.domain.engine import Checker
from deskplan.domain.errors import InputError
from deskplan.domain.plan import Plan
from deskplan.interchange.attendance_file import load_attendance
from deskplan.interchange.plan_files import load_plan
from deskplan.interchange.policy_file import read_policy


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "check", help="check a rota against the policy and arrangements",
        description="Check a planned rota. Exit 0: no errors; 1: errors found; 2: bad input; "
        "3: an internal error (a bug: the message names the log with the details).",
    )
    add_plan_files(parser, required=False)
    parser.add_argument("--team-name", metavar="NAME",
                        help="check a team stored in the database instead of files "
                        "(--policy, if given, replaces its stored policy for this check)")
    add_db_argument(parser)
    add_range(parser)
    add_actuals(parser, "judge it by the same rules instead of the plan (--rota is then "
                        "optional)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.team_name is None:
        if args.team is None or (args.rota is None and args.actuals is None):
            raise InputError.single("give the plan's files (--team and --rota), or "
                                    "--team-name NAME to check a team in the database")
        plan = load_plan(args.team, args.rota, args.adjustments, args.policy)
    else:
        if args.team or args.rota or args.adjustments:
            raise InputError.single("--team-name checks a stored team; leave out --team, "
                                    "--rota and --adjustments")
        plan = load_stored_plan(args)
    if args.actuals is not None:  # the same checker, given what happened as its rota
        read = load_attendance(args.actuals, {p.staff_id: p for p in plan.people},
                               sites=plan.policy.site_names(), badges=args.badges)
        plan = replace(plan, rota=read.actuals, name=f"{plan.name or 'Team'}, as it happened")
        if args.first is None and args.last is None and read.first and read.last:
            args.first, args.last = read.first, read.last
    return report(plan, args.first, args.last, args.format)


def load_stored_plan(args: argparse.Namespace) -> Plan:
    """The named team from the database, optionally under the policy of a file."""
    from deskplan.storage import repository  # only here: checking files needs no database

    policy = read_policy(args.policy) if args.policy else None
    with open_database(args) as db, db.session() as session:
        team = stored_team(session, args.team_name)
        plan = repository.load_team(session, team_id=team.id).plan
    if policy is not None:
        plan.policy = policy
    return plan


def report(plan: Plan, first: date | None, last: date | None, output: str) -> int:
    """Print the conflicts of `plan` and return the exit code; shared with database checks."""
    if first and last and last < first:
        print(f"deskplan: --to {last.isoformat()} is before --from {first.isoformat()}",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    checker = plan.checker(*plan.default_range(first, last))
    conflicts = checker.conflicts
    if output == "json":
        print(json.dumps({"conflicts": [c.to_json() for c in conflicts]}, indent=2,
                         ensure_ascii=False))
    else:  # the checker widened the range to whole periods: say which days were checked
        print(format_report(plan, checker, conflicts))
    has_errors = any(c.severity is Severity.ERROR for c in conflicts)
    return EXIT_CONFLICTS if has_errors else EXIT_OK


def format_report(plan: Plan, checker: Checker, conflicts: Sequence[Conflict]) -> str:
    errors = [c for c in conflicts if c.severity is Severity.ERROR]
    warnings = [c for c in conflicts if c.severity is Severity.WARNING]
    title = f"{plan.name}: checked" if plan.name else "Checked"
    count = len(checker.people)
    lines = [
        f"{title} {count} {'person' if count == 1 else 'people'} from "
        f"{describe_day(checker.first)} to {describe_day(checker.last)} (minimum "
        f"{checker.policy.describe_measure()}).",
        f"{len(errors)} error{'s' if len(errors) != 1 else ''}, "
        f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}.",
    ]
    for heading, mark, group in (("Errors", "✖", errors), ("Warnings", "⚠", warnings)):
        if group:
            lines += ["", f"{heading}:"]
            lines += [f"  {mark} [{c.rule.value}] {c.message}" for c in group]
    if all(c.rule is RuleId.PRO_RATA_WARNING for c in conflicts):  # a warning about the rule
        lines += ["", "✓ The plan meets the policy and every arrangement."]
    return "\n".join(lines)
