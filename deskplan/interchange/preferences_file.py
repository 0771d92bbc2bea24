"""Standing preferences from a file: a preferences file of its own, or extra columns of the
team list (`usual office days`, `prefers home`, `cannot come in`).

Kept apart from `team_file.py` on purpose: the team reader decides who people are and what
their contract says; this one reads what they would like, for the planner, and never makes a
team list fail. Days are written as the team list writes working days (`Tue, Thu`,
`Mon-Wed`, `Monday to Thursday`); an empty cell is no preference.
"""

from __future__ import annotations

from collections.abc import Collection

from deskplan.domain.errors import ProblemCollector
from deskplan.interchange.headers import PREFERENCE_COLUMNS, TEAM_FIELDS, map_columns
from deskplan.interchange.table import Table
from deskplan.interchange.team_file import read_preference
from deskplan.planning.preferences import Preference

#: A preferences file of its own may use broader titles than a team list may (there "Home
#: days" could be a count): `office days`, `home days`, `unavailable`.
PREFERENCE_FIELDS: dict[str, tuple[str, ...]] = {
    "staff_id": TEAM_FIELDS["staff_id"],
    "usual_office_days": (*TEAM_FIELDS["usual_office_days"], "office days"),
    "prefers_home": (*TEAM_FIELDS["prefers_home"], "home days"),
    "cannot_come_in": (*TEAM_FIELDS["cannot_come_in"], "unavailable days", "unavailable"),
}


def has_preference_columns(table: Table) -> bool:
    """Whether a table (a team list, say) carries any preference column."""
    found = map_columns(table, PREFERENCE_FIELDS, (), ProblemCollector(table.source))
    return any(field in found for field in PREFERENCE_COLUMNS)


def read_preferences(table: Table, known_staff: Collection[str]) -> dict[str, Preference]:
    """Preferences by staff id. Every problem is reported at once with its row and column
    (`InputError`); rows with every preference cell empty give no preference."""
    problems = ProblemCollector(table.source, table.sheet)
    columns = map_columns(table, PREFERENCE_FIELDS, ("staff_id",), problems)
    if not any(field in columns for field in PREFERENCE_COLUMNS):
        problems.add("no preference column (expected e.g. 'usual office days', 'prefers "
                     "home' or 'cannot come in')", row=table.header_row)
    problems.raise_if_any()
    found: dict[str, Preference] = {}
    for number, row in zip(table.row_numbers, table.rows, strict=True):
        staff_id = table.cell(row, columns["staff_id"])
        if not staff_id:
            if any(table.cell(row, c) for c in columns.values()):
                problems.add("no staff id", row=number,
                             column=table.header[columns["staff_id"]])
            continue
        if staff_id not in known_staff:
            problems.add(f"staff id {staff_id!r} is not in the team", row=number,
                         column=table.header[columns["staff_id"]])
            continue
        if staff_id in found:
            problems.add(f"staff id {staff_id!r} has preferences on two rows", row=number,
                         column=table.header[columns["staff_id"]])
            continue

        def get(field: str, row: list[str] = row) -> str:
            return table.cell(row, columns[field]) if field in columns else ""

        def report(field: str, message: str, number: int = number) -> None:
            problems.add(message, row=number, column=table.header[columns[field]])

        if preference := read_preference(staff_id, get, report):
            found[staff_id] = preference
    problems.raise_if_any()
    return found
