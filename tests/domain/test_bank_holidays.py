"""The bank holidays deskplan gives each nation, checked against a copy of the official UK list.

`data/bank-holidays.json` has the shape of gov.uk's `bank-holidays.json` and was written from
the published lists for 2024–2027 (substitute days and Scotland's one-off 15 June 2026
included). The `holidays` package also lists a weekend holiday beside the weekday it moves to;
only the weekday is a day off, and that is what the official list gives.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from deskplan.domain.calendar import bank_holidays
from deskplan.domain.conflicts import RuleId
from deskplan.domain.model import Nation, Status

from .helpers import check, only, person, plan

OFFICIAL = json.loads((Path(__file__).parent / "data" / "bank-holidays.json")
                      .read_text(encoding="utf-8"))
DIVISION = {Nation.ENGLAND: "england-and-wales", Nation.WALES: "england-and-wales",
            Nation.SCOTLAND: "scotland", Nation.NORTHERN_IRELAND: "northern-ireland"}


def official(nation: Nation, year: int) -> set[date]:
    return {date.fromisoformat(event["date"]) for event in OFFICIAL[DIVISION[nation]]["events"]
            if event["date"].startswith(str(year))}


@pytest.mark.parametrize("year", [2024, 2025, 2026, 2027])
@pytest.mark.parametrize("nation", list(Nation))
def test_bank_holidays_match_the_official_list(nation, year):
    found = bank_holidays(nation, date(year, 1, 1), date(year, 12, 31))
    assert set(found) == official(nation, year)
    assert all(day.weekday() < 5 for day in found)


def test_scotlands_one_off_bank_holiday_of_15_june_2026():
    one_off = date(2026, 6, 15)
    assert one_off in bank_holidays(Nation.SCOTLAND, one_off, one_off)
    assert one_off not in bank_holidays(Nation.ENGLAND, one_off, one_off)
    people = [person("S", nation=Nation.SCOTLAND), person("E")]
    p = plan(people, {"S": [(one_off, Status.OFFICE)], "E": [(one_off, Status.OFFICE)]})
    (off,) = only(check(p, one_off), RuleId.NON_WORKING_DAY)
    assert off.staff_id == "S"
    assert "bank holiday in Scotland" in off.message


def test_a_weekend_holiday_is_a_day_off_only_on_the_weekday_it_moves_to():
    # Sat 12 July 2025 (Battle of the Boyne) moves to Mon 14 July in Northern Ireland; a
    # roster working Saturdays works the 12th.
    found = bank_holidays(Nation.NORTHERN_IRELAND, date(2025, 7, 12), date(2025, 7, 14))
    assert set(found) == {date(2025, 7, 14)}


@pytest.mark.parametrize("subdivision", ["ENG", "WLS", "SCT", "NIR"])
def test_the_uk_calendar_loaded_alone_is_the_packages_own(subdivision):
    # deskplan loads the UK's module by itself (not every country's): the same holidays,
    # weekend dates and names included, in every year it plans.
    import holidays

    from deskplan.domain.calendar import uk_calendar

    for year in range(1990, 2101):
        assert uk_calendar(subdivision, year) == dict(
            holidays.country_holidays("GB", subdiv=subdivision, years=year)), year


def test_bank_holidays_load_no_other_countrys_calendar():
    code = ("import sys\n"
            "from datetime import date\n"
            "from deskplan.domain.calendar import bank_holidays\n"
            "from deskplan.domain.model import Nation\n"
            "found = bank_holidays(Nation.SCOTLAND, date(2026, 1, 1), date(2026, 12, 31))\n"
            "print(date(2026, 6, 15) in found, 'holidays.countries' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == ["True", "False"]
