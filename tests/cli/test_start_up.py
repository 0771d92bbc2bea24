"""Opening the window reads its `--db` without building the command line, so a start imports
none of the commands (the export command alone brings in openpyxl); every other command line
still goes through the whole parser."""

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
