"""How each status looks: a letter and an Okabe–Ito colour, tinted against the current palette.

Tints are blended with the palette's base colour rather than hard-coded for white, so the grid
reads the same in dark mode. The letter is always drawn: colour is never the only signal.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPalette, QPen

from deskplan.domain.model import Status
from deskplan.domain.status_colours import STATUS_COLOURS

ERROR_HEX = STATUS_COLOURS[Status.SICK]  # vermillion
WARNING_HEX = STATUS_COLOURS[Status.LEAVE]  # orange
UNPLANNED_MARK = "·"


def blend(front: QColor, back: QColor, amount: float) -> QColor:
    """`amount` of `front` over `back`, as an opaque colour (cheap to paint)."""
    return QColor(
        round(front.red() * amount + back.red() * (1 - amount)),
        round(front.green() * amount + back.green() * (1 - amount)),
        round(front.blue() * amount + back.blue() * (1 - amount)),
    )


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


@dataclass(frozen=True)
class StatusStyle:
    """Brushes and pens for one palette, built once and reused for every painted cell."""

    tint: dict[Status, QBrush]
    ink: dict[Status, QPen]
    base: QBrush
    closed: QBrush
    closed_hatch: QBrush
    muted: QPen
    text: QPen
    error: QColor
    warning: QColor
    selection: QColor
    focus: QPen
    today: QPen

    @classmethod
    def for_palette(cls, palette: QPalette) -> StatusStyle:
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        dark = is_dark(palette)
        tint: dict[Status, QBrush] = {Status.UNPLANNED: QBrush(base)}
        ink: dict[Status, QPen] = {}
        for status, hex_colour in STATUS_COLOURS.items():
            colour = QColor(hex_colour)
            tint[status] = QBrush(blend(colour, base, 0.42 if dark else 0.22))
            letter = colour.lighter(150) if dark else colour.darker(135)
            ink[status] = QPen(letter)
        muted = blend(text, base, 0.45)
        ink[Status.UNPLANNED] = QPen(muted)
        closed_back = blend(text, base, 0.10)
        hatch = QBrush(blend(text, base, 0.22), Qt.BrushStyle.BDiagPattern)
        highlight = QColor(palette.color(QPalette.ColorRole.Highlight))
        highlight.setAlpha(90)
        focus = QPen(palette.color(QPalette.ColorRole.Highlight), 2)
        today = QPen(QColor(STATUS_COLOURS[Status.OFFICE]).lighter(130) if dark
                     else QColor(STATUS_COLOURS[Status.OFFICE]), 2)
        return cls(
            tint=tint, ink=ink, base=QBrush(base), closed=QBrush(closed_back),
            closed_hatch=hatch, muted=QPen(muted), text=QPen(text),
            error=QColor(ERROR_HEX), warning=QColor(WARNING_HEX), selection=highlight,
            focus=focus, today=today,
        )
