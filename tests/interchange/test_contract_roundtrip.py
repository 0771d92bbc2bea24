"""Half days, other sites, business elsewhere and cycles survive every rota export: the file
read back gives `deskplan check` exactly the conflicts the plan had."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from deskplan.cli import main
from deskplan.domain.model import Cell, Status
from deskplan.interchange.csv_export import CsvLayout, write_csv
from deskplan.interchange.plan_files import load_plan
from deskplan.interchange.xlsx_export import write_xlsx

FIRST, LAST = date(2025, 5, 5), date(2025, 6, 1)
TEAM = """staff_id,name,role,category,location,working_days,hours_per_day,cycle_start,bank_holidays
A1,Ann Able,Call handler,operational,Lambeth,cycle:WWWW----,12,03/05/2025,worked
B2,Bob Bond,Team leader,operational,Lambeth,Mon-Fri | Mon-Thu,8:20,05/05/2025,off
C3,Cat Cole,HR advisor,support,Hendon,Mon-Wed,7.5,,
"""
POLICY = """
[[rule]]
category = "operational"
share = 0.8
[[rule]]
category = "support"
share = 0.6
[[location]]
name = "Lambeth"
capacity = 1
[[location]]
name = "Hendon"
capacity = 1
"""
ROTA = """staff_id,date,status
A1,05/05/2025,office
A1,06/05/2025,office/home
A1,11/05/2025,office@Hendon
A1,12/05/2025,business
A1,08/05/2025,office
B2,06/05/2025,leave/office@Hendon
B2,07/05/2025,office
B2,08/05/2025,O@Hendon/H
B2,09/05/2025,home
B2,16/05/2025,office
C3,05/05/2025,office
C3,06/05/2025,office
C3,12/05/2025,/office
"""


def check(tmp_path: Path, capsys: pytest.CaptureFixture[str], rota: Path) -> list[dict]:
    code = main(["check", "--team", str(tmp_path / "team.csv"), "--rota", str(rota),
                 "--policy", str(tmp_path / "policy.toml"), "--from", FIRST.isoformat(),
                 "--to", LAST.isoformat(), "--format", "json"])
    assert code in (0, 1)
    return json.loads(capsys.readouterr().out)["conflicts"]


@pytest.fixture
def files(tmp_path: Path) -> Path:
    for name, text in (("team.csv", TEAM), ("policy.toml", POLICY), ("rota.csv", ROTA)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_the_plan_reads_its_halves_sites_and_cycles(files: Path) -> None:
    plan = load_plan(files / "team.csv", files / "rota.csv", None, files / "policy.toml")
    assert plan.rota.cell("A1", date(2025, 5, 6)) == Cell(Status.OFFICE, Status.HOME)
    assert plan.rota.cell("A1", date(2025, 5, 11)) == Cell.whole(Status.OFFICE, "Hendon")
    assert plan.rota.cell("B2", date(2025, 5, 8)) == Cell(Status.OFFICE, Status.HOME, "Hendon")
    assert plan.rota.cell("C3", date(2025, 5, 12)) == Cell(Status.UNPLANNED, Status.OFFICE)
    assert plan.people[0].pattern.roster


@pytest.mark.parametrize("form", ["long", "wide", "xlsx"])
def test_every_export_gives_check_the_same_conflicts(files: Path, capsys, form: str) -> None:
    before = check(files, capsys, files / "rota.csv")
    # The plan is not trivially clean: the roster's day off, the desks at Hendon, a short week.
    assert {c["rule"] for c in before} >= {"non-working-day", "over-capacity", "below-minimum"}
    plan = load_plan(files / "team.csv", files / "rota.csv", None, files / "policy.toml")
    target = files / ("exported.xlsx" if form == "xlsx" else "exported.csv")
    if form == "xlsx":
        write_xlsx(plan, target, FIRST, LAST)
    else:
        write_csv(plan, target, FIRST, LAST, CsvLayout(form))
    assert check(files, capsys, target) == before
