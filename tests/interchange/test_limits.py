"""Values beyond what the database keeps are refused where they are read, naming the file,
row and column (never a database's "value too long for type character varying(200)")."""

from __future__ import annotations

from pathlib import Path

import pytest

from deskplan.domain import limits
from deskplan.domain.errors import InputError
from deskplan.interchange.adjustments_file import read_adjustments
from deskplan.interchange.plan_files import read_table
from deskplan.interchange.policy_file import parse_policy
from deskplan.interchange.team_import import read_team_list


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_long_name_in_a_team_list_names_file_row_and_column(tmp_path: Path) -> None:
    long_name = "A" * (limits.PERSON_NAME + 1)
    path = _write(tmp_path, "team.csv", f"Staff No,Name,Site\nA1,Ada,Lambeth\nA2,{long_name},Kew\n")
    with pytest.raises(InputError) as raised:
        read_team_list(path, valid_rows_only=False)
    [problem] = raised.value.problems
    assert (problem.file, problem.row, problem.column) == ("team.csv", 3, "Name")
    assert problem.message == (f"the name is {limits.PERSON_NAME + 1} characters long; at most "
                               f"{limits.PERSON_NAME} are allowed")


def test_a_name_made_of_first_name_and_surname_is_reported_on_the_first_name(
        tmp_path: Path) -> None:
    surname = "B" * limits.PERSON_NAME
    path = _write(tmp_path, "team.csv", f"Staff No,First name,Surname\nA1,Ada,{surname}\n")
    with pytest.raises(InputError) as raised:
        read_team_list(path, valid_rows_only=False)
    assert [(p.row, p.column) for p in raised.value.problems] == [(2, "First name")]


def test_every_long_field_of_a_row_is_reported_at_once(tmp_path: Path) -> None:
    site, title = "S" * (limits.LOCATION + 5), "T" * (limits.ROLE + 1)
    path = _write(tmp_path, "team.csv", f"Staff No,Name,Site,Job title\nA1,Ada,{site},{title}\n")
    team = read_team_list(path, valid_rows_only=True)
    assert team.people == []
    assert sorted(p.column for p in team.problems) == ["Job title", "Site"]


def test_a_long_reference_in_an_arrangements_file_names_its_column(tmp_path: Path) -> None:
    reference = "R" * (limits.REFERENCE + 1)
    path = _write(tmp_path, "adjustments.csv",
                  f"staff_id,kind,start,reference\nA1,exempt,2025-01-06,{reference}\n")
    with pytest.raises(InputError) as raised:
        read_adjustments(read_table(path), {"A1"})
    [problem] = raised.value.problems
    assert (problem.row, problem.column) == (2, "reference")
    assert "at most 100" in problem.message


def test_desks_beyond_the_range_are_refused_in_a_policy_file() -> None:
    text = ('[[location]]\nname = "Lambeth"\ncapacity = 40\n\n'
            f'[[location]]\nname = "Kew"\ncapacity = {limits.MAX_CAPACITY + 1}\n')
    with pytest.raises(InputError) as raised:
        parse_policy(text, "policy.toml")
    [problem] = raised.value.problems
    assert problem.file == "policy.toml"
    assert problem.message.startswith("location 2: the number of desks 100001 is out of range")


def test_a_long_role_map_title_names_its_entry() -> None:
    title = "T" * (limits.TITLE + 1)
    with pytest.raises(InputError, match="role map entry 2: the job title"):
        parse_policy(f'[roles]\n"Call handler" = "operational"\n"{title}" = "support"\n',
                     "policy.toml")


def test_values_at_the_limits_are_accepted(tmp_path: Path) -> None:
    name, site = "N" * limits.PERSON_NAME, "S" * limits.LOCATION
    path = _write(tmp_path, "team.csv", f"Staff No,Name,Site\nA1,{name},{site}\n")
    [person] = read_team_list(path, valid_rows_only=False).people
    assert (person.name, person.location) == (name, site)
    policy = parse_policy(f'[[location]]\nname = "{site}"\ncapacity = {limits.MAX_CAPACITY}\n',
                          "policy.toml")
    assert policy.locations[0].capacity == limits.MAX_CAPACITY
