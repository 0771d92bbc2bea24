"""Small builders so each rule test reads like the worked example it pins down."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

from deskplan.domain.conflicts import Conflict, RuleId
from deskplan.domain.durations import SECONDS_PER_HOUR
from deskplan.domain.model import Adjustment, Nation, Person, Status, WorkingPattern
from deskplan.domain.plan import Plan
from deskplan.domain.policy import Policy
from deskplan.domain.rota import Rota

MON = date(2025, 1, 6)  # the policy's first Monday; no bank holiday that week anywhere


def hours(value: float | str) -> int:
    return int(Fraction(str(value)) * SECONDS_PER_HOUR)


def pattern(days: str = "Mon-Fri", length: float | str = 7.5) -> WorkingPattern:
    names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    if "-" in days:
        a, b = days.lower().split("-")
        weekdays = list(range(names.index(a), names.index(b) + 1))
    else:
        weekdays = [names.index(d.strip().lower()) for d in days.split(",")]
    return WorkingPattern.from_days(weekdays, [hours(length)])


def person(staff_id: str = "P1", category: str = "support", **kw: object) -> Person:
    kw.setdefault("name", f"Person {staff_id}")
    kw.setdefault("location", "HQ")
    return Person(staff_id=staff_id, category=category, **kw)  # type: ignore[arg-type]


def week(letters: str, start: date = MON) -> list[tuple[date, Status]]:
    """'OOHH.' → Monday office, Tuesday office, ... '.' or ' ' leaves the day unplanned."""
    return [
        (start + timedelta(days=i), Status.parse(ch))
        for i, ch in enumerate(letters)
        if ch not in ". "
    ]


def plan(
    people: list[Person],
    cells: dict[str, list[tuple[date, Status]]],
    policy: Policy | None = None,
    adjustments: list[Adjustment] | None = None,
) -> Plan:
    rota = Rota(p.staff_id for p in people)
    for staff_id, days in cells.items():
        for day, status in days:
            rota.set(staff_id, day, status)
    return Plan(people=people, rota=rota, policy=policy or Policy.default(),
                adjustments=adjustments or [])


def check(p: Plan, first: date = MON, last: date | None = None) -> list[Conflict]:
    return p.checker(first, last or first + timedelta(days=6)).conflicts


def rules(conflicts: list[Conflict]) -> list[str]:
    return sorted(c.rule.value for c in conflicts)


def only(conflicts: list[Conflict], rule: RuleId) -> list[Conflict]:
    return [c for c in conflicts if c.rule is rule]


__all__ = ["MON", "Nation", "Status", "check", "hours", "only", "pattern", "person", "plan",
           "rules", "week"]
