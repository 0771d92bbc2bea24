"""The first schema: teams, their policies, people, the monthly rota and arrangements.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _team_fk() -> sa.Column[int]:
    return sa.Column("team_id", sa.Integer(), sa.ForeignKey("team.id", ondelete="CASCADE"),
                     nullable=False)


def upgrade() -> None:
    op.create_table(
        "team",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    op.create_table(
        "policy",
        sa.Column("team_id", sa.Integer(), sa.ForeignKey("team.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("period", sa.String(10), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=True),
        sa.Column("training_counts_as_office", sa.Boolean(), nullable=False),
        sa.Column("default_nation", sa.String(20), nullable=False),
    )
    op.create_table(
        "policy_rule",
        sa.Column("id", sa.Integer(), primary_key=True),
        _team_fk(),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("share_numerator", sa.Integer(), nullable=False),
        sa.Column("share_denominator", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(200), nullable=True),
        sa.Column("location", sa.String(200), nullable=True),
    )
    op.create_index("ix_policy_rule_team_id", "policy_rule", ["team_id"])
    op.create_table(
        "location",
        sa.Column("id", sa.Integer(), primary_key=True),
        _team_fk(),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=True),
    )
    op.create_index("ix_location_team_id", "location", ["team_id"])
    op.create_table(
        "coverage_rule",
        sa.Column("id", sa.Integer(), primary_key=True),
        _team_fk(),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(200), nullable=False),
        sa.Column("min_in_office", sa.Integer(), nullable=False),
        sa.Column("weekdays", sa.Integer(), nullable=False),
    )
    op.create_index("ix_coverage_rule_team_id", "coverage_rule", ["team_id"])
    op.create_table(
        "role_category",
        sa.Column("team_id", sa.Integer(), sa.ForeignKey("team.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("title", sa.String(200), primary_key=True),
        sa.Column("category", sa.String(200), nullable=False),
    )
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), primary_key=True),
        _team_fk(),
        sa.Column("staff_id", sa.String(100), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("role", sa.String(200), nullable=False),
        sa.Column("category", sa.String(200), nullable=True),
        sa.Column("location", sa.String(200), nullable=False),
        sa.Column("nation", sa.String(20), nullable=False),
        sa.Column("pattern", sa.String(100), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.UniqueConstraint("team_id", "staff_id", name="uq_person_team_staff"),
    )
    op.create_index("ix_person_team_id", "person", ["team_id"])
    op.create_table(
        "rota_month",
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("person.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("month", sa.Date(), primary_key=True),
        sa.Column("days", sa.String(31), nullable=False),
    )
    op.create_table(
        "adjustment",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("person.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=True),
        sa.Column("review_date", sa.Date(), nullable=True),
        sa.Column("share_numerator", sa.Integer(), nullable=True),
        sa.Column("share_denominator", sa.Integer(), nullable=True),
        sa.Column("weekdays", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(100), nullable=False),
    )
    op.create_index("ix_adjustment_person_id", "adjustment", ["person_id"])


def downgrade() -> None:
    for table in ("adjustment", "rota_month", "person", "role_category", "coverage_rule",
                  "location", "policy_rule", "policy", "team"):
        op.drop_table(table)
