"""Plan against actual from the command line: attendance imported beside the plan, checked by
the same rules, and the evidence of days not attended exported."""

import csv
import json
from datetime import date
from pathlib import Path

from deskplan.cli import main
from tests.interchange.export_plans import march_plan, write_plan_files

# Ada (S001) was planned in the office on Tue 4 and Wed 5 March; she swiped in on Wednesday
# only (twice), was at home on Tuesday; an unknown contractor's card swiped too.
SWIPES = """Card,Date,Time,Site
0001,05/03/2025,08:40,Lambeth
0001,05/03/2025,13:05,Lambeth
0002,04/03/2025,09:00,Lambeth
0002,05/03/2025,09:00,Lambeth
0099,05/03/2025,09:00,Lambeth
"""
BADGES = "badge_id,staff_id\n0001,S001\n0002,S002\n"


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_check_judges_the_actuals_by_the_same_rules(tmp_path, capsys):
    files = write_plan_files(march_plan(), tmp_path)
    swipes, badges = write(tmp_path, "swipes.csv", SWIPES), write(tmp_path, "b.csv", BADGES)
    code = main(["check", "--team", str(files["team"]), "--adjustments",
                 str(files["adjustments"]), "--policy", str(files["policy"]),
                 "--actuals", str(swipes), "--badges", str(badges), "--format", "json"])
    found = json.loads(capsys.readouterr().out)["conflicts"]
    rules = {(c["rule"], c["staff_id"]) for c in found}
    # Only Wednesday is recorded for Ada: the rest of the week stays open, not "home".
    assert ("below-minimum", "S001") not in rules
    assert ("unplanned", "S001") in rules
    assert code == 0


def test_import_attendance_records_actuals_and_export_evidence_lists_the_day(tmp_path, capsys):
    db = tmp_path / "deskplan.db"
    files = write_plan_files(march_plan(), tmp_path)
    assert main(["import", "team", str(files["team"]), "--team-name", "HR", "--db",
                 str(db)]) == 0
    assert main(["import", "policy", str(files["policy"]), "--team-name", "HR", "--db",
                 str(db), "--replace"]) == 0
    assert main(["import", "rota", str(files["rota"]), "--team-name", "HR", "--db",
                 str(db)]) == 0
    capsys.readouterr()
    swipes = write(tmp_path, "swipes.csv", SWIPES)
    assert main(["import", "attendance", str(swipes), "--team-name", "HR", "--badges",
                 str(write(tmp_path, "b.csv", BADGES)), "--map", "Card=badge_id",
                 "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "3 person-days from 5 rows" in out
    assert "1 further swipes on the same days counted once" in out
    assert "0099 (row 6)" in out
    # Ada's Tuesday: planned office, nothing recorded, the week short.
    evidence = tmp_path / "evidence.csv"
    assert main(["export", "evidence", "--team-name", "HR", "--db", str(db), "--from",
                 "2025-03-03", "--to", "2025-03-09", "-o", str(evidence)]) == 0
    rows = read(evidence)
    ada = [r for r in rows if r["staff_id"] == "S001"]
    assert [(r["day"], r["planned"], r["recorded"]) for r in ada] == [
        ("2025-03-04", "office", "not recorded")]
    assert ada[0]["rule"] == "60% under the policy for support staff"
    report = tmp_path / "report.csv"
    assert main(["export", "report", "--team-name", "HR", "--db", str(db), "--from",
                 "2025-03-03", "--to", "2025-03-09", "-o", str(report)]) == 0
    ada_row = next(r for r in read(report) if r["staff_id"] == "S001")
    assert (ada_row["planned_days"], ada_row["attended_days"]) == ("2", "1")


def test_bookings_still_to_come_are_not_recorded_as_attended(tmp_path, capsys):
    # A desk-booking export runs into the future: a booking is a plan, not attendance.
    from deskplan.storage import repository
    from deskplan.storage.db import Database, sqlite_url

    db = tmp_path / "deskplan.db"
    files = write_plan_files(march_plan(), tmp_path)
    assert main(["import", "team", str(files["team"]), "--team-name", "HR", "--db",
                 str(db)]) == 0
    capsys.readouterr()
    bookings = write(tmp_path, "bookings.csv",
                     "staff_id,date\nS001,2025-03-05\nS001,2099-03-04\nS002,2099-03-05\n")
    assert main(["import", "attendance", str(bookings), "--team-name", "HR",
                 "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "2 person-days after " in out
    assert "left out: they have not happened yet" in out
    database = Database.open(sqlite_url(db))
    try:
        with database.session() as session:
            team = repository.find_team(session, name="HR")
            assert team is not None
            stored = repository.load_actuals(session, team_id=team.id)
    finally:
        database.close()
    assert [(s, d) for s, d, _ in stored.entries()] == [("S001", date(2025, 3, 5))]
