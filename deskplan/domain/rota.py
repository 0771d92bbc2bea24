"""The rota: what each person does on each day.

It is held as a dense matrix of cell codes (people × days) rather than a dictionary of cells:
a year for 11,000 people is four megabytes, and the rule engine checks it in a few vectorised
passes instead of millions of Python steps. A whole day's code is its status; a day split into
morning and afternoon has a code of its own (see `model.cell_code`). The rare office day at a
site other than the person's base is kept beside the matrix, by person and date.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta

import numpy as np

from deskplan.domain.model import VALID_CELL_CODES, Cell, Status

_VALID = np.zeros(256, dtype=bool)
_VALID[list(VALID_CELL_CODES)] = True

_GROWTH_DAYS = 366


class Rota:
    def __init__(self, staff_ids: Iterable[str] = ()) -> None:
        self._index: dict[str, int] = {}
        self._origin: date | None = None
        self._cells = np.zeros((0, 0), dtype=np.uint8)
        self._sites: dict[tuple[str, date], tuple[str | None, str | None]] = {}
        for staff_id in staff_ids:
            self.add_person(staff_id)

    @classmethod
    def from_matrix(cls, staff_ids: list[str], origin: date, cells: np.ndarray,
                    sites: dict[tuple[str, date], tuple[str | None, str | None]] | None = None
                    ) -> Rota:
        """A rota over an existing (people × days) matrix of cell codes: row i is
        `staff_ids[i]`, column 0 is `origin`. Loading a year of a large organisation cell by
        cell would take seconds; this takes the matrix as it is."""
        if cells.ndim != 2 or cells.shape[0] != len(staff_ids):
            raise ValueError("the matrix needs one row per staff id")
        if cells.size and not _VALID[np.asarray(cells, dtype=np.uint8)].all():
            raise ValueError("the matrix holds a value that is not a cell code")
        rota = cls(staff_ids)
        if len(rota._index) != len(staff_ids):
            raise ValueError("staff ids must be unique")
        rota._origin = origin
        rota._cells = np.ascontiguousarray(cells, dtype=np.uint8)
        for (staff_id, day), halves in (sites or {}).items():
            rota.set_cell(staff_id, day, Cell.from_code(rota.code(staff_id, day), halves))
        return rota

    # --- people -------------------------------------------------------------------------------
    @property
    def staff_ids(self) -> list[str]:
        return list(self._index)

    def __contains__(self, staff_id: object) -> bool:
        return staff_id in self._index

    def add_person(self, staff_id: str) -> int:
        """Give `staff_id` a row (all unplanned) if it has none; return the row."""
        if staff_id in self._index:
            return self._index[staff_id]
        row = len(self._index)
        self._index[staff_id] = row
        if row >= self._cells.shape[0]:
            grown = np.zeros((max(8, 2 * row), self._cells.shape[1]), dtype=np.uint8)
            grown[: self._cells.shape[0]] = self._cells
            self._cells = grown
        return row

    def row_of(self, staff_id: str) -> int:
        return self._index[staff_id]

    # --- cells --------------------------------------------------------------------------------
    def code(self, staff_id: str, day: date) -> int:
        row = self._index.get(staff_id)
        column = self._column(day)
        if row is None or column is None:
            return 0
        return int(self._cells[row, column])

    def cell(self, staff_id: str, day: date) -> Cell:
        return Cell.from_code(self.code(staff_id, day),
                              self._sites.get((staff_id, day), (None, None)))

    def get(self, staff_id: str, day: date) -> Status:
        """The status of a whole day; a day split in halves has none (use `cell`)."""
        status = self.cell(staff_id, day).status
        if status is None:
            raise ValueError(f"{staff_id} on {day.isoformat()} is split in halves")
        return status

    def set_cell(self, staff_id: str, day: date, cell: Cell) -> Cell:
        """Set one cell and return what it was, so an edit can be undone."""
        row = self.add_person(staff_id)
        self._cover(day, day)
        column = self._column(day)
        assert column is not None
        previous = self.cell(staff_id, day)
        self._cells[row, column] = cell.code
        if cell.am_site or cell.pm_site:
            self._sites[staff_id, day] = cell.sites
        else:
            self._sites.pop((staff_id, day), None)
        return previous

    def write(self, staff_ids: list[str], first: date, codes: np.ndarray, written: np.ndarray,
              sites: dict[tuple[str, date], tuple[str | None, str | None]] | None = None
              ) -> None:
        """Set many cells at once, as `set_cell` would one by one: row i of `codes` is
        `staff_ids[i]` (given rows in that order if new), column 0 is `first`; only cells
        where `written` is True change, losing any other site unless `sites` gives one. A file
        of millions of cells is read in bulk into the matrix this way."""
        if codes.shape != written.shape or codes.shape[0] != len(staff_ids):
            raise ValueError("codes and written need one row per staff id")
        if codes.size and not _VALID[np.asarray(codes, dtype=np.uint8)].all():
            raise ValueError("the matrix holds a value that is not a cell code")
        if not written.any():
            return
        rows = np.array([self.add_person(s) for s in staff_ids], dtype=np.intp)
        columns = np.flatnonzero(written.any(axis=0))
        lo, hi = int(columns[0]), int(columns[-1]) + 1
        self._cover(first + timedelta(days=lo), first + timedelta(days=hi - 1))
        assert self._origin is not None
        offset = (first - self._origin).days
        block = self._cells[rows, offset + lo:offset + hi]
        self._cells[rows, offset + lo:offset + hi] = np.where(written[:, lo:hi],
                                                              codes[:, lo:hi], block)
        if self._sites:
            position = {staff_id: i for i, staff_id in enumerate(staff_ids)}
            for staff_id, day in list(self._sites):
                i, column = position.get(staff_id), (day - first).days
                if i is not None and 0 <= column < written.shape[1] and written[i, column]:
                    del self._sites[staff_id, day]
        for (staff_id, day), halves in (sites or {}).items():
            self.set_cell(staff_id, day, Cell.from_code(self.code(staff_id, day), halves))

    def set(self, staff_id: str, day: date, status: Status, site: str | None = None) -> Cell:
        """Set a whole day (at another site when `site` is given); return what it was."""
        return self.set_cell(staff_id, day, Cell.whole(status, site))

    def entries(self) -> Iterator[tuple[str, date, Cell]]:
        """Every planned cell, person by person and day by day."""
        if self._origin is None:
            return
        ids = self.staff_ids
        rows, columns = np.nonzero(self._cells[: len(ids)])
        for row, column in zip(rows.tolist(), columns.tolist(), strict=True):
            staff_id, day = ids[row], self._origin + timedelta(days=column)
            yield staff_id, day, Cell.from_code(int(self._cells[row, column]),
                                                self._sites.get((staff_id, day), (None, None)))

    def sites(self, staff_ids: list[str], first: date, last: date
              ) -> dict[tuple[int, int], tuple[str | None, str | None]]:
        """(index in `staff_ids`, column from `first`) → the sites of office halves planned
        away from the person's base, over `first`..`last`."""
        if not self._sites:
            return {}
        position = {staff_id: i for i, staff_id in enumerate(staff_ids)}
        days = (last - first).days + 1
        if len(position) * days < len(self._sites):
            # A few people's few days (an edit re-read): look each up, not every site stored.
            found = {}
            for staff_id, i in position.items():
                for column in range(days):
                    halves = self._sites.get((staff_id, first + timedelta(days=column)))
                    if halves is not None:
                        found[i, column] = halves
            return found
        return {(position[staff_id], (day - first).days): halves
                for (staff_id, day), halves in self._sites.items()
                if staff_id in position and first <= day <= last}

    def planned_span(self) -> tuple[date, date] | None:
        """The first and last day with any status, or None for an empty rota."""
        if self._origin is None:
            return None
        columns = np.flatnonzero(self._cells[: len(self._index)].any(axis=0))
        if columns.size == 0:
            return None
        return (
            self._origin + timedelta(days=int(columns[0])),
            self._origin + timedelta(days=int(columns[-1])),
        )

    def matrix(self, staff_ids: list[str], first: date, last: date) -> np.ndarray:
        """A fresh (people × days) array of statuses, zero (unplanned) where nothing is stored."""
        days = (last - first).days + 1
        out = np.zeros((len(staff_ids), days), dtype=np.uint8)
        if self._origin is None or not staff_ids:
            return out
        lo = (first - self._origin).days
        hi = lo + days
        src_lo, src_hi = max(lo, 0), min(hi, self._cells.shape[1])
        if src_lo >= src_hi:
            return out
        known = [i for i, s in enumerate(staff_ids) if s in self._index]
        rows = np.array([self._index[staff_ids[i]] for i in known], dtype=np.intp)
        out[np.array(known, dtype=np.intp), src_lo - lo : src_hi - lo] = self._cells[
            rows, src_lo:src_hi
        ]
        return out

    def adopt(self, other: Rota) -> None:
        """Hold `other`'s cells from now on, in place of these (`other` is not to be used
        again): a window that read part of a rota and then the whole of it keeps the one
        object its checker reads, and takes the whole year over at no cost."""
        self._index, self._origin = other._index, other._origin
        self._cells, self._sites = other._cells, other._sites

    def copy(self) -> Rota:
        clone = Rota()
        clone._index = dict(self._index)
        clone._origin = self._origin
        clone._cells = self._cells.copy()
        clone._sites = dict(self._sites)
        return clone

    # --- storage ------------------------------------------------------------------------------
    def _column(self, day: date) -> int | None:
        if self._origin is None:
            return None
        column = (day - self._origin).days
        return column if 0 <= column < self._cells.shape[1] else None

    def _cover(self, first: date, last: date) -> None:
        """Grow the matrix (with room to spare) so that it holds `first`..`last`."""
        if self._origin is None:
            self._origin = first - timedelta(days=first.timetuple().tm_yday - 1)
            self._cells = np.zeros(
                (self._cells.shape[0], max(_GROWTH_DAYS, (last - self._origin).days + 1)),
                dtype=np.uint8,
            )
            return
        lo = (first - self._origin).days
        hi = (last - self._origin).days + 1
        if lo >= 0 and hi <= self._cells.shape[1]:
            return
        pad_before = _GROWTH_DAYS if lo < 0 else 0
        new_origin = self._origin - timedelta(days=max(0, -lo) + pad_before if lo < 0 else 0)
        shift = (self._origin - new_origin).days
        width = max(self._cells.shape[1] + shift, hi + shift + _GROWTH_DAYS)
        grown = np.zeros((self._cells.shape[0], width), dtype=np.uint8)
        grown[:, shift : shift + self._cells.shape[1]] = self._cells
        self._origin, self._cells = new_origin, grown
