"""`deskplan export`: every format from the same files `deskplan check` takes."""

import csv
import json
import os
import subprocess
import sys

import pytest
from pypdf import PdfReader

from deskplan.cli import main
from deskplan.domain.model import Status

from .export_plans import march_plan, pdf_pages_text, write_plan_files


@pytest.fixture
def files(qapp, tmp_path):
    # The command creates a screenless QGuiApplication only when none exists; in this test
    # process pytest-qt's QApplication must come first, as other tests need that class.
    del qapp
    return write_plan_files(march_plan(), tmp_path)


def export(files, fmt, output, *extra):
    return main(["export", fmt, "--team", str(files["team"]), "--rota", str(files["rota"]),
                 "--adjustments", str(files["adjustments"]), "--policy", str(files["policy"]),
                 "--from", "2025-03-01", "--to", "2025-03-31", "-o", str(output), *extra])


@pytest.mark.parametrize(("fmt", "name", "said"), [
    ("pdf", "rota.pdf", "Wrote 1 page to"),
    ("csv", "rota.csv", "Wrote "),
    ("xlsx", "rota.xlsx", "Wrote 1 month sheet (Mar 2025) to"),
    ("ics", "rota.ics", "calendar events and "),
    ("report", "report.csv", "rows to"),
    ("report", "report.pdf", "Wrote 3 pages to"),  # the rows, then the summary page
])
def test_each_format_is_written_and_reported(files, tmp_path, capsys, fmt, name, said):
    output = tmp_path / name
    assert export(files, fmt, output) == 0
    assert said in capsys.readouterr().out
    assert output.stat().st_size > 0


def test_pdf_options_reach_the_document(files, tmp_path):
    output = tmp_path / "rota.pdf"
    assert export(files, "pdf", output, "--paper", "letter", "--orientation", "Portrait",
                  "--conflicts-page", "--include-adjustment-details", "--people", "S002,S003",
                  "--name", "Payroll", "--title", "Who is in") == 0
    pages = pdf_pages_text(output)
    assert "Who is in — Payroll" in pages[0]
    assert "Conflicts" in "\n".join(pages)
    assert "FW-0311" in pages[0]
    assert "Ada Ames" not in pages[0]
    box = PdfReader(output).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_the_team_name_defaults_to_the_team_files_name(files, tmp_path):
    output = tmp_path / "rota.pdf"
    assert export(files, "pdf", output) == 0
    assert "Office rota — team" in pdf_pages_text(output)[0]


def test_the_team_calendar_shape(files, tmp_path, capsys):
    output = tmp_path / "team.ics"
    assert export(files, "ics", output, "--shape", "team") == 0
    said = capsys.readouterr().out
    in_office = {d for _, d, cell in march_plan().rota.entries() if cell.status is Status.OFFICE}
    # One site: an event for each day someone is in, a cancellation for the rest of March.
    assert f"Wrote {len(in_office)} calendar events and {31 - len(in_office)} cancellations" \
        in said
    assert b"SUMMARY:Lambeth: 4 in" in output.read_bytes()
    assert export(files, "ics", tmp_path / "folder", "--shape", "team", "--per-person") == 2
    assert "--per-person writes personal calendars" in capsys.readouterr().err


def test_wide_csv_layout(files, tmp_path):
    output = tmp_path / "wide.csv"
    assert export(files, "csv", output, "--layout", "wide") == 0
    with output.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle))
    assert header[:3] == ["staff_id", "name", "2025-03-01"]


def test_unknown_people_are_a_user_error(files, tmp_path, capsys):
    assert export(files, "csv", tmp_path / "x.csv", "--people", "S002,NOPE") == 2
    assert "'NOPE' is not in the team" in capsys.readouterr().err


def test_a_backwards_range_is_a_user_error(files, tmp_path, capsys):
    code = main(["export", "csv", "--team", str(files["team"]), "--rota", str(files["rota"]),
                 "--from", "2025-03-31", "--to", "2025-03-01", "-o", str(tmp_path / "x.csv")])
    assert code == 2
    assert "before" in capsys.readouterr().err


def test_without_a_plan_the_user_is_told_what_to_give(tmp_path, capsys):
    assert main(["export", "csv", "-o", str(tmp_path / "x.csv")]) == 2
    assert "--team" in capsys.readouterr().err


def test_an_unwritable_output_is_a_user_error(files, tmp_path, capsys):
    assert export(files, "xlsx", tmp_path / "no" / "such" / "x.xlsx") == 2
    assert "cannot write" in capsys.readouterr().err


def test_pdf_export_needs_no_screen(files, tmp_path):
    # A fresh process without a display and without QT_QPA_PLATFORM: the command must start
    # its own offscreen application rather than fail or try to open a window.
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY",
                                                           "WAYLAND_DISPLAY")}
    output = tmp_path / "rota.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "deskplan.cli", "export", "pdf", "--team", str(files["team"]),
         "--rota", str(files["rota"]), "-o", str(output)],
        env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "Ada Ames" in pdf_pages_text(output)[0]


def test_a_team_stored_in_the_database_exports_like_files(qapp, tmp_path, capsys):
    del qapp
    db = tmp_path / "deskplan.db"
    assert main(["demo", "--db", str(db)]) == 0
    output = tmp_path / "stored.pdf"
    assert main(["export", "pdf", "--team-name", "HR & Finance", "--db", str(db),
                 "-o", str(output)]) == 0
    assert "Office rota — HR & Finance" in pdf_pages_text(output)[0]
    report = tmp_path / "stored.csv"
    assert main(["export", "report", "--team-name", "HR & Finance", "--db", str(db),
                 "-o", str(report)]) == 0
    with report.open(encoding="utf-8-sig", newline="") as handle:
        assert len(list(csv.DictReader(handle))) > 13
    capsys.readouterr()
    assert main(["export", "csv", "--team-name", "Nobody", "--db", str(db),
                 "-o", str(tmp_path / "x.csv")]) == 2
    assert "no team called 'Nobody'" in capsys.readouterr().err


def test_team_name_and_files_together_are_refused(files, tmp_path, capsys):
    assert main(["export", "csv", "--team-name", "X", "--team", str(files["team"]),
                 "-o", str(tmp_path / "x.csv")]) == 2
    assert "leave out --team" in capsys.readouterr().err


def test_calendars_per_person(files, tmp_path, capsys):
    folder = tmp_path / "calendars"
    assert export(files, "ics", folder, "--per-person", "--people", "S001,S002") == 0
    assert "Wrote 2 calendars" in capsys.readouterr().out
    assert sorted(p.name for p in folder.iterdir()) == ["S001 Ada Ames.ics", "S002 Ben Bell.ics"]


def test_the_global_db_option_reaches_a_command_given_none(tmp_path, capsys):
    """`deskplan --db team.db demo` writes team.db, as the user wrote, not the default file;
    a command's own --db still wins."""
    db, other = tmp_path / "team.db", tmp_path / "other.db"
    assert main(["--db", str(db), "demo"]) == 0
    capsys.readouterr()
    assert main(["--db", str(other), "check", "--team-name", "Vetting Unit", "--db", str(db),
                 "--format", "json"]) in (0, 1)
    conflicts = json.loads(capsys.readouterr().out)["conflicts"]
    assert conflicts
    assert all(c["staff_id"].startswith("VU") for c in conflicts if c["staff_id"])
    assert not other.exists()
