"""A long rota read as it streams (`long_rota.read_long_text`) gives what the table reader gives
for the same text: the same rota, or the same problems in the same order, across block
boundaries, delimiters, Excel's `sep=` line, empty rows and cells to clean; a year of an
organisation (more rows than a spreadsheet holds) is read, a file past the long rota's limit
is refused, and nothing is written into the rota on a refusal."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deskplan.domain.errors import InputError
from deskplan.domain.model import Cell, Status
from deskplan.domain.rota import Rota
from deskplan.interchange import long_rota, table
from deskplan.interchange.long_rota import read_long_bytes
from deskplan.interchange.plan_files import read_rota_file
from deskplan.interchange.rota_file import read_rota
from deskplan.interchange.table import parse_csv_text
from tests.interchange.test_rota_bulk import (
    FIRST,
    PEOPLE,
    SITES,
    existing_rotas,
    long_tables,
    text_outcome,
)


@st.composite
def long_texts(draw: st.DrawFn) -> str:
    """A long rota as a spreadsheet writes it: some delimiter, maybe Excel's `sep=` line,
    now and then an empty row or a non-breaking space to clean."""
    rota = draw(long_tables())
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    rows = [rota.header, *rota.rows]
    for _ in range(draw(st.integers(0, 2))):
        rows.insert(draw(st.integers(0, len(rows))), [])
    out = io.StringIO()
    if draw(st.booleans()):
        out.write(f"sep={delimiter}\n")
    csv.writer(out, delimiter=delimiter, quoting=draw(st.sampled_from(
        [csv.QUOTE_MINIMAL, csv.QUOTE_ALL])), lineterminator=draw(
        st.sampled_from(["\n", "\r\n"]))).writerows(rows)
    text = out.getvalue()
    return text.replace("H", "H\u00a0", 1) if draw(st.integers(0, 9)) == 0 else text


def streamed(text: str, known, rota: Rota | None) -> Rota:
    found = read_long_bytes(text.encode(), "rota.csv", known, rota, sites=SITES)
    assert found is not None, "a regular long rota is read as a stream"
    return found


def tabled(text: str, known, rota: Rota | None) -> Rota:
    return read_rota(parse_csv_text(text, "rota.csv"), known, rota, sites=SITES)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(long_texts(), st.sampled_from([PEOPLE, set(PEOPLE)]), existing_rotas(),
       st.integers(1, 4))
def test_the_stream_reads_what_the_table_reader_reads(text, known, rota, block):
    with patch.object(long_rota, "BLOCK_ROWS", block):  # every block boundary is crossed
        assert (text_outcome(streamed, text, known, rota)
                == text_outcome(tabled, text, known, rota))


def year_of(people: int, days: int) -> str:
    lines = ["staff_id,date,status"]
    for i in range(people):
        for d in range(days):
            lines.append(f"P{i},{(FIRST + timedelta(days=d)).isoformat()},{'OH'[d % 2]}")
    return "\n".join(lines) + "\n"


def test_more_rows_than_a_spreadsheet_holds_are_read(monkeypatch, tmp_path):
    monkeypatch.setattr(table, "MAX_ROWS", 100)  # the table reader's limit, made small
    path = tmp_path / "year.csv"
    path.write_text(year_of(30, 10))  # 300 rows
    known = {f"P{i}" for i in range(30)}
    with pytest.raises(InputError, match="more than 100 rows"):
        read_rota(parse_csv_text(path.read_text(), path.name), known)
    rota = read_rota_file(path, known)
    assert len(rota.staff_ids) == 30
    assert rota.cell("P7", FIRST + timedelta(days=3)) == Cell.whole(Status.HOME)
    assert rota.planned_span() == (FIRST, FIRST + timedelta(days=9))


def test_a_long_rota_past_its_limit_is_refused_and_changes_nothing(monkeypatch, tmp_path):
    monkeypatch.setattr(long_rota, "MAX_LONG_ROWS", 250)
    monkeypatch.setattr(long_rota, "BLOCK_ROWS", 64)
    path = tmp_path / "year.csv"
    path.write_text(year_of(30, 10))
    rota = Rota()
    rota.set_cell("P1", FIRST, Cell.whole(Status.LEAVE))
    with pytest.raises(InputError) as refused:
        read_rota_file(path, {f"P{i}" for i in range(30)}, rota=rota)
    assert "more than 250 rows, the most deskplan reads of a long rota" in str(refused.value)
    assert refused.value.problems[0].file == "year.csv"
    assert list(rota.entries()) == [("P1", FIRST, Cell.whole(Status.LEAVE))]


def test_problems_far_down_a_long_file_name_their_rows(monkeypatch, tmp_path):
    monkeypatch.setattr(table, "MAX_ROWS", 100)
    monkeypatch.setattr(long_rota, "BLOCK_ROWS", 64)
    lines = year_of(30, 10).splitlines()
    lines[250] = lines[250].replace(",O", ",X").replace(",H", ",X")  # row 251
    lines.append(lines[5])  # row 302 gives row 6's person and day again
    path = tmp_path / "year.csv"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError) as refused:
        read_rota_file(path, {f"P{i}" for i in range(30)})
    found = [(p.row, p.column) for p in refused.value.problems]
    assert found == [(251, "status"), (302, "date")]
    assert "is already given on row 6" in refused.value.problems[1].message


def test_a_file_that_is_no_long_rota_is_left_to_the_table_reader():
    assert read_long_bytes(b"staff_id,2025-03-03\nA1,O\n", "rota.csv", PEOPLE) is None
    assert read_long_bytes(b"", "rota.csv", PEOPLE) is None
    quoted = b'staff_id,date,status\nA1,2025-03-03,"O\n'
    assert read_long_bytes(quoted, "rota.csv", PEOPLE) is None
    long_cell = b"staff_id,date,status\nA1,2025-03-03," + b"O" * 40_000 + b"\n"
    assert read_long_bytes(long_cell, "rota.csv", PEOPLE) is None  # it names the cell
    windows = "staff_id,date,status\nA1,2025-03-03,O\u00a0\n".encode("cp1252")
    assert read_long_bytes(windows, "rota.csv", PEOPLE) is None  # the table reader decodes it


def test_a_file_with_a_mark_or_in_windows_1252_reads_as_the_table_reader_reads(tmp_path):
    text = "sep=;\r\nstaff_id;date;status\r\nA1;03/03/2025;O\u00a0\r\nB2;2025-03-04;H\r\n"
    expected = list(read_rota(parse_csv_text(text, "rota.csv"), PEOPLE).entries())
    for data in (text.encode("utf-8-sig"), text.encode("cp1252"), text.encode("utf-16")):
        path = tmp_path / "rota.csv"
        path.write_bytes(data)
        assert list(read_rota_file(path, PEOPLE).entries()) == expected
    assert read_long_bytes(text.encode("utf-8-sig"), "rota.csv", PEOPLE) is not None
