"""The in-memory store (used by the benchmarks) behaves like the database where it matters."""

from datetime import date, timedelta

from deskplan.domain.demo import demo_organisation
from deskplan.domain.model import Adjustment, AdjustmentKind, Status
from deskplan.storage.operations import ImportArrangements, SetCells, describe_cells
from deskplan.ui.document import TeamDocument
from deskplan.ui.store import MemoryStore

TODAY = date(2025, 3, 12)


def test_a_document_over_memory_saves_and_reloads_copies(qtbot):
    store = MemoryStore(demo_organisation(TODAY))
    team = store.list_teams()[0]
    document = TeamDocument(store, team.id, TODAY - timedelta(days=2), TODAY + timedelta(days=2))
    staff_id = document.plan.people[0].staff_id
    with qtbot.waitSignal(document.conflicts_changed):
        document.perform(SetCells.of([(staff_id, TODAY, Status.TRAINING)]))
    version, stored = store.load_team(team.id)
    assert version == document.version == team.version + 1
    assert stored.rota.get(staff_id, TODAY) is Status.TRAINING
    stored.rota.set(staff_id, TODAY, Status.SICK)  # a loaded copy is the caller's own
    assert store.load_team(team.id)[1].rota.get(staff_id, TODAY) is Status.TRAINING


def test_imported_arrangements_replace_those_with_the_same_start_and_kind():
    store = MemoryStore(demo_organisation(TODAY))
    team = store.list_teams()[0]
    staff_id = store.load_team(team.id)[1].people[0].staff_id
    first = Adjustment(staff_id, AdjustmentKind.EXEMPT, TODAY, reference="A")
    store.write(team.id, ImportArrangements((first,)), team.version)
    store.write(team.id, ImportArrangements((Adjustment(staff_id, AdjustmentKind.EXEMPT, TODAY,
                                                        reference="B"),)), team.version)
    mine = [a.reference for a in store.load_team(team.id)[1].adjustments
            if a.staff_id == staff_id]
    assert mine == ["B"]


def test_undo_steps_are_named_after_what_they_do():
    day = TODAY
    assert describe_cells([("A", day, Status.OFFICE)] * 12) == "Set 12 cells to Office"
    assert describe_cells([("A", day, Status.UNPLANNED)]) == "Clear 1 cell"
    assert describe_cells([("A", day, Status.OFFICE), ("B", day, Status.HOME)]) == \
        "Change 2 cells"
