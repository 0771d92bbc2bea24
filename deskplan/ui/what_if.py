"""The banner shown while the grid is judged by a draft policy that is not saved."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from deskplan.domain.calendar import describe_day
from deskplan.domain.model import Status
from deskplan.domain.status_colours import STATUS_COLOURS
from deskplan.ui.status_style import blend


class WhatIfBar(QFrame):
    """Says that a draft is shown, who would fall short under it, and offers to keep or leave it.
    """

    #: The user wants the draft saved as the team's policy.
    keep = Signal()
    #: The user wants the saved policy back (the draft is kept for another look).
    discard = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAutoFillBackground(True)
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Window)
        palette.setColor(QPalette.ColorRole.Window,
                         blend(QColor(STATUS_COLOURS[Status.LEAVE]), base, 0.35))
        self.setPalette(palette)
        label = QLabel(self)
        label.setWordWrap(True)
        label.setAccessibleName("What-if mode")
        self.label = label
        self.keep_button = QPushButton("Save this policy", self)
        self.discard_button = QPushButton("Back to the saved policy", self)
        self.keep_button.clicked.connect(self.keep.emit)
        self.discard_button.clicked.connect(self.discard.emit)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(label, 1)
        layout.addWidget(self.keep_button)
        layout.addWidget(self.discard_button)

    def describe(self, short_under_draft: list[str], short_now: int,
                 future: tuple[date, list[str], int] | None = None) -> None:
        """Who falls short under the draft in the days shown (and under the saved policy);
        `future`: a rule of the draft that starts after them — its first day, who would fall
        short in the weeks from it, and how many would under the saved policy."""
        count = len(short_under_draft)
        who = (f"{count} {'person falls' if count == 1 else 'people fall'} short of the "
               f"minimum in the days shown ({short_now} under the saved policy)"
               + (f": {_names(short_under_draft)}." if count else "."))
        if future is not None:
            day, names, saved = future
            who += (f" From {describe_day(day)}, when a new rule starts, "
                    + (f"{len(names)} would fall short in its first four weeks "
                       f"({saved} under the saved policy): {_names(names)}." if names else
                       "nobody would fall short in its first four weeks as planned so far."))
        self.label.setText("<b>What-if:</b> the grid, summaries and conflicts show a draft "
                           f"policy that is <b>not saved</b>. {escape(who)}")


def _names(names: list[str]) -> str:
    return ", ".join(names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6 else "")
