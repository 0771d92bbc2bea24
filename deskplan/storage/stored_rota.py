"""How the rota is stored, without SQLAlchemy: one letter per day in a month row.

Both the repository and the window's first read (`first_read`, which must not load
SQLAlchemy or SQLModel) decode month rows into a `Rota` here, so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import numpy as np

from deskplan.domain.rota import Rota

#: The character stored for each cell code (index = code, see `deskplan.domain.model.Cell`):
#: a whole day is its status letter (`.` unplanned, so files written before half days read the
#: same); a day split in halves is one of the other characters. Code 7 is no cell (`?`).
ROTA_LETTERS = (".OHLSTB?"
                "0123456789abcdefghijklmnopqrstuvwxyz"
                "ACDEFGIJKMNPQRUVWXYZ#%&*+=<>")
#: Cell code of each stored byte; bytes that are no cell letter read as unplanned.
DECODE = np.zeros(256, dtype=np.uint8)
for _value, _letter in enumerate(ROTA_LETTERS):
    if _letter != "?":
        DECODE[ord(_letter)] = _value


def rota_from_rows(rows: Sequence[Any],
                   sites: dict[tuple[str, date], tuple[str | None, str | None]],
                   staff_ids: list[str], staff_by_id: Mapping[int, str]) -> Rota:
    """One team's (person id, month as text, letters) rows and other-site days as its rota:
    every month row decoded into one matrix in a few numpy steps."""
    if not rows:
        return Rota(staff_ids)
    person_of, month_of, days_of = zip(*rows, strict=True)
    months = {text: date.fromisoformat(text[:10]) for text in set(month_of)}
    row_of = {staff_id: i for i, staff_id in enumerate(staff_ids)}
    origin = min(months.values()).replace(month=1)
    offset_of = {text: (month - origin).days for text, month in months.items()}
    width = max(offset_of.values()) + 31
    start_of = {person_id: row_of[staff_id] * width for person_id, staff_id in staff_by_id.items()}
    lengths = np.fromiter(map(len, days_of), dtype=np.intp, count=len(rows))
    starts = np.array([start_of[p] + offset_of[m] for p, m in zip(person_of, month_of,
                                                                  strict=True)], dtype=np.intp)
    letters = np.frombuffer("".join(days_of).encode("ascii"), dtype=np.uint8)
    offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
    cells = np.zeros(len(staff_ids) * width, dtype=np.uint8)
    cells[offsets + np.arange(letters.size)] = DECODE[letters]
    return Rota.from_matrix(staff_ids, origin, cells.reshape(len(staff_ids), width), sites)


def weekdays_of(mask: int) -> frozenset[int]:
    """The weekdays (0 = Monday) of a stored bit mask."""
    return frozenset(d for d in range(7) if mask >> d & 1)
