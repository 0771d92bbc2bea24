"""CSV exports: both shapes read back by `deskplan check` with nothing lost; no formulas run."""

import csv
import json
from datetime import date

import pytest

from deskplan.cli import main
from deskplan.domain.model import Person, Status
from deskplan.domain.plan import Plan
from deskplan.interchange.csv_export import CsvLayout, write_csv
from deskplan.interchange.rota_file import read_rota
from deskplan.interchange.sanitise import neutralise
from deskplan.interchange.table import parse_csv_text

from .export_plans import MARCH, march_plan, write_plan_files


def read_rows(path):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def check_json(capsys, files, rota, first="2025-03-01", last="2025-03-31"):
    code = main(["check", "--team", str(files["team"]), "--rota", str(rota),
                 "--adjustments", str(files["adjustments"]), "--policy", str(files["policy"]),
                 "--from", first, "--to", last, "--format", "json"])
    return code, json.loads(capsys.readouterr().out)["conflicts"]


@pytest.mark.parametrize("layout", ["long", "wide"])
def test_exported_rota_gives_deskplan_check_the_same_conflicts(tmp_path, capsys, layout):
    files = write_plan_files(march_plan(), tmp_path)
    original = check_json(capsys, files, files["rota"])
    exported = tmp_path / f"exported-{layout}.csv"
    assert main(["export", "csv", "--team", str(files["team"]), "--rota", str(files["rota"]),
                 "--from", "2025-03-01", "--to", "2025-03-31", "--layout", layout,
                 "-o", str(exported)]) == 0
    capsys.readouterr()
    assert original[1], "the fixture is meant to have conflicts"
    assert check_json(capsys, files, exported) == original


@pytest.mark.parametrize("layout", list(CsvLayout))
def test_export_holds_every_planned_cell_of_the_range(tmp_path, layout):
    plan = march_plan()
    path = tmp_path / "rota.csv"
    write_csv(plan, path, *MARCH, layout, include_absence_detail=True)
    rows = read_rows(path)
    found = {}
    if layout is CsvLayout.LONG:
        assert rows[0] == ["staff_id", "name", "date", "status"]
        found = {(r[0], r[2]): r[3][0].upper() for r in rows[1:]}
    else:
        assert rows[0][:2] == ["staff_id", "name"]
        assert rows[0][2] == "2025-03-01"
        assert rows[0][-1] == "2025-03-31"
        found = {(r[0], d): v for r in rows[1:]
                 for d, v in zip(rows[0][2:], r[2:], strict=True) if v}
    expected = {(s, d.isoformat()): st.text() for s, d, st in plan.rota.entries()
                if MARCH[0] <= d <= MARCH[1]}
    assert found == expected


def test_export_of_selected_people_leaves_the_others_out(tmp_path):
    path = tmp_path / "rota.csv"
    write_csv(march_plan(), path, *MARCH, CsvLayout.WIDE, staff_ids=["S002"])
    rows = read_rows(path)
    assert [r[:2] for r in rows[1:]] == [["S002", "Ben Bell"]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Ada Ames", "Ada Ames"),
        ("O'Neil = boss", "O'Neil = boss"),
        ("", ""),
    ],
)
def test_neutralise_marks_only_text_a_spreadsheet_would_run(text, expected):
    assert neutralise(text) == expected


@pytest.mark.parametrize("layout", list(CsvLayout))
@pytest.mark.parametrize("name", ["=cmd|' /C calc'!A0", "+1", "-1", "@A1", "\t=1", "\r=1"])
def test_names_that_look_like_formulas_are_neutralised_in_csv(tmp_path, layout, name):
    plan = march_plan()
    plan.people[0] = Person(staff_id="S001", name=name, category="support",
                            location="Lambeth")
    path = tmp_path / "rota.csv"
    write_csv(plan, path, date(2025, 3, 3), date(2025, 3, 7), layout)
    rows = read_rows(path)
    names = {r[1] for r in rows[1:] if r[0] == "S001"}
    assert names == {"'" + name}


@pytest.mark.parametrize("layout", list(CsvLayout))
def test_leave_and_sickness_are_both_away_unless_detail_is_included(tmp_path, layout):
    plan = march_plan()
    plan.rota.set("S002", date(2025, 3, 12), Status.SICK)
    path = tmp_path / "rota.csv"
    write_csv(plan, path, *MARCH, layout)
    text = path.read_text(encoding="utf-8-sig")
    assert "sick" not in text.lower()
    assert "leave" not in text.lower()
    assert ("away" if layout is CsvLayout.LONG else ",A,") in text
    # Read back, away is an absence: the same verdicts as leave or sickness.
    back = read_rota(parse_csv_text(text, "rota.csv"), {p.staff_id for p in plan.people})
    assert back.get("S002", date(2025, 3, 12)) is Status.LEAVE
    checked = Plan(plan.people, back, plan.policy, plan.adjustments).checker(*MARCH)
    assert [c.key for c in checked.conflicts] == [c.key for c in plan.checker(*MARCH).conflicts]
