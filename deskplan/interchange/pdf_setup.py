"""What a deskplan PDF is printed on: paper, orientation and margins, in millimetres.

Shared by the rota and the compliance report; free of any drawing library, so the command line,
the window and the page models can all read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

MARGIN_MM = 10.0


class Paper(StrEnum):
    A4 = "A4"
    LETTER = "Letter"

    @property
    def size_mm(self) -> tuple[float, float]:
        """Width and height, portrait."""
        return (210.0, 297.0) if self is Paper.A4 else (215.9, 279.4)

    @property
    def typst_name(self) -> str:
        return "a4" if self is Paper.A4 else "us-letter"


class Orientation(StrEnum):
    LANDSCAPE = "landscape"
    PORTRAIT = "portrait"


@dataclass(frozen=True)
class PageSetup:
    paper: Paper = Paper.A4
    orientation: Orientation = Orientation.LANDSCAPE

    @property
    def landscape(self) -> bool:
        return self.orientation is Orientation.LANDSCAPE

    @property
    def size_mm(self) -> tuple[float, float]:
        """Width and height of the page as printed."""
        short, long = self.paper.size_mm
        return (long, short) if self.landscape else (short, long)

    @property
    def content_width_mm(self) -> float:
        return self.size_mm[0] - 2 * MARGIN_MM
