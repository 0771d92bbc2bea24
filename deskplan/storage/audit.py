"""Reading the record the database keeps, and purging arrangements once their time is up.

The `audit` table is written by triggers (see `security.py`), never by these functions, except
for the one line a purge leaves to say that it ran. What a reader gets is what row security
lets them read: a manager their teams' changes, HR every team's changes except arrangements
unless granted.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import delete, insert, select, text
from sqlmodel import Session, SQLModel

from deskplan.domain.calendar import describe_day
from deskplan.domain.model import VALID_CELL_CODES, AdjustmentKind, Cell
from deskplan.storage import organisation
from deskplan.storage.errors import StorageError
from deskplan.storage.models import AuditRow, PersonRow, SettingRow, TeamRow
from deskplan.storage.security import arrangement_tables
from deskplan.storage.stored_rota import ROTA_LETTERS

AUDIT = AuditRow.__table__  # type: ignore[attr-defined]
PERSON = PersonRow.__table__  # type: ignore[attr-defined]
TEAM = TeamRow.__table__  # type: ignore[attr-defined]
SETTING = SettingRow.__table__  # type: ignore[attr-defined]

RETENTION_KEY = "retention_years"
#: UK practice for records of reasonable adjustments: six years after they end.
DEFAULT_RETENTION_YEARS = 6
MAX_RETENTION_YEARS = 100

_PERSON_FIELDS = {"name": "name", "start_date": "start date", "end_date": "last day"}
#: A person's record from a date (`person_record`): what their contract says.
_RECORD_FIELDS = {
    "role": "job title", "category": "category", "location": "location",
    "nation": "bank holidays", "pattern": "working pattern", "cycle_start": "cycle start",
    "roster": "roster", "bank_holidays_worked": "works bank holidays",
}
_ARRANGEMENT_FIELDS = {
    "kind": "kind", "start": "start", "end": "end", "review_date": "review date",
    "share_numerator": "share", "weekdays": "weekdays", "reference": "reference",
    "approver": "approver",
}


def _as_utc(moment: datetime) -> datetime:
    """SQLite gives the trigger's UTC time back without a zone; PostgreSQL with one."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


@dataclass(frozen=True)
class Change:
    """One recorded change, worded for people: `changed from Office to Home`."""

    at: datetime
    login: str
    what: str
    staff_id: str | None = None
    day: date | None = None

    def sentence(self, today: date | None = None) -> str:
        """`changed from Office to Home by j.smith on 3 Feb 09:14` (local time; the year is
        given when it is not this one; no "by" on SQLite, which records no login)."""
        local = self.at.astimezone()
        today = today or date.today()
        when = f"{local.day} {local:%b}" + (f" {local.year}" if local.year != today.year else "")
        who = f" by {self.login}" if self.login else ""
        return f"{self.what}{who} on {when} {local:%H:%M}"


def _status_label(letter: str) -> str:
    """A stored rota letter in words: `Office`, `Leave (am) · Office (pm)`."""
    index = ROTA_LETTERS.find(letter)
    if index <= 0 or index not in VALID_CELL_CODES:
        return "not planned"
    return Cell.from_code(index).label()


def _value(value: Any) -> str:
    return "–" if value in (None, "") else str(value)


def _rota_changes(row: Any, staff_id: str | None, only_day: date | None) -> list[Change]:
    """Each day a rota row's change touched; for actuals (`actual_month`), worded as what was
    recorded as happening."""
    old = (row.old_values or {}).get("days") or ""
    new = (row.new_values or {}).get("days") or ""
    month = date.fromisoformat(str((row.new_values or row.old_values)["month"])[:10])
    width = max(len(old), len(new))
    old, new = old.ljust(width, "."), new.ljust(width, ".")
    found = []
    for index, (before, after) in enumerate(zip(old, new, strict=True)):
        day = month.replace(day=index + 1)
        if before == after or (only_day is not None and day != only_day):
            continue
        what = f"changed from {_status_label(before)} to {_status_label(after)}"
        if row.table_name == "actual_month":
            what = f"recorded as happened: {_status_label(after)} (was {_status_label(before)})"
        found.append(Change(_as_utc(row.at), row.login, what, staff_id, day))
    return found


def _field_changes(old: dict[str, Any], new: dict[str, Any], names: dict[str, str]) -> str:
    return "; ".join(f"{label} from {_value(old.get(key))} to {_value(new.get(key))}"
                     for key, label in names.items() if str(old.get(key)) != str(new.get(key)))


def _arrangement_name(values: dict[str, Any]) -> str:
    if values.get("reference"):
        return f"arrangement {values['reference']}"
    try:
        return f"{AdjustmentKind(str(values.get('kind'))).label} arrangement"
    except ValueError:
        return "an arrangement"


def _describe(row: Any, staff_id: str | None) -> Change | None:
    old, new = row.old_values or {}, row.new_values or {}
    if row.table_name == "person":
        what = {"insert": "added to the team", "delete": "removed from the team"}.get(
            row.action) or f"changed {_field_changes(old, new, _PERSON_FIELDS)}"
    elif row.table_name == "person_record":
        when = (new or old).get("effective_from")
        since = f" from {str(when)[:10]}" if when else ""
        if row.action == "insert" and not when:
            return None  # a person's first record comes with "added to the team"
        if row.action == "insert":
            what = f"contract change{since}: " + _field_changes({}, new, _RECORD_FIELDS)
        elif row.action == "delete":
            what = f"contract change{since} removed"
        else:
            what = f"changed {_field_changes(old, new, _RECORD_FIELDS)}{since}"
    elif row.table_name == "rota_lock":
        return _lock_change(row, staff_id)
    elif row.table_name in arrangement_tables():
        name = _arrangement_name(new or old)
        what = {"insert": f"{name} recorded", "delete": f"{name} removed"}.get(row.action) or \
            f"{name} changed: {_field_changes(old, new, _ARRANGEMENT_FIELDS)}"
    else:
        return None
    return Change(_as_utc(row.at), row.login, what, staff_id)


def _lock_change(row: Any, staff_id: str | None) -> Change | None:
    """A day locked in the grid (Plan… and Suggest a fix keep it), or unlocked."""
    values = row.new_values or row.old_values or {}
    if row.action not in ("insert", "delete") or not values.get("day"):
        return None
    day = date.fromisoformat(str(values["day"])[:10])
    what = "locked (Plan… keeps the day as it is)" if row.action == "insert" else "unlocked"
    return Change(_as_utc(row.at), row.login, what, staff_id, day)


def _staff_ids(session: Session, team_id: int) -> dict[int, str]:
    return dict(session.connection().execute(
        select(PERSON.c.id, PERSON.c.staff_id).where(PERSON.c.team_id == team_id)).all())


def person_history(session: Session, *, team_id: int, staff_id: str) -> list[Change]:
    """Every recorded change to one person: their details, their days and (where the reader
    may see them) their arrangements; oldest first."""
    person_id = session.connection().execute(
        select(PERSON.c.id).where(PERSON.c.team_id == team_id, PERSON.c.staff_id == staff_id)
    ).scalar()
    if person_id is None:
        raise StorageError(f"staff id {staff_id} is not in the team")
    found: list[Change] = []
    for row in session.connection().execute(
            select(AUDIT).where(AUDIT.c.person_id == person_id).order_by(AUDIT.c.id)):
        if row.table_name in ("rota_month", "actual_month"):
            found += _rota_changes(row, staff_id, None)
        elif (change := _describe(row, staff_id)) is not None:
            found.append(change)
    return found


def day_history(session: Session, *, team_id: int, day: date) -> list[Change]:
    """Every recorded change to anyone's status on `day` in the team; oldest first."""
    staff = _staff_ids(session, team_id)
    found: list[Change] = []
    for row in session.connection().execute(
            select(AUDIT).where(AUDIT.c.team_id == team_id, AUDIT.c.table_name == "rota_month",
                                AUDIT.c.row_key == day.replace(day=1).isoformat())
            .order_by(AUDIT.c.id)):
        found += _rota_changes(row, staff.get(row.person_id), day)
    for row in session.connection().execute(
            select(AUDIT).where(AUDIT.c.team_id == team_id, AUDIT.c.table_name == "rota_lock")
            .order_by(AUDIT.c.id)):
        change = _lock_change(row, staff.get(row.person_id))
        if change is not None and change.day == day:
            found.append(change)
    found.sort(key=lambda c: c.at)
    return found


# --- retention --------------------------------------------------------------------------------
def retention_years(session: Session) -> int:
    stored = session.connection().execute(
        select(SETTING.c.value).where(SETTING.c.key == RETENTION_KEY)).scalar()
    return int(stored) if stored else DEFAULT_RETENTION_YEARS


def set_retention_years(session: Session, *, years: int) -> None:
    if not 1 <= years <= MAX_RETENTION_YEARS:
        raise StorageError(f"keep arrangements for 1 to {MAX_RETENTION_YEARS} years after "
                           f"they end, not {years}")
    connection = session.connection()
    connection.execute(delete(SETTING).where(SETTING.c.key == RETENTION_KEY))
    connection.execute(insert(SETTING).values(key=RETENTION_KEY, value=str(years)))


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@dataclass(frozen=True)
class PurgedArrangement:
    team: str
    staff_id: str
    kind: str
    end: date


@dataclass
class Purge:
    """What a purge removes (or, on a dry run, would remove)."""

    cutoff: date
    years: int
    arrangements: list[PurgedArrangement] = field(default_factory=list)
    #: Audit rows about arrangements that ended (or were deleted) before the cutoff.
    records: int = 0
    done: bool = False


def _end(values: dict[str, Any] | None) -> date | None:
    text_value = (values or {}).get("end")
    return date.fromisoformat(str(text_value)[:10]) if text_value else None


def purge(session: Session, *, today: date, years: int | None = None,
          dry_run: bool = False) -> Purge:
    """Remove arrangements that ended more than `years` (default: the stored retention) before
    `today`, and every audit record of them; nothing else. A deleted arrangement ended on the
    day it was deleted, if not before. One audit line without details records the purge."""
    who = organisation.access(session)
    if who.organisation and not who.admin:
        raise StorageError(f"{who.login} may not purge: only a deskplan administrator can "
                           "(it deletes records of every team)")
    years = retention_years(session) if years is None else years
    result = Purge(cutoff=years_before(today, years), years=years)
    connection = session.connection()
    tables = arrangement_tables()
    ended = connection.execute(text(
        'SELECT a.id, t.name, p.staff_id, a.kind, a."end" FROM adjustment a '
        "JOIN person p ON p.id = a.person_id JOIN team t ON t.id = p.team_id "
        'WHERE a."end" < :cutoff ORDER BY t.name, p.staff_id, a."end"'),
        {"cutoff": result.cutoff}).all()
    result.arrangements = [PurgedArrangement(r[1], r[2], r[3], _parse_date(r[4])) for r in ended]
    living = {str(i) for i in connection.execute(text("SELECT id FROM adjustment")).scalars()}
    gone_keys = {str(r[0]) for r in ended}
    history: dict[str, list[Any]] = defaultdict(list)
    for row in connection.execute(select(AUDIT).where(AUDIT.c.table_name.in_(tables))
                                  .order_by(AUDIT.c.id)):
        history[row.row_key].append(row)
    for key, rows in history.items():
        if key in living and key not in gone_keys:
            continue
        if key not in gone_keys:
            last = rows[-1]
            deleted_on = _as_utc(last.at).date()
            end = _end(last.old_values if last.action == "delete" else last.new_values)
            if min(end or deleted_on, deleted_on) >= result.cutoff:
                continue
        gone_keys.add(key)
        result.records += len(rows)
    if dry_run or not gone_keys:
        return result
    ids = [int(k) for k in gone_keys if k.isdigit()]
    for table in tables:
        holding = SQLModel.metadata.tables[table]
        connection.execute(delete(holding).where(holding.c.id.in_(ids)))
    # The deletes just wrote their own audit rows (with the old values): those go too.
    connection.execute(delete(AUDIT).where(AUDIT.c.table_name.in_(tables),
                                           AUDIT.c.row_key.in_(sorted(gone_keys))))
    login = connection.execute(text("SELECT current_user")).scalar() \
        if connection.dialect.name == "postgresql" else ""
    connection.execute(insert(AUDIT).values(
        at=datetime.now(UTC), login=login, team_id=None, person_id=None, table_name="adjustment",
        row_key="", action="purge", old_values=None,
        new_values={"arrangements": len(result.arrangements), "records": result.records,
                    "ended_before": result.cutoff.isoformat()}))
    result.done = True
    return result


def _parse_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def describe_purge(result: Purge) -> str:
    verb = "Removed" if result.done else "Would remove"
    lines = [f"{verb} {len(result.arrangements)} arrangement"
             f"{'s' if len(result.arrangements) != 1 else ''} that ended before "
             f"{describe_day(result.cutoff)} (kept {result.years} years) and "
             f"{result.records} audit record{'s' if result.records != 1 else ''} of "
             "arrangements."]
    lines += [f"  {a.team}: {a.staff_id}, {a.kind}, ended {describe_day(a.end)}"
              for a in result.arrangements]
    return "\n".join(lines)
