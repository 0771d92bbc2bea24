"""Run as a program (the screen is set by the Qt platform of its process): open the demo in
the main window, open every dialog, and print each one's frame, the screen's room and whether
its buttons are on the screen, one JSON object a line. Used by `test_screen_fit.py`."""

import json
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from deskplan.storage.db import sqlite_url
from deskplan.ui.adjustments_dialog import AdjustmentsDialog, ReviewsDialog
from deskplan.ui.app import open_window
from deskplan.ui.people_dialog import PeopleDialog, person_form
from deskplan.ui.policy_dialog import PolicyDialog


def report(app: QApplication, name: str, widget: QWidget) -> dict[str, object]:
    widget.show()
    app.processEvents()
    room = widget.screen().availableGeometry()
    frame = widget.frameGeometry()
    buttons = [b for b in widget.findChildren(QAbstractButton) if b.isVisible()]
    off = [b.text() for b in buttons
           if not room.contains(b.mapToGlobal(b.rect().bottomRight()))]
    return {"name": name, "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
            "room": [room.x(), room.y(), room.width(), room.height()],
            "fits": room.contains(frame), "buttons_off_screen": off,
            "scale": widget.devicePixelRatio()}


def main() -> None:
    app = QApplication(sys.argv)
    folder = Path(tempfile.mkdtemp())
    window = open_window(sqlite_url(folder / "deskplan.sqlite3"),
                         QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
    window.show()
    window.open_demo()
    while window.busy:
        app.processEvents()
    document = window.document
    assert document is not None
    person = document.plan.people[0]
    found = [report(app, "main window", window)]
    dialogs = {
        "import": window.import_dialog(), "pattern": window.pattern_dialog(),
        "export": window.export_dialog(), "people": PeopleDialog(document, window),
        "person": person_form(document, person, window),
        "arrangements": AdjustmentsDialog(document, document.plan.people[4], window),
        "reviews": ReviewsDialog(document, window.today, window),
        "policy": PolicyDialog(document.policy, window),
        "preferences": window.preferences_dialog(),
        "history": window.person_history_dialog(person),
        "overview": window.overview_window(),
    }
    for name, dialog in dialogs.items():
        found.append(report(app, name, dialog))
        dialog.close()
    for line in found:
        print(json.dumps(line))
    window.close()


if __name__ == "__main__":
    main()
