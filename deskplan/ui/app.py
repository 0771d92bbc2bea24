"""Start the planner window."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from deskplan import __version__


def run() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("deskplan")
    app.setApplicationVersion(__version__)
    window = QMainWindow()
    window.setWindowTitle("deskplan")
    window.setCentralWidget(QLabel("The planner window is being built; use `deskplan check`."))
    window.resize(900, 600)
    window.show()
    return app.exec()
