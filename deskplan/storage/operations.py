"""Every change to a team, as one operation the window and the command line share.

An operation is a small frozen value (set these cells, save this person, replace this
policy...) that knows four things, in the manner of Anki's collection operations returning
`OpChanges`:

* `write(session, team_id, expected_version)`: the change in one transaction (the caller's
  session), through the repository, which checks the team's version first; returns what was
  written (the new version, and counts for a report);
* `apply(plan)`: the same change on a plan held in memory (the window's, or a `MemoryStore`'s),
  returning `OpChanges`: what changed, so views refresh only that;
* `inverse(plan)`: the operation that undoes it, worked out from the plan *before* it runs (the
  window's plan is exactly what is stored at the version the write checks, so the inverse is
  exact, or the write is refused);
* `label`: the undo step's name (`Set 12 cells to Office`, `Edit Ada Ames`).

Nothing here knows Qt: the window runs `write` on its database worker and `apply` on the GUI
thread; `deskplan import` runs `write` and prints what it wrote.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Protocol

from deskplan.domain.model import Adjustment, Cell, Person, Status, as_cell
from deskplan.domain.plan import Plan
from deskplan.domain.policy import Policy
from deskplan.domain.rota import Rota
from deskplan.planning.preferences import Preference

# The repository is imported by each `write`, at the first save: it loads SQLAlchemy and
# SQLModel (most of a second), which the window's first painted grid does not wait for.
if TYPE_CHECKING:
    from sqlmodel import Session

#: A rota cell to set; a status stands for a whole day at the person's base.
CellChange = tuple[str, date, Cell | Status]


@dataclass(frozen=True)
class OpChanges:
    """What an operation changed: views refresh only that.

    `cells` are (staff id, day) whose status changed; `people` and `adjustments` name whose
    record or arrangements changed; `policy` that the team's policy did. Cells alone can be
    re-checked incrementally; anything else changes what every cell means.
    """

    cells: tuple[tuple[str, date], ...] = ()
    people: frozenset[str] = frozenset()
    adjustments: frozenset[str] = frozenset()
    policy: bool = False
    #: (staff id, day) whose recorded actual changed (the plan did not).
    actuals: tuple[tuple[str, date], ...] = ()

    @property
    def only_cells(self) -> bool:
        return not (self.people or self.adjustments or self.policy)

    @property
    def empty(self) -> bool:
        return self.only_cells and not self.cells and not self.actuals

    def __or__(self, other: OpChanges) -> OpChanges:
        return OpChanges(self.cells + other.cells, self.people | other.people,
                         self.adjustments | other.adjustments, self.policy or other.policy,
                         self.actuals + other.actuals)


@dataclass(frozen=True)
class Written:
    """What a write did: the team's new version, and counts a report may name."""

    version: int
    added: int = 0
    replaced: int = 0


class Operation(Protocol):
    @property
    def label(self) -> str:
        """The undo step's name."""

    def write(self, session: Session, team_id: int, expected_version: int) -> Written:
        """The change, in the caller's transaction; refused (nothing written) if the team's
        version is not `expected_version`."""

    def apply(self, plan: Plan) -> OpChanges:
        """The same change on a plan in memory; what changed."""

    def inverse(self, plan: Plan) -> Operation:
        """What undoes this operation, from `plan` as it is before it runs."""


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else many or one + 's'}"


def describe_cells(changes: Sequence[CellChange]) -> str:
    """`Set 12 cells to Office`, `Clear 3 cells` or `Change 5 cells`."""
    cells = _plural(len(changes), "cell")
    values = {as_cell(cell) for _, _, cell in changes}
    if values == {Cell()}:
        return f"Clear {cells}"
    if len(values) == 1:
        return f"Set {cells} to {values.pop().label()}"
    return f"Change {cells}"


# --- the rota ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class SetCells:
    """Set rota cells (an unplanned cell clears one); a rota import is one of these."""

    changes: tuple[tuple[str, date, Cell], ...]
    text: str = ""

    @classmethod
    def of(cls, changes: Iterable[CellChange], text: str = "") -> SetCells:
        return cls(tuple((s, d, as_cell(c)) for s, d, c in changes), text)

    @property
    def label(self) -> str:
        return self.text or describe_cells(self.changes)

    def write(self, session: Session, team_id: int, expected_version: int) -> Written:
        from deskplan.storage import repository

        if not self.changes:
            return Written(expected_version)
        return Written(repository.save_cells(session, team_id=team_id,
                                             changes=list(self.changes),
                                             expected_version=expected_version))

    def apply(self, plan: Plan) -> OpChanges:
        for staff_id, day, cell in self.changes:
            plan.rota.set_cell(staff_id, day, cell)
        return OpChanges(cells=tuple((s, d) for s, d, _ in self.changes))

    def inverse(self, plan: Plan) -> SetCells:
        return SetCells(tuple((s, d, plan.rota.cell(s, d)) for s, d, _ in self.changes),
                        self.text)

    def without_no_ops(self, plan: Plan) -> SetCells:
        """Only the cells that would change (the rest would cost a write and say nothing)."""
        return SetCells(tuple(c for c in self.changes if plan.rota.cell(c[0], c[1]) != c[2]),
                        self.text)


@dataclass(frozen=True)
class SetLocks:
    """Lock (True) or unlock (False) days: a locked day is kept as it is by Plan… (even when
    re-planning days already set) and by Suggest a fix. What is planned on it is untouched."""

    changes: tuple[tuple[str, date, bool], ...]
    text: str = ""

    @property
    def label(self) -> str:
        if self.text:
            return self.text
        locking = {locked for _, _, locked in self.changes}
        verb = "Lock" if locking == {True} else "Unlock" if locking == {False} else "Lock/unlock"
        return f"{verb} {_plural(len(self.changes), 'day')}"

    def write(self, session: Session, team_id: int, expected_version: int) -> Written:
        from deskplan.storage import repository

        return Written(repository.save_locks(session, team_id=team_id,
                                             changes=list(self.changes),
                                             expected_version=expected_version))

    def apply(self, plan: Plan) -> OpChanges:
        for staff_id, day, locked in self.changes:
            if locked:
                plan.locked.add((staff_id, day))
            else:
                plan.locked.discard((staff_id, day))
        # Reported as cells: the grid repaints just those (their status is unchanged, so the
        # re-check finds what it found).
        return OpChanges(cells=tuple((s, d) for s, d, _ in self.changes))

    def inverse(self, plan: Plan) -> SetLocks:
        return SetLocks(tuple((s, d, (s, d) in plan.locked) for s, d, _ in self.changes),
                        self.text)


@dataclass(frozen=True)
class SetActuals:
    """Record what happened on days (an unplanned cell clears a record); the plan is never
    touched. `before` is what was recorded, for the undo (a plan does not hold actuals: the
    window, which does, fills it in when the write's turn comes, `with_before`)."""

    changes: tuple[tuple[str, date, Cell], ...]
    before: tuple[tuple[str, date, Cell], ...] = ()
    text: str = ""

    @classmethod
    def of(cls, changes: Iterable[CellChange], text: str = "") -> SetActuals:
        return cls(tuple((s, d, as_cell(c)) for s, d, c in changes), text=text)

    @property
    def label(self) -> str:
        return self.text or f"Record what happened on {_plural(len(self.changes), 'day')}"

    def with_before(self, actuals: Rota) -> SetActuals:
        """The same record, knowing what `actuals` holds now on its days (for the undo)."""
        return replace(self, before=tuple((s, d, actuals.cell(s, d))
                                          for s, d, _ in self.changes))

    def write(self, session: Session, team_id: int, expected_version: int) -> Written:
        from deskplan.storage import repository

        return Written(repository.save_actuals(session, team_id=team_id,
                                               changes=list(self.changes),
                                               expected_version=expected_version))

    def apply(self, plan: Plan) -> OpChanges:
        return OpChanges(actuals=tuple((s, d) for s, d, _ in self.changes))

    def apply_to(self, actuals: Rota) -> None:
        """The same record on actuals held in memory (the window's, a `MemoryStore`'s)."""
        for staff_id, day, cell in self.changes:
            actuals.set_cell(staff_id, day, cell)

    def inverse(self, plan: Plan) -> SetActuals:
        return SetActuals(self.before, self.changes, self.text)


# --- people -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class SavePeople:
    """Add people or update them by staff id, each with their whole timeline of records; mark
    `leavers` as left on the day given. A team-list import, one person's edit (`text` names it)
    and marking someone as left are all this."""

    people: tuple[Person, ...]
    leavers: tuple[tuple[str, date], ...] = ()
    text: str = ""

    @property
    def label(self) -> str:
        if self.text:
            return self.text
        if len(self.people) == 1 and not self.leavers:
            return f"Save {self.people[0].name}"
        return f"Import {_plural(len(self.people), 'person', 'people')}"

    def write(self, session: Session, team_id: int, expected_version: int) -> Written:
        from deskplan.storage import repository

        version = repository.import_people(session, team_id=team_id, people=self.people,
                                           leavers=dict(self.leavers),
                                           expected_version=expected_version)
        return Written(version, added=len(self.people))

    def apply(self, plan: Plan) -> OpChanges:
        index = {p.staff_id: i for i, p in enumerate(plan.people)}
        for person in self.people:
            if person.staff_id in index:
                plan.people[index[person.staff_id]] = person
            else:
                index[person.staff_id] = len(plan.people)
                plan.people.append(person)
                plan.rota.add_person(person.staff_id)
        for staff_id, last_day in self.leavers:
            row = index[staff_id]
            plan.people[row] = replace(plan.people[row], end_date=last_day)
        return OpChanges(people=frozenset(p.staff_id for p in self.people)
                         | {s for s, _ in self.leavers})

    def inverse(self, plan: Plan) -> Operation:
        known = {p.staff_id: p for p in plan.people}
        touched = [p.staff_id for p in self.people] + [s for s, _ in self.leavers]
        before = tuple(known[s] for s in dict.fromkeys(touched) if s in known)
        added = tuple(p.staff_id for p in self.people if p.staff_id not in known)
        undo: list[Operation] = []
        if before:
            undo.append(SavePeople(before, text=self.text))
        if added:
            undo.append(RemovePeople(added, text=self.text))
        return Batch(tuple(undo), self.label)


@dataclass(frozen=True)
class RemovePeople:
    """Remove people who have nothing planned and no arrangement: the undo of adding them.

    deskplan never deletes anyone with history (leavers are marked as left); this refuses to.
    """

    staff_ids: tuple[str, ...]
    text: str = ""

    @property
    def label(self) -> str:
        return self.text or f"Remove {_plural(len(self.staff_ids), 'person', 'people')}"

    def write(self, session: Session, team_id: int, expected_version: int) -> Written:
        from deskplan.storage import repository

        return Written(repository.remove_people(session, team_id=team_id,
                                                staff_ids=self.staff_ids,
                                                expected_version=expected_version))

    def apply(self, plan: Plan) -> OpChanges:
        gone = set(self.staff_ids)
        plan.people = [p for p in plan.people if p.staff_id not in gone]
        for staff_id, day, _ in [e for e in plan.rota.entries() if e[0] in gone]:
            plan.rota.set_cell(staff_id, day, Cell())
        return OpChanges(people=frozenset(gone))

    def inverse(self, plan: Plan) -> SavePeople:
        known = {p.staff_id: p for p in plan.people}
        return SavePeople(tuple(known[s] for s in self.staff_ids), text=self.text)


# --- arrangements -----------------------------------------------------------------------------
@dataclass(frozen=True)
class SetArrangements:
    """Make each listed person's arrangements exactly these (the Arrangements dialog)."""

    lists: tuple[tuple[str, tuple[Adjustment, ...]], ...]
    text: str = ""

    @classmethod
    def of(cls, staff_id: str, adjustments: Sequence[Adjustment], text: str = "") \
            -> SetArrangements:
        return cls(((staff_id, tuple(adjustments)),), text)

    @property
    def label(self) -> str:
        return self.text or "Change arrangements"

    def write(self, session: Session, team_id: int, expected_version: int) -> Written:
        from deskplan.storage import repository

        version = expected_version
        for staff_id, adjustments in self.lists:
            version = repository.replace_adjustments(
                session, team_id=team_id, staff_id=staff_id, adjustments=adjustments,
                expected_version=version)
        return Written(version)

    def apply(self, plan: Plan) -> OpChanges:
        new = dict(self.lists)
        plan.adjustments = [a for a in plan.adjustments if a.staff_id not in new]
        for adjustments in new.values():
            plan.adjustments.extend(adjustments)
        return OpChanges(adjustments=frozenset(new))

    def inverse(self, plan: Plan) -> SetArrangements:
        return SetArrangements(tuple(
            (staff_id, tuple(a for a in plan.adjustments if a.staff_id == staff_id))
            for staff_id, _ in self.lists), self.text)


@dataclass(frozen=True)
class ImportArrangements:
    """Add arrangements; one stored with the same person, kind and start date is replaced."""

    adjustments: tuple[Adjustment, ...]
    text: str = ""

    @property
    def label(self) -> str:
        return self.text or f"Import {_plural(len(self.adjustments), 'arrangement')}"

    def write(self, session: Session, team_id: int, expected_version: int) -> Written:
        from deskplan.storage import repository

        version, added, replaced = repository.import_adjustments(
            session, team_id=team_id, adjustments=list(self.adjustments),
            expected_version=expected_version)
        return Written(version, added=added, replaced=replaced)

    def apply(self, plan: Plan) -> OpChanges:
        keys = {(a.staff_id, a.kind, a.start) for a in self.adjustments}
        plan.adjustments = [a for a in plan.adjustments
                            if (a.staff_id, a.kind, a.start) not in keys]
        plan.adjustments.extend(self.adjustments)
        return OpChanges(adjustments=frozenset(a.staff_id for a in self.adjustments))

    def inverse(self, plan: Plan) -> SetArrangements:
        people = dict.fromkeys(a.staff_id for a in self.adjustments)
        return SetArrangements(tuple(
            (staff_id, tuple(a for a in plan.adjustments if a.staff_id == staff_id))
            for staff_id in people), self.label)


# --- the policy -------------------------------------------------------------------------------
@dataclass(frozen=True)
class SavePolicy:
    """Replace the team's policy (the editor's Save, a policy file loaded and saved)."""

    policy: Policy
    text: str = "Save the policy"

    @property
    def label(self) -> str:
        return self.text

    def write(self, session: Session, team_id: int, expected_version: int) -> Written:
        from deskplan.storage import repository

        return Written(repository.save_policy(session, team_id=team_id, policy=self.policy,
                                              expected_version=expected_version))

    def apply(self, plan: Plan) -> OpChanges:
        plan.policy = self.policy
        return OpChanges(policy=True)

    def inverse(self, plan: Plan) -> SavePolicy:
        return SavePolicy(plan.policy, self.text)


# --- standing preferences ---------------------------------------------------------------------
@dataclass(frozen=True)
class SavePreferences:
    """Set people's standing preferences (an empty one removes theirs); `before` is what they
    were, for the undo (a plan does not hold preferences, so the caller reads them)."""

    preferences: tuple[Preference, ...]
    before: tuple[Preference, ...] = ()
    text: str = "Change preferences"

    @property
    def label(self) -> str:
        return self.text

    def write(self, session: Session, team_id: int, expected_version: int) -> Written:
        from deskplan.storage import repository

        return Written(repository.save_preferences(session, team_id=team_id,
                                                   preferences=list(self.preferences),
                                                   expected_version=expected_version))

    def apply(self, plan: Plan) -> OpChanges:
        return OpChanges()  # nothing in the plan: the planner reads them when it starts

    def inverse(self, plan: Plan) -> SavePreferences:
        return SavePreferences(self.before, self.preferences, self.text)


# --- several at once --------------------------------------------------------------------------
@dataclass(frozen=True)
class Batch:
    """Several operations as one: one transaction, one undo step."""

    operations: tuple[Operation, ...]
    text: str = ""

    @property
    def label(self) -> str:
        return self.text or " and ".join(o.label for o in self.operations)

    def write(self, session: Session, team_id: int, expected_version: int) -> Written:
        written = Written(expected_version)
        for operation in self.operations:
            step = operation.write(session, team_id, written.version)
            written = Written(step.version, written.added + step.added,
                              written.replaced + step.replaced)
        return written

    def apply(self, plan: Plan) -> OpChanges:
        changes = OpChanges()
        for operation in self.operations:
            changes |= operation.apply(plan)
        return changes

    def parts(self) -> list[Operation]:
        """Every operation inside, nested batches opened."""
        found: list[Operation] = []
        for operation in self.operations:
            found.extend(operation.parts() if isinstance(operation, Batch) else [operation])
        return found

    def inverse(self, plan: Plan) -> Batch:
        """Each part's inverse, worked out on a copy as the parts run, then in reverse."""
        scratch = _copy(plan)
        undo = []
        for operation in self.operations:
            undo.append(operation.inverse(scratch))
            operation.apply(scratch)
        return Batch(tuple(reversed(undo)), self.text)


def _copy(plan: Plan) -> Plan:
    return Plan(people=list(plan.people), rota=plan.rota.copy(), policy=plan.policy,
                adjustments=list(plan.adjustments), name=plan.name, locked=set(plan.locked))
