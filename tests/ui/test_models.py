"""Every item model of the window passes Qt's own consistency checks."""

from PySide6.QtCore import QItemSelection, QPoint, QRect, QSize
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QStyleOptionViewItem

from deskplan.domain.model import Status
from deskplan.ui.conflicts_dock import ConflictListModel
from deskplan.ui.rota_cells import CellDelegate
from deskplan.ui.rota_model import FooterModel, RotaModel, natural


def test_rota_model_is_consistent(qtmodeltester, demo_window):
    assert isinstance(demo_window.model, RotaModel)
    qtmodeltester.check(demo_window.model)


def test_footer_model_is_consistent(qtmodeltester, demo_window):
    assert demo_window.panel is not None
    assert isinstance(demo_window.panel.footer_model, FooterModel)
    qtmodeltester.check(demo_window.panel.footer_model)


def test_conflict_model_is_consistent(qtmodeltester, demo_window):
    assert demo_window.dock is not None
    assert isinstance(demo_window.dock.model, ConflictListModel)
    qtmodeltester.check(demo_window.dock.model)
    qtmodeltester.check(demo_window.dock.proxy)


def test_rota_model_stays_consistent_through_an_edit(qtmodeltester, demo_window):
    model = demo_window.model
    qtmodeltester.check(model, force_py=True)
    row = 0
    column = next(c for c in range(len(model.days)) if model.working[row, c])
    view = demo_window.panel.view
    view.setCurrentIndex(model.index(row, column))
    wanted = Status.HOME if model.status[row, column] == Status.OFFICE else Status.OFFICE
    view.set_selected(wanted)
    assert model.status[row, column] == wanted
    qtmodeltester.check(model, force_py=True)


def test_qts_per_cell_paint_matches_the_block_paint(demo_window):
    view = demo_window.panel.view
    delegate = view.delegate
    assert isinstance(delegate, CellDelegate)
    model = demo_window.model
    size = QSize(30, 24)
    images = []
    for use_block in (False, True):
        image = QImage(size, QImage.Format.Format_ARGB32)
        painter = QPainter(image)
        if use_block:
            delegate.paint_block(painter, range(1, 2), range(3, 4), QPoint(0, 0), size,
                                 QItemSelection(), None)
        else:
            option = QStyleOptionViewItem()
            option.rect = QRect(QPoint(0, 0), size)
            delegate.paint(painter, option, model.index(1, 3))
        painter.end()
        images.append(image)
    assert images[0] == images[1]


def test_names_sort_naturally():
    names = ["Person 10", "person 2", "Person 1", "Ada"]
    assert sorted(names, key=natural) == ["Ada", "Person 1", "person 2", "Person 10"]
