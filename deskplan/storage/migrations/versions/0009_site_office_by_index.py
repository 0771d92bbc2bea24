"""Desks shared across teams are counted from the folded-site index: `deskplan_site_office`
(PostgreSQL) finds the people who may take a team's desks with `ix_person_record_site` and
reads only their records and month rows, instead of folding the site of every record in the
organisation (0.36 s of a manager's window opening at 11,000 people; the same counts).

The tables do not change. The functions, triggers and policies are not migrations of their
own: `deskplan.storage.security.install` re-creates them after every upgrade. This revision
is what makes a database already at 0008 upgrade, so that install runs there and replaces the
old function; on SQLite (no such function) it changes nothing.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from __future__ import annotations

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing in the tables: `security.install`, run after the upgrade, replaces the function."""


def downgrade() -> None:
    """Nothing to undo in the tables (an older deskplan's install puts its own function back)."""
