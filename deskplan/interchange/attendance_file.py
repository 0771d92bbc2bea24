"""Attendance as access-control and desk-booking systems export it: one row per swipe or
booking, read into actuals (a `Rota` of what happened; see `deskplan.domain.actuals`).

Columns: who (`staff_id`, or a `badge_id` with a badge → staff id mapping), `date` (or a date
and time in one cell), and optionally `time`, `site` (where the swipe was) and `status`
(`office`, `home`, `leave`, `sick`, `business`, `training`: for exports that record more than
swipes; without one, a row means "attended"). Several swipes of one person on one day count
once, at the site of the earliest. Exact duplicate rows are counted and dropped. An id nobody
in the team has is listed, never guessed, and its rows are left out; a day with two different
statuses, a bad date or an unknown site is a problem naming its row and column, and then
nothing is read. A day without a row is *not recorded*: never a home day.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import Path

from deskplan.domain.calendar import parse_date
from deskplan.domain.errors import ProblemCollector
from deskplan.domain.model import Cell, Person, Status
from deskplan.domain.policy import fold
from deskplan.domain.rota import Rota
from deskplan.interchange.headers import TEAM_FIELDS, map_columns
from deskplan.interchange.table import Table

ATTENDANCE_FIELDS: dict[str, tuple[str, ...]] = {
    "staff_id": TEAM_FIELDS["staff_id"],
    "badge_id": ("badge", "badge id", "badge no", "badge number", "card", "card id",
                 "card no", "card number", "pass", "pass number", "access card", "user id"),
    "date": ("date", "day", "swipe date", "booking date", "date time", "datetime",
             "timestamp", "event time"),
    "time": ("time", "swipe time", "check in", "checked in at", "in"),
    "site": ("site", "location", "building", "office"),  # not a door: doors are no sites
    "status": ("status", "attendance", "where", "type"),
}
BADGE_FIELDS: dict[str, tuple[str, ...]] = {
    "badge_id": ATTENDANCE_FIELDS["badge_id"],
    "staff_id": TEAM_FIELDS["staff_id"],
}
_ALLOWED = (Status.OFFICE, Status.HOME, Status.LEAVE, Status.SICK, Status.BUSINESS,
            Status.TRAINING)
_parse_day = lru_cache(maxsize=4096)(parse_date)


@dataclass
class AttendanceRead:
    """What a file said: the actuals, and what was set aside on the way (for the report)."""

    actuals: Rota
    days: int = 0  # person-days read
    rows: int = 0
    swipes_merged: int = 0  # rows that were a second (third...) swipe of a day
    duplicates: int = 0  # rows identical to an earlier row
    unknown_ids: dict[str, list[int]] = field(default_factory=dict)  # id → its rows
    first: date | None = None
    last: date | None = None

    def describe(self) -> str:
        span = (f" from {self.first.isoformat()} to {self.last.isoformat()}"
                if self.first and self.last else "")
        text = f"{self.days} person-days from {self.rows} rows{span}"
        if self.swipes_merged:
            text += f"; {self.swipes_merged} further swipes on the same days counted once"
        if self.duplicates:
            text += f"; {self.duplicates} duplicate rows ignored"
        if self.unknown_ids:
            listed = ", ".join(f"{key} (row{'s' if len(rows) > 1 else ''} "
                               f"{', '.join(map(str, rows[:3]))}"
                               f"{'…' if len(rows) > 3 else ''})"
                               for key, rows in sorted(self.unknown_ids.items()))
            text += f"; ids in no one's record, left out: {listed}"
        return text


def read_badges(table: Table) -> dict[str, str]:
    """A badge → staff id mapping (`badge_id, staff_id`): a badge given twice is a problem."""
    problems = ProblemCollector(table.source, table.sheet)
    columns = map_columns(table, BADGE_FIELDS, ("badge_id", "staff_id"), problems)
    problems.raise_if_any()
    found: dict[str, str] = {}
    where: dict[str, int] = {}
    for row, number in zip(table.rows, table.row_numbers, strict=True):
        badge = table.cell(row, columns["badge_id"])
        staff_id = table.cell(row, columns["staff_id"])
        if not badge and not staff_id:
            continue
        if not badge or not staff_id:
            problems.add("a mapping row needs both a badge and a staff id", row=number)
        elif badge in found and found[badge] != staff_id:
            problems.add(f"badge {badge!r} is mapped to {found[badge]} on row {where[badge]} "
                         f"and to {staff_id} here", row=number,
                         column=table.header[columns["staff_id"]])
        else:
            found[badge], where[badge] = staff_id, number
    problems.raise_if_any()
    return found


def read_attendance(table: Table, people: Mapping[str, Person], *,
                    badges: Mapping[str, str] | None = None,
                    sites: Mapping[str, str] | None = None,
                    overrides: dict[str, str] | None = None) -> AttendanceRead:
    """Read `table` into actuals for `people` (by staff id). `badges` maps badge ids to staff
    ids when the file names badges; `sites` maps folded site names to how they are written
    (the policy's sites; people's bases are added); `overrides` is the user's `--map`."""
    problems = ProblemCollector(table.source, table.sheet)
    columns = map_columns(table, ATTENDANCE_FIELDS, ("date",), problems, overrides)
    if "staff_id" not in columns and "badge_id" not in columns:
        problems.add(f"no column for the person: a staff id or a badge id (found: "
                     f"{', '.join(table.header) or 'none'})", row=table.header_row)
    if "badge_id" in columns and "staff_id" not in columns and badges is None:
        problems.add("the file names badges: give the badge → staff id mapping "
                     "(a file with badge_id and staff_id columns)", row=table.header_row)
    problems.raise_if_any()
    known_sites = dict(sites or {})
    for person in people.values():
        for _, terms in person.timeline():
            if terms.location.strip():
                known_sites.setdefault(fold(terms.location), " ".join(terms.location.split()))
    result = AttendanceRead(Rota(people))
    seen_rows: set[tuple[str, ...]] = set()
    # (staff id, day) → (earliest time, site, status, row number)
    days: dict[tuple[str, date], tuple[time, str | None, Status, int]] = {}

    def title(name: str) -> str:
        return table.header[columns[name]]

    for row, number in zip(table.rows, table.row_numbers, strict=True):
        values = tuple(table.cell(row, c) for c in sorted(columns.values()))
        if not any(values):
            continue
        result.rows += 1
        if values in seen_rows:
            result.duplicates += 1
            continue
        seen_rows.add(values)
        staff_id = _who(table, row, columns, badges)
        if staff_id is None or staff_id not in people:
            key = staff_id or table.cell(row, columns.get("badge_id", columns.get("staff_id",
                                                                                   0)))
            if key:
                result.unknown_ids.setdefault(key, []).append(number)
            else:
                problems.add("no staff id or badge on this row", row=number)
            continue
        moment = _when(table, row, columns, number, problems, title)
        if moment is None:
            continue
        day, at = moment
        status = Status.OFFICE
        if "status" in columns and (text := table.cell(row, columns["status"])):
            try:
                status = Status.parse(text)
            except ValueError as error:
                problems.add(str(error), row=number, column=title("status"))
                continue
            if status not in _ALLOWED:
                problems.add(f"{text!r} is not something that happened; use office, home, "
                             "leave, sick, business or training", row=number,
                             column=title("status"))
                continue
        site = None
        if "site" in columns and (text := table.cell(row, columns["site"])) and \
                status is Status.OFFICE:
            site = known_sites.get(fold(text))
            if site is None:
                choices = ", ".join(sorted(known_sites.values())) or "none are known"
                problems.add(f"unknown site {text!r}; sites are {choices}", row=number,
                             column=title("site"))
                continue
        key = (staff_id, day)
        earlier = days.get(key)
        if earlier is not None:
            if earlier[2] is not status:
                problems.add(f"{staff_id} on {day.isoformat()} is {status.name.lower()} here "
                             f"but {earlier[2].name.lower()} on row {earlier[3]}", row=number)
                continue
            result.swipes_merged += 1
            if at >= earlier[0]:
                continue
        days[key] = (at, site, status, number)
    problems.raise_if_any()
    for (staff_id, day), (_, site, status, _) in sorted(days.items()):
        base = fold(people[staff_id].terms_on(day).location)
        at_site = site if site is not None and fold(site) != base else None
        result.actuals.set_cell(staff_id, day, Cell.whole(status, at_site))
    result.days = len(days)
    if days:
        result.first = min(day for _, day in days)
        result.last = max(day for _, day in days)
    return result


def _who(table: Table, row: list[str], columns: dict[str, int],
         badges: Mapping[str, str] | None) -> str | None:
    if "staff_id" in columns and (staff_id := table.cell(row, columns["staff_id"])):
        return staff_id
    if "badge_id" in columns and (badge := table.cell(row, columns["badge_id"])):
        return (badges or {}).get(badge)
    return None


def _when(table: Table, row: list[str], columns: dict[str, int], number: int,
          problems: ProblemCollector, title: object) -> tuple[date, time] | None:
    """The day and time of a row: a date cell (maybe with a time in it) and a time cell."""
    text = table.cell(row, columns["date"])
    day_text, _, time_text = text.replace("T", " ").partition(" ")
    try:
        day = _parse_day(day_text)
    except ValueError as error:
        problems.add(str(error), row=number, column=table.header[columns["date"]])
        return None
    if "time" in columns and (own := table.cell(row, columns["time"])):
        time_text = own
    at = time(0)
    if time_text:
        try:
            at = datetime.strptime(time_text.strip()[:8], "%H:%M:%S" if
                                   time_text.count(":") == 2 else "%H:%M").time()
        except ValueError:
            column = "time" if "time" in columns else "date"
            problems.add(f"{time_text!r} is not a time of day (e.g. 08:45)", row=number,
                         column=table.header[columns[column]])
            return None
    return day, at



def load_attendance(path: Path, people: Mapping[str, Person], *,
                    sites: Mapping[str, str] | None = None, badges: Path | None = None,
                    sheet: str | None = None,
                    overrides: dict[str, str] | None = None) -> AttendanceRead:
    """Read an attendance file (CSV or a workbook), with its badge mapping file if given."""
    from deskplan.interchange.plan_files import read_table

    mapping = read_badges(read_table(badges)) if badges is not None else None
    return read_attendance(read_table(path, sheet), people, badges=mapping, sites=sites,
                           overrides=overrides)
