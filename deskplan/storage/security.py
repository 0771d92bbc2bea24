"""The database's own machinery: audit triggers, change notices and row-level security.

Nothing here is a permission layer in the app: PostgreSQL enforces it, so a `psql` session with
a manager's login sees exactly the rows the window shows that manager, and a change made by any
program is recorded. `install` (re)creates all of it from the tables listed in `TEAM_OWNED`; it
runs after every migration and after `deskplan admin init`, and is idempotent.

**Adding a table that holds team data is one line in `TEAM_OWNED`** (how the table reaches its
team, and whether it holds arrangement details); a test fails for any table that is in neither
`TEAM_OWNED` nor `ORGANISATION_TABLES`.

On PostgreSQL, once `deskplan admin init` has run (it stores the role prefix in `setting`):

* group roles `<prefix>admin` (owns every table, so it bypasses row security and runs
  migrations), `<prefix>manager`, `<prefix>hr` and `<prefix>hr_arrangements`;
* a manager reads and writes the teams `team_manager` lists for their login; HR reads every
  team, and arrangements (and their audit rows) only with `<prefix>hr_arrangements`;
* counts across teams (desks booked at a site) come from a SECURITY DEFINER function that
  returns numbers only, never a name.

On SQLite the same audit triggers record what changed and when; SQLite has no logins, so who is
left empty (the file belongs to one person).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Connection, text
from sqlmodel import SQLModel

import deskplan.storage.models  # noqa: F401  (registers the tables)
from deskplan.domain.model import VALID_CELL_CODES, Status, halves_of
from deskplan.storage.stored_rota import ROTA_LETTERS

ROLE_PREFIX_KEY = "role_prefix"
DEFAULT_ROLE_PREFIX = "deskplan_"
#: Tables about the organisation itself, not one team's data.
ORGANISATION_TABLES = frozenset({"team_manager", "setting", "audit", "alembic_version"})


@dataclass(frozen=True)
class TeamOwned:
    """A table of team data: how a row reaches its team, and what the record keeps of it.

    `team_column` names the column holding the team id; or `person_column` names a column
    holding a person id, whose person row gives the team. `arrangements` marks tables that hold
    arrangement details (HR sees them only with the arrangements grant). Changes to `quiet`
    columns alone are not recorded (the version number every save moves on).
    `manager_may` is what a manager may do with their teams' rows.
    """

    table: str
    team_column: str | None = None
    person_column: str | None = None
    arrangements: bool = False
    quiet: tuple[str, ...] = ()
    manager_may: str = "SELECT, INSERT, UPDATE, DELETE"


TEAM_OWNED: tuple[TeamOwned, ...] = (
    TeamOwned("team", team_column="id", quiet=("version", "updated_at"),
              manager_may="SELECT, UPDATE (version, updated_at)"),
    TeamOwned("policy", team_column="team_id"),
    TeamOwned("policy_rule", team_column="team_id"),
    TeamOwned("location", team_column="team_id"),
    TeamOwned("coverage_rule", team_column="team_id"),
    TeamOwned("role_category", team_column="team_id"),
    TeamOwned("policy_day", team_column="team_id"),
    TeamOwned("policy_anchor", team_column="team_id"),
    TeamOwned("person", team_column="team_id"),
    TeamOwned("person_record", person_column="person_id"),
    TeamOwned("rota_month", person_column="person_id"),
    TeamOwned("rota_site", person_column="person_id"),
    TeamOwned("rota_lock", person_column="person_id"),
    TeamOwned("actual_month", person_column="person_id"),
    TeamOwned("actual_site", person_column="person_id"),
    TeamOwned("person_preference", person_column="person_id"),
    TeamOwned("adjustment", person_column="person_id", arrangements=True),
)

#: The rota letters (see `stored_rota.ROTA_LETTERS`) of a day whose morning, or afternoon, is in
#: the office: what the desk count across teams reads.
_OFFICE_AM, _OFFICE_PM = ("".join(ROTA_LETTERS[code] for code in VALID_CELL_CODES
                                  if halves_of(code)[half] is Status.OFFICE) for half in (0, 1))


def arrangement_tables() -> tuple[str, ...]:
    return tuple(t.table for t in TEAM_OWNED if t.arrangements)


@dataclass(frozen=True)
class Roles:
    """The group roles of one organisation; the prefix keeps two databases on one server (or
    two test runs) apart."""

    prefix: str

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[a-z][a-z0-9_]{0,40}", self.prefix):
            raise ValueError(f"role prefix {self.prefix!r}: use lower-case letters, digits and "
                             "_ only, starting with a letter")

    @property
    def admin(self) -> str:
        return f"{self.prefix}admin"

    @property
    def manager(self) -> str:
        return f"{self.prefix}manager"

    @property
    def hr(self) -> str:
        return f"{self.prefix}hr"

    @property
    def arrangements(self) -> str:
        return f"{self.prefix}hr_arrangements"

    @property
    def all(self) -> tuple[str, str, str, str]:
        return (self.admin, self.manager, self.hr, self.arrangements)


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _columns(table: str) -> list[str]:
    return [c.name for c in SQLModel.metadata.tables[table].columns]


def _key_columns(spec: TeamOwned) -> list[str]:
    """The primary key without the team or person column: what tells rows of one person (or
    one team) apart, e.g. a rota row's month."""
    reach = {spec.team_column, spec.person_column} - {"id"}
    return [c.name for c in SQLModel.metadata.tables[spec.table].primary_key.columns
            if c.name not in reach]


def _person_of(spec: TeamOwned) -> str | None:
    """The column holding the person a row is about, if any."""
    if spec.person_column:
        return spec.person_column
    return "id" if spec.table == "person" else None


def configured_roles(connection: Connection) -> Roles | None:
    """The roles `deskplan admin init` set up, or None on a database without them."""
    prefix = connection.execute(
        text("SELECT value FROM setting WHERE key = :key"), {"key": ROLE_PREFIX_KEY}
    ).scalar()
    return Roles(prefix) if prefix else None


def notify_channel(schema: str) -> str:
    """The LISTEN channel of one deskplan schema (several may share a database)."""
    return f"deskplan.{schema}"[:63]


def install(connection: Connection) -> None:
    """(Re)create triggers, functions and, where roles are set up, row security and grants."""
    if connection.dialect.name == "sqlite":
        _install_sqlite_audit(connection)
    elif connection.dialect.name == "postgresql":
        schema = connection.execute(text("SELECT current_schema()")).scalar_one()
        roles = configured_roles(connection)
        if roles is not None:
            _run(connection, _role_functions(schema, roles))
        _run(connection, _postgres_functions(schema, roles))
        _run(connection, _postgres_triggers(schema))
        if roles is not None:
            own_everything(connection, roles)
            _run(connection, _postgres_security(schema, roles))


def _run(connection: Connection, statements: list[str]) -> None:
    for statement in statements:
        connection.exec_driver_sql(statement)


# --- SQLite -----------------------------------------------------------------------------------
def drop_sqlite_triggers(connection: Connection) -> None:
    """Drop deskplan's own SQLite triggers before a migration: a migration that rebuilds a
    table (Alembic's batch mode renames it) is refused while a trigger names it ("error in
    trigger deskplan_audit_rota_month_insert: no such table: main.person"). `install` makes
    them again, for the schema the migrations leave."""
    if connection.dialect.name != "sqlite":
        return
    names = connection.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'deskplan_%'"
    ).scalars().all()
    for name in names:
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {quote(name)}")


def _install_sqlite_audit(connection: Connection) -> None:
    for spec in TEAM_OWNED:
        for action in ("insert", "update", "delete"):
            name = quote(f"deskplan_audit_{spec.table}_{action}")
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
            connection.exec_driver_sql(_sqlite_trigger(spec, action, name))


def _sqlite_audit_values(spec: TeamOwned, action: str, old_row: str, new_row: str) -> str:
    """What an audit row of a change to `spec.table` records, as the SQL after `INSERT INTO
    audit (...)`, with the row before and after the change named `old_row` and `new_row`: the
    trigger's `VALUES (...)`, and the bulk insert's `SELECT` (`audit_bulk_insert`), from this
    one text so the two cannot record different things."""
    row = old_row if action == "delete" else new_row
    columns = _columns(spec.table)

    def values(of: str) -> str:
        pairs = ", ".join(f"{literal(c)}, {of}.{quote(c)}" for c in columns)
        return f"json_object({pairs})"

    if spec.team_column:
        team = f"{row}.{quote(spec.team_column)}"
    else:
        team = f"(SELECT team_id FROM person WHERE id = {row}.{quote(spec.person_column or '')})"
    person_column = _person_of(spec)
    person = f"{row}.{quote(person_column)}" if person_column else "NULL"
    keys = _key_columns(spec)
    key = " || '/' || ".join(f"CAST({row}.{quote(c)} AS TEXT)" for c in keys) or "''"
    old = values(old_row) if action != "insert" else "NULL"
    new = values(new_row) if action != "delete" else "NULL"
    return (f"strftime('%Y-%m-%d %H:%M:%f', 'now'), '', {team}, {person}, "
            f"{literal(spec.table)}, {key}, {literal(action)}, {old}, {new}")


_AUDIT_COLUMNS = ("INSERT INTO audit (at, login, team_id, person_id, table_name, row_key, "
                  "action, old_values, new_values)")


def _sqlite_trigger(spec: TeamOwned, action: str, name: str) -> str:
    when = ""
    if action == "update":
        watched = [c for c in _columns(spec.table) if c not in spec.quiet]
        when = " WHEN " + " OR ".join(f"OLD.{quote(c)} IS NOT NEW.{quote(c)}" for c in watched)
    return (
        f"CREATE TRIGGER {name} AFTER {action.upper()} ON {quote(spec.table)}{when} BEGIN "
        f"{_AUDIT_COLUMNS} VALUES ({_sqlite_audit_values(spec, action, 'OLD', 'NEW')}); END"
    )


#: Fewer new rows than this keep their trigger: setting it aside is a schema change, which
#: every connection to the file then pays for by preparing its statements again.
BULK_AUDIT_ROWS = 100


@contextmanager
def audit_bulk_insert(connection: Connection, table: str, rows: int) -> Iterator[None]:
    """Around an INSERT of `rows` new rows into `table`: on SQLite, write their audit rows in
    one INSERT ... SELECT after it, instead of one trigger run per row.

    The audit rows are those the trigger writes (the same SQL, `_sqlite_audit_values`), in the
    same order; only `at` is one moment for all of them. The trigger is dropped for the
    INSERT and created again after, all inside the caller's transaction: SQLite's schema
    changes are transactional, so a failure anywhere leaves the trigger (and everything else)
    as it was, and no other connection can write, or see the trigger gone, meanwhile (the
    transaction holds the write lock; readers see the last commit). About a third of writing
    11,000 new people with their records (22,000 rows) was the triggers' per-row work.
    Elsewhere (PostgreSQL, a table without an audit, a few rows) the triggers do it as ever.
    """
    spec = next((s for s in TEAM_OWNED if s.table == table), None)
    if connection.dialect.name != "sqlite" or spec is None or rows < BULK_AUDIT_ROWS:
        yield
        return
    name = quote(f"deskplan_audit_{table}_insert")
    last = connection.exec_driver_sql(
        f"SELECT coalesce(max(rowid), 0) FROM {quote(table)}").scalar_one()
    connection.exec_driver_sql(f"DROP TRIGGER {name}")
    try:
        yield
        connection.exec_driver_sql(
            f"{_AUDIT_COLUMNS} SELECT {_sqlite_audit_values(spec, 'insert', 'OLD', 'added')} "
            f"FROM {quote(table)} AS added WHERE added.rowid > ? ORDER BY added.rowid",
            (last,))
    finally:  # even should a caller go on in this transaction after a failed INSERT
        connection.exec_driver_sql(_sqlite_trigger(spec, "insert", name))


# --- PostgreSQL: functions --------------------------------------------------------------------
def _may_read(roles: Roles | None, who: str, team: str, *, details: bool = False) -> str:
    """SQL true when `who` may read team `team` (its arrangements too, with `details`)."""
    if roles is None:
        return "true"
    return f"{team} = ANY (deskplan_teams_for({who}, {'true' if details else 'false'}))"


def _role_functions(schema: str, roles: Roles) -> list[str]:
    s = quote(schema)
    definer = f"SECURITY DEFINER SET search_path = {s}, pg_temp"
    # Which teams (and people) a role may read or change, as arrays: policies compare
    # `team_id = ANY (array)`, which an index answers, where `IN (subquery)` made every
    # query scan the whole table. SECURITY DEFINER, so they read team_manager and team
    # without recursing into row security; they answer only for the caller's own roles.
    mine = "pg_has_role(session_user, who, 'MEMBER')"
    wide = (f"pg_has_role(who, {literal(roles.admin)}, 'USAGE') OR pg_has_role(who, "
            f"CASE WHEN details THEN {literal(roles.arrangements)} ELSE "
            f"{literal(roles.hr)} END, 'USAGE')")
    return [
        f"""CREATE OR REPLACE FUNCTION {s}.deskplan_managed_for(who name)
        RETURNS integer[] LANGUAGE sql STABLE {definer} AS $$
          SELECT CASE WHEN {mine} THEN ARRAY(SELECT team_id FROM team_manager
                                               WHERE login = who)
                      ELSE '{{}}'::integer[] END
        $$""",
        f"""CREATE OR REPLACE FUNCTION {s}.deskplan_teams_for(who name, details boolean)
        RETURNS integer[] LANGUAGE sql STABLE {definer} AS $$
          SELECT CASE WHEN NOT {mine} THEN '{{}}'::integer[]
                      WHEN {wide} THEN ARRAY(SELECT id FROM team)
                      ELSE ARRAY(SELECT team_id FROM team_manager WHERE login = who) END
        $$""",
        f"""CREATE OR REPLACE FUNCTION {s}.deskplan_people_for(who name, details boolean)
        RETURNS integer[] LANGUAGE sql STABLE {definer} AS $$
          SELECT ARRAY(SELECT id FROM person
                        WHERE team_id = ANY (deskplan_teams_for(who, details)))
        $$""",
        f"""CREATE OR REPLACE FUNCTION {s}.deskplan_managed_people_for(who name)
        RETURNS integer[] LANGUAGE sql STABLE {definer} AS $$
          SELECT ARRAY(SELECT id FROM person
                        WHERE team_id = ANY (deskplan_managed_for(who)))
        $$""",
    ]


def _postgres_functions(schema: str, roles: Roles | None) -> list[str]:
    s = quote(schema)
    definer = f"SECURITY DEFINER SET search_path = {s}, pg_temp"
    return [
        # Folding as deskplan.domain.policy.fold does: spaces collapsed, case ignored.
        f"""CREATE OR REPLACE FUNCTION {s}.deskplan_fold(value text) RETURNS text
        LANGUAGE sql IMMUTABLE AS $$
          SELECT lower(btrim(regexp_replace(coalesce(value, ''), '\\s+', ' ', 'g')))
        $$""",
        f"""CREATE OR REPLACE FUNCTION {s}.deskplan_audit() RETURNS trigger
        LANGUAGE plpgsql {definer} AS $$
        DECLARE
          old_row jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
          new_row jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
          row_data jsonb := coalesce(new_row, old_row);
          team integer;
          person integer;
          key text;
        BEGIN
          IF TG_ARGV[1] <> '' THEN person := (row_data ->> TG_ARGV[1])::integer; END IF;
          IF TG_ARGV[0] = '' THEN
            SELECT p.team_id INTO team FROM person p WHERE p.id = person;
          ELSE
            team := (row_data ->> TG_ARGV[0])::integer;
          END IF;
          SELECT coalesce(string_agg(row_data ->> k.name, '/' ORDER BY k.position), '')
            INTO key FROM unnest(string_to_array(TG_ARGV[2], ',')) WITH ORDINALITY
                          AS k(name, position);
          INSERT INTO audit (at, login, team_id, person_id, table_name, row_key, action,
                             old_values, new_values)
          VALUES (now(), session_user, team, person, TG_TABLE_NAME, key, lower(TG_OP),
                  old_row::json, new_row::json);
          RETURN NULL;
        END $$""",
        f"""CREATE OR REPLACE FUNCTION {s}.deskplan_notify() RETURNS trigger
        LANGUAGE plpgsql AS $$
        DECLARE row_data {s}.team;
        BEGIN
          IF TG_OP = 'DELETE' THEN row_data := OLD; ELSE row_data := NEW; END IF;
          PERFORM pg_notify({literal(notify_channel(schema))},
                            json_build_object('team', row_data.id,
                                              'version', row_data.version)::text);
          RETURN NULL;
        END $$""",
        # Desks booked at the sites a team uses, by everyone else: counts only, no names. A
        # person counts where they are: their base in the record in force that day, or the
        # site the day is planned at; in the morning and the afternoon apart.
        f"""CREATE OR REPLACE FUNCTION {s}.deskplan_site_office(
              p_team integer, p_first date, p_last date)
        RETURNS TABLE (site text, day date, morning bigint, afternoon bigint, teams bigint)
        LANGUAGE plpgsql STABLE {definer} AS $$
        #variable_conflict use_column
        DECLARE
          sites text[];
          people integer[];
        BEGIN
          IF NOT ({_may_read(roles, 'session_user', 'p_team')}) THEN RETURN; END IF;
          sites := ARRAY(SELECT deskplan_fold(pr.location) FROM person_record pr
                           JOIN person p ON p.id = pr.person_id
                          WHERE p.team_id = p_team AND pr.location <> ''
                         UNION SELECT deskplan_fold(name) FROM location
                          WHERE team_id = p_team);
          -- Only people of other teams who are ever based at one of the team's sites, or
          -- planned at one in the range, can take its desks: found by the folded-site index,
          -- never by folding every record of the organisation. Each step is planned with the
          -- arrays before it known (a few hundred people, not "maybe all"), so each reads by
          -- index only what it needs.
          people := ARRAY(
            SELECT p.id FROM person p
             WHERE p.team_id <> p_team AND p.id IN (
                 SELECT pr.person_id FROM person_record pr
                  WHERE deskplan_fold(pr.location) = ANY (sites)
                 UNION SELECT s.person_id FROM rota_site s
                  WHERE s.day BETWEEN p_first AND p_last
                    AND (deskplan_fold(s.am_site) = ANY (sites)
                         OR deskplan_fold(s.pm_site) = ANY (sites))));
          RETURN QUERY
          WITH records AS (
            -- Each record's days: from its date (the first: from always, as days before a
            -- person's first dated record follow it) to the next record's date.
            SELECT person_id, deskplan_fold(location) AS base,
                   CASE WHEN row_number() OVER w = 1 THEN '-infinity'::date
                        ELSE effective_from END AS valid_from,
                   coalesce(lead(effective_from) OVER w, 'infinity'::date) AS valid_until
              FROM person_record WHERE person_id = ANY (people)
            WINDOW w AS (PARTITION BY person_id ORDER BY effective_from NULLS FIRST)
          ), cells AS (
            SELECT p.id AS person_id, p.team_id, r.month + (c.i::integer - 1) AS day,
                   position(c.letter IN {literal(_OFFICE_AM)}) > 0 AS am,
                   position(c.letter IN {literal(_OFFICE_PM)}) > 0 AS pm
              FROM person p JOIN rota_month r ON r.person_id = p.id
             CROSS JOIN LATERAL unnest(string_to_array(r.days, NULL)) WITH ORDINALITY
                   AS c(letter, i)
             WHERE p.id = ANY (people) AND r.person_id = ANY (people)
               AND r.month BETWEEN date_trunc('month', p_first)::date AND p_last
               AND (position(c.letter IN {literal(_OFFICE_AM)}) > 0
                    OR position(c.letter IN {literal(_OFFICE_PM)}) > 0)
          ), placed AS (
            SELECT cells.*, records.base, s.am_site, s.pm_site
              FROM cells JOIN records ON records.person_id = cells.person_id
                   AND cells.day >= records.valid_from AND cells.day < records.valid_until
              LEFT JOIN rota_site s ON s.person_id = cells.person_id AND s.day = cells.day
             WHERE cells.day BETWEEN p_first AND p_last
          ), halves AS (
            SELECT CASE WHEN am_site IS NULL THEN base ELSE deskplan_fold(am_site) END AS site,
                   day, team_id, 1 AS am, 0 AS pm FROM placed WHERE am
            UNION ALL
            SELECT CASE WHEN pm_site IS NULL THEN base ELSE deskplan_fold(pm_site) END,
                   day, team_id, 0, 1 FROM placed WHERE pm
          )
          SELECT site, day, sum(am)::bigint, sum(pm)::bigint, count(DISTINCT team_id)
            FROM halves WHERE site = ANY (sites) GROUP BY site, day;
        END $$""",
        # Whether the calling login has arrangements in a range, per team and site (for HR
        # without the arrangements grant: how many people the overview cannot judge).
        f"""CREATE OR REPLACE FUNCTION {s}.deskplan_arranged_people(p_first date, p_last date)
        RETURNS TABLE (person_id integer) LANGUAGE sql STABLE {definer} AS $$
          SELECT DISTINCT a.person_id FROM adjustment a JOIN person p ON p.id = a.person_id
           WHERE {_may_read(roles, 'session_user', 'p.team_id')}
             AND a.start <= p_last AND (a."end" IS NULL OR a."end" >= p_first)
        $$""",
        f"""CREATE OR REPLACE FUNCTION {s}.deskplan_reviews_due(p_until date)
        RETURNS TABLE (team_id integer, due bigint) LANGUAGE sql STABLE {definer} AS $$
          SELECT p.team_id, count(*) FROM adjustment a JOIN person p ON p.id = a.person_id
           WHERE {_may_read(roles, 'session_user', 'p.team_id')}
             AND a.review_date <= p_until AND (a."end" IS NULL OR a."end" >= current_date)
           GROUP BY p.team_id
        $$""",
    ]


def _postgres_triggers(schema: str) -> list[str]:
    s = quote(schema)
    statements = []
    for spec in TEAM_OWNED:
        table = f"{s}.{quote(spec.table)}"
        arguments = ", ".join(literal(a) for a in (
            spec.team_column or "", _person_of(spec) or "", ",".join(_key_columns(spec))))
        watched = [quote(c) for c in _columns(spec.table) if c not in spec.quiet]
        old = ", ".join(f"OLD.{c}" for c in watched)
        new = ", ".join(f"NEW.{c}" for c in watched)
        statements += [
            f"DROP TRIGGER IF EXISTS deskplan_audit ON {table}",
            f"DROP TRIGGER IF EXISTS deskplan_audit_update ON {table}",
            f"CREATE TRIGGER deskplan_audit AFTER INSERT OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {s}.deskplan_audit({arguments})",
            f"CREATE TRIGGER deskplan_audit_update AFTER UPDATE ON {table} FOR EACH ROW "
            f"WHEN (ROW({old}) IS DISTINCT FROM ROW({new})) "
            f"EXECUTE FUNCTION {s}.deskplan_audit({arguments})",
        ]
    statements += [
        # Desks shared across teams are counted by site: find a site's people by index.
        f"CREATE INDEX IF NOT EXISTS ix_person_record_site ON {s}.person_record "
        f"({s}.deskplan_fold(location))",
        f"REINDEX INDEX {s}.ix_person_record_site",  # in case this version folds differently
        f"DROP TRIGGER IF EXISTS deskplan_notify ON {s}.team",
        f"CREATE TRIGGER deskplan_notify AFTER INSERT OR DELETE OR UPDATE OF version "
        f"ON {s}.team FOR EACH ROW EXECUTE FUNCTION {s}.deskplan_notify()",
    ]
    return statements


# --- PostgreSQL: row-level security and grants ------------------------------------------------
def _condition(schema: str, spec: TeamOwned, kind: str) -> str:
    """The policy expression letting the current role `read` (or `write`) rows of `spec`."""
    s = quote(schema)
    details = "true" if spec.arrangements else "false"
    if spec.team_column:
        column = quote(spec.team_column)
        array = (f"{s}.deskplan_teams_for(current_user, {details})" if kind == "read"
                 else f"{s}.deskplan_managed_for(current_user)")
    else:
        column = quote(spec.person_column or "")
        array = (f"{s}.deskplan_people_for(current_user, {details})" if kind == "read"
                 else f"{s}.deskplan_managed_people_for(current_user)")
    return f"{column} = ANY ((SELECT {array})::integer[])"


def _postgres_security(schema: str, roles: Roles) -> list[str]:
    s = quote(schema)
    manager, hr = quote(roles.manager), quote(roles.hr)
    statements = [
        f"GRANT USAGE ON SCHEMA {s} TO {manager}, {hr}",
    ]
    for spec in TEAM_OWNED:
        table = f"{s}.{quote(spec.table)}"
        write = _condition(schema, spec, "write")
        statements += [
            f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
            f"DROP POLICY IF EXISTS deskplan_read ON {table}",
            f"DROP POLICY IF EXISTS deskplan_write ON {table}",
            f"CREATE POLICY deskplan_read ON {table} FOR SELECT "
            f"USING ({_condition(schema, spec, 'read')})",
            f"CREATE POLICY deskplan_write ON {table} FOR ALL USING ({write}) "
            f"WITH CHECK ({write})",
            f"REVOKE ALL ON {table} FROM PUBLIC, {manager}, {hr}",
            f"GRANT SELECT ON {table} TO {hr}",
            f"GRANT {spec.manager_may} ON {table} TO {manager}",
        ]
    hidden = ", ".join(literal(t) for t in arrangement_tables())
    audit_read = (f"team_id = ANY ((SELECT {s}.deskplan_teams_for(current_user, false))"
                  f"::integer[]) AND (table_name NOT IN ({hidden}) OR team_id = ANY "
                  f"((SELECT {s}.deskplan_teams_for(current_user, true))::integer[]))")
    statements += [
        f"ALTER TABLE {s}.team_manager ENABLE ROW LEVEL SECURITY",
        f"DROP POLICY IF EXISTS deskplan_own ON {s}.team_manager",
        f"CREATE POLICY deskplan_own ON {s}.team_manager FOR SELECT "
        "USING (login = current_user)",
        f"ALTER TABLE {s}.audit ENABLE ROW LEVEL SECURITY",
        f"DROP POLICY IF EXISTS deskplan_read ON {s}.audit",
        f"CREATE POLICY deskplan_read ON {s}.audit FOR SELECT USING ({audit_read})",
    ]
    for table in sorted(ORGANISATION_TABLES):
        statements += [f"REVOKE ALL ON {s}.{quote(table)} FROM PUBLIC, {manager}, {hr}",
                       f"GRANT SELECT ON {s}.{quote(table)} TO {manager}, {hr}"]
    statements += [
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {s} TO {manager}",
        f"REVOKE ALL ON ALL FUNCTIONS IN SCHEMA {s} FROM PUBLIC",
        f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA {s} TO {manager}, {hr}",
    ]
    return statements


def own_everything(connection: Connection, roles: Roles) -> None:
    """Make the admin group own every table and function of the schema: its members run
    migrations, and the SECURITY DEFINER functions run with the owner's rights."""
    schema = connection.execute(text("SELECT current_schema()")).scalar_one()
    admin = quote(roles.admin)
    # A new owner needs CREATE in the schema (an admin of the organisation creates tables).
    connection.exec_driver_sql(f"GRANT USAGE, CREATE ON SCHEMA {quote(schema)} TO {admin}")
    tables = connection.execute(text(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = :schema AND c.relkind IN ('r', 'p', 'v')"), {"schema": schema})
    for (table,) in tables.all():
        connection.exec_driver_sql(f"ALTER TABLE {quote(schema)}.{quote(table)} OWNER TO {admin}")
    functions = connection.execute(text(
        "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n "
        "ON n.oid = p.pronamespace WHERE n.nspname = :schema AND p.proname LIKE 'deskplan%'"),
        {"schema": schema})
    for (signature,) in functions.all():
        connection.exec_driver_sql(f"ALTER FUNCTION {signature} OWNER TO {admin}")
