"""What the rule engine reports: a conflict, its rule and how serious it is."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any, overload

import numpy as np

from deskplan.domain.collector import collector_paused

if TYPE_CHECKING:
    from deskplan.domain.rules.base import Bulk


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class RuleId(StrEnum):
    BELOW_MINIMUM = "below-minimum"
    UNPLANNED = "unplanned"
    NON_WORKING_DAY = "non-working-day"
    ADJUSTMENT_BREACHED = "adjustment-breached"
    REVIEW_DUE = "review-due"
    OVER_CAPACITY = "over-capacity"
    BELOW_COVERAGE = "below-coverage"
    UNCLASSIFIED = "unclassified"
    NO_RULE = "no-rule"
    ABOVE_MAXIMUM = "above-maximum"
    MISSED_ANCHOR_DAY = "missed-anchor-day"
    PRO_RATA_WARNING = "pro-rata-warning"

    @property
    def severity(self) -> Severity:
        return _SEVERITY[self]


_WARNINGS = frozenset({
    RuleId.UNPLANNED, RuleId.REVIEW_DUE, RuleId.BELOW_COVERAGE, RuleId.UNCLASSIFIED,
    RuleId.NO_RULE, RuleId.MISSED_ANCHOR_DAY, RuleId.PRO_RATA_WARNING,
})
#: Each rule's severity, looked up rather than worked out: a check of a whole organisation
#: asks it of every one of thousands of conflicts when it sorts and counts them.
_SEVERITY = {rule: Severity.WARNING if rule in _WARNINGS else Severity.ERROR for rule in RuleId}
#: The rules in a fixed order: a rule's number in arrays of conflicts (`rules.base.Bulk`).
RULES = tuple(RuleId)
#: Per rule number, 0 for an error and 1 for a warning, and its place in the order of the
#: rules' names: `Conflict.sort_key` in integers.
RULE_SEVERITY = np.array([0 if r.severity is Severity.ERROR else 1 for r in RULES],
                         dtype=np.int64)
RULE_ORDER = np.array([sorted(r.value for r in RULES).index(r.value) for r in RULES],
                      dtype=np.int64)
_RULE_NUMBER = {rule: i for i, rule in enumerate(RULES)}


class Conflict:
    """One way the plan breaks the policy or an arrangement, explained in a sentence.

    `start`/`end` are the period for per-period rules, the day for per-day rules, and the review
    date for `review-due`. The message may be given as a function: it is then written the first
    time somebody reads it, because a whole organisation's check can find tens of thousands of
    conflicts of which a person reads a handful.
    """

    __slots__ = ("_message", "end", "location", "role", "rule", "staff_id", "start")

    def __init__(
        self,
        rule: RuleId,
        message: str | Callable[[], str],
        start: date,
        end: date,
        *,
        staff_id: str | None = None,
        location: str | None = None,
        role: str | None = None,
    ) -> None:
        self.rule = rule
        self._message = message
        self.start, self.end = start, end
        self.staff_id, self.location, self.role = staff_id, location, role

    @property
    def message(self) -> str:
        if not isinstance(self._message, str):
            self._message = self._message()
        return self._message

    @property
    def severity(self) -> Severity:
        return self.rule.severity

    @property
    def key(self) -> tuple[str, date, date, str, str, str]:
        """What the conflict is about, without its wording."""
        return (self.rule.value, self.start, self.end, self.staff_id or "", self.location or "",
                self.role or "")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Conflict):
            return NotImplemented
        return self.key == other.key and self.message == other.message

    def __hash__(self) -> int:
        return hash(self.key)

    def __repr__(self) -> str:
        return f"Conflict({self.rule.value}, {self.staff_id or self.location or self.role}, " \
            f"{self.start.isoformat()}: {self.message!r})"

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule.value,
            "severity": self.severity.value,
            "staff_id": self.staff_id,
            "location": self.location,
            "role": self.role,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "message": self.message,
        }

    @property
    def sort_key(self) -> tuple[int, date, str, str]:
        return (0 if self.severity is Severity.ERROR else 1, self.start, self.staff_id or "",
                self.rule.value)


class StaffRanks:
    """Staff ids as integers that sort as the ids do (`sort_key`'s person): 2k + 1 for the
    k-th of `ids` in order, so that no person (-1: none) and any other id fit between."""

    def __init__(self, ids: Sequence[str]) -> None:
        order = sorted(range(len(ids)), key=ids.__getitem__)
        self._sorted = [ids[i] for i in order]
        self.of_row = np.empty(len(ids), dtype=np.int64)
        self.of_row[np.array(order, dtype=np.intp)] = 2 * np.arange(len(ids)) + 1
        self._by_id = dict(zip(ids, self.of_row.tolist(), strict=True))

    def of_id(self, staff_id: str | None) -> int:
        if not staff_id:
            return -1
        found = self._by_id.get(staff_id)
        return found if found is not None else 2 * bisect_left(self._sorted, staff_id)


class ConflictList(Sequence[Conflict]):
    """Every conflict of a check in `Conflict.sort_key` order (errors first, then by date,
    person and rule), built when read.

    It holds the conflicts kept one by one and `Bulk`s of many more that exist only as arrays
    (see `deskplan.domain.rules.base.Bulk`): its length and counts come from those arrays, the
    order is one numpy sort of integer keys, and a conflict of a bulk becomes an object when
    it is first indexed or iterated over. The order is exactly that of sorting every conflict
    by `sort_key` with Python's stable sort, conflicts kept one by one in the order given; a
    conflict of a bulk never ties with another (its rule is of its family alone, one per
    person and period or day). It compares equal to any sequence of the same conflicts.
    """

    def __init__(self, eager: list[Conflict], bulks: Sequence[Bulk],
                 staff_rank: Callable[[], StaffRanks]) -> None:
        self._eager = eager
        self._bulks = [b for b in bulks if len(b)]
        self._staff_rank = staff_rank
        self._length = len(eager) + sum(len(b) for b in self._bulks)
        self._order: tuple[np.ndarray, np.ndarray] | None = None
        self._items: list[Conflict] | None = None  # every conflict, once all are built

    def __len__(self) -> int:
        return self._length

    def _sorted(self) -> tuple[np.ndarray, np.ndarray]:
        """(source, position) of each conflict in order: source 0 is the list kept one by
        one, source k the k-th bulk."""
        if self._order is None:
            ranks = self._staff_rank()
            keys = [np.empty((4, len(self._eager)), dtype=np.int64)]
            for i, c in enumerate(self._eager):
                number = _RULE_NUMBER[c.rule]
                keys[0][:, i] = (RULE_SEVERITY[number], c.start.toordinal(),
                                 ranks.of_id(c.staff_id), RULE_ORDER[number])
            sources = [np.zeros(len(self._eager), dtype=np.intp)]
            positions = [np.arange(len(self._eager), dtype=np.intp)]
            for k, bulk in enumerate(self._bulks, start=1):
                alive = np.flatnonzero(bulk.alive)
                rules = bulk.rules[alive]
                keys.append(np.stack([RULE_SEVERITY[rules], bulk.starts[alive],
                                      ranks.of_row[bulk.rows[alive]], RULE_ORDER[rules]]))
                sources.append(np.full(len(alive), k, dtype=np.intp))
                positions.append(alive)
            key = np.concatenate(keys, axis=1)
            source, position = np.concatenate(sources), np.concatenate(positions)
            # Stable: conflicts of equal keys stay in the order they were given.
            order = np.lexsort((np.arange(len(source)), key[3], key[2], key[1], key[0]))
            self._order = (source[order], position[order])
        return self._order

    def _at(self, source: int, position: int) -> Conflict:
        if source == 0:
            return self._eager[position]
        return self._bulks[source - 1].conflict(position)

    @overload
    def __getitem__(self, index: int) -> Conflict: ...

    @overload
    def __getitem__(self, index: slice) -> list[Conflict]: ...

    def __getitem__(self, index: int | slice) -> Conflict | list[Conflict]:
        if self._items is not None:
            return self._items[index]
        sources, positions = self._sorted()
        if isinstance(index, slice):
            with collector_paused():  # see __iter__
                return [self._at(s, p) for s, p in zip(sources[index].tolist(),
                                                         positions[index].tolist(), strict=True)]
        if not -self._length <= index < self._length:
            raise IndexError("conflict index out of range")
        return self._at(int(sources[index]), int(positions[index]))

    def __iter__(self) -> Iterator[Conflict]:
        if self._items is None:  # read through once, then as a list
            sources, positions = self._sorted()
            # Tens of thousands of lasting objects at once: without the collector, which would
            # walk the whole heap again and again to free nothing (two thirds of the time).
            with collector_paused():
                self._items = [self._at(s, p) for s, p in zip(sources.tolist(),
                                                              positions.tolist(), strict=True)]
        return iter(self._items)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other,
                                                                        strict=True))

    __hash__ = None  # type: ignore[assignment]  # a list of conflicts, as mutable as one

    def __repr__(self) -> str:
        return f"ConflictList({list(self)!r})"
