"""Plans and files for the export tests: small enough to reason about, real enough to matter."""

from __future__ import annotations

import csv
import subprocess
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path

from deskplan.domain.model import (
    Adjustment,
    AdjustmentKind,
    Cell,
    Person,
    Status,
    WorkingPattern,
)
from deskplan.domain.plan import Plan
from deskplan.domain.policy import Location, Policy, Rule
from deskplan.domain.rota import Rota

MARCH = (date(2025, 3, 1), date(2025, 3, 31))
POLICY_TOML = """\
period = "week"
[[rule]]
category = "support"
share = "60%"
[[location]]
name = "Lambeth"
capacity = 2
"""


def policy() -> Policy:
    return Policy(rules=(Rule(Fraction(3, 5), category="support"),),
                  locations=(Location("Lambeth", 2),))


def team(count: int = 4) -> list[Person]:
    names = ["Ada Ames", "Ben Bell", "Cara Cole", "Dev Das"]
    return [
        Person(staff_id=f"S{i + 1:03d}", name=names[i] if i < len(names) else f"Person {i + 1:03d}",
               role="HR advisor", category="support", location="Lambeth",
               pattern=WorkingPattern.from_days([0, 1, 2], [27000]) if i == 3 else
               WorkingPattern.standard())
        for i in range(count)
    ]


def march_plan(count: int = 4) -> Plan:
    """March 2025 planned for everyone: O O H H H each week, so all are one office day short,
    Ben works from home on Mondays under FW-0311, Ada is on leave 10-11 March, and the last
    week is left unplanned for Cara."""
    people = team(count)
    rota = Rota(p.staff_id for p in people)
    day = MARCH[0]
    while day <= MARCH[1]:
        for person in people:
            if not person.pattern.seconds[day.weekday()]:
                continue
            if person.staff_id == "S003" and day >= date(2025, 3, 24):
                continue
            status = Status.OFFICE if day.weekday() in (1, 2) else Status.HOME
            if person.staff_id == "S001" and day in (date(2025, 3, 10), date(2025, 3, 11)):
                status = Status.LEAVE
            rota.set(person.staff_id, day, status)
        day += timedelta(days=1)
    rota.set("S002", date(2025, 3, 17), Status.OFFICE)  # a fixed home day: a conflict
    rota.set("S004", date(2025, 3, 6), Status.TRAINING)  # a day off: a conflict
    adjustments = [Adjustment("S002", AdjustmentKind.FIXED_HOME_DAYS, date(2024, 6, 1),
                              weekdays=frozenset({0}), reference="FW-0311",
                              review_date=date(2025, 3, 20))]
    return Plan(people=people, rota=rota, policy=policy(), adjustments=adjustments,
                name="HR Team")


def sites_plan(count: int = 6) -> Plan:
    """`march_plan` with days at three other sites, whole and in halves, and days in halves
    at the base: the cells that print the most."""
    plan = march_plan(count)
    plan.policy = replace(plan.policy, locations=(
        *plan.policy.locations, Location("Charing Cross", 5, "CH"), Location("Hendon", 4),
        Location("New Scotland Yard", 3)))
    office, home, leave = Status.OFFICE, Status.HOME, Status.LEAVE
    for staff_id, day, cell in (
            ("S001", 4, Cell(office, office, "Charing Cross", "Charing Cross")),
            ("S001", 5, Cell(office, home, "Hendon", None)),
            ("S002", 4, Cell(leave, office, None, "New Scotland Yard")),
            ("S002", 5, Cell(office, office, "Hendon", "Charing Cross")),
            ("S003", 12, Cell(office, home)),
            ("S003", 13, Cell(Status.SICK, office, None, "Hendon")),
            ("S004", 11, Cell(office, office, "New Scotland Yard", "New Scotland Yard"))):
        plan.rota.set_cell(staff_id, date(2025, 3, day), cell)
    return plan


def write_plan_files(plan: Plan, folder: Path) -> dict[str, Path]:
    """The team, rota (long form), arrangements and policy files `deskplan check` reads."""
    paths = {name: folder / f"{name}.csv" for name in ("team", "rota", "adjustments")}
    paths["policy"] = folder / "policy.toml"
    with paths["team"].open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["staff_id", "name", "role", "category", "location", "working_days",
                         "hours_per_day"])
        for p in plan.people:
            days = ",".join(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][d]
                            for d in p.pattern.weekdays)
            writer.writerow([p.staff_id, p.name, p.role, p.category, p.location, days,
                             p.pattern.seconds[p.pattern.weekdays[0]] / 3600])
    with paths["rota"].open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["staff_id", "date", "status"])
        for staff_id, day, cell in plan.rota.entries():
            writer.writerow([staff_id, day.isoformat(), cell.long_text()])
    with paths["adjustments"].open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["staff_id", "kind", "start", "review_date", "weekdays", "reference"])
        for a in plan.adjustments:
            writer.writerow([a.staff_id, a.kind.value, a.start.isoformat(),
                             a.review_date.isoformat() if a.review_date else "",
                             ",".join(["Mon", "Tue", "Wed", "Thu", "Fri"][d]
                                      for d in sorted(a.weekdays)), a.reference])
    paths["policy"].write_text(POLICY_TOML, encoding="utf-8")
    return paths


def pdf_pages_text(path: Path) -> list[str]:
    """The text of each page, as poppler's pdftotext extracts it (what a search finds)."""
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


@dataclass
class Tag:
    """A node of a tagged PDF's structure tree as poppler reads it (`pdfinfo -struct-text`)."""

    kind: str
    items: list[str | Tag] = field(default_factory=list)  # text and nodes, in reading order
    attributes: dict[str, str] = field(default_factory=dict)  # "RowSpan": "3", …

    @property
    def children(self) -> list[Tag]:
        return [item for item in self.items if isinstance(item, Tag)]

    def text(self) -> str:
        """All text under this node, in reading order."""
        return " ".join(item if isinstance(item, str) else item.text()
                        for item in self.items).strip()

    def find(self, kind: str) -> list[Tag]:
        """Every node of this kind below, in reading order."""
        found = []
        for child in self.children:
            if child.kind == kind:
                found.append(child)
            found += child.find(kind)
        return found


def pdf_structure(path: Path) -> Tag:
    """The structure tree of a tagged PDF; its text is what a screen reader reads, in order."""
    output = subprocess.run(["pdfinfo", "-enc", "UTF-8", "-struct-text", str(path)],
                            check=True, capture_output=True).stdout.decode("utf-8", "replace")
    root = Tag("root")
    stack: list[tuple[int, Tag]] = [(-1, root)]
    for line in output.splitlines():
        depth = len(line) - len(line.lstrip(" "))
        content = line.strip()
        if not content:
            continue
        while stack[-1][0] >= depth:
            stack.pop()
        if content.startswith("/"):  # an attribute of the node above: "/RowSpan 3"
            name, _, value = content[1:].partition(" ")
            stack[-1][1].attributes[name] = value
            continue
        if content.startswith('"'):
            stack[-1][1].items.append(content[1:content.rindex('"')].strip())
            continue
        node = Tag(content.split()[0].rstrip(":"))
        stack[-1][1].items.append(node)
        stack.append((depth, node))
    return root


def table_rows(table: Tag) -> list[list[str]]:
    """The text of each cell of each row of a table tag, header rows first, as a screen reader
    meets them: a cell spanning rows (`RowSpan`) is read in each row it spans, in its column
    (a cell spanning columns is one entry, in the columns it starts)."""
    spanning: dict[int, tuple[int, str, int]] = {}  # column: (rows still spanned, text, width)
    rows = []
    for row in table.find("TR"):
        cells, texts, column = list(row.children), [], 0
        while cells or any(start >= column for start in spanning):
            if column in spanning:
                left, text, width = spanning.pop(column)
                if left > 1:
                    spanning[column] = (left - 1, text, width)
            elif cells:
                cell = cells.pop(0)
                text, width = cell.text(), int(cell.attributes.get("ColSpan", "1"))
                if (down := int(cell.attributes.get("RowSpan", "1"))) > 1:
                    spanning[column] = (down - 1, text, width)
            else:
                column = min(start for start in spanning if start >= column)
                continue
            texts.append(text)
            column += width
        rows.append(texts)
    return rows
