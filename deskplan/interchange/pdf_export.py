"""The rota as a PDF a manager can pin up, and a screen reader can read: grids of people × days.

`rota_document.build_rota_document` says what the pages show; this module lays it out with
Typst (`resources/pdf/rota.typ`), which writes a tagged PDF: a structure tree in reading order,
tables whose column titles are header cells repeated on every page, the document's language
(en-GB), title, author (the team) and subject. Qt's QPdfWriter, used before, cannot tag.

The page design: the title, the time of generation and a legend on every page; the grid with
status letters on light tints of their colours (the bold letter carries the status, so print
in grey loses nothing), a day at another site naming it on a line under the letter by a key the
legend spells out ("CH Charing Cross"), days off and bank holidays hatched (people one under
another off on the same day share one hatched cell spanning their rows), conflicts marked in
the cell's corner; each person's office time against what they need in each measurement
period with ✓ / ✖ / ○; under the grid, a row per site counting who is in against its desks;
"Page N of M". Rows flow down the page, so pages are full, with the column titles and site
counts repeated on each.
Long ranges are cut into grids of whole weeks. Nothing is printed under 7 pt.

Privacy: by default a person with an arrangement is marked "individual arrangement applies" and
nothing more, and the conflict messages are worded the same way; the kind, reference and dates
appear only when the manager asks for them (`include_adjustment_details`).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from deskplan.domain.model import SPLIT_BASE, Status
from deskplan.domain.plan import Plan
from deskplan.domain.status_colours import STATUS_COLOURS, tint
from deskplan.interchange.absence import AWAY_LETTER
from deskplan.interchange.export_scope import Progress
from deskplan.interchange.pdf_setup import PageSetup
from deskplan.interchange.rota_document import (
    PRIVATE_NOTE,
    Cell,
    Day,
    Grid,
    PdfOptions,
    RotaDocument,
    Row,
    build_rota_document,
    describe_range,
)
from deskplan.interchange.typst_pdf import render_pdf

__all__ = ["PRIVATE_NOTE", "PdfOptions", "describe_range", "write_pdf"]

# Widths in millimetres.
_NAME_W = {True: 42.0, False: 36.0}  # landscape, portrait
_MIN_DAY_W, _MAX_DAY_W = 4.4, 9.0  # 4.4 mm holds "31" in 7 pt bold
#: A day in halves prints "O/O" in 7 pt condensed bold (4.6 mm): the days of a range with
#: any are this wide at least (a month still fits across A4 landscape; on Letter it is cut).
_HALVES_DAY_W = 5.0
_DAY_INSET = 0.2  # left and right, inside a day cell (rota.typ's table inset)
_NAME_INSET = 0.6  # left and right, inside a name cell (rota.typ's `wide`)


def _period_w(periods: int) -> float:
    """Summary columns: 12.8 mm holds "22.5/22.5" in 7 pt condensed; wider when only one or
    two."""
    return 12.8 if periods > 2 else 17.0


def rota_document(plan: Plan, first: date, last: date, options: PdfOptions) -> RotaDocument:
    """What the PDF of `first`..`last` shows, cut into grids that fit the page's width."""
    setup = options.setup
    room = setup.content_width_mm - _NAME_W[setup.landscape]
    day_w = _min_day_w(plan, first, last, options)

    def fits(days: int, periods: int) -> bool:
        return days * day_w + periods * _period_w(periods) <= room

    return build_rota_document(plan, first, last, options, fits)


def _min_day_w(plan: Plan, first: date, last: date, options: PdfOptions) -> float:
    """How narrow a day may be: wider when a day in halves must fit its "O/H" in 7 pt."""
    staff_ids = plan.rota.staff_ids if options.staff_ids is None else list(options.staff_ids)
    split = plan.rota.matrix(staff_ids, first, last) >= SPLIT_BASE
    return _HALVES_DAY_W if bool(split.any()) else _MIN_DAY_W


def write_pdf(
    plan: Plan,
    path: Path,
    first: date,
    last: date,
    options: PdfOptions | None = None,
    progress: Progress | None = None,
) -> int:
    """Write the rota of `first`..`last` to `path`; return the number of pages.

    Needs no Qt and holds no widgets, so the window runs it on a worker thread (Typst releases
    the interpreter while it lays out, so the window keeps painting).
    """
    options = options or PdfOptions()
    setup = options.setup
    document = rota_document(plan, first, last, options)
    if progress is not None:
        progress(1, 2)
    data = _typst_data(document, setup, _NAME_W[setup.landscape],
                       _min_day_w(plan, first, last, options))
    pages = render_pdf("rota.typ", data, path, document.generated)
    if progress is not None:
        progress(2, 2)
    return pages


def _typst_data(document: RotaDocument, setup: PageSetup, name_w: float,
                min_day_w: float) -> dict[str, Any]:
    """The page model as the template reads it: rows' cells packed into short strings."""
    room = setup.content_width_mm - name_w
    errors = sum(1 for c in document.conflicts or () if c.error)
    widths = [_widths(g, room, min_day_w) for g in document.grids]
    narrowest = min((day_w for day_w, _ in widths), default=_MAX_DAY_W) - 2 * _DAY_INSET
    keys = _site_keys(document, narrowest)
    faces: dict[tuple[str, str, str, int], int] = {}  # filled in by _grid; dicts keep order
    summaries: dict[tuple[str, str], int] = {}  # (figures, mark), likewise
    return {
        "title": document.title, "author": document.author, "subject": document.subject,
        "subtitle": document.subtitle,
        "generated": (f"Generated {document.generated.day} "
                      f"{document.generated:%b %Y at %H:%M}"),
        "footer": document.footer, "paper": setup.paper.typst_name,
        "landscape": setup.landscape, "content_width": setup.content_width_mm,
        "name_w": name_w,
        "tints": {**{s.letter: tint(c, 0.3) for s, c in STATUS_COLOURS.items()},
                  AWAY_LETTER: tint(STATUS_COLOURS[Status.LEAVE], 0.3)},
        "over_fill": tint(STATUS_COLOURS[Status.SICK], 0.3),
        "legend": document.legend,
        "site_keys": [(keys[name], name) for name, _ in document.other_sites],
        "grids": [_grid(g, w, keys, narrowest, name_w - 2 * _NAME_INSET, faces, summaries)
                  for g, w in zip(document.grids, widths, strict=True)],
        "faces": list(faces), "summary_faces": list(summaries),
        "check": document.check, "has_errors": document.has_errors,
        "check_summary": (f"{errors} error{'s' if errors != 1 else ''} and "
                          f"{len(document.conflicts or ()) - errors} warnings, errors first."
                          if document.conflicts else
                          "No conflicts: the plan meets the policy and every arrangement."),
        "conflicts": None if document.conflicts is None else [
            {"mark": c.mark, "error": c.error, "text": c.text} for c in document.conflicts],
        "arrangements": document.arrangements,
    }


def _figures_width(figures: str) -> float:
    """Millimetres that "11.25/11.25" takes in 7 pt DejaVu Sans Condensed, with the insets."""
    return sum(0.72 if c in "./" else 1.42 for c in figures) + 1.3


def _rules(days: tuple[Day, ...]) -> list[str]:
    """The left rule of each day column: "f" the first, "m" a Monday, "" the thin rule."""
    return ["f" if j == 0 else "m" if d.day.weekday() == 0 else "" for j, d in enumerate(days)]


def _widths(grid: Grid, room: float, min_day_w: float) -> tuple[float, float]:
    """The width of the grid's day columns and of its period columns."""
    periods = len(grid.periods)
    days = max(1, len(grid.days))
    widest = max((_figures_width(s.figures) for g in grid.groups for r in g.rows
                  for s in r.summaries), default=0.0)
    period_w = max(_period_w(periods), widest)
    if periods and days * min_day_w + periods * period_w > room:  # give the days their due
        period_w = max(_period_w(periods), (room - days * min_day_w) / periods)
    return min(_MAX_DAY_W, (room - periods * period_w) / days), period_w


def _text_width(text: str) -> float:
    """Millimetres that `text` takes at most in 7 pt DejaVu Sans Condensed (regular), so a
    site's key is never wider than it is said to be: each character at the top of its band
    of widths (tests hold the bands against Typst's own measure)."""
    return sum(_WIDTHS.get(c) or (1.44 if c.islower() else 1.78 if c.isupper() else 2.3)
               for c in text)


_WIDTHS = {c: width for chars, width in (
    ("'ijlIJ,./:;\\|f-()[]t!r ", 0.94), ('"*_`szc?L', 1.27),
    ("FkvxyPTYoaehnuSbdgpq$0123456789{}€Eßéü", 1.44), ("KAVXZBRCÇÅ", 1.57),
    ("UNHDG&OQØ", 1.78), ("w#+<=>^~M", 1.92), ("%mÆW@—", 2.27)) for c in chars}


def _one_line(text: str, room: float) -> bool:
    """Whether `text` surely fits on one line of `room` millimetres in 7 pt DejaVu Sans, bold,
    regular or italic: the template measures a name cell only when this cannot say (a long
    name, a letter outside the table below), as measuring every row's name was a twentieth
    of a 200-person rota's time. Each character counts at the top of its band of widths
    (tests hold the bands against Typst's own measure), with half a millimetre to spare."""
    total = 0.0
    for c in text:
        width = _NAME_WIDTHS.get(c)
        if width is None:
            return False
        total += width
    return total <= room - 0.5


_NAME_WIDTHS = {c: width for chars, width in (
    ("'ijlìíîï ", 0.9), ("/\\|łIJÌÍÎÏ,.·‘’:;", 1.0), ('-f!()[]tťrř_`–"*', 1.3),
    ("?zźżžcçćčsśšLŁx", 1.6),
    ("vyýÿ“”kaàáâãäåąeèéêëęTŤEFÈÉÊËĘoòóôõő$0123456789€hnu{}ñùúûüńňůűbdgpqđßSŚŠYÝZŹŻŽ", 1.8),
    ("PCÇĆČB◆RŘXAVÀÁÂÃÄÅĄKUÙÚÛÜŮŰGDHNŃŇ#+<=>^~ĐOQÒÓÔÕÖØŐ", 2.1), ("&w", 2.3),
    ("M@—%mÆW", 2.8)) for c in chars}


def _site_keys(document: RotaDocument, room: float) -> dict[str, str]:
    """What a cell prints, under its letters, for each other site: its short name if that fits
    the narrowest day (with the "/" of a half day where it is used in one), else its first two
    letters, else its number; the legend names each in full, so a key is never a puzzle."""
    keys: dict[str, str] = {}
    for number, (name, short) in enumerate(document.other_sites, 1):
        slash = "/" if name in document.halved_sites else ""
        keys[name] = next((key for key in (short, short[:2]) if key
                           and key not in keys.values() and _text_width(key + slash) <= room),
                          str(number))
    return keys


def _sites_line(sites: tuple[str | None, ...], keys: dict[str, str], room: float) -> str:
    """The line under a cell's letters: "CH" for a whole day at Charing Cross, "CH/" or "/CH"
    for the morning or the afternoon; the two halves at two sites on two lines if need be."""
    if not sites:
        return ""
    if len(sites) == 1:
        return keys[sites[0]] if sites[0] else ""
    am, pm = (keys[s] if s else "" for s in sites)
    both = f"{am}/{pm}"
    return both if _text_width(both) <= room or not am or not pm else f"{am}/\n/{pm}"


def _grid(grid: Grid, widths: tuple[float, float], keys: dict[str, str], room: float,
          name_room: float, faces: dict[tuple[str, str, str, int], int],
          summaries: dict[tuple[str, str], int]) -> dict[str, Any]:
    """One grid for the template; each day cell is an index into `faces` (added to there),
    the distinct (letters, sites line, flags, rows spanned) the template makes a cell of once,
    and each period's summary an index into `summaries`, the distinct (figures, mark)."""
    day_w, period_w = widths
    tall: set[int] = set()  # faces of three lines: halves at two sites, one under the other
    # A row's cells are a few dozen distinct ones, each made once by the page model: known by
    # identity, a dictionary look-up Python does without hashing a dataclass's fields.
    known: dict[int, int] = {}

    def face(cell: Cell) -> int:
        index = known.get(id(cell))
        if index is None:
            flag = ("xo"[not cell.conflict] if cell.day_off else "c-"[not cell.conflict])
            sites = _sites_line(cell.sites, keys, room)
            index = known[id(cell)] = faces.setdefault((cell.letter, sites, flag, 1),
                                                       len(faces))
            if "\n" in sites:
                tall.add(index)
        return index

    def lines(cells: list[int]) -> int:
        """Lines of 7 pt text the row's tallest day needs: 2 (a letter and a site, like the
        name and role), 3 for halves at two sites one under the other."""
        return 3 if tall.intersection(cells) else 2

    def group(rows: tuple[Row, ...]) -> list[dict[str, Any]]:
        cells = [[face(c) for c in r.cells] for r in rows]
        heights = [lines(row) for row in cells]
        return [{"name": r.name, "detail": r.detail, "italic": r.has_arrangement,
                 "cells": row, "lines": height,
                 "measure": not (_one_line(r.name, name_room)
                                 and _one_line(r.detail, name_room)),
                 "summaries": [summaries.setdefault((s.figures, s.mark), len(summaries))
                               for s in r.summaries]}
                for r, row, height in zip(rows, _merge_days_off(cells, faces), heights,
                                          strict=True)]

    return {
        "day_w": day_w, "period_w": period_w,
        "days": [{"label": d.label, "n": d.day.day, "closed": d.closed} for d in grid.days],
        "rules": _rules(grid.days),
        "months": grid.months,
        "periods": [(p.top, p.bottom) for p in grid.periods],
        "groups": [{"heading": g.heading, "rows": group(g.rows)} for g in grid.groups],
        "sites": [{"label": s.label, "counts": s.counts, "over": s.over, "peak": s.peak}
                  for s in grid.sites],
        "bank_holidays": grid.bank_holidays,
    }


def _merge_days_off(cells: list[list[int]],
                    faces: dict[tuple[str, str, str, int], int]) -> list[list[int]]:
    """The rows' day cells with each run of people one under another who all have the day
    off (a weekend, a bank holiday, a part-timer's Friday) made one cell spanning their rows.

    Why: such a cell says nothing but "not a working day", and Typst's cost is per table cell
    and per tag; a month of 200 people has some 2,000 of them, and one hatched band per run
    reads as well on paper and for a screen reader (a cell spanning rows is announced for each
    of them). A day off with a conflict marked on it, or any day with a letter, stays a cell
    of its own. `faces` gains the spanning faces: (letters, sites, flags, rows spanned)."""
    blank = faces.get(("", "", "o", 1))
    if blank is None or len(cells) < 2:
        return cells
    merged = [list(row) for row in cells]
    skipped: list[set[int]] = [set() for _ in cells]
    for column, days in enumerate(zip(*cells, strict=True)):
        start = 0
        while (start := _index(days, blank, start)) >= 0:
            end = start + 1
            while end < len(days) and days[end] == blank:
                end += 1
            if end - start > 1:
                merged[start][column] = faces.setdefault(("", "", "o", end - start), len(faces))
                for row in range(start + 1, end):
                    skipped[row].add(column)
            start = end
    return [[c for j, c in enumerate(row) if j not in skip] if skip else row
            for row, skip in zip(merged, skipped, strict=True)]


def _index(values: tuple[int, ...], value: int, start: int) -> int:
    """Where `value` is next in `values` from `start`, or -1."""
    try:
        return values.index(value, start)
    except ValueError:
        return -1
