"""Commands that could do great harm with one wrong file, and the exit status of a bug."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from deskplan import cli
from deskplan.commands import check
from tests.hostile import files
from tests.hostile.conftest import TEAM
from tests.hostile.test_values import stored_people

HEADER_ONLY = files.TEAM_LINES[0] + "\n"


def test_mark_leavers_with_a_header_only_file_is_refused(refused, tmp_path: Path) -> None:
    outcome = refused("import", "team", files.write(tmp_path / "team.csv", HEADER_ONLY),
                      "--team-name", TEAM, "--mark-leavers")
    assert "team.csv: this would mark 24 of the team's 24 current people as left" in outcome.err
    assert "--force" in outcome.err


def test_mark_leavers_of_a_few_needs_no_force(deskplan, db_path: Path, tmp_path: Path) -> None:
    text = "\n".join(files.TEAM_LINES[:-3]) + "\n"
    outcome = deskplan("import", "team", files.write(tmp_path / "team.csv", text),
                       "--team-name", TEAM, "--mark-leavers")
    assert outcome.code == 0, outcome.err
    left = [p for p in stored_people(db_path).values() if p.end_date == date.today()]
    assert len(left) == 3


def test_force_marks_them_and_the_right_file_brings_them_back(deskplan, db_path: Path,
                                                              tmp_path: Path) -> None:
    before = stored_people(db_path)
    header_only = files.write(tmp_path / "empty.csv", HEADER_ONLY)
    outcome = deskplan("import", "team", header_only, "--team-name", TEAM, "--mark-leavers",
                       "--force")
    assert outcome.code == 0, outcome.err
    people = stored_people(db_path)
    assert sum(p.end_date == date.today() for p in people.values()) == 24
    outcome = deskplan("import", "team", files.write(tmp_path / "team.csv", files.TEAM_CSV),
                       "--team-name", TEAM)
    assert outcome.code == 0, outcome.err
    assert "Current again" in outcome.out
    assert stored_people(db_path) == before


def test_a_future_leaving_date_is_kept_when_the_person_is_listed(deskplan, db_path: Path,
                                                                 tmp_path: Path) -> None:
    """Someone working their notice is still in HR's list: their last day stays."""
    later = (date.today() + timedelta(days=30)).strftime("%d/%m/%Y")
    text = "\n".join(files.TEAM_LINES[:-1]) + "\n"
    assert deskplan("import", "team", files.write(tmp_path / "t.csv", text), "--team-name", TEAM,
                    "--mark-leavers", "--last-day", later).code == 0
    assert deskplan("import", "team", files.write(tmp_path / "team.csv", files.TEAM_CSV),
                    "--team-name", TEAM).code == 0
    assert sum(p.end_date is not None and p.end_date > date.today()
               for p in stored_people(db_path).values()) == 1


def test_a_bug_exits_3_with_one_line_naming_the_log(deskplan, monkeypatch: pytest.MonkeyPatch,
                                                    tmp_path: Path) -> None:
    def broken(_args: object) -> int:
        raise RuntimeError("something deskplan got wrong")

    log = tmp_path / "logs" / "deskplan.log"
    monkeypatch.setattr(cli, "log_file", lambda: log)
    monkeypatch.setattr(check, "run", broken)
    outcome = deskplan("check", "--team-name", TEAM)
    assert outcome.code == 3
    assert outcome.err.count("\n") == 1
    assert "internal error" in outcome.err
    assert str(log) in outcome.err
    assert "RuntimeError: something deskplan got wrong" in log.read_text(encoding="utf-8")
    assert "Traceback" in log.read_text(encoding="utf-8")


def test_conflicts_still_exit_1_and_bad_input_2(deskplan, tmp_path: Path) -> None:
    assert deskplan("check", "--team-name", TEAM).code == 1
    assert deskplan("check", "--team-name", "No such team").code == 2


def test_the_installed_command_never_prints_a_traceback(tmp_path: Path) -> None:
    """The whole process, as a script sees it: a zip bomb is exit 2 and one message."""
    bomb = files.write(tmp_path / "bomb.xlsx", files.zip_bomb_xlsx())
    done = subprocess.run([sys.executable, "-m", "deskplan.cli", "check", "--team", str(bomb),
                           "--rota", str(bomb)], capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "zip bomb" in done.stderr
