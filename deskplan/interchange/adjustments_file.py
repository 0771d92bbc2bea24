"""Individual arrangements: reasonable adjustments and approved flexible working."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from deskplan.domain.calendar import parse_date
from deskplan.domain.durations import parse_share
from deskplan.domain.errors import ProblemCollector
from deskplan.domain.limits import adjustment_breaches
from deskplan.domain.model import Adjustment, AdjustmentKind, arrangement_problems
from deskplan.interchange.cell_text import plain_number
from deskplan.interchange.headers import ADJUSTMENT_FIELDS, map_columns
from deskplan.interchange.table import Table
from deskplan.interchange.team_file import parse_weekdays

_KIND_ALIASES = {
    "reduced share": "reduced-share", "reduced": "reduced-share",
    "fixed home days": "fixed-home-days", "fixed home": "fixed-home-days",
    "home days": "fixed-home-days", "exemption": "exempt",
    "max share": "max-share", "maximum share": "max-share", "maximum office share": "max-share",
    "most office share": "max-share", "office cap": "max-share", "cap": "max-share",
}


def parse_kind(text: str) -> AdjustmentKind:
    value = " ".join(text.strip().lower().replace("_", " ").replace("-", " ").split())
    value = _KIND_ALIASES.get(value, value.replace(" ", "-"))
    try:
        return AdjustmentKind(value)
    except ValueError:
        kinds = ", ".join(k.value for k in AdjustmentKind)
        raise ValueError(f"unknown arrangement kind {text!r}; use one of {kinds}") from None


def read_adjustments(
    table: Table, known_staff: Collection[str] | None, *, unknown: str = "is not in the team"
) -> list[Adjustment]:
    """Read every arrangement; `known_staff` (if given) is who they may belong to, and
    `unknown` what to say of anybody else."""
    problems = ProblemCollector(table.source, table.sheet)
    columns = map_columns(table, ADJUSTMENT_FIELDS, ("staff_id", "kind", "start"), problems)
    problems.raise_if_any()
    found = []
    for row, number in zip(table.rows, table.row_numbers, strict=True):
        values = {f: table.cell(row, i) for f, i in columns.items()}
        before = len(problems.problems)

        def report(field: str, message: str, number: int = number) -> None:
            problems.add(message, row=number, column=table.header[columns[field]])

        staff_id = values["staff_id"]
        if not staff_id:
            report("staff_id", "empty staff id")
        elif known_staff is not None and staff_id not in known_staff:
            report("staff_id", f"staff id {staff_id!r} {unknown}")
        kind = None
        try:
            kind = parse_kind(values["kind"])
        except ValueError as error:
            report("kind", str(error))
        dates: dict[str, date | None] = {}
        for field in ("start", "end", "review_date"):
            text = values.get(field, "")
            try:
                dates[field] = parse_date(text) if text else None
            except ValueError as error:
                report(field, str(error))
        if not values["start"]:
            report("start", "empty start date")
        share = None
        if values.get("share"):
            try:
                share = parse_share(plain_number(values["share"]))
            except ValueError as error:
                report("share", str(error))
        weekdays: list[int] = []
        if values.get("weekdays"):
            try:
                weekdays = parse_weekdays(values["weekdays"])
            except ValueError as error:
                report("weekdays", str(error))
        home_days = None
        text = values.get("home_days", "")
        if text.isdigit():
            home_days = int(text)
        elif text:  # a "Home days" column holding weekday names means those weekdays
            try:
                weekdays = sorted({*weekdays, *parse_weekdays(text)})
            except ValueError:
                report("home_days", f"{text!r} is neither a number of home days a week nor "
                                    "weekdays (e.g. 3, or Mon,Fri)")
        if len(problems.problems) > before or kind is None or dates.get("start") is None:
            continue
        misfits = arrangement_problems(kind, share, weekdays, home_days)
        for field, reason in misfits:  # a field that does not fit the kind, named by column
            if field == "weekdays" and "weekdays" not in columns and "home_days" in columns:
                field = "home_days"
            if field in columns:
                report(field, reason)
            else:
                problems.add(reason, row=number)
        if misfits:
            continue
        try:
            adjustment = Adjustment(
                staff_id=staff_id, kind=kind, start=dates["start"], end=dates.get("end"),
                review_date=dates.get("review_date"), share=share,
                weekdays=frozenset(weekdays), reference=values.get("reference", ""),
                approver=values.get("approver", ""), home_days=home_days,
            )
        except ValueError as error:
            problems.add(str(error), row=number)
            continue
        breaches = adjustment_breaches(adjustment)
        for breach in breaches:
            report(breach.field, breach.message)
        if not breaches:
            found.append(adjustment)
    problems.raise_if_any()
    return found
