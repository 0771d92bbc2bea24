"""Attendance from access-control and desk-booking exports: swipes counted once a day, exact
duplicates dropped, unknown ids listed (never guessed), badges mapped to staff ids."""

from datetime import date, datetime, time

import openpyxl
import pytest

from deskplan.domain.errors import InputError
from deskplan.domain.model import Cell, Person, Status
from deskplan.interchange.attendance_file import load_attendance, read_attendance, read_badges
from deskplan.interchange.table import parse_csv_text

PEOPLE = {p.staff_id: p for p in (
    Person("S001", "Ada Ames", category="support", location="Lambeth"),
    Person("S002", "Ben Bell", category="support", location="Lambeth"),
)}
SITES = {"lambeth": "Lambeth", "hendon": "Hendon"}


def table(text: str, name: str = "swipes.csv"):
    return parse_csv_text(text, name)


def test_several_swipes_a_day_count_once_at_the_earliest_site():
    read = read_attendance(table(
        "staff_id,date,time,site\n"
        "S001,07/04/2025,17:02,Lambeth\n"
        "S001,07/04/2025,08:31,Hendon\n"
        "S001,07/04/2025,12:15,Lambeth\n"
        "S002,2025-04-08T09:00:00,,\n"), PEOPLE, sites=SITES)
    assert read.days == 2
    assert read.swipes_merged == 2
    assert read.actuals.cell("S001", date(2025, 4, 7)) == Cell.whole(Status.OFFICE, "Hendon")
    assert read.actuals.cell("S002", date(2025, 4, 8)) == Cell.whole(Status.OFFICE)
    assert read.actuals.cell("S002", date(2025, 4, 7)) == Cell()  # not recorded, not home
    assert (read.first, read.last) == (date(2025, 4, 7), date(2025, 4, 8))


def test_exact_duplicates_are_dropped_and_counted():
    read = read_attendance(table(
        "staff_id,date,time\nS001,2025-04-07,08:30\nS001,2025-04-07,08:30\n"
        "S001,2025-04-07,08:30\n"), PEOPLE)
    assert (read.rows, read.duplicates, read.days, read.swipes_merged) == (3, 2, 1, 0)
    assert "2 duplicate rows ignored" in read.describe()


def test_unknown_ids_are_listed_with_their_rows_and_left_out():
    read = read_attendance(table(
        "staff_id,date\nS001,2025-04-07\nX999,2025-04-07\nX999,2025-04-08\nS0O1,2025-04-09\n"),
        PEOPLE)
    assert read.unknown_ids == {"X999": [3, 4], "S0O1": [5]}
    assert read.days == 1  # S0O1 is not guessed to be S001
    assert "X999 (rows 3, 4)" in read.describe()


def test_badges_are_mapped_through_a_mapping_column():
    badges = read_badges(table("Card number,Staff No\n0042,S001\n0043,S002\n", "badges.csv"))
    assert badges == {"0042": "S001", "0043": "S002"}
    read = read_attendance(table(
        "Pass,Event time,Door\n0042,07/04/2025 08:01,Main door\n0099,07/04/2025 08:02,x\n"),
        PEOPLE, badges=badges, overrides={"Pass": "badge_id"})
    assert read.actuals.cell("S001", date(2025, 4, 7)) == Cell.whole(Status.OFFICE)
    assert list(read.unknown_ids) == ["0099"]


def test_a_badge_file_without_the_mapping_is_refused():
    with pytest.raises(InputError, match="badge → staff id mapping"):
        read_attendance(table("badge,date\n0042,2025-04-07\n"), PEOPLE)


def test_a_badge_mapped_twice_is_a_problem_naming_its_row():
    with pytest.raises(InputError, match=r"badge '0042' is mapped to S001 on row 2") as found:
        read_badges(table("badge,staff_id\n0042,S001\n0042,S002\n", "badges.csv"))
    assert found.value.problems[0].row == 3


def test_statuses_other_than_attended_can_be_given():
    read = read_attendance(table(
        "staff_id,date,status\nS001,2025-04-07,home\nS001,2025-04-08,sick\n"
        "S002,2025-04-07,business\n"), PEOPLE)
    assert read.actuals.cell("S001", date(2025, 4, 8)) == Cell.whole(Status.SICK)
    assert read.actuals.cell("S002", date(2025, 4, 7)) == Cell.whole(Status.BUSINESS)


def test_contradictions_and_bad_values_name_row_and_column_and_read_nothing():
    with pytest.raises(InputError) as found:
        read_attendance(table(
            "staff_id,date,status,site\nS001,2025-04-07,office,Lambeth\n"
            "S001,2025-04-07,sick,\nS002,31/02/2025,office,\nS002,2025-04-09,office,Mars\n"),
            PEOPLE, sites=SITES)
    problems = {(p.row, p.column) for p in found.value.problems}
    assert problems == {(3, None), (4, "date"), (5, "site")}
    assert "sick here but office on row 2" in str(found.value)


def workbook(path, rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_a_workbook_with_date_time_cells_and_a_badge_workbook(tmp_path):
    # As an access-control system exports it: a card number and one date-and-time cell (a
    # real spreadsheet date, not text), mapped to staff ids by a second workbook.
    swipes = workbook(tmp_path / "swipes.xlsx", [
        ["Card number", "Event time", "Building"],
        ["B-17", datetime(2025, 4, 7, 17, 2), "Lambeth"],
        ["B-17", datetime(2025, 4, 7, 8, 31), "Hendon"],
        ["B-18", datetime(2025, 4, 8, 9, 0), "Lambeth"],
        ["B-99", datetime(2025, 4, 8, 9, 5), "Lambeth"],
    ])
    badges = workbook(tmp_path / "badges.xlsx", [["badge", "staff id"], ["B-17", "S001"],
                                                 ["B-18", "S002"]])
    read = load_attendance(swipes, PEOPLE, sites=SITES, badges=badges)
    assert (read.rows, read.days, read.swipes_merged) == (4, 2, 1)
    assert read.unknown_ids == {"B-99": [5]}
    assert read.actuals.cell("S001", date(2025, 4, 7)) == Cell.whole(Status.OFFICE, "Hendon")
    assert read.actuals.cell("S002", date(2025, 4, 8)) == Cell.whole(Status.OFFICE)


def test_a_workbook_with_separate_date_and_time_cells(tmp_path):
    swipes = workbook(tmp_path / "bookings.xlsx", [
        ["staff id", "date", "time", "site"],
        ["S001", date(2025, 4, 9), time(12, 5), "Hendon"],
        ["S001", date(2025, 4, 9), time(7, 45), "Lambeth"],
    ])
    read = load_attendance(swipes, PEOPLE, sites=SITES)
    assert read.swipes_merged == 1
    # The earliest swipe was at the person's own base, so the day is plain "office".
    assert read.actuals.cell("S001", date(2025, 4, 9)) == Cell.whole(Status.OFFICE)
