"""The compliance report: the figures behind each verdict, private unless asked otherwise."""

import csv
from datetime import date, datetime

import pytest

from deskplan.domain.model import Person
from deskplan.interchange.compliance_pdf import ReportOptions, write_report_pdf
from deskplan.interchange.compliance_report import (
    ARRANGEMENT_APPLIES,
    HEADER,
    Verdict,
    report_rows,
    write_report_csv,
)

from .export_plans import MARCH, march_plan, pdf_pages_text


def read(path):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_one_row_per_person_per_period_with_the_checkers_figures(tmp_path):
    plan = march_plan()
    path = tmp_path / "report.csv"
    count = write_report_csv(plan, path, *MARCH)
    rows = read(path)
    assert list(rows[0]) == list(HEADER)
    checker = plan.checker(*MARCH)
    assert count == len(rows) == len(plan.people) * len(checker.period_ranges)
    ada = {r["period_start"]: r for r in rows if r["staff_id"] == "S001"}
    week = ada["2025-03-10"]  # two days of leave: 22.5 h available, 60% is 13.5 h
    assert (week["available_hours"], week["required_hours"], week["office_hours"]) == (
        "22.5", "13.5", "7.5")
    assert week["verdict"] == Verdict.SHORT.value
    cara = {r["period_start"]: r for r in rows if r["staff_id"] == "S003"}
    assert cara["2025-03-24"]["verdict"] == Verdict.OPEN.value  # nothing planned yet
    assert cara["2025-03-24"]["unplanned_hours"] == "37.5"


def test_verdicts_agree_with_the_rule_engine():
    plan = march_plan()
    verdicts = plan.checker(*MARCH).verdicts()
    rows = report_rows(plan, *MARCH)
    assert len(rows) == sum(len(v) for v in verdicts.values())
    for row in rows:
        assert row.totals in verdicts[row.staff_id]
        assert row.verdict is Verdict.of(row.totals)


def test_arrangements_only_apply_unless_details_are_asked_for(tmp_path):
    plan = march_plan()
    private = {r.arrangement for r in report_rows(plan, *MARCH) if r.staff_id == "S002"}
    assert private == {ARRANGEMENT_APPLIES}
    detailed = {r.arrangement for r in report_rows(plan, *MARCH, include_adjustment_details=True)
                if r.staff_id == "S002"}
    assert detailed == {"fixed home days Mon, from Sat 1 Jun 2024, no end date, "
                        "review Thu 20 Mar 2025, reference FW-0311"}
    assert {r.arrangement for r in report_rows(plan, *MARCH) if r.staff_id != "S002"} == {""}


@pytest.mark.parametrize("name", ["=1+1", "@x", "-x", "+x"])
def test_report_names_are_neutralised(tmp_path, name):
    plan = march_plan(1)
    plan.people[0] = Person(staff_id="S001", name=name, category="support",
                            location="Lambeth")
    path = tmp_path / "report.csv"
    write_report_csv(plan, path, *MARCH)
    assert {r["name"] for r in read(path)} == {"'" + name}


def test_report_pdf_lists_every_person_and_period_on_numbered_pages(qapp, tmp_path):
    del qapp
    plan = march_plan(30)
    path = tmp_path / "report.pdf"
    pages = write_report_pdf(plan, path, *MARCH,
                             ReportOptions(generated=datetime(2025, 3, 31, 17, 0)))
    text = pdf_pages_text(path)
    assert len(text) == pages > 1
    for number, page in enumerate(text, start=1):
        assert "Office attendance compliance — HR Team" in page
        assert "Required" in page
        assert f"Page {number} of {pages}" in page
    everything = "\n".join(text)
    for person in plan.people:
        assert person.name in everything
    assert "the week of 10 March 2025" in everything
    assert "✖ cannot meet" in everything
    assert ARRANGEMENT_APPLIES in everything
    assert "FW-0311" not in everything


def test_report_pdf_details_on_request(qapp, tmp_path):
    del qapp
    path = tmp_path / "report.pdf"
    write_report_pdf(march_plan(), path, date(2025, 3, 3), date(2025, 3, 9),
                     ReportOptions(include_adjustment_details=True))
    pages = pdf_pages_text(path)
    assert "FW-0311 · fixed home days Mon" in pages[0]
    assert "Individual arrangements" in pages[-1]
    assert "Ben Bell (S002): fixed home days Mon, from Sat 1 Jun 2024" in pages[-1]
