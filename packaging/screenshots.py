"""Screenshots of the planner window for the README, made from the real app offscreen.

    QT_QPA_PLATFORM=offscreen python packaging/screenshots.py [--out resources/screenshots]

The demo organisation is created in a throwaway database for a fixed day, so the pictures only
change when the window does. Each shot is the whole window as `QWidget.grab()` renders it.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from dataclasses import replace
from datetime import date
from fractions import Fraction
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QLocale, QSettings
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from deskplan.domain.conflicts import RuleId
from deskplan.storage import repository
from deskplan.storage.db import Database, sqlite_url
from deskplan.ui.app import application
from deskplan.ui.db_store import DatabaseStore
from deskplan.ui.main_window import MainWindow
from deskplan.ui.periods import ViewSpan

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2025, 3, 12)  # a Wednesday, after the policy took effect (6 January 2025)
SIZE = (1440, 880)  # a 1440 px wide screen: the month view shows every day


def dark_palette() -> QPalette:
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#2b2b2e", QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1f1f22", QPalette.ColorRole.AlternateBase: "#29292d",
        QPalette.ColorRole.Text: "#e6e6e6", QPalette.ColorRole.Button: "#343438",
        QPalette.ColorRole.ButtonText: "#e6e6e6", QPalette.ColorRole.Highlight: "#3d8ee0",
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.ToolTipBase: "#343438",
        QPalette.ColorRole.ToolTipText: "#e6e6e6", QPalette.ColorRole.PlaceholderText: "#8a8a8a",
    }
    for role, value in colours.items():
        palette.setColor(role, QColor(value))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#777777"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText,
                     QColor("#777777"))
    return palette


def open_demo(folder: Path, name: str) -> MainWindow:
    database = Database.open(sqlite_url(folder / f"{name}.sqlite3"))
    with database.session() as session:
        repository.create_demo(session, today=TODAY)
    settings = QSettings(str(folder / f"{name}.ini"), QSettings.Format.IniFormat)
    window = MainWindow(DatabaseStore(database), settings, data_location="(screenshot)",
                        today=TODAY)
    window.resize(*SIZE)
    window.show()
    QApplication.processEvents()
    return window


def settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


def select_first(window: MainWindow, rule: RuleId) -> None:
    """Choose the first conflict of `rule` in the panel, as a user clicking it would."""
    dock = window.dock
    assert dock is not None
    for row in range(dock.proxy.rowCount()):
        index = dock.proxy.index(row, 0)
        source = dock.model.conflicts[dock.proxy.mapToSource(index).row()]
        if source.rule is rule:
            dock.list.setCurrentIndex(index)
            return


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "screenshots")
    args = parser.parse_args()
    QLocale.setDefault(QLocale("en_GB"))
    app = application()
    app.setStyle("Fusion")
    folder = Path(tempfile.mkdtemp(prefix="deskplan-shots-"))
    args.out.mkdir(parents=True, exist_ok=True)

    window = open_demo(folder, "light")
    window.set_span(ViewSpan.MONTH)
    select_first(window, RuleId.BELOW_MINIMUM)
    settle()
    window.grab().save(str(args.out / "planner.png"))
    window.set_span(ViewSpan.WEEK)
    select_first(window, RuleId.ADJUSTMENT_BREACHED)
    settle()
    window.grab().save(str(args.out / "planner-week.png"))
    assert window.document is not None
    policy = window.document.plan.policy
    window.draft_policy = replace(policy, rules=tuple(replace(rule, share=Fraction(1))
                                                      for rule in policy.rules))
    window.what_if_action.setEnabled(True)
    window.what_if_action.setChecked(True)
    settle()
    window.grab().save(str(args.out / "planner-what-if.png"))
    window.close()

    app.setPalette(dark_palette())
    window = open_demo(folder, "dark")
    window.set_span(ViewSpan.MONTH)
    window.team_box.setCurrentIndex(1)
    window.open_team(window.team_box.currentData())
    select_first(window, RuleId.BELOW_MINIMUM)
    settle()
    window.grab().save(str(args.out / "planner-dark.png"))
    window.close()
    for name in ("planner.png", "planner-week.png", "planner-what-if.png", "planner-dark.png"):
        sys.stdout.write(f"wrote {args.out / name}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
