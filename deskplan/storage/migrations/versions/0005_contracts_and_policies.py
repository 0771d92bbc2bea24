"""Working time as contracts have it, and policies as employers write them.

People: what a contract says (role, category, site, nation, pattern) moves from `person` to
`person_record`, one row per change from a date; every existing person gets their current
values as their first record, in force from the start, so every verdict reads as before.
Patterns may be cycles of weeks or rosters (`cycle_start`, `roster`) and may work bank
holidays. Rota: days planned at another site (`rota_site`); half days need no new column (the
month string has a character per split day). Policies gain the measure (hours or days) and
rounding, rolling windows, business elsewhere, the full-time week, dated rules, short site
names and anchor days; arrangements a number of home days a week. Defaults keep today's
meaning: hours, weekly or monthly as stored, business counted as office, 37.5 hours.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_MOVED = ("role", "category", "location", "nation", "pattern")


def upgrade() -> None:
    op.create_table(
        "person_record",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("person.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=True),
        sa.Column("role", sa.String(200), nullable=False),
        sa.Column("category", sa.String(200), nullable=True),
        sa.Column("location", sa.String(200), nullable=False),
        sa.Column("nation", sa.String(20), nullable=False),
        sa.Column("pattern", sa.String(600), nullable=False),
        sa.Column("cycle_start", sa.Date(), nullable=True),
        sa.Column("roster", sa.Boolean(), nullable=False),
        sa.Column("bank_holidays_worked", sa.Boolean(), nullable=False),
        sa.UniqueConstraint("person_id", "effective_from", name="uq_person_record_from"),
    )
    op.create_index("ix_person_record_person_id", "person_record", ["person_id"])
    op.execute(
        "INSERT INTO person_record (person_id, effective_from, role, category, location, "
        "nation, pattern, cycle_start, roster, bank_holidays_worked) "
        "SELECT id, NULL, role, category, location, nation, pattern, NULL, FALSE, FALSE "
        "FROM person"
    )
    with op.batch_alter_table("person") as batch:
        for column in _MOVED:
            batch.drop_column(column)

    op.create_table(
        "rota_site",
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("person.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("am_site", sa.String(200), nullable=True),
        sa.Column("pm_site", sa.String(200), nullable=True),
    )
    op.create_table(
        "policy_anchor",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("team_id", sa.Integer(), sa.ForeignKey("team.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("weekdays", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(200), nullable=True),
        sa.Column("location", sa.String(200), nullable=True),
        sa.Column("role", sa.String(200), nullable=True),
    )
    op.create_index("ix_policy_anchor_team_id", "policy_anchor", ["team_id"])
    with op.batch_alter_table("policy") as batch:
        batch.add_column(sa.Column("measure", sa.String(10), nullable=False,
                                   server_default="hours"))
        batch.add_column(sa.Column("round_to_numerator", sa.Integer(), nullable=False,
                                   server_default="1"))
        batch.add_column(sa.Column("round_to_denominator", sa.Integer(), nullable=False,
                                   server_default="1"))
        batch.add_column(sa.Column("rolling_weeks", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("business_counts_as_office", sa.Boolean(), nullable=False,
                                   server_default=sa.true()))
        batch.add_column(sa.Column("full_time_seconds", sa.Integer(), nullable=False,
                                   server_default="135000"))
    with op.batch_alter_table("policy_rule") as batch:
        batch.add_column(sa.Column("starts", sa.Date(), nullable=True))
        batch.add_column(sa.Column("ends", sa.Date(), nullable=True))
    with op.batch_alter_table("location") as batch:
        batch.add_column(sa.Column("short", sa.String(20), nullable=False, server_default=""))
    with op.batch_alter_table("adjustment") as batch:
        batch.add_column(sa.Column("home_days", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("adjustment") as batch:
        batch.drop_column("home_days")
    with op.batch_alter_table("location") as batch:
        batch.drop_column("short")
    with op.batch_alter_table("policy_rule") as batch:
        batch.drop_column("ends")
        batch.drop_column("starts")
    with op.batch_alter_table("policy") as batch:
        for column in ("full_time_seconds", "business_counts_as_office", "rolling_weeks",
                       "round_to_denominator", "round_to_numerator", "measure"):
            batch.drop_column(column)
    op.drop_table("policy_anchor")
    op.drop_table("rota_site")
    with op.batch_alter_table("person") as batch:
        batch.add_column(sa.Column("role", sa.String(200), nullable=False, server_default=""))
        batch.add_column(sa.Column("category", sa.String(200), nullable=True))
        batch.add_column(sa.Column("location", sa.String(200), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("nation", sa.String(20), nullable=False,
                                   server_default="england"))
        batch.add_column(sa.Column("pattern", sa.String(100), nullable=False,
                                   server_default="27000,27000,27000,27000,27000,0,0"))
    # The current record of each person goes back into `person`; later changes are lost.
    op.execute(
        "UPDATE person SET role = r.role, category = r.category, location = r.location, "
        "nation = r.nation, pattern = r.pattern FROM person_record r WHERE r.person_id = "
        "person.id AND r.effective_from IS NULL"
    )
    op.drop_table("person_record")
