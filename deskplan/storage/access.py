"""What the database lets the current login do, as a plain value.

`deskplan.storage.organisation.access` works it out with SQLAlchemy; the value lives here so
that the window can hold one before its database layer is imported."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Access:
    """What the database lets the current login do.

    `organisation` is False on SQLite and on a server database where `deskplan admin init`
    has not run: then whoever can open the database may read and change every team.
    """

    login: str
    organisation: bool = False
    admin: bool = False
    hr: bool = False
    arrangements: bool = False
    managed: frozenset[int] = frozenset()
    #: Whether desks are counted across teams (a server database), not for the team alone.
    shared_desks: bool = False

    def may_edit(self, team_id: int) -> bool:
        return not self.organisation or self.admin or team_id in self.managed

    def sees_arrangements(self, team_id: int) -> bool:
        return (not self.organisation or self.admin or self.arrangements
                or team_id in self.managed)

    @property
    def sees_every_team(self) -> bool:
        return not self.organisation or self.admin or self.hr

    def describe(self) -> str:
        """`j.smith: manager of 2 teams`, for Help → About and the status bar."""
        if not self.organisation:
            return f"{self.login}: every team (no roles set up in this database)" \
                if self.shared_desks else "a single-user database: every team"
        parts = []
        if self.admin:
            parts.append("administrator")
        if self.hr:
            parts.append("HR, with arrangement details" if self.arrangements
                         else "HR, without arrangement details")
        if self.managed:
            count = len(self.managed)
            parts.append(f"manager of {count} team{'s' if count != 1 else ''}")
        return f"{self.login}: {', '.join(parts) or 'no deskplan role yet'}"
