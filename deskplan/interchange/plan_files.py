"""Loading a whole plan from the files `deskplan check` takes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from deskplan.domain.errors import InputError, Problem
from deskplan.domain.plan import Plan
from deskplan.domain.policy import Policy
from deskplan.domain.rota import Rota
from deskplan.interchange.adjustments_file import read_adjustments
from deskplan.interchange.policy_file import read_policy
from deskplan.interchange.rota_file import read_rota
from deskplan.interchange.table import Table, read_csv
from deskplan.interchange.team_file import read_team
from deskplan.interchange.xlsx_table import read_xlsx

T = TypeVar("T")


def read_table(path: Path, sheet: str | None = None) -> Table:
    """Read a team, rota or arrangements file, CSV or Excel, by its extension."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return read_xlsx(path, sheet)
    return read_csv(path)


def load_plan(
    team: Path, rota: Path | None, adjustments: Path | None = None, policy: Path | None = None
) -> Plan:
    """Read every file and report the problems of all of them together."""
    problems: list[Problem] = []

    def attempt(read: Callable[[], T], fallback: T) -> T:
        try:
            return read()
        except InputError as error:
            problems.extend(error.problems)
            return fallback

    people = attempt(lambda: read_team(read_table(team)).people, [])
    known = {p.staff_id for p in people}
    loaded_policy = attempt(lambda: read_policy(policy), Policy.default()) if policy else \
        Policy.default()
    arrangements = (
        attempt(lambda: read_adjustments(read_table(adjustments), known), [])
        if adjustments else []
    )
    plan_rota = attempt(lambda: read_rota(read_table(rota), known), Rota()) if rota else Rota()
    if problems:
        raise InputError(problems)
    for person in people:
        plan_rota.add_person(person.staff_id)
    return Plan(people=people, rota=plan_rota, policy=loaded_policy, adjustments=arrangements)
