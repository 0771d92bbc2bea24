"""The bulk rota reader gives exactly what reading cell by cell gives: the same rota (people in
the same order, every cell and site, cells of an existing rota kept or replaced alike) or the
same problems in the same order, on random wide and long files with halves, other sites, blank
and unplanned cells, short rows, spaces, unknown people, bad dates and cells given twice."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deskplan.domain.errors import InputError
from deskplan.domain.model import Cell, Person, Status
from deskplan.domain.rota import Rota
from deskplan.interchange.rota_file import read_rota
from deskplan.interchange.table import Table
from tests.interchange.plain_rota_reader import read_rota_plain

FIRST = date(2025, 3, 3)
PEOPLE = {staff_id: Person(staff_id=staff_id, name=staff_id, location=base)
          for staff_id, base in (("A1", "HQ"), ("B2", "Hendon"), ("C3", ""))}
SITES = {"hendon": "Hendon", "leeds": "Leeds"}


def mostly(good: st.SearchStrategy[str], bad: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """`good`, and now and then `bad` (so that most files have no problem)."""
    return st.integers(0, 39).flatmap(lambda i: bad if i == 0 else good)


staff_texts = mostly(st.sampled_from(["A1", "B2", "C3", " B2 "]), st.sampled_from(["Z9", ""]))
cell_texts = mostly(st.sampled_from(
    ["", "", "O", "H", "o", " L ", "office", "O/H", "L/O", "O/", "/H", "-", "unplanned", "B",
     "O@Leeds", "O@ hendon", "O@HQ", "O@/H", "H/O@Leeds"]),
    st.sampled_from(["O@Nowhere", "H@Leeds", "X", "O/H/L"]))
day_numbers = st.integers(0, 9)


def spelled(day: int, spelling: int) -> str:
    value = FIRST + timedelta(days=day)
    return (value.isoformat(), value.strftime("%d/%m/%Y"), value.strftime("%-d %b %Y"))[spelling]




def twice_now_and_then(draw: st.DrawFn, values: list) -> list:
    """`values`, and now and then one of them given again."""
    if values and draw(st.integers(0, 9)) == 0:
        values.insert(draw(st.integers(0, len(values))), draw(st.sampled_from(values)))
    return values


@st.composite
def wide_tables(draw: st.DrawFn) -> Table:
    days = twice_now_and_then(draw, draw(st.lists(day_numbers, min_size=1, max_size=8,
                                                  unique=True)))
    titles = [draw(mostly(st.integers(0, 2).map(lambda n, d=day: spelled(d, n)),
                          st.sampled_from(["Name", "Notes"]))) for day in days]
    position = draw(st.integers(0, len(titles)))
    header = [*titles[:position], "Staff ID", *titles[position:]]
    staff = twice_now_and_then(draw, draw(st.lists(staff_texts, max_size=4)))
    rows = [[staff_id if i == position else draw(cell_texts)
             for i in range(draw(st.integers(position + 1, len(header))))]
            for staff_id in staff]
    return Table("rota.csv", header, rows, list(range(2, len(rows) + 2)))


@st.composite
def long_tables(draw: st.DrawFn) -> Table:
    header = draw(st.permutations(["staff_id", "date", "status"]))
    keys = twice_now_and_then(draw, draw(st.lists(st.tuples(staff_texts, day_numbers),
                                                  max_size=12, unique=True)))
    rows = []
    for staff_id, day in keys:
        values = {"staff_id": staff_id,
                  "date": draw(mostly(st.integers(0, 2).map(lambda n, d=day: spelled(d, n)),
                                      st.sampled_from(["31/02/2025", "next week", ""]))),
                  "status": draw(cell_texts)}
        row = [values[name] for name in header]
        rows.append(row[:draw(st.integers(1, 3))] if draw(st.integers(0, 19)) == 0 else row)
    return Table("rota.csv", list(header), rows, list(range(2, len(rows) + 2)))


@st.composite
def existing_rotas(draw: st.DrawFn) -> Rota | None:
    if draw(st.booleans()):
        return None
    rota = Rota()
    for _ in range(draw(st.integers(0, 6))):
        status = draw(st.sampled_from([Status.OFFICE, Status.HOME, Status.LEAVE]))
        site = draw(st.sampled_from([None, "Leeds"])) if status is Status.OFFICE else None
        rota.set_cell(draw(st.sampled_from(["C3", "A1", "Y8"])),
                      FIRST + timedelta(days=draw(st.integers(-2, 11))),
                      Cell.whole(status, site))
    return rota


def outcome(read, table: Table, known, rota: Rota | None) -> object:
    target = rota.copy() if rota is not None else None
    try:
        found = read(table, known, target, sites=SITES)
    except InputError as error:
        return [str(problem) for problem in error.problems]
    return found.staff_ids, list(found.entries()), found.planned_span()


def text_outcome(read, text: str, known, rota: Rota | None) -> object:
    """What reading a rota file's `text` into a copy of `rota` comes to: the rota read, or the
    problems and the copy as the refusal left it (a refused read must change nothing); the
    fast readers' tests compare it with the table reader's."""
    target = rota.copy() if rota is not None else None
    try:
        found = read(text, known, target)
    except InputError as error:
        return [str(problem) for problem in error.problems], target and list(target.entries())
    return found.staff_ids, list(found.entries()), found.planned_span()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(wide_tables(), long_tables()), st.sampled_from([PEOPLE, set(PEOPLE)]),
       existing_rotas())
def test_the_bulk_reader_reads_what_the_plain_reader_reads(table, known, rota):
    assert outcome(read_rota, table, known, rota) == outcome(read_rota_plain, table, known,
                                                              rota)
