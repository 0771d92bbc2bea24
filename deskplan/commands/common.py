"""Arguments shared by several subcommands."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from deskplan.domain.calendar import parse_date

EXIT_OK, EXIT_CONFLICTS, EXIT_BAD_INPUT = 0, 1, 2
#: An internal error (a bug): distinct from every result, so scripts can tell a crash apart.
EXIT_BUG = 3


def date_arg(text: str) -> date:
    try:
        return parse_date(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def add_range(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="first", type=date_arg, metavar="DATE",
                        help="first day (default: first planned day)")
    parser.add_argument("--to", dest="last", type=date_arg, metavar="DATE",
                        help="last day (default: last planned day)")


def add_plan_files(parser: argparse.ArgumentParser, *, required: bool = True) -> None:
    """The files that describe a plan without any database."""
    parser.add_argument("--team", type=Path, required=required,
                        help="team list (CSV, XLSX, XLS or ODS)")
    parser.add_argument("--rota", type=Path, required=required,
                        help="rota, long or wide form (CSV, XLSX, XLS or ODS)")
    parser.add_argument("--adjustments", type=Path,
                        help="individual arrangements (CSV, XLSX, XLS or ODS)")
    parser.add_argument("--policy", type=Path, help="policy file (TOML); default: built-in")


def add_actuals(parser: argparse.ArgumentParser, what: str) -> None:
    """`--actuals FILE` (an attendance export) and its `--badges FILE` mapping."""
    parser.add_argument("--actuals", type=Path, metavar="FILE",
                        help=f"what actually happened (an attendance export: staff_id or "
                             f"badge, date, optional time, site, status): {what}")
    parser.add_argument("--badges", type=Path, metavar="FILE",
                        help="badge → staff id mapping for --actuals (badge_id, staff_id)")
