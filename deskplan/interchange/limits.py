"""How big a file deskplan agrees to read, checked before the file is read.

A team list of 11,000 people or a year's wide rota for them is far inside every limit; a file
beyond one is almost always a mistake (the wrong file, a corrupted export) or built to exhaust
the machine (a zip bomb, one cell written at the last row and column of a sheet). Each limit
refuses with a message that names it, so nobody waits minutes for an out-of-memory failure.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from deskplan.domain.errors import DeskplanError, InputError

#: Bytes of a text file (CSV) or of a workbook file on disk.
MAX_FILE_BYTES = 200 * 1024 * 1024
#: Rows of one table: Excel's own limit, so whatever Excel can hold is read.
MAX_ROWS = 1_048_576
#: Rows of a long rota read as a stream (`long_rota`), one per person and day: as many as the
#: cells of a wide rota, so a year of 16,000 people is read as either shape.
MAX_LONG_ROWS = 6_000_000
#: Columns of one table: five years of dates in a wide rota, with room to spare.
MAX_COLUMNS = 2_000
#: Cells of one table (rows × columns it spans): a year's wide rota of 11,000 people is 4.0 M.
MAX_CELLS = 6_000_000
#: Characters of one cell: Excel's own limit.
MAX_CELL_CHARS = 32_767
#: Uncompressed bytes of one part of a workbook (a sheet's XML), and of all its parts.
MAX_MEMBER_BYTES = 400 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 800 * 1024 * 1024
#: Parts in a workbook's zip container (a real workbook has a few dozen).
MAX_MEMBERS = 10_000
#: Uncompressed ÷ compressed size of one part: real sheets compress 10–50 times, zip bombs
#: about 1,000 times. Small parts are exempt: a few repeated bytes compress without bound.
MAX_COMPRESSION_RATIO = 200
RATIO_EXEMPT_BYTES = 1024 * 1024
#: Problems listed before the rest are only counted (a file of a million bad rows).
MAX_PROBLEMS_SHOWN = 100
#: How often (in rows) a long read asks whether the user has cancelled it.
CANCEL_EVERY = 4096

_T = TypeVar("_T")


def describe_error(error: DeskplanError) -> str:
    """How the command line and the import dialog word a refusal: a file's problems one a
    line, up to `MAX_PROBLEMS_SHOWN`, then counted (a file of a million bad rows must not
    print a million lines)."""
    if isinstance(error, InputError) and len(error.problems) > MAX_PROBLEMS_SHOWN:
        shown = "\n".join(str(p) for p in error.problems[:MAX_PROBLEMS_SHOWN])
        return f"{shown}\n… and {len(error.problems) - MAX_PROBLEMS_SHOWN:,} more problems"
    return str(error)


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f} MB"


class ReadCancelledError(Exception):
    """The user stopped reading a file: nothing was read and nothing changed.

    Not a `DeskplanError`: it is no problem with the file, and callers that asked for the
    cancellation expect it.
    """


#: Asked now and then while a file is read; True stops the reader with `ReadCancelledError`.
CancelCheck = Callable[[], bool]


def never_cancelled() -> bool:
    return False


def check_cancelled(cancelled: CancelCheck) -> None:
    if cancelled():
        raise ReadCancelledError


def cancellable_blocks(items: Iterable[_T], cancelled: CancelCheck) -> Iterator[list[_T]]:
    """`items` in lists of `CANCEL_EVERY`, asking `cancelled` before each: a reader's row loop
    written over these stops mid-file when the user cancels, whichever library gave the
    rows, and a block is still one fast comprehension."""
    iterator = iter(items)
    while True:
        check_cancelled(cancelled)
        block = list(itertools.islice(iterator, CANCEL_EVERY))
        if not block:
            return
        yield block


def cancellable(items: Iterable[_T], cancelled: CancelCheck) -> Iterator[_T]:
    """`items` one by one, asking `cancelled` before each `CANCEL_EVERY` of them."""
    return itertools.chain.from_iterable(cancellable_blocks(items, cancelled))
