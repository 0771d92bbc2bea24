"""The `deskplan` command: the planner window without arguments, subcommands for scripts."""

from __future__ import annotations

import argparse
import importlib
import io
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from deskplan import __version__
from deskplan.commands.common import EXIT_BAD_INPUT, EXIT_BUG
from deskplan.domain.errors import DeskplanError
from deskplan.interchange.limits import describe_error
from deskplan.log_file import log_file, log_handler

#: Each command's name and the module that registers and runs it.
COMMANDS = {"check": "check", "plan": "plan", "export": "export", "import": "import_",
            "fairness": "fairness", "demo": "demo", "admin": "admin"}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line, with every command, or only the command `only` (as `main` builds it
    when the first argument names one). Commands are imported here, not at the top: the
    window needs none of them, and `deskplan check` on files needs neither the database
    (SQLAlchemy) nor the export's openpyxl."""
    parser = argparse.ArgumentParser(
        prog="deskplan",
        description="Plan office days under a hybrid-working policy. Without a command, opens "
        "the planner window.",
    )
    parser.add_argument("--version", action="version", version=f"deskplan {__version__}")
    parser.add_argument("--db", dest="window_db", type=Path, metavar="PATH",
                        help="SQLite file for the window, and for a command given no --db "
                        "of its own (default: $DESKPLAN_DATABASE_URL, else the file in your "
                        "user data folder)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module in COMMANDS.items():
        if only is None or name == only:
            importlib.import_module(f"deskplan.commands.{module}").register(subparsers)
    return parser


def _window_only(argv: Sequence[str]) -> tuple[bool, Path | None]:
    """(True, its `--db` or None) for a plain `deskplan [--db PATH]`, read without building
    the command line: opening the window is the common start and must be quick. (False, None)
    for anything else, which goes through the whole parser (help, errors, commands)."""
    match list(argv):
        case []:
            return True, None
        case ["--db", path] if path and not path.startswith("-"):
            return True, Path(path)
        case [option] if option.startswith("--db=") and len(option) > len("--db="):
            return True, Path(option.removeprefix("--db="))
    return False, None


def _speak_utf8() -> None:
    """Reports use ✖ ⚠ ✓ and names such as Zoë: where the output's encoding cannot write them
    (a redirected Windows console writes cp1252), write UTF-8 instead of failing."""
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "ascii"
        try:
            "✖⚠✓".encode(encoding)
        except (UnicodeEncodeError, LookupError):
            if isinstance(stream, io.TextIOWrapper):
                stream.reconfigure(encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    _speak_utf8()
    window, window_db = _window_only(sys.argv[1:] if argv is None else argv)
    if window:
        return _open_window(window_db)
    arguments = sys.argv[1:] if argv is None else list(argv)
    named = arguments[0] if arguments and arguments[0] in COMMANDS else None
    args = build_parser(named).parse_args(arguments)
    if args.command is None:
        return _open_window(args.window_db)
    if args.window_db is not None and getattr(args, "db", False) is None:
        # `deskplan --db team.db demo` means that file, not the default one.
        args.db = args.window_db
    try:
        return int(args.run(args))
    except DeskplanError as error:
        print(f"deskplan: {describe_error(error)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # `deskplan check ... | head` closed the pipe: stop quietly, as command-line tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BAD_INPUT
    except Exception as error:  # a bug: never exit 1, which `check` uses for "conflicts found"
        return report_bug(error)


def _open_window(db_path: Path | None) -> int:
    from deskplan.ui.app import run  # Qt is imported only when the window is wanted

    return run(db_path=db_path)


def report_bug(error: Exception) -> int:
    """Log the traceback and say in one line that this is deskplan's fault, and where the
    details are; exit status 3 lets scripts tell a crash from a result."""
    path = log_file()
    log_bug(path, error)
    print(f"deskplan: internal error (a bug in deskplan, not in your files): "
          f"{type(error).__name__}: {str(error)[:200]}; the details are in {path}",
          file=sys.stderr)
    return EXIT_BUG


def log_bug(path: Path, error: Exception) -> None:
    """Append the traceback to the shared log, touching no other logging configuration."""
    logger = logging.getLogger("deskplan.cli")
    try:
        handler = log_handler(path)
    except OSError:
        return  # the message still names the file; an unwritable log must not hide the error
    logger.addHandler(handler)
    try:
        logger.error("unexpected error in deskplan %s", " ".join(sys.argv[1:]), exc_info=error)
    finally:
        logger.removeHandler(handler)
        handler.close()


if __name__ == "__main__":
    sys.exit(main())
