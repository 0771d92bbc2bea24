"""A person's or a day's history, as the database recorded it: "Wed 5 Feb 2025: changed from
Office to Home by j.smith on 3 Feb 09:14". What is listed is what the login may read."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QVBoxLayout, QWidget

from deskplan.domain.calendar import describe_day
from deskplan.ui.screen_fit import fit_to_screen

if TYPE_CHECKING:  # the audit module loads SQLAlchemy, which the first paint does without
    from deskplan.storage.audit import Change


def describe_change(change: Change, names: dict[str, str], *, with_day: bool,
                    with_person: bool, today: date | None = None) -> str:
    parts = []
    if with_person and change.staff_id:
        parts.append(names.get(change.staff_id, change.staff_id))
    if with_day and change.day is not None:
        parts.append(describe_day(change.day))
    where = ", ".join(parts)
    return f"{where}: {change.sentence(today)}" if where else change.sentence(today)


class HistoryDialog(QDialog):
    """Newest change first; empty history says why it may be empty."""

    def __init__(self, title: str, changes: Sequence[Change], names: dict[str, str], *,
                 per_person: bool, note: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Recorded changes, newest first")
        for change in reversed(changes):
            self.list.addItem(describe_change(change, names, with_day=per_person,
                                              with_person=not per_person))
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        count = len(changes)
        self.summary.setText(
            (f"{count} recorded change{'s' if count != 1 else ''}, newest first." if count
             else "No change has been recorded.") + (f" {note}" if note else ""))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 640, 420)

    def lines(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]
