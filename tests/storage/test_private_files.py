"""The files that hold special-category data are readable by their owner only, and upgrade
backups do not pile up."""

from __future__ import annotations

import logging
import os
import shutil
import stat
from datetime import date
from pathlib import Path

import pytest

from deskplan.domain.model import Person, Status
from deskplan.storage import repository as repo
from deskplan.storage.db import Database, backups_of, sqlite_url
from tests.storage.old_schema import create_at_first_revision

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX's")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_database_its_folder_and_its_wal_are_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "made" / "for" / "me" / "deskplan.sqlite3"
    tmp_path.chmod(0o755)
    previous = os.umask(0o022)  # the usual umask, which would give 0644 files
    try:
        with Database.open(sqlite_url(path)) as db, db.session() as session:
            team = repo.create_team(session, name="Control Room")
            version = repo.import_people(session, team_id=team.id, people=[Person("A1", "Ada")],
                                         expected_version=team.version)
            repo.save_cells(session, team_id=team.id, expected_version=version,
                            changes=[("A1", date(2025, 1, 6), Status.OFFICE)])
            wal, shm = (path.with_name(path.name + s) for s in ("-wal", "-shm"))
            assert wal.exists()
            assert shm.exists()
            assert (mode(path), mode(wal), mode(shm)) == (0o600, 0o600, 0o600)
    finally:
        os.umask(previous)
    assert [mode(p) for p in (path.parent, path.parent.parent, path.parent.parent.parent)] == \
        [0o700] * 3
    assert mode(tmp_path) == 0o755, "a folder that was there already is left as it was"


def test_upgrade_backups_are_private_and_only_the_last_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    url = sqlite_url(path)
    create_at_first_revision(url)
    older = path.with_name(f"{path.name}.schema-0001-20200101T000000Z.bak")
    with Database.open(url) as db:
        backup = db.backup_path
    assert backup is not None
    assert mode(backup) == 0o600
    shutil.copy(backup, older)  # as if an earlier upgrade had left one too
    assert backups_of(path) == [older, backup]
    with Database.open(url) as db:  # a later open without trouble: the older copy goes
        assert db.backup_path is None
    assert backups_of(path) == [backup]
    with Database.open(url):
        pass
    assert backups_of(path) == [backup], "the last backup is always kept"


def test_the_log_is_private_across_rollovers(tmp_path: Path) -> None:
    from deskplan.log_file import PrivateRotatingFileHandler, start_logging

    path = tmp_path / "logs" / "deskplan.log"
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        start_logging(path)
        [handler] = logging.getLogger().handlers
        assert isinstance(handler, PrivateRotatingFileHandler)
        logging.getLogger("deskplan.test").warning("something to keep")
        handler.doRollover()
        logging.getLogger("deskplan.test").warning("after the rollover")
        handler.close()
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    rolled = path.with_name("deskplan.log.1")
    assert "something to keep" in rolled.read_text(encoding="utf-8")
    assert "after the rollover" in path.read_text(encoding="utf-8")
    assert (mode(path.parent), mode(path), mode(rolled)) == (0o700, 0o600, 0o600)
