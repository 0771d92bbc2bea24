"""Live updates: other users' saves, heard from the database, as a Qt signal.

The listener runs on its own thread with its own connection (the GUI never shares a session
with it); emitting a signal of an object that lives on the GUI thread queues the call there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from deskplan.storage.notices import ChangeListener


class LiveUpdates(QObject):
    """Announces each change notice; `active` is False where the database sends none."""

    #: int, int: a team's id and its version after someone's save (possibly this window's).
    team_changed = Signal(int, int)

    def __init__(self, url: str | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.listener: ChangeListener | None = None
        if url:  # only a server database sends notices: SQLAlchemy is loaded for it alone
            from deskplan.storage.notices import ChangeListener

            self.listener = ChangeListener.start(url, self.team_changed.emit)

    @property
    def active(self) -> bool:
        return self.listener is not None

    def stop(self) -> None:
        if self.listener is not None:
            self.listener.stop()
            self.listener = None
