"""The compliance report as a tagged PDF: one table row per person and period, a summary per
team and site, and — when actuals are given — the contracted office days not attended.

Page furniture is the rota PDF's (`resources/pdf/report.typ`, laid out by Typst); the title
block, which repeats on every page, states the privacy in force. The verdict carries a mark
(✓ ○ ✖ ⚠ –) as well as words, so it never relies on colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from deskplan.domain.actuals import Evidence, evidence
from deskplan.domain.calendar import describe_day, describe_period
from deskplan.domain.model import Adjustment
from deskplan.domain.ordering import PeopleOrder
from deskplan.domain.plan import Plan
from deskplan.domain.policy import Policy
from deskplan.domain.rota import Rota
from deskplan.domain.verdicts import format_amount
from deskplan.interchange.arrangement_text import describe_arrangement
from deskplan.interchange.compliance_report import (
    DETAILS_NOTE,
    PRIVACY_NOTE,
    Amount,
    ReportRow,
    Verdict,
    report_rows,
    summary,
)
from deskplan.interchange.export_scope import Progress
from deskplan.interchange.pdf_setup import PageSetup
from deskplan.interchange.rota_document import describe_range
from deskplan.interchange.typst_pdf import render_pdf

COLUMNS = ("Staff id · name", "Role · category · site", "Period", "Contracted",
           "Leave · sick", "Share and source", "Required", "Planned", "Attended", "Verdict")
MARKS = {Verdict.MET: "✓", Verdict.NOT_MET: "○", Verdict.CANNOT: "✖", Verdict.BREACH: "⚠",
         Verdict.NO_CATEGORY: "–", Verdict.NO_RULE: "–"}


@dataclass(frozen=True)
class ReportOptions:
    setup: PageSetup = field(default_factory=PageSetup)
    include_adjustment_details: bool = False
    staff_ids: tuple[str, ...] | None = None
    generated: datetime | None = None
    #: Judge by this policy (a what-if draft) instead of the saved one.
    policy: Policy | None = None
    #: What happened (see `deskplan.domain.actuals`): adds attended time and the evidence.
    actuals: Rota | None = None
    order: PeopleOrder = PeopleOrder.NAME


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
    generated = options.generated or datetime.now()
    rows = report_rows(plan, first, last, options.staff_ids,
                       include_adjustment_details=options.include_adjustment_details,
                       policy=options.policy, actuals=options.actuals, order=options.order,
                       as_of=generated.date())
    found = (evidence(plan, options.actuals, first, last,
                      private=not options.include_adjustment_details, policy=options.policy,
                      staff_ids=options.staff_ids, as_of=generated.date())
             if options.actuals is not None else None)  # as of the day it is made
    if progress is not None:
        progress(1, 2)
    pages = render_pdf("report.typ", typst_data(plan, rows, first, last, options, generated,
                                                found), path, generated)
    if progress is not None:
        progress(2, 2)
    return pages


def _both(amount: Amount | None) -> str:
    if amount is None:
        return "–"
    return f"{format_amount(amount.hours)} h · {format_amount(amount.days)} d"


def typst_data(plan: Plan, rows: Sequence[ReportRow], first: date, last: date,
               options: ReportOptions, generated: datetime,
               found: Evidence | None = None) -> dict[str, Any]:
    team = plan.name or "Team"
    people = len({r.staff_id for r in rows})
    measure = (options.policy or plan.policy).describe_measure()
    details = options.include_adjustment_details
    table = []
    previous = None
    shade = False
    for row in rows:
        if row.staff_id != previous:
            shade = not shade
        table.append({
            "shade": shade,
            "cells": [
                f"{row.staff_id} · {row.name}" if row.staff_id != previous else "",
                " · ".join(p for p in (row.role, row.category or "no category", row.site) if p)
                if row.staff_id != previous else "",
                describe_range(row.first, row.last),
                _both(row.contracted),
                "\n".join(f"{what} {_both(amount)}" for what, amount in
                          (("leave", row.leave), ("sick", row.sick)) if amount.hours or
                          amount.days) or "–",
                f"{row.share}\n{row.source}".strip(),
                _both(row.required), _both(row.planned),
                _both(row.attended) if options.actuals is not None else "–",
            ],
            "verdict": f"{MARKS[row.verdict]} {row.verdict.value}",
            "verdict_key": row.verdict.key, "notes": row.notes,
        })
        previous = row.staff_id
    basis = ("basis: what was recorded as happening" if options.actuals is not None
             else "basis: the plan")
    return {
        "title": f"Office attendance compliance — {team}", "author": team,
        "subject": (f"For each person and period, the basis of the office requirement, "
                    f"required, planned and attended time and the verdict, "
                    f"{describe_range(first, last)}"),
        "subtitle": (f"{describe_range(first, last)}  ·  {people} "
                     f"{'person' if people == 1 else 'people'}  ·  minimum {measure}  ·  "
                     f"{basis}"),
        "privacy": DETAILS_NOTE if details else PRIVACY_NOTE,
        "generated": f"Generated {generated.day} {generated:%b %Y at %H:%M}",
        "footer": f"deskplan  ·  {team}  ·  {describe_range(first, last)}",
        "paper": options.setup.paper.typst_name, "landscape": options.setup.landscape,
        "content_width": options.setup.content_width_mm,
        "columns": COLUMNS, "rows": table,
        "summary_columns": ["", "People", "Rows", *(v.value for v in Verdict)],
        "summary": [[line.scope, str(line.people), str(line.rows),
                     *(str(line.verdicts[v]) for v in Verdict)] for line in summary(rows)],
        "evidence": _evidence_data(found) if found is not None else None,
        "arrangements": _arrangement_notes(rows) if details else [],
    }


def _evidence_data(found: Evidence) -> dict[str, Any]:
    unit = found.unit
    periods = [[f"{p.staff_id} · {p.name}", describe_period(p.first, p.last, p.actual.kind),
                f"{format_amount(p.required)} {unit}", f"{format_amount(p.planned)} {unit}",
                f"{format_amount(p.attended)} {unit}" if p.recorded else "not recorded"]
               for p in found.periods]
    missed = [[f"{m.staff_id} · {m.name}", describe_day(m.day), m.planned.label(),
               m.recorded_as, "half day" if m.days != 1 else "", m.rule, m.period]
              for m in found.missed]
    return {"periods": periods, "missed": missed,
            "summary": (f"{len(found.missed)} contracted office "
                        f"day{'s' if len(found.missed) != 1 else ''} not attended and not "
                        "excused. A day is excused — and not listed — by leave or sickness "
                        "recorded that day, an individual arrangement (a fixed home day, an "
                        "exemption, a share lowered to nothing), a bank holiday or a closure, "
                        "and no day is listed in a period whose requirement attendance met. "
                        "This lists days and the rule that made each count; it computes no "
                        "pay.")}


def _arrangement_notes(rows: Sequence[ReportRow]) -> list[str]:
    """Each arrangement shown in the report once, in full, for the last page(s)."""
    notes: dict[Adjustment, str] = {}
    for row in rows:
        for adjustment in row.active:
            notes.setdefault(adjustment,
                             f"{row.name} ({row.staff_id}): {describe_arrangement(adjustment)}")
    return list(notes.values())
