"""Teams go into the database and come back as the same domain objects; saves never collide."""

from __future__ import annotations

import threading
from datetime import date
from fractions import Fraction

import pytest
from sqlalchemy import func, select

from deskplan.domain.demo import demo_organisation
from deskplan.domain.model import (
    Adjustment,
    AdjustmentKind,
    Cell,
    Nation,
    Person,
    Status,
    WorkingPattern,
)
from deskplan.domain.policy import CoverageRule, Location, PeriodKind, Policy, Rule
from deskplan.storage import repository as repo
from deskplan.storage.db import Database
from deskplan.storage.errors import ConcurrentEditError, StorageError
from deskplan.storage.models import RotaMonthRow

TODAY = date(2025, 3, 12)


def _person(staff_id: str, **changes: object) -> Person:
    values: dict[str, object] = {"staff_id": staff_id, "name": f"Person {staff_id}",
                                 "role": "HR advisor", "location": "Cardiff"}
    values.update(changes)
    return Person(**values)  # type: ignore[arg-type]


def _team(db: Database, *people: Person) -> repo.TeamSummary:
    with db.session() as session:
        team = repo.create_team(session, name="Control Room")
        version = team.version
        for person in people:
            version = repo.save_person(session, team_id=team.id, person=person,
                                       expected_version=version)
    return repo.TeamSummary(team.id, team.name, len(people), version)


def test_demo_organisation_round_trips_unchanged(db: Database) -> None:
    with db.session() as session:
        created = repo.create_demo(session, today=TODAY)
    assert [t.name for t in created] == [p.name for p in demo_organisation(TODAY)]
    with db.session() as session:
        loaded = {t.name: repo.load_team(session, team_id=t.id).plan
                  for t in repo.list_teams(session)}
    for original in demo_organisation(TODAY):
        stored = loaded[original.name]
        assert stored.people == original.people
        assert stored.policy == original.policy
        assert stored.adjustments == original.adjustments
        assert sorted(stored.rota.entries()) == sorted(original.rota.entries())


def test_demo_is_not_created_twice(db: Database) -> None:
    with db.session() as session:
        repo.create_demo(session, today=TODAY)
    with db.session() as session:
        assert repo.create_demo(session, today=TODAY) == []
        assert len(repo.list_teams(session)) == 3


def test_policy_round_trips_exactly(db: Database) -> None:
    policy = Policy(
        rules=(Rule(Fraction(11, 20), category="support", location="Cardiff"),
               Rule(Fraction(2, 3), category="operational"), Rule(Fraction(1, 2))),
        period=PeriodKind.MONTH, effective_from=date(2025, 1, 6),
        training_counts_as_office=False, default_nation=Nation.NORTHERN_IRELAND,
        locations=(Location("Belfast", 12), Location("Home base", None)),
        coverage=(CoverageRule("Call handler", 2, frozenset({0, 2, 4})),),
        role_map={"Call handler": "operational", "HR advisor": "support"},
        closures=frozenset({date(2025, 12, 24), date(2025, 12, 31)}),
        working_bank_holidays=frozenset({date(2025, 3, 17)}),
    )
    with db.session() as session:
        team = repo.create_team(session, name="NI Desk", policy=policy)
    with db.session() as session:
        assert repo.load_team(session, team_id=team.id).plan.policy == policy
        version = repo.save_policy(session, team_id=team.id, policy=Policy.default(),
                                   expected_version=team.version)
    with db.session() as session:
        stored = repo.load_team(session, team_id=team.id)
    assert stored.plan.policy == Policy.default()
    assert stored.version == version == team.version + 1


def test_people_are_added_then_updated_by_staff_id(db: Database) -> None:
    compressed = WorkingPattern.from_days([0, 1, 2, 3], [33750])
    team = _team(db, _person("A1"), _person("B2", nation=Nation.SCOTLAND, pattern=compressed,
                                            start_date=date(2024, 5, 1)))
    with db.session() as session:
        repo.save_person(session, team_id=team.id, expected_version=team.version,
                         person=_person("A1", name="Ada Ames", category="support"))
        people = repo.load_team(session, team_id=team.id).plan.people
    assert [p.staff_id for p in people] == ["A1", "B2"]
    assert people[0].name == "Ada Ames"
    assert people[0].category == "support"
    assert people[1].pattern == compressed
    assert people[1].nation is Nation.SCOTLAND
    assert people[1].start_date == date(2024, 5, 1)


def test_cells_are_saved_and_unplanned_deletes_the_entry(db: Database) -> None:
    team = _team(db, _person("A1"), _person("B2"))
    changes = [("A1", date(2025, 1, 6), Cell.whole(Status.OFFICE)),
        ("A1", date(2025, 1, 31), Cell.whole(Status.HOME)),
               ("B2", date(2025, 2, 3), Cell.whole(Status.SICK)),
               ("A1", date(2024, 12, 31), Cell.whole(Status.LEAVE))]
    with db.session() as session:
        version = repo.save_cells(session, team_id=team.id, changes=changes,
                                  expected_version=team.version)
    with db.session() as session:
        rota = repo.load_team(session, team_id=team.id).plan.rota
        assert sorted(rota.entries()) == sorted(changes)
        version = repo.save_cells(session, team_id=team.id, expected_version=version, changes=[
            ("A1", date(2025, 1, 6), Cell.whole(Status.UNPLANNED)),
            ("A1", date(2025, 1, 31), Cell.whole(Status.UNPLANNED)),
            ("B2", date(2025, 2, 3), Cell.whole(Status.TRAINING)),
        ])
    with db.session() as session:
        stored = repo.load_team(session, team_id=team.id)
        months = session.connection().execute(select(func.count()).select_from(
            RotaMonthRow.__table__)).scalar_one()
    assert sorted(stored.plan.rota.entries()) == [
        ("A1", date(2024, 12, 31), Cell.whole(Status.LEAVE)),
        ("B2", date(2025, 2, 3), Cell.whole(Status.TRAINING))]
    assert months == 2  # January emptied: its row is gone, not kept full of blanks
    assert stored.version == version == team.version + 2


def test_a_stale_save_fails_and_writes_nothing(db: Database) -> None:
    team = _team(db, _person("A1"))
    other = Database.open(db.url)  # a second manager on the same database
    try:
        with db.session() as mine, other.session() as theirs:
            loaded_mine = repo.load_team(mine, team_id=team.id)
            loaded_theirs = repo.load_team(theirs, team_id=team.id)
        with other.session() as theirs:
            repo.save_cells(theirs, team_id=team.id, expected_version=loaded_theirs.version,
                            changes=[("A1", date(2025, 1, 6), Cell.whole(Status.HOME))])
        with pytest.raises(ConcurrentEditError, match=r"Control Room.*reload"), \
                db.session() as mine:
            repo.save_cells(mine, team_id=team.id, expected_version=loaded_mine.version,
                            changes=[("A1", date(2025, 1, 6), Cell.whole(Status.OFFICE))])
    finally:
        other.close()
    with db.session() as session:
        stored = repo.load_team(session, team_id=team.id)
    assert list(stored.plan.rota.entries()) == [("A1", date(2025, 1, 6), Cell.whole(Status.HOME))]
    assert stored.version == team.version + 1


def test_locked_days_are_stored_apart_from_what_is_planned_on_them(db: Database) -> None:
    team = _team(db, _person("A1"), _person("B2"))
    monday, tuesday = date(2025, 1, 6), date(2025, 1, 7)
    with db.session() as session:
        version = repo.save_cells(session, team_id=team.id, expected_version=team.version,
                                  changes=[("A1", monday, Cell.whole(Status.OFFICE))])
        version = repo.save_locks(session, team_id=team.id, expected_version=version,
                                  changes=[("A1", monday, True), ("B2", tuesday, True)])
    with db.session() as session:
        stored = repo.load_team(session, team_id=team.id)
    assert stored.plan.locked == {("A1", monday), ("B2", tuesday)}
    assert list(stored.plan.rota.entries()) == [("A1", monday, Cell.whole(Status.OFFICE))]
    with db.session() as session:  # unlocking one leaves the other, and the cell, alone
        repo.save_locks(session, team_id=team.id, expected_version=version,
                        changes=[("B2", tuesday, False), ("A1", monday, True)])
    with db.session() as session:
        stored = repo.load_team(session, team_id=team.id)
    assert stored.plan.locked == {("A1", monday)}
    assert stored.version == version + 1
    with pytest.raises(ConcurrentEditError), db.session() as session:
        repo.save_locks(session, team_id=team.id, expected_version=version,
                        changes=[("A1", monday, False)])


@pytest.mark.parametrize("write", ["save_person", "mark_left", "replace_adjustments",
                                   "save_policy", "import_people"])
def test_every_write_checks_the_version(db: Database, write: str) -> None:
    team = _team(db, _person("A1"))
    calls = {
        "save_person": lambda s, v: repo.save_person(
            s, team_id=team.id, person=_person("Z9"), expected_version=v),
        "mark_left": lambda s, v: repo.mark_left(
            s, team_id=team.id, staff_id="A1", last_day=TODAY, expected_version=v),
        "replace_adjustments": lambda s, v: repo.replace_adjustments(
            s, team_id=team.id, staff_id="A1", adjustments=[], expected_version=v),
        "save_policy": lambda s, v: repo.save_policy(
            s, team_id=team.id, policy=Policy.default(), expected_version=v),
        "import_people": lambda s, v: repo.import_people(
            s, team_id=team.id, people=[_person("Z9")], expected_version=v),
    }
    with pytest.raises(ConcurrentEditError), db.session() as session:
        calls[write](session, team.version - 1)
    with db.session() as session:
        assert calls[write](session, team.version) == team.version + 1


def test_an_error_inside_a_session_rolls_everything_back(db: Database) -> None:
    team = _team(db, _person("A1"))

    def add_then_fail() -> None:
        with db.session() as session:
            version = repo.save_person(session, team_id=team.id, person=_person("B2"),
                                       expected_version=team.version)
            repo.save_cells(session, team_id=team.id, expected_version=version,
                            changes=[("Q7", date(2025, 1, 6), Cell.whole(Status.OFFICE))])

    with pytest.raises(StorageError, match="Q7"):
        add_then_fail()
    with db.session() as session:
        stored = repo.load_team(session, team_id=team.id)
    assert [p.staff_id for p in stored.plan.people] == ["A1"]
    assert stored.version == team.version


def test_leavers_keep_their_rota_and_arrangements(db: Database) -> None:
    team = _team(db, _person("A1"), _person("B2"))
    arrangement = Adjustment("A1", AdjustmentKind.FIXED_HOME_DAYS, date(2024, 6, 1),
                             review_date=date(2025, 6, 1), weekdays=frozenset({0, 4}),
                             reference="FW-1", approver="Head of HR")
    with db.session() as session:
        version = repo.save_cells(session, team_id=team.id, expected_version=team.version,
                                  changes=[("A1", date(2025, 1, 6), Cell.whole(Status.OFFICE))])
        version = repo.replace_adjustments(session, team_id=team.id, staff_id="A1",
                                           adjustments=[arrangement], expected_version=version)
        repo.mark_left(session, team_id=team.id, staff_id="A1", last_day=date(2025, 2, 28),
                       expected_version=version)
    with db.session() as session:
        plan = repo.load_team(session, team_id=team.id).plan
        summary = repo.list_teams(session)[0]
    assert plan.people[0].end_date == date(2025, 2, 28)
    assert list(plan.rota.entries()) == [("A1", date(2025, 1, 6), Cell.whole(Status.OFFICE))]
    assert plan.adjustments == [arrangement]
    assert summary.people == 1  # the leaver is no longer counted as in the team


def test_arrangements_are_replaced_as_a_whole(db: Database) -> None:
    team = _team(db, _person("A1"))
    first = Adjustment("A1", AdjustmentKind.REDUCED_SHARE, date(2024, 1, 1), share=Fraction(2, 5))
    second = Adjustment("A1", AdjustmentKind.EXEMPT, date(2025, 1, 1), date(2025, 3, 31))
    with db.session() as session:
        version = repo.replace_adjustments(session, team_id=team.id, staff_id="A1",
                                           adjustments=[first], expected_version=team.version)
        repo.replace_adjustments(session, team_id=team.id, staff_id="A1",
                                 adjustments=[second, first], expected_version=version)
        # Stored oldest first: each arrangement keeps the row it was first saved in.
        assert repo.load_team(session, team_id=team.id).plan.adjustments == [first, second]


def test_an_edited_arrangement_keeps_its_row_and_a_dropped_one_goes(db: Database) -> None:
    from deskplan.storage.models import AdjustmentRow

    team = _team(db, _person("A1"))
    first = Adjustment("A1", AdjustmentKind.REDUCED_SHARE, date(2024, 1, 1), share=Fraction(2, 5))
    second = Adjustment("A1", AdjustmentKind.EXEMPT, date(2025, 1, 1))
    ended = Adjustment("A1", AdjustmentKind.REDUCED_SHARE, date(2024, 1, 1), date(2025, 6, 30),
                       share=Fraction(2, 5))

    def ids(session) -> list[int]:
        return list(session.exec(select(AdjustmentRow.id).order_by(AdjustmentRow.id)))

    with db.session() as session:
        version = repo.replace_adjustments(session, team_id=team.id, staff_id="A1",
                                           adjustments=[first, second],
                                           expected_version=team.version)
        before = ids(session)
        version = repo.replace_adjustments(session, team_id=team.id, staff_id="A1",
                                           adjustments=[ended, second], expected_version=version)
        assert ids(session) == before
        repo.replace_adjustments(session, team_id=team.id, staff_id="A1", adjustments=[ended],
                                 expected_version=version)
        assert ids(session) == before[:1]
        assert repo.load_team(session, team_id=team.id).plan.adjustments == [ended]


def test_team_names_are_unique_ignoring_case(db: Database) -> None:
    _team(db)
    with pytest.raises(StorageError, match="already a team"), db.session() as session:
        repo.create_team(session, name="  control   room ")
    with db.session() as session:
        assert repo.find_team(session, name="CONTROL ROOM") is not None
        assert repo.find_team(session, name="Vetting") is None


def test_loading_a_missing_team_names_it(db: Database) -> None:
    with pytest.raises(StorageError, match="no team number 42"), db.session() as session:
        repo.load_team(session, team_id=42)


def test_two_saves_at_the_same_moment_never_both_win(db: Database) -> None:
    """The second writer waits for the first; it then finds the version moved on and fails."""
    team = _team(db, _person("A1"))
    other = Database.open(db.url, busy_timeout=2.0)
    first_holds_lock = threading.Event()
    release_first = threading.Event()
    outcome: dict[str, BaseException | int] = {}

    def first() -> None:
        with db.session() as session:
            outcome["first"] = repo.save_cells(
                session, team_id=team.id, expected_version=team.version,
                changes=[("A1", date(2025, 1, 6), Cell.whole(Status.OFFICE))])
            first_holds_lock.set()
            release_first.wait(5)

    def second() -> None:
        try:
            with other.session() as session:
                repo.save_cells(session, team_id=team.id, expected_version=team.version,
                                changes=[("A1", date(2025, 1, 6), Cell.whole(Status.HOME))])
        except StorageError as error:
            outcome["second"] = error

    writer = threading.Thread(target=first)
    writer.start()
    assert first_holds_lock.wait(5)
    rival = threading.Thread(target=second)
    rival.start()
    rival.join(0.3)  # the rival is now waiting for the first writer's lock
    release_first.set()
    writer.join(5)
    rival.join(5)
    other.close()
    assert outcome["first"] == team.version + 1
    # PostgreSQL re-checks the version after the wait; SQLite reports the file as busy.
    expected = ConcurrentEditError if db.url.startswith("postgresql") else StorageError
    assert isinstance(outcome["second"], expected), outcome["second"]
    with db.session() as session:
        stored = repo.load_team(session, team_id=team.id)
    assert list(stored.plan.rota.entries()) == [
        ("A1", date(2025, 1, 6), Cell.whole(Status.OFFICE))]
    assert stored.version == team.version + 1


def test_a_loaded_rota_takes_new_people_and_days_outside_what_was_stored(db: Database) -> None:
    team = _team(db, _person("A1"), _person("B2"))
    with db.session() as session:
        repo.save_cells(session, team_id=team.id, expected_version=team.version,
                        changes=[("B2", date(2025, 3, 3), Cell.whole(Status.OFFICE))])
        rota = repo.load_team(session, team_id=team.id).plan.rota
    rota.set("C3", date(2026, 7, 1), Status.HOME)
    rota.set("A1", date(2023, 12, 31), Status.LEAVE)
    assert rota.get("B2", date(2025, 3, 3)) is Status.OFFICE
    assert sorted(rota.entries()) == [
        ("A1", date(2023, 12, 31), Cell.whole(Status.LEAVE)),
        ("B2", date(2025, 3, 3), Cell.whole(Status.OFFICE)),
        ("C3", date(2026, 7, 1), Cell.whole(Status.HOME))]
    assert rota.matrix(["B2", "A1"], date(2025, 3, 3), date(2025, 3, 4)).tolist() == [
        [Status.OFFICE, 0], [0, 0]]


def test_removing_people_deletes_only_those_with_nothing_planned(db: Database) -> None:
    team = _team(db, _person("A1"), _person("B2"))
    with db.session() as session:
        version = repo.save_cells(session, team_id=team.id, expected_version=team.version,
                                  changes=[("A1", date(2025, 3, 3), Status.OFFICE)])
    with pytest.raises(StorageError, match="mark them as left"), db.session() as session:
        repo.remove_people(session, team_id=team.id, staff_ids=["A1", "B2"],
                           expected_version=version)
    with db.session() as session:  # the refusal changed nothing
        assert {p.staff_id for p in repo.load_team(session, team_id=team.id).plan.people} \
            == {"A1", "B2"}
        version = repo.remove_people(session, team_id=team.id, staff_ids=["B2"],
                                     expected_version=version)
    with db.session() as session:
        stored = repo.load_team(session, team_id=team.id)
    assert [p.staff_id for p in stored.plan.people] == ["A1"]
    assert stored.version == version
