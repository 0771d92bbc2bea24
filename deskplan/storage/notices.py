"""Change notices from PostgreSQL: LISTEN on a connection of its own, on a thread of its own.

Every save moves a team's version on, and a trigger on `team` sends the team's id and new
version on the schema's channel (`security.notify_channel`) when the saving transaction
commits. Other users' windows hear it within milliseconds and reload what changed. A notice
carries ids and numbers only: a listener learns that team 17 changed, never what or by whom.
SQLite has no notices (one person, one file): `ChangeListener.start` returns None there.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable

from sqlalchemy.engine import make_url

from deskplan.storage.security import notify_channel, quote

log = logging.getLogger(__name__)

#: (team id, its version after the change)
Notice = tuple[int, int]
#: How often the listening thread looks up to see whether it should stop, in seconds.
POLL_SECONDS = 0.1


def libpq_address(url: str) -> str:
    """An SQLAlchemy URL as libpq reads it (`postgresql://…`, query options kept)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


class ChangeListener:
    """Calls `heard(team_id, version)` on its own thread for every change notice."""

    def __init__(self, url: str, heard: Callable[[int, int], None]) -> None:
        self.url = url
        self.heard = heard
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self.channel = ""

    @classmethod
    def start(cls, url: str, heard: Callable[[int, int], None]) -> ChangeListener | None:
        """A running listener, or None where there are no notices (SQLite, no driver, no
        server). Returns once the LISTEN is in force, so no later change is missed."""
        if make_url(url).get_backend_name() != "postgresql":
            return None
        listener = cls(url, heard)
        try:
            import psycopg
        except ImportError:
            return None
        try:  # live updates are a comfort: without them the window still works
            connection = psycopg.connect(libpq_address(url), autocommit=True)
        except psycopg.Error as error:
            log.warning("no live updates from the database: %s", error)
            return None
        try:
            schema = connection.execute("SELECT current_schema()").fetchone()
            if schema is None or schema[0] is None:
                connection.close()
                return None
            listener.channel = notify_channel(str(schema[0]))
            connection.execute(f"LISTEN {quote(listener.channel)}")
        except psycopg.Error as error:
            connection.close()
            log.warning("no live updates from the database: %s", error)
            return None
        listener._thread = threading.Thread(target=listener._run, args=(connection,),
                                            name="deskplan-notices", daemon=True)
        listener._thread.start()
        return listener

    def _run(self, connection: object) -> None:
        import psycopg

        assert isinstance(connection, psycopg.Connection)
        try:
            while not self._stopping.is_set():
                for notice in connection.notifies(timeout=POLL_SECONDS):
                    parsed = _parse(notice.payload)
                    if parsed is not None:
                        self.heard(*parsed)
        except psycopg.Error as error:
            if not self._stopping.is_set():
                log.warning("live updates stopped: %s", error)
        finally:
            connection.close()

    def stop(self) -> None:
        """Stop listening and close the connection (waits for the thread, at most a moment)."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=2 * POLL_SECONDS + 1)


def _parse(payload: str) -> Notice | None:
    try:
        data = json.loads(payload)
        return int(data["team"]), int(data["version"])
    except (ValueError, KeyError, TypeError):
        log.warning("ignored a change notice that is not deskplan's: %r", payload[:100])
        return None
