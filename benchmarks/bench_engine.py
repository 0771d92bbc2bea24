"""Full and incremental validation of 11,000 people × 365 days; prints the figures.

    python benchmarks/bench_engine.py [--people 11000] [--days 365]

The rota is realistic rather than random: most people meet their minimum, a few are short,
some take leave, so the engine builds a realistic number of messages.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import date, timedelta
from fractions import Fraction

from deskplan.domain.calendar import bank_holidays
from deskplan.domain.model import Adjustment, AdjustmentKind, Nation, Person, Status, WorkingPattern
from deskplan.domain.plan import Plan
from deskplan.domain.policy import CoverageRule, Location, Policy, Rule
from deskplan.domain.rota import Rota

FIRST = date(2025, 1, 6)


def build(people_count: int, days: int, seed: int = 1, on_bank_holidays: bool = False) -> Plan:
    """A year of plausible plans; `on_bank_holidays` also plans every bank holiday (worst case)."""
    rng = random.Random(seed)
    last = FIRST + timedelta(days=days - 1)
    closed = {n: set() if on_bank_holidays else set(bank_holidays(n, FIRST, last))
              for n in Nation}
    nations = list(Nation)
    locations = [f"Site {i}" for i in range(40)]
    people = [
        Person(
            staff_id=f"S{i:05d}", name=f"Person {i}",
            role=rng.choice(["Call handler", "Analyst", "HR advisor", "Supervisor"]),
            category=rng.choice(["operational", "support"]),
            location=rng.choice(locations), nation=rng.choice(nations),
            pattern=WorkingPattern.standard() if i % 5 else WorkingPattern.from_days(
                [0, 1, 2], [27000]),
        )
        for i in range(people_count)
    ]
    rota = Rota(p.staff_id for p in people)
    for person in people:
        working = person.pattern.weekdays
        for week in range(days // 7 + 1):
            days_of_week = [
                (weekday, FIRST + timedelta(days=week * 7 + weekday)) for weekday in working
                if week * 7 + weekday < days
                and FIRST + timedelta(days=week * 7 + weekday) not in closed[person.nation]
            ]
            leave = {day for _, day in days_of_week if rng.random() < 0.03}
            # A careful manager plans four office days among the days the person is in.
            present = [day for _, day in days_of_week if day not in leave]
            office = set(rng.sample(present, k=min(len(present), 4)))
            for _, day in days_of_week:
                status = (Status.LEAVE if day in leave
                          else Status.OFFICE if day in office else Status.HOME)
                rota.set(person.staff_id, day, status)
    adjustments = [
        Adjustment(p.staff_id, AdjustmentKind.REDUCED_SHARE, FIRST, share=Fraction(2, 5))
        for p in people[::50]
    ]
    policy = Policy(
        rules=(Rule(Fraction(4, 5), category="operational"),
               Rule(Fraction(3, 5), category="support")),
        locations=tuple(Location(name, 250) for name in locations),
        coverage=(CoverageRule("Supervisor", 3),),
    )
    return Plan(people=people, rota=rota, policy=policy, adjustments=adjustments)


def timed(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=11_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--on-bank-holidays", action="store_true",
                        help="worst case: everyone planned on every bank holiday too")
    args = parser.parse_args()
    started = time.perf_counter()
    plan = build(args.people, args.days, on_bank_holidays=args.on_bank_holidays)
    print(f"built {args.people} people × {args.days} days in {time.perf_counter() - started:.1f} s")
    last = FIRST + timedelta(days=args.days - 1)

    checkers = []
    full = timed(lambda: checkers.append(plan.checker(FIRST, last)), 5)
    checker = checkers[-1]
    print(f"full validation: median {statistics.median(full) * 1000:.0f} ms, "
          f"best {min(full) * 1000:.0f} ms ({len(checker.conflicts)} conflicts)")

    rng = random.Random(2)
    edits = []
    for _ in range(2000):
        person = rng.choice(plan.people)
        day = FIRST + timedelta(days=rng.randrange(args.days))
        edits.append((person.staff_id, day, rng.choice(list(Status))))

    pending = iter(edits)

    def one_edit() -> None:
        staff_id, day, status = next(pending)
        plan.rota.set(staff_id, day, status)
        checker.recheck([(staff_id, day)])

    single = timed(one_edit, 2000)
    print(f"incremental single-cell edit → conflicts updated: median "
          f"{statistics.median(single) * 1e6:.0f} µs, p99 "
          f"{sorted(single)[int(len(single) * 0.99)] * 1e6:.0f} µs, "
          f"worst {max(single) * 1e3:.1f} ms")

    week_cells = [(p.staff_id, FIRST + timedelta(days=d))
                  for p in plan.people[:20] for d in range(5)]
    batch = timed(lambda: checker.recheck(week_cells), 50)
    print(f"incremental 100-cell range edit: median {statistics.median(batch) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
