"""Windows and dialogs sized to the screen they open on, never past its edge.

A laptop at 1366×768, or a larger screen at 200% scaling (the same room in Qt's logical
pixels), has less room than the sizes the dialogs would like; a window taller than the screen
puts its buttons out of reach. `fit_to_screen` keeps a wanted size where it fits and shrinks it
to the room the screen leaves (less a margin for the window manager's title bar and frame,
which Qt does not count in a widget's size) where it does not.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

#: Room left for a title bar and frame around the widget (Qt sizes exclude them).
FRAME_ALLOWANCE = QSize(16, 40)


def room_on_screen(widget: QWidget) -> QSize:
    """The largest size `widget` can have on its screen (its parent's, when not yet shown)."""
    anchor = widget.parentWidget() or widget
    screen = anchor.screen() or QGuiApplication.primaryScreen()
    available = screen.availableGeometry().size()
    return QSize(max(available.width() - FRAME_ALLOWANCE.width(), 200),
                 max(available.height() - FRAME_ALLOWANCE.height(), 150))


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize `widget` to `width`×`height`, or less where its screen has less room."""
    room = room_on_screen(widget)
    widget.resize(min(width, room.width()), min(height, room.height()))
