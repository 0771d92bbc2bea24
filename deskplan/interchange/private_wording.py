"""How a document shared beyond the manager words conflicts about arrangements.

The engine's private wording (`Wording(private=True)`) already hides an arrangement's reference,
but its sentences still say what kind it is ("a fixed home day under an individual
arrangement", "no more than the home days … leave") and when it is due for review — enough to
tell a colleague what was agreed for someone. A shared document says only that an individual
arrangement applies: these messages are reworded here, the rest are kept as they are.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from deskplan.domain.calendar import describe_day
from deskplan.domain.conflicts import Conflict, RuleId

APPLIES = "individual arrangement applies"
_LOWERED = re.compile(
    r"no more than (the time available outside fixed home days under|the home days under|"
    r"the most office time allowed under) an individual arrangement( leave)?")


def shared_message(conflict: Conflict, names: Mapping[str, str]) -> str:
    """The conflict's message as a document shared with the team may print it."""
    name = names.get(conflict.staff_id or "", "Someone")
    if conflict.rule is RuleId.ADJUSTMENT_BREACHED:
        return (f"{name} is planned in the office on {describe_day(conflict.start)}, where an "
                f"{APPLIES}.")
    if conflict.rule is RuleId.REVIEW_DUE:
        return f"{name}: {APPLIES}."
    if conflict.rule is RuleId.ABOVE_MAXIMUM:
        return (f"{name} is planned in the office for more time than an individual "
                f"arrangement allows between {describe_day(conflict.start)} and "
                f"{describe_day(conflict.end)}.")
    return _LOWERED.sub(f"lowered where an {APPLIES}", conflict.message)
