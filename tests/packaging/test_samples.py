"""The sample files in resources/samples/ keep working, and keep telling the walkthrough's story.

Every sample is read the way a user would read it (deskplan check, deskplan import), so a change
to a reader or to the rules that breaks a sample fails here, not in front of a new user.
"""

from __future__ import annotations

import json
from datetime import date
from fractions import Fraction

import pytest

from deskplan.cli import main
from deskplan.domain.model import AdjustmentKind, Nation
from deskplan.domain.policy import Measure, PeriodKind
from deskplan.interchange.adjustments_file import read_adjustments
from deskplan.interchange.plan_files import load_plan, read_table
from deskplan.interchange.policy_file import read_policy
from deskplan.interchange.team_file import read_team
from deskplan.resources import sample_path
from tests.packaging.helpers import load_script

make_samples = load_script("make_samples")

SAMPLE_FILES = ("team.csv", "team.xlsx", "rota-wide.csv", "adjustments.csv",
                "policy-default.toml", "policy-civil-service-monthly.toml",
                "policy-rolling-12-weeks.toml", "control-room.csv", "control-room-rota.csv")
#: The mistakes make_samples.py leaves in the rota on purpose: (rule, staff id or site, day).
DELIBERATE = {
    ("adjustment-breached", "100437", "2025-04-23"),   # Ben on his fixed home day
    ("below-minimum", "100538", "2025-04-28"),         # Jamal, 3 of 4 days needed
    ("over-capacity", "Lambeth", "2025-05-08"),        # the briefing day
    ("review-due", "100559", "2025-05-06"),            # Liam's reduced share
    # Not a mistake of the rota but of the rule: under 80% and 60% a week, part-timers must
    # spend a higher share of their working days in the office than full-timers.
    ("pro-rata-warning", None, "2025-03-31"),
}


def check_json(capsys, *args: str) -> tuple[int, list[dict]]:
    code = main(["check", *args, "--format", "json"])
    return code, json.loads(capsys.readouterr().out)["conflicts"]


def plan_files(policy: str) -> list[str]:
    return ["--team", str(sample_path("team.csv")), "--rota", str(sample_path("rota-wide.csv")),
            "--adjustments", str(sample_path("adjustments.csv")),
            "--policy", str(sample_path(policy))]


def summary(conflicts: list[dict]) -> set[tuple[str, str, str]]:
    return {(c["rule"], c["staff_id"] or c["location"] or c["role"], c["start"])
            for c in conflicts}


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_every_sample_is_found_in_the_checkout(name):
    assert sample_path(name).stat().st_size > 0


def test_team_list_is_hr_style_with_part_timers_compressed_hours_and_two_nations():
    table = read_table(sample_path("team.csv"))
    assert table.header[:4] == ["Payroll number", "First name", "Surname", "Job title"]
    people = read_team(table).people
    assert 20 <= len(people) <= 30
    assert {p.nation for p in people} == {Nation.ENGLAND, Nation.SCOTLAND}
    assert any(p.is_part_time for p in people)
    compressed = [p for p in people if len(p.pattern.weekdays) == 4
                  and p.pattern.weekly_seconds == 37.5 * 3600]
    assert compressed
    assert any(p.end_date for p in people)
    assert any(p.start_date and p.start_date > date(2025, 4, 1) for p in people)


def test_the_workbook_holds_the_same_people_below_a_title_block():
    from_csv = read_team(read_table(sample_path("team.csv"))).people
    table = read_table(sample_path("team.xlsx"))
    assert table.header_row > 1
    assert table.header == read_table(sample_path("team.csv")).header
    assert read_team(table).people == from_csv


def test_arrangements_cover_each_kind_and_record_no_reasons():
    team = {p.staff_id for p in read_team(read_table(sample_path("team.csv"))).people}
    table = read_table(sample_path("adjustments.csv"))
    arrangements = read_adjustments(table, team)
    assert {a.kind for a in arrangements} == set(AdjustmentKind)
    assert not any("note" in h.lower() or "reason" in h.lower() for h in table.header)


def test_default_policy_is_operational_80_support_60_weekly_from_6_january_2025():
    policy = read_policy(sample_path("policy-default.toml"))
    assert policy.period is PeriodKind.WEEK
    assert policy.effective_from == date(2025, 1, 6)
    shares = {r.category: r.share for r in policy.rules}
    assert shares == {"operational": Fraction(4, 5), "support": Fraction(3, 5)}
    assert all(p.capacity for p in policy.locations)
    assert policy.coverage
    roles = {p.role for p in read_team(read_table(sample_path("team.csv"))).people}
    assert all(policy.category_for_role(role) for role in roles)


def test_civil_service_policy_is_60_percent_of_working_days_per_month_rounded_up():
    policy = read_policy(sample_path("policy-civil-service-monthly.toml"))
    assert (policy.period, policy.measure, policy.round_to) == (
        PeriodKind.MONTH, Measure.DAYS, Fraction(1))
    assert policy.business_counts_as_office
    assert [(r.category, r.location, r.share) for r in policy.rules] == \
        [(None, None, Fraction(3, 5))]


def test_the_rolling_policy_judges_twelve_weeks_and_has_a_team_day():
    policy = read_policy(sample_path("policy-rolling-12-weeks.toml"))
    assert (policy.period, policy.rolling_weeks) == (PeriodKind.ROLLING, 12)
    assert [a.weekdays for a in policy.anchors] == [frozenset({1})]


def test_the_control_room_works_a_roster_and_a_nine_day_fortnight(capsys):
    people = {p.staff_id: p for p in read_team(read_table(sample_path("control-room.csv")))
              .people}
    crew = people["CR101"]
    assert crew.pattern.roster
    assert crew.pattern.cycle_days == 8
    assert crew.bank_holidays_worked
    leader = people["CR110"]
    assert leader.pattern.weeks == 2
    assert leader.pattern.weekly_seconds == 37.5 * 3600
    code, conflicts = check_json(
        capsys, "--team", str(sample_path("control-room.csv")), "--rota",
        str(sample_path("control-room-rota.csv")), "--policy",
        str(sample_path("policy-default.toml")))
    # Cara is in on a day her roster has off; the half day of leave, the shift at Glasgow and
    # both bank holidays (worked by the roster, off for the fortnight) are all in order.
    assert (code, summary(conflicts)) == (1, {("non-working-day", "CR103", "2025-05-08")})


def test_checking_the_samples_finds_exactly_the_deliberate_mistakes(capsys):
    code, conflicts = check_json(capsys, *plan_files("policy-default.toml"))
    assert code == 1
    assert summary(conflicts) == DELIBERATE


def test_the_workbook_team_list_checks_the_same_as_the_csv(capsys):
    files = plan_files("policy-default.toml")
    _, from_csv = check_json(capsys, *files)
    files[1] = str(sample_path("team.xlsx"))
    _, from_xlsx = check_json(capsys, *files)
    assert from_xlsx == from_csv


def test_monthly_averaging_absorbs_the_short_week_but_not_the_desk_or_home_day(capsys):
    code, conflicts = check_json(capsys, *plan_files("policy-civil-service-monthly.toml"),
                                 "--from", "2025-04-01", "--to", "2025-05-31")
    found = summary(conflicts)
    assert code == 1
    assert ("below-minimum", "100538", "2025-04-28") not in found
    assert {("adjustment-breached", "100437", "2025-04-23"),
            ("over-capacity", "Lambeth", "2025-05-08")} <= found
    assert not [c for c in conflicts if c["rule"] == "unplanned"]


def test_importing_every_sample_into_a_database_checks_the_same(capsys, tmp_path):
    db = ["--db", str(tmp_path / "samples.sqlite3")]
    team = ["--team-name", "Sample team"]
    for argv in (["import", "team", str(sample_path("team.xlsx"))],
                 ["import", "policy", str(sample_path("policy-default.toml"))],
                 ["import", "rota", str(sample_path("rota-wide.csv"))],
                 ["import", "adjustments", str(sample_path("adjustments.csv"))]):
        assert main([*argv, *team, *db]) == 0, capsys.readouterr()
    capsys.readouterr()
    code, conflicts = check_json(capsys, *team, *db)
    assert code == 1
    assert summary(conflicts) == DELIBERATE


def test_the_samples_export_to_pdf(tmp_path, capsys):
    target = tmp_path / "rota.pdf"
    assert main(["export", "pdf", *plan_files("policy-default.toml"), "--from", "2025-04-28",
                 "--to", "2025-05-25", "--output", str(target)]) == 0
    assert target.read_bytes().startswith(b"%PDF")


def test_the_generated_samples_are_current(tmp_path):
    """Edit team.csv, adjustments.csv or the script, then rerun packaging/make_samples.py."""
    plan = load_plan(sample_path("team.csv"), None, sample_path("adjustments.csv"),
                     sample_path("policy-default.toml"))
    rota = make_samples.rota_csv(plan.people, plan.policy, plan.adjustments)
    assert rota == sample_path("rota-wide.csv").read_text(encoding="utf-8")
    assert make_samples.control_room_csv() == sample_path("control-room.csv").read_text(
        encoding="utf-8")
    room = read_team(read_table(sample_path("control-room.csv"))).people
    assert make_samples.control_rota_csv(room, plan.policy) == sample_path(
        "control-room-rota.csv").read_text(encoding="utf-8")
    fresh = tmp_path / "team.xlsx"
    make_samples.write_team_xlsx(sample_path("team.csv"), fresh)
    committed, regenerated = read_table(sample_path("team.xlsx")), read_table(fresh)
    assert (committed.header, committed.rows) == (regenerated.header, regenerated.rows)
