"""Excel export: one sheet per month that deskplan reads back, coloured, frozen, formula-safe."""

from datetime import date

import pytest
from openpyxl import load_workbook

from deskplan.domain.model import Person, Status
from deskplan.domain.rota import Rota
from deskplan.domain.status_colours import STATUS_COLOURS, tint
from deskplan.interchange.plan_files import read_table
from deskplan.interchange.rota_file import read_rota
from deskplan.interchange.xlsx_export import KEY_SHEET, write_xlsx

from .export_plans import march_plan

FEB_TO_APRIL = (date(2025, 2, 17), date(2025, 4, 4))


def test_one_sheet_per_month_then_the_key(tmp_path):
    path = tmp_path / "rota.xlsx"
    names = write_xlsx(march_plan(), path, *FEB_TO_APRIL)
    assert names == ["Feb 2025", "Mar 2025", "Apr 2025"]
    book = load_workbook(path)
    assert book.sheetnames == [*names, KEY_SHEET]
    march = book["Mar 2025"]
    assert march.freeze_panes == "C2"
    assert [c.value for c in march[1][:2]] == ["staff_id", "name"]
    assert march.cell(row=1, column=3).value.date() == date(2025, 3, 1)
    assert march.max_column == 2 + 31
    book.close()


def test_every_sheet_reads_back_into_the_same_plan(tmp_path):
    plan = march_plan()
    path = tmp_path / "rota.xlsx"
    sheets = write_xlsx(plan, path, *FEB_TO_APRIL)
    known = {p.staff_id for p in plan.people}
    rota = Rota()
    for sheet in sheets:
        read_rota(read_table(path, sheet), known, rota)
    ids = [p.staff_id for p in plan.people]
    assert (rota.matrix(ids, *FEB_TO_APRIL) == plan.rota.matrix(ids, *FEB_TO_APRIL)).all()


def test_cells_carry_the_letter_and_the_status_colour(tmp_path):
    plan = march_plan()
    path = tmp_path / "rota.xlsx"
    write_xlsx(plan, path, date(2025, 3, 1), date(2025, 3, 31))
    book = load_workbook(path)
    sheet = book["Mar 2025"]
    rows = {sheet.cell(row=r, column=1).value: r for r in range(2, sheet.max_row + 1)}
    for staff_id, day, colour_status in [("S001", date(2025, 3, 10), Status.LEAVE),
                                         ("S002", date(2025, 3, 4), Status.OFFICE),
                                         ("S004", date(2025, 3, 3), Status.HOME)]:
        assert plan.rota.get(staff_id, day) is colour_status
        cell = sheet.cell(row=rows[staff_id], column=2 + day.day)
        assert cell.value == colour_status.letter
        expected = tint(STATUS_COLOURS[colour_status], 0.35).removeprefix("#")
        assert cell.fill.fgColor.rgb.endswith(expected)
    saturday = sheet.cell(row=rows["S001"], column=2 + 1)
    assert saturday.value is None
    assert saturday.fill.fgColor.rgb.endswith("E6E6E6")  # a day off is grey
    book.close()


@pytest.mark.parametrize("name", ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1",
                                  "=HYPERLINK(\"http://evil\",\"x\")"])
def test_names_that_look_like_formulas_are_stored_as_text(tmp_path, name):
    plan = march_plan()
    plan.people[0] = Person(staff_id="S001", name=name, category="support",
                            location="Lambeth")
    path = tmp_path / "rota.xlsx"
    write_xlsx(plan, path, date(2025, 3, 3), date(2025, 3, 7))
    book = load_workbook(path)
    cell = book["Mar 2025"].cell(row=2, column=2)
    assert cell.data_type == "s"
    assert cell.value == "'" + name.replace("\r", "\n")  # XML keeps no carriage returns
    book.close()
