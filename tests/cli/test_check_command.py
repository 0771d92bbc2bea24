"""`deskplan check` from files: reports, JSON, exit codes, and bad input with its location."""

import json
from pathlib import Path

import pytest

from deskplan.cli import main

TEAM = """\ufeffStaff No,Name,Job title,Category,Site,Nation,Working days,Hours per day,Start date
A1,Ada Ames,Call handler,operational,Lambeth,england,Mon-Fri,7.5,
B2,Ben Bell,HR advisor,support,Lambeth,england,Mon-Fri,7:30,06/01/2025
C3,Eve Eden,Finance officer,support,Glasgow,scotland,"Mon,Tue,Wed",7.5,
"""
GOOD_ROTA = """staff_id,2025-01-06,2025-01-07,2025-01-08,2025-01-09,2025-01-10
A1,O,O,O,O,H
B2,O,O,O,H,H
C3,O,O,H,,
"""
SHORT_ROTA = GOOD_ROTA.replace("B2,O,O,O,H,H", "B2,O,H,H,H,H")
POLICY = """
period = "week"
[[rule]]
category = "operational"
share = 0.8
[[rule]]
category = "support"
share = "60%"
"""


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def run(tmp_path, capsys, rota=GOOD_ROTA, team=TEAM, extra=(), policy=POLICY, adjustments=None):
    args = ["check", "--team", str(write(tmp_path, "team.csv", team)),
            "--rota", str(write(tmp_path, "rota.csv", rota))]
    if policy is not None:
        args += ["--policy", str(write(tmp_path, "policy.toml", policy))]
    if adjustments is not None:
        args += ["--adjustments", str(write(tmp_path, "adj.csv", adjustments))]
    code = main([*args, *extra])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_compliant_plan_exits_0(tmp_path, capsys):
    code, out, err = run(tmp_path, capsys)
    assert code == 0
    # Eve's three days at 60% a week need 2 of 3 days: more than a full-timer's 3 of 5.
    assert "0 errors, 1 warning." in out
    assert "[pro-rata-warning]" in out
    assert "66.67% of working days against 60%" in out
    assert "✓ The plan meets the policy" in out
    assert err == ""


def test_a_short_week_exits_1_with_the_reason(tmp_path, capsys):
    code, out, _ = run(tmp_path, capsys, rota=SHORT_ROTA)
    assert code == 1
    assert "1 error, 1 warning." in out  # the warning: Eve's pro-rata share (see above)
    assert ("✖ [below-minimum] Ben Bell has 1 office day in the week of 6 January 2025; "
            "needs 3 of 5 available days") in out


def test_json_output(tmp_path, capsys):
    code, out, _ = run(tmp_path, capsys, rota=SHORT_ROTA, extra=["--format", "json"])
    assert code == 1
    conflict, policy_warning = json.loads(out)["conflicts"]
    assert (policy_warning["rule"], policy_warning["staff_id"]) == ("pro-rata-warning", None)
    assert conflict["rule"] == "below-minimum"
    assert conflict["staff_id"] == "B2"
    assert conflict["start"] == "2025-01-06"
    assert conflict["end"] == "2025-01-12"
    assert set(conflict) == {"rule", "severity", "staff_id", "location", "role", "start", "end",
                             "message"}


def test_long_form_rota_and_status_words(tmp_path, capsys):
    rota = "staff_id,date,status\n" + "".join(
        f"{sid},{day},{status}\n"
        for sid, statuses in (("A1", "office office office office home"),
                              ("B2", "O O O H H"), ("C3", "O O H")) for day, status in zip(
            ["2025-01-06", "07/01/2025", "8 Jan 2025", "2025-01-09", "2025-01-10"],
            statuses.split(), strict=False))
    code, out, _ = run(tmp_path, capsys, rota=rota)
    assert code == 0, out


def test_default_policy_without_policy_file(tmp_path, capsys):
    code, _, _ = run(tmp_path, capsys, policy=None)
    assert code == 0


def test_range_restricts_the_check(tmp_path, capsys):
    code, out, _ = run(tmp_path, capsys, rota=SHORT_ROTA,
                       extra=["--from", "2025-01-13", "--to", "2025-01-19"])
    assert code == 0
    assert "4 warnings" in out  # nobody is planned that week yet, and the pro-rata warning


def test_adjustments_file(tmp_path, capsys):
    adjustments = ("staff_id,kind,start,end,review_date,share,weekdays,reference\n"
                   "B2,reduced-share,2025-01-01,,2025-06-30,0.2,,RA-1\n")
    code, _, _ = run(tmp_path, capsys, rota=SHORT_ROTA, adjustments=adjustments)
    assert code == 0


def test_windows_1252_semicolon_team_file(tmp_path, capsys):
    team = TEAM.replace("\ufeff", "").replace(",", ";").replace('"Mon;Tue;Wed"', "Mon/Tue/Wed")
    team = team.replace("Eve Eden", "Zoë Éden")
    args = ["check", "--team", str(write(tmp_path, "team.csv", team, "cp1252")),
            "--rota", str(write(tmp_path, "rota.csv", GOOD_ROTA))]
    assert main(args) == 0
    capsys.readouterr()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("rota", "B2,O,O,O,H,H", "B2,O,X,O,H,H"),
         "rota.csv, row 3, column '2025-01-07': unknown status 'X'"),
        (("rota", "C3,O,O,H,,", "Z9,O,O,H,,"),
         "rota.csv, row 4, column 'staff_id': staff id 'Z9' is not in the team"),
        (("team", "C3,Eve Eden", "B2,Eve Eden"),
         "team.csv, row 4, column 'Staff No': duplicate staff id 'B2' (first on row 3)"),
        (("team", "Mon-Fri,7:30", "Mon-Fry,7:30"),
         "team.csv, row 3, column 'Working days': unknown working-day pattern 'Mon-Fry'"),
        (("team", "06/01/2025", "31/02/2025"),
         "team.csv, row 3, column 'Start date': '31/02/2025' is not a real date"),
        (("team", "06/01/2025", "06/01/25"),
         "team.csv, row 3, column 'Start date': '06/01/25' is not a date deskplan can read"),
        (("team", "Ada Ames", ""), "team.csv, row 2, column 'Name': empty name"),
        (("policy", "share = 0.8", "share = 1.2"),
         "policy.toml: rule 1: share: share '1.2' must be between 0 and 1"),
        (("policy", 'period = "week"', "period = [week"), "policy.toml: not valid TOML"),
        (("policy", 'period = "week"', 'period = "fortnight"'),
         'policy.toml: period: \'fortnight\' is not a period; use "week", "month", '
         '"quarter" or "rolling"'),
    ],
)
def test_bad_input_exits_2_naming_the_place(tmp_path, capsys, change, expected):
    which, old, new = change
    files = {"rota": GOOD_ROTA, "team": TEAM, "policy": POLICY}
    assert old in files[which]
    files[which] = files[which].replace(old, new)
    code, out, err = run(tmp_path, capsys, rota=files["rota"], team=files["team"],
                         policy=files["policy"])
    assert code == 2
    assert out == ""
    assert expected in err


def test_every_problem_is_reported_at_once(tmp_path, capsys):
    rota = GOOD_ROTA.replace("A1,O,O,O,O,H", "A1,O,Q,O,O,H").replace("C3,O", "Z9,O")
    code, _, err = run(tmp_path, capsys, rota=rota)
    assert code == 2
    assert "row 2, column '2025-01-07': unknown status 'Q'" in err
    assert "row 4, column 'staff_id': staff id 'Z9' is not in the team" in err


def test_bad_adjustments_are_located(tmp_path, capsys):
    adjustments = ("staff_id,kind,start,share\n"
                   "B2,reduced-share,2025-01-01,1.5\n"
                   "A1,holiday,2025-01-01,\n")
    code, _, err = run(tmp_path, capsys, adjustments=adjustments)
    assert code == 2
    assert "adj.csv, row 2, column 'share': share '1.5' must be between 0 and 1" in err
    assert "adj.csv, row 3, column 'kind': unknown arrangement kind 'holiday'" in err


def test_missing_file(tmp_path, capsys):
    code = main(["check", "--team", str(tmp_path / "nope.csv"), "--rota",
                 str(write(tmp_path, "rota.csv", GOOD_ROTA))])
    _, err = capsys.readouterr()
    assert code == 2
    assert "nope.csv: cannot read the file" in err


def test_a_closed_pipe_ends_quietly(tmp_path):
    import subprocess
    import sys

    ids = [f"P{i:03d}" for i in range(400)]  # enough conflicts to overflow a pipe's buffer
    team = write(tmp_path, "team.csv", "staff_id,name,category\n" + "".join(
        f"{i},Person {i},support\n" for i in ids))
    rota = write(tmp_path, "rota.csv", "staff_id,2025-01-06\n" + "".join(f"{i},H\n" for i in ids))
    reader = subprocess.Popen(
        [sys.executable, "-m", "deskplan.cli", "check", "--team", str(team), "--rota", str(rota),
         "--format", "json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert reader.stdout.read(1) == b"{"
    reader.stdout.close()  # like `| head -c 1`
    _, err = reader.communicate(timeout=60)
    assert err == b""


def test_policy_file_closures_and_worked_bank_holidays(tmp_path, capsys):
    policy = 'closures = [2025-01-10]\nworking_bank_holidays = ["06/01/2025"]\n' + POLICY
    code, out, _ = run(tmp_path, capsys, rota=GOOD_ROTA, policy=policy)
    assert code == 1  # A1 planned home on the closure day, which is not a working day
    assert "Fri 10 Jan 2025, which is not a working day for them: the organisation is closed" \
        in out
    bad = 'closures = "2025-01-10"\n' + POLICY
    code, _, err = run(tmp_path, capsys, policy=bad)
    assert code == 2
    assert "policy.toml: closures: write the days as a list" in err


def test_the_report_names_the_whole_weeks_it_checked(tmp_path, capsys):
    code, out, _ = run(tmp_path, capsys, extra=["--from", "2025-01-08", "--to", "2025-01-09"])
    assert code == 0
    assert "from Mon 6 Jan 2025 to Sun 12 Jan 2025" in out


def test_output_that_cannot_encode_the_marks_is_written_as_utf8(tmp_path):
    import subprocess
    import sys

    team = write(tmp_path, "team.csv", TEAM)
    rota = write(tmp_path, "rota.csv", SHORT_ROTA)
    done = subprocess.run(
        [sys.executable, "-m", "deskplan.cli", "check", "--team", str(team), "--rota", str(rota)],
        capture_output=True, env={**__import__("os").environ, "PYTHONIOENCODING": "cp1252"},
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "✖ [below-minimum]" in done.stdout.decode("utf-8")


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        ('[[rule]]\ncategroy = "support"\nshare = 0.6\n',
         "policy.toml: rule 1: unknown setting 'categroy'; a [[rule]] table has category, "
         "from, location, share, until"),
        ('[[location]]\nname = "Lambeth"\ncapacty = 14\n',
         "policy.toml: location 1: unknown setting 'capacty'"),
        ("effective_from = 2025-01-06T09:00:00\n",
         "policy.toml: effective_from: 2025-01-06T09:00:00 is a date and time; write the date"),
        ("[[rule]]\ncategory = \"support\"\nshare = 0.6666666666666666\n",
         "policy.toml: rule 1: share: share '0.6666666666666666' is too precise"),
    ],
)
def test_policy_mistakes_are_refused_not_ignored(tmp_path, capsys, policy, expected):
    code, out, err = run(tmp_path, capsys, policy=policy)
    assert code == 2
    assert out == ""
    assert expected in err


def test_a_title_column_is_an_honorific_not_the_job_title(tmp_path, capsys):
    team = ("Staff No,Title,First name,Surname,Job title,Category\n"
            "A1,Ms,Ada,Ames,Call handler,operational\n")
    rota = GOOD_ROTA.split("\n")[0] + "\nA1,H,H,H,H,H\n"
    code, out, _ = run(tmp_path, capsys, team=team, rota=rota, extra=["--format", "json"])
    (conflict,) = [c for c in json.loads(out)["conflicts"] if c["rule"] == "below-minimum"]
    assert conflict["role"] == "Call handler"
    assert code == 1


def test_weekday_names_are_not_read_as_months(tmp_path, capsys):
    code, _, err = run(tmp_path, capsys, rota="staff_id,date,status\nA1,6 Mon 2025,O\n")
    assert code == 2
    assert "'6 Mon 2025' is not a date deskplan can read without guessing" in err
