"""A planning budget's clock that only the searches move, so tests can say what each search
was given without measuring time."""

from __future__ import annotations

import pytest


class SimulatedClock:
    """The planning budget's clock, moved only by the searches: each takes `step` seconds
    (or all it is given, if less), however fast CP-SAT really is. Records each search's
    limits and what was left of its budget when it started."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, step: float) -> None:
        from deskplan.planning import explain, solver

        self.now = 0.0
        self.step = step
        self.searches: list[tuple[float, float, float]] = []  # (left, wall, deterministic)
        real = solver.configure

        def configure(cp_solver, *, time_limit, workers=1, budget=None):
            real(cp_solver, time_limit=time_limit, workers=workers, budget=budget)
            wall = cp_solver.parameters.max_time_in_seconds
            left = budget.remaining() if budget is not None else float("inf")
            self.searches.append((left, wall, cp_solver.parameters.max_deterministic_time))
            self.now += min(self.step, wall)

        monkeypatch.setattr(solver, "clock", lambda: self.now)
        monkeypatch.setattr(solver, "configure", configure)
        monkeypatch.setattr(explain, "configure", configure)
