"""Synthetic teams for the planner's tests and benchmark: a realistic mix (full-time, part-time
and compressed hours; operational 80% and support 60% weekly; a few arrangements of each kind;
some leave; desks below headcount; cover; preferences), generated from a seed."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from deskplan.domain.durations import SECONDS_PER_HOUR
from deskplan.domain.model import Adjustment, AdjustmentKind, Person, Status, WorkingPattern
from deskplan.domain.policy import Anchor, CoverageRule, Location, PeriodKind, Policy, Rule
from deskplan.domain.rota import Rota
from deskplan.planning.planner import PlanRequest
from deskplan.planning.preferences import Preference

#: A Monday with no bank holiday in England for the next 13 weeks.
START = date(2025, 1, 6)
_DAY = int(7.5 * SECONDS_PER_HOUR)


@dataclass
class Team:
    people: list[Person]
    policy: Policy
    adjustments: list[Adjustment]
    rota: Rota
    preferences: dict[str, Preference]

    def request(self, first: date, last: date, **kw: object) -> PlanRequest:
        return PlanRequest(self.people, self.policy, self.adjustments, self.rota, first, last,
                           preferences=self.preferences, **kw)  # type: ignore[arg-type]


def team(size: int, weeks: int = 4, *, seed: int = 1, desks: float = 0.85,
         start: date = START, period: PeriodKind = PeriodKind.WEEK,
         cover: bool = True, arrangements: bool = True, leave: float = 0.05,
         preferences: float = 0.3) -> Team:
    rng = random.Random(seed)
    sites = [f"Site {chr(65 + i)}" for i in range(max(1, -(-size // 60)))]
    people: list[Person] = []
    for i in range(size):
        kind = rng.random()
        if kind < 0.15:
            pattern = WorkingPattern.from_days(sorted(rng.sample(range(5), 3)), [_DAY])
        elif kind < 0.25:
            pattern = WorkingPattern.from_days([0, 1, 2, 3], [int(9.375 * SECONDS_PER_HOUR)])
        else:
            pattern = WorkingPattern.standard()
        role = "Call handler" if i % 2 == 0 else ("Supervisor" if i % 10 == 1 else
                                                   "HR advisor")
        people.append(Person(
            staff_id=f"P{i:05d}", name=f"Person {i:05d}", role=role,
            category="operational" if role != "HR advisor" else "support",
            location=sites[i % len(sites)], pattern=pattern))
    per_site = {s: sum(1 for p in people if p.location == s) for s in sites}
    handlers = {s: sum(1 for p in people if p.location == s and p.role == "Call handler")
                for s in sites}
    policy = Policy(
        rules=(Rule(Fraction(4, 5), category="operational"),
               Rule(Fraction(3, 5), category="support")),
        period=period,
        locations=tuple(Location(s, max(1, int(per_site[s] * desks))) for s in sites),
        coverage=tuple(CoverageRule("Call handler", max(1, handlers[s] // 5))
                       for s in sites[:1]) if cover else (),
        anchors=(Anchor(frozenset({2}), category="support"),),
    )
    adjustments: list[Adjustment] = []
    if arrangements:
        for i, person in enumerate(people):
            if i % 20 == 3:
                adjustments.append(Adjustment(person.staff_id, AdjustmentKind.FIXED_HOME_DAYS,
                                              start - timedelta(days=30),
                                              weekdays=frozenset({rng.randrange(5)})))
            elif i % 20 == 7:
                adjustments.append(Adjustment(person.staff_id, AdjustmentKind.REDUCED_SHARE,
                                              start - timedelta(days=30), share=Fraction(2, 5)))
            elif i % 20 == 11:
                adjustments.append(Adjustment(person.staff_id, AdjustmentKind.FIXED_HOME_DAYS,
                                              start - timedelta(days=30), home_days=2))
            elif i % 40 == 15:
                adjustments.append(Adjustment(person.staff_id, AdjustmentKind.MAX_SHARE,
                                              start - timedelta(days=30), share=Fraction(1, 2)))
            elif i % 40 == 35:
                adjustments.append(Adjustment(person.staff_id, AdjustmentKind.EXEMPT,
                                              start - timedelta(days=30)))
    rota = Rota(p.staff_id for p in people)
    for person in people:
        for week in range(weeks):
            if rng.random() < leave:
                weekday = rng.choice(person.pattern.weekdays)
                rota.set(person.staff_id, start + timedelta(weeks=week, days=weekday),
                         Status.LEAVE)
    wanted: dict[str, Preference] = {}
    for person in people:
        if rng.random() < preferences:
            office = frozenset(rng.sample(person.pattern.weekdays,
                                          min(2, len(person.pattern.weekdays))))
            rest = [d for d in range(5) if d not in office]
            wanted[person.staff_id] = Preference(
                person.staff_id, office_days=office,
                unavailable_days=frozenset({rng.choice(rest)}) if rng.random() < 0.3
                else frozenset())
    return Team(people, policy, adjustments, rota, wanted)
