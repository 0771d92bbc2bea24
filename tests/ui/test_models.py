"""Every item model of the window passes Qt's own consistency checks."""

from deskplan.domain.model import Status
from deskplan.ui.conflicts_dock import ConflictListModel
from deskplan.ui.rota_model import FooterModel, RotaModel


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
