"""Rotas written as CSV in the two shapes `deskplan check` reads back.

Long form (`staff_id, name, date, status`, one row per planned day: `office`, `office/home`
for half days, `office@Hendon` at another site) suits databases and pivot tables; wide form
(`staff_id, name`, then one column per date holding the cell: `O`, `O/H`, `O@Hendon`) is the
grid managers keep in a spreadsheet. Both are UTF-8 with a byte-order mark, which is what makes
Excel on Windows show accented names correctly.

Text that a spreadsheet would run as a formula is neutralised (see `sanitise`). A staff id that
itself starts with such a character is written with the mark too, so it will not match its team
file when read back: better than a formula running, and such ids are rare.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from pathlib import Path

import numpy as np

from deskplan.domain.plan import Plan
from deskplan.interchange.absence import shared_text
from deskplan.interchange.export_scope import ExportScope, make_scope, output_error
from deskplan.interchange.sanitise import neutralise


class CsvLayout(StrEnum):
    LONG = "long"
    WIDE = "wide"


def write_csv(
    plan: Plan,
    path: Path,
    first: date,
    last: date,
    layout: CsvLayout = CsvLayout.LONG,
    staff_ids: Sequence[str] | None = None,
    *,
    include_absence_detail: bool = False,
) -> int:
    """Write the rota of `first`..`last`; return the number of data rows written. Leave and
    sickness are both `away` unless `include_absence_detail` (see `absence`)."""
    scope = make_scope(plan, first, last, staff_ids)
    detail = include_absence_detail
    rows = _long_rows(scope, detail) if layout is CsvLayout.LONG else _wide_rows(scope, detail)
    try:
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerows(rows)
    except OSError as error:
        raise output_error(path, error) from None
    return len(rows) - 1


def _long_rows(scope: ExportScope, detail: bool) -> list[list[str]]:
    rows = [["staff_id", "name", "date", "status"]]
    days = scope.days
    people, columns = np.nonzero(scope.statuses)
    for row, column in zip(people.tolist(), columns.tolist(), strict=True):
        person = scope.people[row]
        rows.append([neutralise(person.staff_id), neutralise(person.name),
                     days[column].isoformat(),
                     neutralise(shared_text(scope.cell(row, column), detail=detail, long=True))])
    return rows


def _wide_rows(scope: ExportScope, detail: bool) -> list[list[str]]:
    rows = [["staff_id", "name", *(d.isoformat() for d in scope.days)]]
    for row, person in enumerate(scope.people):
        cells = [neutralise(shared_text(scope.cell(row, column), detail=detail)) if code else ""
                 for column, code in enumerate(scope.statuses[row].tolist())]
        rows.append([neutralise(person.staff_id), neutralise(person.name), *cells])
    return rows
