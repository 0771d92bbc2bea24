"""Errors a user can fix, as opposed to bugs.

Every problem with a file names where it is (file, sheet, row, column), and problems are collected
so that the user sees all of them at once instead of fixing one per run.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


class DeskplanError(Exception):
    """A problem the user can fix: the message is shown to them as it is."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one place in an input file."""

    message: str
    file: str | None = None
    row: int | None = None
    column: str | None = None
    sheet: str | None = None

    def __str__(self) -> str:
        where = [part for part in (self.file, self.sheet and f"sheet {self.sheet!r}") if part]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class InputError(DeskplanError):
    """One or more problems in the input; nothing was changed because of them."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(
        cls,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> InputError:
        return cls([Problem(message, file=file, row=row, column=column)])


class ProblemCollector:
    """Collects problems while a file is parsed, so all of them are reported together."""

    def __init__(self, file: str | None = None, sheet: str | None = None) -> None:
        self.file = file
        self.sheet = sheet
        self.problems: list[Problem] = []

    def add(self, message: str, *, row: int | None = None, column: str | None = None) -> None:
        self.problems.append(
            Problem(message, file=self.file, row=row, column=column, sheet=self.sheet)
        )

    def raise_if_any(self) -> None:
        if self.problems:
            raise InputError(self.problems)
