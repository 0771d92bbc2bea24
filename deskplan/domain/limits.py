"""How long a name or reference may be, and how many desks a site may have.

SQLite stores a text of any length and an integer of any size; PostgreSQL refuses a name longer
than its column (`value too long for type character varying(200)`) or a number beyond 32 bits.
So that both accept exactly the same values, and a user is told which file, row and column is
wrong instead of seeing a database error, every reader, editor and the repository check values
against these limits before anything is written. The numbers are the column sizes of
`deskplan/storage/models.py` (a test keeps the two equal).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from deskplan.domain.model import Adjustment, Person
from deskplan.domain.policy import Policy

TEAM_NAME = 200
STAFF_ID = 100
PERSON_NAME = 300
ROLE = 200
CATEGORY = 200
LOCATION = 200
REFERENCE = 100
APPROVER = 200
#: A job title in a policy's role map.
TITLE = 200
#: Desks at one site, and people a cover rule asks for.
MAX_CAPACITY = 100_000
MAX_COVER = 100_000
#: A share is stored as a numerator and denominator in 32-bit columns.
MAX_SHARE_TERM = 2**31 - 1


@dataclass(frozen=True)
class Breach:
    """One value beyond a limit: which field (as the reader names its columns), the 1-based
    position in its list where the field belongs to a list (rule 2, location 1), and why."""

    field: str
    message: str
    index: int | None = None

    def __str__(self) -> str:
        return self.message


def text_breach(field: str, label: str, value: str | None, limit: int,
                index: int | None = None) -> Breach | None:
    """A breach if `value` has more than `limit` characters (as PostgreSQL counts them)."""
    length = len(value or "")
    if length <= limit:
        return None
    return Breach(field, f"{label} is {length} characters long; at most {limit} are allowed",
                  index)


def count_breach(field: str, label: str, value: int | None, maximum: int,
                 index: int | None = None) -> Breach | None:
    if value is None or 0 <= value <= maximum:
        return None
    return Breach(field, f"{label} {value} is out of range; give a whole number from 0 to "
                  f"{maximum:,}", index)


def share_breach(field: str, label: str, share: Fraction | None,
                 index: int | None = None) -> Breach | None:
    """Shares are exact fractions; one written with too many digits cannot be stored."""
    if share is None or max(abs(share.numerator), share.denominator) <= MAX_SHARE_TERM:
        return None
    return Breach(field, f"{label} {share} is written too precisely to store; round it to at "
                  "most 9 decimal places (or write a simple fraction such as 2/3)", index)


def team_name_breach(name: str) -> Breach | None:
    return text_breach("name", "the team name", name, TEAM_NAME)


def person_breaches(person: Person) -> list[Breach]:
    """Every limit `person` exceeds, by team-list field (staff_id, name, role, ...)."""
    found = [
        text_breach("staff_id", "the staff id", person.staff_id, STAFF_ID),
        text_breach("name", "the name", person.name, PERSON_NAME),
        text_breach("role", "the job title", person.role, ROLE),
        text_breach("category", "the category", person.category, CATEGORY),
        text_breach("location", "the location", person.location, LOCATION),
    ]
    return [b for b in found if b is not None]


def adjustment_breaches(adjustment: Adjustment) -> list[Breach]:
    """Every limit `adjustment` exceeds, by arrangements-file field."""
    found = [
        text_breach("staff_id", "the staff id", adjustment.staff_id, STAFF_ID),
        text_breach("reference", "the reference", adjustment.reference, REFERENCE),
        text_breach("approver", "the approver", adjustment.approver, APPROVER),
        share_breach("share", "the share", adjustment.share),
    ]
    return [b for b in found if b is not None]


def policy_breaches(policy: Policy) -> list[Breach]:
    """Every limit `policy` exceeds; `field` is `<table>.<key>` as the policy file writes it
    (`location.capacity`), `index` the table's position (location 2)."""
    found: list[Breach | None] = []
    for i, rule in enumerate(policy.rules, start=1):
        found += [
            text_breach("rule.category", "the category", rule.category, CATEGORY, i),
            text_breach("rule.location", "the location", rule.location, LOCATION, i),
            share_breach("rule.share", "the share", rule.share, i),
        ]
    for i, place in enumerate(policy.locations, start=1):
        found += [
            text_breach("location.name", "the name", place.name, LOCATION, i),
            count_breach("location.capacity", "the number of desks", place.capacity,
                         MAX_CAPACITY, i),
        ]
    for i, cover in enumerate(policy.coverage, start=1):
        found += [
            text_breach("coverage.role", "the role", cover.role, ROLE, i),
            count_breach("coverage.min_in_office", "the number of people",
                         cover.min_in_office, MAX_COVER, i),
        ]
    for i, (title, category) in enumerate(policy.role_map.items(), start=1):
        found += [
            text_breach("roles.title", f"the job title {title[:40]!r}…", title, TITLE, i),
            text_breach("roles.category", f"the category of {title[:40]!r}", category,
                        CATEGORY, i),
        ]
    return [b for b in found if b is not None]


def describe_policy_breach(breach: Breach) -> str:
    """`location 2: the number of desks 200000 is out of range; …`, as the policy file and the
    policy editor number their tables."""
    table = breach.field.split(".")[0]
    name = {"roles": "role map entry"}.get(table, table)
    return f"{name} {breach.index}: {breach.message}" if breach.index else breach.message
