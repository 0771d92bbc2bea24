"""`deskplan fairness`: who the policy's rounding falls on, by working pattern, never by name."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from deskplan.commands.check import load_stored_plan
from deskplan.commands.common import EXIT_OK, date_arg
from deskplan.commands.db_option import add_db_argument
from deskplan.domain.errors import DeskplanError, InputError
from deskplan.domain.fairness import fairness_report
from deskplan.domain.plan import Plan
from deskplan.interchange.fairness_export import (
    fairness_json,
    report_text,
    write_fairness_csv,
    write_fairness_pdf,
)
from deskplan.interchange.plan_files import load_plan
from deskplan.interchange.policy_file import read_policy


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "fairness", help="effective office share by working pattern against a full-timer",
        description="Show what share of their working days each working-pattern group must "
        "spend in the office under the policy, against a full-time comparator, measured "
        "weekly, monthly, in days and over a rolling window. Groups only, never names; a "
        "group of fewer than 5 shows 'fewer than 5'. Exit 0: shown; 2: bad input.",
    )
    parser.add_argument("--team", type=Path, help="team list (CSV, XLSX, XLS or ODS)")
    parser.add_argument("--adjustments", type=Path,
                        help="individual arrangements (CSV, XLSX, XLS or ODS)")
    parser.add_argument("--team-name", metavar="NAME",
                        help="a team stored in the database instead of files")
    add_db_argument(parser)
    parser.add_argument("--policy", type=Path,
                        help="policy file (TOML): replaces the stored or built-in policy")
    parser.add_argument("--draft", type=Path, metavar="FILE",
                        help="a what-if policy (TOML) shown beside the policy")
    parser.add_argument("--from", dest="first", type=date_arg, metavar="DATE", required=True,
                        help="first day measured")
    parser.add_argument("--to", dest="last", type=date_arg, metavar="DATE", required=True,
                        help="last day measured")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--output", "-o", type=Path, metavar="PATH",
                        help="also write the tables: CSV, or the 'Equality impact evidence' "
                             "PDF when the name ends in .pdf")
    parser.set_defaults(run=run)


def load(args: argparse.Namespace) -> Plan:
    if args.team_name is not None:
        if args.team or args.adjustments:
            raise InputError.single("--team-name reads a stored team; leave out --team and "
                                    "--adjustments")
        args.rota = None
        plan = load_stored_plan(args)
        plan.name = plan.name or args.team_name
        return plan
    if args.team is None:
        raise InputError.single("give the team list (--team FILE), or --team-name NAME for "
                                "a team in the database")
    plan = load_plan(args.team, None, args.adjustments, args.policy)
    plan.name = args.team.stem.replace("_", " ")
    return plan


def run(args: argparse.Namespace) -> int:
    if args.last < args.first:
        raise DeskplanError(f"--to {args.last.isoformat()} is before --from "
                            f"{args.first.isoformat()}")
    plan = load(args)
    draft = read_policy(args.draft) if args.draft else None
    report = fairness_report(plan.people, plan.policy, plan.adjustments, args.first,
                             args.last, draft=draft, team=plan.name)
    if args.format == "json":
        print(json.dumps(fairness_json(report), indent=2, ensure_ascii=False))
    else:
        print(report_text(report))
    output: Path | None = args.output
    if output is not None:
        if output.suffix.lower() == ".pdf":
            pages = write_fairness_pdf(report, output)
            written = f"{pages} page{'s' if pages != 1 else ''}"
        else:
            rows = write_fairness_csv(report, output)
            written = f"{rows} rows"
        if args.format == "text":
            print(f"\nWrote {written} to {output}")
    return EXIT_OK
