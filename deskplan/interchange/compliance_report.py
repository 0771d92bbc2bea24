"""The compliance report: for each person and measurement period, the figures behind the verdict.

HR asks "who met the minimum, and on what basis?". Each row gives the time available, the time
required, the office time planned and whether an individual arrangement applied, so the verdict
can be checked by hand. By default the arrangement column only says "applies"; its terms appear
only when the manager asks for details, because the report travels further than the rota.

Rows are plain data; `write_report_csv` writes them here and `compliance_pdf` draws them.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction
from pathlib import Path

from deskplan.domain.model import Adjustment
from deskplan.domain.plan import Plan
from deskplan.domain.policy import Policy
from deskplan.domain.verdicts import PeriodVerdict, VerdictState
from deskplan.interchange.arrangement_text import describe_arrangement
from deskplan.interchange.export_scope import make_scope, output_error
from deskplan.interchange.sanitise import neutralise

ARRANGEMENT_APPLIES = "applies"


class Verdict(StrEnum):
    MEETS = "meets"
    OPEN = "depends on unplanned days"
    SHORT = "cannot meet"

    NOT_CHECKED = "not checked"

    @classmethod
    def of(cls, verdict: PeriodVerdict) -> Verdict:
        return {VerdictState.MET: cls.MEETS, VerdictState.OPEN: cls.OPEN,
                VerdictState.CANNOT: cls.SHORT,
                VerdictState.NOT_CHECKED: cls.NOT_CHECKED}[verdict.state]


@dataclass(frozen=True)
class ReportRow:
    staff_id: str
    name: str
    totals: PeriodVerdict
    arrangement: str
    verdict: Verdict
    active: tuple[Adjustment, ...] = ()
    """The arrangements in force in the period, for documents that are allowed to show them."""


HEADER = ("staff_id", "name", "period_start", "period_end", "available_hours",
          "required_hours", "office_hours", "unplanned_hours", "arrangement", "verdict")


def report_rows(
    plan: Plan,
    first: date,
    last: date,
    staff_ids: Sequence[str] | None = None,
    *,
    include_adjustment_details: bool = False,
    policy: Policy | None = None,
) -> list[ReportRow]:
    """One row per selected person per measurement period meeting `first`..`last`."""
    scope = make_scope(plan, first, last, staff_ids, private=not include_adjustment_details,
                       policy=policy)
    rows = []
    table = scope.checker.verdicts([p.staff_id for p in scope.people])
    for person in scope.people:
        arrangements = [a for a in plan.adjustments if a.staff_id == person.staff_id]
        for totals in table[person.staff_id]:
            active = [a for a in arrangements if a.overlaps(totals.first, totals.last)]
            if not active:
                arrangement = ""
            elif include_adjustment_details:
                arrangement = "; ".join(describe_arrangement(a) for a in active)
            else:
                arrangement = ARRANGEMENT_APPLIES
            rows.append(ReportRow(person.staff_id, person.name, totals, arrangement,
                                  Verdict.of(totals),
                                  tuple(active) if include_adjustment_details else ()))
    return rows


def row_cells(row: ReportRow) -> list[str]:
    """The row as the text of the CSV's cells, in the order of `HEADER`."""
    totals = row.totals
    return [
        row.staff_id, row.name, totals.first.isoformat(), totals.last.isoformat(),
        _amount(totals, totals.available), _amount(totals, totals.required),
        _amount(totals, totals.office), _amount(totals, totals.unplanned), row.arrangement,
        row.verdict.value,
    ]


def _amount(verdict: PeriodVerdict, value: Fraction) -> str:
    return verdict.amount(value)


def write_report_csv(
    plan: Plan,
    path: Path,
    first: date,
    last: date,
    staff_ids: Sequence[str] | None = None,
    *,
    include_adjustment_details: bool = False,
) -> int:
    """Write the report as CSV (UTF-8 with a byte-order mark, for Excel); return the row count."""
    rows = report_rows(plan, first, last, staff_ids,
                       include_adjustment_details=include_adjustment_details)
    try:
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADER)
            writer.writerows([neutralise(c) for c in row_cells(r)] for r in rows)
    except OSError as error:
        raise output_error(path, error) from None
    return len(rows)
