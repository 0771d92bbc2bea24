"""Pages of a deskplan PDF: paper, fonts, the repeated header and footer, page numbers.

Why Qt's own `QPdfWriter` + `QPainter` rather than a PDF library or `QTextDocument`: the app
already ships Qt, so this adds no dependency; QPainter places every cell exactly (a rota is a
grid, not flowing text); text stays real, selectable text with the fonts embedded as subsets, so
the file prints the same on a machine without them; and it is fast (a month for 25 people draws
in tens of milliseconds). `QTextDocument` HTML tables were measured several times slower and
fight you on margins, and paginating ourselves is what lets every page repeat its header and
column titles. The price is that we lay pages out ourselves: everything is planned first (so the
total for "Page N of M" is known), then drawn.

QPdfWriter needs a `QGuiApplication` for its fonts. The GUI has one; the command line creates an
offscreen one with `start_offscreen_application`, so exporting never opens a window. Painting
into a QPdfWriter is safe from a worker thread, which is how the GUI keeps responsive.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
)

from deskplan.interchange.export_scope import OutputError, Progress, output_error

RESOLUTION = 600  # device units per inch: fine enough that hairlines and small text sit exactly
MARGIN_MM = 10.0
HEADER_H = 13.5  # title and subtitle at the top of every page, in millimetres
FONT_FAMILIES = ["DejaVu Sans", "Segoe UI", "Helvetica Neue", "Arial", "sans-serif"]
INK = QColor("#1A1A1A")
MUTED = QColor("#5A5A5A")
RULE = QColor("#BDBDBD")


class Paper(StrEnum):
    A4 = "A4"
    LETTER = "Letter"

    @property
    def page_size(self) -> QPageSize:
        size = QPageSize.PageSizeId.A4 if self is Paper.A4 else QPageSize.PageSizeId.Letter
        return QPageSize(size)


class Orientation(StrEnum):
    LANDSCAPE = "landscape"
    PORTRAIT = "portrait"


@dataclass(frozen=True)
class PageSetup:
    paper: Paper = Paper.A4
    orientation: Orientation = Orientation.LANDSCAPE


_offscreen_app: QGuiApplication | None = None


def start_offscreen_application() -> None:
    """Make sure a QGuiApplication exists, for exports from the command line.

    On Linux it uses the offscreen platform, so it works without a display (a server, CI). On
    Windows and macOS the native platform is kept: a QGuiApplication opens no window by itself,
    and on Windows Qt's offscreen platform looks for fonts only in Qt's own font folder (a
    plain FreeType database, not the system's), which would leave the PDF without text.
    """
    global _offscreen_app  # the application must outlive this call
    if QGuiApplication.instance() is None:
        native = sys.platform in ("win32", "darwin")
        _offscreen_app = QGuiApplication(["deskplan"] if native else
                                         ["deskplan", "-platform", "offscreen"])


def _require_application() -> None:
    if QGuiApplication.instance() is None:
        raise RuntimeError("PDF export needs a QGuiApplication; the command line calls "
                           "start_offscreen_application() first")


@dataclass(frozen=True)
class PageHeader:
    """What the top of every page says."""

    title: str
    subtitle: str
    generated: datetime

    @property
    def generated_text(self) -> str:
        return f"Generated {self.generated.day} {self.generated:%b %Y at %H:%M}"


PageDrawer = Callable[["PdfCanvas"], None]


class PdfCanvas:
    """A QPdfWriter and its painter, measured in millimetres from the paper's top-left corner."""

    def __init__(self, writer: QPdfWriter, painter: QPainter, setup: PageSetup) -> None:
        self.writer = writer
        self.painter = painter
        self.mm = RESOLUTION / 25.4
        size = setup.paper.page_size.size(QPageSize.Unit.Millimeter)
        landscape = setup.orientation is Orientation.LANDSCAPE
        self.width_mm = max(size.width(), size.height()) if landscape else size.width()
        self.height_mm = min(size.width(), size.height()) if landscape else size.height()
        self._metrics: dict[int, QFontMetricsF] = {}

    # --- geometry -----------------------------------------------------------------------------
    @property
    def content(self) -> QRectF:
        """The area inside the margins, in millimetres."""
        return QRectF(MARGIN_MM, MARGIN_MM, self.width_mm - 2 * MARGIN_MM,
                      self.height_mm - 2 * MARGIN_MM)

    def rect(self, x: float, y: float, w: float, h: float) -> QRectF:
        """A rectangle given in millimetres, in device units."""
        return QRectF(x * self.mm, y * self.mm, w * self.mm, h * self.mm)

    # --- text ---------------------------------------------------------------------------------
    def metrics(self, used: QFont) -> QFontMetricsF:
        """Metrics on this writer; keyed by identity, as `font()` hands out one object per
        style (looking fonts up by `QFont.key()` cost a tenth of a 200-person export)."""
        found = self._metrics.get(id(used))
        if found is None:
            found = self._metrics[id(used)] = QFontMetricsF(used, self.writer)
        return found

    def text(self, x: float, y: float, w: float, h: float, text: str, font: QFont,
             colour: QColor = INK, align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
             *, elide: bool = True) -> None:
        """Draw one line in a box, cut short with an ellipsis if it does not fit.

        `elide=False` skips the measuring for short texts known to fit (day numbers, counts).
        """
        fitted = self.elide(text, font, w) if elide else text
        self.painter.setFont(font)
        self.painter.setPen(colour)
        self.painter.drawText(self.rect(x, y, w, h), align | Qt.AlignmentFlag.AlignVCenter,
                              fitted)

    def elide(self, text: str, font: QFont, width_mm: float) -> str:
        return self.metrics(font).elidedText(text, Qt.TextElideMode.ElideRight,
                                                     width_mm * self.mm)

    def text_width(self, text: str, font: QFont) -> float:
        """Width of `text` in millimetres."""
        return self.metrics(font).horizontalAdvance(text) / self.mm

    def wrapped_height(self, text: str, font: QFont, width_mm: float) -> float:
        """Height in millimetres of `text` wrapped to `width_mm`."""
        box = self.metrics(font).boundingRect(
            QRectF(0, 0, width_mm * self.mm, 1e7), Qt.TextFlag.TextWordWrap, text)
        return box.height() / self.mm

    def wrapped(self, x: float, y: float, w: float, text: str, font: QFont,
                colour: QColor = INK) -> None:
        self.painter.setFont(font)
        self.painter.setPen(colour)
        self.painter.drawText(self.rect(x, y, w, 1000), Qt.TextFlag.TextWordWrap, text)

    # --- page furniture -----------------------------------------------------------------------
    def page_header(self, header: PageHeader) -> float:
        """Title, subtitle and the time of generation; returns where the page body may start."""
        box = self.content
        self.text(box.left(), box.top(), box.width() * 0.7, 8, header.title, font(15, bold=True))
        self.text(box.left() + box.width() * 0.5, box.top(), box.width() * 0.5, 8,
                  header.generated_text, font(8), MUTED, Qt.AlignmentFlag.AlignRight)
        self.text(box.left(), box.top() + 7.5, box.width(), 5, header.subtitle, font(9), MUTED)
        return box.top() + HEADER_H

    def page_footer(self, left: str, page: int, pages: int) -> None:
        box = self.content
        y = box.bottom() - 4
        self.painter.setPen(RULE)
        self.painter.drawLine(self.rect(box.left(), y - 0.8, box.width(), 0).topLeft(),
                              self.rect(box.left(), y - 0.8, box.width(), 0).topRight())
        self.text(box.left(), y, box.width() * 0.7, 4, left, font(7), MUTED)
        self.text(box.left() + box.width() * 0.5, y, box.width() * 0.5, 4,
                  f"Page {page} of {pages}", font(7), MUTED, Qt.AlignmentFlag.AlignRight)

    @property
    def footer_top(self) -> float:
        """Where the footer begins: page bodies stop above it."""
        return self.content.bottom() - 6


_fonts = threading.local()


def font(size_pt: float, *, bold: bool = False, italic: bool = False,
         condensed: bool = False) -> QFont:
    """The fonts of every export: one family, so the PDF looks the same on every machine.

    One object per style and thread: QFont is reentrant, not thread-safe, and the window may
    export on a worker thread while its own thread draws.
    """
    cache: dict[tuple[float, bool, bool, bool], QFont] | None = getattr(_fonts, "cache", None)
    if cache is None:
        cache = _fonts.cache = {}
    key = (size_pt, bold, italic, condensed)
    found = cache.get(key)
    if found is None:
        found = cache[key] = _make_font(size_pt, bold=bold, italic=italic, condensed=condensed)
    return found


def _make_font(size_pt: float, *, bold: bool, italic: bool, condensed: bool) -> QFont:
    made = QFont()
    made.setFamilies(FONT_FAMILIES)
    made.setPointSizeF(size_pt)
    made.setBold(bold)
    made.setItalic(italic)
    if condensed:
        made.setStretch(QFont.Stretch.SemiCondensed)
    made.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    # Ligatures would turn "Office" into "O" + "ﬃ" in the PDF's text, and a search for
    # "Office" in a PDF viewer would then find nothing.
    for tag in ("liga", "clig"):
        made.setFeature(QFont.Tag(tag), 0)
    return made


def _configure(writer: QPdfWriter, setup: PageSetup, title: str) -> None:
    writer.setResolution(RESOLUTION)
    writer.setPageSize(setup.paper.page_size)
    orientation = (QPageLayout.Orientation.Landscape
                   if setup.orientation is Orientation.LANDSCAPE
                   else QPageLayout.Orientation.Portrait)
    writer.setPageOrientation(orientation)
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    writer.setTitle(title)
    writer.setCreator("deskplan")


def render(
    path: Path,
    setup: PageSetup,
    title: str,
    layout: Callable[[PdfCanvas], Sequence[PageDrawer]],
    progress: Progress | None = None,
) -> int:
    """Lay out the pages (measuring text on the real writer), then draw them; return the count.

    Planning every page before drawing the first is what lets each footer say "Page N of M".
    """
    _require_application()
    try:
        path.open("wb").close()  # the reason it cannot be written, before Qt hides it
    except OSError as error:
        raise output_error(path, error) from None
    writer = QPdfWriter(str(path))
    _configure(writer, setup, title)
    painter = QPainter()
    if not painter.begin(writer):
        raise OutputError(f"cannot write {path}: the PDF could not be started")
    canvas = PdfCanvas(writer, painter, setup)
    try:
        pages = layout(canvas)
        for number, draw in enumerate(pages, start=1):
            if number > 1:
                writer.newPage()
            draw(canvas)
            if progress is not None:
                progress(number, len(pages))
    finally:
        painter.end()
    return len(pages)
