"""Where the database is, opening it safely, migrating it, and one transaction per operation.

Opening never modifies a file it cannot fully use: a SQLite file is inspected read-only first
(is it SQLite, is it deskplan's, is its schema one this version knows), and only then migrated,
after a backup copy is written next to it. Every database error a user can act on (locked,
read-only, damaged, full, unreachable server) becomes a `StorageError` naming the file or URL.
"""

from __future__ import annotations

import glob
import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from platformdirs import user_data_dir
from sqlalchemy import (
    Column,
    Engine,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    create_engine,
    event,
    inspect,
    text,
)
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlmodel import Session, SQLModel

from deskplan.private_files import create_private_file, make_private, private_folder
from deskplan.storage import security
from deskplan.storage.errors import StorageError
from deskplan.storage.migrations import REVISIONS

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

ENVIRONMENT_VARIABLE = "DESKPLAN_DATABASE_URL"
#: How long a save waits for another program's write to finish before reporting "locked".
BUSY_TIMEOUT_SECONDS = 5.0
_SQLITE_HEADER = b"SQLite format 3\x00"
_MIGRATIONS = "deskplan.storage:migrations"
_MIGRATION_LOCK_KEY = 0x6465736B  # "desk": serialises upgrades by several apps on one server


def default_database_path() -> Path:
    """The embedded database in the user's data folder (created on first run)."""
    return Path(user_data_dir("deskplan", appauthor=False)) / "deskplan.sqlite3"


def sqlite_url(path: Path) -> str:
    return URL.create("sqlite", database=str(path.expanduser().resolve())).render_as_string()


def resolve_database_url(db_path: Path | None = None, preferred: str | None = None) -> str:
    """`--db PATH` if given, else `DESKPLAN_DATABASE_URL`, else the user's `preferred` database
    (the window's Preferences), else the default file.

    The variable and the preference may hold any SQLAlchemy URL (`postgresql+psycopg://…`) or
    a plain file path.
    """
    if db_path is not None:
        return sqlite_url(db_path)
    configured = os.environ.get(ENVIRONMENT_VARIABLE, "").strip() or (preferred or "").strip()
    if configured:
        return configured if "://" in configured else sqlite_url(Path(configured))
    return sqlite_url(default_database_path())


def has_password(url: str) -> bool:
    """Whether a database address carries a password: deskplan never stores one (libpq reads
    it from ~/.pgpass, a service file or Kerberos instead)."""
    if "://" not in url:
        return False
    try:
        return make_url(url).password is not None
    except ArgumentError:
        return False


def describe_url(url: str | URL) -> str:
    """How messages name a database: the file path, or the URL with its password hidden."""
    try:
        parsed = make_url(url) if isinstance(url, str) else url
    except ArgumentError:
        return "the database"
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or "an in-memory database"
    return parsed.render_as_string(hide_password=True)


def alembic_config() -> Config:
    from alembic.config import Config  # loaded only to create or upgrade a database

    config = Config()
    config.set_main_option("script_location", _MIGRATIONS)
    return config


def head_revision() -> str:
    return REVISIONS[-1]


def known_revisions() -> set[str]:
    return set(REVISIONS)


def translate(error: BaseException, where: str) -> StorageError:
    """A database driver's error as a message the user can act on."""
    detail = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
    lowered = detail.lower()
    if "locked" in lowered or "busy" in lowered:
        message = (f"{where} is locked by another program (or another deskplan is saving); "
                   "try again in a moment")
    elif "readonly" in lowered or "read-only" in lowered:
        message = (f"{where} is read-only; deskplan needs to write to it. Make it writable, or "
                   "copy it somewhere you can write and open the copy")
    elif "malformed" in lowered or "not a database" in lowered or "encrypted" in lowered:
        message = (f"{where} is damaged or is not a deskplan database ({detail}); "
                   f"{restore_advice(where)}")
    elif "disk is full" in lowered or "disk i/o" in lowered:
        message = f"{where} could not be written: {detail}"
    elif "permission denied" in lowered or "row-level security" in lowered or \
            "must be owner" in lowered:
        message = (f"your login may not do that in {where} ({detail}); a deskplan "
                   "administrator can give you access (deskplan admin add-manager or grant-hr)")
    elif "unable to open" in lowered:
        message = f"cannot open {where}: check the folder exists and you may write to it"
    elif (isinstance(error, DBAPIError) and error.connection_invalidated) or \
            "connection" in lowered or "could not connect" in lowered:
        message = f"cannot reach the database server {where}: {detail}"
    else:
        message = f"database error in {where}: {detail}"
    return StorageError(message)


def restore_advice(where: str) -> str:
    """How to get a damaged file's data back: the newest upgrade backup next to it, if any."""
    path = Path(where)
    found = backups_of(path) if path.parent.is_dir() else []
    own = ("or the copy you keep yourself (see \"Back up or move\" in the README); keep the "
           "damaged file aside rather than deleting it")
    if found:
        return (f"restore the last backup: close deskplan, then copy {found[-1]} (the copy "
                f"deskplan made before its last upgrade) over {path.name}, {own}")
    return f"restore the last backup: close deskplan, then copy your backup over it, {own}"


class EmptyDatabaseFileError(StorageError):
    """The database file exists but holds nothing: usually a copy that failed, not a new
    database. The command line refuses it; the window asks before starting afresh in it."""

    def __init__(self, where: str) -> None:
        self.where = where
        super().__init__(
            f"{where} is empty (0 bytes). That is usually a copy or download that failed, not "
            "a new database: restore the file from your backup. To start a new, empty deskplan "
            "database there instead, delete the empty file (or start deskplan's window on it "
            "and say so)")


class DamagedDatabaseError(StorageError):
    """The file fails SQLite's integrity check: no write is made to it."""


class Database:
    """An open deskplan database: an engine plus how to run one transaction on it."""

    def __init__(self, url: str, engine: Engine, backup_path: Path | None = None) -> None:
        self.url = url
        self.engine = engine
        self.where = describe_url(url)
        #: The copy made before the last automatic migration, if this open migrated a file.
        self.backup_path = backup_path

    @classmethod
    def open(cls, url: str, *, busy_timeout: float = BUSY_TIMEOUT_SECONDS,
             allow_empty_file: bool = False) -> Database:
        """Open (creating on first run) and migrate to this version's schema.

        An existing SQLite file of zero bytes is refused (`EmptyDatabaseFileError`) unless
        `allow_empty_file`: only a user who has been asked may have it initialised."""
        try:
            parsed = make_url(url)
        except ArgumentError:
            raise StorageError(f"{url!r} is not a database URL or file path") from None
        if parsed.get_backend_name() == "sqlite":
            return cls._open_sqlite(parsed, busy_timeout, allow_empty_file)
        return cls._open_server(parsed)

    # --- SQLite -------------------------------------------------------------------------------
    @classmethod
    def _open_sqlite(cls, url: URL, busy_timeout: float, allow_empty_file: bool) -> Database:
        if not url.database or url.database == ":memory:":
            raise StorageError("deskplan keeps its SQLite database in a file; give a file path")
        path = Path(url.database)
        where = str(path)
        backup: Path | None = None
        if path.exists() and not allow_empty_file and _is_empty_file(path):
            raise EmptyDatabaseFileError(where)
        if path.exists():
            revision = _inspect_sqlite_file(path, where, busy_timeout)
            if revision is not None and revision != head_revision():
                _quick_check(path, where, busy_timeout)
                backup = _backup_sqlite(path, revision, where)
            if path == default_database_path().resolve():
                _make_own_files_private(path)
        else:
            try:
                private_folder(path.parent)
                create_private_file(path)  # SQLite keeps the mode, and gives it to -wal, -shm
            except OSError as error:
                raise StorageError(f"cannot create {where}: {error.strerror}") from None
            revision = None
        if revision is None:
            create_sqlite(_sqlite_engine(url, busy_timeout, immediate=True), where)
        elif revision != head_revision():
            _migrate(_sqlite_engine(url, busy_timeout, immediate=True), where)
            if backup is not None:
                log.info("migrated %s from schema %s; the old file is kept as %s",
                         where, revision, backup)
        engine = _sqlite_engine(url, busy_timeout, immediate=False)
        _check_before_first_write(engine, where)
        try:
            connection = engine.raw_connection()  # outside any transaction, as SQLite requires
            try:
                connection.driver_connection.execute("PRAGMA journal_mode=WAL")  # type: ignore[union-attr]
            finally:
                connection.close()
        except (DBAPIError, sqlite3.Error) as error:
            engine.dispose()
            raise translate(error, where) from None
        if backup is None and revision == head_revision():
            prune_backups(path)
        return cls(url.render_as_string(), engine, backup)

    # --- server databases ---------------------------------------------------------------------
    @classmethod
    def _open_server(cls, url: URL) -> Database:
        where = describe_url(url)
        try:
            engine = create_engine(url, pool_pre_ping=True)
        except (NoSuchModuleError, ImportError) as error:
            raise StorageError(f"no database driver for {where} ({error}); for PostgreSQL "
                               "install deskplan[postgres]") from None
        try:
            with engine.connect() as connection:
                if url.get_backend_name() == "postgresql":
                    _check_schema_access(connection, where)
                revision = _revision_of(inspect(connection).get_table_names(), connection, where)
            if revision != head_revision():
                try:
                    _migrate(engine, where, server_lock=url.get_backend_name() == "postgresql")
                except StorageError as error:
                    if revision is None or "may not do that" not in str(error):
                        raise
                    raise StorageError(
                        f"{where} has the schema of an older deskplan ({revision}; this one "
                        f"needs {head_revision()}); a deskplan administrator upgrades it with "
                        "deskplan admin init") from None
        except DBAPIError as error:
            engine.dispose()
            raise translate(error, where) from None
        except StorageError:
            engine.dispose()
            raise
        return cls(url.render_as_string(hide_password=False), engine)

    # --- use ----------------------------------------------------------------------------------
    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed if the block succeeds, rolled back on any error."""
        try:
            with Session(self.engine, expire_on_commit=False) as session, session.begin():
                yield session
        except DBAPIError as error:
            raise translate(error, self.where) from error

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _sqlite_engine(url: URL, busy_timeout: float, *, immediate: bool) -> Engine:
    """An engine whose transactions are real SQLite transactions, DDL and reads included.

    Python's sqlite3 module only begins a transaction before INSERT/UPDATE/DELETE, so without
    this a multi-table read is no snapshot and a migration is not atomic. Migrations take the
    write lock at once (`BEGIN IMMEDIATE`) so two apps starting together cannot both upgrade.
    """
    engine = create_engine(url, connect_args={"timeout": busy_timeout})
    begin = "BEGIN IMMEDIATE" if immediate else "BEGIN"

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        # Off while migrating: rebuilding a table must not cascade-delete its children.
        foreign_keys = "OFF" if immediate else "ON"
        dbapi_connection.execute(f"PRAGMA foreign_keys={foreign_keys}")

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql(begin)

    return engine


def _is_empty_file(path: Path) -> bool:
    """Zero bytes, with no write-ahead log holding the data either."""
    try:
        wal = path.with_name(path.name + "-wal")
        return path.is_file() and path.stat().st_size == 0 and \
            not (wal.exists() and wal.stat().st_size > 0)
    except OSError:
        return False


_WRITES = ("insert", "update", "delete", "replace")


def _check_before_first_write(engine: Engine, where: str) -> None:
    """Run `PRAGMA quick_check` before the first write through `engine`, and refuse that write
    and every later one if the file is damaged.

    A damaged page only fails the reads that touch it, so without this an import into another
    team would write into a damaged file and make a restore lose that work too. The check
    reads the whole file once (about 0.1 s for a year's rota of 500 people), which opening
    does not pay: reading, the common case, never waits for it."""
    verdict: list[str] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _before(connection: Any, cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.lstrip()[:7].lower().startswith(_WRITES):
            return
        if not verdict:
            try:
                result = [row[0] for row in cursor.connection.execute("PRAGMA quick_check")]
            except sqlite3.DatabaseError as error:
                result = [str(error)]
            verdict.append("ok" if result == ["ok"] else
                           " ".join(result[0].replace("*** in database main ***", "").split()))
            if verdict[0] != "ok":
                log.error("%s fails its integrity check: %s", where, "; ".join(result[:10]))
        if verdict[0] != "ok":
            raise DamagedDatabaseError(
                f"{where} is damaged ({verdict[0]}), so deskplan will not write to it: "
                f"nothing was saved. {restore_advice(where)[0].upper()}"
                f"{restore_advice(where)[1:]}")


def _inspect_sqlite_file(path: Path, where: str, busy_timeout: float) -> str | None:
    """The schema revision of an existing file, read without changing a byte of it.

    None means an empty file (a new database). Refuses files that are not SQLite, SQLite files
    of another program, and files written by a newer deskplan.
    """
    if path.is_dir():
        raise StorageError(f"{where} is a folder, not a database file")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(_SQLITE_HEADER))
    except OSError as error:
        raise StorageError(f"cannot read {where}: {error.strerror}") from None
    if not header:
        return None
    if header != _SQLITE_HEADER:
        raise StorageError(f"{where} is damaged or is not a deskplan database (it is not an "
                           "SQLite file); restore it from a backup copy")
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        what = "is read-only" if not os.access(path, os.W_OK) else "is in a read-only folder"
        raise StorageError(f"{where} {what}; deskplan needs to write to it. Make it writable, "
                           "or copy it somewhere you can write and open the copy")
    try:
        with closing(_read_only_connection(path, busy_timeout)) as connection:
            tables = {row[0] for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not tables:
                return None
            if "alembic_version" not in tables:
                raise StorageError(f"{where} is an SQLite database of another program, not a "
                                   "deskplan database; deskplan leaves it alone")
            versions = [row[0] for row in connection.execute(
                "SELECT version_num FROM alembic_version")]
    except sqlite3.Error as error:
        raise translate(error, where) from None
    return _check_revision(versions, where)


def _read_only_connection(path: Path, busy_timeout: float) -> sqlite3.Connection:
    uri = f"file:{quote(str(path))}?mode=ro"
    return sqlite3.connect(uri, uri=True, timeout=busy_timeout)


def _quick_check(path: Path, where: str, busy_timeout: float) -> None:
    """Refuse to migrate a damaged file: the upgrade would copy the damage into new tables."""
    try:
        with closing(_read_only_connection(path, busy_timeout)) as connection:
            result = [row[0] for row in connection.execute("PRAGMA quick_check")]
    except sqlite3.Error as error:
        raise translate(error, where) from None
    if result != ["ok"]:
        raise StorageError(f"{where} is damaged ({result[0]}); restore it from a backup copy")


def _backup_sqlite(path: Path, revision: str, where: str) -> Path:
    """A consistent copy of the file (WAL contents included) before it is migrated."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.schema-{revision}-{stamp}.bak")
    try:
        create_private_file(target)
        with closing(_read_only_connection(path, BUSY_TIMEOUT_SECONDS)) as source, \
                closing(sqlite3.connect(target)) as copy:
            source.backup(copy)
    except (sqlite3.Error, OSError) as error:
        target.unlink(missing_ok=True)
        raise StorageError(f"could not make a backup copy of {where} before upgrading it "
                           f"({error}); nothing was changed") from None
    return target


def backups_of(path: Path) -> list[Path]:
    """The upgrade backups made of `path`, oldest first (their names carry the time)."""
    found = path.parent.glob(f"{glob.escape(path.name)}.schema-*-*.bak")
    return sorted(found, key=lambda p: p.name.rsplit("-", 1)[-1])


def prune_backups(path: Path) -> list[Path]:
    """After an upgraded file has opened again without trouble, keep only its last backup:
    each copy holds everyone's arrangements, and old ones help nobody. Returns what went."""
    removed = []
    for old in backups_of(path)[:-1]:
        try:
            old.unlink()
        except OSError as error:
            log.warning("could not delete the old backup %s: %s", old, error.strerror)
            continue
        log.info("deleted the old upgrade backup %s", old)
        removed.append(old)
    return removed


def _make_own_files_private(path: Path) -> None:
    """The default database (and its folder, WAL and backups) were made by deskplan for this
    user alone: narrow files an older version created with the umask's mode."""
    companions = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
    for item in (path.parent, path, *companions, *backups_of(path)):
        try:
            if make_private(item):
                log.info("made %s readable by its owner only", item)
        except OSError as error:
            log.warning("could not make %s private: %s", item, error.strerror)


def _check_revision(versions: list[str], where: str) -> str | None:
    if not versions:
        return None
    if len(versions) > 1 or versions[0] not in known_revisions():
        raise StorageError(
            f"{where} was written by a newer version of deskplan (schema {', '.join(versions)}; "
            f"this version knows up to {head_revision()}). Install the newer deskplan to open it"
        )
    return versions[0]


def _check_schema_access(connection: Any, where: str) -> None:
    """A login without a deskplan role cannot use any schema on the search path; say so rather
    than try (and fail) to create the tables."""
    if connection.execute(text("SELECT current_schema()")).scalar() is None:
        login = connection.execute(text("SELECT current_user")).scalar()
        raise StorageError(f"the login {login} has no access to deskplan in {where}; a deskplan "
                           "administrator can give it some (deskplan admin add-manager or "
                           "grant-hr)")


def _revision_of(tables: list[str], connection: Any, where: str) -> str | None:
    if not tables:
        return None
    if "alembic_version" not in tables:
        raise StorageError(f"{where} holds tables of another program, not a deskplan database; "
                           "deskplan leaves it alone")
    versions = [row[0] for row in connection.execute(text("SELECT version_num FROM "
                                                          "alembic_version"))]
    return _check_revision(versions, where)


#: The table Alembic keeps its revision in, as Alembic itself creates it.
_ALEMBIC_VERSION = Table("alembic_version", MetaData(),
                         Column("version_num", String(32), nullable=False),
                         PrimaryKeyConstraint("version_num", name="alembic_version_pkc"))


def create_sqlite(engine: Engine, where: str) -> None:
    """A new SQLite database, made in one transaction from the models and stamped with the
    newest revision: the schema every migration in turn would build (a test compares the two
    table by table: columns, defaults, keys, indexes, triggers), without loading Alembic and
    running each of them (a third of a second of a first start or an import into a new
    file). The engine is disposed of afterwards, as after a migration. (`security` imports
    the models, so `SQLModel.metadata` holds every table.)"""
    try:
        with engine.begin() as connection:
            SQLModel.metadata.create_all(connection)
            _ALEMBIC_VERSION.create(connection)
            connection.execute(_ALEMBIC_VERSION.insert().values(version_num=head_revision()))
            security.install(connection)  # the audit triggers
    except DBAPIError as error:
        raise translate(error, where) from None
    finally:
        engine.dispose()


def _migrate(engine: Engine, where: str, *, server_lock: bool = False) -> None:
    """Upgrade to this version's schema in one transaction (all or nothing)."""
    from alembic import command

    config = alembic_config()
    try:
        with engine.begin() as connection:
            if server_lock:
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                                   {"key": _MIGRATION_LOCK_KEY})
                tables = inspect(connection).get_table_names()
                if _revision_of(tables, connection, where) == head_revision():
                    return
            config.attributes["connection"] = connection
            security.drop_sqlite_triggers(connection)
            command.upgrade(config, "head")
            security.install(connection)  # triggers and policies for the tables there are now
    except DBAPIError as error:
        raise translate(error, where) from None
    finally:
        if engine.url.get_backend_name() == "sqlite":
            engine.dispose()
