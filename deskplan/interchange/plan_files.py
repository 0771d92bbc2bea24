"""Loading a whole plan from the files `deskplan check` takes."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from typing import TypeVar

from deskplan.domain.collector import collector_paused
from deskplan.domain.errors import InputError, Problem
from deskplan.domain.model import Person
from deskplan.domain.plan import Plan
from deskplan.domain.policy import Policy
from deskplan.domain.rota import Rota
from deskplan.interchange.adjustments_file import read_adjustments
from deskplan.interchange.file_kind import FileKind, sniff
from deskplan.interchange.headers import ROTA_FIELDS, fold_header
from deskplan.interchange.limits import CancelCheck, never_cancelled
from deskplan.interchange.long_rota import read_long_bytes
from deskplan.interchange.policy_file import read_policy
from deskplan.interchange.rota_file import read_rota
from deskplan.interchange.table import (
    Table,
    decode,
    parse_csv_text,
    read_file_bytes,
)
from deskplan.interchange.team_file import read_team
from deskplan.interchange.wide_rota import read_plain_wide
from deskplan.interchange.xlsx_table import read_workbook, sheet_names, workbook_kind

T = TypeVar("T")


def read_table(path: Path, sheet: str | None = None,
               cancelled: CancelCheck = never_cancelled) -> Table:
    """Read a team, rota or arrangements file: CSV or tab-separated text, or a workbook (.xlsx,
    .xls, .ods), chosen by what the file is rather than by its name. `cancelled` is asked now
    and then; when it says yes the read stops with `ReadCancelledError`."""
    data = read_file_bytes(path)
    kind = sniff(path, data[:8192])
    if kind is FileKind.TEXT:
        text = decode(data, path.name)
        del data  # the bytes are not needed once decoded: a long rota is tens of megabytes
        return parse_csv_text(text, path.name, cancelled)
    del data  # the workbook reader reads the file itself
    return read_workbook(path, sheet, kind, cancelled)


def read_rota_file(path: Path, known_staff: Collection[str] | Mapping[str, Person],
                   sheet: str | None = None, rota: Rota | None = None, *,
                   sites: Mapping[str, str] | None = None,
                   cancelled: CancelCheck = never_cancelled) -> Rota:
    """Read a rota file; a workbook without `sheet` is read sheet by sheet, a long rota in a
    text file as it streams (`long_rota`: a year of an organisation is 4 million rows).

    A plain wide rota in a text file is read straight from its text (`wide_rota`).

    An exported workbook keeps one month per sheet, so reading only the first would import one
    month and silently drop the rest. Every sheet whose header names a staff id column is read
    (the first always, so a wrong file still says what is missing); others, like the export's
    "Key" sheet or a manager's notes, are skipped. Problems of all sheets are reported together
    and nothing is returned unless every sheet is clean. The command line and the window's
    import dialog both read a rota through here, so they import the same days.
    """
    kind = workbook_kind(path)
    if kind is not None and sheet is not None:
        return read_rota(read_table(path, sheet, cancelled), known_staff, rota, sites=sites)
    if kind is None:
        data = read_file_bytes(path)
        sniff(path, data[:8192])  # refuses what is no table, saying what it is
        with collector_paused():
            streamed = read_long_bytes(data, path.name, known_staff, rota, sites=sites,
                                       cancelled=cancelled)
        if streamed is not None:
            return streamed
        text = decode(data, path.name)
        del data  # the bytes are not needed once decoded
        with collector_paused():
            plain = read_plain_wide(text, path.name, known_staff, rota, sites=sites,
                                    cancelled=cancelled)
        if plain is not None:
            return plain
        return read_rota(parse_csv_text(text, path.name, cancelled), known_staff, rota,
                         sites=sites)
    tables = []
    for number, name in enumerate(sheet_names(path, cancelled)):
        table = read_table(path, name, cancelled)
        if number == 0 or any(_names_staff_id(title) for title in table.header):
            tables.append(table)
    problems: list[Problem] = []
    staged = Rota()
    for table in tables:
        try:
            read_rota(table, known_staff, staged, sites=sites)
        except InputError as error:
            problems.extend(error.problems)
    if problems:
        raise InputError(problems)
    target = rota if rota is not None else Rota()
    for staff_id, day, cell in staged.entries():
        target.set_cell(staff_id, day, cell)
    return target


def _names_staff_id(title: str) -> bool:
    folded = fold_header(title)
    return folded == "staff id" or folded in ROTA_FIELDS["staff_id"]


def load_plan(
    team: Path, rota: Path | None, adjustments: Path | None = None, policy: Path | None = None
) -> Plan:
    """Read every file and report the problems of all of them together (the people and the
    rota are made without the cycle collector, see `collector_paused`)."""
    with collector_paused():
        return _load_plan(team, rota, adjustments, policy)


def _load_plan(
    team: Path, rota: Path | None, adjustments: Path | None, policy: Path | None
) -> Plan:
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
    by_id = {p.staff_id: p for p in people}
    plan_rota = attempt(lambda: read_rota_file(rota, by_id, sites=loaded_policy.site_names()),
                        Rota()) if rota else Rota()
    if problems:
        raise InputError(problems)
    for person in people:
        plan_rota.add_person(person.staff_id)
    return Plan(people=people, rota=plan_rota, policy=loaded_policy, adjustments=arrangements)
