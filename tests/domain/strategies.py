"""Hypothesis strategies for whole plans as issues 9 and 10 describe them.

People on weekly patterns, cycles of weeks (9-day fortnights among them) and rosters that work
weekends; records that change pattern, site, category, nation or bank-holiday working on a
date; rotas of whole days, halves, other sites and business elsewhere; every arrangement kind;
every period kind and both measures; dated rules, anchors, closures and worked bank holidays.

The rota is drawn as a week's template per person (so periods look planned, as real ones do)
with a sparse list of exceptions on top: a quarter of 90-odd days per person stays a small draw.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from hypothesis import strategies as st

from deskplan.domain.model import (
    Adjustment,
    AdjustmentKind,
    Cell,
    Nation,
    Person,
    Status,
    Terms,
    WorkingPattern,
)
from deskplan.domain.plan import Plan
from deskplan.domain.policy import (
    Anchor,
    CoverageRule,
    Location,
    Measure,
    PeriodKind,
    Policy,
    Rule,
)
from deskplan.domain.rota import Rota

from .reference import periods_of

HOUR = 3600
QUARTER_HOUR = 900
SITES = ("HQ", "Annex", "Hendon")
ROLES = ("Call handler", "Analyst")
#: Ranges start in one of these seasons: Easter and the May bank holidays of 2025; the summer
#: of 2026 (Scotland's one-off 15 June, its early August holiday, England's late August one).
SEASONS = (date(2025, 4, 7), date(2026, 6, 1), date(2026, 7, 27))

shares = st.fractions(min_value=0, max_value=1, max_denominator=10)
statuses = st.sampled_from(list(Status))


@st.composite
def weekly_patterns(draw: st.DrawFn) -> WorkingPattern:
    weekdays = sorted(draw(st.lists(st.integers(0, 6), min_size=1, max_size=7, unique=True)))
    if draw(st.booleans()):
        lengths = [draw(st.integers(4, 40)) * QUARTER_HOUR]
    else:
        lengths = [draw(st.integers(4, 48)) * QUARTER_HOUR for _ in weekdays]
    return WorkingPattern.from_days(weekdays, lengths)


@st.composite
def week_cycles(draw: st.DrawFn) -> WorkingPattern:
    """A 9-day fortnight, alternate weeks or a three-week cycle from some Monday."""
    cycle_start = date(2025, 1, 6) + timedelta(weeks=draw(st.integers(-30, 80)))
    if draw(st.booleans()):
        weeks = [[0, 1, 2, 3, 4], [0, 1, 2, 3]]  # the 9-day fortnight
    else:
        weeks = [sorted(draw(st.lists(st.integers(0, 6), min_size=1, max_size=6, unique=True)))
                 for _ in range(draw(st.integers(2, 3)))]
    length = draw(st.integers(24, 40)) * QUARTER_HOUR
    return WorkingPattern.from_weeks(weeks, [[length]], cycle_start)


@st.composite
def rosters(draw: st.DrawFn) -> WorkingPattern:
    """4-on-4-off, 2-2-3 or any roster of days from any day: weekends are ordinary days."""
    marks = draw(st.sampled_from(["WWWW----", "WW--WWW--WW---", "WWW---"]) | st.text(
        st.sampled_from("W-"), min_size=2, max_size=10).filter(lambda m: "W" in m))
    start = date(2025, 1, 1) + timedelta(days=draw(st.integers(-200, 600)))
    working = marks.count("W")
    lengths = ([draw(st.integers(16, 48)) * QUARTER_HOUR] if draw(st.booleans())
               else [draw(st.integers(4, 48)) * QUARTER_HOUR for _ in range(working)])
    return WorkingPattern.from_roster(marks, lengths, start)


patterns = st.one_of(weekly_patterns(), weekly_patterns(), week_cycles(), rosters())


@st.composite
def terms(draw: st.DrawFn) -> Terms:
    return Terms(
        role=draw(st.sampled_from(ROLES)),
        category=draw(st.sampled_from(["support", "operational", None])),
        location=draw(st.sampled_from(SITES[:2])),
        nation=draw(st.sampled_from(list(Nation))),
        pattern=draw(patterns),
        bank_holidays_worked=draw(st.booleans()),
    )


@st.composite
def people(draw: st.DrawFn, first: date, span: int, count: int) -> list[Person]:
    found = []
    for i in range(count):
        timeline: list[tuple[date | None, Terms]] = [(None, draw(terms()))]
        for offset in sorted(draw(st.lists(st.integers(-3, span), max_size=2, unique=True))):
            timeline.append((first + timedelta(days=offset), draw(terms())))
        if draw(st.booleans()):  # a dated first record: earlier days follow it
            timeline[0] = (first - timedelta(days=draw(st.integers(4, 40))), timeline[0][1])
        *earlier, (since, current) = timeline
        start = draw(st.none() | st.integers(-5, span).map(lambda d: first + timedelta(days=d)))
        end = draw(st.none() | st.integers(0, span).map(
            lambda d, start=start: (start or first) + timedelta(days=d)))
        found.append(Person(
            staff_id=f"P{i}", name=f"Person {i}", role=current.role, category=current.category,
            location=current.location, nation=current.nation, pattern=current.pattern,
            bank_holidays_worked=current.bank_holidays_worked, start_date=start, end_date=end,
            since=since, earlier=tuple(earlier)))
    return found


@st.composite
def rules(draw: st.DrawFn, first: date, span: int) -> tuple[Rule, ...]:
    """Rules for several scopes; a scope may change share on a date (never two in force on
    the same day for one scope)."""
    scopes = draw(st.lists(st.sampled_from([
        ("support", None), ("operational", None), ("support", "Annex"), (None, None),
        (None, "HQ"), ("operational", "HQ")]), min_size=1, max_size=4, unique=True))
    found = []
    for category, location in scopes:
        if draw(st.booleans()):
            found.append(Rule(draw(shares), category, location))
            continue
        change = first + timedelta(days=draw(st.integers(-10, span + 10)))
        opening = draw(st.none() | st.just(change - timedelta(days=draw(st.integers(1, 60)))))
        found.append(Rule(draw(shares), category, location, opening,
                          change - timedelta(days=1)))
        if draw(st.booleans()):
            found.append(Rule(draw(shares), category, location, change))
    return tuple(found)


@st.composite
def policies(draw: st.DrawFn, first: date, span: int) -> Policy:
    period = draw(st.sampled_from(list(PeriodKind)))
    measure = draw(st.sampled_from(list(Measure)))
    anchors = tuple(
        Anchor(frozenset(draw(st.lists(st.integers(0, 6), min_size=1, max_size=2))),
               category=draw(st.none() | st.sampled_from(["support", "operational"])),
               location=draw(st.none() | st.sampled_from(SITES[:2])),
               role=draw(st.none() | st.sampled_from(ROLES)))
        for _ in range(draw(st.integers(0, 2))))
    some_days = st.integers(-7, span + 7).map(lambda d: first + timedelta(days=d))
    return Policy(
        rules=draw(rules(first, span)),
        period=period,
        rolling_weeks=draw(st.sampled_from([1, 2, 3, 4, 12])) if period is PeriodKind.ROLLING
        else None,
        measure=measure,
        round_to=draw(st.sampled_from([Fraction(1), Fraction(1, 2)]))
        if measure is Measure.DAYS else Fraction(1),
        effective_from=draw(st.none() | some_days),
        training_counts_as_office=draw(st.booleans()),
        business_counts_as_office=draw(st.booleans()),
        locations=(Location("HQ", draw(st.integers(0, 3))),
                   Location("Hendon", draw(st.none() | st.integers(0, 2)))),
        coverage=tuple(CoverageRule(role, draw(st.integers(1, 2)),
                                    frozenset(draw(st.lists(st.integers(0, 6), min_size=1,
                                                            max_size=7))))
                       for role in draw(st.lists(st.sampled_from(ROLES), max_size=1))),
        anchors=anchors,
        role_map={"Analyst": "support"},
        closures=frozenset(draw(st.lists(some_days, max_size=2))),
        working_bank_holidays=frozenset(draw(st.lists(st.sampled_from(
            [date(2025, 4, 21), date(2025, 5, 5), date(2026, 6, 15), date(2026, 8, 3),
             date(2026, 8, 31)]), max_size=2))),
        full_time_seconds=draw(st.sampled_from([int(37.5 * HOUR), 36 * HOUR])),
    )


@st.composite
def adjustments(draw: st.DrawFn, first: date, span: int, count: int) -> list[Adjustment]:
    found = []
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(list(AdjustmentKind)))
        start = first + timedelta(days=draw(st.integers(-20, span)))
        counted = kind is AdjustmentKind.FIXED_HOME_DAYS and draw(st.booleans())
        found.append(Adjustment(
            staff_id=f"P{draw(st.integers(0, count - 1))}", kind=kind, start=start,
            end=draw(st.none() | st.integers(0, 40).map(
                lambda d, start=start: start + timedelta(days=d))),
            review_date=draw(st.none() | st.integers(-10, span + 10).map(
                lambda d: first + timedelta(days=d))),
            share=draw(shares) if kind in (AdjustmentKind.REDUCED_SHARE,
                                           AdjustmentKind.MAX_SHARE) else None,
            weekdays=frozenset(draw(st.lists(st.integers(0, 6), min_size=1, max_size=3)))
            if kind is AdjustmentKind.FIXED_HOME_DAYS and not counted else frozenset(),
            home_days=draw(st.integers(1, 4)) if counted else None,
            reference=draw(st.sampled_from(["", "FW-1", "RA-2"])),
        ))
    return found


@st.composite
def cells(draw: st.DrawFn) -> Cell:
    """Whole days, halves (also half unplanned), other sites and business elsewhere."""
    kind = draw(st.integers(0, 9))
    if kind < 6:
        return Cell.whole(draw(statuses))
    if kind < 8:
        am, pm = draw(statuses), draw(statuses)
    else:
        am = pm = Status.OFFICE
    am_site = draw(st.none() | st.sampled_from(SITES)) if am is Status.OFFICE else None
    pm_site = draw(st.none() | st.sampled_from(SITES)) if pm is Status.OFFICE else None
    return Cell(am, pm, am_site, pm_site)


@dataclass
class Case:
    """A plan and a range to check it on; `span` covers every period of the range."""

    plan: Plan
    first: date
    last: date
    span_first: date
    span_last: date

    def checker(self):
        return self.plan.checker(self.first, self.last)

    def span_days(self) -> list[date]:
        return [self.span_first + timedelta(days=i)
                for i in range((self.span_last - self.span_first).days + 1)]


@st.composite
def cases(draw: st.DrawFn, max_people: int = 4) -> Case:
    first = draw(st.sampled_from(SEASONS)) + timedelta(days=draw(st.integers(0, 20)))
    last = first + timedelta(days=draw(st.integers(0, 27)))
    span = (last - first).days
    count = draw(st.integers(1, max_people))
    policy = draw(policies(first, span))
    team = draw(people(first, span, count))
    periods = periods_of(policy, first, last)
    span_first, span_last = periods[0][0], periods[-1][1]
    rota = Rota(p.staff_id for p in team)
    total = (span_last - span_first).days + 1
    for person in team:
        template = draw(st.lists(cells(), min_size=7, max_size=7))
        if draw(st.booleans()):
            for offset in range(total):
                day = span_first + timedelta(days=offset)
                rota.set_cell(person.staff_id, day, template[day.weekday()])
        for offset, cell in draw(st.lists(st.tuples(st.integers(0, total - 1), cells()),
                                          max_size=12)):
            rota.set_cell(person.staff_id, span_first + timedelta(days=offset), cell)
    plan = Plan(people=team, rota=rota, policy=policy,
                adjustments=draw(adjustments(first, span, count)))
    return Case(plan, first, last, span_first, span_last)
