"""A database as the first released schema (revision 0001) wrote it, with data in every table."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from deskplan.storage.db import alembic_config

FIRST_REVISION = "0001"

_ROWS = [
    "INSERT INTO team (id, name, version) VALUES (7, 'Control Room', 4)",
    "INSERT INTO policy (team_id, period, effective_from, training_counts_as_office, "
    "default_nation) VALUES (7, 'month', '2025-01-06', false, 'wales')",
    "INSERT INTO policy_rule (team_id, position, share_numerator, share_denominator, category, "
    "location) VALUES (7, 0, 3, 5, 'support', NULL)",
    "INSERT INTO location (team_id, position, name, capacity) VALUES (7, 0, 'Cardiff', 10)",
    "INSERT INTO coverage_rule (team_id, position, role, min_in_office, weekdays) "
    "VALUES (7, 0, 'Payroll officer', 1, 31)",
    "INSERT INTO role_category (team_id, title, category) VALUES (7, 'HR advisor', 'support')",
    "INSERT INTO person (id, team_id, staff_id, name, role, category, location, nation, pattern, "
    "start_date, end_date) VALUES (70, 7, 'HF001', 'Ada Ames', 'HR advisor', NULL, 'Cardiff', "
    "'wales', '27000,27000,27000,0,0,0,0', '2024-04-01', NULL)",
    "INSERT INTO rota_month (person_id, month, days) VALUES "
    "(70, '2025-01-01', '.....OOH.....OOL...............')",
    "INSERT INTO adjustment (person_id, kind, start, \"end\", review_date, share_numerator, "
    "share_denominator, weekdays, reference) VALUES (70, 'reduced-share', '2024-06-01', NULL, "
    "'2025-06-01', 2, 5, 0, 'RA-0142')",
]


#: An audit trigger as deskplan at revision 0004 installed it after its upgrade: it names
#: `person`, a table revision 0005 rebuilds.
_TRIGGER_0004 = (
    "CREATE TRIGGER deskplan_audit_rota_month_insert AFTER INSERT ON rota_month BEGIN "
    "INSERT INTO audit (at, login, team_id, person_id, table_name, row_key, action, "
    "old_values, new_values) VALUES (strftime('%Y-%m-%d %H:%M:%f', 'now'), '', "
    "(SELECT team_id FROM person WHERE id = NEW.person_id), NEW.person_id, 'rota_month', "
    "CAST(NEW.person_id AS TEXT), 'insert', NULL, NULL); END")


def create_at_revision_0004_with_triggers(url: str) -> None:
    """The first schema's data, upgraded to 0004 by the deskplan of that time, which then
    installed its audit triggers (SQLite)."""
    create_at_first_revision(url)
    engine = create_engine(url)
    config = alembic_config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            from alembic import command

            command.upgrade(config, "0004")
            connection.exec_driver_sql(_TRIGGER_0004)
    finally:
        engine.dispose()


def create_at_first_revision(url: str) -> None:
    """Create the first schema with Alembic and fill it through plain SQL, as 0.1 would have."""
    engine = create_engine(url)
    config = alembic_config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            from alembic import command

            command.upgrade(config, FIRST_REVISION)
            for statement in _ROWS:
                connection.execute(text(statement))
    finally:
        engine.dispose()
