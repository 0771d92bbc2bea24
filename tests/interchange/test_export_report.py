"""The compliance report: the basis of each requirement, hours and days, every verdict, private
unless asked otherwise, and the evidence of days not attended."""

import csv
from datetime import date, datetime, timedelta
from fractions import Fraction

import pytest

from deskplan.domain.model import Person, Status, WorkingPattern
from deskplan.domain.ordering import PeopleOrder
from deskplan.domain.rota import Rota
from deskplan.interchange.compliance_pdf import ReportOptions, write_report_pdf
from deskplan.interchange.compliance_report import (
    ARRANGEMENT_APPLIES,
    HEADER,
    PRIVACY_NOTE,
    Verdict,
    report_rows,
    summary,
    write_report_csv,
)

from .export_plans import MARCH, march_plan, pdf_pages_text


def read(path):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def rows_of(rows, staff_id):
    return {r.first: r for r in rows if r.staff_id == staff_id}


def test_one_row_per_person_per_period_with_the_basis_in_hours_and_days(tmp_path):
    plan = march_plan()
    path = tmp_path / "report.csv"
    count = write_report_csv(plan, path, *MARCH)
    rows = read(path)
    assert list(rows[0]) == list(HEADER)
    checker = plan.checker(*MARCH)
    assert count == len(rows) == len(plan.people) * len(checker.period_ranges)
    ada = {r["period_start"]: r for r in rows if r["staff_id"] == "S001"}
    week = ada["2025-03-10"]  # two days of leave: 22.5 h available, 60% is 13.5 h = 2 days
    assert (week["team"], week["role"], week["category"], week["base_site"]) == (
        "HR Team", "HR advisor", "support", "Lambeth")
    assert (week["contracted_hours"], week["contracted_days"]) == ("37.5", "5")
    assert (week["leave_hours"], week["leave_days"]) == ("15", "2")
    assert (week["sick_hours"], week["sick_days"]) == ("0", "0")
    assert (week["share"], week["share_source"]) == ("60%", "rule: the policy for support staff")
    assert (week["required_hours"], week["required_days"]) == ("13.5", "2")
    assert (week["planned_hours"], week["planned_days"]) == ("7.5", "1")
    assert week["attended_hours"] == week["attended_days"] == ""  # no actuals given
    assert week["verdict"] == Verdict.CANNOT.value
    cara = {r["period_start"]: r for r in rows if r["staff_id"] == "S003"}
    assert cara["2025-03-24"]["verdict"] == Verdict.NOT_MET.value  # nothing planned yet
    assert cara["2025-03-24"]["notes"] == "5 days not planned"


def test_a_breach_of_a_fixed_home_day_is_its_own_verdict():
    rows = rows_of(report_rows(march_plan(), *MARCH), "S002")
    breach = rows[date(2025, 3, 17)]  # Ben in the office on a fixed home Monday
    assert breach.verdict is Verdict.BREACH
    assert breach.notes == "in the office on 1 day an individual arrangement rules out"
    detailed = rows_of(report_rows(march_plan(), *MARCH, include_adjustment_details=True),
                       "S002")
    assert detailed[date(2025, 3, 17)].notes == "in the office on 1 fixed home day"
    assert rows[date(2025, 3, 10)].verdict is not Verdict.BREACH


def test_unclassified_and_uncovered_people_are_not_checked_never_met():
    plan = march_plan()
    plan.people[0] = Person("S001", "Ada Ames", role="Cook", category=None,
                            location="Lambeth")
    plan.people[1] = Person("S002", "Ben Bell", role="HR advisor", category="estates",
                            location="Lambeth")
    rows = report_rows(plan, *MARCH)
    assert {r.verdict for r in rows if r.staff_id == "S001"} == {Verdict.NO_CATEGORY}
    no_rule = {r.verdict for r in rows if r.staff_id == "S002"}
    assert no_rule <= {Verdict.NO_RULE, Verdict.BREACH}
    assert Verdict.NO_RULE in no_rule
    ada = rows_of(rows, "S001")[date(2025, 3, 3)]
    assert (ada.required.hours, ada.category) == (0, "")


def test_weeks_before_joining_and_after_leaving_are_not_rows():
    plan = march_plan()
    plan.people[0] = Person("S001", "Ada Ames", role="HR advisor", category="support",
                            location="Lambeth", start_date=date(2025, 3, 19))
    plan.people[2] = Person("S003", "Cara Cole", role="HR advisor", category="support",
                            location="Lambeth", end_date=date(2025, 3, 11))
    rows = report_rows(plan, *MARCH)
    assert sorted(rows_of(rows, "S001")) == [date(2025, 3, 17), date(2025, 3, 24),
                                             date(2025, 3, 31)]
    assert sorted(rows_of(rows, "S003")) == [date(2025, 2, 24), date(2025, 3, 3),
                                             date(2025, 3, 10)]
    joining = rows_of(rows, "S001")[date(2025, 3, 17)]  # employed Wed-Fri of that week
    assert (joining.contracted.days, joining.required.hours) == (3, Fraction(27, 2))


def test_rows_follow_the_grids_order_and_staff_ids_are_in_every_row():
    plan = march_plan()
    plan.people[3] = Person("S004", "Aaron Zed", role="Analyst", category="support",
                            location="Hendon", pattern=plan.people[3].pattern)
    by_name = [r.staff_id for r in report_rows(plan, *MARCH)]
    assert by_name[0] == "S004"  # Aaron before Ada
    by_site = [r.site for r in report_rows(plan, *MARCH, order=PeopleOrder.LOCATION)]
    assert by_site == sorted(by_site)
    assert all(r.staff_id for r in report_rows(plan, *MARCH))


def test_arrangements_are_named_only_when_details_are_asked_for():
    plan = march_plan()
    private = {r.source for r in report_rows(plan, *MARCH) if r.staff_id == "S002"}
    assert all(ARRANGEMENT_APPLIES in s for s in private)
    assert not any("FW-0311" in s or "fixed" in s for s in private)
    detailed = {r.source for r in report_rows(plan, *MARCH, include_adjustment_details=True)
                if r.staff_id == "S002"}
    assert any("terms: fixed home days Mon, from Sat 1 Jun 2024" in s for s in detailed)
    assert {r.source for r in report_rows(plan, *MARCH) if r.staff_id != "S002"} == {
        "rule: the policy for support staff"}


def test_summary_counts_verdicts_per_team_and_site():
    rows = report_rows(march_plan(), *MARCH)
    team, site = summary(rows)
    assert (team.scope, team.people, team.rows) == ("Team HR Team", 4, len(rows))
    assert site.scope == "Site Lambeth"
    assert sum(team.verdicts.values()) == len(rows)
    assert team.verdicts[Verdict.BREACH] == 1


def actuals_for(plan, absent=()):
    """Everyone attended as planned, except the days in `absent` (staff id, day, status)."""
    actuals = plan.rota.copy()
    for staff_id, day, status in absent:
        actuals.set(staff_id, day, status)
    return actuals


def test_with_actuals_attended_is_judged_on_what_happened():
    plan = march_plan()
    actuals = actuals_for(plan, [("S001", date(2025, 3, 4), Status.SICK),
                                 ("S004", date(2025, 3, 4), Status.HOME)])
    rows = report_rows(plan, *MARCH, actuals=actuals)
    ada = rows_of(rows, "S001")[date(2025, 3, 3)]
    # Sick on Tuesday: 30 h available, 60% = 18 h = 3 days; attended Wednesday only.
    assert (ada.sick.hours, ada.required.hours, ada.required.days) == (
        Fraction(15, 2), 18, 3)
    assert (ada.planned.days, ada.attended.days, ada.verdict) == (2, 1, Verdict.NOT_MET)
    dev = rows_of(rows, "S004")[date(2025, 3, 3)]  # Mon-Wed; Thursday's training is off
    assert (dev.planned.days, dev.attended.days) == (2, 1)


def test_report_pdf_lists_every_person_period_and_states_privacy_on_every_page(tmp_path):
    plan = march_plan(30)
    path = tmp_path / "report.pdf"
    pages = write_report_pdf(plan, path, *MARCH,
                             ReportOptions(generated=datetime(2025, 3, 31, 17, 0)))
    text = pdf_pages_text(path)
    assert len(text) == pages > 1
    squeeze = [" ".join(page.split()) for page in text]
    for number, page in enumerate(squeeze, start=1):
        assert "Office attendance compliance — HR Team" in page
        assert " ".join(PRIVACY_NOTE.split()) in page
        assert f"Page {number} of {pages}" in page
    everything = "\n".join(squeeze)
    for person in plan.people:
        assert f"{person.staff_id} · {person.name}" in everything
    assert "10–16 March 2025" in everything
    assert "✖ cannot be met" in everything
    assert "⚠ breach" in everything
    assert "13.5 h · 2 d" in everything
    assert "Summary by team and site" in everything
    assert "Site Lambeth" in everything
    assert "FW-0311" not in everything
    assert "fixed home" not in everything


def test_report_pdf_details_on_request(tmp_path):
    path = tmp_path / "report.pdf"
    write_report_pdf(march_plan(), path, date(2025, 3, 3), date(2025, 3, 9),
                     ReportOptions(include_adjustment_details=True))
    pages = [" ".join(p.split()) for p in pdf_pages_text(path)]
    assert "Includes arrangement details" in pages[0]
    assert "Individual arrangements" in pages[-1]
    assert "Ben Bell (S002): fixed home days Mon, from Sat 1 Jun 2024" in pages[-1]


def test_report_pdf_with_actuals_lists_the_days_not_attended(tmp_path):
    plan = march_plan()
    actuals = actuals_for(plan, [("S003", date(2025, 3, 4), Status.HOME)])
    path = tmp_path / "report.pdf"
    write_report_pdf(plan, path, date(2025, 3, 3), date(2025, 3, 9),
                     ReportOptions(actuals=actuals))
    text = " ".join(" ".join(pdf_pages_text(path)).split())
    assert "Contracted office days not attended" in text
    assert "S003 · Cara Cole Tue 4 Mar 2025 Office Home" in text
    assert "it computes no pay" in text


@pytest.mark.parametrize("name", ["=1+1", "@x", "-x", "+x"])
def test_report_names_are_neutralised(tmp_path, name):
    plan = march_plan(1)
    plan.people[0] = Person(staff_id="S001", name=name, category="support",
                            location="Lambeth", pattern=WorkingPattern.standard())
    path = tmp_path / "report.csv"
    write_report_csv(plan, path, *MARCH)
    assert {r["name"] for r in read(path)} == {"'" + name}


def test_an_empty_actuals_record_leaves_every_period_not_recorded():
    plan = march_plan()
    rows = report_rows(plan, *MARCH, actuals=Rota(p.staff_id for p in plan.people))
    week = rows_of(rows, "S001")[date(2025, 3, 3)]
    assert (week.attended.days, week.verdict) == (0, Verdict.NOT_MET)
    assert week.notes == "5 days not recorded"
    assert all(r.first - timedelta(days=r.first.weekday()) == r.first for r in rows)


def test_a_week_not_over_says_so_instead_of_counting_days_to_come_as_missed():
    # Run on Wednesday 5 March with Ada in on Monday, at home on Tuesday and Wednesday not
    # recorded: her week (60%: 3 days) is still open; Thursday and Friday are to come, not
    # "not recorded". The week after has not begun.
    plan = march_plan()
    actuals = Rota(p.staff_id for p in plan.people)
    actuals.set("S001", date(2025, 3, 3), Status.OFFICE)
    actuals.set("S001", date(2025, 3, 4), Status.HOME)
    rows = report_rows(plan, *MARCH, actuals=actuals, as_of=date(2025, 3, 5))
    week = rows_of(rows, "S001")[date(2025, 3, 3)]
    assert week.verdict is Verdict.NOT_MET
    assert week.notes == "not over: 2 working days to come, to Sun 9 Mar 2025; 1 day not recorded"
    assert rows_of(rows, "S001")[date(2025, 3, 10)].notes.startswith(
        "not over: 5 working days to come")
    # Once the month is over the same actuals are judged as ever.
    after = rows_of(report_rows(plan, *MARCH, actuals=actuals, as_of=date(2025, 3, 31)),
                    "S001")[date(2025, 3, 3)]
    assert (after.verdict, after.notes) == (Verdict.NOT_MET, "3 days not recorded")
