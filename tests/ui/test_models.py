"""Every item model of the window passes Qt's own consistency checks; row summaries."""

from dataclasses import replace
from datetime import date, timedelta
from fractions import Fraction

from PySide6.QtCore import QItemSelection, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QStyleOptionViewItem

from deskplan.domain.conflicts import Conflict, RuleId
from deskplan.domain.model import Cell, Person, Status, WorkingPattern
from deskplan.domain.ordering import natural
from deskplan.domain.plan import Plan
from deskplan.domain.policy import Policy, Rule
from deskplan.domain.rota import Rota
from deskplan.storage.operations import SavePeople, SetCells
from deskplan.ui.conflicts_dock import ConflictListModel
from deskplan.ui.document import TeamDocument
from deskplan.ui.rota_cells import CellDelegate
from deskplan.ui.rota_model import FooterModel, RotaModel
from deskplan.ui.store import MemoryStore
from tests.ui.conftest import save, settle


def test_rota_model_is_consistent(qtmodeltester, demo_window):
    assert isinstance(demo_window.model, RotaModel)
    qtmodeltester.check(demo_window.model)


def test_footer_model_is_consistent(qtmodeltester, demo_window):
    assert demo_window.panel is not None
    assert isinstance(demo_window.panel.footer_model, FooterModel)
    qtmodeltester.check(demo_window.panel.footer_model)


def test_the_footer_after_edits_counts_as_a_footer_counted_afresh(qtbot, demo_window):
    """An edit recounts only its day's column: every line, every day must still say what a
    footer counting the whole range from scratch says (desks, halves, cover)."""
    model, footer = demo_window.model, demo_window.panel.footer_model
    edits = [(0, Cell.whole(Status.OFFICE)), (1, Cell(Status.OFFICE, Status.HOME)),
             (2, Cell.whole(Status.HOME)), (3, Cell(Status.HOME, Status.OFFICE))]
    for row, cell in edits:
        column = next(c for c in range(len(model.days)) if model.working[row, c]
                      and model.status[row, c] != cell.code)
        demo_window.apply_changes([(model.people[row].staff_id, model.days[column], cell)])
        settle(qtbot, demo_window)
        afresh = FooterModel(model)
        assert footer.counts.tolist() == afresh.counts.tolist()
        assert footer.applies.tolist() == afresh.applies.tolist()
        assert {key: use.booked.tolist() for key, use in footer.uses.items()} == \
            {key: use.booked.tolist() for key, use in afresh.uses.items()}
        assert [[footer.text(line, c) for c in range(len(model.days))]
                for line in range(len(footer.lines))] == \
            [[afresh.text(line, c) for c in range(len(model.days))]
             for line in range(len(afresh.lines))]


def test_conflict_model_is_consistent(qtmodeltester, demo_window):
    assert demo_window.dock is not None
    assert isinstance(demo_window.dock.model, ConflictListModel)
    qtmodeltester.check(demo_window.dock.model)
    qtmodeltester.check(demo_window.dock.proxy)
    qtmodeltester.check(demo_window.dock.people)


def test_rota_model_stays_consistent_through_an_edit(qtbot, qtmodeltester, demo_window):
    model = demo_window.model
    qtmodeltester.check(model, force_py=True)
    row = 0
    column = next(c for c in range(len(model.days)) if model.working[row, c])
    view = demo_window.panel.view
    view.setCurrentIndex(model.index(row, column))
    wanted = Status.HOME if model.status[row, column] == Status.OFFICE else Status.OFFICE
    view.set_selected(wanted)
    settle(qtbot, demo_window)
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


def test_row_summaries_count_days_or_hours_with_a_mark(qtbot):
    monday = date(2025, 3, 3)
    uneven = WorkingPattern.from_days([0, 1], [8 * 3600, 6 * 3600])
    people = [Person("A", "Ann", category="support"),
              Person("B", "Bo", category="support", pattern=uneven),
              Person("C", "Cy")]
    rota = Rota(["A", "B", "C"])
    for offset in range(3):
        rota.set("A", date(2025, 3, 3 + offset), Status.OFFICE)
    rota.set("B", monday, Status.OFFICE)
    plan = Plan(people, rota, Policy((Rule(Fraction(3, 5), category="support"),)), name="T")
    store = MemoryStore([plan])
    document = TeamDocument(store, 1, monday, date(2025, 3, 9))
    model = RotaModel(document)
    ann, bo, cy = (model.summary(model.row_of(s)) for s in "ABC")
    assert (ann.text, ann.mark) == ("3/3 d", "✓")
    assert (bo.text, bo.mark) == ("8/8.4 h", "○")  # not met yet; Tuesday is still open
    assert cy.mark == "–"
    save(qtbot, document, SetCells.of([("A", monday, Cell.whole(Status.HOME)),
                                       ("A", date(2025, 3, 6), Cell.whole(Status.HOME)),
                                       ("A", date(2025, 3, 7), Cell.whole(Status.HOME))]))
    assert (model.summary(model.row_of("A")).text, model.summary(model.row_of("A")).mark) == (
        "2/3 d", "✖")
    document.close()


def test_the_day_header_names_the_teams_bank_holidays(qtbot):
    store = MemoryStore([Plan([Person("A", "Ann")], Rota(["A"]), name="T")])
    document = TeamDocument(store, 1, date(2025, 5, 1), date(2025, 5, 31))
    model = RotaModel(document)
    tip = model.headerData(4, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert tip == "Mon 5 May 2025: May Day"
    assert not model.working[0, 4]


def test_a_conflict_is_about_a_cell_a_week_a_row_or_a_day(demo_window):
    model = demo_window.model
    person = model.people[0]
    monday = next(d for d in model.days if d.weekday() == 0)
    sunday = monday + timedelta(days=6)
    column = model.column_of(monday)
    day = Conflict(RuleId.NON_WORKING_DAY, "m", monday, monday, staff_id=person.staff_id)
    week = Conflict(RuleId.BELOW_MINIMUM, "m", monday, sunday, staff_id=person.staff_id)
    whole = Conflict(RuleId.UNCLASSIFIED, "m", monday, monday, staff_id=person.staff_id)
    site = Conflict(RuleId.OVER_CAPACITY, "m", monday, monday, location=person.location.upper())
    assert model.cells_of(day) == [(0, column)]
    assert model.cells_of(week) == [(0, c) for c in range(column, column + 7)
                                    if model.working[0, c]]
    assert len(model.cells_of(whole)) == model.columnCount()
    assert model.cells_of(site) == [(r, column) for r in range(model.rowCount())
                                    if model.people[r].location == person.location]


def test_a_change_off_screen_in_a_period_on_screen_updates_the_row_summary(qtbot):
    """The March screen shows the week of 31 March, most of whose days are in April: a change
    on 1 April (off screen) changes the row's verdict for that week."""
    monday = date(2025, 3, 31)
    person = Person("K", "Kirsty", category="support",
                    pattern=WorkingPattern.from_days([1, 2, 3, 4], [7 * 3600] * 4))
    rota = Rota(["K"])
    for offset in range(1, 5):
        rota.set("K", monday + timedelta(days=offset), Status.OFFICE)
    plan = Plan([person], rota, Policy((Rule(Fraction(3, 5), category="support"),)), name="T")
    document = TeamDocument(MemoryStore([plan]), 1, date(2025, 3, 1), date(2025, 3, 31))
    model = RotaModel(document)
    row = model.row_of("K")
    assert "1 of" in model.summary(row).text  # the week of 31 March is met
    headers: list[tuple[int, int]] = []
    model.rows_changed.connect(lambda a, b: headers.append((a, b)))
    save(qtbot, document, SetCells.of([("K", monday + timedelta(days=d),
                                        Cell.whole(Status.HOME)) for d in range(1, 5)]))
    assert (row, row) in headers
    assert "0 of" in model.summary(row).text
    assert model.summary(row).mark == "✖"
    document.close()


def test_the_names_column_marks_arrangements_and_part_time_and_follows_a_rebuild(
        qtbot, demo_window):
    model = demo_window.model
    labels = [model.name_label(row) for row in range(len(model.people))]
    assert any(" ◆" in label for label in labels)
    assert any("(PT)" in label for label in labels)
    for row, person in enumerate(model.people):
        assert labels[row] == (person.name + (" ◆" if row in model.arrangement_rows else "")
                               + (" (PT)" if person.is_part_time else ""))
    person = next(p for p in model.people if not p.is_part_time)
    renamed = replace(person, name="Zed Renamed")
    save(qtbot, demo_window.document, SavePeople((renamed,)))
    row = model.row_of(person.staff_id)
    assert model.name_label(row).startswith("Zed Renamed")
