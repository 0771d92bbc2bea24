"""The policy editor keeps every part of the policy it has no box for, edits the measure,
period and dated rules, shows the rules as a timeline, and a what-if draft with a rule that
starts later names who would fall short from then."""

import dataclasses
from datetime import date, timedelta
from fractions import Fraction

import pytest

from deskplan.domain.model import Status
from deskplan.domain.policy import Location, Measure, PeriodKind, Rule
from deskplan.interchange.policy_file import read_policy
from deskplan.resources import sample_path
from deskplan.ui.policy_dialog import PolicyDialog, describe_timeline
from tests.ui.conftest import settle


@pytest.mark.parametrize("name", ["policy-default.toml", "policy-civil-service-monthly.toml",
                                  "policy-rolling-12-weeks.toml"])
def test_saving_a_sample_policy_untouched_changes_nothing(qtbot, name):
    policy = read_policy(sample_path(name))
    dialog = PolicyDialog(policy)
    qtbot.addWidget(dialog)
    assert dialog.policy() == policy


def test_parts_without_a_box_are_kept_and_the_measure_and_period_are_edited(qtbot):
    policy = dataclasses.replace(
        read_policy(sample_path("policy-rolling-12-weeks.toml")),
        full_time_seconds=36 * 3600,
        locations=(Location("Lambeth", 14, "LAM"), Location("Glasgow", 8)))
    assert policy.anchors  # the team day
    dialog = PolicyDialog(policy)
    qtbot.addWidget(dialog)
    assert dialog.rolling_weeks.isEnabled()
    dialog.period.setCurrentIndex(dialog.period.findData(PeriodKind.QUARTER.value))
    assert not dialog.rolling_weeks.isEnabled()
    dialog.measure.setCurrentIndex(2)  # days, rounded up to half days
    edited = dialog.policy()
    assert edited.period is PeriodKind.QUARTER
    assert edited.rolling_weeks is None
    assert (edited.measure, edited.round_to) == (Measure.DAYS, Fraction(1, 2))
    assert edited.anchors == policy.anchors
    assert edited.full_time_seconds == 36 * 3600
    assert edited.locations[0].short == "LAM"


def test_dated_rules_are_edited_and_shown_as_a_timeline(qtbot):
    policy = dataclasses.replace(read_policy(sample_path("policy-default.toml")), rules=(
        Rule(Fraction(3, 5), category="operational", ends=date(2025, 3, 31)),
        Rule(Fraction(4, 5), category="operational", starts=date(2025, 4, 1)),
        Rule(Fraction(3, 5), category="support")))
    dialog = PolicyDialog(policy)
    qtbot.addWidget(dialog)
    assert dialog.policy().rules == policy.rules
    assert dialog.timeline.text().splitlines() == [
        "Timeline:", "Until Mon 31 Mar 2025: operational 60%, support 60%.",
        "From Tue 1 Apr 2025: operational 80%, support 60%."]
    dialog.rules.table.item(2, 3).setText("01/05/2025")  # support only from May
    assert "From Thu 1 May 2025: operational 80%, support 60%." in dialog.timeline.text()
    assert "Tue 1 Apr 2025 – Wed 30 Apr 2025: operational 80%." in dialog.timeline.text()
    dialog.rules.table.item(2, 3).setText("1/5/25")
    assert "Rules, row 3:" in dialog.timeline.text()
    with pytest.raises(ValueError, match="Rules, row 3"):
        dialog.policy()


def test_a_timeline_without_dates_says_so():
    assert describe_timeline([Rule(Fraction(3, 5))]) == \
        "Timeline: every rule is always in force."


def test_a_what_if_rule_from_a_later_date_names_who_would_fall_short_from_then(
        qtbot, demo_window):
    window, document = demo_window, demo_window.document
    policy = document.plan.policy
    person = next(p for p in document.plan.people if len(p.pattern.seconds) == 7
                  and p.pattern.seconds[:5] == p.pattern.seconds[:1] * 5
                  and not any(a.staff_id == p.staff_id for a in document.plan.adjustments))
    category = person.category or policy.category_for_role(person.role)
    later = document.last + timedelta(days=14)
    monday = later - timedelta(days=later.weekday())
    # Their first week under the new rule is planned: four office days, one at home, which
    # meets today's rules but not 100% from that Monday.
    window.apply_changes([(person.staff_id, monday + timedelta(days=d),
                           Status.HOME if d == 4 else Status.OFFICE) for d in range(5)])
    settle(qtbot, window)
    ended = tuple(dataclasses.replace(r, ends=monday - timedelta(days=1))
                  if r.category == category else r for r in policy.rules)
    draft = dataclasses.replace(policy, rules=(
        *ended, Rule(Fraction(1), category=category, starts=monday)))
    assert document.people_short_from(monday, policy) == []
    dialog = PolicyDialog(draft, window)
    qtbot.addWidget(dialog)
    dialog._finish(PolicyDialog.TRY)
    window.apply_policy_choice(dialog)
    assert window.what_if_bar.isVisible()
    text = window.what_if_bar.label.text()
    future = text.split("when a new rule starts, ")[1]
    assert person.name in future
    assert "(0 under the saved policy)" in future


def test_team_days_are_edited_and_refused_with_their_row(qtbot):
    from deskplan.domain.policy import Anchor

    policy = read_policy(sample_path("policy-rolling-12-weeks.toml"))
    dialog = PolicyDialog(policy)
    qtbot.addWidget(dialog)
    dialog.anchors.add_row(["Mon, Thu", "operational", "Lambeth", ""])
    assert dialog.policy().anchors == (
        *policy.anchors, Anchor(frozenset({0, 3}), "operational", "Lambeth"))
    dialog.anchors.add_row(["Funday", "", "", ""])
    with pytest.raises(ValueError, match="Team days, row 3: unknown working-day pattern"):
        dialog.policy()
