"""The window's first read of a SQLite file, with the standard `sqlite3` module alone.

Opening the window through `Database.open` loads SQLAlchemy and SQLModel first (most of a
second), and the grid waits for them. When the database is a deskplan SQLite file already at
this version's schema, the first painted grid needs only a few plain reads: the teams, and the
chosen team as `repository.load_team` builds it (people, their records, the rota, sites, locks,
arrangements, the policy). This module makes those reads on a read-only connection and builds
the same domain objects (a test compares them with `repository.load_team` field by field); the
window opens the database properly after its first paint and from then on reads and writes
through it.

Anything unusual (no file, an empty one, not SQLite, another program's, an older schema that
needs a migration, a newer one, a read-only file or folder, a lock, a damaged page) makes
`open_current` return None and leaves the file untouched: the full open then decides what to
do and says what is wrong, exactly as without this module.
"""

from __future__ import annotations

import os
import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any
from urllib.parse import quote

from deskplan.domain.model import Adjustment, AdjustmentKind, Nation, Person, Terms, WorkingPattern
from deskplan.domain.plan import Plan
from deskplan.domain.policy import (
    Anchor,
    CoverageRule,
    Location,
    Measure,
    PeriodKind,
    Policy,
    Rule,
)
from deskplan.domain.rota import Rota
from deskplan.storage.errors import StorageError
from deskplan.storage.migrations import REVISIONS
from deskplan.storage.stored_rota import rota_from_rows, weekdays_of

#: `db.ENVIRONMENT_VARIABLE`, written here so that finding the file needs no SQLAlchemy.
ENVIRONMENT_VARIABLE = "DESKPLAN_DATABASE_URL"
_SQLITE_HEADER = b"SQLite format 3\x00"
_CLOSURE, _WORKED_HOLIDAY = "closure", "worked-holiday"


@dataclass(frozen=True)
class ListedTeam:
    """A team as `repository.list_teams` lists it."""

    id: int
    name: str
    people: int
    version: int


def sqlite_file(db_path: Path | None = None, preferred: str | None = None) -> Path | None:
    """The file `db.resolve_database_url` names for the same arguments, when it names a plain
    file path (`--db`, the variable or the preference as a path, or the default file); None
    for a database URL, which only the full open reads."""
    if db_path is not None:
        return db_path.expanduser().resolve()
    configured = os.environ.get(ENVIRONMENT_VARIABLE, "").strip() or (preferred or "").strip()
    if "://" in configured:
        return None
    if configured:
        return Path(configured).expanduser().resolve()
    from platformdirs import user_data_dir

    return (Path(user_data_dir("deskplan", appauthor=False)) / "deskplan.sqlite3").resolve()


def open_current(path: Path) -> FirstRead | None:
    """A reader of `path` if it is a deskplan SQLite file at this version's schema that the
    window could open as it is; None otherwise (see the module's note). Never writes."""
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return None
        with path.open("rb") as handle:
            if handle.read(len(_SQLITE_HEADER)) != _SQLITE_HEADER:
                return None
        if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
            return None
    except OSError:
        return None
    connection: sqlite3.Connection | None = None
    try:
        # No wait for a lock: a file another program is writing goes the usual way, which
        # waits for it and says so.
        connection = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True, timeout=0,
                                     isolation_level=None, check_same_thread=False)
        versions = [row[0] for row in connection.execute(
            "SELECT version_num FROM alembic_version")]
        if versions != [REVISIONS[-1]]:
            connection.close()
            return None
    except sqlite3.Error:
        if connection is not None:
            connection.close()
        return None
    return FirstRead(connection)


class FirstRead:
    """Read-only reads of a current deskplan SQLite file (see `open_current`). Errors come as
    `sqlite3.Error`: the caller then opens the database the usual way."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def close(self) -> None:
        self._connection.close()

    def list_teams(self, today: date | None = None) -> list[ListedTeam]:
        """As `repository.list_teams`: head counts leave out people known to have left."""
        rows = self._connection.execute(
            "SELECT team.id, team.name, (SELECT count(*) FROM person WHERE person.team_id = "
            "team.id AND (person.end_date IS NULL OR person.end_date >= ?)), team.version "
            "FROM team ORDER BY team.name", ((today or date.today()).isoformat(),))
        return [ListedTeam(*row) for row in rows]

    def load_team(self, team_id: int) -> tuple[int, Plan]:
        """(version, plan) as `repository.load_team` gives them, read in one transaction."""
        connection = self._connection
        connection.execute("BEGIN")
        try:
            return self._load_team(connection, team_id)
        finally:
            connection.execute("COMMIT")

    @staticmethod
    def _load_team(connection: sqlite3.Connection, team_id: int) -> tuple[int, Plan]:
        team = connection.execute("SELECT name, version FROM team WHERE id = ?",
                                  (team_id,)).fetchone()
        if team is None:
            raise StorageError(f"there is no team number {team_id} in the database")
        name, version = team
        people_rows = connection.execute(
            "SELECT id, staff_id, name, start_date, end_date FROM person WHERE team_id = ? "
            "ORDER BY id", (team_id,)).fetchall()
        records: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
        for record in connection.execute(
                "SELECT r.person_id, r.effective_from, r.role, r.category, r.location, "
                "r.nation, r.pattern, r.cycle_start, r.roster, r.bank_holidays_worked "
                "FROM person_record AS r JOIN person ON person.id = r.person_id "
                "WHERE person.team_id = ?", (team_id,)):
            records[record[0]].append(record)
        terms: dict[tuple[Any, ...], Terms] = {}
        people = [_person(row, records[row[0]], terms) for row in people_rows]
        staff_by_id = {row[0]: row[1] for row in people_rows}
        rota = _rota(connection, team_id, [p.staff_id for p in people], staff_by_id)
        adjustments = [
            _adjustment(row[1:], staff_by_id[row[0]]) for row in connection.execute(
                "SELECT a.person_id, a.kind, a.start, a.\"end\", a.review_date, "
                "a.share_numerator, a.share_denominator, a.weekdays, a.reference, a.approver, "
                "a.home_days FROM adjustment AS a JOIN person ON person.id = a.person_id "
                "WHERE person.team_id = ? ORDER BY a.id", (team_id,))
        ]
        locked = {(staff_by_id[person_id], date.fromisoformat(day)) for person_id, day in
                  connection.execute(
                      "SELECT l.person_id, l.day FROM rota_lock AS l JOIN person ON "
                      "person.id = l.person_id WHERE person.team_id = ?", (team_id,))}
        plan = Plan(people=people, rota=rota, policy=_policy(connection, team_id),
                    adjustments=adjustments, name=name, locked=locked)
        return version, plan


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text[:10])


def _person(row: Sequence[Any], records: list[tuple[Any, ...]],
            terms: dict[tuple[Any, ...], Terms]) -> Person:
    _, staff_id, name, start_date, end_date = row
    if not records:
        raise StorageError(f"person {staff_id} has no record in the database")
    dated = []
    for record in records:
        key = record[2:]
        found = terms.get(key)
        if found is None:
            role, category, location, nation, pattern, cycle_start, roster, worked = key
            working = WorkingPattern(tuple(int(s) for s in pattern.split(",")),
                                     _day(cycle_start), roster=bool(roster))
            found = terms[key] = Terms(role, category, location, Nation(nation), working,
                                       bool(worked))
        dated.append((_day(record[1]), found))
    *earlier, (since, current) = sorted(
        dated, key=lambda item: (item[0] is not None, item[0] or date.min))
    return Person.of_terms(staff_id, name, current, start_date=_day(start_date),
                           end_date=_day(end_date), since=since, earlier=tuple(earlier))


def _rota(connection: sqlite3.Connection, team_id: int, staff_ids: list[str],
          staff_by_id: dict[int, str]) -> Rota:
    """The team's month rows and days at another site, decoded as the repository decodes
    them (`stored_rota.rota_from_rows`)."""
    rows = connection.execute(
        "SELECT m.person_id, m.month, m.days FROM rota_month AS m JOIN person ON "
        "person.id = m.person_id WHERE person.team_id = ?", (team_id,)).fetchall()
    sites = {(staff_by_id[person_id], date.fromisoformat(day)): (am_site, pm_site)
             for person_id, day, am_site, pm_site in connection.execute(
                 "SELECT s.person_id, s.day, s.am_site, s.pm_site FROM rota_site AS s JOIN "
                 "person ON person.id = s.person_id WHERE person.team_id = ?", (team_id,))}
    return rota_from_rows(rows, sites, staff_ids, staff_by_id)


def _adjustment(row: Sequence[Any], staff_id: str) -> Adjustment:
    kind, start, end, review, numerator, denominator, weekdays, reference, approver, \
        home_days = row
    return Adjustment(
        staff_id=staff_id, kind=AdjustmentKind(kind), start=date.fromisoformat(start),
        end=_day(end), review_date=_day(review),
        share=Fraction(numerator, denominator) if numerator is not None else None,
        weekdays=weekdays_of(weekdays), reference=reference, approver=approver,
        home_days=home_days)


def _policy(connection: sqlite3.Connection, team_id: int) -> Policy:
    """As `repository._read_policies` builds one team's policy."""

    def rows(sql: str) -> list[tuple[Any, ...]]:
        return connection.execute(sql, (team_id,)).fetchall()

    settings = connection.execute(
        "SELECT period, effective_from, training_counts_as_office, default_nation, measure, "
        "round_to_numerator, round_to_denominator, rolling_weeks, business_counts_as_office, "
        "full_time_seconds FROM policy WHERE team_id = ?", (team_id,)).fetchone()
    if settings is None:
        raise sqlite3.DatabaseError(f"team {team_id} has no policy")  # the full read decides
    (period, effective_from, training, nation, measure, round_numerator, round_denominator,
     rolling_weeks, business, full_time) = settings
    days = rows("SELECT day, kind FROM policy_day WHERE team_id = ?")
    return Policy(
        rules=tuple(Rule(Fraction(numerator, denominator), category=category,
                         location=location, starts=_day(starts), ends=_day(ends))
                    for numerator, denominator, category, location, starts, ends in rows(
                        "SELECT share_numerator, share_denominator, category, location, "
                        "starts, ends FROM policy_rule WHERE team_id = ? ORDER BY position")),
        period=PeriodKind(period),
        effective_from=_day(effective_from),
        training_counts_as_office=bool(training),
        default_nation=Nation(nation),
        locations=tuple(Location(name, capacity, short) for name, capacity, short in rows(
            "SELECT name, capacity, short FROM location WHERE team_id = ? ORDER BY position")),
        coverage=tuple(CoverageRule(role, minimum, weekdays_of(weekdays))
                       for role, minimum, weekdays in rows(
                           "SELECT role, min_in_office, weekdays FROM coverage_rule "
                           "WHERE team_id = ? ORDER BY position")),
        role_map=dict(rows("SELECT title, category FROM role_category WHERE team_id = ?")),
        closures=frozenset(date.fromisoformat(d) for d, kind in days if kind == _CLOSURE),
        working_bank_holidays=frozenset(date.fromisoformat(d) for d, kind in days
                                        if kind == _WORKED_HOLIDAY),
        measure=Measure(measure),
        round_to=Fraction(round_numerator, round_denominator),
        rolling_weeks=rolling_weeks,
        business_counts_as_office=bool(business),
        full_time_seconds=full_time,
        anchors=tuple(Anchor(weekdays_of(weekdays), category, location, role)
                      for weekdays, category, location, role in rows(
                          "SELECT weekdays, category, location, role FROM policy_anchor "
                          "WHERE team_id = ? ORDER BY position")),
    )
