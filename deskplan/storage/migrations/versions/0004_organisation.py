"""The organisation on one database: team managers, database-wide settings and the audit trail.

`team_manager` says which login manages which team (row-level security reads it on
PostgreSQL); `setting` holds the role names `deskplan admin init` created and the retention
period; `audit` is filled by triggers that `deskplan.storage.security` installs after every
upgrade (on SQLite too, without logins). Nothing existing changes.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "team_manager",
        sa.Column("login", sa.String(200), primary_key=True),
        sa.Column("team_id", sa.Integer(), sa.ForeignKey("team.id", ondelete="CASCADE"),
                  primary_key=True),
    )
    op.create_table(
        "setting",
        sa.Column("key", sa.String(50), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
    )
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("login", sa.String(200), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("table_name", sa.String(50), nullable=False),
        sa.Column("row_key", sa.String(200), nullable=False),
        sa.Column("action", sa.String(10), nullable=False),
        sa.Column("old_values", sa.JSON(), nullable=True),
        sa.Column("new_values", sa.JSON(), nullable=True),
    )
    op.create_index("ix_audit_person_id", "audit", ["person_id"])
    op.create_index("ix_audit_team_table_key", "audit", ["team_id", "table_name", "row_key"])


def downgrade() -> None:
    op.drop_table("audit")
    op.drop_table("setting")
    op.drop_table("team_manager")
