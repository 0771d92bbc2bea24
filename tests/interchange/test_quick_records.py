"""CSV records read in blocks (limits checked over the whole file at once) are exactly the
records read one by one: the same rows, or the same refusal naming the same row and cell, for
any text (quotes, line breaks inside cells, broken quoting, short and long rows) and any
limits on rows, columns, cells and characters; and the table made straight from those rows is
the table of the numbered records."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deskplan.domain.errors import InputError
from deskplan.interchange import table
from deskplan.interchange.table import _checked_records, _records

pieces = st.sampled_from(["a", "S001", ",", ",", "\n", "\r\n", '"', '""', " ", "x\ny", "O/H",
                          "é", "12/01/2025"])
texts = st.lists(pieces, max_size=40).map("".join)
limits = st.fixed_dictionaries({"MAX_ROWS": st.integers(1, 8), "MAX_COLUMNS": st.integers(1, 6),
                                "MAX_CELLS": st.integers(1, 30),
                                "MAX_CELL_CHARS": st.integers(1, 12)})


def outcome(read, text: str) -> object:
    try:
        return read(text, ",", "rota.csv", 0, lambda: False)
    except InputError as error:
        return [str(p) for p in error.problems]


@settings(max_examples=500, deadline=None)
@given(texts, st.none() | limits)
def test_records_read_in_blocks_are_the_records_read_one_by_one(text, limited):
    with pytest.MonkeyPatch.context() as patch:
        for name, value in (limited or {}).items():
            patch.setattr(table, name, value)
        assert outcome(_records, text) == outcome(
            lambda *a: list(_checked_records(*a)), text)


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 3))
def test_blocks_ask_whether_the_read_is_cancelled(blocks):
    asked = []
    text = "a,b\n" * (table.CANCEL_EVERY * blocks)
    table._records(text, ",", "rota.csv", 0, lambda: asked.append(1) or False)
    assert len(asked) == blocks


def table_or_refusal(read, text: str) -> object:
    try:
        return read(text)
    except InputError as error:
        return [str(p) for p in error.problems]


@settings(max_examples=500, deadline=None)
@given(texts)
def test_a_table_made_straight_from_rows_is_the_table_of_numbered_records(text):
    def plain(text: str) -> table.Table:
        records = list(_checked_records(text, ",", "rota.csv", 0, lambda: False))
        return table.table_from_records(records, "rota.csv", None)

    assert table_or_refusal(lambda t: table.parse_csv_text(t, "rota.csv"), text) == \
        table_or_refusal(plain, text)



@given(st.lists(st.sampled_from(["", " ", "a,b", "x;y", "\t", "\r", "\n", "\r\n", "\x0b",
                                 "\u2028", "z"]), max_size=40), st.integers(1, 6))
def test_the_first_line_is_found_from_the_start_as_in_all_the_lines(pieces, size):
    """`_first_line` looks at the start of a text, then more of it: the line it finds is the
    first with something in it of all the text's lines, however the head cuts them."""
    text = "".join(pieces)
    expected = next((line for line in text.splitlines() if line.strip()), "")
    assert table._first_line(text, size) == expected
