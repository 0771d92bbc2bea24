"""Standing preferences read from a file of their own or from extra columns of the team list:
weekdays as the team list writes them, empty cells as no preference, every problem at once
with its row and column."""

from __future__ import annotations

import pytest

from deskplan.domain.errors import InputError
from deskplan.interchange.preferences_file import has_preference_columns, read_preferences
from deskplan.interchange.table import parse_csv_text
from deskplan.interchange.team_file import read_team
from deskplan.planning.preferences import Preference

TEAM_WITH_PREFERENCES = (
    "Staff No,Name,Category,Site,Working days,Hours per day,"
    "Usual office days,Prefers home,Cannot come in\n"
    """A1,Ada Ames,operational,Lambeth,Mon-Fri,7.5,"Tue, Thu",Fri,
B2,Ben Bell,support,Lambeth,Mon-Fri,7.5,,,Monday
C3,Cy Cole,support,Lambeth,Mon-Fri,7.5,,,
""")


def table(text: str, source: str = "prefs.csv"):
    return parse_csv_text(text, source)


def test_team_list_columns_give_each_persons_preferences_and_the_team_still_reads():
    team = table(TEAM_WITH_PREFERENCES, "team.csv")
    people = read_team(team).people
    assert [p.staff_id for p in people] == ["A1", "B2", "C3"]
    assert has_preference_columns(team)
    found = read_preferences(team, {p.staff_id for p in people})
    assert found == {
        "A1": Preference("A1", office_days=frozenset({1, 3}), home_days=frozenset({4})),
        "B2": Preference("B2", unavailable_days=frozenset({0})),
    }
    assert found["A1"].describe() == "usually in Tue, Thu; prefers home Fri"


def test_a_plain_team_list_has_no_preference_columns():
    assert not has_preference_columns(table("Staff No,Name,Working days\nA1,Ada,Mon-Fri\n"))


def test_a_file_of_its_own_reads_day_ranges_and_long_names():
    found = read_preferences(table("staff id,office days,home days\n"
                                   "A1,Monday to Wednesday,\nB2,,Thu/Fri\n"), {"A1", "B2"})
    assert found["A1"].office_days == frozenset({0, 1, 2})
    assert found["B2"].home_days == frozenset({3, 4})


def test_every_problem_is_reported_with_its_row_and_column_and_nothing_is_returned():
    text = ("staff id,usual office days,prefers home\n"
            "A1,Tue,Tue\n"            # row 2: a day both in and at home
            "Z9,Mon,\n"              # row 3: not in the team
            "B2,Blursday,\n"          # row 4: not a day
            "B2,Mon,\n"               # row 5: fine (B2's row 4 failed) ...
            "B2,Wed,\n"               # row 6: ... a second row for B2
            ",Mon,\n")                # row 7: no staff id
    with pytest.raises(InputError) as caught:
        read_preferences(table(text), {"A1", "B2"})
    problems = caught.value.problems
    described = [(p.row, p.column, p.message) for p in problems]
    assert (2, "prefers home", "Tue is already a usual office day: a day goes in one list "
            "only (usual office days, prefers home or cannot come in)") in described
    assert (3, "staff id", "staff id 'Z9' is not in the team") in described
    assert any(row == 4 and column == "usual office days" and "Blursday" in message
               for row, column, message in described)
    assert any(row == 6 and "two rows" in message for row, _, message in described)
    assert any(row == 7 and message == "no staff id" for row, _, message in described)
    assert all(p.file == "prefs.csv" for p in problems)


def test_a_file_without_any_preference_column_says_what_it_expected():
    with pytest.raises(InputError) as caught:
        read_preferences(table("staff id,name\nA1,Ada\n"), {"A1"})
    assert "no preference column" in caught.value.problems[0].message


def test_a_team_list_gives_each_persons_preferences_beside_the_team():
    team = read_team(table("Staff No,Name,Usually in,Can't come in\n"
                           "A1,Ada,Mon-Wed,Fri\nB2,Ben,,\n", "team.csv"))
    assert team.has_preferences
    assert team.preferences == {"A1": Preference("A1", office_days=frozenset({0, 1, 2}),
                                                 unavailable_days=frozenset({4}))}
    assert not read_team(table("Staff No,Name\nA1,Ada\n")).has_preferences
