"""The database tables.

Everything a team owns hangs off `team.id` with `ON DELETE CASCADE`, so a team is deleted in one
statement. Shares are stored as exact fractions (numerator and denominator), never floats, so
"60%" reads back as exactly 3/5. The rota is stored one row per person per calendar month, with
one status letter per day: a year for 11,000 people is 132,000 rows instead of millions, which
is what keeps opening a large organisation to about a second.

These models describe the schema at the newest migration; `deskplan/storage/migrations` holds
how each earlier schema becomes this one, and a test checks that the two agree.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Index, UniqueConstraint, true
from sqlmodel import Field, SQLModel


def _stored(default: Any) -> dict[str, Any]:
    """The database's own default of a column a migration added to tables that had rows: a
    new database made from these models (`db.create_sqlite`) has the same columns as one the
    migrations built."""
    return {"server_default": default}


class TeamRow(SQLModel, table=True):
    """A team; `version` goes up by one on every save (optimistic locking)."""

    __tablename__ = "team"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    version: int = Field(default=1)
    updated_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )


class PolicyRow(SQLModel, table=True):
    """The scalar settings of a team's policy; rules, places, cover and roles have own tables."""

    __tablename__ = "policy"

    team_id: int = Field(foreign_key="team.id", primary_key=True, ondelete="CASCADE")
    period: str = Field(max_length=10)
    effective_from: date | None = None
    training_counts_as_office: bool = True
    default_nation: str = Field(max_length=20)
    measure: str = Field(default="hours", max_length=10, sa_column_kwargs=_stored("hours"))
    round_to_numerator: int = Field(default=1, sa_column_kwargs=_stored("1"))
    round_to_denominator: int = Field(default=1, sa_column_kwargs=_stored("1"))
    rolling_weeks: int | None = None
    business_counts_as_office: bool = Field(default=True, sa_column_kwargs=_stored(true()))
    full_time_seconds: int = Field(default=135_000, sa_column_kwargs=_stored("135000"))


class RuleRow(SQLModel, table=True):
    __tablename__ = "policy_rule"

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True, ondelete="CASCADE")
    position: int
    share_numerator: int
    share_denominator: int
    category: str | None = Field(default=None, max_length=200)
    location: str | None = Field(default=None, max_length=200)
    starts: date | None = None
    ends: date | None = None


class LocationRow(SQLModel, table=True):
    __tablename__ = "location"

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True, ondelete="CASCADE")
    position: int
    name: str = Field(max_length=200)
    capacity: int | None = None
    short: str = Field(default="", max_length=20, sa_column_kwargs=_stored(""))


class CoverageRow(SQLModel, table=True):
    __tablename__ = "coverage_rule"

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True, ondelete="CASCADE")
    position: int
    role: str = Field(max_length=200)
    min_in_office: int
    weekdays: int  # bit d set = weekday d (Monday 0)


class AnchorRow(SQLModel, table=True):
    """Team days: who (category, location, role; empty matches all) is expected in when."""

    __tablename__ = "policy_anchor"

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True, ondelete="CASCADE")
    position: int
    weekdays: int  # bit d set = weekday d (Monday 0)
    category: str | None = Field(default=None, max_length=200)
    location: str | None = Field(default=None, max_length=200)
    role: str | None = Field(default=None, max_length=200)


class RoleMapRow(SQLModel, table=True):
    """One job title → policy category entry of a team's role map."""

    __tablename__ = "role_category"

    team_id: int = Field(foreign_key="team.id", primary_key=True, ondelete="CASCADE")
    title: str = Field(max_length=200, primary_key=True)
    category: str = Field(max_length=200)


class PolicyDayRow(SQLModel, table=True):
    """A day of the organisation's own calendar: a closure, or a bank holiday it works."""

    __tablename__ = "policy_day"

    team_id: int = Field(foreign_key="team.id", primary_key=True, ondelete="CASCADE")
    day: date = Field(primary_key=True)
    kind: str = Field(max_length=20)  # "closure" or "worked-holiday"


class PersonRow(SQLModel, table=True):
    """A member of a team; leavers keep their row (with `end_date`) so history stays whole.
    What their contract says lives in `person_record`, one row per change."""

    __tablename__ = "person"
    __table_args__ = (UniqueConstraint("team_id", "staff_id", name="uq_person_team_staff"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True, ondelete="CASCADE")
    staff_id: str = Field(max_length=100)
    name: str = Field(max_length=300)
    start_date: date | None = None
    end_date: date | None = None


class PersonRecordRow(SQLModel, table=True):
    """A person's record from a date (`effective_from` empty: from the start): role, category,
    base site, nation, working pattern. Contracts change on dates and each day is judged by
    the record in force, so a change never rewrites the past."""

    __tablename__ = "person_record"
    __table_args__ = (UniqueConstraint("person_id", "effective_from",
                                       name="uq_person_record_from"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    effective_from: date | None = None
    role: str = Field(default="", max_length=200)
    category: str | None = Field(default=None, max_length=200)
    location: str = Field(default="", max_length=200)
    nation: str = Field(max_length=20)
    #: The cycle's day lengths in seconds, comma-separated: 7 (one week, Monday first), 7 × k
    #: (k weeks from `cycle_start`, a Monday) or any number for a roster.
    pattern: str = Field(max_length=600)
    cycle_start: date | None = None
    roster: bool = False
    bank_holidays_worked: bool = False


class RotaMonthRow(SQLModel, table=True):
    """One person's statuses for one calendar month: letter i is day i + 1 (see
    `stored_rota.ROTA_LETTERS`)."""

    __tablename__ = "rota_month"

    person_id: int = Field(foreign_key="person.id", primary_key=True, ondelete="CASCADE")
    month: date = Field(primary_key=True)  # always the first of the month
    days: str = Field(max_length=31)


class RotaSiteRow(SQLModel, table=True):
    """An office day (or half) planned at a site other than the person's base."""

    __tablename__ = "rota_site"

    person_id: int = Field(foreign_key="person.id", primary_key=True, ondelete="CASCADE")
    day: date = Field(primary_key=True)
    am_site: str | None = Field(default=None, max_length=200)
    pm_site: str | None = Field(default=None, max_length=200)


class RotaLockRow(SQLModel, table=True):
    """A day the manager locked: Plan… and Suggest a fix keep it exactly as it is."""

    __tablename__ = "rota_lock"

    person_id: int = Field(foreign_key="person.id", primary_key=True, ondelete="CASCADE")
    day: date = Field(primary_key=True)


class ActualMonthRow(SQLModel, table=True):
    """What actually happened, one person and calendar month per row, beside the plan (never
    in it): letter i is day i + 1, as in `rota_month`; `.` is *not recorded*."""

    __tablename__ = "actual_month"

    person_id: int = Field(foreign_key="person.id", primary_key=True, ondelete="CASCADE")
    month: date = Field(primary_key=True)  # always the first of the month
    days: str = Field(max_length=31)


class ActualSiteRow(SQLModel, table=True):
    """A day attended (or half) at a site other than the person's base."""

    __tablename__ = "actual_site"

    person_id: int = Field(foreign_key="person.id", primary_key=True, ondelete="CASCADE")
    day: date = Field(primary_key=True)
    am_site: str | None = Field(default=None, max_length=200)
    pm_site: str | None = Field(default=None, max_length=200)


class PreferenceRow(SQLModel, table=True):
    """A person's standing preferences for the planner (soft): weekday bit masks, bit d set
    = weekday d (Monday 0). No row: no preference."""

    __tablename__ = "person_preference"

    person_id: int = Field(foreign_key="person.id", primary_key=True, ondelete="CASCADE")
    office_days: int = Field(default=0, sa_column_kwargs=_stored("0"))
    home_days: int = Field(default=0, sa_column_kwargs=_stored("0"))
    unavailable_days: int = Field(default=0, sa_column_kwargs=_stored("0"))


class AdjustmentRow(SQLModel, table=True):
    """An arrangement: kind, dates, share, weekdays, reference, approver — never the reason."""

    __tablename__ = "adjustment"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=30)
    start: date
    end: date | None = None
    review_date: date | None = None
    share_numerator: int | None = None
    share_denominator: int | None = None
    weekdays: int = 0  # bit d set = weekday d (Monday 0)
    reference: str = Field(default="", max_length=100)
    approver: str = Field(default="", max_length=200, sa_column_kwargs=_stored(""))
    home_days: int | None = None


# --- the organisation: who may see what, and the record of every change --------------------
class TeamManagerRow(SQLModel, table=True):
    """A database login that manages a team (reads and writes it) on a shared server.

    Row-level security policies read this table; it is written by `deskplan admin` only.
    """

    __tablename__ = "team_manager"

    login: str = Field(max_length=200, primary_key=True)
    team_id: int = Field(foreign_key="team.id", primary_key=True, ondelete="CASCADE")


class SettingRow(SQLModel, table=True):
    """Settings of the whole database: the role names in force, how long arrangements are kept."""

    __tablename__ = "setting"

    key: str = Field(max_length=50, primary_key=True)
    value: str = Field(max_length=200)


class AuditRow(SQLModel, table=True):
    """One change to one row, written by a database trigger (never by the app, so it cannot be
    skipped): who, when, which table and row, and the row before and after.

    `team_id` and `person_id` are copied, not foreign keys: the record outlives what it is about.
    `row_key` is the row's key without its team or person (a rota row's month, an
    arrangement's id); `login` is empty on SQLite, which has no logins.
    """

    __tablename__ = "audit"
    __table_args__ = (Index("ix_audit_team_table_key", "team_id", "table_name", "row_key"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    login: str = Field(default="", max_length=200)
    team_id: int | None = Field(default=None)
    person_id: int | None = Field(default=None, index=True)
    table_name: str = Field(max_length=50)
    row_key: str = Field(default="", max_length=200)
    action: str = Field(max_length=10)  # insert, update, delete, purge
    old_values: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    new_values: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
