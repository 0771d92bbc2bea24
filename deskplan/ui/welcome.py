"""What an empty database shows: the three ways to start."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class WelcomePage(QWidget):
    """Import a team list, open the demo organisation, or start an empty team."""

    import_requested = Signal()
    demo_requested = Signal()
    empty_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel("<h2>Welcome to deskplan</h2>", self)
        intro = QLabel(
            "Plan who is in the office on which day, and see at once where the plan breaks the "
            "hybrid-working policy or someone's agreed arrangement.<br>There are no teams yet. "
            "How would you like to start?", self)
        intro.setWordWrap(True)
        self.import_button = QPushButton("Import team list…", self)
        self.demo_button = QPushButton("Open the demo organisation", self)
        self.empty_button = QPushButton("Start an empty team", self)
        hints = (
            "A CSV or Excel list from HR: staff id, name, role, location, working days.",
            "Three sample teams with part-timers, arrangements and some conflicts to explore.",
            "Add people one by one.",
        )
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(title, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(intro, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(16)
        for button, hint, signal in zip(
                (self.import_button, self.demo_button, self.empty_button), hints,
                (self.import_requested, self.demo_requested, self.empty_requested), strict=True):
            button.setMinimumWidth(320)
            button.setMinimumHeight(40)
            button.setToolTip(hint)
            button.setAccessibleDescription(hint)
            button.clicked.connect(signal.emit)
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
            note = QLabel(hint, self)
            note.setEnabled(False)
            layout.addWidget(note, 0, Qt.AlignmentFlag.AlignHCenter)
            layout.addSpacing(8)
        layout.addStretch(2)
        intro.setFixedWidth(560)
        self.setTabOrder(self.import_button, self.demo_button)
        self.setTabOrder(self.demo_button, self.empty_button)
