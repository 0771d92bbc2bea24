"""Who approved each arrangement, and when each team was last saved.

The approver is part of the record the EHRC guidance asks for; `team.updated_at` lets the
planner say "saved 10:42 by …" and is the first step of the audit trail. Existing arrangements
get an empty approver, existing teams no time.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("adjustment") as batch:
        batch.add_column(
            sa.Column("approver", sa.String(200), nullable=False, server_default="")
        )
    with op.batch_alter_table("team") as batch:
        batch.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("team") as batch:
        batch.drop_column("updated_at")
    with op.batch_alter_table("adjustment") as batch:
        batch.drop_column("approver")
