"""A contract change from a date (`Person.with_change`) keeps the records before it and the
changes recorded after it: what the change sets carries on until a later record sets it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from deskplan.domain.model import Nation, Person, Terms, WorkingPattern, with_timeline

JUNE, SEPTEMBER, DECEMBER = date(2026, 6, 1), date(2026, 9, 1), date(2026, 12, 1)
FULL = WorkingPattern.from_days([0, 1, 2, 3, 4], [27000] * 5)
FOUR_DAYS = WorkingPattern.from_days([0, 1, 2, 3], [27000] * 4)
BASE = Terms(role="Analyst", category="support", location="Lambeth", pattern=FULL)


def ada(*records: tuple[date | None, Terms]) -> Person:
    return with_timeline(Person("A1", "Ada"), list(records))


def test_a_move_recorded_for_september_stays_when_the_hours_change_from_june():
    person = ada((None, BASE), (SEPTEMBER, replace(BASE, location="Hendon")))
    changed = person.with_change(JUNE, replace(BASE, pattern=FOUR_DAYS))
    assert changed.timeline() == [
        (None, BASE),
        (JUNE, replace(BASE, pattern=FOUR_DAYS)),
        (SEPTEMBER, replace(BASE, location="Hendon", pattern=FOUR_DAYS)),
    ]
    assert person.later_changes(JUNE) == [(SEPTEMBER, replace(BASE, location="Hendon"))]


def test_a_later_record_that_sets_the_field_itself_keeps_its_own_value():
    person = ada((None, BASE), (SEPTEMBER, replace(BASE, location="Hendon")))
    changed = person.with_change(JUNE, replace(BASE, location="Leeds"))
    assert changed.terms_on(JUNE).location == "Leeds"
    assert changed.terms_on(SEPTEMBER).location == "Hendon"
    assert changed.change_dates() == [JUNE, SEPTEMBER]


def test_carrying_stops_at_the_first_later_record_that_changes_the_field():
    person = ada((None, BASE), (SEPTEMBER, replace(BASE, pattern=FOUR_DAYS)),
                 (DECEMBER, replace(BASE, pattern=FOUR_DAYS, role="Lead")))
    changed = person.with_change(JUNE, replace(BASE, role="Senior", pattern=FULL))
    assert [(when, t.role, t.pattern) for when, t in changed.timeline()] == [
        (None, "Analyst", FULL),
        (JUNE, "Senior", FULL),
        (SEPTEMBER, "Senior", FOUR_DAYS),  # its own pattern, June's role carried
        (DECEMBER, "Lead", FOUR_DAYS),  # sets the role itself
    ]


def test_a_change_on_a_recorded_day_corrects_that_record_and_an_unchanged_one_is_dropped():
    person = ada((None, BASE), (SEPTEMBER, replace(BASE, location="Hendon")))
    assert person.with_change(SEPTEMBER, replace(BASE, location="Leeds")).timeline() == [
        (None, BASE), (SEPTEMBER, replace(BASE, location="Leeds"))]
    # Changing the September site back to the one before it leaves nothing to record then.
    assert person.with_change(SEPTEMBER, BASE).timeline() == [(None, BASE)]


LOCATIONS = st.sampled_from(["Lambeth", "Hendon", "Leeds"])
ROLES = st.sampled_from(["Analyst", "Lead"])
DAYS = st.dates(date(2026, 1, 1), date(2026, 12, 31))


@given(st.lists(st.tuples(DAYS, LOCATIONS, ROLES), max_size=4, unique_by=lambda r: r[0]),
       DAYS, LOCATIONS, ROLES)
def test_days_before_the_change_are_untouched_and_the_change_holds_on_its_day(
        later, day, location, role):
    records: list[tuple[date | None, Terms]] = [(None, BASE)] + [
        (when, replace(BASE, location=where, role=what)) for when, where, what in sorted(later)]
    person = with_timeline(Person("A1", "Ada"), [
        r for i, r in enumerate(records) if i == 0 or r[1] != records[i - 1][1]])
    terms = replace(person.terms_on(day), location=location, role=role)
    changed = person.with_change(day, terms)
    assert changed.terms_on(day) == terms
    for when in [date(2025, 12, 31), *person.change_dates()]:
        if when < day:
            assert changed.terms_on(when) == person.terms_on(when)
    for when in person.change_dates():
        if when > day:  # each later change is still there: a field it changed keeps its value
            before, after = person.terms_on(when), changed.terms_on(when)
            previous = person.terms_on(date.fromordinal(when.toordinal() - 1))
            for field in ("location", "role"):
                if getattr(before, field) != getattr(previous, field):
                    assert getattr(after, field) == getattr(before, field)


@given(st.sampled_from(["A1", " ", ""]), st.sampled_from(["Ada", ""]),
       st.sampled_from(["", "Analyst"]), st.sampled_from([None, "support"]),
       st.sampled_from(["", "HQ"]), st.sampled_from(list(Nation)), st.booleans(),
       st.none() | st.dates(date(2024, 1, 1), date(2026, 1, 1)),
       st.none() | st.dates(date(2024, 1, 1), date(2026, 1, 1)),
       st.none() | st.dates(date(2024, 1, 1), date(2026, 1, 1)))
def test_a_person_of_terms_is_the_person_its_fields_make(staff_id, name, role, category,
                                                         location, nation, worked, start,
                                                         end, since):
    """`Person.of_terms` sets the fields at once (a team list builds thousands): the same
    person as the dataclass builds from the same fields, refused alike, its record kept."""
    terms = Terms(role=role, category=category, location=location, nation=nation,
                  pattern=WorkingPattern.from_days([0, 1, 2], [27000]),
                  bank_holidays_worked=worked)
    try:
        plain: Person | str = Person(
            staff_id=staff_id, name=name, role=role, category=category, location=location,
            nation=nation, pattern=terms.pattern, start_date=start, end_date=end,
            bank_holidays_worked=worked, since=since)
    except ValueError as error:
        plain = str(error)
    try:
        quick: Person | str = Person.of_terms(staff_id, name, terms, start_date=start,
                                              end_date=end, since=since)
    except ValueError as error:
        quick = str(error)
    assert quick == plain
    if isinstance(quick, Person):
        assert quick.terms is terms
        assert quick.terms == plain.terms
        assert hash(quick) == hash(plain)
        assert replace(quick) == plain
