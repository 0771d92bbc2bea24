"""The rota PDF read back as a reader would: its text, its pages, its fonts, its privacy."""

import re
import subprocess
import threading
from dataclasses import replace
from datetime import date, datetime, timedelta
from fractions import Fraction

import pytest
from pypdf import PdfReader

from deskplan.domain.errors import DeskplanError
from deskplan.domain.model import Status
from deskplan.domain.policy import PeriodKind
from deskplan.interchange.hours_text import hours_number
from deskplan.interchange.pdf_export import PRIVATE_NOTE, PdfOptions, describe_range, write_pdf
from deskplan.interchange.pdf_pages import Orientation, PageSetup, Paper

from .export_plans import MARCH, march_plan, pdf_pages_text

GENERATED = datetime(2025, 2, 28, 16, 5)


@pytest.fixture
def export(qapp, tmp_path):
    """Write a PDF and return the text of its pages."""
    del qapp  # QPdfWriter needs an application object; pytest-qt provides one

    def run(plan, first=MARCH[0], last=MARCH[1], **options):
        path = tmp_path / "rota.pdf"
        options.setdefault("generated", GENERATED)
        pages = write_pdf(plan, path, first, last, PdfOptions(**options))
        text = pdf_pages_text(path)
        assert len(text) == pages == len(PdfReader(path).pages)
        return path, text
    return run


def test_a_month_for_a_small_team_fits_one_page_with_everything_on_it(export):
    plan = march_plan()
    _, (page,) = export(plan)
    assert "Office rota — HR Team" in page
    assert "March 2025" in page
    assert "Generated 28 Feb 2025 at 16:05" in page
    assert "Page 1 of 1" in page
    for person in plan.people:
        assert person.name in page
    for status in ("Office", "Home", "Leave", "Sick", "Training"):
        assert status in page  # the legend
    assert "In office: Lambeth (2 desks)" in page
    # All 31 days across one page: the day numbers 1..31 in order on one line.
    numbers = next(line for line in page.splitlines() if line.strip().startswith("1 "))
    assert re.findall(r"\d+", numbers)[:31] == [str(d) for d in range(1, 32)]


def test_each_row_shows_the_persons_statuses_in_day_order(export):
    plan = march_plan()
    _, (page,) = export(plan, date(2025, 3, 10), date(2025, 3, 16))
    ada = next(line for line in page.splitlines() if line.lstrip().startswith("Ada Ames"))
    letters = re.findall(r"\b[OHLST]\b", ada)
    expected = [plan.rota.get("S001", date(2025, 3, 10) + timedelta(days=i)).letter
                for i in range(7)]
    assert letters[:5] == [x for x in expected if x]


def test_office_time_against_the_requirement_with_a_mark_not_just_colour(export):
    plan = march_plan()
    _, (page,) = export(plan, date(2025, 3, 3), date(2025, 3, 9))
    cara = page[page.index("Cara Cole"):]
    # Two office days of 7.5 h against 60% of 37.5 h: short, and it shows.
    assert "15/22.5" in cara
    assert "✖" in cara.split("Dev Das")[0]
    plan.rota.set("S003", date(2025, 3, 3), Status.OFFICE)
    _, (page,) = export(plan, date(2025, 3, 3), date(2025, 3, 9))
    cara = page[page.index("Cara Cole"):].split("Dev Das")[0]
    assert "22.5/22.5" in cara
    assert "✓" in cara


def test_a_team_over_several_pages_repeats_the_header_and_column_titles(export):
    plan = march_plan(70)
    path, pages = export(plan)
    assert len(pages) > 2
    for number, page in enumerate(pages, start=1):
        assert "Office rota — HR Team" in page
        assert "Name" in page
        assert "Office / required (h)" in page
        assert "Home" in page  # the legend
        assert f"Page {number} of {len(pages)}" in page
    everyone = "\n".join(pages)
    for person in plan.people:  # each person exactly once, none lost at a page break
        assert len(re.findall(rf"\b{person.name}\b", everyone)) == 1
    assert len(PdfReader(path).pages) == len(pages)


def test_a_long_range_is_cut_into_grids_of_whole_weeks(export):
    plan = march_plan()
    _, pages = export(plan, date(2025, 1, 1), date(2025, 12, 31))
    grids = [line.split("week of")[0].split() for page in pages for line in page.splitlines()
             if "week of" in line]
    assert len(grids) > len(pages) > 1  # a small team gets several grids on a page
    days = 0
    for number, letters in enumerate(grids):
        assert set(letters) <= {"M", "T", "W", "F", "S", "BH"}
        if number:
            assert letters[0] == "M"  # every later grid starts on a Monday
        if number < len(grids) - 1:
            assert letters[-1] == "S"  # and every grid but the last ends on a Sunday
        if 0 < number < len(grids) - 1:
            assert len(letters) % 7 == 0
        days += len(letters)
    assert days == 365  # every day of the year, once


def test_bank_holidays_are_marked_and_named(export):
    _, (page,) = export(march_plan(), date(2025, 4, 14), date(2025, 4, 27))
    assert "BH" in page
    assert "Good Friday" in page
    assert "Easter Monday" in page


def test_by_default_an_arrangement_is_only_said_to_apply(export):
    _, (page, conflicts) = export(march_plan(), conflicts_page=True)
    assert PRIVATE_NOTE in page
    document = page + conflicts
    assert "FW-0311" not in document
    assert "fixed home days" not in document
    assert "Mon 17 Mar 2025, a fixed home day under an individual arrangement" in conflicts


def test_details_appear_only_when_asked_for(export):
    _, pages = export(march_plan(), include_adjustment_details=True, conflicts_page=True)
    document = "\n".join(pages)
    assert PRIVATE_NOTE not in document
    assert "FW-0311 · fixed home days Mon" in pages[0]
    assert "arrangement FW-0311" in document  # conflicts name it
    assert "Individual arrangements" in pages[-1]
    assert "Ben Bell (S002): fixed home days Mon, from Sat 1 Jun 2024" in pages[-1]


def test_the_conflicts_page_lists_every_conflict_of_the_range(export):
    plan = march_plan()
    for person in plan.people:  # three over capacity the day before the range: not listed
        plan.rota.set(person.staff_id, date(2025, 2, 25), Status.OFFICE)
    _, (_, page) = export(plan, conflicts_page=True)
    assert "Conflicts" in page
    flat = " ".join(page.split())
    checker = plan.checker(*MARCH, private=True)
    shown = [c for c in checker.conflicts if c.start <= MARCH[1] and c.end >= MARCH[0]]
    assert shown
    for conflict in shown:
        assert " ".join(conflict.message.split()) in flat
    assert "Lambeth on Tue 25 Feb 2025" not in flat


def test_selected_people_only(export):
    _, (page,) = export(march_plan(), staff_ids=("S002", "S004"))
    assert "Ben Bell" in page
    assert "Dev Das" in page
    assert "Ada Ames" not in page
    assert "Cara Cole" not in page
    assert "2 people" in page


@pytest.mark.parametrize(("paper", "orientation", "size"), [
    (Paper.A4, Orientation.LANDSCAPE, (842, 595)),
    (Paper.A4, Orientation.PORTRAIT, (595, 842)),
    (Paper.LETTER, Orientation.LANDSCAPE, (792, 612)),
    (Paper.LETTER, Orientation.PORTRAIT, (612, 792)),
])
def test_paper_and_orientation(export, paper, orientation, size):
    path, pages = export(march_plan(), setup=PageSetup(paper, orientation))
    box = PdfReader(path).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == size
    if orientation is Orientation.LANDSCAPE:
        assert len(pages) == 1  # 31 days fit across one landscape page on either paper


def test_text_is_real_and_fonts_are_embedded(export):
    path, _ = export(march_plan())
    fonts = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True,
                           text=True).stdout.splitlines()[2:]
    assert fonts
    for line in fonts:
        assert line.split()[-5] == "yes", line  # the "emb" column


def test_two_hundred_people_make_tens_of_thousands_of_painter_calls_safely(export):
    # PySide6 6.12 on Python 3.11 aborts after a few thousand such calls (ENVIRONMENT.md);
    # this export makes well over 20,000 of them.
    _, pages = export(march_plan(200), conflicts_page=True)
    assert len(pages) >= 8
    assert "Person 200" in "\n".join(pages)


def test_progress_is_reported_page_by_page(qapp, tmp_path):
    del qapp
    seen = []
    total = write_pdf(march_plan(70), tmp_path / "x.pdf", *MARCH,
                      progress=lambda done, count: seen.append((done, count)))
    assert seen == [(n, total) for n in range(1, total + 1)]


def test_a_file_that_cannot_be_written_is_a_user_error(qapp, tmp_path):
    del qapp
    with pytest.raises(DeskplanError, match="cannot write"):
        write_pdf(march_plan(), tmp_path / "missing" / "x.pdf", *MARCH)


@pytest.mark.parametrize(("first", "last", "text"), [
    (date(2025, 3, 1), date(2025, 3, 31), "March 2025"),
    (date(2025, 3, 3), date(2025, 3, 9), "3–9 March 2025"),
    (date(2025, 2, 24), date(2025, 3, 30), "24 February – 30 March 2025"),
    (date(2024, 12, 30), date(2025, 1, 5), "30 December 2024 – 5 January 2025"),
])
def test_ranges_are_named_the_uk_way(first, last, text):
    assert describe_range(first, last) == text


def test_a_worker_thread_can_write_the_pdf(qapp, tmp_path):
    # The window exports on a worker thread so it never freezes: nothing here may need widgets
    # or the GUI thread.
    del qapp
    result = {}

    def work():
        try:
            result["pages"] = write_pdf(march_plan(30), tmp_path / "t.pdf", *MARCH)
        except Exception as error:  # handed back to the test thread
            result["error"] = error

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(timeout=60)
    assert "error" not in result
    assert result["pages"] == len(pdf_pages_text(tmp_path / "t.pdf"))


@pytest.mark.parametrize(("seconds", "round_up", "text"), [
    (27000, False, "7.5"), (108000, False, "30"), (0, False, "0"),
    (Fraction(60750, 1), True, "16.88"),  # 16.875 h required: never shown as less
    (Fraction(101249, 1), False, "28.12"), (Fraction(101250, 1), False, "28.13"),
])
def test_hours_are_written_plainly_and_requirements_rounded_up(seconds, round_up, text):
    assert hours_number(seconds, round_up=round_up) == text


def test_a_monthly_policy_gives_one_summary_per_month(export):
    plan = march_plan()
    plan.policy = replace(plan.policy, period=PeriodKind.MONTH)
    _, (page,) = export(plan)
    assert "monthly minimum" in page
    ada = page[page.index("Ada Ames"):].split("Ben Bell")[0]
    totals = plan.checker(*MARCH).totals("S001", 0)
    assert f"{hours_number(totals.office)}/{hours_number(totals.required, round_up=True)}" in ada
