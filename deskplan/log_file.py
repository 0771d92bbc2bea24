"""The log file the window and the command line share: warnings, and the details of bugs.

A bug's message names this file, so whoever reports it can attach the traceback. Kept free of
Qt so that the command line can log a crash without loading the window's libraries. Every log
file is readable by its owner only: a crash report can name people and teams.
"""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Any

from platformdirs import user_log_dir

from deskplan.private_files import make_private, open_private_for_append, private_folder

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def log_file() -> Path:
    """Where deskplan logs (warnings, and the details of any crash)."""
    return Path(user_log_dir("deskplan", appauthor=False)) / "deskplan.log"


class PrivateRotatingFileHandler(RotatingFileHandler):
    """A rotating log whose every file (the first, and each one after a rollover) is created
    readable by its owner only: a crash report can name people and teams."""

    def _open(self) -> Any:
        return open_private_for_append(Path(self.baseFilename), self.encoding)


def log_handler(path: Path) -> logging.Handler:
    """The rotating, owner-only handler for `path`; OSError if it cannot be written."""
    private_folder(path.parent)
    make_private(path)  # a log an older version created with the umask's mode
    handler = PrivateRotatingFileHandler(path, maxBytes=1_000_000, backupCount=2,
                                         encoding="utf-8")
    handler.setFormatter(logging.Formatter(_FORMAT))
    return handler


def start_logging(path: Path) -> None:
    """Log to a small rotating file, so a crash report can be found after the dialog is gone."""
    try:
        handler = log_handler(path)
    except OSError:
        handler = logging.StreamHandler()  # an unwritable log folder must not stop the app
        handler.setFormatter(logging.Formatter(_FORMAT))
    logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)
