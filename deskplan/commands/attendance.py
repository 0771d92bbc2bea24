"""`deskplan import attendance`: what actually happened, from access-control or desk-booking
exports, into the team's actuals (never its plan)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from deskplan.commands.common import EXIT_OK
from deskplan.commands.db_option import add_db_argument, open_database, stored_team
from deskplan.domain.calendar import describe_day
from deskplan.interchange.attendance_file import ATTENDANCE_FIELDS, load_attendance
from deskplan.storage import repository


def register_import(kinds: Any, column_mapping: Any) -> None:
    parser = kinds.add_parser(
        "attendance", help="record what happened from an attendance export (CSV, XLSX, XLS or ODS)",
        description="Record attendance from an access-control or desk-booking export: one row "
        "per swipe or booking (staff id or badge, date, optional time, site and status). "
        "Several swipes a day count once; ids nobody in the team has are listed and left out, "
        "never guessed. The plan is not changed.",
    )
    parser.add_argument("file", type=Path, help="attendance export (CSV, XLSX, XLS or ODS)")
    parser.add_argument("--team-name", required=True, metavar="NAME")
    parser.add_argument("--badges", type=Path, metavar="FILE",
                        help="badge → staff id mapping (columns badge_id, staff_id), for "
                             "exports that name badges")
    parser.add_argument("--map", action="append", type=column_mapping, default=[],
                        metavar="COLUMN=FIELD",
                        help=f"read COLUMN as FIELD (one of: {', '.join(ATTENDANCE_FIELDS)})")
    parser.add_argument("--sheet", help="worksheet of a workbook (default: the first)")
    parser.add_argument("--dry-run", action="store_true",
                        help="show what would be recorded, write nothing")
    add_db_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with open_database(args) as db:
        with db.session() as session:
            team = stored_team(session, args.team_name)
            stored = repository.load_team(session, team_id=team.id)
        plan = stored.plan
        read = load_attendance(args.file, {p.staff_id: p for p in plan.people},
                               sites=plan.policy.site_names(), badges=args.badges,
                               sheet=args.sheet, overrides=dict(args.map))
        today = date.today()
        everything = list(read.actuals.entries())
        cells = [(s, d, c) for s, d, c in everything if d <= today]  # bookings to come: not yet
        if cells and not args.dry_run:
            with db.session() as session:
                repository.save_actuals(session, team_id=team.id, changes=cells,
                                        expected_version=stored.version)
    verb = "Would record" if args.dry_run else "Recorded"
    print(f"{verb} attendance for team {team.name!r}: {read.describe()}.")
    if len(cells) < len(everything):
        later = len(everything) - len(cells)
        print(f"{later} person-day{'s' if later != 1 else ''} after {describe_day(today)} "
              "left out: they have not happened yet.")
    if read.first and read.last:
        print(f"Days without a row from {describe_day(read.first)} to "
              f"{describe_day(read.last)} stay 'not recorded' (never read as home days).")
    if args.dry_run:
        print("Dry run: nothing was written.")
    return EXIT_OK
