"""What importing a team list would do to a stored team: who is added, who changes, who may
have left, whose job title nobody has classified, and what is wrong with the file.

This compares domain objects only; the command applies the result to the database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from deskplan.domain.errors import Problem
from deskplan.domain.model import (
    Person,
    Records,
    Terms,
    WorkingPattern,
    changed_records,
    with_timeline,
)
from deskplan.domain.policy import Policy
from deskplan.interchange.plan_files import read_table
from deskplan.interchange.team_file import TeamFile, read_team
from deskplan.planning.preferences import Preference

#: Person attribute → the file fields any of which set it. Attributes whose fields the file
#: lacks, or leaves empty on a person's row, keep their stored value, so a short HR export
#: never wipes what the manager entered.
_PERSON_FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("name", "first_name", "surname"),
    "start_date": ("start_date",),
    "end_date": ("end_date",),
}
#: The same for what a record of the person says (their `Terms`, which change on dates).
_TERMS_FIELDS: dict[str, tuple[str, ...]] = {
    "role": ("role",),
    "category": ("category",),
    "location": ("location",),
    "nation": ("nation", "bank_holidays"),
    "pattern": ("working_days", "hours_per_day", "weekly_hours", "fte", "cycle_start"),
    "bank_holidays_worked": ("bank_holidays",),
}
_ATTRIBUTE_FIELDS = {**_PERSON_FIELDS, **_TERMS_FIELDS}


@dataclass(frozen=True)
class PersonChange:
    before: Person
    after: Person
    changed: tuple[str, ...]  # attribute names, for the report
    #: The day a change of contract (pattern, site, role...) applies from, when there is one.
    since: date | None = None


@dataclass(frozen=True)
class PreferenceChange:
    """A person's standing preferences before and after (an empty one: none)."""

    before: Preference
    after: Preference


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
    #: Standing preferences the file changes (only when it has a preference column).
    preferences: list[PreferenceChange] = field(default_factory=list)
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
    existing: Sequence[Person], incoming: TeamFile, policy: Policy, today: date,
    changes_from: date | None = None, *, preferences: Mapping[str, Preference] | None = None,
) -> TeamImport:
    """Match people by staff id; merge only the columns the file has.

    Standing preferences are the exception: a file with any preference column says each
    listed person's preferences in full, replacing what is stored (`preferences`, by staff
    id); their empty cells mean no preference. A file without one leaves them as they are.

    A stored person's contract (role, category, site, nation, pattern, bank holidays) never
    changes in the past without being told so: rows with an `effective_from` record their
    change from that date; a file without one records a change from `changes_from` (the day
    the user names; today when they name none). A person's undated row among dated ones is
    their record from the start, as the file says.
    """
    result = TeamImport(problems=list(incoming.problems))
    stored = {p.staff_id: p for p in existing}
    since = changes_from or today
    for person in incoming.people:
        before = stored.get(person.staff_id)
        if before is None:
            result.added.append(person)
            after = person
        else:
            filled = incoming.filled.get(person.staff_id, frozenset())
            dated = person.staff_id in incoming.dated
            after = _merge(before, person, filled, since, dated=dated)
            if before.end_date is not None and before.end_date <= today and \
                    "end_date" not in filled:
                after = replace(after, end_date=None)
                result.returning.append(after)
            changed = tuple(a for a in _ATTRIBUTE_FIELDS
                            if getattr(before, a) != getattr(after, a))
            if not changed and before.timeline() != after.timeline():
                changed = ("records",)
            if changed:
                contract = any(a in _TERMS_FIELDS or a == "records" for a in changed)
                when = _changed_from(before, after) if contract else None
                result.updated.append(PersonChange(before, after, changed, when))
            else:
                result.unchanged.append(before)
        if after.category is None and policy.category_for_role(after.role) is None:
            result.unclassified.append(after)
    if incoming.has_preferences:
        stored_preferences = preferences or {}
        for person in incoming.people:
            empty = Preference(person.staff_id)
            before_preference = stored_preferences.get(person.staff_id, empty)
            after_preference = incoming.preferences.get(person.staff_id, empty)
            if after_preference != before_preference:
                result.preferences.append(PreferenceChange(before_preference, after_preference))
    result.possible_leavers = [
        p for p in existing
        if p.staff_id not in incoming.seen_ids and (p.end_date is None or p.end_date >= today)
    ]
    return result


def _changed_from(before: Person, after: Person) -> date | None:
    """The first day whose record differs (None: from the start), for the report."""
    if before.terms_on(date.min) != after.terms_on(date.min):
        return None
    days = sorted(set(before.change_dates()) | set(after.change_dates()))
    return next((d for d in days if before.terms_on(d) != after.terms_on(d)), None)


def _merge(before: Person, incoming: Person, fields: frozenset[str], since: date, *,
           dated: bool) -> Person:
    """`before` with each field the file fills taken from `incoming`; contract changes go in
    as records from a date, never over the past (`_apply`).

    Each of the file's rows for the person says their terms, for the columns the file has,
    from its date (an undated row among dated ones: from the start) until their next row in
    the file. After the last dated row, a change carries on through the later stored
    records until one of them changes that column itself: a change recorded later (in the
    People editor, say) is kept, not deleted. A file without dates gives the person as they
    are now: from `since` on, every record takes its values.
    """
    person = replace(before, **{a: getattr(incoming, a) for a, sources in _PERSON_FIELDS.items()
                                if fields.intersection(sources)})
    records = person.timeline()
    if not dated:
        return with_timeline(person, _apply(records, since, None, incoming.terms, fields,
                                            carry=False))
    rows = incoming.timeline()
    for i, (when, terms) in enumerate(rows):
        end = rows[i + 1][0] if i + 1 < len(rows) else None
        records = _apply(records, when, end, terms, fields, carry=end is None)
    return with_timeline(person, records)


def _apply(records: Records, start: date | None, end: date | None, incoming: Terms,
           fields: frozenset[str], *, carry: bool) -> Records:
    """`records` with the file's columns (`fields`) of `incoming` in force from `start` until
    `end` (`changed_records`, which the People editor's *Change from date…* shares)."""
    attributes = frozenset(a for a, sources in _TERMS_FIELDS.items()
                           if fields.intersection(sources))
    return changed_records(
        records, start, end, incoming, attributes, carry=carry,
        merge=lambda before, now: _merge_terms(before, incoming, _fields_of(now, fields)))


def _fields_of(attributes: Sequence[str], fields: frozenset[str]) -> frozenset[str]:
    """The file's columns that set `attributes`."""
    return frozenset(f for a in attributes for f in _TERMS_FIELDS[a] if f in fields)


def _merge_terms(before: Terms, incoming: Terms, fields: frozenset[str]) -> Terms:
    changes = {attribute: getattr(incoming, attribute)
               for attribute, sources in _TERMS_FIELDS.items() if fields.intersection(sources)}
    if "pattern" in changes and not fields & _HOURS_FIELDS and before.pattern.is_weekly \
            and incoming.pattern.is_weekly:
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
