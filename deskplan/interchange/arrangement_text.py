"""How an exported document describes an arrangement when the manager asks for details.

Only the arrangement itself is described (kind, share or weekdays, dates, reference, approver):
deskplan never holds why it was agreed. Without the manager's say-so, exports print only that
an individual arrangement applies; these texts are for the deliberate, detailed version.
"""

from __future__ import annotations

from deskplan.domain.calendar import describe_day
from deskplan.domain.durations import format_share
from deskplan.domain.model import Adjustment, AdjustmentKind, describe_weekdays


def _terms(adjustment: Adjustment) -> str:
    if adjustment.kind is AdjustmentKind.REDUCED_SHARE and adjustment.share is not None:
        return f"reduced office share {format_share(adjustment.share)}"
    if adjustment.kind is AdjustmentKind.FIXED_HOME_DAYS:
        return f"fixed home days {describe_weekdays(adjustment.weekdays)}"
    return adjustment.kind.label


def summarise_arrangement(adjustment: Adjustment) -> str:
    """A few words for a grid row: `RA-0142 · reduced office share 40%`."""
    terms = _terms(adjustment)
    return f"{adjustment.reference} · {terms}" if adjustment.reference else terms


def describe_arrangement(adjustment: Adjustment) -> str:
    """The full terms in a sentence, for an arrangements page or a detailed report."""
    parts = [_terms(adjustment), f"from {describe_day(adjustment.start)}"]
    parts.append(f"until {describe_day(adjustment.end)}" if adjustment.end else "no end date")
    if adjustment.review_date:
        parts.append(f"review {describe_day(adjustment.review_date)}")
    if adjustment.reference:
        parts.append(f"reference {adjustment.reference}")
    if adjustment.approver:
        parts.append(f"approved by {adjustment.approver}")
    return ", ".join(parts)
