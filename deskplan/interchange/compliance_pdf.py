"""The compliance report as a tagged PDF table, on the same page furniture as the rota PDF.

One line per person per period, grouped by person, with the column titles repeated on every
page (`resources/pdf/report.typ`, laid out by Typst). The verdict carries a mark (✓ ✖ ○) as
well as words, so it never relies on colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from fractions import Fraction
from pathlib import Path
from typing import Any

from deskplan.domain.calendar import describe_period
from deskplan.domain.model import Adjustment
from deskplan.domain.plan import Plan
from deskplan.domain.policy import Policy
from deskplan.domain.verdicts import PeriodVerdict
from deskplan.interchange.arrangement_text import describe_arrangement, summarise_arrangement
from deskplan.interchange.compliance_report import ReportRow, Verdict, report_rows
from deskplan.interchange.export_scope import Progress
from deskplan.interchange.pdf_setup import PageSetup
from deskplan.interchange.rota_document import describe_range
from deskplan.interchange.typst_pdf import render_pdf

COLUMNS = ("Name", "Period", "Available", "Required", "Office", "Unplanned",
           "Individual arrangement", "Verdict")
_VERDICT_KEYS = {Verdict.MEETS: "meets", Verdict.SHORT: "short", Verdict.OPEN: "open",
                 Verdict.NOT_CHECKED: "unchecked"}


@dataclass(frozen=True)
class ReportOptions:
    setup: PageSetup = field(default_factory=PageSetup)
    include_adjustment_details: bool = False
    staff_ids: tuple[str, ...] | None = None
    generated: datetime | None = None
    #: Judge by this policy (a what-if draft) instead of the saved one.
    policy: Policy | None = None


def write_report_pdf(
    plan: Plan,
    path: Path,
    first: date,
    last: date,
    options: ReportOptions | None = None,
    progress: Progress | None = None,
) -> int:
    """Write the compliance report as a PDF; return the number of pages."""
    options = options or ReportOptions()
    rows = report_rows(plan, first, last, options.staff_ids,
                       include_adjustment_details=options.include_adjustment_details,
                       policy=options.policy)
    if progress is not None:
        progress(1, 2)
    generated = options.generated or datetime.now()
    pages = render_pdf("report.typ", _typst_data(plan, rows, first, last, options.setup,
                                                 generated, options.policy), path, generated)
    if progress is not None:
        progress(2, 2)
    return pages


def _typst_data(plan: Plan, rows: Sequence[ReportRow], first: date, last: date,
                setup: PageSetup, generated: datetime,
                policy: Policy | None = None) -> dict[str, Any]:
    team = plan.name or "Team"
    people = len({r.staff_id for r in rows})
    measure = (policy or plan.policy).describe_measure()
    table = []
    previous = None
    shade = False
    for row in rows:
        if row.staff_id != previous:
            shade = not shade
        totals = row.totals
        table.append({
            "name": row.name if row.staff_id != previous else "",
            "shade": shade,
            "cells": [describe_period(totals.first, totals.last, totals.kind),
                      _amount(totals, totals.available), _amount(totals, totals.required),
                      _amount(totals, totals.office), _amount(totals, totals.unplanned),
                      "; ".join(summarise_arrangement(a) for a in row.active)
                      or row.arrangement],
            "verdict": row.verdict.value, "verdict_key": _VERDICT_KEYS[row.verdict],
        })
        previous = row.staff_id
    return {
        "title": f"Office attendance compliance — {team}", "author": team,
        "subject": (f"For each person and period, the time available, required and planned "
                    f"in the office, {describe_range(first, last)}"),
        "subtitle": (f"{describe_range(first, last)}  ·  {people} "
                     f"{'person' if people == 1 else 'people'}  ·  "
                     f"minimum {measure}"),
        "generated": f"Generated {generated.day} {generated:%b %Y at %H:%M}",
        "footer": f"deskplan  ·  {team}  ·  {describe_range(first, last)}",
        "paper": setup.paper.typst_name, "landscape": setup.landscape,
        "content_width": setup.content_width_mm,
        "columns": COLUMNS, "rows": table, "arrangements": _arrangement_notes(rows),
    }


def _amount(verdict: PeriodVerdict, value: Fraction) -> str:
    """`22.5 h` or `3 d`: the policy's unit with every figure."""
    return f"{verdict.amount(value)} {verdict.unit}"


def _arrangement_notes(rows: Sequence[ReportRow]) -> list[str]:
    """Each arrangement shown in the report once, in full, for the last page(s)."""
    notes: dict[Adjustment, str] = {}
    for row in rows:
        for adjustment in row.active:
            notes.setdefault(adjustment,
                             f"{row.name} ({row.staff_id}): {describe_arrangement(adjustment)}")
    return list(notes.values())
