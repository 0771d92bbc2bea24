"""Every export read back by `deskplan check`: the same plan gives the same conflicts.

Each test exports the plan of the files `deskplan check` takes, turns the export back into a
rota file (directly where `check` reads the format, through an independent reader where it does
not), and compares the JSON conflicts of the two checks over whole weeks.
"""

import csv
import json
from datetime import date

import icalendar
import pytest

from deskplan.cli import main
from deskplan.domain.model import Status

from .export_plans import march_plan, pdf_structure, write_plan_files

WEEKS = ("--from", "2025-02-17", "--to", "2025-04-06")  # Mondays to Sundays, across 3 months


@pytest.fixture
def files(tmp_path):
    plan = march_plan()
    # Conflicts in February and April too, so a workbook has three month sheets that must all
    # be read back: three people in on 18 February is over Lambeth's two desks.
    for person in plan.people[:3]:
        plan.rota.set(person.staff_id, date(2025, 2, 18), Status.OFFICE)
    plan.rota.set("S004", date(2025, 4, 3), Status.OFFICE)  # a Thursday, not one of her days
    return write_plan_files(plan, tmp_path)


def conflicts(capsys, files, rota):
    capsys.readouterr()
    code = main(["check", "--team", str(files["team"]), "--rota", str(rota),
                 "--adjustments", str(files["adjustments"]), "--policy", str(files["policy"]),
                 *WEEKS, "--format", "json"])
    found = json.loads(capsys.readouterr().out)["conflicts"]
    return code, found


def export(files, fmt, output, *extra):
    assert main(["export", fmt, "--team", str(files["team"]), "--rota", str(files["rota"]),
                 "--adjustments", str(files["adjustments"]), "--policy", str(files["policy"]),
                 *WEEKS, "-o", str(output), *extra]) == 0


@pytest.mark.parametrize(("fmt", "name", "extra"), [
    ("csv", "long.csv", ()),
    ("csv", "wide.csv", ("--layout", "wide")),
    ("xlsx", "rota.xlsx", ()),
])
def test_a_rota_export_checks_exactly_like_the_original(files, tmp_path, capsys, fmt, name,
                                                        extra):
    expected = conflicts(capsys, files, files["rota"])
    assert expected[0] == 1
    starts = {(c["rule"], c["start"]) for c in expected[1]}
    assert {("over-capacity", "2025-02-18"), ("non-working-day", "2025-04-03"),
            ("adjustment-breached", "2025-03-17")} <= starts
    exported = tmp_path / name
    export(files, fmt, exported, *extra)
    assert conflicts(capsys, files, exported) == expected


def test_a_personal_calendar_read_back_checks_exactly_like_the_original(files, tmp_path,
                                                                        capsys):
    # Leave and sickness are both "Away" in a calendar (privacy); the plan has no sick days,
    # and the two count the same in every rule.
    expected = conflicts(capsys, files, files["rota"])
    exported = tmp_path / "rota.ics"
    export(files, "ics", exported)
    with files["team"].open(encoding="utf-8", newline="") as handle:
        names = {row["name"]: row["staff_id"] for row in csv.DictReader(handle)}
    statuses = {"Office": "office", "Home": "home", "Training": "training", "Away": "leave"}
    rota = tmp_path / "from-calendar.csv"
    with rota.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["staff_id", "date", "status"])
        for event in icalendar.Calendar.from_ical(exported.read_bytes()).walk("VEVENT"):
            if str(event["STATUS"]) == "CANCELLED":
                continue
            name, _, what = str(event["SUMMARY"]).partition(": ")
            writer.writerow([names[name], event.decoded("DTSTART").isoformat(),
                             statuses[what.split(" — ")[0]]])
    assert conflicts(capsys, files, rota) == expected


def test_the_pdfs_conflicts_page_lists_exactly_what_check_reports(files, tmp_path, capsys):
    # With the details asked for, the PDF words conflicts as `check` does; read back through
    # the tag tree (what a screen reader meets), each conflict is one paragraph.
    _, expected = conflicts(capsys, files, files["rota"])
    exported = tmp_path / "rota.pdf"
    export(files, "pdf", exported, "--conflicts-page", "--include-adjustment-details")
    tree = pdf_structure(exported)
    text = tree.text()
    listed = text[text.index("errors first."):]
    messages = [c["message"] for c in expected]
    positions = [listed.find(m) for m in messages]
    assert all(p > 0 for p in positions), [m for m, p in zip(messages, positions, strict=True)
                                           if p < 0]
    errors = [c for c in expected if c["severity"] == "error"]
    assert f"{len(errors)} errors and {len(expected) - len(errors)} warnings" in text
    assert listed.count("✖") + listed.count("⚠") == len(expected)
