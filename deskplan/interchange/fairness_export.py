"""The fairness view as files: CSV rows, the JSON `deskplan fairness --format json` prints, plain
text for a terminal, and the "Equality impact evidence" PDF.

Every share is written exactly (a ratio `num/den`) and as a percentage, so HR can check the
arithmetic and a union representative can quote it. Nobody is named anywhere: the rows are
groups (see `deskplan.domain.fairness`).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import datetime
from fractions import Fraction
from pathlib import Path
from typing import Any

from deskplan.domain.calendar import describe_day
from deskplan.domain.fairness import (
    FairnessReport,
    FairnessTable,
    GroupFigures,
    RuleSection,
    method_text,
)
from deskplan.domain.policy import PeriodKind
from deskplan.interchange.export_scope import output_error
from deskplan.interchange.pdf_setup import PageSetup
from deskplan.interchange.sanitise import neutralise

WITHHELD = "withheld"


def ratio(value: Fraction) -> str:
    """`19/31`; a whole number too is written as a ratio (`1/1`), so every share reads alike."""
    return f"{value.numerator}/{value.denominator}"


def percent(value: Fraction) -> float:
    return round(float(value * 100), 1)


def percent_text(value: Fraction) -> str:
    return f"{percent(value):.1f}%"


def points_text(value: Fraction) -> str:
    """A difference of shares in percentage points, with its sign."""
    return f"{'+' if value >= 0 else '−'}{abs(percent(value)):.1f} pts"


def share_json(value: Fraction) -> dict[str, Any]:
    return {"ratio": ratio(value), "percent": percent(value)}


def worst_word(table: FairnessTable) -> str:
    """What the worst period is called: `week`, `month`, `12-week window`."""
    if table.period is PeriodKind.ROLLING and table.policy is not None:
        return f"{table.policy.rolling_weeks}-week window"
    return {PeriodKind.WEEK: "week", PeriodKind.MONTH: "month",
            PeriodKind.QUARTER: "quarter"}.get(table.period, "period")


# --- JSON --------------------------------------------------------------------------------------
def group_json(section: RuleSection, group: GroupFigures) -> dict[str, Any]:
    found: dict[str, Any] = {
        "rule": section.rule,
        "pattern": group.label,
        "pattern_key": group.key,
        "people": None if group.small else group.people,
        "people_text": group.people_text,
        "nominal_share": share_json(group.nominal),
        "part_time": group.part_time,
    }
    if group.hidden:
        found["figures"] = WITHHELD
        return found
    found.update({
        "effective_share": share_json(group.effective),
        "worst_week_share": share_json(group.worst),
        "comparator_share": share_json(group.comparator_share),
        "comparator_gap": share_json(group.gap),
        "home_days_per_week": {"ratio": ratio(group.home_days_per_week),
                               "days": round(float(group.home_days_per_week), 2)},
        "flag": group.flagged,
    })
    return found


def table_json(table: FairnessTable) -> dict[str, Any]:
    return {
        "title": table.title,
        "measure": table.measure,
        "worst_period": worst_word(table),
        "comparator": [{"rule": s.rule, "effective_share": share_json(s.comparator.share),
                        "worst_week_share": share_json(s.comparator.worst),
                        "home_days_per_week": round(float(s.comparator_home_days), 2)}
                       for s in table.sections],
        "groups": [group_json(s, g) for s, g in table.groups],
        "people_without_rule": table.not_covered,
    }


def fairness_json(report: FairnessReport) -> dict[str, Any]:
    return {
        "team": report.team,
        "from": report.first.isoformat(),
        "to": report.last.isoformat(),
        "saved": table_json(report.saved),
        "draft": table_json(report.draft) if report.draft else None,
        "alternatives": [table_json(t) for t in report.alternatives],
        "method": method_text(report),
    }


# --- text --------------------------------------------------------------------------------------
def _row(cells: Sequence[str], widths: Sequence[int]) -> str:
    first, *rest = cells
    return f"{first:<{widths[0]}}" + "".join(f"{c:>{w}}" for c, w in zip(rest, widths[1:],
                                                                         strict=True))


def table_text(table: FairnessTable) -> list[str]:
    worst = f"worst {worst_word(table)}"
    widths = (42, 14, 11, max(13, len(worst) + 2), 10, 11, 14)
    lines = [f"{table.title.capitalize()} ({table.measure})"]
    for section in table.sections:
        lines.append("  " + _row([section.rule, "people", "effective", worst, "home/wk",
                                  "full-timer", "difference"], widths))
        for group in section.groups:
            mark = "⚠ " if group.flagged and not group.hidden else "  "
            if group.hidden:
                cells = [f"  {mark}{group.label}", group.people_text, WITHHELD, "", "", "", ""]
            else:
                cells = [f"  {mark}{group.label}", group.people_text,
                         percent_text(group.effective), percent_text(group.worst),
                         f"{float(group.home_days_per_week):.2f}",
                         percent_text(group.comparator_share), points_text(group.gap)]
            lines.append("  " + _row(cells, widths))
    if not table.sections:
        lines.append("  No policy rule applies to anyone in the range.")
    if table.not_covered:
        lines.append(f"  Not counted: {table.not_covered} "
                     f"{'person' if table.not_covered == 1 else 'people'} no rule applies to.")
    return lines


def alternatives_text(report: FairnessReport) -> list[str]:
    tables = report.alternatives
    widths = (40, *(max(12, len(t.title) + 2) for t in tables))
    lines = ["Measured other ways (effective share of working days; saved rules)"]
    for section in report.saved.sections:
        lines.append("  " + _row([section.rule, *(t.title for t in tables)], widths))
        lines.append("  " + _row(["    full-time comparator (whole rule)",
                                  *(_comparator_text(t, section.rule) for t in tables)], widths))
        for group in section.groups:
            lines.append("  " + _row([f"    {group.label}",
                                      *(_share_text(t, section.rule, group.key)
                                        for t in tables)], widths))
    return lines


def _find(table: FairnessTable, rule: str, key: str) -> GroupFigures | None:
    return next((g for s, g in table.groups if s.rule == rule and g.key == key), None)


def _share_text(table: FairnessTable, rule: str, key: str) -> str:
    group = _find(table, rule, key)
    if group is None:
        return "–"
    return WITHHELD if group.hidden else percent_text(group.effective)


def _comparator_text(table: FairnessTable, rule: str) -> str:
    section = next((s for s in table.sections if s.rule == rule), None)
    return percent_text(section.comparator.share) if section else "–"


def report_text(report: FairnessReport) -> str:
    title = f"{report.team}: fairness" if report.team else "Fairness"
    lines = [f"{title} of the office minimum, {describe_day(report.first)} to "
             f"{describe_day(report.last)}", ""]
    for table in report.tables:
        lines += [*table_text(table), ""]
    lines += [*alternatives_text(report), ""]
    flagged = report.saved.flagged
    if flagged:
        lines.append("⚠ Part-time groups asked for a higher share of their working days than a "
                     "full-timer under the saved policy: "
                     + "; ".join(f"{g.label} ({s.rule}): {points_text(g.gap)}"
                                 for s, g in flagged) + ".")
    else:
        lines.append("✓ No part-time group is asked for a higher share of its working days "
                     "than a full-timer under the saved policy.")
    lines += ["", "Method:"] + [f"  {paragraph}" for paragraph in method_text(report)]
    return "\n".join(lines)


# --- CSV ---------------------------------------------------------------------------------------
CSV_HEADER = ("table", "measure", "rule", "group", "people", "nominal_share",
              "effective_share", "effective_percent", "worst_period", "worst_period_share",
              "worst_period_percent", "comparator_share", "comparator_percent",
              "comparator_gap", "comparator_gap_points", "home_days_per_week",
              "part_time_flag")


def csv_rows(report: FairnessReport) -> list[list[str]]:
    rows = [list(CSV_HEADER)]
    for table in [*report.tables, *report.alternatives]:
        worst = worst_word(table)
        for section in table.sections:
            c = section.comparator
            rows.append([table.title, table.measure, section.rule, "full-time comparator", "",
                         ratio(section.nominal), ratio(c.share), f"{percent(c.share):.1f}",
                         worst, ratio(c.worst), f"{percent(c.worst):.1f}", ratio(c.share),
                         f"{percent(c.share):.1f}", "0/1", "0.0",
                         f"{float(section.comparator_home_days):.2f}", ""])
            for group in section.groups:
                base = [table.title, table.measure, section.rule, group.label,
                        group.people_text, ratio(group.nominal)]
                if group.hidden:
                    rows.append([*base, WITHHELD, *[""] * 10])
                    continue
                rows.append([*base, ratio(group.effective), f"{percent(group.effective):.1f}",
                             worst, ratio(group.worst), f"{percent(group.worst):.1f}",
                             ratio(group.comparator_share),
                             f"{percent(group.comparator_share):.1f}", ratio(group.gap),
                             f"{percent(group.gap):.1f}",
                             f"{float(group.home_days_per_week):.2f}",
                             "yes" if group.flagged else "no"])
    return rows


def write_fairness_csv(report: FairnessReport, path: Path) -> int:
    """Write every table of the report as CSV (UTF-8 with a byte-order mark); return the
    number of data rows."""
    rows = csv_rows(report)
    try:
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle).writerows([neutralise(c) for c in row] for row in rows)
    except OSError as error:
        raise output_error(path, error) from None
    return len(rows) - 1


# --- PDF ---------------------------------------------------------------------------------------
def write_fairness_pdf(report: FairnessReport, path: Path, setup: PageSetup | None = None,
                       generated: datetime | None = None) -> int:
    """Write the "Equality impact evidence" PDF; return its number of pages."""
    from deskplan.interchange.typst_pdf import render_pdf  # Typst only for PDF exports

    generated = generated or datetime.now()
    return render_pdf("fairness.typ", pdf_data(report, setup or PageSetup(), generated), path,
                      generated)


def _bar_groups(table: FairnessTable) -> list[dict[str, Any]]:
    """The chart: per rule, a bar per group (percent of working days) and the comparator."""
    found = []
    for section in table.sections:
        found.append({
            "rule": section.rule,
            "comparator": percent(section.comparator.share),
            "comparator_text": percent_text(section.comparator.share),
            "bars": [{"label": g.label, "people": g.people_text,
                      "value": None if g.hidden else percent(g.effective),
                      "text": WITHHELD if g.hidden else percent_text(g.effective),
                      "flag": g.flagged and not g.hidden} for g in section.groups],
        })
    return found


def _table_rows(table: FairnessTable) -> list[dict[str, Any]]:
    rows = []
    for section in table.sections:
        rows.append({"heading": True, "cells": [section.rule]})
        for g in section.groups:
            if g.hidden:
                cells = [g.label, g.people_text, WITHHELD, "", "", "", "", ""]
            else:
                cells = [g.label, g.people_text, percent_text(g.effective),
                         percent_text(g.worst), f"{float(g.home_days_per_week):.2f}",
                         percent_text(g.comparator_share), points_text(g.gap),
                         ratio(g.effective)]
            rows.append({"heading": False, "flag": g.flagged and not g.hidden, "cells": cells})
    return rows


def pdf_data(report: FairnessReport, setup: PageSetup, generated: datetime) -> dict[str, Any]:
    team = report.team or "Team"
    span = f"{describe_day(report.first)} to {describe_day(report.last)}"
    tables = [{"title": t.title.capitalize(), "measure": t.measure,
               "worst": f"Worst {worst_word(t)}", "rows": _table_rows(t),
               "bars": _bar_groups(t), "not_covered": t.not_covered}
              for t in report.tables]
    rules = [s.rule for s in report.saved.sections]
    alternatives = {
        "titles": [t.title for t in report.alternatives],
        "rows": [row for rule in rules for row in (
            [{"heading": True, "cells": [rule]},
             {"heading": False, "cells": ["Full-time comparator",
                                          *(_comparator_text(t, rule)
                                            for t in report.alternatives)]}]
            + [{"heading": False,
                "cells": [g.label, *(_share_text(t, rule, g.key) for t in report.alternatives)]}
               for s in report.saved.sections if s.rule == rule for g in s.groups])],
    }
    flagged = report.saved.flagged
    finding = ("Part-time groups asked for a higher share of their working days than a "
               "full-timer under the saved policy: "
               + "; ".join(f"{g.label} ({s.rule}), {points_text(g.gap)}" for s, g in flagged)
               + "." if flagged else
               "No part-time group is asked for a higher share of its working days than a "
               "full-timer under the saved policy.")
    return {
        "title": f"Equality impact evidence — {team}", "author": team,
        "subject": f"Effective office share by working pattern under the policy, {span}",
        "subtitle": f"{span}  ·  minimum {report.saved.measure}  ·  no names, groups only",
        "generated": f"Generated {generated.day} {generated:%b %Y at %H:%M}",
        "footer": f"deskplan  ·  {team}  ·  equality impact evidence  ·  {span}",
        "paper": setup.paper.typst_name, "landscape": setup.landscape,
        "content_width": setup.content_width_mm,
        "columns": ["Group", "People", "Effective share", "Worst", "Home days / week",
                    "Full-timer", "Difference", "Exact"],
        "tables": tables, "alternatives": alternatives, "finding": finding,
        "flagged": bool(flagged), "method": method_text(report),
    }

