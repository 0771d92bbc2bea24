"""What a printed rota says, as plain data: the page model behind the rota PDF.

`build_rota_document` gathers everything the PDF shows — rows in the grid's order and grouping,
each day's letter and whether it is a day off or in conflict, each person's office time against
the minimum per measurement period with its mark, the office counts against desks, the bank
holidays, the conflict lines and the legend — from the export scope and the `Checker`. It
draws nothing and knows no PDF library: `pdf_export` hands the result to Typst. Keeping the two
apart means the facts can come from another source (one "range view" of the domain) without
touching the page design, and tests can check the facts without reading a PDF.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import pairwise

import numpy as np

from deskplan.domain.calendar import describe_day
from deskplan.domain.conflicts import Conflict, RuleId, Severity
from deskplan.domain.engine import Checker, SiteUse
from deskplan.domain.model import Adjustment, Person, Status
from deskplan.domain.model import Cell as DayCell
from deskplan.domain.ordering import PeopleOrder
from deskplan.domain.plan import Plan
from deskplan.domain.policy import PeriodKind, Policy, fold, short_site_name
from deskplan.domain.status_colours import STATUS_COLOURS
from deskplan.domain.verdicts import PeriodVerdict, VerdictState
from deskplan.interchange.absence import AWAY_LABEL, AWAY_LETTER, shared_status
from deskplan.interchange.arrangement_text import describe_arrangement, summarise_arrangement
from deskplan.interchange.export_scope import make_scope
from deskplan.interchange.pdf_setup import PageSetup
from deskplan.interchange.private_wording import shared_message

PRIVATE_NOTE = "individual arrangement applies"
MEETS, SHORT, OPEN, NONE = "✓", "✖", "○", "–"
WARNING_MARK = "⚠"
HALVES_KEY = "O/H"  # the legend's example of a day in halves
_PER_DAY_RULES = (RuleId.NON_WORKING_DAY, RuleId.ADJUSTMENT_BREACHED)


@dataclass(frozen=True)
class PdfOptions:
    """What the user chose in the export dialog or on the command line."""

    setup: PageSetup = field(default_factory=PageSetup)
    include_adjustment_details: bool = False
    conflicts_page: bool = False
    staff_ids: tuple[str, ...] | None = None
    title: str = "Office rota"
    generated: datetime | None = None
    order: PeopleOrder = PeopleOrder.NAME
    #: Judge by this policy (a what-if draft) instead of the saved one.
    policy: Policy | None = None
    #: Leave and sickness apart; by default both are "away" (see `absence`).
    include_absence_detail: bool = False


@dataclass(frozen=True)
class Day:
    """A column of a grid. `closed`: a weekend or a bank holiday of someone in the team."""

    day: date
    label: str  # "M" … "S", or "BH"
    closed: bool


@dataclass(frozen=True)
class Period:
    """A measurement period's summary column, titled in two lines ("week of" / "3 Mar")."""

    top: str
    bottom: str


@dataclass(frozen=True)
class Cell:
    letter: str  # `O`, `O/H` for half days, "·" unplanned, "" a day off; never a site
    status: Status  # the colour: the morning's status, else the afternoon's
    day_off: bool
    conflict: bool
    #: Where the day is when not at the person's base: one site for a whole day, the
    #: morning's and the afternoon's (None: at the base) for a day in halves; () at the base.
    #: The PDF prints it on a line of its own, under the letters.
    sites: tuple[str | None, ...] = ()


@dataclass(frozen=True)
class Summary:
    """Office time against the minimum in one period: `figures` and a mark that says it in
    words too (the legend), never by colour alone."""

    figures: str
    mark: str  # MEETS, SHORT, OPEN or NONE


@dataclass(frozen=True)
class Row:
    staff_id: str
    name: str  # with " ◆" (arrangement) and " PT" (part time) when they apply
    detail: str  # the role, or what may be said of the arrangement
    has_arrangement: bool
    cells: tuple[Cell, ...]
    summaries: tuple[Summary, ...]


@dataclass(frozen=True)
class Group:
    heading: str | None  # None when people are sorted by name only
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class SiteCounts:
    """Under a grid: how many are in the office at a site each day, against its desks."""

    label: str
    counts: tuple[int | None, ...]  # None on a closed day nobody works
    over: tuple[bool, ...]
    peak: str


@dataclass(frozen=True)
class Grid:
    """One table of the PDF: some days (whole weeks when the range is cut) for everyone."""

    days: tuple[Day, ...]
    months: tuple[tuple[str, int], ...]  # month name and how many of the days are in it
    periods: tuple[Period, ...]
    groups: tuple[Group, ...]
    sites: tuple[SiteCounts, ...]
    bank_holidays: str  # "Bank holidays: Fri 18 Apr 2025: Good Friday (England), …" or ""


@dataclass(frozen=True)
class ConflictLine:
    mark: str
    error: bool
    text: str


@dataclass(frozen=True)
class RotaDocument:
    title: str
    author: str  # the team (the organisation deskplan knows of)
    subject: str
    subtitle: str
    generated: datetime
    footer: str
    legend: tuple[tuple[str, str], ...]  # (key, label): a status letter, "hatch", "conflict"…
    grids: tuple[Grid, ...]
    check: str  # the one-line verdict under the last grid
    has_errors: bool
    conflicts: tuple[ConflictLine, ...] | None  # None: no conflicts page
    arrangements: tuple[str, ...]  # only with the details asked for: the arrangements page
    #: The sites that cells name (someone in the office away from their base), in the
    #: policy's order, each with its short name: (name, short).
    other_sites: tuple[tuple[str, str], ...] = ()
    #: Those of `other_sites` some day in halves is at (its key is printed with a "/").
    halved_sites: frozenset[str] = frozenset()


Fits = Callable[[int, int], bool]
"""Whether a grid of so many days and period columns fits across the page (the renderer's
measure)."""


def build_rota_document(plan: Plan, first: date, last: date, options: PdfOptions,
                        fits: Fits) -> RotaDocument:
    """Everything the rota PDF of `first`..`last` shows, in reading order."""
    scope = make_scope(plan, first, last, options.staff_ids,
                       private=not options.include_adjustment_details, policy=options.policy)
    checker = scope.checker  # the one verdict: the window and `deskplan check` read the same
    people = options.order.arrange(scope.people)
    index = {p.staff_id: i for i, p in enumerate(scope.people)}
    days = scope.days
    holidays = _holidays(checker, people, first, last)
    verdicts = checker.verdicts([p.staff_id for p in people])
    conflicts = _conflicts_of(checker, people)
    marked = {(c.staff_id, c.start) for c in conflicts if c.rule in _PER_DAY_RULES}
    details = options.include_adjustment_details

    # A month of 200 people is 6,200 cells but only a few dozen different ones: each is
    # worked out once, from a key per cell (its code, whether a working day, whether marked
    # in conflict) and the few cells at another site.
    away = plan.rota.sites([p.staff_id for p in scope.people], first, last)
    column_of = {day: j for j, day in enumerate(days)}
    conflicted = np.zeros(scope.statuses.shape, dtype=np.int64)
    for staff_id, day in marked:
        if staff_id in index and day in column_of:
            conflicted[index[staff_id], column_of[day]] = 1
    keys = scope.statuses.astype(np.int64) * 4 + scope.working * 2 + conflicted
    made: dict[int, Cell] = {}
    for key in np.unique(keys).tolist():
        made[key] = _cell(DayCell.from_code(key // 4), bool(key & 2), bool(key & 1),
                          options.include_absence_detail)
    elsewhere: dict[tuple[int, tuple[str | None, str | None], bool, bool], Cell] = {}

    def at_site(key: int, sites: tuple[str | None, str | None]) -> Cell:
        found = elsewhere.get((key, sites))
        if found is None:
            found = elsewhere[(key, sites)] = _cell(DayCell.from_code(key // 4, sites),
                                                    bool(key & 2), bool(key & 1),
                                                    options.include_absence_detail)
        return found

    cells_of = [list(map(made.__getitem__, row)) for row in keys.tolist()]
    for (i, column), sites in away.items():
        cells_of[i][column] = at_site(int(keys[i, column]), sites)

    def row(person: Person) -> tuple[Row, dict[tuple[date, date], PeriodVerdict]]:
        arrangements = scope.arrangements(person.staff_id)
        name = person.name + (" ◆" if arrangements else "") + (
            " PT" if person.is_part_time_under(checker.policy.full_time_seconds) else "")
        return (Row(person.staff_id, name, _detail(person, arrangements, details),
                    bool(arrangements), tuple(cells_of[index[person.staff_id]]), ()),
                {(v.first, v.last): v for v in verdicts[person.staff_id]})

    rows = [row(p) for p in people]
    names = {p.staff_id: p.name for p in people}
    sites = checker.site_use(first, last)
    grids = []
    for lo, hi in _cuts(days, checker.period_ranges, fits):
        touching = [k for k, (p_first, p_last) in enumerate(checker.period_ranges)
                    if p_first <= days[hi - 1] and p_last >= days[lo]]
        grid_rows = [Row(r.staff_id, r.name, r.detail, r.has_arrangement, r.cells[lo:hi],
                         tuple(_summary(t.get(checker.period_ranges[k])) for k in touching))
                     for r, t in rows]
        grids.append(Grid(
            days=tuple(Day(d, "BH" if d in holidays else "MTWTFSS"[d.weekday()],
                           d.weekday() >= 5 or d in holidays) for d in days[lo:hi]),
            months=_months(days[lo:hi]),
            periods=tuple(_period(*checker.period_ranges[k], checker.policy.period)
                          for k in touching),
            groups=_groups(people, grid_rows, options.order),
            sites=tuple(_site_row(use, lo, hi, days[lo:hi], holidays) for use in sites),
            bank_holidays=_bank_holiday_line(days[lo:hi], holidays),
        ))
    distinct = [*made.values(), *elsewhere.values()]  # every cell of the range, each once
    named = {site for c in distinct for site in c.sites if site}
    shorts = {site.name: site.short for site in checker.sites}  # in the policy's order
    place = {name: k for k, name in enumerate(shorts)}
    team = plan.name or "Team"
    errors = sum(1 for c in conflicts if c.severity is Severity.ERROR)
    return RotaDocument(
        title=f"{options.title} — {team}",
        author=team,
        subject=(f"Who works in the office on which day, {describe_range(first, last)}, and "
                 f"how each person's office time compares with the minimum "
                 f"({checker.policy.describe_measure()})"),
        subtitle=(f"{describe_range(first, last)}  ·  {len(people)} "
                  f"{'person' if len(people) == 1 else 'people'}  ·  "
                  f"minimum {checker.policy.describe_measure()}"),
        generated=options.generated or datetime.now(),
        footer=f"deskplan  ·  {team}  ·  {describe_range(first, last)}",
        legend=_legend(options.include_absence_detail,
                       halves=any("/" in c.letter for c in distinct)),
        grids=tuple(grids),
        check=_check_line(conflicts, errors, listed=options.conflicts_page),
        has_errors=bool(errors),
        conflicts=tuple(
            ConflictLine(SHORT if c.severity is Severity.ERROR else WARNING_MARK,
                         c.severity is Severity.ERROR,
                         c.message if details else shared_message(c, names))
            for c in conflicts) if options.conflicts_page else None,
        arrangements=tuple(
            f"{p.name} ({p.staff_id}): {describe_arrangement(a)}"
            for p in people for a in scope.arrangements(p.staff_id)) if details else (),
        other_sites=tuple((name, shorts.get(name) or short_site_name(name))
                          for name in sorted(named, key=lambda n: (place.get(n, len(place)), n))),
        halved_sites=frozenset(site for c in distinct if len(c.sites) == 2
                               for site in c.sites if site),
    )


def describe_range(first: date, last: date) -> str:
    """`March 2025`, `3–9 March 2025`, `24 February – 30 March 2025`."""
    next_day = last + timedelta(days=1)
    if first.day == 1 and next_day.day == 1 and (first.year, first.month) == (last.year,
                                                                               last.month):
        return f"{first:%B %Y}"
    if first == last:
        return describe_day(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {last:%B %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%B} – {last.day} {last:%B %Y}"
    return f"{first.day} {first:%B %Y} – {last.day} {last:%B %Y}"


def _cell(cell: DayCell, working: bool, conflict: bool, absence_detail: bool) -> Cell:
    if not cell.code:
        return Cell("·" if working else "", Status.UNPLANNED, not working, conflict)
    am, pm = (shared_status(cell.am, detail=absence_detail),
              shared_status(cell.pm, detail=absence_detail))

    def letter(status: Status) -> str:  # as `shared_text` writes it, without the site
        return AWAY_LETTER if status.is_absence and not absence_detail else status.letter

    if not cell.is_split:
        return Cell(letter(am), am, not working, conflict,
                    (cell.am_site,) if cell.am_site else ())
    sites = (cell.am_site, cell.pm_site) if cell.am_site or cell.pm_site else ()
    return Cell(f"{letter(am)}/{letter(pm)}", am or pm, not working, conflict, sites)


def _detail(person: Person, arrangements: list[Adjustment], details: bool) -> str:
    if not arrangements:
        return person.role
    if details:
        return "; ".join(summarise_arrangement(a) for a in arrangements)
    return PRIVATE_NOTE


def _summary(verdict: PeriodVerdict | None) -> Summary:
    """The checker's verdict, in the same figures as the grid's row summary."""
    if verdict is None or verdict.state is VerdictState.NOT_CHECKED or (
            not verdict.available and not verdict.required):
        return Summary("", NONE)
    mark = {VerdictState.MET: MEETS, VerdictState.OPEN: OPEN,
            VerdictState.CANNOT: SHORT}[verdict.state]
    return Summary(verdict.figures, mark)


def _period(start: date, end: date, kind: PeriodKind) -> Period:
    if kind is PeriodKind.WEEK:
        return Period("week of", f"{start.day} {start:%b}")
    if kind is PeriodKind.ROLLING:
        return Period(f"{(end - start).days // 7 + 1} weeks to", f"{end.day} {end:%b}")
    if kind is PeriodKind.QUARTER:
        return Period(f"Q{(start.month - 1) // 3 + 1}", f"{start:%Y}")
    return Period(f"{start:%B}", f"{start:%Y}")


def _months(days: list[date]) -> tuple[tuple[str, int], ...]:
    spans: list[tuple[str, int]] = []
    for day in days:
        label = f"{day:%B %Y}"
        if spans and spans[-1][0] == label:
            spans[-1] = (label, spans[-1][1] + 1)
        else:
            spans.append((label, 1))
    return tuple(spans)


def _groups(people: list[Person], rows: list[Row], order: PeopleOrder) -> tuple[Group, ...]:
    if order is PeopleOrder.NAME:
        return (Group(None, tuple(rows)),)
    groups: list[tuple[str, list[Row]]] = []
    for person, row in zip(people, rows, strict=True):
        heading = order.group(person) or ("no role" if order is PeopleOrder.ROLE
                                          else "no location")
        if not groups or fold(groups[-1][0]) != fold(heading):  # as the grid groups them
            groups.append((heading, []))
        groups[-1][1].append(row)
    return tuple(Group(f"{heading} ({len(members)})", tuple(members))
                 for heading, members in groups)


def _cuts(days: list[date], periods: list[tuple[date, date]], fits: Fits) -> list[tuple[int, int]]:
    """The whole range as one grid if it fits across, else grids of as many whole weeks as
    fit (the first may be a part week)."""

    def periods_of(lo: int, hi: int) -> int:
        return sum(1 for p_first, p_last in periods
                   if p_first <= days[hi - 1] and p_last >= days[lo])

    if fits(len(days), periods_of(0, len(days))):
        return [(0, len(days))]
    starts = [0, *(i for i, d in enumerate(days) if d.weekday() == 0 and i > 0)]
    for weeks in range(len(starts), 0, -1):
        cuts = list(pairwise([*starts[::weeks], len(days)]))
        if all(fits(hi - lo, periods_of(lo, hi)) for lo, hi in cuts):
            return cuts
    return list(pairwise([*starts, len(days)]))


def _holidays(checker: Checker, people: list[Person], first: date,
              last: date) -> dict[date, list[str]]:
    """Each day off for the team's nations, one entry per holiday with the nations that have
    it: "Christmas Day" when every nation of the team has it, else "Saint Andrew's Day
    (observed) (Scotland)" or "Boxing Day (England, Wales)": a four-nation team's Christmas
    is one entry, not four."""
    named: dict[date, dict[str, list[str]]] = {}
    nations = sorted({terms.nation for p in people for _, terms in p.timeline()},
                     key=lambda n: n.value)
    for nation in nations:
        for day, name in sorted(checker.holidays(nation).items()):
            if first <= day <= last:
                named.setdefault(day, {}).setdefault(name, []).append(nation.label)
    return {day: [name if len(labels) == len(nations) and len(nations) > 1
                  else f"{name} ({', '.join(labels)})" for name, labels in names.items()]
            for day, names in sorted(named.items())}


def _bank_holiday_line(days: list[date], holidays: dict[date, list[str]]) -> str:
    """The grid's bank holidays on one line (the template ends it in "…" when the page is
    too narrow for all of them; the grid marks each day too)."""
    named = [f"{describe_day(d)}: {', '.join(holidays[d])}" for d in days if d in holidays]
    return "Bank holidays: " + "; ".join(named) if named else ""


def _site_row(use: SiteUse, lo: int, hi: int, days: list[date],
              holidays: dict[date, list[str]]) -> SiteCounts:
    """A site as the checker counts it (where people actually are, the fuller half)."""
    place, desks = use.site.name, use.site.capacity
    counts = np.maximum(use.morning, use.afternoon)[lo:hi]
    values = [int(c) for c in counts.tolist()]
    closed = [d.weekday() >= 5 or d in holidays for d in days]
    limit = f" of {desks}" if desks is not None else ""
    return SiteCounts(
        label=f"In office: {place or 'no location'}"
              + (f" ({desks} desks)" if desks is not None else ""),
        counts=tuple(None if shut and not count else count
                     for count, shut in zip(values, closed, strict=True)),
        over=tuple(desks is not None and count > desks for count in values),
        peak=f"most on one day: {max(values, default=0)}{limit}",
    )


def _conflicts_of(checker: Checker, people: list[Person]) -> list[Conflict]:
    """The range's conflicts (the checker decides which belong to it) of the chosen people and
    of the sites, in the checker's order: errors first."""
    chosen = {p.staff_id for p in people}
    return [c for c in checker.conflicts if c.staff_id is None or c.staff_id in chosen]


def _check_line(conflicts: list[Conflict], errors: int, *, listed: bool) -> str:
    if not conflicts:
        return f"{MEETS} No conflicts: the plan meets the policy and every arrangement."
    warnings = len(conflicts) - errors
    counted = (f"{SHORT if errors else WARNING_MARK} {errors} error{'s' if errors != 1 else ''}"
               f" and {warnings} warning{'s' if warnings != 1 else ''}")
    if listed:
        return f"{counted}, listed at the end."
    return f"{counted}: deskplan check, or the conflicts page, lists them."


def _legend(absence_detail: bool, *, halves: bool) -> tuple[tuple[str, str], ...]:
    """The keys of the page; "O/H" only when some day is in halves, which it then explains."""
    statuses = [(s.letter, s.label) for s in STATUS_COLOURS
                if absence_detail or not s.is_absence]
    if not absence_detail:
        statuses.insert(2, (AWAY_LETTER, AWAY_LABEL.lower().capitalize()))
    if halves:
        statuses.append((HALVES_KEY, "morning / afternoon"))
    return (*statuses,
            ("·", "not planned"), ("hatch", "day off / bank holiday"), ("conflict", "conflict"),
            (MEETS, "meets minimum"), (SHORT, "cannot meet it"),
            (OPEN, "depends on unplanned days"), ("◆", "individual arrangement"),
            ("PT", "part time"))
