"""Working time as whole seconds, so that every sum and comparison is exact.

Minutes are not fine enough: compressed hours of 37.5 h over four days are 9.375 h a day, which is
562.5 minutes. Whole seconds hold that, and any contract written to the minute, without floats.
"""

from __future__ import annotations

import re
from fractions import Fraction

SECONDS_PER_HOUR = 3600
# Shares are kept exactly; 4 decimal places (or a ratio like 2/3) is finer than any policy needs,
# and keeps the engine's common denominator within 64-bit sums.
MAX_SHARE_DENOMINATOR = 10_000

_CLOCK = re.compile(r"^(\d{1,2}):([0-5]\d)$")
_HOURS_MINUTES = re.compile(r"^(\d{1,2})\s*h\s+([0-5]?\d)\s*min$")
_DECIMAL = re.compile(r"^\d+(\.\d+)?$")


def parse_hours(text: str) -> int:
    """Read `7.5`, `7,5`, `9.375` or `7:30` as a number of seconds.

    Raises ValueError with a readable reason; the caller adds file, row and column.
    """
    value = text.strip().lower()
    if match := _HOURS_MINUTES.match(value):  # how format_hours writes inexact lengths
        value = f"{match[1]}:{int(match[2]):02d}"
    value = value.removesuffix("h").removesuffix("hours").strip()
    if match := _CLOCK.match(value):
        seconds = int(match[1]) * SECONDS_PER_HOUR + int(match[2]) * 60
    else:
        value = value.replace(",", ".")
        if not _DECIMAL.match(value):
            raise ValueError(f"{text!r} is not a number of hours (e.g. 7.5 or 7:30)")
        exact = Fraction(value) * SECONDS_PER_HOUR
        if exact.denominator != 1:
            raise ValueError(f"{text!r} hours is not a whole number of seconds")
        seconds = int(exact)
    if not 0 < seconds <= 24 * SECONDS_PER_HOUR:
        raise ValueError(f"{text!r} hours must be more than 0 and at most 24")
    return seconds


def format_hours(seconds: int | Fraction) -> str:
    """`27000` → `7.5 h`; exact where a short decimal is exact, otherwise to the minute."""
    hours = Fraction(seconds) / SECONDS_PER_HOUR
    for places in range(4):
        scaled = hours * 10**places
        if scaled.denominator == 1:
            text = f"{hours.numerator / hours.denominator:.{places}f}"
            return f"{text} h"
    minutes = round(hours * 60)
    return f"{minutes // 60} h {minutes % 60:02d} min"


def format_share(share: Fraction) -> str:
    """`3/5` → `60%`; a share that is not a whole percentage keeps up to two decimals."""
    percent = share * 100
    if percent.denominator == 1:
        return f"{percent.numerator}%"
    return f"{float(percent):.2f}".rstrip("0").rstrip(".") + "%"


_SHARE = re.compile(r"^\s*(\d{1,6}(\.\d{1,30})?\s*%?|\d{1,6}\s*/\s*\d{1,6})\s*$")


def parse_share(text: str) -> Fraction:
    """Read a share as `0.6`, `60%` or `3/5`; exact, never through a float. Anything else
    (`1e100000000` would take minutes to turn into a fraction) is refused at once."""
    value = text.strip()
    if not _SHARE.match(value):
        raise ValueError(f"{text!r} is not a share (e.g. 0.6, 60% or 3/5)")
    try:
        share = Fraction(value[:-1].strip()) / 100 if value.endswith("%") else Fraction(value)
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"{text!r} is not a share (e.g. 0.6 or 60%)") from None
    if not 0 <= share <= 1:
        raise ValueError(f"share {text!r} must be between 0 and 1 (0% and 100%)")
    if share.denominator > MAX_SHARE_DENOMINATOR:
        raise ValueError(f"share {text!r} is too precise: write at most 4 decimal places, or a "
                         "ratio such as 2/3")
    return share


def share_text(share: Fraction) -> str:
    """How an editor shows a share so that reading it back gives exactly the same share:
    `60%`, `33.5%`, or `2/3` where no short percentage is exact."""
    percent = share * 100
    if (percent * 100).denominator == 1:
        return format_share(share)
    return f"{share.numerator}/{share.denominator}"
