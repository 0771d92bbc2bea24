"""`deskplan plan`: fill the unplanned working days of a range so that every rule is met.

The set days are kept (leave, sickness, days already set as office or home unless
`--replan`); the plan is judged again by the rule engine before it is reported. Exit 0: the
plan has no error; 1: no plan meets every rule (the reasons are printed and the plan that
breaks the fewest rules is still written); 2: bad input. The same input and options give the
same plan (one search worker, a limit in CP-SAT's deterministic time).
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from deskplan.commands.common import (
    EXIT_CONFLICTS,
    EXIT_OK,
    add_plan_files,
    date_arg,
)
from deskplan.commands.db_option import add_db_argument, open_database, stored_team
from deskplan.domain.calendar import describe_day
from deskplan.domain.errors import InputError
from deskplan.domain.facts import SharedDesks
from deskplan.domain.plan import Plan
from deskplan.interchange.csv_export import CsvLayout, write_csv
from deskplan.interchange.plan_files import load_plan, read_table
from deskplan.interchange.policy_file import read_policy
from deskplan.interchange.preferences_file import has_preference_columns, read_preferences
from deskplan.interchange.team_file import parse_weekdays
from deskplan.planning.preferences import Preference
from deskplan.storage import repository

if TYPE_CHECKING:  # OR-Tools is imported only when a plan is asked for, not for every command
    from deskplan.planning.planner import PlanRequest, PlanResult


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "plan", help="fill the unplanned days of a range so that every rule is met",
        description="Plan office and home days for every unplanned working day from --from "
        "to --to, keeping the days already set. Exit 0: the plan has no error; 1: no plan "
        "meets every rule (the reasons are printed; the plan breaking the fewest rules is "
        "still written); 2: bad input; 3: an internal error.",
    )
    add_plan_files(parser, required=False)
    parser.add_argument("--preferences", type=Path, metavar="PATH",
                        help="standing preferences (CSV or XLSX: staff id, usual office "
                             "days, prefers home, cannot come in); the team list's own "
                             "columns of those names are read too")
    parser.add_argument("--team-name", metavar="NAME",
                        help="plan a team stored in the database instead of files")
    add_db_argument(parser)
    parser.add_argument("--apply", action="store_true",
                        help="with --team-name: save the plan to the database as one change")
    parser.add_argument("--from", dest="first", type=date_arg, metavar="DATE", required=True,
                        help="first day to plan")
    parser.add_argument("--to", dest="last", type=date_arg, metavar="DATE", required=True,
                        help="last day to plan")
    parser.add_argument("--people", metavar="ID,ID", help="plan only these staff ids")
    parser.add_argument("--replan", action="store_true",
                        help="re-plan days already set as office or home (leave, sickness "
                             "and the like are always kept)")
    parser.add_argument("--team-days", metavar="DAYS",
                        help="the team's own team days (e.g. 'Tue, Thu'), weighed as the "
                             "policy's anchor days are")
    parser.add_argument("--time-limit", type=float, default=10.0, metavar="SECONDS",
                        help="how long to search (default: 10)")
    parser.add_argument("--output", "-o", type=Path, metavar="PATH",
                        help="write the planned rota here (long-form CSV, what `deskplan "
                             "check` reads)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from deskplan.planning.planner import plan_rota

    if args.last < args.first:
        raise InputError.single(f"--to {args.last.isoformat()} is before --from "
                                f"{args.first.isoformat()}")
    if args.time_limit <= 0:
        raise InputError.single("--time-limit must be more than 0 seconds")
    team_days = _team_days(args.team_days)
    if args.team_name is None:
        if args.apply:
            raise InputError.single("--apply saves to a stored team: give --team-name")
        if args.team is None:
            raise InputError.single("give the plan's files (--team, and --rota if some days "
                                    "are set), or --team-name NAME to plan a stored team")
        plan = load_plan(args.team, args.rota, args.adjustments, args.policy)
        preferences = _file_preferences(args.team, args.preferences, plan)
        shared = None
        result = plan_rota(_request(args, plan, preferences, team_days, shared))
    else:
        if args.team or args.rota or args.adjustments:
            raise InputError.single("--team-name plans a stored team; leave out --team, "
                                    "--rota and --adjustments")
        result = _plan_stored(args, team_days)
    if args.output is not None:
        _write(args.output, result, args.first, args.last)
    _report(result, args.format)
    return EXIT_CONFLICTS if result.errors or not result.outcome.meets_rules else EXIT_OK


def _plan_stored(args: argparse.Namespace, team_days: frozenset[int]) -> PlanResult:
    from deskplan.planning.planner import plan_rota

    policy = read_policy(args.policy) if args.policy else None
    with open_database(args) as db, db.session() as session:
        team = stored_team(session, args.team_name)
        stored = repository.load_team(session, team_id=team.id)
        plan = stored.plan
        if policy is not None:
            plan.policy = policy
        # Those recorded in the People editor, then a file's (which win).
        preferences = repository.load_preferences(session, team_id=team.id)
        if args.preferences:
            preferences.update(_read_preference_file(args.preferences, plan))
        shared = repository.other_teams_office(session, team_id=team.id, first=args.first,
                                               last=args.last)
        result = plan_rota(_request(args, plan, preferences, team_days, shared))
        if args.apply and result.changes:
            repository.save_cells(
                session, team_id=team.id, expected_version=stored.version,
                changes=[(c.staff_id, c.day, c.after) for c in result.changes])
            session.commit()
    return result


def _request(args: argparse.Namespace, plan: Plan, preferences: dict[str, Preference],
             team_days: frozenset[int], shared: SharedDesks | None) -> PlanRequest:
    from deskplan.planning.planner import PlanRequest

    staff_ids = None
    if args.people:
        staff_ids = frozenset(s.strip() for s in args.people.split(",") if s.strip())
        unknown = sorted(staff_ids - {p.staff_id for p in plan.people})
        if unknown:
            raise InputError.single(f"--people names staff ids not in the team: "
                                    f"{', '.join(unknown)}")
    return PlanRequest(plan.people, plan.policy, plan.adjustments, plan.rota, args.first,
                       args.last, staff_ids=staff_ids, replan=args.replan,
                       locked=frozenset(plan.locked),
                       preferences=preferences, team_days=team_days, shared=shared,
                       time_limit=args.time_limit)


def _team_days(text: str | None) -> frozenset[int]:
    if not text:
        return frozenset()
    try:
        return frozenset(parse_weekdays(text))
    except ValueError as error:
        raise InputError.single(f"--team-days: {error}") from None


def _file_preferences(team: Path, preferences: Path | None, plan: Plan
                      ) -> dict[str, Preference]:
    """The team list's preference columns, then a preferences file's (which win)."""
    found: dict[str, Preference] = {}
    table = read_table(team)
    if has_preference_columns(table):
        found.update(read_preferences(table, {p.staff_id for p in plan.people}))
    if preferences is not None:
        found.update(_read_preference_file(preferences, plan))
    return found


def _read_preference_file(path: Path, plan: Plan) -> dict[str, Preference]:
    return read_preferences(read_table(path), {p.staff_id for p in plan.people})


def _write(path: Path, result: PlanResult, first: date, last: date) -> None:
    """The whole rota as planned: every day already set and every day the plan sets."""
    request = result.request
    plan = Plan(people=list(request.people), rota=result.rota, policy=request.policy,
                adjustments=list(request.adjustments))
    span = result.rota.planned_span()
    if span is not None:
        first, last = min(first, span[0]), max(last, span[1])
    # The team's own rota, to check or import again: leave and sickness as they are, not the
    # `away` of a shared export.
    write_csv(plan, path, first, last, CsvLayout.LONG, include_absence_detail=True)


def _report(result: PlanResult, output: str) -> None:
    if output == "json":
        print(json.dumps(_json(result), indent=2, ensure_ascii=False))
        return
    lines = [result.summary(), _search_line(result)]
    if result.reasons:
        lines += ["", "Why no plan meets every rule:"]
        lines += [f"  ✖ {reason.sentence()}" for reason in result.reasons]
    if result.errors:
        lines += ["", "This plan breaks:" if not result.outcome.meets_rules else "Errors:"]
        lines += [f"  ✖ [{c.rule.value}] {c.message}" for c in result.errors]
    print("\n".join(lines))


def _search_line(result: PlanResult) -> str:
    request = result.request
    what = {"optimal": "the best plan (proved optimal)",
            "feasible": "the best plan found in the time",
            "infeasible": "the plan that breaks the fewest rules" if result.checker else
                          "no plan (none meets every rule)",
            "no-plan": "no plan"}[result.outcome.value]
    text = (f"Planned {describe_day(request.first)} to {describe_day(request.last)}: {what}, "
            f"in {result.seconds:.1f} s")
    if result.first_seconds is not None:
        text += f" (first plan after {result.first_seconds:.2f} s)"
    gap = result.gap
    if result.outcome.value == "feasible" and gap is not None:
        text += f"; within {gap:.1%} of the best possible"
    return text + "."


def _json(result: PlanResult) -> dict[str, Any]:
    from deskplan.planning.planner import describe_change

    return {
        "outcome": result.outcome.value,
        "summary": result.summary(),
        "planned_days": float(result.planned_days),
        "seconds": round(result.seconds, 3),
        "first_plan_seconds": (round(result.first_seconds, 3)
                               if result.first_seconds is not None else None),
        "gap": result.gap,
        "changes": [{"staff_id": c.staff_id, "date": c.day.isoformat(),
                     "before": c.before.long_text() if c.before.code else "",
                     "after": c.after.long_text(),
                     "text": describe_change(c, result.names.get(c.staff_id, c.staff_id))}
                    for c in result.changes],
        "reasons": [{"text": r.sentence(), "options": list(r.options),
                     "rules": list(r.rule_names), "sites": list(r.sites),
                     "days": [d.isoformat() for d in r.days], "staff_ids": list(r.staff_ids)}
                    for r in result.reasons],
        # False when the time limit (or Stop) cut the search for the reasons short.
        "explanation_complete": result.explanation_complete,
        "unmet_preferences": result.unmet_preferences,
        "conflicts": [c.to_json() for c in result.errors],
    }
