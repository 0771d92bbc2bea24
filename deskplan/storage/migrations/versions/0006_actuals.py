"""Plan against actual: what happened on each person-day, kept beside the plan.

`actual_month` holds one person's month of actuals as `rota_month` holds the plan (one letter
a day, `.` not recorded); `actual_site` the days attended at another site. Both hang off
`person` with `ON DELETE CASCADE`, and `security.TEAM_OWNED` puts them under row-level security
and the audit triggers like every team table. Nothing existing changes.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "actual_month",
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("person.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("month", sa.Date(), primary_key=True),
        sa.Column("days", sa.String(31), nullable=False),
    )
    op.create_table(
        "actual_site",
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("person.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("am_site", sa.String(200), nullable=True),
        sa.Column("pm_site", sa.String(200), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("actual_site")
    op.drop_table("actual_month")
