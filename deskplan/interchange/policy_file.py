"""The policy as a TOML file a manager or HR can read and edit.

    period = "week"                 # "week", "month", "quarter" or "rolling"
    rolling_weeks = 12              # with period = "rolling": each week judged on 12 weeks
    measure = "hours"               # or "days": working days × share, rounded up
    round_to = 1                    # with measure = "days": 1 (whole days) or 0.5
    effective_from = 2025-01-06     # no minimum before this day
    training_counts_as_office = true
    business_counts_as_office = true  # official business elsewhere (court, visits)
    full_time_hours = 37.5          # who is part time, and the pro-rata comparator
    default_nation = "england"
    closures = [2025-12-24]         # the organisation is closed: nobody's working day
    working_bank_holidays = []      # bank holidays the organisation works as normal

    [[rule]]
    category = "support"
    share = 0.6                     # or "60%"
    from = 2025-04-01               # optional: in force from (inclusive)
    until = 2026-03-31              # optional: in force until (inclusive)

    [[location]]
    name = "Lambeth"
    capacity = 40
    short = "Lam"                   # optional: how the grid names a day planned there

    [[anchor]]                      # team days: everyone it covers in the office
    weekdays = "Tue"
    category = "support"            # optional filters, all must match
    location = "Lambeth"
    role = "HR advisor"

    [[coverage]]
    role = "Call handler"
    min_in_office = 2
    weekdays = "Mon-Fri"

    [roles]                         # job title → category
    "Call handler" = "operational"
"""

from __future__ import annotations

import tomllib
from datetime import date, datetime
from fractions import Fraction
from pathlib import Path
from typing import Any

from deskplan.domain.calendar import parse_date
from deskplan.domain.durations import parse_share
from deskplan.domain.errors import InputError, Problem, ProblemCollector
from deskplan.domain.limits import describe_policy_breach, policy_breaches
from deskplan.domain.model import Nation
from deskplan.domain.policy import (
    MAX_ROLLING_WEEKS,
    Anchor,
    CoverageRule,
    Location,
    Measure,
    PeriodKind,
    Policy,
    Rule,
    fold,
)
from deskplan.interchange.cell_text import clean, plain_number
from deskplan.interchange.team_file import parse_weekdays

_TOP_KEYS = {"period", "effective_from", "training_counts_as_office", "default_nation", "rule",
             "location", "coverage", "roles", "closures", "working_bank_holidays", "measure",
             "round_to", "rolling_weeks", "business_counts_as_office", "full_time_hours",
             "anchor"}


#: A policy is a page of settings; a file larger than this is not one.
MAX_POLICY_BYTES = 1024 * 1024


def read_policy(path: Path) -> Policy:
    try:
        if path.is_file() and path.stat().st_size > MAX_POLICY_BYTES:
            raise InputError([Problem(f"the file is larger than the {MAX_POLICY_BYTES // 1024:,}"
                                      " KB a policy file can be: is it the right file?",
                                      file=path.name)])
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise InputError([Problem(f"cannot read the file: {error.strerror}", file=str(path))]) \
            from None
    except UnicodeDecodeError:
        raise InputError([Problem("the file is not UTF-8 text", file=path.name)]) from None
    return parse_policy(text, path.name)


def parse_policy(text: str, source: str) -> Policy:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError([Problem(f"not valid TOML: {error}", file=source)]) from None
    except RecursionError:
        raise InputError([Problem("not a policy: its tables or lists are nested too deeply "
                                  "(a policy file nests at most two levels)", file=source)]) \
            from None
    problems = ProblemCollector(source)
    for key in sorted(set(data) - _TOP_KEYS):
        problems.add(f"unknown setting {key!r}; known settings are {', '.join(sorted(_TOP_KEYS))}")

    def field(where: str, value: Any, parse: Any, default: Any = None) -> Any:
        if value is None:
            return default
        try:
            return parse(value)
        except (ValueError, TypeError) as error:
            problems.add(f"{where}: {error}")
            return default

    period = field("period", data.get("period"), _period, PeriodKind.WEEK)
    effective = field("effective_from", data.get("effective_from"), _date)
    nation = field("default_nation", data.get("default_nation"),
                   lambda value: Nation.parse(_text(value) or ""), Nation.ENGLAND)
    training = _flag(data, "training_counts_as_office", problems)
    business = _flag(data, "business_counts_as_office", problems)
    measure = field("measure", data.get("measure"), _measure, Measure.HOURS)
    round_to = field("round_to", data.get("round_to"), _round_to, Fraction(1))
    if "round_to" in data and measure is Measure.HOURS:
        problems.add('round_to: only with measure = "days" (hours are compared exactly)')
    rolling = field("rolling_weeks", data.get("rolling_weeks"), _count)
    if period is PeriodKind.ROLLING and rolling is None and "rolling_weeks" not in data:
        problems.add('rolling_weeks: period = "rolling" needs the number of weeks (e.g. 12)')
    if rolling is not None and not 1 <= rolling <= MAX_ROLLING_WEEKS:
        problems.add(f"rolling_weeks: {rolling} must be between 1 and {MAX_ROLLING_WEEKS}")
    if "rolling_weeks" in data and period is not PeriodKind.ROLLING:
        problems.add('rolling_weeks: only with period = "rolling"')
    full_time = field("full_time_hours", data.get("full_time_hours"), _week_hours,
                      Policy.default().full_time_seconds)

    rules: list[Rule] = []
    for i, table in enumerate(_tables(data, "rule", problems), start=1):
        share = field(f"rule {i}: share", table.get("share"), _share)
        if share is None:
            if "share" not in table:
                problems.add(f"rule {i}: needs a share")
            continue
        category = field(f"rule {i}: category", table.get("category"), _text)
        location = field(f"rule {i}: location", table.get("location"), _text)
        starts = field(f"rule {i}: from", table.get("from"), _date)
        ends = field(f"rule {i}: until", table.get("until"), _date)
        if starts and ends and ends < starts:
            problems.add(f"rule {i}: until {ends.isoformat()} is before from "
                         f"{starts.isoformat()}")
            continue
        rule = Rule(share, category=category, location=location, starts=starts, ends=ends)
        clash = next((n for n, earlier in enumerate(rules, start=1) if contradicts(earlier, rule)),
                     None)
        if clash is not None:
            problems.add(f"rule {i} applies to the same people as rule {clash} on the same "
                         "days; keep one of them, or give them from/until dates that do not "
                         "overlap")
        rules.append(rule)
    locations = []
    names: dict[object, int] = {}
    for i, table in enumerate(_tables(data, "location", problems), start=1):
        name = field(f"location {i}: name", table.get("name"), _text)
        if name:
            _once(names, fold(name), i, problems,
                  lambda first, i=i, name=name: f"location {i}: {name!r} is already location "
                  f"{first}; give each site once")
        capacity = field(f"location {i}: capacity", table.get("capacity"), _count)
        short = field(f"location {i}: short", table.get("short"), _text) or ""
        if not name:
            problems.add(f"location {i}: needs a name")
            continue
        locations.append(Location(name, capacity, short))
    coverage = []
    for i, table in enumerate(_tables(data, "coverage", problems), start=1):
        role = field(f"coverage {i}: role", table.get("role"), _text)
        minimum = field(f"coverage {i}: min_in_office", table.get("min_in_office"), _count)
        weekdays = field(f"coverage {i}: weekdays", table.get("weekdays"), _weekdays,
                         frozenset(range(5)))
        if not role or not minimum:
            problems.add(f"coverage {i}: needs a role and a min_in_office of at least 1")
            continue
        coverage.append(CoverageRule(role, minimum, weekdays))
    anchors = []
    for i, table in enumerate(_tables(data, "anchor", problems), start=1):
        weekdays = field(f"anchor {i}: weekdays", table.get("weekdays"), _weekdays)
        if not weekdays:
            if "weekdays" not in table:
                problems.add(f"anchor {i}: needs its weekdays (e.g. \"Tue\")")
            continue
        anchors.append(Anchor(weekdays, *(field(f"anchor {i}: {key}", table.get(key), _text)
                                          for key in ("category", "location", "role"))))
    roles = _roles(data.get("roles", {}), problems)
    calendar = {
        key: field(key, data.get(key), _dates, frozenset())
        for key in ("closures", "working_bank_holidays")
    }
    problems.raise_if_any()
    try:
        policy = Policy(
            rules=tuple(rules) if "rule" in data else Policy.default().rules,
            period=period, effective_from=effective, training_counts_as_office=training,
            default_nation=nation, locations=tuple(locations), coverage=tuple(coverage),
            role_map=dict(roles), closures=calendar["closures"],
            working_bank_holidays=calendar["working_bank_holidays"], measure=measure,
            round_to=round_to, rolling_weeks=rolling, business_counts_as_office=business,
            full_time_seconds=full_time, anchors=tuple(anchors),
        )
    except ValueError as error:
        raise InputError([Problem(str(error), file=source)]) from None
    for breach in policy_breaches(policy):  # every table was kept, so the numbers match
        problems.add(describe_policy_breach(breach))
    problems.raise_if_any()
    return policy


_TABLE_KEYS = {
    "rule": {"category", "location", "share", "from", "until"},
    "location": {"name", "capacity", "short"},
    "coverage": {"role", "min_in_office", "weekdays"},
    "anchor": {"weekdays", "category", "location", "role"},
}


def _flag(data: dict[str, Any], key: str, problems: ProblemCollector) -> bool:
    value = data.get(key, True)
    if not isinstance(value, bool):
        problems.add(f"{key}: must be true or false")
        return True
    return value


def _measure(value: Any) -> Measure:
    try:
        return Measure(str(value).strip().lower())
    except ValueError:
        raise ValueError(f'{value!r} is not a measure; use "hours" or "days"') from None


def _round_to(value: Any) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError("must be 1 (whole days) or 0.5 (half days)")
    step = Fraction(repr(value) if isinstance(value, float) else str(value))
    if step not in (Fraction(1), Fraction(1, 2)):
        raise ValueError(f"{value!r} must be 1 (whole days) or 0.5 (half days)")
    return step


def _week_hours(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError("must be a number of hours, e.g. 37.5")
    hours = Fraction(repr(value) if isinstance(value, float) else plain_number(str(value)))
    seconds = hours * 3600
    if seconds.denominator != 1 or not 0 < seconds <= 7 * 86_400:
        raise ValueError(f"{value!r} must be more than 0 and at most a week, in whole seconds")
    return int(seconds)


def _tables(data: dict[str, Any], key: str, problems: ProblemCollector) -> list[dict[str, Any]]:
    """The [[key]] tables; a misspelt setting inside one is refused, never ignored (a rule
    whose `categroy` was dropped would apply to everyone)."""
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
        problems.add(f"{key}: write each one as a [[{key}]] table")
        return []
    known = _TABLE_KEYS[key]
    for i, table in enumerate(value, start=1):
        for unknown in sorted(set(table) - known):
            problems.add(f"{key} {i}: unknown setting {unknown!r}; a [[{key}]] table has "
                         f"{', '.join(sorted(known))}")
    return value


def _period(value: Any) -> PeriodKind:
    try:
        return PeriodKind(str(value).strip().lower())
    except ValueError:
        raise ValueError(f'{value!r} is not a period; use "week", "month", "quarter" or '
                         '"rolling"') from None


def _text(value: Any) -> str | None:
    """Names as the team files' cells are read (`cell_text.clean`), so they match."""
    if isinstance(value, (dict, list)):
        raise ValueError("must be text, not a table or a list")
    return clean(str(value)).strip() or None if value is not None else None


def rule_scope(category: str | None, location: str | None) -> tuple[str, str]:
    """Who a `[[rule]]` applies to: the key two rules must share to contradict each other."""
    return fold(category or ""), fold(location or "")


def contradicts(first: Rule, second: Rule) -> bool:
    """Two rules for the same people in force on a common day: no reader can tell which one
    the policy means, so the second is refused. Rules of one scope whose dates do not meet
    (one until March, the next from April) are a change of policy and are fine."""
    if rule_scope(first.category, first.location) != rule_scope(second.category,
                                                                  second.location):
        return False
    starts = max(first.starts or date.min, second.starts or date.min)
    ends = min(first.ends or date.max, second.ends or date.max)
    return starts <= ends


def _once(seen: dict[object, int], key: object, index: int, problems: ProblemCollector,
          message: Any) -> None:
    """Refuse the second table with `key`: `message(first)` says which one it repeats."""
    if key in seen:
        problems.add(message(seen[key]))
    else:
        seen[key] = index


def _roles(value: Any, problems: ProblemCollector) -> dict[str, str]:
    """The role map; titles are matched ignoring case, so two that differ only by case are
    one title given twice."""
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        problems.add('roles: must be a table of "job title" = "category"')
        return {}
    roles: dict[str, str] = {}
    first: dict[str, str] = {}
    for title, category in value.items():
        try:
            title, category = clean(title).strip(), clean(category).strip()
        except ValueError as error:
            problems.add(f"roles: {title!r}: {error}")
            continue
        folded = fold(title)
        if folded in first:
            problems.add(f"roles: {title!r} and {first[folded]!r} are the same job title "
                         "(titles are matched ignoring case); give it once")
            continue
        first[folded] = title
        roles[title] = category
    return roles


def _share(value: Any) -> Fraction:
    if isinstance(value, bool):
        raise TypeError("the share must be a number such as 0.6 or text such as \"60%\"")
    # repr of a float is the shortest decimal that reads back the same: 0.6 stays 3/5.
    return parse_share(repr(value) if isinstance(value, float) else plain_number(str(value)))


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        raise ValueError(f"{value.isoformat()} is a date and time; write the date only")
    if isinstance(value, date):
        return parse_date(value.isoformat())  # within the dates deskplan plans
    return parse_date(str(value))


def _dates(value: Any) -> frozenset[date]:
    if not isinstance(value, list):
        raise ValueError("write the days as a list, e.g. [2025-12-24, 2025-12-31]")
    return frozenset(_date(item) for item in value)


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{value!r} must be a whole number, 0 or more")
    return value


def _weekdays(value: Any) -> frozenset[int]:
    if isinstance(value, list):
        value = ",".join(str(v) for v in value)
    return frozenset(parse_weekdays(str(value)))
