"""The interface every rule family implements (see the package's docstring)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

from deskplan.domain.conflicts import Conflict

ScopeKey = tuple[str | int, ...]
Found = Iterator[tuple[ScopeKey, tuple[Conflict, ...]]]


class RuleFamily(Protocol):
    def judge_all(self) -> Found:
        """Every scope of the range with conflicts (scopes without any may be left out)."""
        ...

    def scopes_of(self, row: int, column: int) -> Iterable[ScopeKey]:
        """The scopes an edit of this cell can change."""
        ...

    def judge(self, scope: ScopeKey) -> tuple[Conflict, ...]:
        """Judge one scope from the rota as it is now."""
        ...
