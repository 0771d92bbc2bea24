"""Policy files: duplicates are refused rather than silently resolved, malformed ones are
refused rather than crashing, and an import that would remove parts of the stored policy
says what and needs `--replace`."""

from __future__ import annotations

from pathlib import Path

import pytest

from deskplan.domain.policy import Location, Policy
from deskplan.interchange.policy_changes import removed_parts
from deskplan.resources import sample_path
from deskplan.storage import repository
from deskplan.storage.db import Database, sqlite_url
from tests.hostile import files
from tests.hostile.conftest import TEAM

RULES = ('[[rule]]\ncategory = "operational"\nshare = 0.8\n'
         '[[rule]]\ncategory = "support"\nshare = 0.6\n')

BAD_POLICIES = {
    "two rules, one scope": (RULES + '[[rule]]\ncategory = "Support "\nshare = 0.5\n',
                             "rule 3 applies to the same people as rule 2 on the same days"),
    "two rules, category and site": (
        '[[rule]]\ncategory="support"\nlocation="Lambeth"\nshare=0.6\n'
        '[[rule]]\ncategory="support"\nlocation="lambeth"\nshare=0.4\n',
        "rule 2 applies to the same people as rule 1"),
    "two sites, one name": ('[[location]]\nname="Lambeth"\ncapacity=14\n'
                            '[[location]]\nname="LAMBETH"\ncapacity=8\n',
                            "location 2: 'LAMBETH' is already location 1"),
    "titles differing by case": ('[roles]\n"Call handler" = "operational"\n'
                                 '"call handler" = "support"\n',
                                 "'call handler' and 'Call handler' are the same job title"),
    "nested 5,000 deep": ("x = " + "[" * 5000 + "]" * 5000, "nested too deeply"),
    "capacity 1e23": ('[[location]]\nname="L"\ncapacity=1e23\n', "capacity: 1e+23 must be"),
    "capacity 10**23": ('[[location]]\nname="L"\ncapacity=100000000000000000000000\n',
                        "give a whole number from 0 to 100,000"),
    "share 1e100000000": ('[[rule]]\nshare="1e100000000"\n', "is not a plain number"),
    "year 1": ("effective_from = 0001-01-01\n", "outside the dates deskplan plans"),
    "closure in 9999": ("closures = [9999-12-31]\n", "outside the dates deskplan plans"),
    "NUL in a title": ('[roles]\n"Call\\u0000handler" = "operational"\n', "control character"),
    "a table as a name": ('[[location]]\nname = {a = 1}\n', "must be text, not a table"),
    "a number as a nation": ("default_nation = 5\n", "unknown nation '5'"),
    "not UTF-8": (b"period = \"week\"\n# \xff\xfe\n", "not UTF-8 text"),
}


@pytest.mark.parametrize("case", list(BAD_POLICIES))
def test_a_bad_policy_is_refused_and_changes_nothing(refused, tmp_path: Path, case: str) -> None:
    text, message = BAD_POLICIES[case]
    path = files.write(tmp_path / "policy.toml", text)
    outcome = refused("import", "policy", path, "--team-name", TEAM, "--replace")
    assert "policy.toml" in outcome.err
    assert message in outcome.err


def test_check_refuses_a_bad_policy_too(deskplan, tmp_path: Path) -> None:
    path = files.write(tmp_path / "p.toml", BAD_POLICIES["nested 5,000 deep"][0])
    outcome = deskplan("check", "--team", sample_path("team.csv"), "--rota",
                       sample_path("rota-wide.csv"), "--policy", path, db=False)
    assert outcome.code == 2
    assert "p.toml: not a policy" in outcome.err


def stored_policy(db_path: Path) -> Policy:
    with Database.open(sqlite_url(db_path)) as db, db.session() as session:
        team = repository.find_team(session, name=TEAM)
        assert team is not None
        return repository.load_team(session, team_id=team.id).plan.policy


def test_an_empty_policy_file_says_what_it_would_remove(refused, tmp_path: Path) -> None:
    outcome = refused("import", "policy", files.write(tmp_path / "empty.toml", ""),
                      "--team-name", TEAM)
    assert "would remove" in outcome.err
    for part in ("job titles of the role map", "the sites 'Lambeth', 'Glasgow'",
                 "the cover rule for 'Call handler'"):
        assert part in outcome.err
    assert "--replace" in outcome.err


def test_replace_confirms_the_removal(deskplan, db_path: Path, tmp_path: Path) -> None:
    outcome = deskplan("import", "policy", files.write(tmp_path / "empty.toml", ""),
                       "--team-name", TEAM, "--replace")
    assert outcome.code == 0, outcome.err
    policy = stored_policy(db_path)
    assert not policy.role_map
    assert not policy.locations
    assert not policy.coverage


def test_a_dry_run_lists_the_removal_and_writes_nothing(deskplan, tmp_path: Path) -> None:
    outcome = deskplan("import", "policy", files.write(tmp_path / "empty.toml", ""),
                       "--team-name", TEAM, "--dry-run")
    assert outcome.code == 0
    assert "It would remove:" in outcome.out


def test_the_same_policy_again_needs_no_confirmation(deskplan) -> None:
    outcome = deskplan("import", "policy", sample_path("policy-default.toml"),
                       "--team-name", TEAM)
    assert outcome.code == 0, outcome.err


def test_changed_values_are_not_removals() -> None:
    stored = Policy(rules=Policy.default().rules, locations=(Location("Lambeth", 14),))
    assert removed_parts(stored, Policy(rules=Policy.default().rules,
                                        locations=(Location("lambeth", 3),))) == []
    assert removed_parts(stored, Policy(rules=Policy.default().rules,
                                        locations=(Location("Lambeth"),))) == [
        "the desk count of 'Lambeth'"]


def test_rules_of_one_scope_contradict_only_when_their_dates_meet() -> None:
    from datetime import date
    from fractions import Fraction

    from deskplan.domain.policy import Rule
    from deskplan.interchange.policy_file import contradicts

    until_march = Rule(Fraction(3, 5), category="support", ends=date(2025, 3, 31))
    from_april = Rule(Fraction(4, 5), category="Support", starts=date(2025, 4, 1))
    from_march = Rule(Fraction(4, 5), category="support", starts=date(2025, 3, 1))
    assert not contradicts(until_march, from_april)
    assert contradicts(until_march, from_march)
    assert contradicts(Rule(Fraction(1, 2), category="support"), from_april)
    assert not contradicts(until_march, Rule(Fraction(1, 2), category="operational"))
