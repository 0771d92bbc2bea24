"""Team lists as HR systems hold contracts: cycles, rosters, bank holidays worked, HR pattern
strings and several rows per person by effective_from; contradictions refused with row and
column, and a re-import that records changes from a date, never over the past."""

from datetime import date

import pytest

from deskplan.domain.errors import InputError
from deskplan.domain.model import Nation, WorkingPattern
from deskplan.domain.policy import Policy
from deskplan.interchange.table import parse_csv_text
from deskplan.interchange.team_file import read_team
from deskplan.interchange.team_import import plan_team_import

H = 3600


def team(text: str):
    return read_team(parse_csv_text(text, "team.csv"))


def refused(text: str) -> list[tuple[int | None, str | None, str]]:
    with pytest.raises(InputError) as raised:
        team(text)
    return [(p.row, p.column, p.message) for p in raised.value.problems]


def test_a_nine_day_fortnight_with_its_day_lengths_and_cycle_start():
    (person,) = team("staff_id,name,working_days,hours_per_day,cycle_start\n"
                     'A1,Ann,Mon-Fri | Mon-Thu,"9/9/9/9/8 | 9/9/9/9",06/01/2025\n').people
    pattern = person.pattern
    assert pattern.weeks == 2
    assert pattern.cycle_start == date(2025, 1, 6)
    assert pattern.week_seconds(0) == (9 * H, 9 * H, 9 * H, 9 * H, 8 * H, 0, 0)
    assert pattern.week_seconds(1) == (9 * H, 9 * H, 9 * H, 9 * H, 0, 0, 0)
    # Cycles repeat both ways: the Friday two weeks before the start is a working day, the one
    # a week before (week 2) is not.
    assert pattern.seconds_on(date(2024, 12, 27)) == 8 * H
    assert pattern.seconds_on(date(2025, 1, 3)) == 0


def test_one_length_serves_every_day_of_every_week_and_the_bar_needs_no_spaces():
    (person,) = team("staff_id,name,working_days,hours_per_day,cycle_start\n"
                     "A1,Ann,Mon-Fri|Mon-Thu,8.25,2025-01-06\n").people
    assert person.pattern.day_lengths == {int(8.25 * H)}
    assert sum(person.pattern.seconds) == 9 * int(8.25 * H)


def test_a_four_on_four_off_roster_with_bank_holidays_worked():
    (person,) = team("staff_id,name,working_days,hours_per_day,cycle_start,bank_holidays\n"
                     "C1,Cal,cycle:wwww----,12,2025-01-04,worked\n").people
    pattern = person.pattern
    assert pattern.roster
    assert pattern.cycle_days == 8
    assert [pattern.seconds_on(date(2025, 1, d)) // H for d in range(4, 14)] == \
        [12, 12, 12, 12, 0, 0, 0, 0, 12, 12]  # a Saturday start: weekends are ordinary days
    assert person.bank_holidays_worked


def test_hr_system_strings_are_read():
    spaces, itrent = team(
        "staff_id,name,working_days\n"
        "A1,Ann,Mon Tue Wed Thu Fri\n"
        "B2,Ben,36.5 M 7:18 T 7:18 W 7:18 Th 7:18 F 7:18\n").people
    assert spaces.pattern == WorkingPattern.standard()
    assert itrent.pattern.weekdays == (0, 1, 2, 3, 4)
    assert itrent.pattern.day_lengths == {7 * H + 18 * 60}


@pytest.mark.parametrize(("row", "column", "words"), [
    ("A1,Ann,Mon-Fri | Mon-Thu,,", "cycle_start", "give the Monday"),  # a cycle without a start
    ("A1,Ann,Mon-Fri | Mon-Thu,,07/01/2025", "cycle_start", "Tuesday"),
    ("A1,Ann,cycle:WWWW----,,", "cycle_start", "roster"),
    ("A1,Ann,cycle:WWXW----,,2025-01-04", "working_days", "W (working)"),
    ("A1,Ann,36 M 7:18 T 7:18 W 7:18 Th 7:18 F 7:18,,", "working_days", "not the sum"),
    ("A1,Ann,36.5 M 7:18 T 7:18 W 7:18 Th 7:18 F 7:18,8,", "hours_per_day", "disagree"),
    ("A1,Ann,Mon-Fri | Mon-Thu,9/9 | 9,2025-01-06", "hours_per_day", "working days"),
])
def test_patterns_that_cannot_be_read_are_refused_with_row_and_column(row, column, words):
    [(number, where, message)] = refused(
        "staff_id,name,working_days,hours_per_day,cycle_start\n" + row + "\n")
    assert (number, where) == (2, column)
    assert words in message


def test_a_person_over_several_rows_is_one_timeline_in_any_order():
    people = team(
        "staff_id,name,location,working_days,effective_from,start_date\n"
        "A1,Ann,Croydon,Mon-Wed,2025-06-02,\n"
        "B2,Ben,Lambeth,Mon-Fri,,\n"
        "A1,Ann,Lambeth,Mon-Fri,,01/02/2020\n").people
    ann = next(p for p in people if p.staff_id == "A1")
    assert (ann.location, ann.pattern.weekdays, ann.since) == ("Croydon", (0, 1, 2),
                                                              date(2025, 6, 2))
    assert ann.terms_on(date(2025, 6, 1)).location == "Lambeth"
    assert ann.start_date == date(2020, 2, 1)  # given on one row, it holds for all


@pytest.mark.parametrize(("rows", "column", "words"), [
    ("A1,Ann,2025-06-02,\nA1,Ann,2025-06-02,\n", "effective_from", "second record"),
    ("A1,Ann,,\nA1,Ann,,\n", "effective_from", "no effective_from"),
    ("A1,Ann,,2020-01-01\nA1,Ann,2025-06-02,2021-01-01\n", "start_date", "differs"),
])
def test_contradictions_between_a_persons_rows_are_refused(rows, column, words):
    problems = refused("staff_id,name,effective_from,start_date\n" + rows)
    assert [(row, where) for row, where, _ in problems] == [(3, column)]
    assert words in problems[0][2]


def test_bank_holidays_column_reads_off_worked_and_an_older_files_nation():
    off, worked, nation = team("staff_id,name,bank_holidays\nA,Ann,off\nB,Ben,worked\n"
                               "C,Cy,Scotland\n").people
    assert (off.bank_holidays_worked, worked.bank_holidays_worked) == (False, True)
    assert nation.nation is Nation.SCOTLAND
    [(row, column, _)] = refused("staff_id,name,bank_holidays\nA,Ann,sometimes\n")
    assert (row, column) == (2, "bank_holidays")


def test_a_reimport_changes_the_contract_from_a_date_and_never_the_past():
    stored = team("staff_id,name,working_days\nA1,Ann,Mon-Fri\n").people
    incoming = team("staff_id,name,working_days\nA1,Ann,Mon-Wed\n")
    result = plan_team_import(stored, incoming, Policy.default(), date(2025, 6, 2))
    (change,) = result.updated
    after = change.after
    assert change.since == date(2025, 6, 2)
    assert after.terms_on(date(2025, 5, 30)).pattern.weekdays == (0, 1, 2, 3, 4)
    assert after.terms_on(date(2025, 6, 2)).pattern.weekdays == (0, 1, 2)
    chosen = plan_team_import(stored, incoming, Policy.default(), date(2025, 6, 2),
                              changes_from=date(2025, 7, 1))
    assert chosen.updated[0].after.since == date(2025, 7, 1)


def test_a_reimport_with_effective_from_records_each_change_on_its_day():
    stored = team("staff_id,name,location\nA1,Ann,Lambeth\n").people
    incoming = team("staff_id,name,location,effective_from\nA1,Ann,Hendon,2025-03-03\n")
    (change,) = plan_team_import(stored, incoming, Policy.default(), date(2025, 6, 2)).updated
    assert change.since == date(2025, 3, 3)
    assert change.after.terms_on(date(2025, 3, 2)).location == "Lambeth"
    assert change.after.location == "Hendon"


def test_a_reimport_that_changes_nothing_changes_nothing():
    text = "staff_id,name,working_days,hours_per_day,cycle_start\n" \
           "A1,Ann,Mon-Fri | Mon-Thu,8.25,2025-01-06\n"
    stored = team(text).people
    result = plan_team_import(stored, team(text), Policy.default(), date(2025, 6, 2))
    assert result.updated == []
    assert [p.staff_id for p in result.unchanged] == ["A1"]


HISTORY = ("staff_id,name,location,working_days,hours_per_day,effective_from\n"
           "M1,Mo,Lambeth,Mon-Fri,7.5,\n"
           "M1,Mo,Lambeth,Mon-Thu,7.5,2025-09-01\n")


def test_a_dated_change_carries_on_through_later_records_and_keeps_their_own_changes():
    # A move of site from 1 June, from a file that knows nothing of the September change
    # of pattern: the move carries on through September, and September keeps Mon-Thu.
    stored = team(HISTORY).people
    incoming = team("staff_id,name,location,effective_from\nM1,Mo,Hendon,2025-06-01\n")
    (change,) = plan_team_import(stored, incoming, Policy.default(), date(2026, 12, 1)).updated
    after = change.after
    assert change.since == date(2025, 6, 1)
    assert after.terms_on(date(2025, 5, 30)).location == "Lambeth"
    assert after.terms_on(date(2025, 6, 2)).location == "Hendon"
    assert after.terms_on(date(2025, 6, 2)).pattern.weekdays == (0, 1, 2, 3, 4)
    september = after.terms_on(date(2025, 9, 5))
    assert (september.location, september.pattern.weekdays) == ("Hendon", (0, 1, 2, 3))
    assert after.change_dates() == [date(2025, 6, 1), date(2025, 9, 1)]


def test_a_dated_change_stops_where_a_later_record_changes_that_column_itself():
    stored = team(HISTORY).people
    # A Mon-Wed pattern from 1 June: September's own change (Mon-Thu) is kept.
    incoming = team("staff_id,name,working_days,effective_from\nM1,Mo,Mon-Wed,2025-06-01\n")
    (change,) = plan_team_import(stored, incoming, Policy.default(), date(2026, 12, 1)).updated
    after = change.after
    assert after.terms_on(date(2025, 7, 1)).pattern.weekdays == (0, 1, 2)
    assert after.terms_on(date(2025, 9, 5)).pattern.weekdays == (0, 1, 2, 3)
    assert after.terms_on(date(2025, 5, 30)).pattern.weekdays == (0, 1, 2, 3, 4)


def test_a_change_from_a_day_before_a_later_record_says_the_person_as_they_are_now():
    # The file has no dates: it says Mo works Mon-Thu now, changed from 22 April, although
    # a record from 1 May (Mon-Fri) was stored: from 22 April on it is Mon-Thu, and the
    # report's date is the day the records now differ.
    stored = team("staff_id,name,working_days,hours_per_day,effective_from\n"
                  "M1,Mo,Mon-Wed,7.5,2025-04-16\nM1,Mo,Mon-Fri,7.5,2025-05-01\n").people
    incoming = team("staff_id,name,working_days,hours_per_day\nM1,Mo,Mon-Thu,7.5\n")
    (change,) = plan_team_import(stored, incoming, Policy.default(), date(2026, 12, 1),
                                 changes_from=date(2025, 4, 22)).updated
    after = change.after
    assert change.since == date(2025, 4, 22)
    assert after.terms_on(date(2025, 4, 21)).pattern.weekdays == (0, 1, 2)
    assert after.terms_on(date(2025, 4, 24)).pattern.weekdays == (0, 1, 2, 3)
    assert after.terms_on(date(2025, 6, 2)).pattern.weekdays == (0, 1, 2, 3)
    assert after.change_dates() == [date(2025, 4, 16), date(2025, 4, 22)]


def test_a_history_file_over_stored_history_keeps_what_it_does_not_contradict():
    stored = team("staff_id,name,working_days,hours_per_day,effective_from\n"
                  "M1,Mo,Mon-Fri,7.5,\nM1,Mo,Mon-Wed,7.5,2025-04-16\n"
                  "M1,Mo,Mon-Thu,7.5,2025-05-01\n").people
    incoming = team("staff_id,name,working_days,hours_per_day,effective_from\n"
                    "M1,Mo,Mon-Fri,7.5,\nM1,Mo,Mon-Tue,7.5,2025-04-16\n")
    (change,) = plan_team_import(stored, incoming, Policy.default(), date(2026, 12, 1)).updated
    after = change.after
    assert change.since == date(2025, 4, 16)
    assert after.terms_on(date(2025, 4, 21)).pattern.weekdays == (0, 1)
    assert after.terms_on(date(2025, 5, 5)).pattern.weekdays == (0, 1, 2, 3)  # its own change


@pytest.mark.parametrize(("cells", "column", "words"), [
    ("Mon-Fri,7.5,30,,", "weekly_hours", "disagree with the 37.5 h a week"),
    ('"Mon-Fri | Mon-Thu",8,37,,2025-03-03', "weekly_hours", "36 h a week"),
    ("Mon-Fri,,30,0.6,", "fte", "30 h a week"),
    ("Mon-Thu,,20,0.5,", "fte", "0.5333"),
    ("36.5 M 7:18 T 7:18 W 7:18 Th 7:18 F 7:18,,37.5,,", "weekly_hours", "36.5 h a week"),
    ("36.5 M 7:18 T 7:18 W 7:18 Th 7:18 F 7:18,,,0.5,", "fte", "36.5 h a week"),
])
def test_hours_that_contradict_each_other_are_refused(cells, column, words):
    [(row, where, message)] = refused(
        "staff_id,name,working_days,hours_per_day,weekly_hours,fte,cycle_start\n"
        f"A1,Ann,{cells}\n")
    assert (row, where) == (2, column)
    assert words in message


@pytest.mark.parametrize(("cells", "weekly"), [
    ("Mon-Fri,7.5,37.5,,", 37.5), ("Mon-Fri,,22.5,0.6,", 22.5), ("Mon-Thu,,20,0.5333,", 20),
    ("Mon-Thu,,20,8/15,", 20), ("cycle:WWWW----,12,42,,2025-03-03", 42),
    ("36.5 M 7:18 T 7:18 W 7:18 Th 7:18 F 7:18,,36.5,,", 36.5),
])
def test_hours_given_twice_that_agree_are_read(cells, weekly):
    (person,) = team("staff_id,name,working_days,hours_per_day,weekly_hours,fte,cycle_start\n"
                     f"A1,Ann,{cells}\n").people
    assert person.pattern.weekly_seconds == weekly * H


@pytest.mark.parametrize(("cells", "column"), [
    ("cycle:WWWW----,12/12/12,,", "hours_per_day"),
    ("cycle:WWWW----,12 | 12,,", "hours_per_day"),
    ("cycle:--------,,,", "working_days"),
    ("cycle:WWWX----,12,,", "working_days"),
    ("cycle:WWWW----,,37.5,", "weekly_hours"),
])
def test_a_roster_refusal_names_the_cell_at_fault(cells, column):
    [(row, where, _)] = refused("staff_id,name,working_days,hours_per_day,weekly_hours,fte,"
                                f"cycle_start\nA1,Ann,{cells},2025-03-03\n")
    assert (row, where) == (2, column)
