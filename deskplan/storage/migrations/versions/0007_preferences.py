"""Standing preferences per person, for the planner: usual office days, days they prefer at
home, days they cannot come in (weekday bit masks). `security.TEAM_OWNED` puts the table under
row-level security and the audit triggers like every team table. Nothing existing changes.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "person_preference",
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("person.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("office_days", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("home_days", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("unavailable_days", sa.Integer(), nullable=False, server_default="0"),
    )


def downgrade() -> None:
    op.drop_table("person_preference")
