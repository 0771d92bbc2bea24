"""Reading an old binary workbook (.xls) in a child process with a memory limit.

The .xls reader is native code that sizes its buffers from numbers in the file; a damaged or
crafted file can make it ask for gigabytes, and a failed allocation in native code ends the
whole process, window included, with no chance to say why. Run in a child process (limited to
`CHILD_MEMORY_BYTES` where the system allows a limit), such a file only ends the child, and
deskplan refuses the file with a message. The child answers with JSON on stdout.

The frozen app has no separate Python: there the child is the app itself, started with
`CHILD_FLAG` (see `packaging/launcher.py`, which answers it before loading anything else).
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from deskplan.domain.errors import InputError, Problem
from deskplan.interchange.limits import MAX_CELLS, CancelCheck, ReadCancelledError

CHILD_FLAG = "--read-workbook-child"
#: Address space for the child: a full BIFF8 sheet (65,536 × 256 cells) needs about 0.6 GB.
CHILD_MEMORY_BYTES = 2 * 1024 ** 3
#: A reader still busy after this long is stuck on the file.
CHILD_SECONDS = 120.0
_RESAVE = "open it in Excel or LibreOffice and save it as .xlsx, or as .csv"


def child_command() -> list[str]:
    if getattr(sys, "frozen", False):
        return [sys.executable, CHILD_FLAG]
    return [sys.executable, "-m", "deskplan.interchange.workbook_child"]


def read_isolated(path: Path, sheet: str | None, cancelled: CancelCheck,
                  names_only: bool = False) -> dict[str, Any]:
    """The child's answer: `names`, and unless `names_only` the sheet's `rows` (texts),
    `merged` ranges and `start` (none when the workbook has no such sheet); or `error` with
    the reader's `kind` of complaint."""
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # no console flashing up on Windows
    args = [*child_command(), str(path), sheet or "", "names" if names_only else "cells"]
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL, creationflags=flags)
    started = time.monotonic()
    while True:
        try:
            out, _ = process.communicate(timeout=0.1)
            break
        except subprocess.TimeoutExpired:
            if cancelled() or time.monotonic() - started > CHILD_SECONDS:
                process.kill()
                process.communicate()
                if cancelled():
                    raise ReadCancelledError from None
                raise _refuse(path, f"the workbook reader was still busy after "
                              f"{CHILD_SECONDS:.0f} s: the file is damaged; {_RESAVE}") from None
    if process.returncode != 0 or not out:
        raise _refuse(path, "the workbook is damaged: the reader could not read it within "
                      f"{CHILD_MEMORY_BYTES // 1024 ** 3} GB of memory (it stopped with status "
                      f"{process.returncode}); {_RESAVE}")
    answer: dict[str, Any] = json.loads(out)
    return answer


def _refuse(path: Path, message: str) -> InputError:
    return InputError([Problem(message, file=path.name)])


def serve(argv: list[str]) -> int:
    """The child: read `argv` = [path, sheet or "", "names" | "cells"], print JSON."""
    _limit_memory()
    path, sheet, what = argv
    from python_calamine import CalamineWorkbook

    from deskplan.interchange.xlsx_table import value_text

    try:
        workbook = CalamineWorkbook.from_path(path)
        answer: dict[str, Any] = {"names": list(workbook.sheet_names)}
        if what == "cells" and (sheet or workbook.sheet_names[0]) in answer["names"]:
            worksheet = workbook.get_sheet_by_name(sheet or workbook.sheet_names[0])
            if worksheet.height * worksheet.width > MAX_CELLS:
                answer["error"] = (f"the sheet spans more than the {MAX_CELLS:,} cells "
                                   "deskplan reads")
                answer["kind"] = "limit"
            else:
                answer["rows"] = [[value_text(v) for v in row] for row in worksheet.to_python()]
                answer["start"] = list(worksheet.start or (0, 0))
                answer["merged"] = [[r0, c0, r1, c1] for (r0, c0), (r1, c1)
                                    in worksheet.merged_cell_ranges or ()]
    except Exception as error:  # the file's damage, reported to the parent as such
        answer = {"error": str(error).splitlines()[0] if str(error) else type(error).__name__,
                  "kind": type(error).__name__}
    sys.stdout.write(json.dumps(answer))
    return 0


def _limit_memory() -> None:
    try:
        import resource
    except ImportError:  # Windows: no limit; a runaway reader still ends only this process
        return
    with contextlib.suppress(ValueError, OSError):  # a lower limit in force protects as well
        resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY_BYTES, CHILD_MEMORY_BYTES))


if __name__ == "__main__":
    sys.exit(serve(sys.argv[1:]))
