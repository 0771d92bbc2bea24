"""Text hygiene for every cell read from a file, so that what looks alike is alike.

A staff id copied from a web page can carry a zero-width space, one typed on a Mac a decomposed
accent, one from a Japanese keyboard full-width digits: each would otherwise become a different
person who looks exactly like the real one. Every cell is therefore

* normalised to NFC (composed accents),
* stripped of invisible format characters (zero-width spaces and joiners, byte-order marks
  inside the text, soft hyphens, direction marks: Unicode category Cf),
* given ordinary spaces for every kind of space (no-break, thin, ideographic),
* given ASCII digits and letters for their full-width forms (`Ｓ００１` → `S001`),

and a cell holding a control character (NUL, escape, a form feed…) is refused: it is never
part of a name, and storing it breaks exports and other programs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

# Tab, line feed and carriage return are ordinary in cells (a two-line note); the rest is not.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_FULL_WIDTH = {code: code - 0xFEE0 for code in (*range(0xFF10, 0xFF1A),
                                                 *range(0xFF21, 0xFF3B),
                                                 *range(0xFF41, 0xFF5B))}


#: Outside the Basic Multilingual Plane, format characters sit only in these blocks.
_ASTRAL_FORMAT_BLOCKS = ((0x110BD, 0x110CD), (0x13430, 0x1343F), (0x1BCA0, 0x1BCA3),
                         (0x1D173, 0x1D17A), (0xE0001, 0xE007F))


@cache
def _translation() -> dict[int, int | None]:
    """Built on first use from the running Python's Unicode tables (about 20 ms)."""
    table: dict[int, int | None] = dict(_FULL_WIDTH)
    codes = [*range(0x80, 0xD800), *range(0xE000, 0x10000)]
    codes += [c for first, last in _ASTRAL_FORMAT_BLOCKS for c in range(first, last + 1)]
    for code in codes:
        category = unicodedata.category(chr(code))
        if category == "Cf":
            table[code] = None
        elif category == "Zs":
            table[code] = 0x20
    return table

_CONTROL_NAMES = {0: "NUL", 7: "BEL", 8: "backspace", 0x0B: "vertical tab", 0x0C: "form feed",
                  0x1B: "escape", 0x7F: "DEL"}


def describe_control(character: str) -> str:
    code = ord(character)
    name = _CONTROL_NAMES.get(code)
    return f"U+{code:04X}" + (f" ({name})" if name else "")


def control_message(character: str) -> str:
    return (f"it holds a control character {describe_control(character)}, which is "
            "never part of a name, id or date; the file is probably damaged or not text")


def find_control(text: str) -> str | None:
    """The first control character in `text`, if any."""
    match = _CONTROL.search(text)
    return match[0] if match else None


def clean(text: str) -> str:
    """One cell made canonical; ValueError if it holds a control character."""
    if text.isascii():
        if (found := find_control(text)) is not None:
            raise ValueError(control_message(found))
        return text
    if (found := find_control(text)) is not None:
        raise ValueError(control_message(found))
    return unicodedata.normalize("NFC", text.translate(_translation()))


def needs_cleaning(cells: Iterable[str]) -> bool:
    """False when every cell is printable ASCII (and tab/newline): the usual file, which then
    skips the per-cell work. One joined string is checked at C speed."""
    joined = "\n".join(cells)
    return not joined.isascii() or find_control(joined) is not None


_EXPONENT = re.compile(r"[eE]")
_MAX_NUMBER_CHARS = 40


def plain_number(text: str) -> str:
    """`text` if it is a number without an exponent; ValueError otherwise.

    Exact arithmetic reads `1e100000000` as a hundred-million-digit integer, which takes
    minutes: shares, hours and FTEs are written as plain numbers, and nothing else is read."""
    if len(text) > _MAX_NUMBER_CHARS or _EXPONENT.search(text):
        raise ValueError(f"{text[:_MAX_NUMBER_CHARS]!r} is not a plain number: write it as "
                         "e.g. 0.6, 60% or 37.5")
    return text
