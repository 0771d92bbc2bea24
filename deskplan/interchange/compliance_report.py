"""The compliance report: per person and measurement period, the basis of the requirement and
the verdict, in hours and in days, so HR can check every figure by hand.

Each row names the person (staff id and name), their role, policy category and base site,
their contracted time in the period, leave and sick time, the share and where it came from (a
policy rule, or an individual arrangement — named only when the manager includes details),
then required, planned and — when actuals are given — attended time, each in hours and in
days, and one verdict:

* `met`, `not met` (still open: days unplanned, or attendance short), `cannot be met`;
* `breach`: in the office on a fixed home day of an arrangement (whatever the minimum says);
* `not checked (no category)` / `not checked (no rule)`: nobody is silently let off.

Weeks before someone joined or after they left are not rows (the checker only gives verdicts
for employed periods). With actuals the basis is what happened: leave and sickness recorded
there lower the requirement, and `attended` is judged; without them the basis is the plan.

Privacy by default: arrangement kinds, references and dates never appear unless asked
(`include_adjustment_details`); a private report says "individual arrangement".
Rows are plain data; `write_report_csv` writes them and `compliance_pdf` typesets them.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction
from pathlib import Path

import numpy as np

from deskplan.domain.actuals import actual_checker, evidence
from deskplan.domain.calendar import describe_day
from deskplan.domain.durations import format_share
from deskplan.domain.engine import Checker
from deskplan.domain.facts import ABSENT, AT_DESK, UNPLANNED, Facts
from deskplan.domain.model import Adjustment, Person, Status, halves_of
from deskplan.domain.ordering import PeopleOrder
from deskplan.domain.plan import Plan
from deskplan.domain.policy import Measure, Policy
from deskplan.domain.rota import Rota
from deskplan.domain.rules.wording import PRIVATE_LABEL, Wording
from deskplan.domain.verdicts import PeriodVerdict, VerdictState, format_amount
from deskplan.interchange.arrangement_text import describe_arrangement
from deskplan.interchange.export_scope import make_scope, output_error
from deskplan.interchange.sanitise import neutralise

ARRANGEMENT_APPLIES = "individual arrangement"
PRIVACY_NOTE = ("Private by default: arrangement kinds, references and dates are not shown; "
                "a person with one is marked only 'individual arrangement'.")
DETAILS_NOTE = ("Includes arrangement details at the manager's request: keep this report "
                "confidential.")

_SICK = np.zeros(256, dtype=np.int8)
_LEAVE = np.zeros(256, dtype=np.int8)
for _code in range(256):
    try:
        _am, _pm = halves_of(_code)
    except ValueError:
        continue
    _SICK[_code] = (_am is Status.SICK) + (_pm is Status.SICK)
    _LEAVE[_code] = (_am is Status.LEAVE) + (_pm is Status.LEAVE)


class Verdict(StrEnum):
    MET = "met"
    NOT_MET = "not met"
    CANNOT = "cannot be met"
    BREACH = "breach"
    NO_CATEGORY = "not checked (no category)"
    NO_RULE = "not checked (no rule)"

    @property
    def key(self) -> str:
        """A short name the PDF template colours and marks by."""
        return {"met": "met", "not met": "open", "cannot be met": "short", "breach": "breach",
                "not checked (no category)": "unchecked",
                "not checked (no rule)": "unchecked"}[self.value]


@dataclass(frozen=True)
class Amount:
    """One figure in hours (exact, from seconds) and in days (half days count one half)."""

    hours: Fraction
    days: Fraction

    def text(self, unit: str) -> str:
        return format_amount(self.hours if unit == "h" else self.days)


NONE = Amount(Fraction(0), Fraction(0))


@dataclass(frozen=True)
class ReportRow:
    team: str
    staff_id: str
    name: str
    role: str
    category: str
    site: str
    totals: PeriodVerdict
    contracted: Amount
    leave: Amount
    sick: Amount
    share: str  # `60%`, or `40% on 2 days, 60% on 3 days`
    source: str  # `rule: the policy for support staff` / `individual arrangement` / details
    required: Amount
    planned: Amount
    attended: Amount | None
    verdict: Verdict
    notes: str = ""
    active: tuple[Adjustment, ...] = ()
    """The arrangements in force in the period, for documents that are allowed to show them."""

    @property
    def first(self) -> date:
        return self.totals.first

    @property
    def last(self) -> date:
        return self.totals.last


HEADER = ("team", "staff_id", "name", "role", "category", "base_site", "period_start",
          "period_end", "contracted_hours", "contracted_days", "leave_hours", "leave_days",
          "sick_hours", "sick_days", "share", "share_source", "required_hours",
          "required_days", "planned_hours", "planned_days", "attended_hours", "attended_days",
          "verdict", "notes")


def report_rows(
    plan: Plan,
    first: date,
    last: date,
    staff_ids: Sequence[str] | None = None,
    *,
    include_adjustment_details: bool = False,
    policy: Policy | None = None,
    actuals: Rota | None = None,
    order: PeopleOrder = PeopleOrder.NAME,
    as_of: date | None = None,
) -> list[ReportRow]:
    """One row per selected person per measurement period meeting `first`..`last`, in the
    grid's order (`order`). With actuals, a period running past `as_of` (today) that is still
    open says so: its days to come are not recorded yet, not missed."""
    private = not include_adjustment_details
    scope = make_scope(plan, first, last, staff_ids, private=private, policy=policy)
    planned = scope.checker
    judged = planned if actuals is None else actual_checker(
        plan.people, policy or plan.policy, plan.adjustments, actuals, first, last,
        private=private)
    people = sorted(scope.people, key=order.key)
    ids = [p.staff_id for p in people]
    basis = judged.verdicts(ids)
    planned_verdicts = planned.verdicts(ids)
    words = Wording(judged.facts, private=private)
    rows = []
    for person in people:
        arrangements = [a for a in plan.adjustments if a.staff_id == person.staff_id]
        by_period = {(v.first, v.last): v for v in planned_verdicts[person.staff_id]}
        for totals in basis[person.staff_id]:
            active = tuple(a for a in arrangements if a.overlaps(totals.first, totals.last))
            rows.append(_row(plan.name, person, totals, by_period.get((totals.first,
                                                                         totals.last)),
                             planned, judged if actuals is not None else None, words,
                             active, include_adjustment_details, as_of))
    return rows


def _row(team: str, person: Person, totals: PeriodVerdict, plan_totals: PeriodVerdict | None,
         planned: Checker, happened: Checker | None, words: Wording,
         active: tuple[Adjustment, ...], details: bool,
         as_of: date | None = None) -> ReportRow:
    basis = happened or planned
    facts = basis.facts
    row = facts.row[person.staff_id]
    lo, hi = facts.column(totals.first), facts.column(totals.last) + 1
    working = np.flatnonzero(facts.working[row, lo:hi]) + lo
    terms = facts.time.terms(row, int(working[-1]) if working.size else lo)
    category = facts.category_on(row, int(working[-1]) if working.size else lo) or ""
    seconds = facts.seconds[row, lo:hi].astype(np.int64)
    codes = facts.codes[row, lo:hi]
    contracted = Amount(Fraction(int(seconds.sum()), 3600), Fraction(working.size))
    on = facts.working[row, lo:hi]  # a day off planned or attended is a conflict, not time
    leave = _halves(seconds, _LEAVE[codes] * on)
    sick = _halves(seconds, _SICK[codes] * on)
    plan_codes = planned.facts.codes[row, lo:hi]
    plan_office = _halves(seconds, facts.office_lut[plan_codes] * on)
    attended = (_halves(seconds, facts.office_lut[codes] * on) if happened is not None
                else None)
    available = [c for c in working.tolist() if ABSENT[facts.codes[row, c]] < 2]
    share, source = _share(words, row, available or working.tolist(), active, details)
    required = _required(facts, totals, row, available)
    verdict, notes = _verdict(totals, facts, row, lo, hi, happened is not None, details)
    if happened is not None and verdict is Verdict.NOT_MET and as_of is not None and \
            totals.last > as_of and totals.state is VerdictState.OPEN:
        cut = max(lo, facts.column(as_of) + 1)
        to_come = int(facts.working[row, cut:hi].sum())
        past = int(UNPLANNED[facts.codes[row, lo:cut]][facts.working[row, lo:cut]].sum())
        notes = (f"not over: {to_come} working day{'s' if to_come != 1 else ''} to come, "
                 f"to {describe_day(totals.last)}"
                 + (f"; {format_amount(Fraction(past, 2))} day{'s' if past != 2 else ''} "
                    "not recorded" if past else ""))
    if happened is not None and plan_totals is not None and plan_totals.unplanned and \
            not notes:
        notes = f"{format_amount(plan_totals.unplanned)} {totals.unit} not planned"
    return ReportRow(team, person.staff_id, person.name, terms.role, category,
                     terms.location, totals, contracted, leave, sick, share, source, required,
                     plan_office, attended, verdict, notes, active if details else ())


def _halves(seconds: np.ndarray, halves: np.ndarray) -> Amount:
    """Hours and days of the halves counted (0, 1 or 2 per day)."""
    counted = halves.astype(np.int64)
    return Amount(Fraction(int((seconds * counted).sum()), 7200), Fraction(int(counted.sum()), 2))


def _share(words: Wording, row: int, columns: list[int], active: tuple[Adjustment, ...],
           details: bool) -> tuple[str, str]:
    """The share of the period's days and its source. Privately an arrangement is only
    "individual arrangement" (also when it lowers the requirement without changing the share,
    as fixed home days do); with details it is named and its terms follow."""
    groups: dict[tuple[Fraction, str], int] = {}
    for column in columns:
        key = words.share_source(row, column)
        groups[key] = groups.get(key, 0) + 1
    if not groups:
        return "", ""
    shares = sorted({share for share, _ in groups}, reverse=True)
    if len(shares) == 1:
        share_text = format_share(shares[0])
    else:
        share_text = ", ".join(
            f"{format_share(s)} on {sum(n for (v, _), n in groups.items() if v == s)} days"
            for s in shares)
    sources = []
    for _, label in groups:
        if label.startswith("the policy for"):
            sources.append(f"rule: {label}")
        elif label == PRIVATE_LABEL:
            sources.append(ARRANGEMENT_APPLIES)
        else:
            sources.append(label)
    if active and not any(s == ARRANGEMENT_APPLIES or s.startswith("arrangement")
                          or s.endswith("arrangement") for s in sources):
        sources.append(ARRANGEMENT_APPLIES if not details else
                       "; ".join(a.name for a in active))
    if details and active:
        sources.append("terms: " + "; ".join(describe_arrangement(a) for a in active))
    return share_text, "; ".join(dict.fromkeys(sources))


def _required(facts: Facts, totals: PeriodVerdict, row: int, available: list[int]) -> Amount:
    """The requirement in both units: in hours mode the days are the fewest open available
    days (longest first, a half day counting one half) that reach the hours; in days mode the
    hours are the share of the available hours (the hours the days stand for)."""
    if totals.state is VerdictState.NOT_CHECKED:
        return NONE
    halves = {c: 2 - int(ABSENT[facts.codes[row, c]]) for c in available}
    if facts.policy.measure is Measure.HOURS:
        need = totals.required * 3600
        found, total = Fraction(0), Fraction(0)
        days = sorted(((Fraction(int(facts.seconds[row, c]) * halves[c], 2), halves[c])
                       for c in available if not facts.fixed[row, c]), reverse=True)
        for length, half_count in days:
            if total >= need:
                break
            total += length
            found += Fraction(half_count, 2)
        return Amount(totals.required, found)
    scaled = sum(int(facts.share[row, c]) * int(facts.seconds[row, c]) * halves[c]
                 for c in available)
    return Amount(Fraction(scaled, facts.scale * 7200), totals.required)


def _verdict(totals: PeriodVerdict, facts: Facts, row: int, lo: int, hi: int,
             actual: bool, details: bool) -> tuple[Verdict, str]:
    codes = facts.codes[row, lo:hi]
    breaches = int(((AT_DESK[codes] > 0) & facts.fixed[row, lo:hi]).sum())
    if breaches:
        days = f"{breaches} day{'s' if breaches != 1 else ''}"
        if details:
            return Verdict.BREACH, (f"in the office on {breaches} fixed home "
                                    f"day{'s' if breaches != 1 else ''}")
        return Verdict.BREACH, f"in the office on {days} an individual arrangement rules out"
    if totals.state is VerdictState.NOT_CHECKED:
        if totals.reason == "no policy category":
            return Verdict.NO_CATEGORY, "classify the job title in the policy's role map"
        return Verdict.NO_RULE, "no policy rule covers the category and site"
    if totals.state is VerdictState.MET:
        return Verdict.MET, ""
    unplanned = int((UNPLANNED[codes][facts.working[row, lo:hi]]).sum())
    if totals.state is VerdictState.OPEN:
        what = "not recorded" if actual else "not planned"
        return Verdict.NOT_MET, f"{format_amount(Fraction(unplanned, 2))} days {what}"
    return (Verdict.NOT_MET, "attendance short") if actual else (Verdict.CANNOT, "")


def row_cells(row: ReportRow) -> list[str]:
    """The row as the text of the CSV's cells, in the order of `HEADER`."""
    totals = row.totals
    attended = row.attended
    return [
        row.team, row.staff_id, row.name, row.role, row.category, row.site,
        totals.first.isoformat(), totals.last.isoformat(),
        row.contracted.text("h"), row.contracted.text("d"), row.leave.text("h"),
        row.leave.text("d"), row.sick.text("h"), row.sick.text("d"), row.share, row.source,
        row.required.text("h"), row.required.text("d"), row.planned.text("h"),
        row.planned.text("d"), attended.text("h") if attended else "",
        attended.text("d") if attended else "", row.verdict.value, row.notes,
    ]


@dataclass(frozen=True)
class SummaryLine:
    """Totals of one team or site: people, rows and how many rows have each verdict."""

    scope: str  # `Team HR Team` / `Site Lambeth`
    people: int
    rows: int
    verdicts: dict[Verdict, int]


def summary(rows: Sequence[ReportRow]) -> list[SummaryLine]:
    """One line for the team, then one per base site (sorted by name)."""
    def line(name: str, chosen: Sequence[ReportRow]) -> SummaryLine:
        counts = {v: sum(1 for r in chosen if r.verdict is v) for v in Verdict}
        return SummaryLine(name, len({r.staff_id for r in chosen}), len(chosen), counts)
    team = rows[0].team if rows else ""
    found = [line(f"Team {team}".strip(), rows)]
    for site in sorted({r.site for r in rows}, key=str.casefold):
        found.append(line(f"Site {site}" if site else "No base site",
                          [r for r in rows if r.site == site]))
    return found


def write_report_csv(
    plan: Plan,
    path: Path,
    first: date,
    last: date,
    staff_ids: Sequence[str] | None = None,
    *,
    include_adjustment_details: bool = False,
    actuals: Rota | None = None,
    order: PeopleOrder = PeopleOrder.NAME,
    policy: Policy | None = None,
    as_of: date | None = None,
) -> int:
    """Write the report as CSV (UTF-8 with a byte-order mark, for Excel); return the row count.
    Only person rows, so it stays one table for a spreadsheet; the totals per team and site
    are `summary` (the PDF prints them). `as_of`: see `report_rows`."""
    rows = report_rows(plan, first, last, staff_ids,
                       include_adjustment_details=include_adjustment_details, actuals=actuals,
                       order=order, policy=policy, as_of=as_of)
    try:
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADER)
            writer.writerows([neutralise(c) for c in row_cells(r)] for r in rows)
    except OSError as error:
        raise output_error(path, error) from None
    return len(rows)


EVIDENCE_HEADER = ("staff_id", "name", "day", "planned", "recorded", "days", "rule",
                   "period")


def write_evidence_csv(plan: Plan, path: Path, first: date, last: date, actuals: Rota,
                       staff_ids: Sequence[str] | None = None, *,
                       include_adjustment_details: bool = False,
                       policy: Policy | None = None, as_of: date | None = None) -> int:
    """The contracted office days not attended and not excused (see
    `deskplan.domain.actuals.evidence`), one row each, of periods ended by `as_of`; return
    the row count."""
    found = evidence(plan, actuals, first, last, private=not include_adjustment_details,
                     policy=policy, staff_ids=staff_ids, as_of=as_of)
    try:
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(EVIDENCE_HEADER)
            for m in found.missed:
                writer.writerow([neutralise(c) for c in (
                    m.staff_id, m.name, m.day.isoformat(), m.planned.long_text(),
                    m.actual.long_text() if m.actual.code else "not recorded",
                    format_amount(m.days), m.rule, m.period)])
    except OSError as error:
        raise output_error(path, error) from None
    return len(found.missed)
