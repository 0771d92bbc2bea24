"""`deskplan import`, `deskplan demo` and `deskplan check --team-name`, on SQLite and PostgreSQL.

A failed import must leave the database exactly as it was: byte for byte for a SQLite file, row
for row on PostgreSQL.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from deskplan.cli import main
from deskplan.domain.model import Cell, Status
from deskplan.planning.preferences import Preference
from deskplan.storage import repository
from deskplan.storage.db import ENVIRONMENT_VARIABLE, Database
from tests.storage.databases import database_url, snapshot

__all__ = ["database_url"]

TEAM = """Staff No,Name,Job title,Category,Site,Nation,Working days,Hours per day,Start date
A1,Ada Ames,Call handler,,Lambeth,england,Mon-Fri,7.5,
B2,Ben Bell,HR advisor,support,Lambeth,england,Mon-Fri,7:30,06/01/2025
C3,Eve Eden,Finance officer,,Glasgow,scotland,"Mon,Tue,Wed",7.5,
"""
ROTA = """staff_id,2025-01-06,2025-01-07,2025-01-08,2025-01-09,2025-01-10
A1,O,O,O,H,H
B2,O,O,O,H,H
C3,O,O,H,,
"""
ADJUSTMENTS = """staff_id,kind,start,review_date,weekdays,reference,approver
C3,fixed-home-days,2024-06-01,2025-01-08,Wed,FW-7,Head of Finance
"""
POLICY = """
[[rule]]
category = "operational"
share = 0.8
[[rule]]
category = "support"
share = "60%"
[[location]]
name = "Lambeth"
capacity = 1
[roles]
"Call handler" = "operational"
"""


@pytest.fixture
def cli(database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]):
    """Run `deskplan …` against the test database; returns (exit code, stdout, stderr)."""
    parsed = make_url(database_url)
    if parsed.get_backend_name() == "sqlite":
        monkeypatch.delenv(ENVIRONMENT_VARIABLE, raising=False)
        db_args = ["--db", parsed.database or ""]
    else:
        monkeypatch.setenv(ENVIRONMENT_VARIABLE, database_url)
        db_args = []

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main([*(str(a) for a in args), *db_args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def _file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _load(database_url: str, team_name: str) -> repository.StoredPlan:
    with Database.open(database_url) as db, db.session() as session:
        team = repository.find_team(session, name=team_name)
        assert team is not None
        return repository.load_team(session, team_id=team.id)


def _import_all(cli, tmp_path: Path) -> None:
    assert cli("import", "team", _file(tmp_path, "team.csv", TEAM), "--team-name", "Desk")[0] == 0
    assert cli("import", "policy", _file(tmp_path, "p.toml", POLICY), "--team-name", "Desk")[0] == 0
    assert cli("import", "rota", _file(tmp_path, "rota.csv", ROTA), "--team-name", "Desk")[0] == 0
    assert cli("import", "adjustments", _file(tmp_path, "adj.csv", ADJUSTMENTS),
               "--team-name", "desk")[0] == 0


def test_a_stored_team_checks_exactly_like_its_files(cli, tmp_path: Path) -> None:
    _import_all(cli, tmp_path)
    from_db = cli("check", "--team-name", "Desk", "--format", "json")
    from_files = cli("check", "--team", tmp_path / "team.csv", "--rota", tmp_path / "rota.csv",
                     "--adjustments", tmp_path / "adj.csv", "--policy", tmp_path / "p.toml",
                     "--format", "json")
    assert from_db[0] == from_files[0] == 1  # Lambeth has one desk: over capacity
    assert json.loads(from_db[1]) == json.loads(from_files[1])
    assert json.loads(from_db[1])["conflicts"]
    text = cli("check", "--team-name", "desk", "--from", "2025-01-06", "--to", "2025-01-12")
    assert text[1].startswith("Desk: checked 3 people from Mon 6 Jan 2025 to Sun 12 Jan 2025")


def test_first_import_reports_additions_and_unclassified_titles(cli, tmp_path: Path) -> None:
    code, out, _ = cli("import", "team", _file(tmp_path, "team.csv", TEAM), "--team-name", "Desk")
    assert code == 0
    assert "team 'Desk' (a new team)" in out
    assert "3 to add, 0 to update" in out
    assert "+ A1 Ada Ames (Call handler)" in out
    # Ada's title and Eve's are in no role map yet (the default policy has none); Ben has a
    # category column value.
    assert "'Call handler': A1" in out
    assert "'Finance officer': C3" in out
    assert "'HR advisor'" not in out


def test_reimport_updates_lists_leavers_and_keeps_history(cli, tmp_path: Path,
                                                          database_url: str) -> None:
    _import_all(cli, tmp_path)
    changed = TEAM.replace("A1,Ada Ames,Call handler,,Lambeth", "A1,Ada Ames,Call handler,,Cardiff")
    changed = changed.replace("B2,Ben Bell", "D4,Dev Das")
    code, out, _ = cli("import", "team", _file(tmp_path, "v2.csv", changed), "--team-name", "Desk")
    assert code == 0
    assert "1 to add, 1 to update, 1 unchanged, 1 possible leaver" in out
    assert "~ A1 Ada Ames: location" in out
    assert "? B2 Ben Bell" in out
    stored = _load(database_url, "Desk")
    assert next(p for p in stored.plan.people if p.staff_id == "B2").end_date is None

    code, out, _ = cli("import", "team", tmp_path / "v2.csv", "--team-name", "Desk",
                       "--mark-leavers", "--last-day", "2025-01-31")
    assert code == 0
    assert "Marked as left on Fri 31 Jan 2025" in out
    stored = _load(database_url, "Desk")
    people = {p.staff_id: p for p in stored.plan.people}
    assert people["B2"].end_date == date(2025, 1, 31)
    assert people["A1"].location == "Cardiff"
    assert stored.plan.rota.get("B2", date(2025, 1, 6)) is Status.OFFICE  # history kept
    assert len(stored.plan.adjustments) == 1


BAD_TEAM = TEAM + "B2,Ben Again,HR advisor,,Lambeth,england,Mon-Fri,7.5,\nE5,,HR advisor\n"


@pytest.mark.parametrize(("kind", "name", "text"), [
    ("team", "team.csv", BAD_TEAM),
    ("team", "team.csv", "Forename,Surname\nAda,Ames\n"),  # no staff id column at all
    ("rota", "rota.csv", ROTA + "Z9,O,O,O,O,O\n"),
    ("rota", "rota.csv", "staff_id,date,status\nA1,2025-01-06,Q\n"),
    ("adjustments", "adj.csv", ADJUSTMENTS + "A1,reduced-share,2025-01-01,,,,\n"),
    ("policy", "p.toml", "[[rule]]\nshare = 1.5\n"),
])
def test_a_failed_import_changes_nothing(cli, tmp_path: Path, database_url: str, kind: str,
                                         name: str, text: str) -> None:
    _import_all(cli, tmp_path)
    before = snapshot(database_url)
    code, _, err = cli("import", kind, _file(tmp_path, f"bad-{name}", text), "--team-name", "Desk")
    assert code == 2
    assert f"bad-{name}" in err
    assert snapshot(database_url) == before


def test_a_failed_import_into_a_new_team_creates_no_team(cli, tmp_path: Path,
                                                         database_url: str) -> None:
    _import_all(cli, tmp_path)
    before = snapshot(database_url)
    code, out, err = cli("import", "team", _file(tmp_path, "t.csv", BAD_TEAM), "--team-name", "New")
    assert code == 2
    assert "row 5, column 'Staff No': duplicate staff id 'B2'" in err
    assert "row 6, column 'Name': empty name" in err
    assert "Nothing was written" in out
    assert snapshot(database_url) == before


def test_dry_run_shows_the_changes_and_writes_nothing(cli, tmp_path: Path,
                                                      database_url: str) -> None:
    _import_all(cli, tmp_path)
    before = snapshot(database_url)
    changed = TEAM.replace("Ada Ames", "Ada Ames-Bell")
    code, out, _ = cli("import", "team", _file(tmp_path, "v2.csv", changed), "--team-name", "Desk",
                       "--dry-run", "--mark-leavers")
    assert code == 0
    assert "~ A1 Ada Ames-Bell: name" in out
    assert "Dry run: nothing was written." in out
    assert cli("import", "rota", tmp_path / "rota.csv", "--team-name", "Desk", "--dry-run")[0] == 0
    assert snapshot(database_url) == before


def test_valid_rows_only_imports_the_rest(cli, tmp_path: Path, database_url: str) -> None:
    code, out, _ = cli("import", "team", _file(tmp_path, "t.csv", BAD_TEAM), "--team-name", "Desk",
                       "--valid-rows-only")
    assert code == 0
    assert "Rows left out:" in out
    assert sorted(p.staff_id for p in _load(database_url, "Desk").plan.people) == ["A1", "C3"]


def test_map_and_sheet_choose_columns_and_worksheet(cli, tmp_path: Path,
                                                    database_url: str) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.create_sheet("Staff").append(["Payroll number", "Full name", "Grade title"])
    workbook["Staff"].append(["P1", "Pat Poe", "Call handler"])
    workbook.save(tmp_path / "hr.xlsx")
    code, _, _ = cli("import", "team", tmp_path / "hr.xlsx", "--team-name", "Desk", "--sheet",
                     "Staff", "--map", "Grade title=role")
    assert code == 0
    [person] = _load(database_url, "Desk").plan.people
    assert (person.staff_id, person.name, person.role) == ("P1", "Pat Poe", "Call handler")


def test_rota_import_needs_a_known_team(cli, tmp_path: Path) -> None:
    code, _, err = cli("import", "rota", _file(tmp_path, "rota.csv", ROTA), "--team-name", "Nope")
    assert code == 2
    assert "no team called 'Nope'" in err


def test_demo_creates_three_teams_once(cli) -> None:
    code, out, _ = cli("demo")
    assert code == 0
    assert "Added 3 demo teams" in out
    assert cli("demo")[1].startswith("The demo teams are already in")
    code, out, _ = cli("check", "--team-name", "Control Room")
    assert code == 1  # the demo leaves some conflicts in on purpose
    assert out.startswith("Control Room: checked 22 people")


def test_a_long_form_rota_workbook_is_imported(cli, tmp_path: Path, database_url: str) -> None:
    from openpyxl import Workbook

    assert cli("import", "team", _file(tmp_path, "team.csv", TEAM), "--team-name", "Desk")[0] == 0
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Rota for January"])
    sheet.append(["Staff No", "Date", "Status"])
    sheet.append(["A1", date(2025, 1, 6), "Office"])
    sheet.append(["C3", "07/01/2025", "T"])
    workbook.save(tmp_path / "rota.xlsx")
    code, out, _ = cli("import", "rota", tmp_path / "rota.xlsx", "--team-name", "Desk")
    assert code == 0
    assert out.startswith("Set 2 days for 2 people of team 'Desk'")
    assert sorted(_load(database_url, "Desk").plan.rota.entries()) == [
        ("A1", date(2025, 1, 6), Cell.whole(Status.OFFICE)),
        ("C3", date(2025, 1, 7), Cell.whole(Status.TRAINING))]


def test_an_exported_workbook_is_imported_with_every_month_sheet(
        cli, tmp_path: Path, database_url: str) -> None:
    # Exported with one sheet per month and a "Key" sheet: all months come back, the key is
    # skipped, and the stored team then checks exactly like the files it came from.
    _import_all(cli, tmp_path)
    spread = tmp_path / "spread.csv"
    spread.write_text("staff_id,date,status\nA1,2025-01-31,O\nB2,2025-02-03,O\n"
                      "C3,2025-03-03,H\n", encoding="utf-8")
    assert cli("import", "rota", spread, "--team-name", "Desk")[0] == 0
    exported = tmp_path / "export.xlsx"
    assert cli("export", "xlsx", "--team-name", "Desk", "--from", "2025-01-01",
               "--to", "2025-03-31", "-o", exported)[0] == 0
    assert cli("import", "team", tmp_path / "team.csv", "--team-name", "Copy")[0] == 0
    assert cli("import", "policy", tmp_path / "p.toml", "--team-name", "Copy")[0] == 0
    assert cli("import", "adjustments", tmp_path / "adj.csv", "--team-name", "Copy")[0] == 0
    code, out, _ = cli("import", "rota", exported, "--team-name", "Copy")
    assert code == 0
    assert out.startswith("Set 16 days for 3 people of team 'Copy', Mon 6 Jan 2025 to "
                          "Mon 3 Mar 2025")
    assert sorted(_load(database_url, "Copy").plan.rota.entries()) == sorted(
        _load(database_url, "Desk").plan.rota.entries())
    original = cli("check", "--team-name", "Desk", "--format", "json")
    copy = cli("check", "--team-name", "Copy", "--format", "json")
    assert original[0] == copy[0] == 1
    assert json.loads(original[1]) == json.loads(copy[1])


def test_classifying_a_title_later_checks_everyone_with_it(cli, tmp_path: Path) -> None:
    team = "Staff No,Name,Job title\nA1,Ada Ames,Dispatcher\nB2,Ben Bell,Dispatcher\n"
    rota = "staff_id,2025-01-06,2025-01-07,2025-01-08,2025-01-09,2025-01-10\n" \
           "A1,O,O,O,O,H\nB2,O,H,H,H,H\n"
    cli("import", "team", _file(tmp_path, "team.csv", team), "--team-name", "Desk")
    cli("import", "rota", _file(tmp_path, "rota.csv", rota), "--team-name", "Desk")
    code, out, _ = cli("check", "--team-name", "Desk", "--format", "json")
    rules = sorted((c["staff_id"], c["rule"]) for c in json.loads(out)["conflicts"])
    assert rules == [("A1", "unclassified"), ("B2", "unclassified")]
    policy = POLICY.replace('"Call handler" = "operational"', '"dispatcher" = "operational"')
    cli("import", "policy", _file(tmp_path, "p.toml", policy), "--team-name", "Desk")
    code, out, _ = cli("check", "--team-name", "Desk", "--format", "json")
    rules = sorted((c["staff_id"], c["rule"]) for c in json.loads(out)["conflicts"])
    assert code == 1
    assert ("B2", "below-minimum") in rules  # 1 office day of the 4 operational staff need
    assert not any(rule == "unclassified" for _, rule in rules)


def test_arrangements_without_a_team_name_go_to_each_persons_team(
    cli, tmp_path: Path, database_url: str
) -> None:
    assert cli("import", "team", _file(tmp_path, "team.csv", TEAM), "--team-name", "Desk")[0] == 0
    other = "Staff No,Name,Category\nZ9,Zed Zee,support\nA1,Ada Again,support\n"
    assert cli("import", "team", _file(tmp_path, "other.csv", other), "--team-name", "Other")[0] \
        == 0
    arrangements = ADJUSTMENTS + "Z9,exempt,2025-01-01,,,RA-9,\n"
    code, out, _ = cli("import", "adjustments", _file(tmp_path, "adj.csv", arrangements))
    assert code == 0
    assert "Team 'Desk': 1 arrangement added" in out
    assert "Team 'Other': 1 arrangement added" in out
    assert [a.reference for a in _load(database_url, "Other").plan.adjustments] == ["RA-9"]
    # A1 is in both teams: without --team-name nothing is imported, and the row is named.
    ambiguous = ADJUSTMENTS + "A1,exempt,2025-01-01,,,RA-1,\n"
    code, _, err = cli("import", "adjustments", _file(tmp_path, "amb.csv", ambiguous))
    assert code == 2
    assert ("amb.csv, row 3, column 'staff_id': staff id 'A1' is in no team, or in more than "
            "one (then name the team with --team-name)") in err
    assert len(_load(database_url, "Desk").plan.adjustments) == 1


# --- standing preferences as columns of the team list -------------------------------------------
PREFERENCE_TEAM = ("Staff No,Name,Site,Working days,Usual office days,Prefers home,"
                   "Cannot come in\n"
                   'A1,Ada Ames,Lambeth,Mon-Fri,"Mon, Wed",Fri,\n'
                   "B2,Ben Bell,Lambeth,Mon-Fri,,,Tuesday\n"
                   "C3,Eve Eden,Glasgow,Mon-Wed,,,\n")


def _preferences(database_url: str, team_name: str) -> dict[str, Preference]:
    with Database.open(database_url) as db, db.session() as session:
        team = repository.find_team(session, name=team_name)
        assert team is not None
        return repository.load_preferences(session, team_id=team.id)


def test_preference_columns_are_stored_with_the_people(cli, tmp_path: Path,
                                                       database_url: str) -> None:
    code, out, _ = cli("import", "team", _file(tmp_path, "team.csv", PREFERENCE_TEAM),
                       "--team-name", "Desk")
    assert code == 0
    assert "3 to add" in out
    assert "2 preference changes" in out
    assert "~ A1 Ada Ames: usually in Mon, Wed; prefers home Fri" in out
    assert _preferences(database_url, "Desk") == {
        "A1": Preference("A1", office_days=frozenset({0, 2}), home_days=frozenset({4})),
        "B2": Preference("B2", unavailable_days=frozenset({1})),
    }


def test_a_reimport_replaces_preferences_and_a_blank_row_has_none(cli, tmp_path: Path,
                                                                  database_url: str) -> None:
    assert cli("import", "team", _file(tmp_path, "team.csv", PREFERENCE_TEAM),
               "--team-name", "Desk")[0] == 0
    # Ada's office days change and her home day goes (not merged with what was stored);
    # Ben's row is blank now: no preference; Eve gains one.
    again = (PREFERENCE_TEAM.replace('"Mon, Wed",Fri,', "Thu,,")
             .replace("Mon-Fri,,,Tuesday", "Mon-Fri,,,").replace("Mon-Wed,,,", "Mon-Wed,,Wed,"))
    code, out, _ = cli("import", "team", _file(tmp_path, "v2.csv", again), "--team-name", "Desk")
    assert code == 0
    assert "0 to add, 0 to update, 3 unchanged" in out
    assert "3 preference changes" in out
    assert "~ B2 Ben Bell: no preference (was: cannot come in Tue)" in out
    assert _preferences(database_url, "Desk") == {
        "A1": Preference("A1", office_days=frozenset({3})),
        "C3": Preference("C3", home_days=frozenset({2})),
    }
    # A list without preference columns leaves them as stored.
    code, out, _ = cli("import", "team", _file(tmp_path, "plain.csv", TEAM), "--team-name", "Desk")
    assert code == 0
    assert "preference" not in out
    assert set(_preferences(database_url, "Desk")) == {"A1", "C3"}


@pytest.mark.parametrize(("row", "problem"), [
    ("D4,Dan Dee,Lambeth,Mon-Fri,Tue,,Tue", "row 5, column 'Cannot come in': Tue is already a "
     "usual office day: a day goes in one list only"),
    ("D4,Dan Dee,Lambeth,Mon-Fri,,Mon-Wed,Wed", "row 5, column 'Cannot come in': Wed is "
     "already a day they prefer at home"),
    ("D4,Dan Dee,Lambeth,Mon-Fri,Funday,,", "row 5, column 'Usual office days': unknown "
     "working-day pattern 'Funday'"),
])
def test_a_bad_preference_is_refused_with_its_row_and_column_and_changes_nothing(
        cli, tmp_path: Path, database_url: str, row: str, problem: str) -> None:
    assert cli("import", "team", _file(tmp_path, "team.csv", PREFERENCE_TEAM),
               "--team-name", "Desk")[0] == 0
    before = snapshot(database_url)
    # Ada's preferences change too, on a good row: the file is refused as a whole.
    bad = PREFERENCE_TEAM.replace('"Mon, Wed",Fri,', "Thu,,") + row + "\n"
    code, out, err = cli("import", "team", _file(tmp_path, "bad.csv", bad), "--team-name", "Desk")
    assert code == 2
    assert problem in err
    assert "Nothing was written" in out
    assert snapshot(database_url) == before
    code, _, err = cli("import", "team", tmp_path / "bad.csv", "--team-name", "Fresh")
    assert code == 2
    assert problem in err
    with Database.open(database_url) as db, db.session() as session:
        assert repository.find_team(session, name="Fresh") is None


def test_a_persons_rows_must_agree_on_their_preferences(cli, tmp_path: Path) -> None:
    text = ("Staff No,Name,Working days,Effective from,Usual office days\n"
            "A1,Ada Ames,Mon-Fri,,Tue\n"
            "A1,Ada Ames,Mon-Thu,2025-03-03,\n"      # blank: the first row's preferences
            "B2,Ben Bell,Mon-Fri,,Mon\n"
            "B2,Ben Bell,Mon-Wed,2025-03-03,Wed\n")
    code, _, err = cli("import", "team", _file(tmp_path, "team.csv", text), "--team-name", "Desk",
                       "--dry-run")
    assert code == 2
    assert ("row 5, column 'Usual office days': preferences differ between rows 4 and 5 of "
            "'B2'") in err
    assert "'A1'" not in err
