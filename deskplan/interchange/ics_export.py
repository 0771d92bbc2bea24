"""The rota as an iCalendar file staff can add to Outlook or Google Calendar.

One all-day event per person-day: "Office — Lambeth", "Home", "Training". Leave and sickness
both appear as "Away": a calendar is shared more widely than the rota, and sickness is health
information. Unplanned days and days off get no event.

Each event's UID is made from the staff id and the date only, so exporting again after the plan
changes gives the same UIDs and a calendar that re-imports the file updates the day instead of
adding a second event. The file is written by hand (RFC 5545 is a few lines of text) so the app
needs no calendar library; the tests read it back with the `icalendar` package.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from deskplan.domain.model import Person, Status
from deskplan.domain.plan import Plan
from deskplan.interchange.export_scope import make_scope, output_error, select_people

_FOLD_AT = 75  # octets per line, RFC 5545 section 3.1


def event_summary(status: Status, person: Person) -> str | None:
    """What the calendar shows for a day, or None for a day without an event."""
    if status is Status.OFFICE:
        return f"Office — {person.location}" if person.location else "Office"
    if status is Status.HOME:
        return "Home"
    if status is Status.TRAINING:
        return "Training"
    if status.is_absence:
        return "Away"
    return None


def event_uid(staff_id: str, day: date) -> str:
    """Stable for a person and a day, whatever their plan says that day."""
    person = hashlib.sha256(staff_id.encode("utf-8")).hexdigest()[:16]
    return f"{day:%Y%m%d}-{person}@deskplan"


def write_ics(
    plan: Plan,
    path: Path,
    first: date,
    last: date,
    staff_ids: Sequence[str] | None = None,
    generated: datetime | None = None,
) -> int:
    """Write one event per planned person-day; return the number of events.

    For one person (`staff_ids` of one) the events carry just the status; for several, each
    summary starts with the person's name so a team calendar stays readable.
    """
    scope = make_scope(plan, first, last, staff_ids)
    stamp = (generated or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    team = len(scope.people) != 1
    name = plan.name or "Team"
    calendar_name = f"{name} office days" if team else f"{scope.people[0].name}: office days"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//deskplan//rota export//EN",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"X-WR-CALNAME:{_escape(calendar_name)}"]
    events = 0
    days = scope.days
    for row, person in enumerate(scope.people):
        for column, value in enumerate(scope.statuses[row].tolist()):
            summary = event_summary(Status(value), person)
            if summary is None:
                continue
            day = days[column]
            if team:
                summary = f"{person.name}: {summary}"
            lines += [
                "BEGIN:VEVENT",
                f"UID:{event_uid(person.staff_id, day)}",
                f"DTSTAMP:{stamp}",
                f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
                f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
                f"SUMMARY:{_escape(summary)}",
                "TRANSP:TRANSPARENT",
                "END:VEVENT",
            ]
            events += 1
    lines.append("END:VCALENDAR")
    text = "".join(_fold(line) + "\r\n" for line in lines)
    try:
        path.write_bytes(text.encode("utf-8"))
    except OSError as error:
        raise output_error(path, error) from None
    return events


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
