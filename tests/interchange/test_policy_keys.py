"""Every new policy key read from TOML, and refused with the key named when malformed."""

from datetime import date
from fractions import Fraction

import pytest

from deskplan.domain.errors import InputError
from deskplan.domain.policy import Measure, PeriodKind
from deskplan.interchange.policy_file import parse_policy


def problems(text: str) -> str:
    with pytest.raises(InputError) as raised:
        parse_policy(text, "policy.toml")
    return str(raised.value)


def test_the_civil_service_way_days_a_month_rounded_up():
    policy = parse_policy('period = "month"\nmeasure = "days"\nround_to = 0.5\n'
                          '[[rule]]\nshare = "60%"\n', "p.toml")
    assert (policy.period, policy.measure, policy.round_to) == (
        PeriodKind.MONTH, Measure.DAYS, Fraction(1, 2))
    assert policy.describe_measure() == "monthly, in days (rounded up to half days)"


def test_a_rolling_window_dated_rules_anchors_and_sites():
    policy = parse_policy(
        'period = "rolling"\nrolling_weeks = 12\nbusiness_counts_as_office = false\n'
        'full_time_hours = 36\n'
        '[[rule]]\ncategory = "support"\nshare = 0.6\nuntil = 2025-03-31\n'
        '[[rule]]\ncategory = "support"\nshare = 0.8\nfrom = 2025-04-01\n'
        '[[location]]\nname = "New Scotland Yard"\ncapacity = 40\n'
        '[[location]]\nname = "Hendon"\nshort = "HDN"\n'
        '[[anchor]]\nweekdays = "Tue"\nlocation = "Hendon"\n', "p.toml")
    assert (policy.period, policy.rolling_weeks) == (PeriodKind.ROLLING, 12)
    assert not policy.business_counts_as_office
    assert policy.full_time_seconds == 36 * 3600
    assert policy.rule_for("support", "x", date(2025, 3, 31)).share == Fraction(3, 5)
    assert policy.rule_for("support", "x", date(2025, 4, 1)).share == Fraction(4, 5)
    assert [p.short_name for p in policy.locations] == ["NSY", "HDN"]
    (anchor,) = policy.anchors
    assert (anchor.weekdays, anchor.location) == (frozenset({1}), "Hendon")


@pytest.mark.parametrize(("text", "words"), [
    ('measure = "minutes"\n', "measure: 'minutes' is not a measure"),
    ('measure = "days"\nround_to = 0.25\n', "round_to: 0.25 must be 1"),
    ("round_to = 0.5\n", 'round_to: only with measure = "days"'),
    ('period = "rolling"\n', "rolling_weeks: period = \"rolling\" needs"),
    ('period = "rolling"\nrolling_weeks = 99\n', "rolling_weeks: 99 must be between 1 and 53"),
    ('rolling_weeks = 4\n', 'rolling_weeks: only with period = "rolling"'),
    ("full_time_hours = -1\n", "full_time_hours: -1 must be more than 0"),
    ('business_counts_as_office = "yes"\n', "business_counts_as_office: must be true or false"),
    ('[[rule]]\nshare = 0.6\nfrom = 2025-04-01\nuntil = 2025-03-01\n', "rule 1: until"),
    ('[[rule]]\nshare = 0.6\nfrom = "someday"\n', "rule 1: from:"),
    ('[[rule]]\nshare = 0.6\n[[rule]]\nshare = 0.8\nfrom = 2025-04-01\n',
     "rule 2 applies to the same people as rule 1 on the same days"),
    ('[[anchor]]\ncategory = "support"\n', "anchor 1: needs its weekdays"),
    ('[[anchor]]\nweekdays = "Tue"\nsite = "Hendon"\n', "anchor 1: unknown setting 'site'"),
])
def test_malformed_keys_are_refused_naming_the_key(text, words):
    assert words in problems(text)


def test_rules_of_one_scope_that_follow_each_other_are_not_duplicates():
    policy = parse_policy('[[rule]]\nshare = 0.6\nuntil = 2025-01-05\n'
                          '[[rule]]\nshare = 0.8\nfrom = 2025-01-06\n', "p.toml")
    assert [r.share for r in policy.rules] == [Fraction(3, 5), Fraction(4, 5)]
