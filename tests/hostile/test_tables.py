"""Every bad table file is refused with exit status 2, a message naming the file (and the row
and column where there is one), no traceback, and the database unchanged; files that are
merely unusual (UTF-16, `sep=;`, merged cells, .xls, .ods) are read as meant."""

from __future__ import annotations

import io
import re
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from deskplan.domain.errors import InputError
from deskplan.interchange.plan_files import read_table
from deskplan.interchange.team_file import read_team
from tests.hostile import files
from tests.hostile.conftest import TEAM

KINDS = ("team", "rota", "adjustments")
GOOD = {"team": files.TEAM_CSV, "rota": files.ROTA_CSV, "adjustments": files.ADJUSTMENTS_CSV}

# name → (file name, bytes or text, what the message must say)
BAD_FILES: dict[str, tuple[str, Callable[[], str | bytes], str]] = {
    "zip bomb": ("bomb.xlsx", files.zip_bomb_xlsx, r"compressed [\d,]+ times.*zip bomb"),
    "cell at XFD1048576": ("far.xlsx", files.far_cell_xlsx, r"row 1,048,576, beyond|column XFD"),
    "a million-row span": ("tall.xlsx", files.tall_xlsx, r"span 1,048,576 rows"),
    "checksum wrong": ("crc.xlsx", files.crc_corrupt_xlsx, r"damaged.*fails its check"),
    "XML cut off": ("cut.xlsx", files.bad_xml_xlsx, r"damaged"),
    "sheet part missing": ("gone.xlsx", files.missing_sheet_xlsx,
                           r"names the sheet 'Staff', but its cells .* are missing"),
    "password": ("locked.xlsx", files.password_protected, r"protected by a password"),
    "texts table bomb": ("texts.xlsx", files.shared_strings_bomb,
                         r"declares 4,000,000,000 entries but holds 1"),
    "xls the reader cannot survive": ("crash.xls", files.crashing_xls, r"workbook is damaged"),
    "ods bomb": ("bomb.ods", files.ods_bomb, r"sheet .Staff.: the sheet has a cell in column WQJ"),
    "PDF": ("team.csv", lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", r"a PDF document"),
    "HTML as xls": ("export.xls", lambda: b"<html><body><table><tr><td>id</td></tr></table>",
                    r"an HTML page .* save it as \.xlsx or \.csv"),
    "plain zip": ("team.xlsx", lambda: _plain_zip(), r"a zip archive, not a workbook"),
    "binary noise": ("team.csv", lambda: bytes(range(256)) * 64, r"zero bytes|neither UTF-8"),
    "10 MB cell": ("team.csv", lambda: files.TEAM_CSV + "100999," + "x" * 10_000_000 + "\n",
                   r"row 27, column 'First name': .*characters a spreadsheet cell holds"),
    "unclosed quote": ("team.csv", files.unclosed_quote_team,
                       r"row 3, column 'First name': the quote mark .* on line 3 is not "
                       r"closed on that line"),
    "control character": ("team.csv", lambda: files.TEAM_CSV.replace("Ames", "Am\x00es", 1),
                          r"row 2, column 'Surname': it holds a control character U\+0000"),
    "empty": ("team.csv", lambda: b"", r"the file is empty"),
    "folder": ("folder", lambda: b"", r"cannot read the file: a folder"),
}


def _plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return buffer.getvalue()


def _make(tmp_path: Path, name: str, maker: Callable[[], str | bytes]) -> Path:
    if name == "folder":
        path = tmp_path / "a folder.csv"
        path.mkdir()
        return path
    return files.write(tmp_path / name, maker())


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_file_is_refused_naming_it_and_changes_nothing(refused, tmp_path: Path,
                                                              kind: str, case: str) -> None:
    name, maker, message = BAD_FILES[case]
    path = _make(tmp_path, name, maker)
    outcome = refused("import", kind, path, "--team-name", TEAM)
    assert path.name in outcome.err
    assert re.search(message, outcome.err, re.S), outcome.err


@pytest.mark.parametrize("case", ["zip bomb", "unclosed quote", "control character",
                                  "checksum wrong", "password"])
def test_check_refuses_the_same_files(deskplan, tmp_path: Path, case: str) -> None:
    name, maker, _ = BAD_FILES[case]
    path = _make(tmp_path, name, maker)
    rota = files.write(tmp_path / "rota.csv", files.ROTA_CSV)
    outcome = deskplan("check", "--team", path, "--rota", rota, db=False)
    assert outcome.code == 2
    assert path.name in outcome.err


def test_an_unclosed_quote_no_longer_loses_24_rows(tmp_path: Path) -> None:
    path = files.write(tmp_path / "team.csv", files.unclosed_quote_team())
    with pytest.raises(InputError) as caught:
        read_table(path)
    (problem,) = caught.value.problems
    assert (problem.file, problem.row, problem.column) == ("team.csv", 3, "First name")


def test_a_cell_of_two_quoted_lines_is_still_one_cell(tmp_path: Path) -> None:
    text = 'staff_id,name,note\nA1,Ada,"first line\nsecond line"\nB2,Ben,\n'
    table = read_table(files.write(tmp_path / "t.csv", text))
    assert [r[0] for r in table.rows] == ["A1", "B2"]
    assert table.row_numbers == [2, 3]


def test_a_stray_quote_closing_far_below_is_caught(tmp_path: Path) -> None:
    lines = list(files.TEAM_LINES)
    lines[2] = lines[2].replace(",Ben,", ',"Ben,', 1)
    lines[8] = lines[8] + '"'  # closes it six rows later: those rows would become one cell
    with pytest.raises(InputError, match=r"row 3.*look like rows of their own"):
        read_table(files.write(tmp_path / "team.csv", "\n".join(lines) + "\n"))


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_files_are_read(tmp_path: Path, encoding: str) -> None:
    """Excel's "Unicode text" is UTF-16 with tabs; with or without a byte-order mark."""
    text = "".join("\t".join(row) + "\r\n" for row in files.team_rows()).replace("Ames", "Amés")
    path = tmp_path / "team.txt"
    path.write_bytes(text.encode(encoding))
    people = read_team(read_table(path)).people
    assert len(people) == 25
    assert people[0].name == "Ada Amés"


def test_excel_sep_line_is_honoured(tmp_path: Path) -> None:
    text = "sep=;\n" + files.TEAM_CSV.replace(",", ";").replace("37.5", "37,5")
    table = read_table(files.write(tmp_path / "team.csv", text))
    assert table.header[0] == "Payroll number"
    assert table.header_row == 1
    assert len(read_team(table).people) == 25


def test_sep_line_with_a_comma_delimiter_and_semicolons_in_cells(tmp_path: Path) -> None:
    text = "sep=,\nstaff_id,name,role\nA1,Ada,Call handler; nights\n"
    table = read_table(files.write(tmp_path / "t.csv", text))
    assert table.rows == [["A1", "Ada", "Call handler; nights"]]


def test_a_merged_site_gives_every_covered_person_the_site(tmp_path: Path) -> None:
    rows = files.team_rows()[:7]
    for row in rows[2:7]:
        row[4] = ""
    data = files.xlsx_bytes([["Establishment report"], [], *rows], merge="E4:E9")
    table = read_table(files.write(tmp_path / "team.xlsx", data))
    assert table.header_row == 3
    people = read_team(table).people
    assert [p.location for p in people] == ["Lambeth"] * 6


def test_a_merged_title_above_the_header_does_not_move_the_header(tmp_path: Path) -> None:
    rows = files.team_rows()[:4]
    data = files.xlsx_bytes([["Establishment report"], [""], *rows], merge="A1:J2")
    table = read_table(files.write(tmp_path / "team.xlsx", data))
    assert table.header_row == 3
    assert table.header[0] == "Payroll number"


def test_old_xls_is_read_with_its_merged_cells(tmp_path: Path) -> None:
    rows = files.team_rows()[:7]
    data = files.xls_bytes(rows, merge=(1, 6, 4, 4))
    table = read_table(files.write(tmp_path / "team.xls", data))
    people = read_team(table).people
    assert len(people) == 6
    assert {p.location for p in people} == {"Lambeth"}


def test_ods_is_read_with_its_merged_cells(tmp_path: Path) -> None:
    rows = files.team_rows()[:7]
    data = files.ods_bytes(rows, merge_rows=(4, 1, 6))
    people = read_team(read_table(files.write(tmp_path / "team.ods", data))).people
    assert len(people) == 6
    assert {p.location for p in people} == {"Lambeth"}


def test_a_workbook_named_csv_is_read_as_a_workbook(tmp_path: Path) -> None:
    table = read_table(files.write(tmp_path / "team.csv", files.good_team_xlsx()))
    assert len(read_team(table).people) == 25


def test_xls_and_ods_import_from_the_command_line(deskplan, tmp_path: Path) -> None:
    for name, data in (("team.xls", files.xls_bytes(files.team_rows())),
                       ("team.ods", files.ods_bytes(files.team_rows()))):
        outcome = deskplan("import", "team", files.write(tmp_path / name, data),
                           "--team-name", TEAM)
        assert outcome.code == 0, outcome.err
        assert "25 unchanged" in outcome.out


def test_an_xls_reader_that_dies_only_ends_its_own_process(tmp_path: Path, monkeypatch) -> None:
    """Whatever the native reader does to its process, deskplan refuses the file."""
    from deskplan.interchange import workbook_child

    monkeypatch.setattr(workbook_child, "child_command",
                        lambda: [sys.executable, "-c", "import os; os.abort()"])
    path = files.write(tmp_path / "team.xls", files.xls_bytes(files.team_rows()))
    with pytest.raises(InputError, match=r"team\.xls: the workbook is damaged: the reader could "
                       "not read it"):
        read_table(path)


def test_an_xls_reader_stuck_on_a_file_is_stopped(tmp_path: Path, monkeypatch) -> None:
    from deskplan.interchange import workbook_child

    monkeypatch.setattr(workbook_child, "CHILD_SECONDS", 0.5)
    monkeypatch.setattr(workbook_child, "child_command",
                        lambda: [sys.executable, "-c", "import time; time.sleep(60)"])
    path = files.write(tmp_path / "team.xls", files.xls_bytes(files.team_rows()))
    with pytest.raises(InputError, match="still busy after 0 s"):
        read_table(path)


def test_the_frozen_app_answers_the_xls_child_flag() -> None:
    """In a bundle the child is the app itself: its launcher must know the flag."""
    from deskplan.interchange.workbook_child import CHILD_FLAG

    launcher = (Path(__file__).parents[2] / "packaging" / "launcher.py").read_text("utf-8")
    assert f'["{CHILD_FLAG}"]' in launcher
