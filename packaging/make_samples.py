"""Regenerate the sample files derived from `resources/samples/team.csv`.

`team.csv`, `adjustments.csv` and the two policy files are written by hand. From them this
script makes:

* `team.xlsx`: the same team as an HR system's Excel export, with a title block above the
  header and real dates and numbers in the cells;
* `rota-wide.csv`: four weeks from Monday 14 April 2025 (Easter: Good Friday everywhere, Easter
  Monday in England only, then the early-May bank holiday) in the wide form managers keep, one
  column per weekday. Each person gets the office days their policy rule or arrangement asks
  for, around their part-time pattern, leave, sickness and training, on the site's quietest
  days; then three realistic mistakes are made (`MISTAKES`, `BRIEFING`) so the walkthrough has
  something to find and fix.

It also writes the control room's files: `control-room.csv` (call handlers on a 4-on-4-off
roster of 12-hour shifts, weekends and bank holidays included, in two crews; a team leader on
a 9-day fortnight) and `control-room-rota.csv`, four weeks of it in the long form, with one
mistake (an office day on a roster day off), a half day of leave and a shift at another site.

    python packaging/make_samples.py
"""

from __future__ import annotations

import csv
import io
import math
import sys
from collections import Counter
from datetime import date, datetime, timedelta
from fractions import Fraction
from pathlib import Path

from deskplan.domain.calendar import bank_holidays
from deskplan.domain.model import Adjustment, AdjustmentKind, Person, Status
from deskplan.domain.policy import Policy
from deskplan.interchange.adjustments_file import read_adjustments
from deskplan.interchange.plan_files import read_table
from deskplan.interchange.policy_file import read_policy
from deskplan.interchange.team_file import read_team

SAMPLES = Path(__file__).resolve().parent.parent / "resources" / "samples"
FIRST_DAY = date(2025, 3, 31)
WEEKS = 9

#: Leave, sickness and training, as they would be booked: (payroll number, day) → status.
BOOKED: dict[tuple[str, date], Status] = {
    **{("100468", date(2025, 4, d)): Status.LEAVE for d in (22, 23)},     # Dina: Easter week
    **{("100574", date(2025, 5, d)): Status.LEAVE for d in (12, 13, 14, 15, 16)},  # Noah
    **{("200117", date(2025, 4, d)): Status.LEAVE for d in (14, 15, 16, 17)},  # Isla
    ("100489", date(2025, 4, 30)): Status.SICK,                             # Femi
    ("100561", date(2025, 4, 15)): Status.TRAINING,                         # Maya: course
    ("100561", date(2025, 4, 16)): Status.TRAINING,
    ("200161", date(2025, 5, 1)): Status.TRAINING,                          # Fraser
}

#: The plan's mistakes, made after the sensible plan: Jamal (call handler, 80%) is down for only
#: 3 office days in the week of 28 April; and Ben comes in on Wednesday 23 April, a fixed home
#: day of his flexible-working arrangement, instead of Friday.
MISTAKES: dict[tuple[str, date], Status] = {
    ("100538", date(2025, 4, 30)): Status.HOME,
    ("100437", date(2025, 4, 23)): Status.OFFICE,
    ("100437", date(2025, 4, 25)): Status.HOME,
}
#: A team briefing: everyone at the site who works that day is booked in, which is more people
#: than it has desks.
BRIEFING = ("Lambeth", date(2025, 5, 8))

TITLE_BLOCK = (
    "Northgate Police — Contact Management Directorate",
    "Establishment report: Control Room and support staff (Lambeth, Glasgow)",
    "Run on 7 April 2025 by HR Systems. OFFICIAL-SENSITIVE: do not forward.",
)


def weekdays() -> list[date]:
    days = [FIRST_DAY + timedelta(days=i) for i in range(7 * WEEKS)]
    return [d for d in days if d.weekday() < 5]


def share_on(person: Person, day: date, policy: Policy,
             arrangements: list[Adjustment]) -> Fraction:
    """The share the plan aims for: the policy's, or the most lenient arrangement's."""
    category = person.category or policy.category_for_role(person.role)
    rule = policy.rule_for(category, person.location)
    share = rule.share if rule else Fraction(0)
    for arrangement in arrangements:
        if arrangement.staff_id != person.staff_id or not arrangement.active_on(day):
            continue
        if arrangement.kind is AdjustmentKind.EXEMPT:
            share = Fraction(0)
        elif arrangement.kind is AdjustmentKind.REDUCED_SHARE and arrangement.share is not None:
            share = min(share, arrangement.share)
    return share


def fixed_home_days(person: Person, day: date, arrangements: list[Adjustment]) -> set[int]:
    return {weekday for a in arrangements
            if a.staff_id == person.staff_id and a.kind is AdjustmentKind.FIXED_HOME_DAYS
            and a.active_on(day) for weekday in a.weekdays}


def plan_person(index: int, person: Person, policy: Policy, arrangements: list[Adjustment],
                days: list[date], in_office: Counter[tuple[str, date]]) -> dict[date, Status]:
    """A sensible plan: just enough office days each week, on the site's quietest days.

    `in_office` counts who is already planned in at each site and day; this person's office
    days are added to it.
    """
    holidays = bank_holidays(person.nation, days[0], days[-1])
    statuses: dict[date, Status] = {}
    for week in range(WEEKS):
        week_days = [d for d in days if (d - FIRST_DAY).days // 7 == week]
        working = [d for d in week_days if person.pattern.seconds[d.weekday()]
                   and d not in holidays and person.employed_on(d)]
        booked = {d: BOOKED[person.staff_id, d] for d in working
                  if (person.staff_id, d) in BOOKED}
        available = [d for d in working if d not in booked or booked[d] is Status.TRAINING]
        needed = max((math.ceil(share_on(person, d, policy, arrangements) * len(available))
                      for d in available), default=0)
        needed -= sum(1 for s in booked.values() if s is Status.TRAINING)
        free = [d for d in available if d not in booked
                and d.weekday() not in fixed_home_days(person, d, arrangements)]
        # Quietest days first, as a manager sharing out desks would; ties rotate per person.
        free.sort(key=lambda d: (in_office[person.location, d], (d.weekday() - index) % 5))
        office = set(free[:max(needed, 0)])
        in_office.update((person.location, d) for d in office)
        for day in working:
            statuses[day] = booked.get(day, Status.OFFICE if day in office else Status.HOME)
    for (staff_id, day), status in MISTAKES.items():
        if staff_id == person.staff_id:
            statuses[day] = status
    site, day = BRIEFING
    if person.location == site and statuses.get(day) is Status.HOME:
        statuses[day] = Status.OFFICE
    return statuses


def rota_csv(people: list[Person], policy: Policy, arrangements: list[Adjustment]) -> str:
    days = weekdays()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Payroll number", "Name", *(f"{d:%d/%m/%Y}" for d in days)])
    in_office: Counter[tuple[str, date]] = Counter()
    for index, person in enumerate(people):
        statuses = plan_person(index, person, policy, arrangements, days, in_office)
        writer.writerow([person.staff_id, person.name,
                         *(statuses[d].letter if d in statuses else "" for d in days)])
    return out.getvalue()


def typed(header: str, text: str) -> object:
    """A cell as an HR export holds it: numbers and dates as such, the rest as text."""
    if not text:
        return None
    if header == "Payroll number":
        return int(text)
    if header == "Contracted hours":
        return float(text)
    if header.endswith("date"):
        return datetime.strptime(text, "%d/%m/%Y")
    return text


def write_team_xlsx(team_csv: Path, target: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    with team_csv.open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Establishment"
    for line, text in enumerate(TITLE_BLOCK, start=1):
        sheet.cell(row=line, column=1, value=text).font = Font(bold=line == 1)
    top = len(TITLE_BLOCK) + 2  # a blank line between the title block and the table
    for column, title in enumerate(header, start=1):
        sheet.cell(row=top, column=column, value=title).font = Font(bold=True)
    for offset, row in enumerate(rows, start=1):
        for column, (title, text) in enumerate(zip(header, row, strict=True), start=1):
            cell = sheet.cell(row=top + offset, column=column, value=typed(title, text))
            if title.endswith("date"):
                cell.number_format = "dd/mm/yyyy"
    for column, width in zip("ABCDEFGHIJ", (15, 11, 11, 26, 10, 10, 15, 16, 11, 12),
                             strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = sheet.cell(row=top + 1, column=1)
    workbook.properties.creator = "HR Systems"
    workbook.properties.created = workbook.properties.modified = datetime(2025, 4, 7, 9, 0)
    workbook.save(target)


#: The control room: (payroll number, first name, surname, job title, pattern, hours, cycle start,
#: bank holidays).
CONTROL_ROOM = [
    *((f"CR10{i}", first, last, "Call handler", "cycle:WWWW----", "12", "03/05/2025", "worked")
      for i, (first, last) in enumerate((("Asha", "Begum"), ("Bilal", "Cole"),
                                         ("Cara", "Doyle"), ("Dan", "Ekwueme")), start=1)),
    *((f"CR10{i}", first, last, "Call handler", "cycle:WWWW----", "12", "07/05/2025", "worked")
      for i, (first, last) in enumerate((("Ella", "Finch"), ("Farid", "Gill"),
                                         ("Gemma", "Hart"), ("Hugo", "Ince")), start=5)),
    ("CR110", "Iris", "Jones", "Team leader", "Mon-Fri | Mon-Thu", "8:20", "05/05/2025", "off"),
]
CONTROL_FIRST = date(2025, 5, 5)
CONTROL_WEEKS = 4
#: The control room's plan, after the sensible one: Cara comes in on a day her roster has off,
#: Iris takes the morning of Tue 13 May as leave, and Farid does a shift at Glasgow.
CONTROL_CHANGES = {
    ("CR103", date(2025, 5, 8)): "office",
    ("CR110", date(2025, 5, 13)): "leave/office",
    ("CR106", date(2025, 5, 16)): "office@Glasgow",
}


def control_room_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Payroll number", "First name", "Surname", "Job title", "Site", "Country",
                     "Working pattern", "Hours per day", "Cycle start", "Bank holidays"])
    for staff_id, first, last, title, pattern, hours, start, holidays in CONTROL_ROOM:
        writer.writerow([staff_id, first, last, title, "Lambeth", "England", pattern, hours,
                         start, holidays])
    return out.getvalue()


def control_rota_csv(people: list[Person], policy: Policy) -> str:
    """Every working day planned: each week's office days as the person's rule asks (the
    first ones), home on the rest; then `CONTROL_CHANGES`."""
    from deskplan.domain.working_time import working_time

    last = CONTROL_FIRST + timedelta(weeks=CONTROL_WEEKS, days=-1)
    time = working_time(people, policy, CONTROL_FIRST, last)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Payroll number", "Date", "Status"])
    for row, person in enumerate(people):
        category = person.category or policy.category_for_role(person.role)
        rule = policy.rule_for(category, person.location)
        share = rule.share if rule else Fraction(0)
        plan: dict[date, str] = {}
        for week in range(CONTROL_WEEKS):
            columns = [c for c in range(7 * week, 7 * week + 7) if time.seconds[row, c]]
            needed = math.ceil(share * len(columns))
            for k, column in enumerate(columns):
                plan[CONTROL_FIRST + timedelta(days=column)] = "office" if k < needed \
                    else "home"
        for (staff_id, day), status in CONTROL_CHANGES.items():
            if staff_id == person.staff_id:
                plan[day] = status
        for day in sorted(plan):
            writer.writerow([person.staff_id, f"{day:%d/%m/%Y}", plan[day]])
    return out.getvalue()


def main() -> int:
    team = read_team(read_table(SAMPLES / "team.csv")).people
    policy = read_policy(SAMPLES / "policy-default.toml")
    arrangements = read_adjustments(read_table(SAMPLES / "adjustments.csv"),
                                    {p.staff_id for p in team})
    (SAMPLES / "rota-wide.csv").write_text(rota_csv(team, policy, arrangements),
                                           encoding="utf-8")
    write_team_xlsx(SAMPLES / "team.csv", SAMPLES / "team.xlsx")
    (SAMPLES / "control-room.csv").write_text(control_room_csv(), encoding="utf-8")
    room = read_team(read_table(SAMPLES / "control-room.csv")).people
    (SAMPLES / "control-room-rota.csv").write_text(control_rota_csv(room, policy),
                                                   encoding="utf-8")
    print(f"wrote {SAMPLES / 'rota-wide.csv'}, {SAMPLES / 'team.xlsx'} and the control "
          "room's files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
