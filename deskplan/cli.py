"""The `deskplan` command: the planner window without arguments, subcommands for scripts."""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from deskplan import __version__
from deskplan.commands import check, demo, export, import_
from deskplan.commands.common import EXIT_BAD_INPUT
from deskplan.domain.errors import DeskplanError

COMMANDS = (check, export, import_, demo)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="deskplan",
        description="Plan office days under a hybrid-working policy. Without a command, opens "
        "the planner window.",
    )
    parser.add_argument("--version", action="version", version=f"deskplan {__version__}")
    parser.add_argument("--db", dest="window_db", type=Path, metavar="PATH",
                        help="open the window on this SQLite file (default: "
                        "$DESKPLAN_DATABASE_URL, else the file in your user data folder)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.register(subparsers)
    return parser


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
    args = build_parser().parse_args(argv)
    if args.command is None:
        from deskplan.ui.app import run  # Qt is imported only when the window is wanted

        return run(db_path=args.window_db)
    try:
        return int(args.run(args))
    except DeskplanError as error:
        print(f"deskplan: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # `deskplan check ... | head` closed the pipe: stop quietly, as command-line tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
