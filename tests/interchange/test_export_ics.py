"""iCalendar export: all-day events people can import, with UIDs that make re-imports update."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import icalendar

from deskplan.domain.model import Cell, Person, Status
from deskplan.interchange.ics_export import (
    SEQUENCE_EPOCH,
    IcsResult,
    IcsShape,
    event_summary,
    event_uid,
    sequence_number,
    team_event_uid,
    write_ics,
    write_ics_per_person,
)

from .export_plans import MARCH, march_plan

GENERATED = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def events(path):
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return list(calendar.walk("VEVENT"))


def confirmed(path):
    return [e for e in events(path) if str(e["STATUS"]) == "CONFIRMED"]


def days_of(month):
    return [month[0] + timedelta(days=i) for i in range((month[1] - month[0]).days + 1)]


def test_one_all_day_event_per_planned_person_day(tmp_path):
    plan = march_plan()
    path = tmp_path / "team.ics"
    result = write_ics(plan, path, *MARCH, generated=GENERATED)
    found = confirmed(path)
    planned = [(s, d, st) for s, d, st in plan.rota.entries() if MARCH[0] <= d <= MARCH[1]]
    assert result.events == len(found) == len(planned)
    by_day = {(str(e["SUMMARY"]), e.decoded("DTSTART")) for e in found}
    assert ("Ben Bell: Office — Lambeth", date(2025, 3, 4)) in by_day
    assert ("Ben Bell: Home", date(2025, 3, 3)) in by_day
    assert ("Ada Ames: Away", date(2025, 3, 10)) in by_day  # leave: no reason given
    for event in events(path):
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is date  # all-day, not a timed event
        assert (end - start).days == 1


def test_every_other_day_of_the_range_is_a_cancellation(tmp_path):
    plan = march_plan()
    path = tmp_path / "team.ics"
    result = write_ics(plan, path, *MARCH, generated=GENERATED)
    found = events(path)
    assert len(found) == len(plan.people) * 31  # every person-day once
    assert len({str(e["UID"]) for e in found}) == len(found)
    cancelled = [e for e in found if str(e["STATUS"]) == "CANCELLED"]
    assert result.cancelled == len(cancelled) == len(found) - result.events
    saturday = event_uid("S001", date(2025, 3, 1))
    assert saturday in {str(e["UID"]) for e in cancelled}


def test_leave_is_busy_and_out_of_office_and_office_days_say_where(tmp_path):
    plan = march_plan()
    path = tmp_path / "ada.ics"
    write_ics(plan, path, *MARCH, staff_ids=["S001"], generated=GENERATED)
    by_day = {e.decoded("DTSTART"): e for e in events(path)}
    leave = by_day[date(2025, 3, 10)]
    assert str(leave["TRANSP"]) == "OPAQUE"
    assert str(leave["X-MICROSOFT-CDO-BUSYSTATUS"]) == "OOF"
    assert "LOCATION" not in leave
    office = by_day[date(2025, 3, 4)]
    assert str(office["LOCATION"]) == "Lambeth"
    assert str(office["TRANSP"]) == "TRANSPARENT"  # at work: free for meetings
    assert str(office["X-MICROSOFT-CDO-BUSYSTATUS"]) == "FREE"
    home = by_day[date(2025, 3, 3)]
    assert "LOCATION" not in home
    assert str(home["TRANSP"]) == "TRANSPARENT"


def test_the_sequence_grows_with_every_later_export(tmp_path):
    plan = march_plan()
    first, second = tmp_path / "before.ics", tmp_path / "after.ics"
    write_ics(plan, first, *MARCH, generated=GENERATED)
    write_ics(plan, second, *MARCH, generated=GENERATED + timedelta(seconds=1))
    before = {int(e["SEQUENCE"]) for e in events(first)}
    after = {int(e["SEQUENCE"]) for e in events(second)}
    assert len(before) == len(after) == 1
    assert after.pop() == before.pop() + 1
    assert sequence_number(GENERATED) == int((GENERATED - SEQUENCE_EPOCH).total_seconds())
    assert sequence_number(datetime(2092, 1, 1, tzinfo=UTC)) < 2**31  # a 32-bit integer


def apply(calendar, path):
    """What a client does with an imported file (RFC 5545 3.8.7.4): a version with a higher
    sequence replaces the one it has; a cancelled one is kept as cancelled, so it is not
    shown. Returns what the calendar shows."""
    for event in events(path):
        uid, sequence = str(event["UID"]), int(event["SEQUENCE"])
        if uid not in calendar or calendar[uid][0] < sequence:
            calendar[uid] = (sequence, str(event["STATUS"]), str(event["SUMMARY"]),
                             event.decoded("DTSTART"))
    return {(summary, day) for _, status, summary, day in calendar.values()
            if status != "CANCELLED"}


def test_a_calendar_that_imports_a_newer_export_ends_up_with_the_new_plan(tmp_path):
    plan = march_plan()
    first, second = tmp_path / "before.ics", tmp_path / "after.ics"
    write_ics(plan, first, *MARCH, staff_ids=["S001"], generated=GENERATED)
    plan.rota.set("S001", date(2025, 3, 4), Status.UNPLANNED)  # a cleared Office day
    plan.rota.set("S001", date(2025, 3, 3), Status.OFFICE)  # was Home
    write_ics(plan, second, *MARCH, staff_ids=["S001"],
              generated=datetime(2025, 3, 2, tzinfo=UTC))
    calendar = {}
    apply(calendar, first)
    assert ("Office — Lambeth", date(2025, 3, 4)) in apply({}, first)
    shown = apply(calendar, second)
    assert shown == apply({}, second)  # the same as importing only the newer file
    assert ("Office — Lambeth", date(2025, 3, 4)) not in shown
    assert ("Office — Lambeth", date(2025, 3, 3)) in shown
    assert ("Home", date(2025, 3, 3)) not in shown
    assert apply(calendar, first) == shown  # an older file changes nothing any more


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


def test_the_team_calendar_has_one_event_per_day_and_site_naming_who_is_in(tmp_path):
    plan = march_plan()
    plan.people[3] = replace(plan.people[3], location="Glasgow")
    path = tmp_path / "team.ics"
    result = write_ics(plan, path, *MARCH, generated=GENERATED, shape=IcsShape.TEAM)
    found = events(path)
    assert len(found) == 2 * 31  # one per site and day, cancelled where nobody is in
    tuesday = {str(e["LOCATION"]): e for e in found
               if e.decoded("DTSTART") == date(2025, 3, 4)}
    lambeth = tuesday["Lambeth"]
    assert str(lambeth["SUMMARY"]) == "Lambeth: 3 in — Ada Ames, Ben Bell, Cara Cole"
    assert str(lambeth["DESCRIPTION"]).splitlines()[1:] == ["Ada Ames", "Ben Bell",
                                                            "Cara Cole"]
    assert str(lambeth["TRANSP"]) == "TRANSPARENT"
    assert str(tuesday["Glasgow"]["SUMMARY"]) == "Glasgow: 1 in — Dev Das"
    saturday = [e for e in found if e.decoded("DTSTART") == date(2025, 3, 1)]
    assert {str(e["STATUS"]) for e in saturday} == {"CANCELLED"}
    office_days = {(p.location, d) for p in plan.people for d in days_of(MARCH)
                   if plan.rota.get(p.staff_id, d) is Status.OFFICE}
    assert result.events == len(office_days)
    assert result.cancelled == len(found) - result.events
    personal = {event_uid(p.staff_id, d) for p in plan.people for d in days_of(MARCH)}
    assert not personal & {str(e["UID"]) for e in found}
    assert {str(e["UID"]) for e in found} == {team_event_uid("HR Team", site, d)
                                              for site in ("Lambeth", "Glasgow")
                                              for d in days_of(MARCH)}


def test_a_busy_day_names_the_first_few_in_the_summary_and_everyone_below(tmp_path):
    plan = march_plan(9)
    path = tmp_path / "team.ics"
    write_ics(plan, path, date(2025, 3, 4), date(2025, 3, 4), generated=GENERATED,
              shape=IcsShape.TEAM)
    (event,) = events(path)
    summary = str(event["SUMMARY"])
    assert summary.startswith("Lambeth: 9 in — Ada Ames, Ben Bell")
    assert summary.endswith(", …")
    assert len(str(event["DESCRIPTION"]).splitlines()) == 1 + 9


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
    assert {str(e["LOCATION"]) for e in events(path)} == {"Lambeth, Block B", "Lambeth"}


def test_days_off_and_unplanned_days_get_no_event():
    person = Person(staff_id="S1", name="A", location="")
    assert event_summary(Cell.whole(Status.UNPLANNED), person) is None
    assert event_summary(Cell.whole(Status.OFFICE), person) == "Office"
    assert event_summary(Cell.whole(Status.SICK), person) == "Away"
    assert event_summary(Cell.whole(Status.TRAINING), person) == "Training"
    assert event_summary(Cell.whole(Status.OFFICE, "Hendon"), person) == "Office — Hendon"
    assert event_summary(Cell(Status.OFFICE, Status.LEAVE), person) == "Office (am) · Away (pm)"


def test_a_team_without_people_gives_an_empty_calendar(tmp_path):
    plan = march_plan()
    plan.people.clear()
    path = tmp_path / "empty.ics"
    assert write_ics(plan, path, *MARCH, generated=GENERATED) == IcsResult(0, 0)
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
        assert {str(e["UID"]) for e in found} == {event_uid(person.staff_id, d)
                                                  for d in days_of(MARCH)}
