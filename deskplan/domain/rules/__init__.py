"""The rules, one family per module behind one small interface (`base.RuleFamily`).

A family knows which *scopes* it judges (a person's period, a person's day, a site's day...),
which scopes an edited cell can touch, how to judge every scope of a range at once
(vectorised), and how to judge one scope again after an edit. The checker keeps the conflicts
by scope, so an edit re-judges only what it can change, and a property test holds the
incremental result equal to a full check.

Adding a rule is one module here, one line in `families`, and its tests.
"""

from __future__ import annotations

from deskplan.domain.facts import Facts
from deskplan.domain.rules.anchors import AnchorDays
from deskplan.domain.rules.base import RuleFamily
from deskplan.domain.rules.caps import Caps
from deskplan.domain.rules.cover import Cover
from deskplan.domain.rules.days import DayRules
from deskplan.domain.rules.desks import Desks
from deskplan.domain.rules.minimum import Minimum
from deskplan.domain.rules.person import PersonRules
from deskplan.domain.rules.pro_rata import ProRata
from deskplan.domain.rules.unplanned import Unplanned
from deskplan.domain.rules.wording import Wording


def families(facts: Facts, words: Wording) -> list[RuleFamily]:
    """The rule families of a check."""
    return [Minimum(facts, words), Unplanned(facts, words), Caps(facts, words),
            AnchorDays(facts, words), DayRules(facts, words), Desks(facts, words),
            Cover(facts, words), PersonRules(facts, words), ProRata(facts, words)]
