"""Database problems a user can act on: a locked, read-only, damaged or too-new file, or a save
that lost a race with someone else. Anything else that goes wrong in the database is a bug."""

from __future__ import annotations

from deskplan.domain.errors import DeskplanError


class StorageError(DeskplanError):
    """The database cannot be used as asked; the message names the file or URL (no password)."""


class ConcurrentEditError(StorageError):
    """Someone else saved the team since it was loaded: nothing was written, reload and redo."""

    def __init__(self, team_name: str) -> None:
        self.team_name = team_name
        super().__init__(
            f"Team {team_name!r} was changed by someone else — reload it and try again."
        )
