"""The orders people are listed in: by name, or grouped by role or by location.

One definition for the planner's grid and every printed or exported list, so a PDF lists people
exactly as the window does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum

from deskplan.domain.model import Person
from deskplan.domain.policy import fold

_DIGITS = re.compile(r"(\d+)")


def natural(text: str) -> tuple[str | int, ...]:
    """Sort `Team 2` before `Team 10`: digits compare as numbers, the rest without case.
    (The pattern compiled once: the window sorts a team of 11,000 by this at every open.)"""
    return tuple(int(part) if part.isdigit() else part for part in _DIGITS.split(fold(text)))


class PeopleOrder(StrEnum):
    NAME = "name"
    ROLE = "role"
    LOCATION = "location"

    @property
    def label(self) -> str:
        return {"name": "Sort by name", "role": "Group by role",
                "location": "Group by location"}[self.value]

    def group(self, person: Person) -> str:
        """The heading a person is listed under ("" when sorted by name only)."""
        if self is PeopleOrder.ROLE:
            return person.role
        if self is PeopleOrder.LOCATION:
            return person.location
        return ""

    def key(self, person: Person) -> tuple[str, tuple[str | int, ...]]:
        return (fold(self.group(person)), natural(person.name))

    def arrange(self, people: Sequence[Person]) -> list[Person]:
        """`people` in this order. Who has a row is the checker's choice (employed on some day
        of the periods judged), as in the window: someone who starts later in a month still
        has that month's conflicts on a page of one of its days."""
        return sorted(people, key=self.key)
