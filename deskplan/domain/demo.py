"""A realistic demo organisation, so a new user sees every feature at once.

Three teams in three nations (so bank holidays differ), part-timers, compressed hours, one
arrangement of each kind, a job title nobody has classified, and a few weeks of rota around
today with some conflicts deliberately left in. It is generated from a fixed seed, so the same
day always gives the same demo.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from fractions import Fraction

from deskplan.domain.durations import SECONDS_PER_HOUR
from deskplan.domain.model import (
    Adjustment,
    AdjustmentKind,
    Cell,
    Nation,
    Person,
    Status,
    WorkingPattern,
)
from deskplan.domain.plan import Plan
from deskplan.domain.policy import CoverageRule, Location, Policy, Rule, fold
from deskplan.domain.rota import Rota
from deskplan.domain.working_time import working_time

_FIRST = ["Ada", "Ben", "Chloe", "Dev", "Eve", "Farah", "Gus", "Hana", "Ian", "Jas", "Kemi",
          "Liam", "Maya", "Niall", "Olu", "Priya", "Quinn", "Rhys", "Sana", "Tom", "Uma",
          "Vic", "Wen", "Yusuf", "Zara", "Aled", "Bethan", "Callum", "Dilys", "Euan", "Fiona",
          "Gwen", "Hamish", "Isla", "Jamie", "Kirsty", "Lewis", "Morag"]
_LAST = ["Ames", "Bell", "Carter", "Das", "Eden", "Fox", "Green", "Hughes", "Iqbal", "Jones",
         "Khan", "Lloyd", "Morgan", "Nwosu", "Owen", "Patel", "Quayle", "Rees", "Shah",
         "Taylor", "Usman", "Vaughan", "Walsh", "Young", "Zielinski", "Campbell", "Fraser",
         "MacLeod", "Reid", "Stewart"]

ROLE_MAP = {
    "Call handler": "operational",
    "Control room supervisor": "operational",
    "Vetting officer": "operational",
    "Vetting team leader": "operational",
    "HR advisor": "support",
    "HR business partner": "support",
    "Finance officer": "support",
    "Payroll officer": "support",
}

_HOURS_7_5 = int(7.5 * SECONDS_PER_HOUR)


def _policy(coverage: tuple[CoverageRule, ...], nation: Nation) -> Policy:
    return Policy(
        rules=(Rule(Fraction(4, 5), category="operational"),
               Rule(Fraction(3, 5), category="support")),
        effective_from=date(2025, 1, 6),
        default_nation=nation,
        locations=(Location("Lambeth", 18), Location("Cardiff", 10), Location("Glasgow", 12)),
        coverage=coverage,
        role_map=dict(ROLE_MAP),
    )


def demo_organisation(today: date | None = None) -> list[Plan]:
    """The demo teams with a rota from three weeks before this week to four weeks after."""
    today = today or date.today()
    monday = today - timedelta(days=today.weekday())
    first, last = monday - timedelta(weeks=3), monday + timedelta(weeks=4, days=-1)
    rng = random.Random(20250106)
    names = iter(rng.sample([f"{f} {s}" for f in _FIRST for s in _LAST], 80))
    teams = [
        ("Control Room", "Lambeth", Nation.ENGLAND, "CR",
         [("Call handler", 18), ("Control room supervisor", 3), ("Project analyst", 1)],
         (CoverageRule("Control room supervisor", 1), CoverageRule("Call handler", 8))),
        ("HR & Finance", "Cardiff", Nation.WALES, "HF",
         [("HR advisor", 5), ("HR business partner", 2), ("Finance officer", 4),
          ("Payroll officer", 2)],
         (CoverageRule("Payroll officer", 1),)),
        ("Vetting Unit", "Glasgow", Nation.SCOTLAND, "VU",
         [("Vetting officer", 12), ("Vetting team leader", 2)],
         (CoverageRule("Vetting team leader", 1),)),
    ]
    plans = []
    for team_name, location, nation, prefix, roles, coverage in teams:
        people: list[Person] = []
        for role, count in roles:
            for _ in range(count):
                number = len(people) + 1
                pattern, worked = _contract(prefix, role, number, first, rng)
                people.append(Person(
                    staff_id=f"{prefix}{number:03d}", name=next(names), role=role,
                    location=location, nation=nation, pattern=pattern,
                    bank_holidays_worked=worked,
                ))
        adjustments = _adjustments(people, first, today)
        plan = Plan(people=people, rota=Rota(p.staff_id for p in people),
                    policy=_policy(coverage, nation), adjustments=adjustments, name=team_name)
        _fill_rota(plan, rng, first, last, monday)
        plans.append(plan)
    return plans


def _contract(prefix: str, role: str, number: int, first: date,
              rng: random.Random) -> tuple[WorkingPattern, bool]:
    """The control room runs round the clock: eight of its call handlers work a 4-on-4-off
    roster of 12-hour shifts in two crews (weekends and bank holidays included), and one
    supervisor a 9-day fortnight. Everyone else works weeks (see `_pattern`)."""
    if prefix == "CR" and role == "Call handler" and 10 <= number <= 17:
        crew_start = first - timedelta(days=2) + timedelta(days=4 * (number >= 14))
        return WorkingPattern.from_roster("WWWW----", [12 * SECONDS_PER_HOUR], crew_start), True
    if prefix == "CR" and role == "Control room supervisor" and number == 19:
        day = 30_000  # 8 h 20 min: 75 hours a fortnight over nine days
        return WorkingPattern.from_weeks([[0, 1, 2, 3, 4], [0, 1, 2, 3]], [[day]], first), False
    return _pattern(rng, number), False


def _pattern(rng: random.Random, number: int) -> WorkingPattern:
    """Mostly full time; every fifth person part time, every seventh on compressed hours."""
    if number % 7 == 3:
        return WorkingPattern.from_days([0, 1, 2, 3], [int(9.375 * SECONDS_PER_HOUR)])
    if number % 5 == 4:
        days = rng.choice([[0, 1, 2], [1, 2, 3], [0, 2, 4], [0, 1, 2, 3]])
        return WorkingPattern.from_days(days, [_HOURS_7_5])
    return WorkingPattern.standard()


def _adjustments(people: list[Person], first: date, today: date) -> list[Adjustment]:
    """One arrangement of each kind, spread over the team; one review already due. A support
    team's first full-timer may be in at most 80% ("at least a day a week at home")."""
    capped = next((p for p in people if ROLE_MAP.get(p.role) == "support"
                   and p.pattern == WorkingPattern.standard()
                   and p not in (people[1], people[4], people[6])), None)
    found = [] if capped is None else [
        Adjustment(capped.staff_id, AdjustmentKind.MAX_SHARE, first - timedelta(days=60),
                   review_date=today + timedelta(days=40), share=Fraction(4, 5),
                   reference="FW-0402", approver="Team manager")]
    return [
        *found,
        Adjustment(people[1].staff_id, AdjustmentKind.REDUCED_SHARE, first - timedelta(days=90),
                   review_date=today + timedelta(days=12), share=Fraction(2, 5),
                   reference="RA-0142", approver="Head of Service"),
        Adjustment(people[4].staff_id, AdjustmentKind.FIXED_HOME_DAYS, first - timedelta(days=200),
                   review_date=today - timedelta(days=5), weekdays=frozenset({0, 4}),
                   reference="FW-0311", approver="Team manager"),
        Adjustment(people[6].staff_id, AdjustmentKind.EXEMPT, first + timedelta(days=9),
                   first + timedelta(days=40), reference="RA-0178", approver="Occupational lead"),
    ]


def _fill_rota(plan: Plan, rng: random.Random, first: date, last: date, monday: date) -> None:
    """A plausible plan: mostly compliant, some leave, the last week left half unplanned; a
    half day of leave and a day at another site show what files and the grid can hold."""
    time = working_time(plan.people, plan.policy, first, last)
    fixed_home = {
        a.staff_id: a.weekdays for a in plan.adjustments
        if a.kind is AdjustmentKind.FIXED_HOME_DAYS
    }
    weeks = (last - first).days // 7 + 1
    for index, person in enumerate(plan.people):
        category = plan.policy.category_for_role(person.role)
        share = Fraction(4, 5) if category == "operational" else Fraction(3, 5)
        for week in range(weeks):
            columns = [c for c in range(7 * week, min(7 * week + 7, time.seconds.shape[1]))
                       if time.seconds[index, c]]
            home_days = set(fixed_home.get(person.staff_id, ()))
            candidates = [c for c in columns
                          if (first + timedelta(days=c)).weekday() not in home_days]
            rng.shuffle(candidates)
            needed = -(-share * len(columns) // 1)
            chosen = set(candidates[:int(needed)])
            if rng.random() < 0.04:  # a short week: the conflict a manager must fix
                chosen = set(list(chosen)[: max(0, len(chosen) - 1)])
            on_leave = rng.random() < 0.07
            for column in columns:
                day = first + timedelta(days=column)
                if day >= monday + timedelta(weeks=3) and day.weekday() >= 2:
                    continue  # the far future is only partly planned yet
                if on_leave and day.weekday() in (1, 2):
                    status = Status.LEAVE
                elif column in chosen:
                    status = Status.OFFICE
                else:
                    status = Status.HOME
                plan.rota.set(person.staff_id, day, status)
        if index == 4:  # in the office on one of their fixed home days this week
            breach = next((monday + timedelta(days=d)
                           for d in sorted(fixed_home[person.staff_id])
                           if time.seconds[index, (monday - first).days + d]), None)
            if breach is not None:
                plan.rota.set(person.staff_id, breach, Status.OFFICE)
    # This week: a morning's leave for the first person, a day at another site for the third.
    first_person, third = plan.people[0], plan.people[2]
    tuesday = monday + timedelta(days=1)
    if plan.rota.cell(first_person.staff_id, tuesday).code:
        plan.rota.set_cell(first_person.staff_id, tuesday, Cell(Status.LEAVE, Status.OFFICE))
    elsewhere = next((place.name for place in plan.policy.locations
                      if fold(place.name) != fold(third.location)), None)
    thursday = monday + timedelta(days=3)
    if elsewhere and plan.rota.cell(third.staff_id, thursday).status is Status.OFFICE:
        plan.rota.set(third.staff_id, thursday, Status.OFFICE, elsewhere)
