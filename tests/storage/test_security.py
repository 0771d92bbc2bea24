"""Every table is either a team's data (with row security and an audit trigger) or the
organisation's own: a new table cannot slip through without its line in `TEAM_OWNED`."""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import SQLModel

from deskplan.storage.db import Database
from deskplan.storage.security import ORGANISATION_TABLES, TEAM_OWNED


def test_every_table_is_classified() -> None:
    team_owned = {spec.table for spec in TEAM_OWNED}
    assert not team_owned & ORGANISATION_TABLES
    unclassified = set(SQLModel.metadata.tables) - team_owned - ORGANISATION_TABLES
    assert not unclassified, (f"add {sorted(unclassified)} to TEAM_OWNED (how it reaches its "
                              "team) or to ORGANISATION_TABLES in deskplan/storage/security.py")


def test_each_team_table_reaches_its_team_one_way() -> None:
    for spec in TEAM_OWNED:
        assert (spec.team_column is None) != (spec.person_column is None), spec.table
        columns = SQLModel.metadata.tables[spec.table].c
        assert (spec.team_column or spec.person_column) in columns, spec.table


def test_every_team_table_has_audit_triggers(db: Database) -> None:
    with db.session() as session:
        connection = session.connection()
        if connection.dialect.name == "sqlite":
            found = {r[0] for r in connection.execute(text(
                "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' "
                "AND name LIKE 'deskplan_audit_%'"))}
        else:
            found = {r[0] for r in connection.execute(text(
                "SELECT event_object_table FROM information_schema.triggers "
                "WHERE trigger_schema = current_schema() AND trigger_name LIKE 'deskplan_audit%'"))}
    assert found == {spec.table for spec in TEAM_OWNED}
