"""The colour of each day status, shared by the planner window and every export.

Okabe–Ito colours stay distinguishable for the common kinds of colour blindness; the letter is
always drawn as well, so colour never carries the meaning alone. Plain hex strings keep this
module free of Qt, so exports without a GUI (CSV, XLSX) can use the same table.
"""

from __future__ import annotations

from deskplan.domain.model import Status

STATUS_COLOURS: dict[Status, str] = {
    Status.OFFICE: "#0072B2",
    Status.HOME: "#009E73",
    Status.LEAVE: "#E69F00",
    Status.SICK: "#D55E00",
    Status.TRAINING: "#CC79A7",
    Status.BUSINESS: "#56B4E9",  # sky blue
}


def tint(hex_colour: str, strength: float) -> str:
    """`hex_colour` mixed with white: `strength` 1 is the colour itself, 0 is white.

    Cell backgrounds use a light tint so the letter on top stays readable in print.
    """
    if not 0 <= strength <= 1:
        raise ValueError("the strength of a tint is between 0 and 1")
    channels = [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(255 - (255 - c) * strength) for c in channels]
    return "#" + "".join(f"{c:02X}" for c in mixed)
