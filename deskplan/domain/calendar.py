"""Dates: bank holidays by nation, measurement periods, and reading dates without guessing."""

from __future__ import annotations

import os
import re
from datetime import date, timedelta
from functools import cache, lru_cache
from importlib.machinery import PathFinder
from importlib.util import module_from_spec
from typing import Any

from dateutil.relativedelta import relativedelta

from deskplan.domain.model import Nation
from deskplan.domain.policy import PeriodKind

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_WORDY = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3,9})\.?,?\s+(\d{4})$", re.IGNORECASE)
#: The dates deskplan reads: a rota day of year 1 or 9999 is a typing slip, and would make
#: every check walk millions of days (and date arithmetic overflow at the ends of the calendar).
EARLIEST_DATE = date(1990, 1, 1)
LATEST_DATE = date(2100, 12, 31)
_MONTHS = {name: number for number, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), start=1)}


#: Where the `holidays` package keeps the United Kingdom's calendar, and the class's name.
_UK_MODULE, _UK_CLASS = "holidays.countries.united_kingdom", "UnitedKingdom"


@cache
def _united_kingdom() -> Any:
    """The `holidays` package's calendar class for the United Kingdom, loaded on its own.

    `holidays.country_holidays("GB")` first imports the package's `countries` module, which
    imports the calendar of every country it knows (about 250 modules: a fifth of a second of
    every start of the window and of every `deskplan check`). The UK's module imports none of
    them, so its file is loaded by itself, through the import system's own finders (a frozen
    app's too). Should a release of the package move it, the registry's way is used instead:
    the same calendar, only slower to load. The package itself is imported here, when a bank
    holiday is first wanted: reading a team list or a date needs none.
    """
    import holidays

    folder = os.path.join(os.path.dirname(holidays.__file__ or ""), "countries")
    spec = PathFinder.find_spec(_UK_MODULE, [folder])
    if spec is None or spec.loader is None:
        return None
    module = module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except ImportError:
        return None
    return getattr(module, _UK_CLASS, None)


def uk_calendar(subdivision: str, year: int) -> dict[date, str]:
    """Every holiday the `holidays` package lists for `subdivision` (ENG, WLS, SCT, NIR) of
    the United Kingdom in `year`, weekends included, by the quickest way it can be loaded."""
    found = _united_kingdom()
    if found is None:
        import holidays

        return dict(holidays.country_holidays("GB", subdiv=subdivision, years=year))
    return dict(found(subdiv=subdivision, years=year))


@lru_cache(maxsize=256)
def _holidays_in_year(nation: Nation, year: int) -> dict[date, str]:
    """Weekday bank holidays of one nation in one year.

    The `holidays` package lists some holidays twice in Scotland and Northern Ireland: on the
    weekend date and on the weekday it moves to. Only the weekday is a day off.
    """
    found = uk_calendar(nation.subdivision, year)
    return {day: name for day, name in found.items() if day.weekday() < 5}


def bank_holidays(nation: Nation, first: date, last: date) -> dict[date, str]:
    """Bank holidays of `nation` between `first` and `last` inclusive, with their names."""
    found: dict[date, str] = {}
    for year in range(first.year, last.year + 1):
        found.update(
            (day, name)
            for day, name in _holidays_in_year(nation, year).items()
            if first <= day <= last
        )
    return found


def period_start(day: date, kind: PeriodKind) -> date:
    """The first day of the period holding `day` (a rolling window is judged each week, so its
    steps are weeks)."""
    if kind in (PeriodKind.WEEK, PeriodKind.ROLLING):
        return day - timedelta(days=day.weekday())
    if kind is PeriodKind.QUARTER:
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return day.replace(day=1)


def period_end(day: date, kind: PeriodKind) -> date:
    if kind in (PeriodKind.WEEK, PeriodKind.ROLLING):
        return period_start(day, kind) + timedelta(days=6)
    following: date = period_start(day, kind) + _step(kind)
    return following - timedelta(days=1)


def _step(kind: PeriodKind) -> timedelta | relativedelta:
    if kind is PeriodKind.QUARTER:
        return relativedelta(months=3)
    if kind is PeriodKind.MONTH:
        return relativedelta(months=1)
    return timedelta(weeks=1)


def periods(first: date, last: date, kind: PeriodKind) -> list[tuple[date, date]]:
    """The measurement periods that meet `first`..`last`, each clipped to that range (weeks
    for a rolling policy: the windows are built on them)."""
    found: list[tuple[date, date]] = []
    start = period_start(first, kind)
    step = _step(kind)
    while start <= last:
        following = start + step
        found.append((max(start, first), min(following - timedelta(days=1), last)))
        start = following
    return found


def weeks_between(first: date, last: date) -> list[tuple[date, date]]:
    """The whole ISO weeks (Monday to Sunday) that meet `first`..`last`."""
    return [(monday, monday + timedelta(days=6))
            for monday in (period_start(start, PeriodKind.WEEK)
                           for start, _ in periods(first, last, PeriodKind.WEEK))]


def parse_date(text: str) -> date:
    """Read an ISO date, a UK day-first date (06/01/2025) or `6 Jan 2025`.

    Anything else, including a two-digit year, is refused rather than guessed: a wrong date
    silently moves someone's office days.
    """
    value = text.strip()
    found: date | None = None
    try:
        if match := _ISO.match(value):
            found = date(int(match[1]), int(match[2]), int(match[3]))
        elif match := _DAY_FIRST.match(value):
            found = date(int(match[3]), int(match[2]), int(match[1]))
        elif (match := _WORDY.match(value)) and (month := _month(match[2])):
            found = date(int(match[3]), month, int(match[1]))
    except (ValueError, OverflowError) as error:
        raise ValueError(f"{text!r} is not a real date ({error})") from None
    if found is not None:
        if not EARLIEST_DATE <= found <= LATEST_DATE:
            raise ValueError(f"{text!r} is outside the dates deskplan plans "
                             f"({EARLIEST_DATE:%d/%m/%Y} to {LATEST_DATE:%d/%m/%Y}): is the "
                             "year mistyped?")
        return found
    raise ValueError(
        f"{text!r} is not a date deskplan can read without guessing; "
        "write it as 2025-01-06 or 06/01/2025 (day first)"
    )


def _month(word: str) -> int | None:
    """`Jan`, `Sept` or `January` → 1..12; anything else (a weekday name, say) is no month."""
    word = word.lower()
    for name, number in _MONTHS.items():
        if word == name or (len(word) >= 3 and name.startswith(word)):
            return number
    return None


@lru_cache(maxsize=4096)
def describe_day(day: date) -> str:
    """`Mon 6 Jan 2025`: the UK way, day first. Cached: a check of a year writes the same few
    hundred days into tens of thousands of messages, and `strftime` is slow."""
    return f"{day:%a} {day.day} {day:%b %Y}"


@lru_cache(maxsize=4096)
def describe_period(first: date, last: date, kind: PeriodKind) -> str:
    """How a message names a measurement period: `the week of 6 January 2025`, `January 2025`
    (cached like `describe_day`: each period is named once per person in it)."""
    whole_week = kind in (PeriodKind.WEEK, PeriodKind.ROLLING) and first.weekday() == 0 \
        and (last - first).days == 6
    if whole_week:
        return f"the week of {first.day} {first:%B %Y}"
    next_month = first + relativedelta(months=1)
    if kind is PeriodKind.MONTH and first.day == 1 and last == next_month - timedelta(days=1):
        return f"{first:%B %Y}"
    if (kind is PeriodKind.QUARTER and first == period_start(first, kind)
            and last == period_end(first, kind)):
        return f"Q{(first.month - 1) // 3 + 1} {first.year} ({first:%B}–{last:%B %Y})"
    if kind is PeriodKind.ROLLING and first.weekday() == 0 and (last - first).days % 7 == 6:
        weeks = ((last - first).days + 1) // 7
        return (f"the {weeks} weeks from {first.day} {first:%B %Y} to "
                f"{last.day} {last:%B %Y}")
    if first == last:
        return describe_day(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {last:%B %Y}"
    return f"{first.day} {first:%B} – {last.day} {last:%B %Y}"
