"""Team-list rows that share their record cells (job, site, nation, pattern, hours,
preferences) share one reading of them: the people read, and every problem with its row and
column, are exactly those of each row read on its own, whatever mix of good and bad cells
(empty or too long staff ids and names, dates that are no dates, unknown nations and patterns,
clashing preferences) the rows hold."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from deskplan.domain.limits import PERSON_NAME, STAFF_ID
from deskplan.interchange.table import Table
from deskplan.interchange.team_file import read_team

HEADER = ["Employee ID", "First name", "Surname", "Job title", "Site", "Country",
          "Working pattern", "Contracted hours", "Start date", "End date",
          "Usually in", "Prefers home"]

own_cells = st.tuples(
    st.none() | st.none() | st.sampled_from(["", "x" * (STAFF_ID + 1)]),  # None: unique
    st.sampled_from(["Ann", "", "y" * PERSON_NAME]),
    st.sampled_from(["Lee", "", "Ng"]),
    st.sampled_from(["", "01/02/2020", "2020-13-01", "31/12/2030"]),
    st.sampled_from(["", "31/12/2025", "not a date", "01/01/2019"]),
)
shared_cells = st.tuples(
    st.sampled_from(["Analyst", "Supervisor", "", "r" * 201]),
    st.sampled_from(["Site 1", "Site 2", ""]),
    st.sampled_from(["England", "Scotland", "Narnia", ""]),
    st.sampled_from(["Mon-Fri", "Mon-Wed", "Mon|Tue", "Funday", ""]),
    st.sampled_from(["37.5", "22.5", "", "0"]),
    st.sampled_from(["", "Tue", "Mon,Tue"]),
    st.sampled_from(["", "Fri", "Tue", "Someday"]),
)
rows = st.lists(st.tuples(own_cells, st.integers(0, 3)), max_size=25)


GOOD = ("Analyst", "Site 1", "England", "Mon-Fri", "37.5", "", "")


@settings(max_examples=300, deadline=None)
@given(rows, st.lists(shared_cells, min_size=4, max_size=4))
# A clean row, then rows of the same record each with one cell of their own at fault.
@example([((None, "Ann", "Lee", "", ""), 0), ((None, "y" * PERSON_NAME, "Lee", "", ""), 0),
          ((None, "Ann", "", "01/02/2020", "01/01/2019"), 0), (("x" * 101, "Bo", "", "", ""), 0),
          ((None, "", "", "", ""), 0), ((None, "Cy", "Ng", "2020-13-01", ""), 0)], [GOOD] * 4)
def test_rows_sharing_their_record_cells_read_as_each_row_alone(drawn, records):
    table_rows = []
    for number, ((staff_id, first, surname, start, end), which) in enumerate(drawn):
        staff = f"E{number:03d}" if staff_id is None else staff_id
        table_rows.append([staff, first, surname, *records[which][:5], start, end,
                           *records[which][5:]])
    numbers = [n + 2 for n in range(len(table_rows))]
    whole = read_team(Table("team.csv", HEADER, table_rows, numbers), valid_rows_only=True)
    people, problems, filled, preferences = [], [], {}, {}
    for row, number in zip(table_rows, numbers, strict=True):
        alone = read_team(Table("team.csv", HEADER, [row], [number]), valid_rows_only=True)
        people += alone.people
        problems += alone.problems
        filled.update(alone.filled)
        preferences.update(alone.preferences)
    # Only refused rows repeat a staff id (empty or too long), so no row contradicts another.
    assert whole.people == people
    assert whole.problems == problems
    assert whole.filled == filled
    assert whole.preferences == preferences
