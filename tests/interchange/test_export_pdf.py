"""The rota PDF read back as a reader would: its text, its pages, its fonts, its tags, its
privacy (poppler's pdftotext, pdfinfo and pdffonts, and pypdf for the structure tree)."""

import json
import math
import re
import subprocess
import threading
from dataclasses import replace
from datetime import date, datetime, timedelta
from fractions import Fraction

import pytest
import typst
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from deskplan.domain.errors import DeskplanError
from deskplan.domain.model import Cell, Nation, Status
from deskplan.domain.ordering import PeopleOrder
from deskplan.domain.policy import Location, PeriodKind
from deskplan.interchange.hours_text import hours_number
from deskplan.interchange.pdf_export import (
    _NAME_WIDTHS,
    PRIVATE_NOTE,
    PdfOptions,
    _merge_days_off,
    _one_line,
    _text_width,
    describe_range,
    rota_document,
    write_pdf,
)
from deskplan.interchange.pdf_setup import Orientation, PageSetup, Paper
from deskplan.interchange.private_wording import shared_message
from deskplan.resources import resource_path

from .export_plans import (
    MARCH,
    march_plan,
    pdf_pages_text,
    pdf_structure,
    sites_plan,
    table_rows,
)

GENERATED = datetime(2025, 2, 28, 16, 5)


@pytest.fixture
def export(tmp_path):
    """Write a PDF and return the text of its pages."""

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
    path, (page,) = export(plan)
    assert "Office rota — HR Team" in page
    assert "March 2025" in page
    assert "Generated 28 Feb 2025 at 16:05" in page
    assert "Page 1 of 1" in page
    for person in plan.people:
        assert person.name in page
    for status in ("Office", "Home", "Away (leave or sickness)", "Training"):
        assert status in page  # the legend: leave and sickness alike by default
    assert "Sick" not in page
    assert "In office: Lambeth (2 desks)" in page
    # All 31 days across one page: one table whose column titles are the days 1..31.
    (table,) = pdf_structure(path).find("Table")
    days = table_rows(table)[1][1:32]  # after "Name", which spans both header rows
    assert [title.split()[-1] for title in days] == [str(d) for d in range(1, 32)]


def test_each_row_shows_the_persons_statuses_in_day_order(export):
    plan = march_plan()
    path, _ = export(plan, date(2025, 3, 10), date(2025, 3, 16))
    (table,) = pdf_structure(path).find("Table")
    ada = next(row for row in table_rows(table) if row[0].startswith("Ada Ames"))
    expected = [plan.rota.get("S001", date(2025, 3, 10) + timedelta(days=i)).letter
                for i in range(7)]
    assert ada[1:8] == [{"L": "A", "S": "A"}.get(letter, letter) for letter in expected]
    path, _ = export(plan, date(2025, 3, 10), date(2025, 3, 16), include_absence_detail=True)
    (table,) = pdf_structure(path).find("Table")
    ada = next(row for row in table_rows(table) if row[0].startswith("Ada Ames"))
    assert ada[1:8] == expected


def test_office_time_against_the_requirement_with_a_mark_not_just_colour(export):
    plan = march_plan()
    _, (page,) = export(plan, date(2025, 3, 3), date(2025, 3, 9))
    cara = page[page.index("Cara Cole"):]
    # Two office days of 7.5 h against 60% of 37.5 h: short, and it shows.
    assert "2/3 d" in cara  # 15 h of 22.5 h: two whole days of the three it takes
    assert "✖" in cara.split("Dev Das")[0]
    plan.rota.set("S003", date(2025, 3, 3), Status.OFFICE)
    _, (page,) = export(plan, date(2025, 3, 3), date(2025, 3, 9))
    cara = page[page.index("Cara Cole"):].split("Dev Das")[0]
    assert "3/3 d" in cara
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
    """Read from the page model the PDF is drawn from (poppler takes minutes to read back the
    structure of a year's tagged tables); the PDF has one table per grid."""
    plan = march_plan()
    first, last = date(2025, 1, 1), date(2025, 12, 31)
    path, pages = export(plan, first, last)
    grids = rota_document(plan, first, last, PdfOptions(generated=GENERATED)).grids
    assert len(grids) > len(pages) > 1  # a small team gets several grids on a page
    assert structure_kinds(path).count("/Table") == len(grids)
    days = []
    for number, grid in enumerate(grids):
        letters = [d.label for d in grid.days]
        assert set(letters) <= {"M", "T", "W", "F", "S", "BH"}
        if number:
            assert grid.days[0].day.weekday() == 0  # every later grid starts on a Monday
        if number < len(grids) - 1:
            assert grid.days[-1].day.weekday() == 6  # and every grid but the last ends on a Sunday
        days += [d.day for d in grid.days]
    assert days == [first + timedelta(days=i) for i in range(365)]  # every day, once, in order


def structure_kinds(path) -> list[str]:
    """The kind (/S) of every element of a tagged PDF's structure tree."""
    root = PdfReader(path).trailer["/Root"]["/StructTreeRoot"]
    return [str(node["/S"]) for node in _elements(root)]


def test_bank_holidays_are_marked_and_named(export):
    _, (page,) = export(march_plan(), date(2025, 4, 14), date(2025, 4, 27))
    assert "BH" in page
    assert "Good Friday" in page
    assert "Easter Monday" in page


def test_a_holiday_every_nation_of_the_team_has_is_named_once(export):
    plan = march_plan()
    nations = [Nation.ENGLAND, Nation.WALES, Nation.SCOTLAND, Nation.NORTHERN_IRELAND]
    plan = replace(plan, people=[replace(p, nation=n) for p, n in zip(plan.people, nations,
                                                                       strict=True)])
    _, (page,) = export(plan, date(2025, 12, 1), date(2025, 12, 31))
    (line,) = [line for line in page.splitlines() if line.startswith("Bank holidays:")]
    assert "Thu 25 Dec 2025: Christmas Day;" in line
    assert "Saint Andrew's Day (observed) (Scotland)" in line
    assert "Christmas Day (England)" not in page


def one_line_pdf(tmp_path, width_mm: int, line: str) -> list[str]:
    """The lines `one-line` (resources/pdf/common.typ) prints `line` as, on a page
    `width_mm` wide."""
    source = ('#import "common.typ": *\n'
              f"#set page(width: {width_mm}mm, height: 30mm, margin: 5mm)\n"
              '#set text(font: "DejaVu Sans", size: 7pt)\n'
              f"#one-line({json.dumps(line)})\n")
    fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False,
                        font_paths=[str(resource_path("fonts"))])
    pdf = typst.compile(source.encode(), root=str(resource_path("pdf")), font_paths=fonts,
                        ignore_system_fonts=True)
    path = tmp_path / "line.pdf"
    path.write_bytes(pdf)
    return [t for t in pdf_pages_text(path)[0].splitlines() if t.strip()]


@pytest.mark.parametrize(("width", "shown"), [
    (200, "Bank holidays: Mon 5 May 2025: Early May; Mon 26 May 2025: Spring; Thu 12 Jun "
          "2025: Battle of the Boyne (Northern Ireland)"),
    (110, "Bank holidays: Mon 5 May 2025: Early May; Mon 26 May 2025: Spring; …"),
    (75, "Bank holidays: Mon 5 May 2025: Early May; …"),
    (45, "Bank holidays: Mon 5 May…"),  # not one whole item fits: as many letters as do
])
def test_a_line_of_bank_holidays_too_long_for_the_page_ends_in_an_ellipsis(tmp_path, width,
                                                                           shown):
    line = ("Bank holidays: Mon 5 May 2025: Early May; Mon 26 May 2025: Spring; Thu 12 Jun "
            "2025: Battle of the Boyne (Northern Ireland)")
    assert one_line_pdf(tmp_path, width, line) == [shown]


def test_by_default_an_arrangement_is_only_said_to_apply(export):
    _, (page, conflicts) = export(march_plan(), conflicts_page=True)
    assert PRIVATE_NOTE in page
    document = page + conflicts
    assert "FW-0311" not in document
    assert "fixed home day" not in document  # neither the kind…
    assert "review" not in document  # …nor a date of it
    flat = " ".join(conflicts.split())
    assert ("Ben Bell is planned in the office on Mon 17 Mar 2025, where an individual "
            "arrangement applies.") in flat
    assert "Ben Bell: individual arrangement applies." in flat


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
    names = {p.staff_id: p.name for p in plan.people}
    for conflict in shown:
        assert " ".join(shared_message(conflict, names).split()) in flat
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


def test_two_hundred_people_with_the_conflicts_page(export):
    _, pages = export(march_plan(200), conflicts_page=True)
    assert len(pages) >= 8
    assert "Person 200" in "\n".join(pages)
    assert "Conflicts" in "\n".join(pages)


def test_progress_is_reported_as_the_export_goes(tmp_path):
    seen = []
    write_pdf(march_plan(70), tmp_path / "x.pdf", *MARCH,
              progress=lambda done, count: seen.append((done, count)))
    assert seen == [(1, 2), (2, 2)]


def test_a_file_that_cannot_be_written_is_a_user_error(tmp_path):
    with pytest.raises(DeskplanError, match="cannot write"):
        write_pdf(march_plan(), tmp_path / "missing" / "x.pdf", *MARCH)


def renamed(plan, name: str):
    first, *rest = plan.people
    return replace(plan, people=[replace(first, name=name), *rest])


def test_text_no_font_has_is_refused_naming_it_and_an_earlier_pdf_is_kept(tmp_path):
    path = tmp_path / "rota.pdf"
    write_pdf(march_plan(), path, *MARCH)
    before = path.read_bytes()
    nameless = "Ada \U0010fffd"  # a private-use character: no font of any computer has it
    with pytest.raises(DeskplanError) as refused:
        write_pdf(renamed(march_plan(), nameless), path, *MARCH)
    assert "cannot show" in str(refused.value)
    assert repr(nameless) in str(refused.value)
    assert path.read_bytes() == before
    fresh = tmp_path / "new.pdf"
    with pytest.raises(DeskplanError):
        write_pdf(renamed(march_plan(), nameless), fresh, *MARCH)
    assert not fresh.exists()
    assert not list(tmp_path.glob(".*partial"))


def test_names_in_the_bundled_fonts_scripts_are_printed(export):
    name = "Łucja Żak-Ó Súilleabháin Αλέξης Дмитрий سارة"
    _, text = export(renamed(march_plan(), name))
    assert name.split()[0] in text[0]
    assert "Дмитрий" in text[0]


@pytest.mark.parametrize(("first", "last", "text"), [
    (date(2025, 3, 1), date(2025, 3, 31), "March 2025"),
    (date(2025, 3, 3), date(2025, 3, 9), "3–9 March 2025"),
    (date(2025, 2, 24), date(2025, 3, 30), "24 February – 30 March 2025"),
    (date(2024, 12, 30), date(2025, 1, 5), "30 December 2024 – 5 January 2025"),
])
def test_ranges_are_named_the_uk_way(first, last, text):
    assert describe_range(first, last) == text


def test_a_worker_thread_can_write_the_pdf(tmp_path):
    # The window exports on a worker thread so it never freezes: nothing here may need widgets
    # or the GUI thread.
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
    assert "minimum monthly" in page
    ada = page[page.index("Ada Ames"):].split("Ben Bell")[0]
    (march,) = plan.checker(*MARCH).verdicts(["S001"])["S001"]
    assert march.figures in ada  # the grid's figures, from the same verdict


def test_the_pdf_is_tagged_with_its_language_title_and_metadata(export):
    path, _ = export(march_plan())
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True,
                          text=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE)
    reader = PdfReader(path)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert root["/MarkInfo"]["/Marked"]
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]  # viewers show the title, not a name
    assert "/StructTreeRoot" in root
    meta = reader.metadata
    assert meta.title == "Office rota — HR Team"
    assert meta.author == "HR Team"
    assert "March 2025" in meta.subject


def test_a_screen_reader_meets_the_title_then_the_legend_then_the_table(export):
    plan = march_plan()
    path, _ = export(plan, conflicts_page=True)
    tree = pdf_structure(path)
    (heading,) = tree.find("H1")
    assert heading.text() == "Office rota — HR Team"
    text = tree.text()
    assert text.index("HR Team") < text.index("O Office") < text.index("Name") < \
        text.index("Ada Ames") < text.index("Dev Das") < text.index("Conflicts")
    (table,) = tree.find("Table")
    assert table.find("THead")
    assert table.find("TBody")
    assert table.find("TFoot")
    headers = [cell.text() for cell in table.find("TH")]
    assert headers[:3] == ["Name", "March 2025", "Office / required (h)"]
    assert "M 3" in headers
    assert "week of 3 Mar" in headers
    body = table.find("TBody")[0]
    assert [row.children[0].text().split(" HR advisor")[0].split(" individual")[0]
            for row in body.find("TR")] == ["Ada Ames", "Ben Bell ◆", "Cara Cole",
                                            "Dev Das PT"]


def test_rows_follow_the_grids_order_and_grouping(export):
    plan = march_plan(6)
    roles = ["Team leader", "Call handler", "Team leader", "call handler", "", "Analyst"]
    plan.people[:] = [replace(p, role=r, name=n) for p, r, n in
                      zip(plan.people, roles, ["Zoe 10", "Ann", "Zoe 9", "Bob", "Cy", "Di"],
                          strict=True)]
    path, _ = export(plan, order=PeopleOrder.ROLE)
    body = pdf_structure(path).find("TBody")[0]
    firsts = [row.children[0].text() for row in body.find("TR")]
    expected = ["no role (1)", "Cy", "Analyst (1)", "Di", "Call handler (2)", "Ann", "Bob",
                "Team leader (2)", "Zoe 9", "Zoe 10"]
    assert len(firsts) == len(expected)
    for found, start in zip(firsts, expected, strict=True):
        assert found.startswith(start)
    path, _ = export(plan)
    body = pdf_structure(path).find("TBody")[0]
    assert [row.children[0].text().split()[0] for row in body.find("TR")] == [
        "Ann", "Bob", "Cy", "Di", "Zoe", "Zoe"]


def printed_sizes(path) -> dict[float, list[str]]:
    """Every run of text on every page by the size it is printed at: the font size scaled by
    the text matrix and the page's transformation (a run drawn at 1 pt in a 7× matrix is
    7 pt), as pypdf reads them."""
    sizes: dict[float, list[str]] = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            scale = math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3])
            sizes.setdefault(round(size * scale, 2), []).append(text)

    for page in PdfReader(path).pages:
        page.extract_text(visitor_text=visit)
    return sizes


@pytest.mark.parametrize(("plan", "options", "cell"), [
    (lambda: march_plan(30), {"include_adjustment_details": True, "conflicts_page": True},
     "H"),
    (sites_plan, {}, "A/O"),
    (sites_plan, {"include_absence_detail": True, "conflicts_page": True}, "S/O"),
    (sites_plan, {"setup": PageSetup(Paper.LETTER, Orientation.PORTRAIT)}, "O/O"),
], ids=["team", "sites", "sites-detail", "sites-letter-portrait"])
def test_nothing_is_printed_under_seven_points(export, plan, options, cell):
    path, _ = export(plan(), **options)
    sizes = printed_sizes(path)
    assert min(sizes) >= 7, {size: runs[:5] for size, runs in sizes.items() if size < 7}
    assert cell in {run.strip() for run in sizes[7.0]}  # the grid's cells are among them


def test_a_day_at_another_site_names_it_under_the_letter_by_a_key_the_legend_spells_out(
        export):
    path, (page,) = export(sites_plan(), date(2025, 3, 3), date(2025, 3, 16),
                           include_absence_detail=True)
    (table,) = pdf_structure(path).find("Table")
    rows = {row[0].split()[0]: row[1:] for row in table_rows(table)}
    # 3 to 16 March: two weeks, so days are wide enough for every site's short name.
    assert rows["Ada"][1:3] == ["O CH", "O/H Hen/"]
    assert rows["Ben"][1:3] == ["L/O /NSY", "O/O Hen/ /CH"]
    assert rows["Cara"][9:11] == ["O/H", "S/O /Hen"]
    assert rows["Dev"][8] == "O NSY"
    legend = " ".join(page.split())
    assert "CH Charing Cross" in legend
    assert "Hen Hendon" in legend
    assert "NSY New Scotland Yard" in legend
    assert "O/H morning / afternoon" in legend  # there are days in halves to explain


def test_the_legend_explains_days_in_halves_only_when_there_are_some(export):
    _, pages = export(march_plan())
    assert all("morning / afternoon" not in page for page in pages)


def test_site_keys_shrink_to_fit_a_narrow_day_and_stay_distinct(export):
    plan = sites_plan()
    plan.policy = replace(plan.policy, locations=(
        *plan.policy.locations, Location("Hensbarrow", 2)))  # "Hen" too, once cut to fit
    plan.rota.set_cell("S005", date(2025, 3, 6), Cell(Status.OFFICE, Status.OFFICE,
                                                      "Hensbarrow", "Hensbarrow"))
    path, (page,) = export(plan)  # a month: days of 5.1 mm, too narrow for "Hen/"
    (table,) = pdf_structure(path).find("Table")
    rows = {" ".join(row[0].split()[:2]): row[1:] for row in table_rows(table)}
    assert rows["Ada Ames"][4] == "O/H He/"
    assert rows["Person 005"][5] == "O Hen"  # Hensbarrow keeps its short name: it fits alone
    legend = " ".join(page.split())
    assert "He Hendon" in legend
    assert "Hen Hensbarrow" in legend


def test_a_site_keys_width_is_never_less_than_typst_measures_it(tmp_path):
    """`_text_width` decides whether a key fits a day: it must not under-estimate."""
    sample = [chr(c) for c in range(32, 127)] + list("éüßÅÆØÇ—€ÉŁñçÖ")
    template = tmp_path / "measure.typ"
    template.write_text(
        '#set text(font: "DejaVu Sans", size: 7pt, stretch: 87.5%)\n'
        f"#let sample = ({', '.join(json.dumps(c) for c in sample)},)\n"
        "#context for c in sample { [#metadata((c, measure(text(c)).width.mm())) <w>] }\n",
        encoding="utf-8")
    measured = json.loads(typst.query(str(template), "<w>", field="value",
                                      font_paths=[str(resource_path("fonts"))],
                                      ignore_system_fonts=True))
    assert len(measured) == len(sample)
    for char, width in measured:
        assert _text_width(char) >= width, char


def test_a_name_said_to_fit_one_line_fits_as_typst_measures_it(tmp_path):
    """`_one_line` spares the template measuring a name cell: it must never say a name or a
    role fits a line when Typst, in any of the faces a name cell uses, makes it wider."""
    sample = sorted(_NAME_WIDTHS)
    texts = ["Person 0001 ◆ PT", "individual arrangement applies", "Ólafur Þór Ragnarsson",
             "Wilhelmina Montgomery-Mountbatten ◆ PT", "WWWWWWWWWWWWWWW",
             "Zoë Łukasiewicz-Ędwards", "mmmmmmmmmmmmmmmmmmmmmm"]
    template = tmp_path / "measure.typ"
    template.write_text(
        '#set text(font: "DejaVu Sans", size: 7pt)\n'
        f"#let sample = ({', '.join(json.dumps(c, ensure_ascii=False) for c in sample + texts)},)\n"
        "#context for c in sample { [#metadata((c, calc.max(..(\"bold\", \"regular\")"
        ".map(w => measure(text(weight: w, c)).width.mm()), measure(text(style: \"italic\", c))"
        ".width.mm()))) <w>] }\n",
        encoding="utf-8")
    measured = dict(json.loads(typst.query(str(template), "<w>", field="value",
                                           font_paths=[str(resource_path("fonts"))],
                                           ignore_system_fonts=True)))
    for char in sample:
        assert _NAME_WIDTHS[char] >= measured[char], char
    room = 42.0 - 2 * 0.6  # the landscape name column inside its insets
    for text in texts:
        if _one_line(text, room):
            assert measured[text] <= room, text
    assert _one_line("Person 0001 ◆ PT", room)
    assert not _one_line("Ólafur Þór", room)
    assert not _one_line("Wilhelmina Montgomery-Mountbatten ◆ PT", room)


def test_people_off_on_the_same_day_share_one_cell_and_each_row_still_reads_whole(export):
    """A weekend, when the whole team is off, is one hatched cell spanning every row, over a
    page break too; a screen reader reads it in each person's row, so each row still has a
    cell for every column (read with pypdf: poppler takes minutes over a long table's tags)."""
    plan = march_plan(30)
    path, pages = export(plan)
    assert len(pages) == 2
    head, body, foot = table_row_spans(path)
    assert [len(part) for part in (head, body, foot)] == [2, 30, 1]
    saturday, sunday = body[0][1:3]  # after the name: Saturday 1 and Sunday 2 March
    assert saturday == sunday == (30, 1)
    columns = 1 + 31 + 6  # the name, the days, the weeks of 24 February to 31 March
    spanned = [0] * columns  # rows each column is still taken by a cell from a row above
    for row in body:
        free = [column for column in range(columns) if not spanned[column]]
        assert len(free) == len(row)  # every column has a cell: its own or one from above
        spanned = [max(0, left - 1) for left in spanned]
        for column, (rows, _) in zip(free, row, strict=True):
            spanned[column] = rows - 1
    assert not any(spanned)  # no cell spans past the last person into the site counts
    weekend = [day for day in range(1, 32) if date(2025, 3, day).weekday() >= 5]
    assert [cell for cell in body[0][1:32] if cell != (1, 1)] == [(30, 1)] * len(weekend)


@given(st.integers(1, 6).flatmap(lambda width: st.lists(
    st.lists(st.sampled_from([0, 1, 2]), min_size=width, max_size=width), max_size=12)))
def test_merged_days_off_spell_out_the_same_cells(cells):
    """Read back as a table reads spans (a cell spanning n rows fills its column in them),
    the merged rows are the rows, and no two people one under another off on the same day
    keep cells of their own."""
    faces = {("O", "", "-", 1): 0, ("", "", "o", 1): 1, ("", "", "x", 1): 2}
    merged = _merge_days_off(cells, faces)
    span = {index: face[3] for face, index in faces.items()}
    width = len(cells[0]) if cells else 0
    rebuilt: list[list[int]] = [[-1] * width for _ in cells]
    starts: list[list[int]] = [[0] * width for _ in cells]  # rows a cell starting here spans
    for i, row in enumerate(merged):
        free = iter(j for j in range(width) if rebuilt[i][j] == -1)
        for face in row:
            j = next(free)
            starts[i][j] = span[face]
            for k in range(i, i + span[face]):
                rebuilt[k][j] = 1 if span[face] > 1 else face
        assert next(free, None) is None
    assert rebuilt == cells
    for i in range(1, len(cells)):
        for j in range(width):
            assert not (starts[i][j] and cells[i][j] == 1 and cells[i - 1][j] == 1)


def table_row_spans(path) -> tuple[list[list[tuple[int, int]]], ...]:
    """The rows of the PDF's one table as its tags give them, in its header, body and footer:
    for each cell, the (rows, columns) it spans."""
    def spans(cell) -> tuple[int, int]:
        attributes = cell.get_object().get("/A", [])
        attributes = attributes if isinstance(attributes, list) else [attributes]
        found = {key: int(value) for a in attributes for key, value in a.get_object().items()
                 if key in ("/RowSpan", "/ColSpan")}
        return found.get("/RowSpan", 1), found.get("/ColSpan", 1)

    def kids(node) -> list:
        k = node.get_object().get("/K", [])
        return [item.get_object() for item in (k if isinstance(k, list) else [k])
                if hasattr(item.get_object(), "get")]

    (table,) = [node for node in _elements(PdfReader(path).trailer["/Root"]["/StructTreeRoot"])
                if node.get("/S") == "/Table"]
    parts = {str(part["/S"]): [[spans(cell) for cell in kids(row)] for row in kids(part)]
             for part in kids(table)}
    return parts["/THead"], parts["/TBody"], parts["/TFoot"]


def _elements(node) -> list:
    """Every structure element under `node`, in order."""
    found = []
    node = node.get_object()
    for item in node if isinstance(node, list) else [node]:
        item = item.get_object()
        if hasattr(item, "get"):
            if "/S" in item:
                found.append(item)
            if "/K" in item:
                found += _elements(item["/K"])
    return found


def test_pages_are_filled_before_the_next_begins(export):
    plan = march_plan(70)
    _, pages = export(plan)
    counts = [sum(1 for p in plan.people if re.search(rf"\b{p.name}\b", page))
              for page in pages]
    assert sum(counts) == 70
    assert len(set(counts[:-1])) == 1  # every page but the last holds as many as fit
    assert counts[-1] <= counts[0]
    assert counts[0] >= 20


def test_four_nations_holidays_over_new_year_fit_one_line(export):
    plan = march_plan(4)
    nations = [Nation.ENGLAND, Nation.WALES, Nation.SCOTLAND, Nation.NORTHERN_IRELAND]
    plan.people[:] = [replace(p, nation=n) for p, n in zip(plan.people, nations, strict=True)]
    _, (page,) = export(plan, date(2025, 12, 22), date(2026, 1, 4))
    (line,) = [line for line in page.splitlines() if "Bank holidays:" in line]
    assert "Fri 26 Dec 2025: Boxing Day;" in line
    assert line.rstrip().endswith("(Scotland)")  # 2 January, Scotland's, last: all of it fits


def test_the_summary_corner_points_to_a_conflicts_page_only_when_there_is_one(export):
    _, (page,) = export(march_plan())
    flat = " ".join(page.split())
    assert "errors first" not in flat
    assert "listed at the end" not in flat
    assert "lists them" in flat
    _, (page, _) = export(march_plan(), conflicts_page=True)
    assert "listed at the end" in " ".join(page.split())
