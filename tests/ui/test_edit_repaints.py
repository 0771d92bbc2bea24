"""What a cell edit repaints: the edited cell, the rows whose summary changed and the status
bar's words, never the whole window (in a team of 11,000 that was most of an edit's cost)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

from deskplan.domain.model import Status
from tests.ui.conftest import settle, working_cells


class PaintLog(QObject):
    """Every paint event in the application: the widget and the height and width painted."""

    def __init__(self) -> None:
        super().__init__()
        self.paints: list[tuple[QWidget, int, int]] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget):
            rect = event.rect()  # type: ignore[attr-defined]
            self.paints.append((watched, rect.height(), rect.width()))
        return False


def test_a_cell_edit_repaints_its_rows_not_the_headers_or_the_window(qtbot, demo_window):
    window = demo_window
    model, view = window.model, window.panel.view
    assert model is not None
    QApplication.processEvents()
    row = 0
    column = working_cells(window, row)[0]
    status = Status.HOME if model.status[row, column] == Status.OFFICE else Status.OFFICE
    log = PaintLog()
    app = QApplication.instance()
    app.installEventFilter(log)
    try:
        window.apply_changes([(model.people[row].staff_id, model.days[column], status)])
        settle(qtbot, window)
        QApplication.processEvents()
    finally:
        app.removeEventFilter(log)
    assert model.status[row, column] == status
    names, days = view.verticalHeader().viewport(), view.horizontalHeader().viewport()
    row_height = view.verticalHeader().sectionSize(row)
    painted_names = [h for w, h, _ in log.paints if w is names]
    # The edited person's row is repainted (its summary may have changed), not every row.
    assert painted_names, "the edited row's summary is repainted"
    assert max(painted_names) <= row_height
    assert not [w for w, _, _ in log.paints if w is days]  # the days did not change
    # The grid repaints the cell alone: a new status text does not lay the window out again
    # (which repainted the grid and both headers whole).
    painted_cells = [(h, wide) for w, h, wide in log.paints if w is view.viewport()]
    assert painted_cells
    assert max(h for h, _ in painted_cells) <= row_height
    assert max(wide for _, wide in painted_cells) <= view.columnWidth(column)
    assert "saved" in window.counts_label.text()


def test_the_counts_label_keeps_its_size_unless_a_text_needs_more_room(demo_window):
    label = demo_window.counts_label
    label.setText("1 error · 2 warnings · saved")
    size = label.size()
    label.setText("3 errors · 4 warnings · saved")
    assert label.size() == size
    label.setText("as it happened: 12345 errors · 67890 warnings · draft not saved · saving…")
    assert label.width() > size.width()
    assert label.width() >= label.fontMetrics().horizontalAdvance(label.text())
    wide = label.size()
    label.setText("")
    assert label.size() == wide  # never shrunk: the next text needs no layout either
