"""Keeping exported text from running as a spreadsheet formula (CSV/formula injection).

Excel, LibreOffice and Google Sheets treat a cell that starts with `=`, `+`, `-` or `@` as a
formula, and a leading tab or carriage return can hide such a character. A name or role typed by
someone else could then run a formula on the manager's machine when they open the export. Such
text is prefixed with an apostrophe, the convention spreadsheets themselves use for "this is
text", so the value stays readable and visibly unchanged apart from the mark.
"""

from __future__ import annotations

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """`=HYPERLINK(...)` → `'=HYPERLINK(...)`; ordinary text is returned as it is."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text
