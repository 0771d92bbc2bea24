"""What importing a team list would do to a stored team: who is added, who changes, who may
have left, whose job title nobody has classified, and what is wrong with the file.

This compares domain objects only; the command applies the result to the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from deskplan.domain.errors import Problem
from deskplan.domain.model import Person, WorkingPattern
from deskplan.domain.policy import Policy
from deskplan.interchange.plan_files import read_table
from deskplan.interchange.team_file import TeamFile, read_team

#: Person attribute → the file fields any of which set it. Attributes whose fields the file
#: lacks, or leaves empty on a person's row, keep their stored value, so a short HR export
#: never wipes what the manager entered.
_ATTRIBUTE_FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("name", "first_name", "surname"),
    "role": ("role",),
    "category": ("category",),
    "location": ("location",),
    "nation": ("nation",),
    "pattern": ("working_days", "hours_per_day", "weekly_hours", "fte"),
    "start_date": ("start_date",),
    "end_date": ("end_date",),
}


@dataclass(frozen=True)
class PersonChange:
    before: Person
    after: Person
    changed: tuple[str, ...]  # attribute names, for the report


@dataclass
class TeamImport:
    """The outcome of comparing a team list with the stored team, before anything is saved."""

    added: list[Person] = field(default_factory=list)
    updated: list[PersonChange] = field(default_factory=list)
    unchanged: list[Person] = field(default_factory=list)
    #: Stored people, still employed, whom the file no longer lists.
    possible_leavers: list[Person] = field(default_factory=list)
    #: Imported people without a category whose job title the role map does not know.
    unclassified: list[Person] = field(default_factory=list)
    #: Stored people recorded as having left whom the file lists again (with no end date of
    #: its own): current again, so that a wrong `--mark-leavers` is undone by the right file.
    returning: list[Person] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def to_save(self) -> list[Person]:
        return self.added + [change.after for change in self.updated]


def read_team_list(
    path: Path, *, sheet: str | None = None, overrides: dict[str, str] | None = None,
    valid_rows_only: bool = True,
) -> TeamFile:
    """A team list, CSV or XLSX. Row problems are returned, not raised, so that the report can
    show what would happen alongside every problem; header problems are raised."""
    return read_team(read_table(path, sheet), overrides, valid_rows_only=valid_rows_only)


#: `--mark-leavers` refuses to mark more than this share of the team as left without `--force`:
#: a file that lists fewer than half the team is far more often the wrong file (a header-only
#: export, one department's list) than half the team leaving on one day.
MAX_LEAVER_SHARE = 0.5


def current_people(people: Sequence[Person], today: date) -> list[Person]:
    """Those still employed today (no end date, or one not yet passed)."""
    return [p for p in people if p.end_date is None or p.end_date >= today]


def too_many_leavers(existing: Sequence[Person], leavers: int, today: date) -> str | None:
    """Why marking `leavers` people as left needs confirming, or None when it does not."""
    current = len(current_people(existing, today))
    if leavers and leavers > MAX_LEAVER_SHARE * current:
        return (f"this would mark {leavers:,} of the team's {current:,} current people as "
                f"left, more than half: is the file the whole team list?")
    return None


def plan_team_import(
    existing: Sequence[Person], incoming: TeamFile, policy: Policy, today: date
) -> TeamImport:
    """Match people by staff id; merge only the columns the file has."""
    result = TeamImport(problems=list(incoming.problems))
    stored = {p.staff_id: p for p in existing}
    for person in incoming.people:
        before = stored.get(person.staff_id)
        if before is None:
            result.added.append(person)
            after = person
        else:
            filled = incoming.filled.get(person.staff_id, frozenset())
            after = _merge(before, person, filled)
            if before.end_date is not None and before.end_date <= today and \
                    "end_date" not in filled:
                after = replace(after, end_date=None)
                result.returning.append(after)
            changed = tuple(a for a in _ATTRIBUTE_FIELDS
                            if getattr(before, a) != getattr(after, a))
            if changed:
                result.updated.append(PersonChange(before, after, changed))
            else:
                result.unchanged.append(before)
        if after.category is None and policy.category_for_role(after.role) is None:
            result.unclassified.append(after)
    result.possible_leavers = [
        p for p in existing
        if p.staff_id not in incoming.seen_ids and (p.end_date is None or p.end_date >= today)
    ]
    return result


def _merge(before: Person, incoming: Person, fields: frozenset[str]) -> Person:
    """`before` with each attribute whose cell the file fills taken from `incoming`."""
    changes = {
        attribute: getattr(incoming, attribute)
        for attribute, sources in _ATTRIBUTE_FIELDS.items()
        if fields.intersection(sources)
    }
    if "pattern" in changes and not fields & _HOURS_FIELDS:
        changes["pattern"] = _days_with_stored_lengths(before.pattern, incoming.pattern)
    return replace(before, **changes)


_HOURS_FIELDS = frozenset({"hours_per_day", "weekly_hours", "fte"})


def _days_with_stored_lengths(stored: WorkingPattern, incoming: WorkingPattern) -> WorkingPattern:
    """New working days from a file that gives no hours: each day keeps the length the person
    already works (their usual day where the day is new), not the 7.5 h default."""
    lengths = [s for s in stored.seconds if s]
    usual = max(set(lengths), key=lengths.count)
    return WorkingPattern.from_days(
        list(incoming.weekdays), [stored.seconds[d] or usual for d in incoming.weekdays])
