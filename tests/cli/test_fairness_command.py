"""`deskplan fairness`: the same numbers as the view, as text, JSON with exact ratios, and CSV."""

import csv
import json
from pathlib import Path

from deskplan.cli import main

DAYS = {5: "Mon-Fri", 4: "Mon-Thu", 3: "Mon-Wed", 2: "Mon-Tue"}
TEAM = "staff_id,name,category,location,working_days,hours_per_day\n" + "".join(
    f"{days}{i},Person {days}{i},support,HQ,{pattern},7.5\n"
    for days, pattern in DAYS.items() for i in range(5))
POLICY = 'period = "week"\n[[rule]]\ncategory = "support"\nshare = 0.8\n'
MONTHLY = 'period = "month"\n[[rule]]\ncategory = "support"\nshare = 0.6\n'


def files(tmp_path: Path) -> list[str]:
    team = tmp_path / "team.csv"
    team.write_text(TEAM, encoding="utf-8")
    policy = tmp_path / "policy.toml"
    policy.write_text(POLICY, encoding="utf-8")
    draft = tmp_path / "monthly.toml"
    draft.write_text(MONTHLY, encoding="utf-8")
    return ["fairness", "--team", str(team), "--policy", str(policy), "--draft", str(draft),
            "--from", "2025-01-06", "--to", "2025-12-28"]


def test_json_gives_exact_ratios_and_percentages(tmp_path, capsys):
    assert main([*files(tmp_path), "--format", "json"]) == 0
    found = json.loads(capsys.readouterr().out)
    groups = {g["pattern"]: g for g in found["saved"]["groups"]}
    full, two = groups["Full time"], groups["Part time, 2 days a week"]
    assert full["people"] == 5
    assert full["nominal_share"] == {"ratio": "4/5", "percent": 80.0}
    assert full["effective_share"] == {"ratio": "203/248", "percent": 81.9}
    assert full["comparator_gap"] == {"ratio": "0/1", "percent": 0.0}
    assert two["effective_share"] == {"ratio": "1/1", "percent": 100.0}
    assert two["worst_week_share"]["ratio"] == "1/1"
    assert two["comparator_gap"] == {"ratio": "45/248", "percent": 18.1}
    assert two["flag"] is True
    assert full["flag"] is False
    draft = {g["pattern"]: g for g in found["draft"]["groups"]}
    assert draft["Part time, 2 days a week"]["effective_share"] == {"ratio": "9/14",
                                                                     "percent": 64.3}
    assert [t["title"] for t in found["alternatives"]] == [
        "weekly", "monthly", "in days", "rolling 12 weeks"]
    assert all("name" not in g and "staff_id" not in g for g in found["saved"]["groups"])


def test_text_flags_the_part_time_groups_and_writes_csv(tmp_path, capsys):
    output = tmp_path / "fairness.csv"
    assert main([*files(tmp_path), "--output", str(output)]) == 0
    out = capsys.readouterr().out
    assert "    ⚠ Part time, 4 days a week" in out
    assert "Person" not in out  # never a name
    assert "Wrote" in out
    with output.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    saved = [r for r in rows if r["table"] == "saved policy" and r["group"] == "Full time"]
    assert saved[0]["effective_share"] == "203/248"
    assert saved[0]["effective_percent"] == "81.9"
    assert {r["table"] for r in rows} == {"saved policy", "what-if draft", "weekly", "monthly",
                                          "in days", "rolling 12 weeks"}


def test_the_range_is_required_and_ordered(tmp_path, capsys):
    args = files(tmp_path)
    args[args.index("--to") + 1] = "2024-12-01"
    assert main(args) == 2
    assert "before --from" in capsys.readouterr().err
