"""Reading a file stops mid-file when the user cancels: the readers' row loops ask the cancel
check every `CANCEL_EVERY` rows, whatever library gave the rows (`limits.cancellable`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from deskplan.interchange import xlsx_table
from deskplan.interchange.limits import (
    CANCEL_EVERY,
    ReadCancelledError,
    cancellable,
    cancellable_blocks,
)
from deskplan.interchange.plan_files import read_table
from deskplan.interchange.table import Table
from deskplan.interchange.team_file import read_team
from tests.hostile import files


class AskedAfter:
    """A cancel check that answers True from its `n`-th question on, counting them."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.asked = 0

    def __call__(self) -> bool:
        self.asked += 1
        return self.asked >= self.n


def test_blocks_ask_before_each_block_and_stop_at_the_first_yes() -> None:
    items = range(3 * CANCEL_EVERY)
    check = AskedAfter(3)
    seen: list[int] = []

    def read_all() -> None:
        for block in cancellable_blocks(items, check):
            seen.extend(block)

    with pytest.raises(ReadCancelledError):
        read_all()
    assert seen == list(range(2 * CANCEL_EVERY))  # two blocks, then the third question
    assert check.asked == 3


def test_an_uncancelled_loop_gives_every_item_in_order() -> None:
    items = [f"row {i}" for i in range(2 * CANCEL_EVERY + 5)]
    check = AskedAfter(10**9)
    assert list(cancellable(iter(items), check)) == items
    assert check.asked == 4  # before each of three blocks, and once more at the end


def test_a_workbook_stops_while_its_rows_become_texts(tmp_path: Path, monkeypatch) -> None:
    rows = 4 * CANCEL_EVERY
    path = files.write(tmp_path / "rota.xlsx", files.long_rota_xlsx(rows))
    converted: list[object] = []
    real = xlsx_table.value_text

    def counted(value: object) -> str:
        converted.append(value)
        return real(value)

    monkeypatch.setattr(xlsx_table, "value_text", counted)
    with pytest.raises(ReadCancelledError):
        read_table(path, cancelled=lambda: bool(converted))  # cancel once rows are read
    assert 0 < len(converted) < 3 * rows  # stopped within the sheet, not at its end
    assert len(converted) <= 3 * (CANCEL_EVERY + 1)


def test_the_same_workbook_is_read_whole_when_not_cancelled(tmp_path: Path) -> None:
    rows = 2 * CANCEL_EVERY + 3
    path = files.write(tmp_path / "rota.xlsx", files.long_rota_xlsx(rows))
    table = read_table(path)
    assert table.header == ["staff_id", "date", "status"]
    assert len(table.rows) == rows
    assert table.row_numbers[0] == 2
    assert table.row_numbers[-1] == rows + 1
    assert table.rows[-1] == [f"S{(rows + 1) % 500}", f"2025-04-{1 + (rows + 1) % 28:02d}", "O"]


def test_a_team_list_stops_mid_list_when_cancelled() -> None:
    count = 3 * CANCEL_EVERY
    table = Table(source="team.csv", header=["staff_id", "name"],
                  rows=[[f"S{i}", f"Person {i}"] for i in range(count)],
                  row_numbers=list(range(2, count + 2)))
    assert len(read_team(table).people) == count
    check = AskedAfter(2)
    with pytest.raises(ReadCancelledError):
        read_team(table, cancelled=check)
    assert check.asked == 2  # the first block of rows was read, the second never started
