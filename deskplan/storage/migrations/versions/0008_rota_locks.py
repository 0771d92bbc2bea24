"""Locked days: a (person, day) the manager locked in the grid, which Plan… and Suggest a fix
keep exactly as they are. `rota_lock` hangs off `person` with `ON DELETE CASCADE`, and
`security.TEAM_OWNED` puts it under row-level security and the audit triggers like every team
table. Nothing existing changes: a database upgraded has no locked day.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rota_lock",
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("person.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("day", sa.Date(), primary_key=True),
    )


def downgrade() -> None:
    op.drop_table("rota_lock")
