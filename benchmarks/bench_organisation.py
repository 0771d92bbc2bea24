"""The organisation on PostgreSQL: 11,000 people in 400 teams, a year of rota, row security on.

    python benchmarks/bench_organisation.py [--people 11000] [--teams 400] [--repeat 3]
        [--url postgresql+psycopg://…]

Needs a server login that may create schemas and roles (`DESKPLAN_TEST_POSTGRES_URL`, as CI
sets it); everything is made in a schema and roles of its own and dropped afterwards. Prints,
as medians: a manager's team opening (storage, then the window offscreen), the HR overview
(read and computed, then the window), a save with its audit rows, and how long a save by
someone else takes to show in an open window (LISTEN/NOTIFY). Targets: a manager's team opens
in 0.5 s or less, the overview in 2 s or less.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from fractions import Fraction

from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url

from deskplan.domain.model import Adjustment, AdjustmentKind, Person, Status, WorkingPattern
from deskplan.domain.policy import Location, Policy
from deskplan.overview import build_overview
from deskplan.storage import organisation, repository
from deskplan.storage.db import Database
from deskplan.storage.models import RotaMonthRow

YEAR = date(2025, 1, 1)
SITES = 20
PASSWORD = "bench-only"
ROTA = RotaMonthRow.__table__  # type: ignore[attr-defined]


def report(label: str, seconds: float) -> None:
    print(f"{label:<66} {seconds:6.2f} s", flush=True)


def median_time(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _month_rows(people: list[tuple[int, int]], rng: random.Random) -> list[dict[str, object]]:
    """A year as teams plan it: each week `office` days in (4 operational, 3 support), the rest
    at home, a day of leave now and then, and one week in twelve a day short."""
    letters: dict[int, list[str]] = {person_id: [] for person_id, _ in people}
    day = YEAR - timedelta(days=YEAR.weekday())  # from the Monday of the year's first week
    while day <= YEAR.replace(month=12, day=31):
        for person_id, office in people:
            week = []
            for weekday in range(7):
                week.append("." if weekday >= 5 else "H")
            wanted = office - (1 if rng.random() < 1 / 12 else 0)
            for weekday in rng.sample(range(5), wanted):
                week[weekday] = "O"
            if rng.random() < 0.1:
                week[rng.randrange(5)] = "L"
            letters[person_id].extend(week)
        day += timedelta(days=7)
    rows = []
    offset = YEAR.weekday()  # the cells of the days before 1 January
    for person_id, cells in letters.items():
        cells = cells[offset:]
        for month in range(1, 13):
            first = YEAR.replace(month=month)
            start = (first - YEAR).days
            length = ((first.replace(day=28) + timedelta(days=4)).replace(day=1) - first).days
            rows.append({"person_id": person_id, "month": first,
                         "days": "".join(cells[start:start + length])})
    return rows


def build(admin_url: str, prefix: str, people: int, teams: int) -> dict[str, object]:
    rng = random.Random(14)
    per_team = people // teams
    with Database.open(admin_url) as db:
        with db.session() as session:
            organisation.init_organisation(session, prefix=prefix)
        start = time.perf_counter()
        first_team = None
        for number in range(teams):
            with db.session() as session:
                # Each team's policy names its own site (sites are shared by 20 teams each).
                site = f"Site {number % SITES}"
                policy = Policy(rules=Policy.default().rules, locations=(Location(site, 600),))
                team = repository.create_team(session, name=f"Team {number:03d}", policy=policy)
                staff = [Person(f"T{number:03d}P{i:03d}", f"Person {number}-{i}",
                                role=rng.choice(["Call handler", "Analyst", "Supervisor"]),
                                category=rng.choice(["operational", "support"]),
                                location=site, pattern=WorkingPattern.standard())
                         for i in range(per_team + (1 if number < people % teams else 0))]
                version = repository.import_people(session, team_id=team.id, people=staff,
                                                   expected_version=team.version)
                ids = list(session.connection().execute(
                    text("SELECT id FROM person WHERE team_id = :t ORDER BY id"),
                    {"t": team.id}).scalars())
                office = [4 if p.category == "operational" else 3 for p in staff]
                session.connection().execute(insert(ROTA), _month_rows(list(zip(ids, office,
                                                                              strict=True)), rng))
                arranged = staff[:max(1, len(staff) // 20)]
                for person in arranged:
                    version = repository.replace_adjustments(
                        session, team_id=team.id, staff_id=person.staff_id,
                        expected_version=version, adjustments=[Adjustment(
                            person.staff_id, AdjustmentKind.REDUCED_SHARE, date(2024, 4, 1),
                            review_date=date(2025, 3, 31), share=Fraction(2, 5),
                            reference=f"RA-{person.staff_id}")])
                if first_team is None:
                    first_team = team.id
        with db.session() as session:
            manager, hr = f"{prefix}manager1", f"{prefix}hr1"
            organisation.add_manager(session, login=manager, team_id=first_team)
            organisation.grant_hr(session, login=hr)
            for login in (manager, hr):
                session.connection().exec_driver_sql(
                    f"ALTER ROLE \"{login}\" PASSWORD '{PASSWORD}'")
            session.connection().exec_driver_sql("ANALYZE")
        report(f"build {people:,} people in {teams} teams, a year of rota (audited)",
               time.perf_counter() - start)
    return {"team": first_team, "manager": manager, "hr": hr}


def as_login(admin_url: str, login: str) -> str:
    return make_url(admin_url).set(username=login, password=PASSWORD).render_as_string(
        hide_password=False)


def measure(admin_url: str, built: dict[str, object], repeat: int, *, with_windows: bool) -> None:
    team_id = int(str(built["team"]))
    manager_url = as_login(admin_url, str(built["manager"]))
    hr_url = as_login(admin_url, str(built["hr"]))
    month = (date(2025, 3, 1), date(2025, 3, 31))

    def manager_opens() -> None:
        with Database.open(manager_url) as db, db.session() as session:
            repository.list_teams(session)
            stored = repository.load_team(session, team_id=team_id)
            repository.other_teams_office(session, team_id=team_id, first=month[0],
                                          last=month[1])
        stored.plan.checker(*month)

    report("manager: open, list, load the team, other teams' desks, check a month",
           median_time(manager_opens, repeat))

    for weeks in (4, 13):
        first = date(2025, 3, 3)
        last = first + timedelta(days=7 * weeks - 1)

        def overview(first: date = first, last: date = last) -> None:
            with Database.open(hr_url) as db, db.session() as session:
                inputs = organisation.overview_inputs(session, first=first, last=last)
            build_overview(inputs, first, last)

        report(f"HR: read and compute the overview of {weeks} weeks, every team",
               median_time(overview, repeat))

    with Database.open(manager_url) as db:
        def save() -> None:
            with db.session() as session:
                version = repository.load_team(session, team_id=team_id).version
                staff = repository.load_team(session, team_id=team_id).plan.people[0].staff_id
                repository.save_cells(session, team_id=team_id, expected_version=version,
                                      changes=[(staff, date(2025, 3, 4), Status.HOME)])

        report("manager: load twice and save a cell (audit row, notice)", median_time(save, repeat))
    if with_windows:
        windows(admin_url, manager_url, hr_url, team_id, repeat)


def windows(admin_url: str, manager_url: str, hr_url: str, team_id: int, repeat: int) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import tempfile

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from deskplan.ui.app import open_window
    from deskplan.ui.db_store import DatabaseStore
    from deskplan.ui.overview_window import OverviewWindow

    app = QApplication.instance() or QApplication(sys.argv)
    folder = tempfile.mkdtemp()
    settings = QSettings(os.path.join(folder, "bench.ini"), QSettings.Format.IniFormat)
    settings.setValue("view/team", team_id)

    def manager_window() -> float:
        start = time.perf_counter()
        window = open_window(manager_url, settings)
        window.show()
        app.processEvents()  # laid out and painted once
        elapsed = time.perf_counter() - start
        window.close()
        return elapsed

    report("manager: the planner window opens on the team, drawn (offscreen)",
           statistics.median(manager_window() for _ in range(repeat)))

    store = DatabaseStore(Database.open(hr_url))
    try:
        def overview_window() -> float:
            start = time.perf_counter()
            window = OverviewWindow(store, date(2025, 3, 3), date(2025, 3, 30))
            window.show()
            window.load_now()
            app.processEvents()
            elapsed = time.perf_counter() - start
            window.close()
            return elapsed

        report("HR: the overview window shows 4 weeks of every team, drawn (offscreen)",
               statistics.median(overview_window() for _ in range(repeat)))
    finally:
        store.close()

    window = open_window(manager_url, settings)
    window.show()
    delays = []
    with Database.open(admin_url) as other:
        for attempt in range(repeat):
            with other.session() as session:
                stored = repository.load_team(session, team_id=team_id)
                staff = stored.plan.people[1].staff_id
                day = date(2025, 3, 10) + timedelta(days=attempt)
                wanted = Status.TRAINING if stored.plan.rota.get(staff, day) != Status.TRAINING \
                    else Status.HOME
                repository.save_cells(session, team_id=team_id, expected_version=stored.version,
                                      changes=[(staff, day, wanted)])
            saved = time.perf_counter()
            while window.document is None or window.document.plan.rota.get(staff, day) != wanted:
                app.processEvents()
                if time.perf_counter() - saved > 10:
                    break
            delays.append(time.perf_counter() - saved)
    window.close()
    report("someone else's save shown in an open window (notice + reload)",
           statistics.median(delays))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=11_000)
    parser.add_argument("--teams", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--url", default=os.environ.get("DESKPLAN_TEST_POSTGRES_URL"))
    parser.add_argument("--no-windows", action="store_true", help="storage and overview only")
    parser.add_argument("--reuse", metavar="SCHEMA",
                        help="measure a schema an earlier --keep run left (and keep it)")
    parser.add_argument("--keep", action="store_true",
                        help="leave the schema and roles for a look with psql (drop by hand)")
    args = parser.parse_args()
    if not args.url:
        parser.error("give --url or set DESKPLAN_TEST_POSTGRES_URL (a PostgreSQL login that "
                     "may create roles)")
    tag = args.reuse.removeprefix("bench_org_") if args.reuse else uuid.uuid4().hex[:8]
    schema, prefix = f"bench_org_{tag}", f"b{tag}_"
    engine = create_engine(args.url)
    if not args.reuse:
        with engine.begin() as connection:
            connection.execute(text(f"CREATE SCHEMA {schema}"))
    admin_url = make_url(args.url).update_query_dict(
        {"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    try:
        if args.reuse:
            with engine.connect() as connection:
                first_team = connection.execute(text(
                    f"SELECT min(id) FROM {schema}.team")).scalar_one()
            built = {"team": first_team, "manager": f"{prefix}manager1", "hr": f"{prefix}hr1"}
        else:
            built = build(admin_url, prefix, args.people, args.teams)
        measure(admin_url, built, args.repeat, with_windows=not args.no_windows)
    finally:
        if args.keep or args.reuse:
            print(f"kept: schema {schema}, roles {prefix}*; manager {prefix}manager1, HR "
                  f"{prefix}hr1, password {PASSWORD}")
        else:
            drop(engine, schema, prefix)
        engine.dispose()
    return 0


def drop(engine: object, schema: str, prefix: str) -> None:
    from sqlalchemy import Engine

    assert isinstance(engine, Engine)
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        for role in list(connection.execute(text(
                "SELECT rolname FROM pg_roles WHERE rolname LIKE :p"), {"p": f"{prefix}%"})
                .scalars()):
            connection.exec_driver_sql(f'DROP ROLE "{role}"')


if __name__ == "__main__":
    sys.exit(main())
