"""The interface every rule family implements (see the package's docstring)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Protocol

import numpy as np

from deskplan.domain.conflicts import RULES, Conflict, RuleId

ScopeKey = tuple[str | int, ...]


class Bulk:
    """Scopes of one family that a full check found with one conflict each, kept as arrays:
    scope i is (`kind`, `rows[i]`, `index[i]`) (`index`: the period's or the column's number)
    and its conflict is built by `build(i)` the first time somebody reads it. A whole
    organisation's check finds tens of thousands of these (everyone's unplanned days in a
    widened range), and is counted, sorted and mostly only counted: making a Python object of
    each at once cost a third of the check.

    `rules[i]` (a position in `RULES`) and `starts[i]` (the conflict's first day, as an
    ordinal) are what the conflict will say, so that the list of conflicts can be counted and
    ordered before any is built. A scope judged again after an edit leaves the bulk
    (`drop`) and is kept one by one from then on.
    """

    def __init__(self, kind: str, rows: np.ndarray, index: np.ndarray, rules: np.ndarray,
                 starts: np.ndarray, build: Callable[[int], Conflict]) -> None:
        self.kind = kind
        self.rows = rows.astype(np.intp, copy=False)
        self.index = index.astype(np.intp, copy=False)
        self.rules = rules.astype(np.uint8, copy=False)
        self.starts = starts.astype(np.int64, copy=False)
        self._build = build
        self.alive = np.ones(len(self.rows), dtype=bool)
        self._built: dict[int, Conflict] = {}
        self._where: dict[tuple[int, int], int] | None = None

    @classmethod
    def of_rule(cls, kind: str, rows: np.ndarray, index: np.ndarray, rule: RuleId,
                starts: np.ndarray, build: Callable[[int], Conflict]) -> Bulk:
        """Scopes whose conflicts are all of one rule."""
        return cls(kind, rows, index, np.full(len(rows), RULES.index(rule), dtype=np.uint8),
                   starts, build)

    def __len__(self) -> int:
        return int(self.alive.sum())

    def conflict(self, position: int) -> Conflict:
        """The conflict of scope `position`, built once (the same object every time)."""
        found = self._built.get(position)
        if found is None:
            found = self._built[position] = self._build(position)
        return found

    def position(self, scope: ScopeKey) -> int | None:
        """Where `scope` is in the bulk, or None when it is not (or no longer) there."""
        if scope[0] != self.kind:
            return None
        if self._where is None:  # first asked after an edit: one look-up table for them all
            self._where = dict(zip(zip(self.rows.tolist(), self.index.tolist(), strict=True),
                                   range(len(self.rows)), strict=True))
        position = self._where.get((int(scope[1]), int(scope[2])))
        return position if position is not None and self.alive[position] else None

    def drop(self, position: int) -> None:
        self.alive[position] = False
        self._built.pop(position, None)


Found = Iterator[tuple[ScopeKey, tuple[Conflict, ...]]]
#: What a full check finds of a family: (scope, conflicts) pairs and `Bulk`s.
Judged = Iterator[tuple[ScopeKey, tuple[Conflict, ...]] | Bulk]


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


def judged(family: RuleFamily) -> Judged:
    """What a full check finds of `family`: its `judge_bulk()` where it has one (families
    that find many scopes of one conflict each keep them as a `Bulk`), else `judge_all()`."""
    bulk: Callable[[], Judged] | None = getattr(family, "judge_bulk", None)
    return bulk() if bulk is not None else family.judge_all()


def in_order(found: Judged) -> Found:
    """The (scope, conflicts) pairs of `found` in the order of their scopes, bulks taken apart
    (each scope's conflict built now): `judge_all` of a family with a `judge_bulk`."""
    items: list[tuple[ScopeKey, tuple[Conflict, ...]]] = []
    for item in found:
        if isinstance(item, Bulk):
            items += [((item.kind, int(item.rows[i]), int(item.index[i])), (item.conflict(i),))
                      for i in np.flatnonzero(item.alive).tolist()]
        else:
            items.append(item)
    items.sort(key=lambda item: item[0])
    return iter(items)
