"""Opening a team reads the months shown first and the rest of the rota on the worker: the
window then shows what a window that read everything at once shows, and an edit made while
the rest is being read waits for it (it is neither lost nor judged on part of the plan)."""

from __future__ import annotations

import random
import threading
from dataclasses import replace
from datetime import date, timedelta

import numpy as np
from PySide6.QtCore import QSettings

from deskplan.domain.demo import demo_organisation
from deskplan.domain.model import Cell, Status
from deskplan.domain.plan import Plan
from deskplan.domain.policy import PeriodKind
from deskplan.domain.rota import Rota
from deskplan.storage import repository
from deskplan.storage.db import Database
from deskplan.storage.operations import SetCells
from deskplan.ui.db_store import DatabaseStore
from deskplan.ui.document import TeamDocument
from deskplan.ui.main_window import MainWindow
from deskplan.ui.rota_model import RotaModel
from deskplan.ui.store import MemoryStore
from tests.ui.conftest import settle

FIRST, LAST = date(2025, 1, 1), date(2025, 12, 31)
MARCH = (date(2025, 3, 1), date(2025, 3, 31))
STATUSES = [Status.OFFICE, Status.OFFICE, Status.HOME, Status.LEAVE, Status.UNPLANNED]


def year_plan(seed: int = 5) -> Plan:
    """The demo's first team with a whole year planned at random (some days at another
    site), so that the months shown are a small part of what is stored."""
    plan = demo_organisation(date(2025, 3, 12))[0]
    rng = random.Random(seed)
    rota = Rota(p.staff_id for p in plan.people)
    day = FIRST
    while day <= LAST:
        for person in plan.people:
            status = rng.choice(STATUSES)
            if status is not Status.UNPLANNED:
                site = "Glasgow" if status is Status.OFFICE and rng.random() < 0.02 else None
                rota.set(person.staff_id, day, status, site)
        day += timedelta(days=1)
    return replace(plan, rota=rota)


def view_of(document: TeamDocument) -> tuple[object, ...]:
    """Everything the grid, its row summaries and the Conflicts panel show."""
    model = RotaModel(document)
    return (model.status.tolist(), model.working.tolist(), sorted(model.sites.items()),
            [model.summary(row) for row in range(len(model.people))],
            [(c.rule, c.staff_id, c.start, c.end, c.message) for c in document.checker.conflicts])


def test_the_window_shows_after_the_background_read_what_a_whole_read_shows(qtbot):
    plan = year_plan()
    whole = TeamDocument(MemoryStore([plan]), 1, *MARCH)
    store = MemoryStore([plan], partial=True)
    store.gate = threading.Event()
    part = TeamDocument(store, 1, *MARCH)
    assert part.loading  # the months shown are read; the rest is still being read
    assert view_of(part) == view_of(whole)  # judged on the months read alone, the same
    store.gate.set()
    qtbot.waitUntil(lambda: not part.busy, timeout=10000)
    assert part.read_at_once == 0
    assert view_of(part) == view_of(whole)
    ids = plan.rota.staff_ids
    assert np.array_equal(part.plan.rota.matrix(ids, FIRST, LAST),
                          whole.plan.rota.matrix(ids, FIRST, LAST))
    assert part.plan.rota.sites(ids, FIRST, LAST) == whole.plan.rota.sites(ids, FIRST, LAST)
    # Another month after everything is read: the same as well.
    for document in (part, whole):
        document.set_range(date(2025, 10, 1), date(2025, 10, 31))
    assert view_of(part) == view_of(whole)
    part.close()
    whole.close()


def test_a_range_not_read_yet_is_read_at_once_never_judged_on_empty_months(qtbot):
    plan = year_plan()
    store = MemoryStore([plan], partial=True)
    store.gate = threading.Event()
    part = TeamDocument(store, 1, *MARCH)
    whole = TeamDocument(MemoryStore([plan]), 1, *MARCH)
    store.gate.set()  # the worker may read now; the window asks for October before
    for document in (part, whole):
        document.set_range(date(2025, 10, 1), date(2025, 10, 31))
    assert view_of(part) == view_of(whole)
    qtbot.waitUntil(lambda: not part.busy, timeout=10000)
    assert view_of(part) == view_of(whole)
    part.close()
    whole.close()


def test_an_edit_made_while_the_rest_is_read_waits_for_it_and_is_judged_on_the_whole_plan(
        qtbot):
    plan = year_plan()
    person = plan.people[0].staff_id
    shown_day = date(2025, 3, 12)
    later = date(2025, 9, 10)  # outside the months read first
    before_later = plan.rota.cell(person, later)
    assert before_later.code  # planned: a read of part of the plan would see nothing there
    store = MemoryStore([plan], partial=True)
    store.gate = threading.Event()
    document = TeamDocument(store, 1, *MARCH)
    assert document.loading
    new_shown = Cell.whole(Status.TRAINING)
    new_later = Cell.whole(Status.SICK)
    document.perform(SetCells.of([(person, shown_day, new_shown), (person, later, new_later)],
                                 "two days"))
    # Queued, not saved, not shown, and the store untouched until the rest is read.
    assert document.busy
    assert store.load_team(1)[1].rota.cell(person, shown_day) == plan.rota.cell(person,
                                                                                 shown_day)
    assert document.cell(person, shown_day) == plan.rota.cell(person, shown_day)
    store.gate.set()
    qtbot.waitUntil(lambda: not document.busy, timeout=10000)
    assert document.read_at_once == 0
    stored = store.load_team(1)[1]
    assert stored.rota.cell(person, shown_day) == new_shown
    assert stored.rota.cell(person, later) == new_later
    assert document.cell(person, later) == new_later
    fresh = TeamDocument(MemoryStore([stored]), 1, *MARCH)
    assert view_of(document) == view_of(fresh)
    # Its undo was worked out on the whole plan: the September day comes back as it was.
    document.undo_stack.undo()
    qtbot.waitUntil(lambda: not document.busy, timeout=10000)
    stored = store.load_team(1)[1]
    assert stored.rota.cell(person, later) == before_later
    assert stored.rota.cell(person, shown_day) == plan.rota.cell(person, shown_day)
    document.close()
    fresh.close()


def _stored(plan: Plan, url: str) -> int:
    """The id of a new team in the database at `url` holding `plan`'s people and rota."""
    with Database.open(url) as db, db.session() as session:
        team = repository.create_team(session, name=plan.name, policy=plan.policy)
        version = repository.import_people(session, team_id=team.id, people=plan.people,
                                           expected_version=team.version)
        repository.save_cells(session, team_id=team.id, changes=list(plan.rota.entries()),
                              expected_version=version)
        return team.id


def test_the_database_reads_the_months_a_check_reads_then_the_whole_rota(tmp_path):
    plan = year_plan()
    url = f"sqlite:///{tmp_path / 'deskplan.sqlite3'}"
    team_id = _stored(plan, url)
    with Database.open(url) as db, db.session() as session:
        whole = repository.load_team(session, team_id=team_id).plan
        part = repository.load_team(session, team_id=team_id, around=MARCH)
        version, rota = repository.load_rota(session, team_id=team_id)
        span = repository.planned_span(session, team_id=team_id)
    assert part.rota_months == (date(2025, 2, 1), date(2025, 4, 30))
    checker = whole.checker(*MARCH)
    assert part.rota_months[0] <= checker.facts.first
    assert checker.facts.last <= part.rota_months[1]
    ids = whole.rota.staff_ids
    assert np.array_equal(part.plan.rota.matrix(ids, FIRST, LAST),
                          _only_months(whole.rota, ids, *part.rota_months))
    assert np.array_equal(rota.matrix(ids, FIRST, LAST), whole.rota.matrix(ids, FIRST, LAST))
    assert rota.sites(ids, FIRST, LAST) == whole.rota.sites(ids, FIRST, LAST)
    assert version == part.version
    assert span == whole.rota.planned_span() == plan.rota.planned_span()


def _only_months(rota: Rota, ids: list[str], first: date, last: date) -> np.ndarray:
    """The year's matrix with everything outside `first`..`last` unplanned."""
    codes = rota.matrix(ids, FIRST, LAST)
    days = np.array([FIRST + timedelta(days=i) for i in range(codes.shape[1])])
    codes[:, (days < first) | (days > last)] = 0
    return codes


def test_the_window_opens_on_the_months_shown_and_reads_the_rest_behind(qtbot, tmp_path):
    plan = year_plan()
    url = f"sqlite:///{tmp_path / 'deskplan.sqlite3'}"
    team_id = _stored(plan, url)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(DatabaseStore(Database.open(url)), settings, today=date(2025, 3, 12))
    qtbot.addWidget(window)
    window.resize(1300, 800)
    window.show()
    document = window.document
    assert document is not None
    assert document.loading or document.read_at_once == 0
    settle(qtbot, window)
    assert document.read_at_once == 0  # nothing shown needed the whole year at once
    assert "saved" in window.counts_label.text()
    with Database.open(url) as db, db.session() as session:
        read_whole = repository.load_team(session, team_id=team_id).plan
    whole = TeamDocument(MemoryStore([read_whole]), 1, document.first, document.last)
    assert view_of(document) == view_of(whole)
    window.grab().save(str(tmp_path / "opened.png"))
    whole.close()
    window.close()


def test_every_period_kind_and_range_counts_on_the_months_read_what_the_whole_plan_counts(
        qtbot):
    """The counts a large team shows at its first paint come from the months a check of the
    range reads: under each kind of period (a week or a rolling window reaching into months
    not shown, a quarter), for a week, a month and a quarter shown, at month ends and at the
    year's edges, they are the conflicts of the whole plan (a count once seen as 67 at the
    first paint and 71 later must not happen)."""
    base = year_plan(seed=11)
    periods = [(PeriodKind.WEEK, None), (PeriodKind.MONTH, None), (PeriodKind.QUARTER, None),
               (PeriodKind.ROLLING, 4), (PeriodKind.ROLLING, 13)]
    ranges = [(date(2025, 3, 31), date(2025, 4, 6)), (date(2025, 1, 1), date(2025, 1, 31)),
              (date(2025, 6, 1), date(2025, 6, 30)), (date(2025, 10, 1), date(2025, 12, 31)),
              (date(2025, 12, 29), date(2026, 1, 4)), (date(2024, 12, 30), date(2025, 1, 5))]
    for period, weeks in periods:
        plan = replace(base, policy=replace(base.policy, period=period, rolling_weeks=weeks))
        for first, last in ranges:
            store = MemoryStore([plan], partial=True)
            store.gate = threading.Event()  # the rest is not read until the counts are taken
            part = TeamDocument(store, 1, first, last)
            whole = TeamDocument(MemoryStore([plan]), 1, first, last)
            assert part.loading
            shown = [(c.rule, c.staff_id, c.start, c.end, c.message)
                     for c in whole.checker.conflicts]
            assert [(c.rule, c.staff_id, c.start, c.end, c.message)
                    for c in part.checker.conflicts] == shown, (period, weeks, first)
            assert part.checker.counts == whole.checker.counts
            store.gate.set()
            qtbot.waitUntil(lambda document=part: not document.busy, timeout=10000)
            assert [(c.rule, c.staff_id, c.start, c.end, c.message)
                    for c in part.checker.conflicts] == shown, (period, weeks, first)
            part.close()
            whole.close()
