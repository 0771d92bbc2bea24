"""`deskplan export pdf|csv|xlsx|ics|report`: the plan in the formats people share and paste."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from deskplan.commands.check import load_stored_plan
from deskplan.commands.common import EXIT_OK, add_actuals, add_plan_files, add_range
from deskplan.commands.db_option import add_db_argument, open_database, stored_team
from deskplan.domain.errors import DeskplanError, InputError
from deskplan.domain.ordering import PeopleOrder
from deskplan.domain.plan import Plan
from deskplan.domain.rota import Rota
from deskplan.interchange.attendance_file import load_attendance
from deskplan.interchange.compliance_report import write_evidence_csv, write_report_csv
from deskplan.interchange.csv_export import CsvLayout, write_csv
from deskplan.interchange.ics_export import IcsShape, write_ics, write_ics_per_person
from deskplan.interchange.plan_files import load_plan
from deskplan.interchange.xlsx_export import write_xlsx
from deskplan.storage import repository

FORMATS = {
    "pdf": "the rota as a PDF to print or pin up",
    "csv": "the rota as CSV, long or wide (what `deskplan check` reads)",
    "xlsx": "the rota as an Excel workbook, one sheet per month",
    "ics": "office and home days as calendar events (iCalendar)",
    "report": "per person and period: the basis of the requirement, required, planned and "
              "attended time in hours and days, and the verdict (CSV, or PDF when the output "
              "ends in .pdf)",
    "evidence": "the contracted office days not attended that nothing excuses (CSV; needs "
                "--actuals, or actuals stored for --team-name)",
}


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "export", help="export a plan as PDF, CSV, Excel, iCalendar or a compliance report",
        description="Export a plan. Exit 0: written; 2: bad input or the file cannot be written.",
    )
    formats = parser.add_subparsers(dest="format", metavar="FORMAT", required=True)
    for name, text in FORMATS.items():
        sub = formats.add_parser(name, help=text, description=f"Export {text}.")
        add_plan_files(sub, required=False)
        sub.add_argument("--team-name", metavar="NAME",
                         help="export a team stored in the database instead of files "
                              "(--policy, if given, replaces its stored policy)")
        add_db_argument(sub)
        add_range(sub)
        sub.add_argument("--output", "-o", type=Path, required=True, metavar="PATH",
                         help="the file to write")
        sub.add_argument("--people", metavar="ID,ID", help="only these staff ids (default: all)")
        sub.add_argument("--name", help="team name printed on the export (default: the "
                                        "stored team's name, else the team file's name)")
        if name in ("pdf", "report"):
            _add_page_options(sub)
        if name in ("report", "evidence"):
            add_actuals(sub, "adds attended time and the days not attended (a stored team's "
                             "recorded actuals are used without it)")
            if name == "evidence":
                sub.add_argument("--include-adjustment-details", action="store_true",
                                 help="name the arrangement behind a share (default: only "
                                      "'an individual arrangement')")
        if name == "report":
            sub.add_argument("--group-by", choices=[o.value for o in PeopleOrder],
                             default=PeopleOrder.NAME.value,
                             help="rows in the planner's order (default: name)")
        if name in ("pdf", "csv", "xlsx"):
            sub.add_argument("--include-absence-detail", action="store_true",
                             help="write leave and sickness apart (default: both 'away', as "
                                  "sickness is health data)")
        if name == "pdf":
            sub.add_argument("--conflicts-page", action="store_true",
                             help="add a page listing the conflicts with their messages")
            sub.add_argument("--title", default="Office rota",
                             help="title at the top of each page (default: Office rota)")
            sub.add_argument("--group-by", choices=[o.value for o in PeopleOrder],
                             default=PeopleOrder.NAME.value,
                             help="rows as the planner lists them: sorted by name, or grouped "
                                  "by role or location (default: name)")
        if name == "ics":
            sub.add_argument("--shape", choices=[s.value for s in IcsShape],
                             default=IcsShape.PERSONAL.value,
                             help="; ".join(f"{s.value}: {s.label}" for s in IcsShape)
                                  + " (default: personal)")
            sub.add_argument("--per-person", action="store_true",
                             help="write one calendar per person into the folder given as "
                                  "--output, named by staff id and name")
        if name == "csv":
            sub.add_argument("--layout", choices=[c.value for c in CsvLayout],
                             default=CsvLayout.LONG.value,
                             help="long: one row per person-day; wide: one column per date")
        sub.set_defaults(run=run)


def _add_page_options(parser: argparse.ArgumentParser) -> None:
    """Options of both PDFs, and the privacy choice they share with the report's CSV."""
    parser.add_argument("--paper", choices=("A4", "Letter"), default="A4",
                        type=lambda text: {"a4": "A4", "letter": "Letter"}.get(text.lower(), text),
                        help="paper size of the PDF (default: A4)")
    parser.add_argument("--orientation", choices=("landscape", "portrait"), default="landscape",
                        type=str.lower, help="(default: landscape, where 31 days fit across)")
    parser.add_argument("--include-adjustment-details", action="store_true",
                        help="name the kind, dates and reference of each arrangement "
                             "(default: only 'individual arrangement applies')")


def load(args: argparse.Namespace) -> Plan:
    """The plan named on the command line: a stored team, or files, as `deskplan check`."""
    if args.team_name is not None:
        if args.team or args.rota or args.adjustments:
            raise InputError.single("--team-name exports a stored team; leave out --team, "
                                    "--rota and --adjustments")
        plan = load_stored_plan(args)
        plan.name = args.name or plan.name or args.team_name
        return plan
    if args.team is None or args.rota is None:
        raise InputError.single("give the plan's files (--team and --rota), or "
                                "--team-name NAME to export a team in the database")
    plan = load_plan(args.team, args.rota, args.adjustments, args.policy)
    plan.name = args.name or args.team.stem.replace("_", " ")
    return plan


def run(args: argparse.Namespace) -> int:
    if args.first and args.last and args.last < args.first:
        raise DeskplanError(f"--to {args.last.isoformat()} is before --from "
                            f"{args.first.isoformat()}")
    plan = load(args)
    first, last = plan.default_range(args.first, args.last)
    people = tuple(p for p in args.people.split(",") if p.strip()) if args.people else None
    output: Path = args.output
    if args.format == "csv":
        count = write_csv(plan, output, first, last, CsvLayout(args.layout), people,
                          include_absence_detail=args.include_absence_detail)
        print(f"Wrote {count} rows to {output}")
    elif args.format == "xlsx":
        sheets = write_xlsx(plan, output, first, last, people,
                            include_absence_detail=args.include_absence_detail)
        print(f"Wrote {len(sheets)} month sheet{'s' if len(sheets) != 1 else ''} "
              f"({', '.join(sheets)}) to {output}")
    elif args.format == "ics" and args.per_person:
        if args.shape != IcsShape.PERSONAL:
            raise InputError.single("--per-person writes personal calendars; leave out "
                                    "--shape team")
        paths = write_ics_per_person(plan, output, first, last, people)
        print(f"Wrote {len(paths)} calendar{'s' if len(paths) != 1 else ''} to {output}")
    elif args.format == "ics":
        result = write_ics(plan, output, first, last, people, shape=IcsShape(args.shape))
        print(f"Wrote {result.describe()} to {output}")
    elif args.format == "evidence":
        actuals = _actuals(args, plan)
        if actuals is None:
            raise InputError.single("the evidence needs what happened: give --actuals FILE, "
                                    "or record attendance for the stored team first")
        count = write_evidence_csv(plan, output, first, last, actuals, people,
                                   include_adjustment_details=args.include_adjustment_details,
                                   as_of=date.today())  # a week not over lists no day
        print(f"Wrote {count} day{'s' if count != 1 else ''} not attended to {output}")
    elif args.format == "report" and output.suffix.lower() != ".pdf":
        count = write_report_csv(plan, output, first, last, people,
                                 include_adjustment_details=args.include_adjustment_details,
                                 actuals=_actuals(args, plan),
                                 order=PeopleOrder(args.group_by), as_of=date.today())
        print(f"Wrote {count} rows to {output}")
    else:
        pages = _write_pdf(args, plan, first, last, people)
        print(f"Wrote {pages} page{'s' if pages != 1 else ''} to {output}")
    return EXIT_OK


def _write_pdf(args: argparse.Namespace, plan: Plan, first: date, last: date,
               people: tuple[str, ...] | None) -> int:
    # Typst is imported only for PDF exports.
    from deskplan.interchange.compliance_pdf import ReportOptions, write_report_pdf
    from deskplan.interchange.pdf_export import PdfOptions, write_pdf
    from deskplan.interchange.pdf_setup import Orientation, PageSetup, Paper

    setup = PageSetup(Paper(args.paper), Orientation(args.orientation))
    if args.format == "report":
        return write_report_pdf(plan, args.output, first, last, ReportOptions(
            setup=setup, include_adjustment_details=args.include_adjustment_details,
            staff_ids=people, actuals=_actuals(args, plan),
            order=PeopleOrder(args.group_by)))
    return write_pdf(plan, args.output, first, last, PdfOptions(
        setup=setup, include_adjustment_details=args.include_adjustment_details,
        conflicts_page=args.conflicts_page, staff_ids=people, title=args.title,
        include_absence_detail=args.include_absence_detail,
        order=PeopleOrder(args.group_by)))


def _actuals(args: argparse.Namespace, plan: Plan) -> Rota | None:
    """What happened: the `--actuals` file, else a stored team's recorded actuals (None when
    nothing is recorded, so the report keeps the plan as its basis)."""
    if args.actuals is not None:
        return load_attendance(args.actuals, {p.staff_id: p for p in plan.people},
                               sites=plan.policy.site_names(), badges=args.badges).actuals
    if args.team_name is None:
        return None
    with open_database(args) as db, db.session() as session:
        team = stored_team(session, args.team_name)
        actuals = repository.load_actuals(session, team_id=team.id)
    return actuals if actuals.planned_span() is not None else None
