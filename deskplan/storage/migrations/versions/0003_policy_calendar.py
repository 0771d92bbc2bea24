"""The organisation's own calendar: closure days and bank holidays it works.

Organisations close on days that are not bank holidays (Christmas Eve, say) and some do not
observe every bank holiday; both change who has a working day. Existing policies get neither.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "policy_day",
        sa.Column("team_id", sa.Integer(), sa.ForeignKey("team.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("policy_day")
