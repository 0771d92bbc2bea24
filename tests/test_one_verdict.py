"""One verdict on every screen and page: for random plans and random ranges, the window's
counts, the PDF's summary line, the compliance report's verdicts and `deskplan check
--format json` agree exactly — also under a what-if draft."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deskplan.commands.check import report
from deskplan.domain.conflicts import RuleId
from deskplan.domain.model import Adjustment, AdjustmentKind, Cell, Person, Status, WorkingPattern
from deskplan.domain.plan import Plan
from deskplan.domain.policy import CoverageRule, Location, Measure, PeriodKind, Policy, Rule
from deskplan.domain.rota import Rota
from deskplan.domain.verdicts import VerdictState
from deskplan.interchange.compliance_report import Verdict, report_rows
from deskplan.interchange.rota_document import PdfOptions, build_rota_document
from deskplan.ui.conflicts_dock import ConflictListModel
from deskplan.ui.document import TeamDocument
from deskplan.ui.rota_model import RotaModel
from deskplan.ui.store import MemoryStore

START = date(2025, 4, 7)  # Easter and the May bank holidays fall in the ten weeks
DAYS = 70
H = 3600

patterns = st.sampled_from([
    WorkingPattern.standard(),
    WorkingPattern.from_days([0, 1, 2], [int(7.5 * H)]),
    WorkingPattern.from_days([0, 1, 2, 3], [int(9.375 * H)]),
    WorkingPattern.from_weeks([[0, 1, 2, 3, 4], [0, 1, 2, 3]], [[30000]], date(2025, 4, 7)),
    WorkingPattern.from_roster("WWWW----", [12 * H], date(2025, 4, 5)),
])
statuses = st.sampled_from([Status.UNPLANNED, Status.OFFICE, Status.OFFICE, Status.HOME,
                            Status.LEAVE, Status.TRAINING, Status.BUSINESS])


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    period = draw(st.sampled_from(list(PeriodKind)))
    measure = draw(st.sampled_from(list(Measure)))
    return Policy(
        rules=(Rule(draw(st.sampled_from([Fraction(3, 5), Fraction(4, 5)])),
                    category="support"),
               Rule(Fraction(4, 5), category="operational")),
        period=period, rolling_weeks=4 if period is PeriodKind.ROLLING else None,
        measure=measure,
        round_to=draw(st.sampled_from([Fraction(1), Fraction(1, 2)]))
        if measure is Measure.DAYS else Fraction(1),
        locations=(Location("Lambeth", draw(st.integers(1, 3))), Location("Hendon", 1)),
        coverage=(CoverageRule("Call handler", 1),),
    )


@st.composite
def plans(draw: st.DrawFn) -> tuple[Plan, Policy | None, date, date]:
    count = draw(st.integers(2, 4))
    people = [Person(f"P{i}", f"Person {i}", role=draw(st.sampled_from(["Call handler", "HR"])),
                     category=draw(st.sampled_from(["support", "operational", None])),
                     location=draw(st.sampled_from(["Lambeth", "Hendon"])),
                     pattern=draw(patterns),
                     start_date=draw(st.none() | st.just(START + timedelta(days=20))))
              for i in range(count)]
    rota = Rota(p.staff_id for p in people)
    for person in people:
        for offset in range(DAYS):
            am, pm = draw(statuses), draw(st.sampled_from([None, Status.HOME, Status.OFFICE]))
            day = START + timedelta(days=offset)
            site = "Hendon" if am is Status.OFFICE and draw(st.integers(0, 9)) == 0 else None
            rota.set_cell(person.staff_id, day,
                          Cell.whole(am, site) if pm is None else Cell(am, pm, site, None))
    adjustments = [Adjustment("P0", AdjustmentKind.FIXED_HOME_DAYS, START,
                              weekdays=frozenset({draw(st.integers(0, 4))}))]
    plan = Plan(people, rota, draw(policies()), adjustments, name="T")
    draft = draw(st.none() | policies())
    first = START + timedelta(days=draw(st.integers(0, DAYS - 1)))
    last = min(first + timedelta(days=draw(st.integers(0, 40))), START + timedelta(days=DAYS - 1))
    return plan, draft, first, last


def counts_of(line: str) -> tuple[int, int]:
    """`✖ 2 errors and 3 warnings, …` (the PDF's summary line) → (2, 3); no conflicts → 0, 0."""
    found = re.search(r"(\d+) errors? and (\d+) warnings?", line)
    return (int(found[1]), int(found[2])) if found else (0, 0)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(case=plans())
def test_window_pdf_report_and_check_agree(qapp, capsys, case) -> None:
    plan, draft, first, last = case
    # The window, with the draft tried as a what-if when there is one.
    document = TeamDocument(MemoryStore([plan]), 1, first, last)
    if draft is not None:
        document.set_draft_policy(draft)
    RotaModel(document)
    window = ConflictListModel(document).counts()
    judged = draft or plan.policy
    # `deskplan check --format json`, judging by the same policy.
    checked = Plan(plan.people, plan.rota, judged, plan.adjustments, name=plan.name)
    capsys.readouterr()
    report(checked, first, last, "json")
    conflicts = json.loads(capsys.readouterr().out)["conflicts"]
    check = (sum(1 for c in conflicts if c["severity"] == "error"),
             sum(1 for c in conflicts if c["severity"] == "warning"))
    # The PDF's summary line, from its page model.
    pdf = build_rota_document(plan, first, last, PdfOptions(policy=draft),
                              lambda days, periods: True)
    assert window == check == counts_of(pdf.check)
    # The compliance report: a period that cannot be met is exactly a below-minimum conflict.
    short = {(c["staff_id"], c["start"]) for c in conflicts if c["rule"] == RuleId.BELOW_MINIMUM}
    rows = report_rows(plan, first, last, policy=draft)
    assert {(r.staff_id, r.totals.first.isoformat()) for r in rows
            if r.totals.state is VerdictState.CANNOT} == short
    # A breach of a fixed home day is reported as such, whatever the minimum says.
    assert all(r.verdict in (Verdict.CANNOT, Verdict.BREACH) for r in rows
               if (r.staff_id, r.totals.first.isoformat()) in short)
