"""A plain wide rota read straight from its text (`wide_rota.read_plain_wide`) gives what the
table reader gives for the same text, or None and leaves it to that reader: on random grids
with single letters and empty cells (the plain files it reads), and with what it must leave
alone (words, halves, sites, spaces, quoted cells, Windows line ends, Excel's `sep=` line,
blank and short rows, unknown or repeated people, bad or repeated date titles); nothing is
written into the rota when it leaves a file to the table reader."""

from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deskplan.domain.rota import Rota
from deskplan.interchange.plan_files import read_rota_file
from deskplan.interchange.rota_file import read_rota
from deskplan.interchange.table import parse_csv_text
from deskplan.interchange.wide_rota import read_plain_wide
from tests.interchange.test_rota_bulk import (
    PEOPLE,
    SITES,
    existing_rotas,
    mostly,
    text_outcome,
    wide_tables,
)

letters = st.sampled_from(["", "", "O", "H", "L", "o", "h", "S", "T", "B", "-", " "])


@st.composite
def wide_texts(draw: st.DrawFn) -> str:
    """A wide rota as a spreadsheet writes it: mostly plain (every cell a letter or empty,
    every row as long as the header), now and then anything `wide_tables` makes."""
    table = draw(wide_tables())
    rows = [table.header, *table.rows]
    if draw(st.integers(0, 7)):  # plain: letters only, full rows
        id_column = next(i for i, title in enumerate(table.header) if title == "Staff ID")
        rows = [table.header] + [[cell if i == id_column else draw(letters)
                                  for i, cell in enumerate(row + [""] * (len(table.header)
                                                                         - len(row)))]
                                 for row in table.rows]
    if draw(st.integers(0, 9)) == 0:
        rows.insert(draw(st.integers(0, len(rows))), [])
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    out = io.StringIO()
    if draw(st.integers(0, 9)) == 0:
        out.write(f"sep={delimiter}\n")
    csv.writer(out, delimiter=delimiter, quoting=draw(mostly(
        st.just(csv.QUOTE_MINIMAL), st.just(csv.QUOTE_ALL))), lineterminator=draw(
        st.sampled_from(["\n", "\r\n"]))).writerows(rows)
    text = out.getvalue()
    if draw(st.booleans()):
        text = text.rstrip("\r\n")  # no line end after the last row
    return text.replace("H", "H\u00a0", 1) if draw(st.integers(0, 19)) == 0 else text


def tabled(text: str, known, rota: Rota | None) -> Rota:
    return read_rota(parse_csv_text(text, "rota.csv"), known, rota, sites=SITES)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(wide_texts(), st.sampled_from([PEOPLE, set(PEOPLE)]), existing_rotas())
def test_the_plain_read_reads_what_the_table_reader_reads_or_leaves_it(text, known, rota):
    target = rota.copy() if rota is not None else None
    before = target and list(target.entries())
    found = read_plain_wide(text, "rota.csv", known, target, sites=SITES)
    if found is None:
        assert (target and list(target.entries())) == before  # nothing written
        return
    assert (found.staff_ids, list(found.entries()), found.planned_span()) == text_outcome(
        tabled, text, known, rota)


def test_a_plain_grid_is_read_by_the_plain_reader():
    text = "Staff ID,03/03/2025,04/03/2025\r\nA1,O,\r\nB2,H,L\r\n"
    found = read_plain_wide(text, "rota.csv", PEOPLE)
    assert found is not None
    assert found.staff_ids == ["A1", "B2"]
    assert (text_outcome(lambda t, k, r: found, text, PEOPLE, None)
            == text_outcome(tabled, text, PEOPLE, None))


def test_a_file_is_read_alike_whichever_reader_takes_it(tmp_path):
    path = tmp_path / "rota.csv"
    for text in ("Staff ID,03/03/2025,04/03/2025\nA1,O,\nB2,H,L\n",  # plain
                 "Staff ID,03/03/2025,04/03/2025\nA1,O@Leeds,\nB2,H,L\n"):  # a site
        path.write_text(text, encoding="utf-8")
        read = read_rota_file(path, PEOPLE, sites=SITES)
        assert ((read.staff_ids, list(read.entries()))
                == text_outcome(tabled, text, PEOPLE, None)[:2])
