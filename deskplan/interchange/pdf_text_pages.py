"""Pages of marked paragraphs (conflicts, arrangements, notes) in a deskplan PDF.

The paragraphs are measured on the real writer while the document is planned, so the pages can
be counted before anything is drawn and every footer can say "Page N of M".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtGui import QColor

from deskplan.interchange.pdf_pages import (
    HEADER_H,
    INK,
    MUTED,
    PageDrawer,
    PageHeader,
    PdfCanvas,
    font,
)

_MARK_W = 5.0
_GAP = 1.6
_HEADING_H = 13.0


@dataclass(frozen=True)
class TextItem:
    """One paragraph with a mark before it (✖, ⚠, ◆) in the mark's colour."""

    mark: str
    text: str
    colour: str = INK.name()


def text_pages(canvas: PdfCanvas, header: PageHeader, heading: str, summary: str,
               items: Sequence[TextItem]) -> list[PageDrawer]:
    """As many pages as the paragraphs need under `heading`; at least one."""
    body = font(8)
    box = canvas.content
    width = box.width() - _MARK_W
    top = box.top() + HEADER_H + _HEADING_H
    pages: list[list[tuple[TextItem, float]]] = [[]]
    y = top
    for item in items:
        height = canvas.wrapped_height(item.text, body, width)
        if y + height > canvas.footer_top - 2 and pages[-1]:
            pages.append([])
            y = top
        pages[-1].append((item, height))
        y += height + _GAP
    return [_page(header, heading if i == 0 else f"{heading} (continued)", summary, chunk)
            for i, chunk in enumerate(pages)]


def _page(header: PageHeader, heading: str, summary: str,
          chunk: list[tuple[TextItem, float]]) -> PageDrawer:
    def draw(canvas: PdfCanvas) -> None:
        box = canvas.content
        y = canvas.page_header(header)
        canvas.text(box.left(), y, box.width(), 6, heading, font(12, bold=True))
        canvas.text(box.left(), y + 6, box.width(), 4.5, summary, font(8), MUTED)
        y += _HEADING_H
        body = font(8)
        for item, height in chunk:
            canvas.text(box.left(), y, _MARK_W, 4, item.mark, font(8, bold=True),
                        QColor(item.colour))
            canvas.wrapped(box.left() + _MARK_W, y, box.width() - _MARK_W, item.text, body)
            y += height + _GAP
    return draw
