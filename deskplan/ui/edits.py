"""Undoable edits of the rota: each is one step on the undo stack and one saved transaction."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QUndoCommand

from deskplan.domain.model import Cell, as_cell
from deskplan.ui.document import TeamDocument, WriteRefusedError
from deskplan.ui.store import CellChange


def describe_change(changes: Sequence[CellChange]) -> str:
    """`Set 12 cells to Office`, `Clear 3 cells` or `Change 5 cells`: the undo step's name."""
    count = len(changes)
    cells = "1 cell" if count == 1 else f"{count} cells"
    values = {as_cell(cell) for _, _, cell in changes}
    if values == {Cell()}:
        return f"Clear {cells}"
    if len(values) == 1:
        return f"Set {cells} to {values.pop().label()}"
    return f"Change {cells}"


class SetCellsCommand(QUndoCommand):
    """Set some cells; undo puts back exactly what each cell held before."""

    def __init__(self, document: TeamDocument, changes: Sequence[CellChange],
                 text: str | None = None) -> None:
        super().__init__(text or describe_change(changes))
        self.document = document
        self.after = list(changes)
        self.before: list[CellChange] = [(staff_id, day, document.cell(staff_id, day))
                       for staff_id, day, _ in changes]

    def redo(self) -> None:
        self._apply(self.after)

    def undo(self) -> None:
        self._apply(self.before)

    def _apply(self, changes: list[CellChange]) -> None:
        try:
            self.document.apply_cells(changes)
        except WriteRefusedError:
            # Nothing was saved or shown; the document has told the window why. Dropping the
            # step keeps the stack honest about what is in the database.
            self.setObsolete(True)
