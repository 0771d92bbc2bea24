"""The rota as an iCalendar file staff can add to Outlook or Google Calendar.

Two shapes (`IcsShape`):
* **personal**: one all-day event per person-day: "Office — Lambeth", "Home", "Training";
  leave and sickness both appear as "Away" (a calendar is shared more widely than the rota,
  and sickness is health information). With several people each summary starts with the name.
* **team**: one all-day event per day and site listing who is in ("Lambeth: 12 in — Ada Ames,
  Ben Bell, …"), so a team calendar of 25 people × 9 weeks is 45 days of events, not 900.

Updates that stay right. A calendar that imports (or subscribes to) a newer export must change
or remove what an older one put there:
* each event's UID depends only on the person (or site) and the day, never on the status, so
  the newer event replaces the older one instead of doubling it;
* every day of the exported range that has no event any more (a cleared Office day, a day
  that became leave of someone else's site...) is written as `STATUS:CANCELLED` with the same
  UID, which removes the old event;
* `SEQUENCE` must grow from one export to the next, or clients may keep the old version. The
  exporter keeps no state, so the number is derived from the time of the export: the seconds
  since 1 January 2024 (UTC). Any later export has a larger number, a 32-bit integer holds it
  until 2092, and two exports of the same plan differ only in it and in `DTSTAMP`. The cost is
  that unchanged events are "updated" too, which clients do silently.

Busy or free: office and home days are working days the person is available, so they show
as free (`TRANSP:TRANSPARENT`) and do not block meetings; a training day shows as busy (they
are on a course, `TRANSP:OPAQUE`); leave and sickness show as busy and, in Outlook, out of
office (`TRANSP:OPAQUE`, `X-MICROSOFT-CDO-BUSYSTATUS:OOF`). The
site of an office day goes in `LOCATION`. Unplanned days and days off get no event.

The file is written by hand (RFC 5545 is a few lines of text) so the app needs no calendar
library; the tests read it back with the `icalendar` package.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from pathlib import Path

from deskplan.domain.model import Cell, Person, Status
from deskplan.domain.plan import Plan
from deskplan.interchange.export_scope import ExportScope, make_scope, output_error, select_people

_FOLD_AT = 75  # octets per line, RFC 5545 section 3.1
SEQUENCE_EPOCH = datetime(2024, 1, 1, tzinfo=UTC)
_NAMES_IN_SUMMARY = 6  # a team event's summary names the first few; its description all


class IcsShape(StrEnum):
    PERSONAL = "personal"
    TEAM = "team"

    @property
    def label(self) -> str:
        return {"personal": "one event per person and day",
                "team": "one event per day and site, listing who is in"}[self.value]


@dataclass(frozen=True)
class IcsResult:
    """What a calendar file holds: events for planned days, cancellations for the others."""

    events: int
    cancelled: int

    def describe(self) -> str:
        said = f"{self.events} calendar event{'s' if self.events != 1 else ''}"
        if self.cancelled:
            said += (f" and {self.cancelled} cancellation{'s' if self.cancelled != 1 else ''}"
                     " of days without one")
        return said


@dataclass(frozen=True)
class _Event:
    uid: str
    day: date
    summary: str
    location: str = ""
    description: str = ""
    busy: bool = False
    out_of_office: bool = False
    cancelled: bool = False


def event_summary(cell: Cell, person: Person, day: date | None = None) -> str | None:
    """What the calendar shows for a day, or None for a day without an event. Sickness and
    leave both show as "Away": the calendar is shared beyond the manager. A day in halves
    names both (`Office — Lambeth (am) · Home (pm)`)."""
    base = person.terms_on(day).location if day else person.location
    if cell.is_split:
        halves = [_half(status, site or base) for status, site in
                  ((cell.am, cell.am_site), (cell.pm, cell.pm_site))]
        if not any(halves):
            return None
        return " · ".join(f"{text} ({when})" for text, when in zip(halves, ("am", "pm"),
                                                                   strict=True) if text)
    return _half(cell.am, cell.am_site or base)


def _half(status: Status, site: str) -> str | None:
    if status is Status.OFFICE:
        return f"Office — {site}" if site else "Office"
    if status is Status.HOME:
        return "Home"
    if status is Status.TRAINING:
        return "Training"
    if status is Status.BUSINESS:
        return "Official business"
    if status.is_absence:
        return "Away"
    return None


def _office_sites(cell: Cell, base: str) -> list[str]:
    """Where the office halves of a day are (the person's base unless planned elsewhere)."""
    found = [site or base for status, site in ((cell.am, cell.am_site), (cell.pm, cell.pm_site))
             if status is Status.OFFICE]
    return list(dict.fromkeys(found))


def event_uid(staff_id: str, day: date) -> str:
    """Stable for a person and a day, whatever their plan says that day."""
    return _uid(staff_id, day)


def team_event_uid(team: str, site: str, day: date) -> str:
    """Stable for a team's site and a day, whoever is in; never equal to a person's UID (a
    staff id holds no NUL character)."""
    return _uid(f"team\x00{team}\x00{site}", day)


def _uid(key: str, day: date) -> str:
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    return f"{day:%Y%m%d}-{digest}@deskplan"


def sequence_number(generated: datetime) -> int:
    """Seconds since `SEQUENCE_EPOCH`: larger for every later export, without stored state."""
    return max(0, int((generated - SEQUENCE_EPOCH).total_seconds()))


def write_ics(
    plan: Plan,
    path: Path,
    first: date,
    last: date,
    staff_ids: Sequence[str] | None = None,
    generated: datetime | None = None,
    shape: IcsShape = IcsShape.PERSONAL,
) -> IcsResult:
    """Write the calendar of `first`..`last` in `shape`; say how many events it holds.

    In the personal shape, for one person (`staff_ids` of one) the events carry just the
    status; for several, each summary starts with the person's name.
    """
    scope = make_scope(plan, first, last, staff_ids)
    when = (generated or datetime.now(UTC)).astimezone(UTC)
    name = plan.name or "Team"
    if shape is IcsShape.TEAM:
        calendar_name = f"{name}: who is in"
        events = _team_events(name, scope)
    else:
        several = len(scope.people) != 1
        calendar_name = (f"{name} office days" if several
                         else f"{scope.people[0].name}: office days")
        events = _personal_events(scope, several)
    text = _calendar(calendar_name, events, when)
    try:
        path.write_bytes(text.encode("utf-8"))
    except OSError as error:
        raise output_error(path, error) from None
    cancelled = sum(1 for e in events if e.cancelled)
    return IcsResult(len(events) - cancelled, cancelled)


def _personal_events(scope: ExportScope, several: bool) -> list[_Event]:
    events = []
    for row, person in enumerate(scope.people):
        for column, day in enumerate(scope.days):
            cell = scope.cell(row, column) if scope.statuses[row, column] else Cell()
            uid = event_uid(person.staff_id, day)
            summary = event_summary(cell, person, day)
            prefix = f"{person.name}: " if several else ""
            if summary is None:
                events.append(_Event(uid, day, f"{prefix}not planned", cancelled=True))
                continue
            away = cell.am.is_absence or cell.pm.is_absence
            training = Status.TRAINING in (cell.am, cell.pm)
            events.append(_Event(
                uid, day, prefix + summary,
                location=", ".join(_office_sites(cell, person.terms_on(day).location)),
                busy=away or training, out_of_office=away))
    return events


def _team_events(team: str, scope: ExportScope) -> list[_Event]:
    """One event per site and day with anyone in (where they are that day: their base, or
    the site the day is planned at); a cancellation for a site's empty days."""
    present: dict[tuple[str, date], list[str]] = {}
    sites: set[str] = set()
    for row, person in enumerate(scope.people):
        for column, day in enumerate(scope.days):
            base = person.terms_on(day).location
            sites.add(base)
            if not scope.statuses[row, column]:
                continue
            for site in _office_sites(scope.cell(row, column), base):
                sites.add(site)
                present.setdefault((site, day), []).append(person.name)
    events = []
    for site in sorted(sites):
        place = site or "Office"
        for day in scope.days:
            names = present.get((site, day), [])
            uid = team_event_uid(team, site, day)
            if not names:
                events.append(_Event(uid, day, f"{place}: nobody in", site, cancelled=True))
                continue
            shown = ", ".join(names[:_NAMES_IN_SUMMARY])
            more = ", …" if len(names) > _NAMES_IN_SUMMARY else ""
            events.append(_Event(
                uid, day, f"{place}: {len(names)} in — {shown}{more}", site,
                description=f"In the office at {place}:\n" + "\n".join(names)))
    return events


def _calendar(name: str, events: Sequence[_Event], when: datetime) -> str:
    stamp = when.strftime("%Y%m%dT%H%M%SZ")
    sequence = sequence_number(when)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//deskplan//rota export//EN",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"X-WR-CALNAME:{_escape(name)}"]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{stamp}",
            f"SEQUENCE:{sequence}",
            f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{event.day + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(event.summary)}",
        ]
        if event.location:
            lines.append(f"LOCATION:{_escape(event.location)}")
        if event.description:
            lines.append(f"DESCRIPTION:{_escape(event.description)}")
        lines.append(f"STATUS:{'CANCELLED' if event.cancelled else 'CONFIRMED'}")
        lines.append(f"TRANSP:{'OPAQUE' if event.busy else 'TRANSPARENT'}")
        busy_status = "OOF" if event.out_of_office else "BUSY" if event.busy else "FREE"
        lines += [f"X-MICROSOFT-CDO-BUSYSTATUS:{busy_status}",
                  "X-MICROSOFT-CDO-ALLDAYEVENT:TRUE", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def write_ics_per_person(
    plan: Plan,
    folder: Path,
    first: date,
    last: date,
    staff_ids: Sequence[str] | None = None,
    generated: datetime | None = None,
) -> list[Path]:
    """One calendar file per person in `folder` (created if needed), for each to import.

    Files are named by staff id and name, so a manager can send each person their own.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise output_error(folder, error) from None
    written = []
    for person in select_people(plan, staff_ids):
        safe = "".join(c if c.isalnum() or c in " -_" else "_" for c in person.name).strip()
        path = folder / f"{person.staff_id} {safe}.ics"
        write_ics(plan, path, first, last, [person.staff_id], generated)
        written.append(path)
    return written


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _fold(line: str) -> str:
    """Split a line longer than 75 octets, never inside a UTF-8 character."""
    parts: list[str] = []
    current, size = "", 0
    limit = _FOLD_AT
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, _FOLD_AT - 1  # continuation lines start with a space
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)
