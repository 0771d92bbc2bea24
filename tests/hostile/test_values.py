"""Values inside otherwise good files: look-alike ids, control characters, dates far away,
the same date or staff id column twice, numbers written to take minutes to read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from deskplan.domain.calendar import parse_date
from deskplan.domain.errors import InputError
from deskplan.interchange.cell_text import clean
from deskplan.interchange.plan_files import read_table
from deskplan.interchange.rota_file import read_rota
from deskplan.interchange.team_file import read_team
from deskplan.storage import repository
from deskplan.storage.db import Database, sqlite_url
from tests.hostile import files
from tests.hostile.conftest import TEAM


def stored_people(db_path: Path, team: str = TEAM) -> dict[str, object]:
    with Database.open(sqlite_url(db_path)) as db, db.session() as session:
        found = repository.find_team(session, name=team)
        assert found is not None
        return {p.staff_id: p for p in repository.load_team(session, team_id=found.id).plan.people}


@pytest.mark.parametrize(("look_alike", "plain"), [
    ("100\u200b412", "100412"),          # zero-width space
    ("\ufeff100412", "100412"),          # a byte-order mark inside the file
    ("１００４１２", "100412"),            # full-width digits
    ("100412\u00a0", "100412"),          # no-break space
    ("S\u00ad001", "S001"),              # soft hyphen
    ("Zoe\u0308", "Zoë"),                # decomposed accent → composed
    ("Ｓ００１", "S001"),                  # full-width letters too
])
def test_look_alikes_are_made_the_same_text(look_alike: str, plain: str) -> None:
    assert clean(look_alike).strip() == plain


def test_a_look_alike_staff_id_is_the_same_person(deskplan, db_path: Path, tmp_path: Path) -> None:
    text = files.TEAM_CSV.replace("100412,Ada,Ames", "１００\u200b４１２,Ada,Ames", 1)
    outcome = deskplan("import", "team", files.write(tmp_path / "team.csv", text),
                       "--team-name", TEAM)
    assert outcome.code == 0, outcome.err
    assert "0 to add" in outcome.out
    assert "25 unchanged" in outcome.out
    assert len(stored_people(db_path)) == 25


def test_a_decomposed_name_is_stored_composed(deskplan, db_path: Path, tmp_path: Path) -> None:
    text = files.TEAM_CSV.replace("100412,Ada,Ames", "100412,Ada,Ame\u0301s", 1)
    assert deskplan("import", "team", files.write(tmp_path / "t.csv", text),
                    "--team-name", TEAM).code == 0
    assert stored_people(db_path)["100412"].name == "Ada Am\u00e9s"  # type: ignore[attr-defined]


@pytest.mark.parametrize("character", ["\x00", "\x1b", "\x7f", "\x85", "\x0c"])
def test_control_characters_are_refused_naming_row_and_column(refused, tmp_path: Path,
                                                              character: str) -> None:
    text = files.TEAM_CSV.replace("Ben,Bell", f"Ben,Be{character}ll", 1)
    outcome = refused("import", "team", files.write(tmp_path / "team.csv", text),
                      "--team-name", TEAM)
    assert re.search(r"team\.csv, row 3, column 'Surname': it holds a control character",
                     outcome.err)


def test_a_file_of_many_control_characters_lists_a_hundred(tmp_path: Path) -> None:
    text = "staff_id,name\n" + "".join(f"A{i},x\x00\n" for i in range(500))
    with pytest.raises(InputError) as caught:
        read_table(files.write(tmp_path / "t.csv", text))
    assert len(caught.value.problems) == 101
    assert "400 more cells" in str(caught.value.problems[-1])


@pytest.mark.parametrize("text", ["0001-01-01", "9999-12-31", "31/12/1989", "1 Jan 2101"])
def test_dates_outside_1990_to_2100_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="outside the dates deskplan plans"):
        parse_date(text)


def test_the_window_of_dates_includes_its_ends() -> None:
    assert parse_date("1990-01-01").year == 1990
    assert parse_date("31/12/2100").year == 2100


def test_a_rota_day_in_year_one_is_refused(refused, tmp_path: Path) -> None:
    text = files.ROTA_CSV.replace("31/03/2025", "01/01/0001", 1)
    outcome = refused("import", "rota", files.write(tmp_path / "rota.csv", text),
                      "--team-name", TEAM)
    assert "rota.csv, row 1, column '01/01/0001'" in outcome.err
    assert "outside the dates deskplan plans" in outcome.err


@pytest.mark.parametrize("option", ["--from", "--to"])
def test_a_range_end_of_year_9999_is_refused(deskplan, option: str) -> None:
    outcome = deskplan("check", "--team-name", TEAM, option, "9999-12-31")
    assert outcome.code == 2
    assert "outside the dates deskplan plans" in outcome.err


def test_the_same_date_twice_in_a_wide_rota_is_refused(refused, tmp_path: Path) -> None:
    text = files.ROTA_CSV.replace(",02/04/2025,", ",2025-04-01,", 1)
    outcome = refused("import", "rota", files.write(tmp_path / "rota.csv", text),
                      "--team-name", TEAM)
    assert re.search(r"rota\.csv, row 1, column '2025-04-01': the date 01/04/2025 has two "
                     r"columns, '01/04/2025' and '2025-04-01'", outcome.err)


def test_a_repeated_date_column_is_refused(tmp_path: Path) -> None:
    lines = files.ROTA_CSV.splitlines()
    text = "\n".join(line + "," + line.split(",")[3] for line in lines) + "\n"
    with pytest.raises(InputError, match="has two columns"):
        read_rota(read_table(files.write(tmp_path / "r.csv", text)), {"100412"})


@pytest.mark.parametrize("header", ["staff_id,name,staff_id", "Staff No,Name,Employee ID"])
def test_two_staff_id_columns_are_refused(tmp_path: Path, header: str) -> None:
    text = f"{header},2025-04-01\nA1,Ada,B2,O\n"
    with pytest.raises(InputError, match="would both be read as 'staff_id'"):
        read_rota(read_table(files.write(tmp_path / "r.csv", text)), {"A1", "B2"})
    with pytest.raises(InputError, match="would both be read as 'staff_id'"):
        read_team(read_table(files.write(tmp_path / "t.csv", text)))


def test_a_repeated_name_column_is_refused(tmp_path: Path) -> None:
    text = "staff_id,name,name\nA1,Ada Ames,Ben Bell\n"
    with pytest.raises(InputError, match=r"'name' and 'name' .* would both be read as 'name'"):
        read_team(read_table(files.write(tmp_path / "t.csv", text)))


@pytest.mark.parametrize(("column", "value"), [("Contracted hours", "1e100000000"),
                                                ("Contracted hours", "1/0"),
                                                ("FTE", "1e999999999"), ("FTE", "1/0")])
def test_numbers_that_would_take_minutes_are_refused(tmp_path: Path, column: str,
                                                     value: str) -> None:
    text = f"staff_id,name,{column}\nA1,Ada,{value}\n"
    with pytest.raises(InputError, match=f"row 2, column '{column}'"):
        read_team(read_table(files.write(tmp_path / "t.csv", text)))


def test_an_exponent_share_in_an_arrangement_is_refused(refused, tmp_path: Path) -> None:
    text = files.ADJUSTMENTS_CSV.replace("40%", "1e100000000", 1)
    outcome = refused("import", "adjustments", files.write(tmp_path / "adj.csv", text),
                      "--team-name", TEAM)
    assert "adj.csv, row 3, column 'Office share'" in outcome.err
