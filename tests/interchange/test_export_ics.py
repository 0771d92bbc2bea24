"""iCalendar export: all-day events people can import, with UIDs that make re-imports update."""

from datetime import UTC, date, datetime, timedelta

import icalendar

from deskplan.domain.model import Person, Status
from deskplan.interchange.ics_export import (
    event_summary,
    event_uid,
    write_ics,
    write_ics_per_person,
)

from .export_plans import MARCH, march_plan

GENERATED = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def events(path):
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return list(calendar.walk("VEVENT"))


def test_one_all_day_event_per_planned_person_day(tmp_path):
    plan = march_plan()
    path = tmp_path / "team.ics"
    count = write_ics(plan, path, *MARCH, generated=GENERATED)
    found = events(path)
    planned = [(s, d, st) for s, d, st in plan.rota.entries() if MARCH[0] <= d <= MARCH[1]]
    assert count == len(found) == len(planned)
    by_day = {(str(e["SUMMARY"]), e.decoded("DTSTART")) for e in found}
    assert ("Ben Bell: Office — Lambeth", date(2025, 3, 4)) in by_day
    assert ("Ben Bell: Home", date(2025, 3, 3)) in by_day
    assert ("Ada Ames: Away", date(2025, 3, 10)) in by_day  # leave: no reason given
    for event in found:
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is date  # all-day, not a timed event
        assert (end - start).days == 1


def test_a_persons_calendar_has_only_their_days_without_their_name(tmp_path):
    plan = march_plan()
    path = tmp_path / "ben.ics"
    write_ics(plan, path, *MARCH, staff_ids=["S002"], generated=GENERATED)
    found = events(path)
    assert {str(e["SUMMARY"]) for e in found} == {"Office — Lambeth", "Home"}
    assert len(found) == sum(1 for s, d, _ in plan.rota.entries()
                             if s == "S002" and MARCH[0] <= d <= MARCH[1])


def test_uids_are_unique_and_survive_a_change_of_plan(tmp_path):
    plan = march_plan()
    first, second = tmp_path / "before.ics", tmp_path / "after.ics"
    write_ics(plan, first, *MARCH, generated=GENERATED)
    plan.rota.set("S001", date(2025, 3, 3), Status.OFFICE)  # was Home
    write_ics(plan, second, *MARCH, generated=datetime(2025, 3, 2, tzinfo=UTC))
    before = {str(e["UID"]): str(e["SUMMARY"]) for e in events(first)}
    after = {str(e["UID"]): str(e["SUMMARY"]) for e in events(second)}
    assert len(before) == len(events(first))
    assert before.keys() == after.keys()
    changed = {uid for uid in before if before[uid] != after[uid]}
    assert len(changed) == 1
    assert after[changed.pop()] == "Ada Ames: Office — Lambeth"


def test_long_and_special_text_is_escaped_and_folded(tmp_path):
    plan = march_plan(2)
    name = "Ada, Ames; the " + "very " * 20 + "long"
    plan.people[0] = Person(staff_id="S001", name=name, category="support",
                            location="Lambeth, Block B")
    path = tmp_path / "x.ics"
    write_ics(plan, path, date(2025, 3, 4), date(2025, 3, 4), generated=GENERATED)
    raw = path.read_bytes()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    summaries = {str(e["SUMMARY"]) for e in events(path)}
    assert summaries == {f"{name}: Office — Lambeth, Block B", "Ben Bell: Office — Lambeth"}


def test_days_off_and_unplanned_days_get_no_event():
    person = Person(staff_id="S1", name="A", location="")
    assert event_summary(Status.UNPLANNED, person) is None
    assert event_summary(Status.OFFICE, person) == "Office"
    assert event_summary(Status.SICK, person) == "Away"
    assert event_summary(Status.TRAINING, person) == "Training"


def test_a_team_without_people_gives_an_empty_calendar(tmp_path):
    plan = march_plan()
    plan.people.clear()
    path = tmp_path / "empty.ics"
    assert write_ics(plan, path, *MARCH, generated=GENERATED) == 0
    assert events(path) == []


def test_one_calendar_per_person_for_the_manager_to_hand_out(tmp_path):
    plan = march_plan()
    paths = write_ics_per_person(plan, tmp_path / "calendars", *MARCH, generated=GENERATED)
    assert [p.name for p in paths] == ["S001 Ada Ames.ics", "S002 Ben Bell.ics",
                                       "S003 Cara Cole.ics", "S004 Dev Das.ics"]
    for person, path in zip(plan.people, paths, strict=True):
        found = events(path)
        assert found
        assert all(":" not in str(e["SUMMARY"]) for e in found)  # no name: it is theirs
        assert {str(e["UID"]) for e in found} <= {
            event_uid(person.staff_id, d) for d in (MARCH[0] + timedelta(days=i)
                                                    for i in range(31))}
