"""Working time written as a plain number of hours, for tables and spreadsheets."""

from __future__ import annotations

import math
from fractions import Fraction

from deskplan.domain.durations import SECONDS_PER_HOUR


def hours_number(seconds: int | Fraction, *, round_up: bool = False) -> str:
    """Hours without the unit, at most two decimals: `22.5`, `30`, `16.88`.

    A requirement is rounded up, never down, so a printed figure never understates it; the
    verdicts themselves come from the exact figures, not from these.
    """
    hours = Fraction(seconds) / SECONDS_PER_HOUR
    hundredths = math.ceil(hours * 100) if round_up else math.floor(hours * 100 + Fraction(1, 2))
    return f"{hundredths // 100}.{hundredths % 100:02d}".rstrip("0").rstrip(".")
