"""Excel export: one sheet per month that deskplan reads back, coloured, frozen, formula-safe."""

import shutil
import subprocess
from dataclasses import replace
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from deskplan.domain.model import Person, Status
from deskplan.domain.rota import Rota
from deskplan.domain.status_colours import STATUS_COLOURS, tint
from deskplan.interchange.plan_files import read_table
from deskplan.interchange.rota_file import read_rota
from deskplan.interchange.xlsx_export import (
    DATE_FORMAT,
    FONT_NAME,
    FONT_SIZE,
    KEY_SHEET,
    write_xlsx,
)

from .export_plans import MARCH, march_plan, sites_plan

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
        assert cell.value == ("A" if colour_status.is_absence else colour_status.letter)
        expected = tint(STATUS_COLOURS[colour_status], 0.35).removeprefix("#")
        assert cell.fill.fgColor.rgb.endswith(expected)
    saturday = sheet.cell(row=rows["S001"], column=2 + 1)
    assert saturday.value is None
    assert saturday.fill.fgColor.rgb.endswith("E6E6E6")  # a day off is grey
    book.close()


@pytest.mark.parametrize("name", ["=1+1", "+1", "-Smith", "@A1", "\t=1", "\r=1",
                                  "=HYPERLINK(\"http://evil\",\"x\")"])
def test_names_that_look_like_formulas_are_text_cells_without_a_visible_apostrophe(
        tmp_path, name):
    plan = march_plan()
    plan.people[0] = Person(staff_id="S001", name=name, category="support",
                            location="Lambeth")
    path = tmp_path / "rota.xlsx"
    write_xlsx(plan, path, date(2025, 3, 3), date(2025, 3, 7))
    book = load_workbook(path)
    cell = book["Mar 2025"].cell(row=2, column=2)
    assert cell.data_type == "s"  # a string cell: never evaluated
    assert cell.value == name.replace("\r", "\n")  # as typed (XML keeps no carriage returns)
    assert cell.quotePrefix  # and kept as text if someone edits it
    assert not book["Mar 2025"].cell(row=3, column=2).quotePrefix  # "Ben Bell" needs no flag
    book.close()


def test_a_name_like_minus_smith_reads_back_exactly(tmp_path):
    plan = march_plan()
    plan.people[0] = replace(plan.people[0], name="-Smith")
    path = tmp_path / "rota.xlsx"
    write_xlsx(plan, path, *MARCH)
    table = read_table(path, "Mar 2025")
    assert table.rows[0][:2] == ["S001", "-Smith"]


def test_every_cell_names_its_font(tmp_path):
    # A font without a name makes LibreOffice fall back to a serif face.
    path = tmp_path / "rota.xlsx"
    write_xlsx(march_plan(), path, *FEB_TO_APRIL)
    book = load_workbook(path)
    checked = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.font.name == FONT_NAME, (sheet.title, cell.coordinate)
                checked += 1
    assert checked >= 5 * (47 + 3 * 2)  # header and 4 people × (47 days + id + name)
    book.close()


def test_each_month_prints_landscape_one_page_wide_with_titles_repeated(tmp_path):
    path = tmp_path / "rota.xlsx"
    names = write_xlsx(march_plan(), path, *FEB_TO_APRIL)
    book = load_workbook(path)
    for name in names:
        sheet = book[name]
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.paperSize == 9  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
        assert sheet.print_title_rows == "$1:$1"  # the dates on every printed page
        assert sheet.print_title_cols == "$A:$B"  # and the ids and names
        assert "&P" in sheet.oddFooter.right.text
        assert "&N" in sheet.oddFooter.right.text
    book.close()


def test_a_day_column_is_as_wide_as_its_longest_cell(tmp_path):
    path = tmp_path / "rota.xlsx"
    write_xlsx(sites_plan(), path, *MARCH)
    book = load_workbook(path)
    sheet = book["Mar 2025"]
    for column in sheet.iter_cols(min_col=3, min_row=2):
        texts = [str(cell.value) for cell in column if cell.value]
        width = sheet.column_dimensions[column[0].column_letter].width
        # Bold 10 pt Arial is about 1.1 character widths a letter: the text is never cut.
        assert width >= 1.1 * max(map(len, texts), default=0), texts
        assert width >= 4.2
    assert any(sheet.column_dimensions[c].width > 10 for c in ("F", "G"))  # the sites
    book.close()


def test_rotated_date_headers_are_tall_enough_for_the_longest_date(tmp_path):
    path = tmp_path / "rota.xlsx"
    write_xlsx(march_plan(), path, *MARCH)
    book = load_workbook(path)
    sheet = book["Mar 2025"]
    header = sheet.cell(row=1, column=3)
    assert header.alignment.text_rotation == 90
    assert header.number_format == DATE_FORMAT
    # "Wed 30 Sep" in 10 pt bold Arial is about 56 pt long; the row must hold it.
    longest = max(len(f"{d:%a} {d.day} {d:%b}") for d in
                  (date(2025, m, 28) + timedelta(days=k) for m in range(1, 13)
                   for k in range(3)))
    assert sheet.row_dimensions[1].height >= longest * 0.6 * FONT_SIZE + 8
    book.close()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_prints_a_month_landscape_one_page_wide_names_and_dates_on_every_page(
        tmp_path):
    """The workbook as a manager prints it: LibreOffice Calc, a real client, converts it to
    PDF by its print set-up. Each page is landscape and a whole month wide; the dates and the
    names are on every page; each person is printed once (never cut across two pages)."""
    plan = march_plan(120)
    path = tmp_path / "rota.xlsx"
    write_xlsx(plan, path, *MARCH)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation={tmp_path.as_uri()}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=300)
    pages = [(page, page.extract_text()) for page in PdfReader(tmp_path / "rota.pdf").pages]
    month = [text for page, text in pages if "staff_id" in text]
    assert 2 <= len(month) < len(pages)  # March over several pages, then the key
    assert all(page.mediabox.width > page.mediabox.height
               for page, text in pages if "staff_id" in text)
    for number, text in enumerate(month, 1):
        assert "Sat 1 Mar" in text
        assert "Mon 31 Mar" in text
        assert f"Page {number} of" in text
    printed = [word for text in month for word in text.split() if word.startswith("S")
               and word[1:].isdigit()]
    assert sorted(printed) == sorted(p.staff_id for p in plan.people)
