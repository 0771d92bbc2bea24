"""Leave and sickness in documents shared with the team: both are "away".

Sickness is health data; a rota pinned up or mailed round needs only to say that someone is
not there. Unless the manager includes absence detail, the rota PDF, CSV and workbook write a
day (or half day) of leave or sickness as `A` / `away` — as the calendar export already does —
and `deskplan check --rota` reads `away` back as an absence (it counts as leave: both take the
time out of what the minimum is measured on, so every verdict is the same).
"""

from __future__ import annotations

from deskplan.domain.model import Cell, Status

AWAY_LETTER = "A"
AWAY_WORD = "away"
AWAY_LABEL = "Away (leave or sickness)"


def _half(status: Status, site: str | None, *, long: bool) -> str:
    if status.is_absence:
        return AWAY_WORD if long else AWAY_LETTER
    if long:
        word = "business" if status is Status.BUSINESS else status.name.lower()
        return word + (f"@{site}" if site else "")
    return status.letter + (f"@{site}" if site else "")


def shared_text(cell: Cell, *, detail: bool, long: bool = False) -> str:
    """The cell as a shared export writes it: `cell.text()` / `long_text()` with detail,
    else with leave and sickness both `A` / `away`."""
    if detail or not (cell.am.is_absence or cell.pm.is_absence):
        return cell.long_text() if long else cell.text()
    am = _half(cell.am, cell.am_site, long=long)
    if not cell.is_split:
        return am
    return f"{am}/{_half(cell.pm, cell.pm_site, long=long)}"


def shared_status(status: Status, *, detail: bool) -> Status:
    """The status whose colour a shared export paints: sickness is painted as leave."""
    return Status.LEAVE if status is Status.SICK and not detail else status
