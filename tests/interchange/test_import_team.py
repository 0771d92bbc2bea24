"""Reading HR team lists: every header alias, both CSV encodings, semicolons, Excel title blocks,
and comparing a list with the stored team (added, updated, leavers, unclassified titles)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from deskplan.domain.errors import InputError
from deskplan.domain.model import Nation, Person, WorkingPattern
from deskplan.domain.policy import Policy
from deskplan.interchange.team_import import plan_team_import, read_team_list

TODAY = date(2025, 3, 12)
HOURS_7_5 = 27000


def _csv(tmp_path: Path, text: str, *, encoding: str = "utf-8", name: str = "team.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _people(path: Path, **kwargs: object) -> list[Person]:
    team = read_team_list(path, valid_rows_only=False, **kwargs)  # type: ignore[arg-type]
    return team.people


@pytest.mark.parametrize("header", ["Staff No", "Employee ID", "Payroll number", "STAFF_NO",
                                    "employee id"])
def test_staff_id_aliases(tmp_path: Path, header: str) -> None:
    [person] = _people(_csv(tmp_path, f"{header},Name\nA1,Ada Ames\n"))
    assert person.staff_id == "A1"


def test_first_name_and_surname_make_the_name(tmp_path: Path) -> None:
    [person] = _people(_csv(tmp_path, "Staff No,First name,Surname\nA1,Ada,Ames\n"))
    assert person.name == "Ada Ames"


@pytest.mark.parametrize("header", ["Job title", "Position"])
def test_role_aliases(tmp_path: Path, header: str) -> None:
    [person] = _people(_csv(tmp_path, f"Staff No,Name,{header}\nA1,Ada,Call handler\n"))
    assert person.role == "Call handler"


@pytest.mark.parametrize("header", ["Site", "Base", "Office"])
def test_location_aliases(tmp_path: Path, header: str) -> None:
    [person] = _people(_csv(tmp_path, f"Staff No,Name,{header}\nA1,Ada,Lambeth\n"))
    assert person.location == "Lambeth"


@pytest.mark.parametrize("header", ["Working pattern", "Days"])
def test_working_days_aliases(tmp_path: Path, header: str) -> None:
    [person] = _people(_csv(tmp_path, f'Staff No,Name,{header}\nA1,Ada,"Mon,Tue,Wed"\n'))
    assert person.pattern == WorkingPattern.from_days([0, 1, 2], [HOURS_7_5])


@pytest.mark.parametrize(("header", "value"), [("Contracted hours", "22.5"), ("FTE", "0.6")])
def test_hours_aliases(tmp_path: Path, header: str, value: str) -> None:
    [person] = _people(_csv(tmp_path, f"Staff No,Name,{header}\nA1,Ada,{value}\n"))
    assert person.pattern == WorkingPattern.from_days([0, 1, 2, 3, 4], [16200])  # 4.5 h a day


def test_map_names_a_column_the_aliases_do_not_know(tmp_path: Path) -> None:
    path = _csv(tmp_path, "Staff No,Name,Grade title,Org unit\nA1,Ada,Call handler,Lambeth\n")
    [person] = _people(path, overrides={"Grade title": "role", "org unit": "location"})
    assert (person.role, person.location) == ("Call handler", "Lambeth")


def test_map_to_an_unknown_field_is_reported(tmp_path: Path) -> None:
    path = _csv(tmp_path, "Staff No,Name,Grade\nA1,Ada,SO\n")
    with pytest.raises(InputError, match="unknown field 'grade'"):
        _people(path, overrides={"Grade": "grade"})


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_in_each_encoding_excel_writes(tmp_path: Path, encoding: str) -> None:
    text = "Staff No,Name,Site\r\nA1,Zoë O’Brien,Caerdydd – Canolog\r\n"
    [person] = _people(_csv(tmp_path, text, encoding=encoding))
    assert (person.staff_id, person.name, person.location) == (
        "A1", "Zoë O’Brien", "Caerdydd – Canolog")


def test_semicolon_separated_csv(tmp_path: Path) -> None:
    text = "Staff No;Name;Contracted hours;Working pattern\nA1;Ada Ames;30;Mon-Thu\n"
    [person] = _people(_csv(tmp_path, text, encoding="cp1252"))
    assert person.pattern == WorkingPattern.from_days([0, 1, 2, 3], [HOURS_7_5])


def _workbook(tmp_path: Path) -> Path:
    workbook = Workbook()
    cover = workbook.active
    assert cover is not None
    cover.title = "Cover"
    cover.append(["Read me first"])
    staff = workbook.create_sheet("Staff")
    staff.append(["HR establishment report"])
    staff.append(["Run on", date(2025, 3, 1)])
    staff.append([])
    staff.append(["Employee ID", "First name", "Surname", "Position", "Base", "Start date"])
    staff.append(["A1", "Ada", "Ames", "Call handler", "Lambeth", date(2024, 4, 1)])
    staff.append(["B2", "Ben", "Bell", "HR advisor", "Cardiff", None])
    path = tmp_path / "establishment.xlsx"
    workbook.save(path)
    return path


def test_xlsx_sheet_with_a_title_block_above_the_header(tmp_path: Path) -> None:
    team = read_team_list(_workbook(tmp_path), sheet="Staff", valid_rows_only=False)
    assert [(p.staff_id, p.name, p.role, p.location, p.start_date) for p in team.people] == [
        ("A1", "Ada Ames", "Call handler", "Lambeth", date(2024, 4, 1)),
        ("B2", "Ben Bell", "HR advisor", "Cardiff", None),
    ]
    assert team.rows == {"A1": 5, "B2": 6}  # the rows Excel shows


def test_xlsx_names_the_sheets_when_the_one_asked_for_is_missing(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"no sheet named 'People'.*Cover, Staff"):
        read_team_list(_workbook(tmp_path), sheet="People")


BAD_ROWS = """Staff No,Name,Working pattern,Start date
A1,Ada Ames,Mon-Fri,2024-04-01
A1,Ada Twice,Mon-Fri,
B2,,Mon-Fri,
C3,Cy Cole,Mon-Fry,
D4,Di Dunn,Mon-Fri,31/02/2025
E5,Eve Eden,Tue-Thu,
"""


def test_every_bad_row_is_reported_at_once_with_its_place(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        read_team_list(_csv(tmp_path, BAD_ROWS), valid_rows_only=False)
    places = [(p.file, p.row, p.column) for p in caught.value.problems]
    assert places == [
        ("team.csv", 3, "Staff No"),  # duplicate staff id
        ("team.csv", 4, "Name"),  # empty name
        ("team.csv", 5, "Working pattern"),  # unknown day
        ("team.csv", 6, "Start date"),  # 31 February
    ]
    messages = "\n".join(str(p) for p in caught.value.problems)
    for expected in ("duplicate staff id 'A1'", "empty name", "'Mon-Fry'", "'31/02/2025'"):
        assert expected in messages


def test_bad_rows_in_a_workbook_name_the_sheet(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "March"
    sheet.append(["Staff No", "Name"])
    sheet.append(["A1", None])
    path = tmp_path / "team.xlsx"
    workbook.save(path)
    with pytest.raises(InputError) as caught:
        read_team_list(path, valid_rows_only=False)
    [problem] = caught.value.problems
    assert (problem.file, problem.sheet, problem.row, problem.column) == (
        "team.xlsx", "March", 2, "Name")


def test_valid_rows_only_keeps_the_good_rows_and_drops_every_duplicate(tmp_path: Path) -> None:
    team = read_team_list(_csv(tmp_path, BAD_ROWS), valid_rows_only=True)
    assert [p.staff_id for p in team.people] == ["E5"]
    assert len(team.problems) == 4
    assert team.seen_ids == {"A1", "B2", "C3", "D4", "E5"}


# --- comparing with the stored team -----------------------------------------------------------
STORED = [
    Person("A1", "Ada Ames", role="Call handler", category="operational", location="Lambeth",
           nation=Nation.WALES),
    Person("B2", "Ben Bell", role="HR advisor", location="Lambeth"),
    Person("C3", "Cy Cole", role="Call handler", location="Lambeth"),
    Person("L9", "Long Gone", role="Call handler", end_date=date(2024, 12, 31)),
]
ROLE_MAP = Policy(rules=Policy.default().rules, role_map={"call handler": "operational"})


def test_reimport_updates_only_the_columns_the_file_has(tmp_path: Path) -> None:
    path = _csv(tmp_path, "Staff No,Name,Site,Job title\n"
                          "A1,Ada Ames,Cardiff,Call handler\nB2,Ben Bell,Lambeth,HR advisor\n"
                          "N1,Nia New,Cardiff,Payroll officer\n")
    result = plan_team_import(STORED, read_team_list(path), ROLE_MAP, TODAY)
    assert [p.staff_id for p in result.added] == ["N1"]
    [change] = result.updated
    assert change.changed == ("location",)
    assert change.after.location == "Cardiff"
    assert change.after.category == "operational"  # no category column: the stored one stays
    assert change.after.nation is Nation.WALES  # no nation column: the stored one stays
    assert [p.staff_id for p in result.unchanged] == ["B2"]
    assert [p.staff_id for p in result.possible_leavers] == ["C3"]  # L9 has left already
    assert [p.staff_id for p in result.to_save] == ["N1", "A1"]


def test_unmapped_titles_are_listed_never_guessed(tmp_path: Path) -> None:
    path = _csv(tmp_path, "Staff No,Name,Job title,Category\n"
                          "A1,Ada,Call handler,\nB2,Ben,HR advisor,\n"
                          "C3,Cy,Project analyst,support\nD4,Di,,\n")
    result = plan_team_import([], read_team_list(path), ROLE_MAP, TODAY)
    assert [p.staff_id for p in result.unclassified] == ["B2", "D4"]
    assert all(p.category is None for p in result.added if p.staff_id != "C3")
    assert next(p for p in result.added if p.staff_id == "C3").category == "support"


def test_people_on_bad_rows_are_not_taken_for_leavers(tmp_path: Path) -> None:
    path = _csv(tmp_path, "Staff No,Name,Start date\nA1,Ada Ames,\nB2,Ben Bell,30/02/2025\n"
                          "C3,Cy Cole,\n")
    result = plan_team_import(STORED, read_team_list(path), ROLE_MAP, TODAY)
    assert result.possible_leavers == []
    assert [(p.row, p.column) for p in result.problems] == [(3, "Start date")]


def test_an_empty_cell_on_reimport_keeps_what_is_stored(tmp_path: Path) -> None:
    # Found in review: a blank nation turned Wales into England, a blank category cleared one.
    path = _csv(tmp_path, "Staff No,Name,Site,Category,Nation\nA1,Ada Ames,Cardiff,,\n")
    result = plan_team_import(STORED, read_team_list(path), ROLE_MAP, TODAY)
    [change] = result.updated
    assert change.changed == ("location",)
    assert change.after.category == "operational"
    assert change.after.nation is Nation.WALES


def test_new_working_days_without_hours_keep_the_persons_day_length(tmp_path: Path) -> None:
    # Found in review: compressed hours (4 × 9.375 h) re-imported with only a days column
    # became 7.5 h days.
    compressed = WorkingPattern.from_days([0, 1, 2, 3], [33750])
    stored = [Person("A1", "Ada Ames", category="support", pattern=compressed)]
    path = _csv(tmp_path, "Staff No,Name,Working days\nA1,Ada Ames,Tue-Fri\n")
    [change] = plan_team_import(stored, read_team_list(path), ROLE_MAP, TODAY).updated
    assert change.after.pattern == WorkingPattern.from_days([1, 2, 3, 4], [33750])
    with_hours = _csv(tmp_path, "Staff No,Name,Working days,Hours per day\nA1,Ada,Tue-Fri,7.5\n")
    [change] = plan_team_import(stored, read_team_list(with_hours), ROLE_MAP, TODAY).updated
    assert change.after.pattern == WorkingPattern.from_days([1, 2, 3, 4], [27000])
