"""Running CP-SAT: parameters that make answers repeatable, progress, and stopping.

Measured on this project's 2-core machines (see `benchmarks/bench_planner.py`): with CP-SAT's
presolve the search never closed the gap on 200 people × 13 weeks in 40 s, whichever the
number of workers; without presolve one worker proves the plan optimal in about a second (the
model is already tight: one linear constraint per rule, linear soft goals). So the default is
one worker, presolve off.

Determinism. One worker with a fixed seed searches the same way every time, and the time
limit is given in *deterministic time* (CP-SAT's measure of work done, close to seconds on a
typical machine), so a run that is stopped by the limit stops at the same point on any
machine. A wall-clock limit stays as a safety net for a very slow or busy machine: what is
left of the run's `Budget` (never more than `WALL_FACTOR` times the deterministic limit); only
that, *Stop*, or more than one worker can make two runs differ. `interleave_search` (CP-SAT's
deterministic parallel mode) was measured too: it proved optimality but then ran on to the
limit, every time.

The budget. A run's time limit is for the whole run, in wall-clock seconds, as the user set
it: the search, and when no plan meets every rule the explanation and the search for the plan
that breaks the fewest rules after it. Each search is given at most what is left of the
`Budget`, so none runs past the run's deadline.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from ortools.sat.python import cp_model

from deskplan.planning.model import PlanModel

#: Threads to give the search (set explicitly: CP-SAT's default is every core).
DEFAULT_WORKERS = 1
SEED = 20250106
#: The wall-clock limit, as a multiple of the deterministic one.
WALL_FACTOR = 3.0


def clock() -> float:
    """The wall clock budgets are measured by (a module function, so a test can set it)."""
    return time.perf_counter()


@dataclass(frozen=True)
class Budget:
    """The wall-clock seconds one planning run may take from `started`, shared by every
    search it makes."""

    seconds: float
    started: float = field(default_factory=lambda: clock())

    @property
    def deadline(self) -> float:
        return self.started + self.seconds

    def elapsed(self) -> float:
        return clock() - self.started

    def remaining(self) -> float:
        return max(0.0, self.deadline - clock())


@dataclass(frozen=True)
class Progress:
    """What the search has found so far: `phase` ("planning", "explaining", "relaxing",
    "fixing"), plans found, the best objective and the bound (None before any plan), and the
    seconds since planning started."""

    phase: str
    solutions: int
    objective: float | None
    bound: float | None
    seconds: float


ProgressCallback = Callable[[Progress], None]


class Control:
    """Stops a planning run from another thread (the window's *Stop*): the search ends and
    the best plan found so far is returned."""

    def __init__(self) -> None:
        self._stopped = threading.Event()
        self._lock = threading.Lock()
        self._solver: cp_model.CpSolver | None = None

    @property
    def stopped(self) -> bool:
        return self._stopped.is_set()

    def stop(self) -> None:
        self._stopped.set()
        with self._lock:
            if self._solver is not None:
                self._solver.stop_search()

    def attach(self, solver: cp_model.CpSolver | None) -> None:
        with self._lock:
            self._solver = solver
            if solver is not None and self._stopped.is_set():
                solver.stop_search()


@dataclass
class Solved:
    """One search's answer: the status, the best decisions (office = True) if any, whether it
    was proved optimal, the objective and bound, seconds to the first plan and in all."""

    status: cp_model.CpSolverStatus
    values: np.ndarray | None
    optimal: bool
    objective: float | None
    bound: float | None
    first_seconds: float | None
    seconds: float
    core: list[int]


class _Watcher(cp_model.CpSolverSolutionCallback):
    def __init__(self, model: PlanModel, phase: str, started: float,
                 progress: ProgressCallback | None, control: Control | None) -> None:
        super().__init__()
        self._control = control
        self._model = model
        self._index = np.array([x.index for x in model.x], dtype=np.intp)
        self._phase = phase
        self._started = started
        self._progress = progress
        self.solutions = 0
        self.first: float | None = None
        self.values: np.ndarray | None = None

    def on_solution_callback(self) -> None:
        self.solutions += 1
        now = time.perf_counter() - self._started
        if self.first is None:
            self.first = now
        solution = np.asarray(self.response_proto.solution, dtype=np.int64)
        self.values = solution[self._index] > 0 if len(self._index) else \
            np.zeros(0, dtype=bool)
        if self._progress is not None:
            self._progress(Progress(self._phase, self.solutions, self.objective_value,
                                    self.best_objective_bound, now))
        if self._control is not None and self._control.stopped:
            self.stop_search()


def configure(solver: cp_model.CpSolver, *, time_limit: float,
              workers: int = DEFAULT_WORKERS, budget: Budget | None = None) -> None:
    """The parameters every planning search uses (see the module's docstring): `time_limit`
    in deterministic time, and in wall-clock time at most what is left of `budget`."""
    wall = time_limit * WALL_FACTOR
    if budget is not None:
        wall = min(wall, budget.remaining())
    parameters = solver.parameters
    parameters.num_workers = max(1, workers)
    parameters.random_seed = SEED
    parameters.cp_model_presolve = False
    parameters.max_deterministic_time = max(time_limit, 0.01)
    parameters.max_time_in_seconds = max(wall, 0.01)


def solve(model: PlanModel, *, time_limit: float, workers: int = DEFAULT_WORKERS,
          phase: str = "planning", progress: ProgressCallback | None = None,
          control: Control | None = None, started: float | None = None,
          budget: Budget | None = None) -> Solved:
    """Search `model` for at most `time_limit` seconds (deterministic), and never past the
    end of `budget`."""
    started = time.perf_counter() if started is None else started
    if (control is not None and control.stopped) or (budget is not None
                                                      and budget.remaining() <= 0):
        # (A solve that starts resets CP-SAT's stop.)
        return Solved(cp_model.UNKNOWN, None, False, None, None, None,
                      time.perf_counter() - started, [])
    solver = cp_model.CpSolver()
    configure(solver, time_limit=time_limit, workers=workers, budget=budget)
    watcher = _Watcher(model, phase, started, progress, control)
    if control is not None:
        control.attach(solver)
    try:
        status = solver.solve(model.model, watcher)
    finally:
        if control is not None:
            control.attach(None)
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    values = watcher.values
    if found and values is None:  # presolve solved it: no callback was made
        values = model.values(solver.response_proto.solution)
    return Solved(
        status=status,
        values=values if found else None,
        optimal=status == cp_model.OPTIMAL,
        objective=solver.objective_value if found else None,
        bound=solver.best_objective_bound if found else None,
        first_seconds=watcher.first if watcher.first is not None else (
            time.perf_counter() - started if found else None),
        seconds=time.perf_counter() - started,
        core=list(solver.sufficient_assumptions_for_infeasibility())
        if status == cp_model.INFEASIBLE else [],
    )
