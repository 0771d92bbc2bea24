"""Recognising the column names HR systems and managers actually use.

Names are compared after folding case, spaces, underscores and punctuation, so `Staff No.`,
`staff_no` and `STAFF NO` are one spelling.
"""

from __future__ import annotations

import re

from deskplan.domain.errors import ProblemCollector
from deskplan.interchange.table import Table

TEAM_FIELDS: dict[str, tuple[str, ...]] = {
    "staff_id": ("staff id", "staff no", "staff number", "employee id", "employee no",
                 "employee number", "payroll number", "payroll no", "payroll id", "id",
                 "warrant number", "person id"),
    "name": ("name", "full name", "employee name", "staff name"),
    "first_name": ("first name", "forename", "forenames", "given name"),
    "surname": ("surname", "last name", "family name"),
    # Not bare "Title": in UK HR exports that is the honorific (Mr, Ms, Dr).
    "role": ("role", "job title", "position", "job", "post", "job role"),
    "category": ("category", "policy category", "role category", "staff category"),
    "location": ("location", "site", "base", "office", "workplace", "work location"),
    "nation": ("nation", "country", "holiday calendar"),
    "working_days": ("working days", "working pattern", "days", "work pattern", "pattern",
                     "days worked"),
    "hours_per_day": ("hours per day", "daily hours", "hours a day", "day length"),
    "weekly_hours": ("contracted hours", "weekly hours", "hours per week", "contract hours",
                     "hours"),
    "fte": ("fte", "full time equivalent"),
    "start_date": ("start date", "start", "date joined", "joined", "employment start"),
    "end_date": ("end date", "end", "leaving date", "leave date", "left", "employment end"),
    "cycle_start": ("cycle start", "cycle start date", "pattern start", "rota start",
                    "roster start"),
    # `off` (a bank holiday of their nation is a day off) or `worked` (their roster applies);
    # older files used this title for the nation, which is still read (see team_file).
    "bank_holidays": ("bank holidays", "bank holidays worked"),
    "effective_from": ("effective from", "effective date", "valid from", "change date",
                       "changes from"),
    # Standing preferences (soft, for the planner; `team_file.read_preference`), weekdays as
    # `working_days` writes them. Only unmistakable titles: an HR export's "Home days" may
    # well be a count. Titles are compared folded ("Can't" is "can t").
    "usual_office_days": ("usual office days", "usually in", "preferred office days",
                          "prefers office"),
    "prefers_home": ("prefers home", "preferred home days", "home preference"),
    "cannot_come_in": ("cannot come in", "can t come in", "not available in office"),
}
#: The team-list fields that hold standing preferences.
PREFERENCE_COLUMNS = ("usual_office_days", "prefers_home", "cannot_come_in")

ROTA_FIELDS: dict[str, tuple[str, ...]] = {
    "staff_id": TEAM_FIELDS["staff_id"],
    "date": ("date", "day"),
    "status": ("status", "where", "plan", "code"),
}

ADJUSTMENT_FIELDS: dict[str, tuple[str, ...]] = {
    "staff_id": TEAM_FIELDS["staff_id"],
    "kind": ("kind", "type", "arrangement", "adjustment"),
    "start": ("start", "start date", "from"),
    "end": ("end", "end date", "to", "until"),
    "review_date": ("review date", "review", "review due"),
    "share": ("share", "office share", "minimum share", "maximum share", "most office share"),
    "weekdays": ("weekdays", "fixed home days", "days", "fixed home weekdays"),
    "home_days": ("home days", "home days a week", "home days per week"),
    "reference": ("reference", "ref"),
    "approver": ("approver", "approved by"),
}


def fold_header(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split())


def _refuse_ambiguous(table: Table, field: str, candidates: list[int], folded: list[str],
                      problems: ProblemCollector) -> None:
    """Two columns that could both be `field`: the same title twice (a repeated column), or two
    spellings of the staff id. Reading either one would silently drop the other's values."""
    first = candidates[0]
    for other in candidates[1:]:
        if folded[other] == folded[first] or field == "staff_id":
            problems.add(
                f"columns {table.header[first]!r} and {table.header[other]!r} (column "
                f"{other + 1}) would both be read as {field!r}: remove or rename one, or say "
                "which to read (--map, or the import dialog's column list)",
                row=table.header_row, column=table.header[other])
            return


def map_columns(
    table: Table,
    fields: dict[str, tuple[str, ...]],
    required: tuple[str, ...],
    problems: ProblemCollector,
    overrides: dict[str, str] | None = None,
) -> dict[str, int]:
    """Field → column index. `overrides` maps a column title to a field (the user's `--map`)."""
    folded = [fold_header(h) for h in table.header]
    found: dict[str, int] = {}
    for title, field in (overrides or {}).items():
        if field not in fields:
            problems.add(f"--map names unknown field {field!r}; fields are {', '.join(fields)}")
        elif fold_header(title) in folded:
            found[field] = folded.index(fold_header(title))
        else:
            problems.add(f"--map names column {title!r}, which the file does not have")
    for field, aliases in fields.items():
        if field in found:
            continue
        candidates = [column for column, name in enumerate(folded)
                      if column not in found.values()
                      and (name == fold_header(field) or name in aliases)]
        if not candidates:
            continue
        found[field] = candidates[0]
        _refuse_ambiguous(table, field, candidates, folded, problems)
    for field in required:
        if field not in found and not (field == "name" and "first_name" in found):
            problems.add(
                f"no column for {field!r} (found: {', '.join(table.header) or 'none'}); "
                f"expected a column such as {fields[field][0]!r}",
                row=table.header_row,
            )
    return found
