"""Opening the window reads its `--db` without building the command line, so a start imports
none of the commands (the export command alone brings in openpyxl); a command line naming a
command builds only that command, and `check` on files imports no database layer; anything
else goes through the whole parser."""

import subprocess
import sys
from pathlib import Path

import pytest

from deskplan.cli import _window_only, build_parser


@pytest.mark.parametrize("argv", [[], ["--db", "team.sqlite3"], ["--db=team.sqlite3"],
                                  ["--db", "my folder/team.sqlite3"]])
def test_a_plain_start_means_what_the_whole_parser_means(argv):
    window, database = _window_only(argv)
    args = build_parser().parse_args(argv)
    assert window
    assert args.command is None
    assert database == args.window_db


@pytest.mark.parametrize("argv", [["--db"], ["--db", "--version"], ["--db="], ["--version"],
                                  ["-h"], ["check", "--team", "t.csv"], ["--d", "x"],
                                  ["--db", "a", "--db", "b"], ["--db", "a", "check"]])
def test_anything_else_goes_through_the_whole_parser(argv):
    assert _window_only(argv) == (False, None)


def test_importing_the_command_line_imports_no_command():
    code = ("import sys, deskplan.cli; "
            "print(sorted(m for m in sys.modules if m.startswith(('deskplan.commands.', "
            "'openpyxl')) and m != 'deskplan.commands.common'))")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True, cwd=Path(__file__).resolve().parents[2])
    assert found.stdout.strip() == "[]"


@pytest.mark.parametrize("argv", [
    ["check", "--team", "t.csv", "--rota", "r.csv", "--from", "2025-01-06"],
    ["check", "--team-name", "Ops", "--db", "x.sqlite3", "--format", "json"],
    ["export", "pdf", "--team", "t.csv", "--rota", "r.csv", "-o", "out.pdf"],
    ["import", "team", "people.csv", "--team-name", "Ops"],
    ["fairness", "--team", "t.csv", "--policy", "p.toml", "--from", "2025-01-06", "--to",
     "2025-03-30"],
    ["demo", "--db", "x.sqlite3"],
    ["admin", "list"],
])
def test_a_command_alone_is_read_as_the_whole_command_line_reads_it(argv):
    only = vars(build_parser(argv[0]).parse_args(argv))
    whole = vars(build_parser().parse_args(argv))
    assert only.keys() == whole.keys()
    assert {k: v for k, v in only.items() if k != "run"} == {
        k: v for k, v in whole.items() if k != "run"}
    assert only["run"].__qualname__ == whole["run"].__qualname__


def test_checking_files_imports_no_database_layer():
    code = ("import sys; from deskplan.cli import build_parser; build_parser('check'); "
            "print(sorted(m for m in sys.modules if m.startswith(('sqlalchemy', 'sqlmodel', "
            "'deskplan.storage', 'openpyxl'))))")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True, cwd=Path(__file__).resolve().parents[2])
    assert found.stdout.strip() == "[]"


def test_the_database_variable_named_in_the_help_is_the_one_read():
    from deskplan.commands.db_option import DATABASE_VARIABLE
    from deskplan.storage.db import ENVIRONMENT_VARIABLE

    assert DATABASE_VARIABLE == ENVIRONMENT_VARIABLE


def test_importing_a_team_list_loads_no_bank_holidays(tmp_path):
    # A team list's dates need no holiday calendar: the `holidays` package (and the
    # registry it brings) loads when a bank holiday is first wanted.
    team = tmp_path / "team.csv"
    team.write_text("Employee ID,Name,Start date\nE1,Ada Ames,06/01/2025\n", encoding="utf-8")
    code = ("import sys; from pathlib import Path; from deskplan.cli import build_parser; "
            "build_parser('import'); "
            "from deskplan.interchange.team_import import read_team_list; "
            f"people = read_team_list(Path({str(team)!r})).people; "
            "print(len(people), 'holidays' in sys.modules)")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True, cwd=Path(__file__).resolve().parents[2])
    assert found.stdout.split() == ["1", "False"]


def test_the_version_is_the_installed_packages_and_costs_no_metadata_lookup():
    # pyproject.toml reads the version from deskplan/__init__.py, so the two cannot differ;
    # reading it at start-up loads neither importlib.metadata nor the email package it needs.
    from importlib.metadata import version

    from deskplan import __version__

    assert __version__ == version("deskplan")
    code = ("import sys, deskplan.cli; "
            "print(sorted(m for m in sys.modules if m in ('importlib.metadata', 'email')))")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True, cwd=Path(__file__).resolve().parents[2])
    assert found.stdout.strip() == "[]"
