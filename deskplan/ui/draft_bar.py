"""The bar shown above the grid while it shows the planner's draft (not saved).

The grid draws the draft's cells, each marked (a dashed frame and a bottom-left triangle; the
tooltip says what the day was), and the counts are the engine's verdict on the plan with the
draft applied. The bar says so, gives the planner's summary, and offers *Accept* (one undo
step, saved) and *Discard* (nothing saved).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QPalette, QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from deskplan.domain.model import Status
from deskplan.domain.status_colours import STATUS_COLOURS
from deskplan.ui.status_style import blend


class DraftBar(QFrame):
    """What the draft is and what the rules make of it; Accept or Discard it."""

    #: The user wants the draft saved (as one undo step).
    accepted = Signal()
    #: The user wants the draft dropped (nothing is saved).
    discarded = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PlanDraftBar")
        self.setAutoFillBackground(True)
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Window)
        palette.setColor(QPalette.ColorRole.Window,
                         blend(QColor(STATUS_COLOURS[Status.TRAINING]), base, 0.25))
        self.setPalette(palette)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setAccessibleName("The planner's draft")
        self.accept_button = QPushButton("&Accept the draft", self)
        self.accept_button.setToolTip("Save the draft's days as one step (Ctrl+Z undoes it)")
        self.discard_button = QPushButton("&Discard it", self)
        self.discard_button.setToolTip("Drop the draft: nothing is saved")
        self.accept_button.clicked.connect(self.accepted.emit)
        self.discard_button.clicked.connect(self.discarded.emit)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.accept_button)
        layout.addWidget(self.discard_button)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Tall enough for the whole text at this width (a wrapped label in a bar above the
        grid is otherwise given one line and a half, and its end is cut off)."""
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        height = self.label.heightForWidth(self.label.width())
        if height > 0:
            self.label.setMinimumHeight(height)

    def describe(self, summary: str, cells: int, shown: int, errors: int,
                 warnings: int) -> None:
        """The planner's `summary`, how many `cells` it sets (`shown` of them in the days on
        screen), and the engine's `errors` and `warnings` in the days shown with it applied."""
        judged = (f"With it the days shown have {errors} error{'s' if errors != 1 else ''}, "
                  f"{warnings} warning{'s' if warnings != 1 else ''}.")
        where = (f"{cells} day{'s' if cells != 1 else ''} set ({shown} shown, marked ◣; the "
                 "tooltip says what each was).")
        self.label.setText(f"<b>Plan… draft, not saved:</b> {escape(summary)} "
                           f"{escape(where)} {escape(judged)}")
        self._fit()
