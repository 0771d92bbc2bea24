"""Reading and saving teams as domain objects.

Every function takes the session of one transaction (`Database.session()`) and keyword
arguments. Every write first moves the team's `version` on by one with
`UPDATE … WHERE version = expected`: if someone else saved the team since it was loaded, that
hits no row and `ConcurrentEditError` is raised before anything is written.

Bulk work (a year of rota, a team list of 11,000 people) goes through Core statements with many
parameter sets at once rather than one ORM object per row: it is the difference between a
second and a minute.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction
from functools import lru_cache
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Select,
    String,
    Table,
    and_,
    bindparam,
    cast,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection
from sqlmodel import Session

from deskplan.domain import limits
from deskplan.domain.calendar import period_end, period_start
from deskplan.domain.model import (
    Adjustment,
    AdjustmentKind,
    Cell,
    Nation,
    Person,
    Status,
    Terms,
    WorkingPattern,
)
from deskplan.domain.plan import Plan
from deskplan.domain.policy import (
    Anchor,
    CoverageRule,
    Location,
    Measure,
    PeriodKind,
    Policy,
    Rule,
    fold,
)
from deskplan.domain.rota import Rota
from deskplan.planning.preferences import Preference
from deskplan.storage import security
from deskplan.storage.errors import ConcurrentEditError, StorageError
from deskplan.storage.models import (
    ActualMonthRow,
    ActualSiteRow,
    AdjustmentRow,
    AnchorRow,
    CoverageRow,
    LocationRow,
    PersonRecordRow,
    PersonRow,
    PolicyDayRow,
    PolicyRow,
    PreferenceRow,
    RoleMapRow,
    RotaLockRow,
    RotaMonthRow,
    RotaSiteRow,
    RuleRow,
    TeamRow,
)
from deskplan.storage.stored_rota import ROTA_LETTERS, rota_from_rows, weekdays_of

if TYPE_CHECKING:
    from deskplan.domain.facts import SharedDesks


def _table(model: Any) -> Table:
    return model.__table__  # type: ignore[no-any-return]


TEAM = _table(TeamRow)
POLICY = _table(PolicyRow)
RULE = _table(RuleRow)
LOCATION = _table(LocationRow)
COVERAGE = _table(CoverageRow)
ROLE_MAP = _table(RoleMapRow)
POLICY_DAY = _table(PolicyDayRow)
ANCHOR = _table(AnchorRow)
_CLOSURE, _WORKED_HOLIDAY = "closure", "worked-holiday"
PERSON = _table(PersonRow)
RECORD = _table(PersonRecordRow)
ROTA = _table(RotaMonthRow)
ROTA_SITE = _table(RotaSiteRow)
ROTA_LOCK = _table(RotaLockRow)
ACTUAL = _table(ActualMonthRow)
ACTUAL_SITE = _table(ActualSiteRow)
ADJUSTMENT = _table(AdjustmentRow)
PREFERENCE = _table(PreferenceRow)

_UNPLANNED = ROTA_LETTERS[0]


@dataclass(frozen=True)
class TeamSummary:
    """A team as listed: `people` counts those not known to have left before today."""

    id: int
    name: str
    people: int
    version: int


@dataclass
class StoredPlan:
    """A team's plan as loaded, with the version a later save must quote."""

    team_id: int
    version: int
    plan: Plan
    #: The first and last day of the months of rota read (`load_team(around=...)`); None when
    #: the whole rota was read.
    rota_months: tuple[date, date] | None = None


# --- teams ------------------------------------------------------------------------------------
def list_teams(session: Session) -> list[TeamSummary]:
    today = date.today()
    current = and_(PERSON.c.team_id == TEAM.c.id,
                   or_(PERSON.c.end_date.is_(None), PERSON.c.end_date >= today))
    people = select(func.count()).where(current).scalar_subquery()
    rows = session.connection().execute(
        select(TEAM.c.id, TEAM.c.name, people, TEAM.c.version).order_by(TEAM.c.name)
    )
    return [TeamSummary(id=r[0], name=r[1], people=r[2], version=r[3]) for r in rows]


def teams_of_staff(session: Session) -> dict[str, list[int]]:
    """Every staff id in the database and the teams it belongs to (usually exactly one)."""
    owners: dict[str, list[int]] = defaultdict(list)
    for staff_id, team_id in session.connection().execute(
        select(PERSON.c.staff_id, PERSON.c.team_id).order_by(PERSON.c.team_id)
    ):
        owners[staff_id].append(team_id)
    return dict(owners)


def find_team(session: Session, *, name: str) -> TeamSummary | None:
    """The team called `name` (ignoring case and stray spaces), if there is one."""
    wanted = " ".join(name.split()).casefold()
    return next((t for t in list_teams(session) if t.name.casefold() == wanted), None)


def create_team(session: Session, *, name: str, policy: Policy | None = None) -> TeamSummary:
    clean = " ".join(name.split())
    if not clean:
        raise StorageError("a team needs a name")
    if (breach := limits.team_name_breach(clean)) is not None:
        raise StorageError(f"{breach.message}; nothing was saved")
    if find_team(session, name=clean) is not None:
        raise StorageError(f"there is already a team called {clean!r}")
    connection = session.connection()
    team_id = connection.execute(
        insert(TEAM).values(name=clean, version=1, updated_at=_now()).returning(TEAM.c.id)
    ).scalar_one()
    _write_policy(session, team_id, policy or Policy.default())
    return TeamSummary(id=team_id, name=clean, people=0, version=1)


def load_team(session: Session, *, team_id: int,
              around: tuple[date, date] | None = None) -> StoredPlan:
    """The whole plan: people (leavers included, with their end date), rota, arrangements.

    With `around` (first, last): the rota of only the months a check of those days reads
    (`checked_span`: their whole periods and weeks), for a window that shows them at once and
    reads the rest with `load_rota`; everything else is read whole. The plan's rota is then
    empty outside `StoredPlan.rota_months`."""
    connection = session.connection()
    team = connection.execute(
        select(TEAM.c.name, TEAM.c.version).where(TEAM.c.id == team_id)
    ).one_or_none()
    if team is None:
        raise StorageError(f"there is no team number {team_id} in the database")
    people, staff_by_id = _team_people(session, team_id)
    policy = _read_policy(session, team_id)
    months = None
    if around is not None:
        since, until = checked_span([policy], *around)
        months = (since.replace(day=1), period_end(until, PeriodKind.MONTH))
        if not _stored_outside(session, team_id, *months):
            months = None  # those months are the whole rota (a small or new team)
    rota = _load_rota(session, team_id, [p.staff_id for p in people], staff_by_id,
                      months=months)
    adjustments = [
        _adjustment(r, staff_by_id[r.person_id])
        for r in connection.execute(
            select(ADJUSTMENT).join(PERSON, PERSON.c.id == ADJUSTMENT.c.person_id)
            .where(PERSON.c.team_id == team_id).order_by(ADJUSTMENT.c.id)
        )
    ]
    locked = {(staff_by_id[person_id], day) for person_id, day in connection.execute(
        select(ROTA_LOCK.c.person_id, ROTA_LOCK.c.day)
        .join(PERSON, PERSON.c.id == ROTA_LOCK.c.person_id)
        .where(PERSON.c.team_id == team_id))}
    plan = Plan(people=people, rota=rota, policy=policy,
                adjustments=adjustments, name=team.name, locked=locked)
    return StoredPlan(team_id=team_id, version=team.version, plan=plan, rota_months=months)


def _team_people(session: Session, team_id: int) -> tuple[list[Person], dict[int, str]]:
    """The team's people in the order they were added, and their staff ids by row id.

    Read as the driver's own tuples (dates as text, parsed once per distinct value; each
    distinct record read once): SQLAlchemy's rows were most of reading 11,000 people."""
    day_of = _DayParser()
    people_rows = _plain_rows(session, select(
        PERSON.c.id, PERSON.c.staff_id, PERSON.c.name, cast(PERSON.c.start_date, String),
        cast(PERSON.c.end_date, String)).where(PERSON.c.team_id == team_id)
        .order_by(PERSON.c.id))
    records: dict[int, list[tuple[date | None, Terms]]] = defaultdict(list)
    for person_id, since, *terms in _plain_rows(session, select(
            RECORD.c.person_id, cast(RECORD.c.effective_from, String), RECORD.c.role,
            RECORD.c.category, RECORD.c.location, RECORD.c.nation, RECORD.c.pattern,
            cast(RECORD.c.cycle_start, String), RECORD.c.roster,
            RECORD.c.bank_holidays_worked)
            .join(PERSON, PERSON.c.id == RECORD.c.person_id)
            .where(PERSON.c.team_id == team_id)):
        role, category, location, nation, pattern, cycle_start, roster, worked = terms
        records[person_id].append((day_of(since), _cached_terms(
            role, category, location, nation, pattern, day_of(cycle_start), bool(roster),
            bool(worked))))
    people = []
    for person_id, staff_id, name, start, end in people_rows:
        found = records.get(person_id)
        if not found:
            raise StorageError(f"person {staff_id} has no record in the database")
        *earlier, (since, current) = sorted(
            found, key=lambda item: (item[0] is not None, item[0] or date.min))
        people.append(Person.of_terms(staff_id, name, current, start_date=day_of(start),
                                      end_date=day_of(end), since=since,
                                      earlier=tuple(earlier)))
    return people, {person_id: staff_id for person_id, staff_id, *_ in people_rows}


def _stored_outside(session: Session, team_id: int, first: date, last: date) -> bool:
    """Whether the team's rota holds any month row or other-site day outside `first`..`last`
    (the first one found answers: a large team's first person's January, at once)."""
    connection = session.connection()
    for table, column in ((ROTA, ROTA.c.month), (ROTA_SITE, ROTA_SITE.c.day)):
        found = connection.execute(
            select(literal(1)).select_from(table.join(PERSON, PERSON.c.id == table.c.person_id))
            .where(PERSON.c.team_id == team_id, or_(column < first, column > last)).limit(1)
        ).first()
        if found is not None:
            return True
    return False


class _DayParser:
    """A date stored as text (`2025-03-01`, or with a time after it) as a date, each
    distinct text parsed once; None stays None."""

    def __init__(self) -> None:
        self._seen: dict[str, date] = {}

    def __call__(self, text: str | None) -> date | None:
        if text is None:
            return None
        found = self._seen.get(text)
        if found is None:
            found = self._seen[text] = date.fromisoformat(text[:10])
        return found


def load_rota(session: Session, *, team_id: int) -> tuple[int, Rota]:
    """The team's version and its whole rota: the rest of a plan read with `around`."""
    team = session.connection().execute(
        select(TEAM.c.version).where(TEAM.c.id == team_id)).one_or_none()
    if team is None:
        raise StorageError(f"there is no team number {team_id} in the database")
    people = _plain_rows(session, select(PERSON.c.id, PERSON.c.staff_id)
                         .where(PERSON.c.team_id == team_id).order_by(PERSON.c.id))
    staff_by_id: dict[int, str] = dict(people)
    return team.version, _load_rota(session, team_id, [s for _, s in people], staff_by_id)


def planned_span(session: Session, *, team_id: int) -> tuple[date, date] | None:
    """The first and last day the team's rota plans anything (as `Rota.planned_span`), from
    the stored months without decoding them: where a window opens, before it reads them."""
    connection = session.connection()
    unplanned = literal(_UNPLANNED)
    joined = ROTA.join(PERSON, PERSON.c.id == ROTA.c.person_id)
    team = PERSON.c.team_id == team_id
    planned = func.ltrim(ROTA.c.days, unplanned) != literal("")
    # A month row emptied by an edit is deleted, so the first and last months stored are
    # almost always the ones planned; each is then checked row by row, and only a month of
    # blank rows (never written so by deskplan) sends the search through every row.
    first_month, last_month = connection.execute(
        select(func.min(ROTA.c.month), func.max(ROTA.c.month)).select_from(joined).where(team)
    ).one()
    if first_month is None:
        return None

    def edge(month: Any, ltrimmed: bool) -> int | None:
        where = [team, planned, ROTA.c.month == month]
        value: Any
        if ltrimmed:
            value = func.min(func.length(ROTA.c.days)
                             - func.length(func.ltrim(ROTA.c.days, unplanned)))
        else:
            value = func.max(func.length(func.rtrim(ROTA.c.days, unplanned)))
        found = connection.execute(select(value).select_from(joined).where(*where)).scalar()
        return None if found is None else int(found)

    lead, tail = edge(first_month, True), edge(last_month, False)
    if lead is None or tail is None:
        first_month, last_month = connection.execute(
            select(func.min(ROTA.c.month), func.max(ROTA.c.month)).select_from(joined)
            .where(team, planned)).one()
        if first_month is None:
            return None
        lead, tail = edge(first_month, True), edge(last_month, False)
        assert lead is not None
        assert tail is not None
    return (_as_date(first_month) + timedelta(days=lead),
            _as_date(last_month) + timedelta(days=tail - 1))


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def other_teams_office(
    session: Session, *, team_id: int, first: date, last: date
) -> SharedDesks:
    """Desks taken by everyone else at the sites `team_id` uses, day by day, for the engine's
    desk rule (`Checker(..., shared=...)`).

    Keyed by (site folded as `deskplan.domain.policy.fold` does, day) → (people of other teams
    in the office there in the morning, in the afternoon, how many other teams they come
    from). Only counts: a manager learns "31 of 40 desks booked across 4 teams", never who or
    which teams. It works under row-level security because the database function behind it
    (`deskplan_site_office`) returns numbers only, and only to someone who may read `team_id`.

    A single-user SQLite file has no other teams' reality to share: it returns none and desks
    stay counted for the team alone.
    """
    from deskplan.domain.facts import SharedDesks  # the engine's, loaded with it

    if session.connection().dialect.name != "postgresql":
        return SharedDesks.none()  # counted for the team alone
    shared: dict[tuple[str, date], tuple[int, int, int]] = {}
    rows = session.connection().execute(
        text("SELECT site, day, morning, afternoon, teams "
             "FROM deskplan_site_office(:team, :first, :last)"),
        {"team": team_id, "first": first, "last": last})
    for site, day, morning, afternoon, teams in rows:
        # The server folds case and spaces; fold again as the domain does (ß → ss and the like)
        key = (fold(site), day)
        am, pm, known_teams = shared.get(key, (0, 0, 0))
        shared[key] = (am + int(morning), pm + int(afternoon), known_teams + int(teams))
    return SharedDesks(shared)


def load_teams(session: Session, *, first: date, last: date) -> list[StoredPlan]:
    """Every team the login may read, with the rota of the months around `first`..`last`
    only: the organisation overview's read, a handful of queries for 400 teams."""
    connection = session.connection()
    teams = connection.execute(select(TEAM.c.id, TEAM.c.name, TEAM.c.version)).all()
    policies = _read_policies(session)
    people: dict[int, list[Any]] = defaultdict(list)
    for row in connection.execute(select(PERSON).order_by(PERSON.c.id)).all():
        people[row.team_id].append(row)
    team_of = {r.id: r.team_id for rows in people.values() for r in rows}
    staff_of = {r.id: r.staff_id for rows in people.values() for r in rows}
    records: dict[int, list[Any]] = defaultdict(list)
    for record in connection.execute(select(RECORD)).all():
        records[record.person_id].append(record)
    since, until = checked_span(policies.values(), first, last)
    months: dict[int, list[Any]] = defaultdict(list)
    for month in _plain_rows(session, select(ROTA.c.person_id, cast(ROTA.c.month, String),
                                             ROTA.c.days)
                             .where(ROTA.c.month >= since, ROTA.c.month <= until)):
        months[team_of[month[0]]].append(month)
    sites: dict[int, dict[tuple[str, date], tuple[str | None, str | None]]] = defaultdict(dict)
    for row in connection.execute(select(ROTA_SITE).where(
            ROTA_SITE.c.day >= since, ROTA_SITE.c.day <= until)).all():
        sites[team_of[row.person_id]][staff_of[row.person_id], row.day] = (row.am_site,
                                                                          row.pm_site)
    arrangements: dict[int, list[Adjustment]] = defaultdict(list)
    for row in connection.execute(select(ADJUSTMENT).where(
            ADJUSTMENT.c.start <= until,
            or_(ADJUSTMENT.c.end.is_(None), ADJUSTMENT.c.end >= since))
            .order_by(ADJUSTMENT.c.id)).all():
        arrangements[team_of[row.person_id]].append(_adjustment(row, staff_of[row.person_id]))
    loaded = []
    default = Policy.default()
    for team in teams:
        rows = people.get(team.id, [])
        staff_ids = [r.staff_id for r in rows]
        rota = rota_from_rows(months.get(team.id, []), sites.get(team.id, {}), staff_ids,
                               {r.id: r.staff_id for r in rows})
        plan = Plan(people=[_person(r, records[r.id]) for r in rows], rota=rota,
                    policy=policies.get(team.id, default),
                    adjustments=arrangements.get(team.id, []), name=team.name)
        loaded.append(StoredPlan(team_id=team.id, version=team.version, plan=plan))
    return loaded


def checked_span(policies: Iterable[Policy], first: date, last: date) -> tuple[date, date]:
    """The days any of these policies' checks read for `first`..`last`: the range widened to
    whole periods (a month, a quarter, a rolling window) and whole weeks around them."""
    since, until = first, last
    for policy in policies:
        if policy.period is PeriodKind.ROLLING:
            since = min(since, first - timedelta(weeks=policy.rolling_weeks or 1))
        else:
            since = min(since, period_start(first, policy.period))
            until = max(until, period_end(last, policy.period))
    return (since - timedelta(days=7)).replace(day=1), until + timedelta(days=7)


def arranged_people(session: Session, *, first: date, last: date) -> set[tuple[int, str]]:
    """(team id, staff id) of everyone with an arrangement overlapping the range, in every
    team the login may read, even where it may not read the arrangement itself: the overview
    then leaves them unjudged instead of judging them wrongly. Nothing but the fact."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        query = text("SELECT p.team_id, p.staff_id FROM deskplan_arranged_people(:first, "
                     ":last) a JOIN person p ON p.id = a.person_id")
    else:
        query = text('SELECT DISTINCT p.team_id, p.staff_id FROM adjustment a JOIN person p '
                     'ON p.id = a.person_id WHERE a.start <= :last AND (a."end" IS NULL OR '
                     'a."end" >= :first)')
    return {(int(t), str(s)) for t, s in connection.execute(query, {"first": first,
                                                                      "last": last})}


def reviews_due(session: Session, *, until: date, today: date | None = None) -> dict[int, int]:
    """team id → arrangements still running whose review date is on or before `until`
    (counts for every team the login may read; no arrangement is named)."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        query = text("SELECT team_id, due FROM deskplan_reviews_due(:until)")
    else:
        query = text('SELECT p.team_id, count(*) FROM adjustment a JOIN person p ON p.id = '
                     'a.person_id WHERE a.review_date <= :until AND (a."end" IS NULL OR '
                     'a."end" >= :today) GROUP BY p.team_id')
    return {int(t): int(n) for t, n in connection.execute(
        query, {"until": until, "today": today or date.today()})}


# --- writes -----------------------------------------------------------------------------------
def save_cells(
    session: Session, *, team_id: int, changes: Sequence[tuple[str, date, Cell | Status]],
    expected_version: int,
) -> int:
    """Set rota cells (a status sets a whole day); an unplanned cell clears one. Returns the
    team's new version.

    Only the people edited are looked up, so a save costs the same in a team of 11,000.
    """
    version = _bump(session, team_id, expected_version)
    _write_cells(session, _person_ids(session, team_id, {c[0] for c in changes}, only=True),
                 changes)
    return version


def save_locks(
    session: Session, *, team_id: int, changes: Sequence[tuple[str, date, bool]],
    expected_version: int,
) -> int:
    """Lock (True) or unlock (False) days of the rota, whatever is planned on them. Returns
    the team's new version."""
    version = _bump(session, team_id, expected_version)
    ids = _person_ids(session, team_id, {c[0] for c in changes}, only=True)
    connection = session.connection()
    for staff_id, day, locked in changes:
        person_id = ids[staff_id]
        connection.execute(delete(ROTA_LOCK).where(ROTA_LOCK.c.person_id == person_id,
                                                   ROTA_LOCK.c.day == day))
        if locked:
            connection.execute(insert(ROTA_LOCK).values(person_id=person_id, day=day))
    return version


def load_actuals(session: Session, *, team_id: int) -> Rota:
    """What actually happened, as a rota beside the plan: every person of the team has a row;
    a day nothing was recorded for is unplanned (0), never a home day."""
    connection = session.connection()
    people_rows = connection.execute(
        select(PERSON.c.id, PERSON.c.staff_id).where(PERSON.c.team_id == team_id)
        .order_by(PERSON.c.id)).all()
    staff_by_id = {r.id: r.staff_id for r in people_rows}
    return _load_rota(session, team_id, [r.staff_id for r in people_rows], staff_by_id,
                      month_table=ACTUAL, site_table=ACTUAL_SITE)


def save_actuals(
    session: Session, *, team_id: int, changes: Sequence[tuple[str, date, Cell | Status]],
    expected_version: int,
) -> int:
    """Record what happened (an unplanned cell clears a record); the plan is not touched.
    Returns the team's new version: actuals are team data, saved like any other change."""
    version = _bump(session, team_id, expected_version)
    _write_cells(session, _person_ids(session, team_id, {c[0] for c in changes}, only=True),
                 changes, month_table=ACTUAL, site_table=ACTUAL_SITE)
    return version


def load_preferences(session: Session, *, team_id: int) -> dict[str, Preference]:
    """The team's standing preferences by staff id (people without one are left out)."""
    rows = session.connection().execute(
        select(PERSON.c.staff_id, PREFERENCE.c.office_days, PREFERENCE.c.home_days,
               PREFERENCE.c.unavailable_days)
        .join(PERSON, PERSON.c.id == PREFERENCE.c.person_id)
        .where(PERSON.c.team_id == team_id))
    return {staff_id: Preference(staff_id, weekdays_of(office), weekdays_of(home),
                                 weekdays_of(unavailable))
            for staff_id, office, home, unavailable in rows}


def save_preferences(session: Session, *, team_id: int,
                     preferences: Sequence[Preference], expected_version: int) -> int:
    """Set each person's standing preferences (an empty one removes theirs). A team-list
    import may set thousands at once: deletes go 500 people at a time, inserts in one batch."""
    version = _bump(session, team_id, expected_version)
    ids = _person_ids(session, team_id, {p.staff_id for p in preferences}, only=True)
    connection = session.connection()
    person_ids = sorted({ids[p.staff_id] for p in preferences})
    for chunk in range(0, len(person_ids), 500):
        connection.execute(delete(PREFERENCE).where(
            PREFERENCE.c.person_id.in_(person_ids[chunk:chunk + 500])))
    rows = [{"person_id": ids[p.staff_id], "office_days": _weekday_mask(p.office_days),
             "home_days": _weekday_mask(p.home_days),
             "unavailable_days": _weekday_mask(p.unavailable_days)}
            for p in {p.staff_id: p for p in preferences}.values() if not p.is_empty]
    if rows:
        connection.execute(insert(PREFERENCE), rows)
    return version


def save_person(session: Session, *, team_id: int, person: Person, expected_version: int) -> int:
    """Add the person, or update the one with the same staff id."""
    version = _bump(session, team_id, expected_version)
    _upsert_people(session, team_id, [person])
    return version


def import_people(
    session: Session, *, team_id: int, people: Sequence[Person],
    leavers: Mapping[str, date] | None = None, expected_version: int,
) -> int:
    """Add or update many people by staff id, and mark `leavers` as left on the given day.

    Nobody is deleted and no rota cell is touched: history stays as it was.
    """
    version = _bump(session, team_id, expected_version)
    _upsert_people(session, team_id, people)
    if leavers:
        _set_end_dates(session, team_id, leavers)
    return version


def mark_left(
    session: Session, *, team_id: int, staff_id: str, last_day: date, expected_version: int
) -> int:
    """Record a leaver's last day; their rota and arrangements stay for the record."""
    version = _bump(session, team_id, expected_version)
    _set_end_dates(session, team_id, {staff_id: last_day})
    return version


def remove_people(
    session: Session, *, team_id: int, staff_ids: Sequence[str], expected_version: int
) -> int:
    """Delete people who have nothing planned and no arrangement (the undo of adding them).

    Anyone with history is refused: leavers are marked as left, never deleted.
    """
    version = _bump(session, team_id, expected_version)
    ids = _person_ids(session, team_id, staff_ids)
    wanted = [ids[s] for s in staff_ids]
    connection = session.connection()
    planned = connection.execute(
        select(ROTA.c.days).where(ROTA.c.person_id.in_(wanted))).scalars().all()
    arranged = connection.execute(
        select(ADJUSTMENT.c.person_id).where(ADJUSTMENT.c.person_id.in_(wanted))).first()
    if arranged is not None or any(set(days) - {_UNPLANNED} for days in planned):
        raise StorageError("someone to remove has days planned or an arrangement: mark them "
                           "as left instead; nothing was saved")
    connection.execute(delete(PERSON).where(PERSON.c.id.in_(wanted)))
    return version


def replace_adjustments(
    session: Session, *, team_id: int, staff_id: str, adjustments: Sequence[Adjustment],
    expected_version: int,
) -> int:
    """Make `adjustments` the person's complete list of arrangements.

    Rows that stay as they were are not touched, and one with the same kind and start date is
    changed in place: each arrangement keeps its row, so its audit history stays in one piece
    (and is purged with it, not when it was last edited).
    """
    version = _bump(session, team_id, expected_version)
    person_id = _person_ids(session, team_id, [staff_id])[staff_id]
    connection = session.connection()
    stored = {
        row.id: _adjustment(row, staff_id) for row in connection.execute(
            select(ADJUSTMENT).where(ADJUSTMENT.c.person_id == person_id)
            .order_by(ADJUSTMENT.c.id))
    }
    unused = dict(stored)
    fresh = []
    for adjustment in adjustments:
        same = next((i for i, a in unused.items() if a == adjustment), None)
        if same is None:
            same = next((i for i, a in unused.items()
                         if (a.kind, a.start) == (adjustment.kind, adjustment.start)), None)
            if same is None:
                fresh.append(adjustment)
                continue
            connection.execute(update(ADJUSTMENT).where(ADJUSTMENT.c.id == same)
                               .values(_adjustment_values(adjustment, person_id)))
        del unused[same]
    if unused:
        connection.execute(delete(ADJUSTMENT).where(ADJUSTMENT.c.id.in_(unused)))
    rows = [_adjustment_values(a, person_id) for a in fresh]
    if rows:
        connection.execute(insert(ADJUSTMENT), rows)
    return version


def import_adjustments(
    session: Session, *, team_id: int, adjustments: Sequence[Adjustment], expected_version: int,
) -> tuple[int, int, int]:
    """Add arrangements; one stored with the same person, kind and start date is replaced.

    Returns (new version, how many were added, how many replaced). Arrangements not in
    `adjustments` stay as they are.
    """
    version = _bump(session, team_id, expected_version)
    ids = _person_ids(session, team_id, {a.staff_id for a in adjustments})
    connection = session.connection()
    stored = {
        (r.person_id, r.kind, r.start): r.id
        for r in connection.execute(
            select(ADJUSTMENT.c.id, ADJUSTMENT.c.person_id, ADJUSTMENT.c.kind, ADJUSTMENT.c.start)
            .where(ADJUSTMENT.c.person_id.in_(set(ids.values())))
        )
    } if ids else {}
    fresh, replaced = [], []
    for adjustment in adjustments:
        values = _adjustment_values(adjustment, ids[adjustment.staff_id])
        row_id = stored.get((values["person_id"], values["kind"], values["start"]))
        if row_id is None:
            fresh.append(values)
        else:
            replaced.append({**values, "row_id": row_id})
    if fresh:
        connection.execute(insert(ADJUSTMENT), fresh)
    if replaced:
        columns = [c for c in replaced[0] if c != "row_id"]
        connection.execute(
            update(ADJUSTMENT).where(ADJUSTMENT.c.id == bindparam("row_id"))
            .values({c: bindparam(c) for c in columns}),
            replaced,
        )
    return version, len(fresh), len(replaced)


def save_policy(session: Session, *, team_id: int, policy: Policy, expected_version: int) -> int:
    version = _bump(session, team_id, expected_version)
    connection = session.connection()
    for table in (RULE, LOCATION, COVERAGE, ROLE_MAP, POLICY_DAY, ANCHOR, POLICY):
        connection.execute(delete(table).where(table.c.team_id == team_id))
    _write_policy(session, team_id, policy)
    return version


def create_demo(session: Session, *, today: date | None = None) -> list[TeamSummary]:
    """Store the demo organisation; teams whose name is already taken are left alone."""
    created = []
    from deskplan.domain.demo import demo_organisation  # its plans, only when asked for

    for plan in demo_organisation(today):
        if find_team(session, name=plan.name) is not None:
            continue
        team = create_team(session, name=plan.name, policy=plan.policy)
        _upsert_people(session, team.id, plan.people)
        ids = _person_ids(session, team.id)
        _write_cells(session, ids, list(plan.rota.entries()))
        rows = [_adjustment_values(a, ids[a.staff_id]) for a in plan.adjustments]
        if rows:
            session.connection().execute(insert(ADJUSTMENT), rows)
        created.append(TeamSummary(id=team.id, name=team.name, people=len(plan.people),
                                   version=team.version))
    return created


# --- versions ---------------------------------------------------------------------------------
def _bump(session: Session, team_id: int, expected_version: int) -> int:
    """Claim the next version of the team, or fail if the caller's copy is out of date."""
    connection = session.connection()
    result = connection.execute(
        update(TEAM)
        .where(TEAM.c.id == team_id, TEAM.c.version == expected_version)
        .values(version=TEAM.c.version + 1, updated_at=_now())
    )
    if result.rowcount == 1:
        return expected_version + 1
    name = connection.execute(select(TEAM.c.name).where(TEAM.c.id == team_id)).scalar()
    if name is None:
        raise StorageError(f"there is no team number {team_id} in the database")
    raise ConcurrentEditError(name)


def _now() -> datetime:
    return datetime.now(UTC)


# --- people -----------------------------------------------------------------------------------
def _person_ids(
    session: Session, team_id: int, required: Iterable[str] = (), *, only: bool = False
) -> dict[str, int]:
    """staff_id → person.id for the team (`only`: for the `required` ids alone); every staff
    id in `required` must be there."""
    wanted = set(required)
    query = select(PERSON.c.id, PERSON.c.staff_id).where(PERSON.c.team_id == team_id)
    if only and len(wanted) <= 500:
        query = query.where(PERSON.c.staff_id.in_(wanted))
    found: dict[str, int] = {
        staff_id: person_id for person_id, staff_id in session.connection().execute(query)
    }
    missing = sorted(wanted - found.keys())
    if missing:
        raise StorageError(f"staff id {', '.join(missing[:5])} is not in the team")
    return found


def _insert_many(connection: Connection, table: Table,
                 rows: Sequence[Mapping[str, Any]]) -> None:
    """INSERT `rows` (dicts with the same keys) with one executemany.

    On SQLite the statement is compiled once and each row's values go through the columns' own
    bind processors (what SQLAlchemy would apply) straight to the driver: SQLAlchemy's general
    per-row parameter handling was a third of writing 11,000 new people (22,000 rows). Other
    databases, and any statement whose columns would need defaults filled in, take
    SQLAlchemy's own executemany (batched INSERT ... VALUES on PostgreSQL). Many rows of an
    audited table are audited by one statement after them (`security.audit_bulk_insert`):
    the same audit rows the per-row trigger writes, for a third of the time.
    """
    if not rows:
        return
    dialect = connection.dialect
    keys = list(rows[0])
    if dialect.name == "sqlite" and dialect.positional:
        compiled = insert(table).compile(dialect=dialect, column_keys=keys)
        order = compiled.positiontup or []
        if sorted(order) == sorted(keys):
            values = itemgetter(*order) if len(order) > 1 else lambda row: (row[order[0]],)
            steps = [(position, process) for position, name in enumerate(order)
                     if (process := table.c[name].type.dialect_impl(dialect)
                         .bind_processor(dialect)) is not None]
            params: list[tuple[Any, ...]] = []
            for row in rows:
                found = values(row)
                if steps:
                    found = list(found)
                    for position, process in steps:
                        if found[position] is not None:
                            found[position] = process(found[position])
                    found = tuple(found)
                params.append(found)
            with security.audit_bulk_insert(connection, table.name, len(params)):
                connection.exec_driver_sql(str(compiled), params)
            return
    connection.execute(insert(table), rows)


def _within_limits(subject: str, breaches: Sequence[limits.Breach | str]) -> None:
    """The last guard before the database: SQLite would store any length, PostgreSQL would
    fail with a column type, so both refuse the same values with the same sentence."""
    if breaches:
        raise StorageError(f"{subject}: {'; '.join(map(str, breaches))}; nothing was saved")


def _upsert_people(session: Session, team_id: int, people: Sequence[Person]) -> None:
    """Add or update people by staff id, each with their whole timeline of records."""
    for person in people:
        _within_limits(f"person {person.staff_id[:limits.STAFF_ID]}",
                       limits.person_breaches(person))
    connection = session.connection()
    existing = _person_ids(session, team_id)
    fresh = [_person_values(p, team_id) for p in people if p.staff_id not in existing]
    _insert_many(connection, PERSON, fresh)
    changed = [
        {**_person_values(p, team_id), "person_id": existing[p.staff_id]}
        for p in people if p.staff_id in existing
    ]
    if changed:
        columns = [c for c in changed[0] if c not in ("person_id", "team_id")]
        connection.execute(
            update(PERSON).where(PERSON.c.id == bindparam("person_id"))
            .values({c: bindparam(c) for c in columns}),
            changed,
        )
    ids = _person_ids(session, team_id) if fresh else existing
    _write_records(session, {ids[p.staff_id]: p for p in people},
                   new={ids[p.staff_id] for p in people if p.staff_id not in existing})


def _write_records(session: Session, people: Mapping[int, Person], *,
                   new: Collection[int] = ()) -> None:
    """Make each person's stored records their timeline, touching only records that changed
    (so the audit trail says what changed, and a save that changes nothing records nothing).
    People `new` (just inserted) have no records yet: theirs are not looked for."""
    connection = session.connection()
    stored: dict[tuple[int, date | None], Any] = {}
    ids = [person_id for person_id in people if person_id not in new]
    for chunk in range(0, len(ids), 500):
        for row in connection.execute(select(RECORD).where(
                RECORD.c.person_id.in_(ids[chunk:chunk + 500]))):
            stored[row.person_id, row.effective_from] = row
    inserts, updates, deletes = [], [], []
    for person_id, person in people.items():
        wanted = {when: _record_values(person_id, when, terms)
                  for when, terms in person.timeline()}
        for when, values in wanted.items():
            row = stored.pop((person_id, when), None)
            if row is None:
                inserts.append(values)
            elif any(getattr(row, k) != v for k, v in values.items()):
                updates.append({**values, "record_id": row.id})
    deletes = [row.id for row in stored.values()]
    if deletes:
        connection.execute(delete(RECORD).where(RECORD.c.id.in_(deletes)))
    _insert_many(connection, RECORD, inserts)
    if updates:
        columns = [c for c in updates[0] if c not in ("record_id", "person_id",
                                                       "effective_from")]
        connection.execute(
            update(RECORD).where(RECORD.c.id == bindparam("record_id"))
            .values({c: bindparam(c) for c in columns}), updates)


def _set_end_dates(session: Session, team_id: int, leavers: Mapping[str, date]) -> None:
    ids = _person_ids(session, team_id, leavers)
    session.connection().execute(
        update(PERSON).where(PERSON.c.id == bindparam("person_id"))
        .values(end_date=bindparam("last_day")),
        [{"person_id": ids[s], "last_day": day} for s, day in leavers.items()],
    )


def _person_values(person: Person, team_id: int) -> dict[str, Any]:
    return {
        "team_id": team_id, "staff_id": person.staff_id, "name": person.name,
        "start_date": person.start_date, "end_date": person.end_date,
    }


def _record_values(person_id: int, when: date | None, terms: Terms) -> dict[str, Any]:
    pattern = terms.pattern
    return {
        "person_id": person_id, "effective_from": when, "role": terms.role,
        "category": terms.category, "location": terms.location, "nation": terms.nation.value,
        "pattern": ",".join(map(str, pattern.seconds)), "cycle_start": pattern.cycle_start,
        "roster": pattern.roster, "bank_holidays_worked": terms.bank_holidays_worked,
    }


def _terms(row: Any) -> Terms:
    return _cached_terms(row.role, row.category, row.location, row.nation, row.pattern,
                         row.cycle_start, row.roster, row.bank_holidays_worked)


@lru_cache(maxsize=4096)
def _cached_terms(role: str, category: str | None, location: str, nation: str, pattern: str,
                  cycle_start: date | None, roster: bool, worked: bool) -> Terms:
    """Most records of an organisation repeat a few dozen combinations: each is read (and
    validated) once. Terms and patterns are frozen, so sharing them is safe."""
    working = WorkingPattern(tuple(int(s) for s in pattern.split(",")), cycle_start,
                             roster=roster)
    return Terms(role, category, location, Nation(nation), working, worked)


def _person(row: Any, records: list[Any]) -> Person:
    if not records:
        raise StorageError(f"person {row.staff_id} has no record in the database")
    *earlier, (since, current) = sorted(
        ((r.effective_from, _terms(r)) for r in records),
        key=lambda item: (item[0] is not None, item[0] or date.min))
    return Person.of_terms(row.staff_id, row.name, current, start_date=row.start_date,
                           end_date=row.end_date, since=since, earlier=tuple(earlier))


# --- rota -------------------------------------------------------------------------------------
def _month_length(month: date) -> int:
    following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return (following - month).days


def _write_cells(
    session: Session, person_ids: Mapping[str, int],
    changes: Iterable[tuple[str, date, Cell | Status]], *,
    month_table: Table = ROTA, site_table: Table = ROTA_SITE,
) -> None:
    """Apply cell changes month row by month row: insert, rewrite, or delete emptied rows;
    days at another site are kept beside them."""
    by_month: dict[tuple[int, int, int], list[tuple[int, int]]] = defaultdict(list)
    unknown: set[str] = set()
    sites: dict[tuple[int, date], tuple[str | None, str | None]] = {}
    for staff_id, day, value in changes:
        cell = value if isinstance(value, Cell) else Cell.whole(value)
        person_id = person_ids.get(staff_id)
        if person_id is None:
            unknown.add(staff_id)
            continue
        by_month[person_id, day.year, day.month].append((day.day - 1, cell.code))
        sites[person_id, day] = cell.sites
    if unknown:
        raise StorageError(f"staff id {', '.join(sorted(unknown)[:5])} is not in the team")
    if not by_month:
        return
    connection = session.connection()
    _write_sites(session, sites, site_table)
    months = {(year, month): date(year, month, 1) for _, year, month in by_month}
    stored = {
        (person_id, month.year, month.month): days
        for person_id, month, days in connection.execute(
            select(month_table.c.person_id, month_table.c.month, month_table.c.days).where(
                month_table.c.person_id.in_({p for p, _, _ in by_month}),
                month_table.c.month >= min(months.values()),
                month_table.c.month <= max(months.values()),
            )
        )
    }
    inserts, updates, deletes = [], [], []
    for key, cells in by_month.items():
        person_id, year, month_number = key
        month = months[year, month_number]
        old = stored.get(key)
        letters = list(old or _UNPLANNED * _month_length(month))
        for index, code in cells:
            letters[index] = ROTA_LETTERS[code]
        days = "".join(letters)
        where = {"p": person_id, "m": month}
        if days.strip(_UNPLANNED) == "":
            if old is not None:
                deletes.append(where)
        elif old is None:
            inserts.append({"person_id": person_id, "month": month, "days": days})
        elif days != old:
            updates.append({**where, "d": days})
    match = and_(month_table.c.person_id == bindparam("p"),
                 month_table.c.month == bindparam("m"))
    if inserts:
        connection.execute(insert(month_table), inserts)
    if updates:
        connection.execute(update(month_table).where(match).values(days=bindparam("d")),
                           updates)
    if deletes:
        connection.execute(delete(month_table).where(match), deletes)


def _write_sites(session: Session,
                 sites: Mapping[tuple[int, date], tuple[str | None, str | None]],
                 site_table: Table = ROTA_SITE) -> None:
    """Replace the other-site rows of the cells written (most cells have none)."""
    connection = session.connection()
    match = and_(site_table.c.person_id == bindparam("p"), site_table.c.day == bindparam("d"))
    elsewhere = [{"person_id": p, "day": d, "am_site": am, "pm_site": pm}
                 for (p, d), (am, pm) in sites.items() if am or pm]
    stored = connection.execute(select(func.count()).select_from(site_table).where(
        site_table.c.person_id.in_({p for p, _ in sites}))).scalar() if sites else 0
    if stored:
        connection.execute(delete(site_table).where(match),
                           [{"p": p, "d": d} for p, d in sites])
    if elsewhere:
        connection.execute(insert(site_table), elsewhere)


def _load_rota(
    session: Session, team_id: int, staff_ids: list[str], staff_by_id: Mapping[int, str], *,
    month_table: Table = ROTA, site_table: Table = ROTA_SITE,
    months: tuple[date, date] | None = None,
) -> Rota:
    """Decode every month row (of the months `months` spans, if given) into one matrix of
    cell codes with a few vectorised numpy steps, and add the days planned at another site."""
    # The month comes back as text and only the dozen distinct values are parsed: converting
    # 132,000 dates one by one would be a third of the time it takes to open a large team.
    month_query = select(
        month_table.c.person_id, cast(month_table.c.month, String), month_table.c.days
    ).join(PERSON, PERSON.c.id == month_table.c.person_id).where(PERSON.c.team_id == team_id)
    site_query = select(site_table).join(PERSON, PERSON.c.id == site_table.c.person_id).where(
        PERSON.c.team_id == team_id)
    if months is not None:
        month_query = month_query.where(month_table.c.month >= months[0],
                                        month_table.c.month <= months[1])
        site_query = site_query.where(site_table.c.day >= months[0],
                                      site_table.c.day <= months[1])
    rows = _plain_rows(session, month_query)
    sites = {
        (staff_by_id[r.person_id], r.day): (r.am_site, r.pm_site)
        for r in session.connection().execute(site_query)
    }
    return rota_from_rows(rows, sites, staff_ids, staff_by_id)


def _plain_rows(session: Session, query: Select[Any]) -> list[tuple[Any, ...]]:
    """The rows of `query` as the driver's own tuples: for the columns of plain types (ints,
    text) that SQLAlchemy would not convert anyway, skipping its Row objects, which were a
    third of reading 132,000 month rows."""
    result = session.connection().execute(query)
    try:
        return list(result.cursor.fetchall())
    finally:
        result.close()


def _weekday_mask(weekdays: Iterable[int]) -> int:
    return sum(1 << d for d in set(weekdays))


def _adjustment_values(adjustment: Adjustment, person_id: int) -> dict[str, Any]:
    _within_limits(f"the arrangement of {adjustment.staff_id} from {adjustment.start}",
                   limits.adjustment_breaches(adjustment))
    share = adjustment.share
    return {
        "person_id": person_id, "kind": adjustment.kind.value, "start": adjustment.start,
        "end": adjustment.end, "review_date": adjustment.review_date,
        "share_numerator": share.numerator if share is not None else None,
        "share_denominator": share.denominator if share is not None else None,
        "weekdays": _weekday_mask(adjustment.weekdays), "reference": adjustment.reference,
        "approver": adjustment.approver, "home_days": adjustment.home_days,
    }


def _adjustment(row: Any, staff_id: str) -> Adjustment:
    share = None
    if row.share_numerator is not None:
        share = Fraction(row.share_numerator, row.share_denominator)
    return Adjustment(
        staff_id=staff_id, kind=AdjustmentKind(row.kind), start=row.start, end=row.end,
        review_date=row.review_date, share=share, weekdays=weekdays_of(row.weekdays),
        reference=row.reference, approver=row.approver, home_days=row.home_days,
    )


# --- policy -----------------------------------------------------------------------------------
def _write_policy(session: Session, team_id: int, policy: Policy) -> None:
    _within_limits("the policy", [limits.describe_policy_breach(b)
                                  for b in limits.policy_breaches(policy)])
    connection = session.connection()
    connection.execute(insert(POLICY).values(
        team_id=team_id, period=policy.period.value, effective_from=policy.effective_from,
        training_counts_as_office=policy.training_counts_as_office,
        default_nation=policy.default_nation.value, measure=policy.measure.value,
        round_to_numerator=policy.round_to.numerator,
        round_to_denominator=policy.round_to.denominator,
        rolling_weeks=policy.rolling_weeks,
        business_counts_as_office=policy.business_counts_as_office,
        full_time_seconds=policy.full_time_seconds,
    ))
    batches: list[tuple[Table, list[dict[str, Any]]]] = [
        (RULE, [
            {"team_id": team_id, "position": i, "share_numerator": r.share.numerator,
             "share_denominator": r.share.denominator, "category": r.category,
             "location": r.location, "starts": r.starts, "ends": r.ends}
            for i, r in enumerate(policy.rules)
        ]),
        (LOCATION, [
            {"team_id": team_id, "position": i, "name": p.name, "capacity": p.capacity,
             "short": p.short}
            for i, p in enumerate(policy.locations)
        ]),
        (ANCHOR, [
            {"team_id": team_id, "position": i, "weekdays": _weekday_mask(a.weekdays),
             "category": a.category, "location": a.location, "role": a.role}
            for i, a in enumerate(policy.anchors)
        ]),
        (COVERAGE, [
            {"team_id": team_id, "position": i, "role": c.role,
             "min_in_office": c.min_in_office, "weekdays": _weekday_mask(c.weekdays)}
            for i, c in enumerate(policy.coverage)
        ]),
        (ROLE_MAP, [
            {"team_id": team_id, "title": title, "category": category}
            for title, category in policy.role_map.items()
        ]),
        (POLICY_DAY, [
            {"team_id": team_id, "day": day, "kind": kind}
            for kind, days in ((_CLOSURE, policy.closures),
                               (_WORKED_HOLIDAY, policy.working_bank_holidays))
            for day in sorted(days)
        ]),
    ]
    for table, rows in batches:
        if rows:
            connection.execute(insert(table), rows)


def _read_policy(session: Session, team_id: int) -> Policy:
    return _read_policies(session, [team_id])[team_id]


def _read_policies(session: Session, team_ids: Sequence[int] | None = None) -> dict[int, Policy]:
    """The policies of `team_ids` (None: every team the login may read), in one query per
    table however many teams there are."""
    connection = session.connection()

    def grouped(table: Table) -> dict[int, list[Any]]:
        query = select(table)
        if team_ids is not None:
            query = query.where(table.c.team_id.in_(team_ids))
        if "position" in table.c:
            query = query.order_by(table.c.team_id, table.c.position)
        found: dict[int, list[Any]] = defaultdict(list)
        for row in connection.execute(query).all():
            found[row.team_id].append(row)
        return found

    rules, places, cover = grouped(RULE), grouped(LOCATION), grouped(COVERAGE)
    roles, calendar, anchors = grouped(ROLE_MAP), grouped(POLICY_DAY), grouped(ANCHOR)
    policies = {}
    # Teams of an organisation share a few policies: each distinct one is built (and
    # validated) once, and teams with the same policy share the object.
    built: dict[tuple[Any, ...], Policy] = {}
    for team_id, (settings,) in grouped(POLICY).items():
        days = calendar.get(team_id, [])
        parts = (
            tuple(Rule(Fraction(r.share_numerator, r.share_denominator), category=r.category,
                       location=r.location, starts=r.starts, ends=r.ends)
                  for r in rules.get(team_id, [])),
            tuple(Location(r.name, r.capacity, r.short) for r in places.get(team_id, [])),
            tuple(CoverageRule(r.role, r.min_in_office, weekdays_of(r.weekdays))
                  for r in cover.get(team_id, [])),
            tuple((r.title, r.category) for r in roles.get(team_id, [])),
            frozenset(r.day for r in days if r.kind == _CLOSURE),
            frozenset(r.day for r in days if r.kind == _WORKED_HOLIDAY),
            tuple(Anchor(weekdays_of(r.weekdays), r.category, r.location, r.role)
                  for r in anchors.get(team_id, [])),
        )
        key = (*parts, *(value for name, value in settings._mapping.items()
                         if name != "team_id"))
        policy = built.get(key)
        if policy is None:
            (rule_list, locations, coverage, role_map, closures, worked, anchor_list) = parts
            policy = built[key] = Policy(
                rules=rule_list,
                period=PeriodKind(settings.period),
                effective_from=settings.effective_from,
                training_counts_as_office=settings.training_counts_as_office,
                default_nation=Nation(settings.default_nation),
                locations=locations,
                coverage=coverage,
                role_map=dict(role_map),
                closures=closures,
                working_bank_holidays=worked,
                measure=Measure(settings.measure),
                round_to=Fraction(settings.round_to_numerator, settings.round_to_denominator),
                rolling_weeks=settings.rolling_weeks,
                business_counts_as_office=settings.business_counts_as_office,
                full_time_seconds=settings.full_time_seconds,
                anchors=anchor_list,
            )
        policies[team_id] = policy
    return policies
