"""Files that hold special-category data are readable by their owner only.

The database, its `-wal`/`-shm` companions, upgrade backups, the log and the settings can all
reveal who has a health-related arrangement. On POSIX systems deskplan creates them with mode
0600 in folders of mode 0700 (SQLite gives `-wal` and `-shm` the mode of the database file).
On Windows the files live in the user's profile (`%LOCALAPPDATA%`), whose ACL already admits
only that user, the system and administrators; chmod there would only set a read-only flag, so
these helpers leave Windows alone.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
POSIX = os.name == "posix"


def private_folder(path: Path) -> None:
    """Create `path` and any missing parents as owner-only folders (existing ones are left as
    they are: they may be shared folders the user chose)."""
    missing = []
    for folder in (path, *path.parents):
        if folder.exists():
            break
        missing.append(folder)
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=PRIVATE_FOLDER)
        if POSIX:
            os.chmod(folder, PRIVATE_FOLDER)  # mkdir's mode is narrowed by the umask only


def create_private_file(path: Path) -> bool:
    """Create `path` empty with mode 0600 unless it exists; True if it was created."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        return False
    os.close(descriptor)
    if POSIX:
        os.chmod(path, PRIVATE_FILE)
    return True


def make_private(path: Path) -> bool:
    """Narrow an existing file (or folder) of ours to its owner; True if its mode changed.

    Files owned by someone else are left alone (chmod would fail, and they are not ours).
    """
    if not POSIX:
        return False
    try:
        status = path.stat()
    except FileNotFoundError:
        return False
    wanted = PRIVATE_FOLDER if path.is_dir() else PRIVATE_FILE
    if status.st_mode & 0o777 == wanted or status.st_uid != os.getuid():
        return False
    os.chmod(path, wanted)
    return True


def open_private_for_append(path: Path, encoding: str | None = None) -> object:
    """A text stream appending to `path`, created with mode 0600 if it is new (for logs)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, PRIVATE_FILE)
    return open(descriptor, "a", encoding=encoding)
