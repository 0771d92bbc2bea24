"""What loading a policy file would take away from the stored policy.

A policy file replaces the team's policy whole. That is right for HR's full policy, and
wrong for a file that happens to lack parts: an empty file would silently wipe the role map,
the desks and the cover rules a manager built up. The import names what would go, and the
command line (`--replace`) or the window (a confirmation) must agree to it first. Changed
values (a share from 80% to 60%) are the point of a new policy and are not listed.
"""

from __future__ import annotations

from deskplan.domain.policy import Policy, fold
from deskplan.interchange.policy_file import rule_scope

_LISTED = 5


def _names(items: list[str]) -> str:
    shown = ", ".join(repr(i) for i in items[:_LISTED])
    return shown + (f" and {len(items) - _LISTED:,} more" if len(items) > _LISTED else "")


def removed_parts(stored: Policy, incoming: Policy) -> list[str]:
    """One phrase per kind of part the stored policy has and `incoming` lacks."""
    removed: list[str] = []
    titles = {fold(t) for t in incoming.role_map}
    gone = [t for t in stored.role_map if fold(t) not in titles]
    if gone:
        removed.append(f"{len(gone):,} job title{'s' if len(gone) != 1 else ''} of the role "
                       f"map ({_names(gone)})")
    sites = {fold(place.name): place for place in incoming.locations}
    gone = [p.name for p in stored.locations if fold(p.name) not in sites]
    if gone:
        removed.append(f"the site{'s' if len(gone) != 1 else ''} {_names(gone)}")
    desks = [p.name for p in stored.locations if p.capacity is not None
             and fold(p.name) in sites and sites[fold(p.name)].capacity is None]
    if desks:
        removed.append(f"the desk count of {_names(desks)}")
    cover = {fold(c.role) for c in incoming.coverage}
    gone = [c.role for c in stored.coverage if fold(c.role) not in cover]
    if gone:
        removed.append(f"the cover rule{'s' if len(gone) != 1 else ''} for {_names(gone)}")
    scopes = {rule_scope(r.category, r.location) for r in incoming.rules}
    gone = [" at ".join(part for part in (r.category or "everyone", r.location) if part)
            for r in stored.rules if rule_scope(r.category, r.location) not in scopes]
    if gone:
        removed.append(f"the rule{'s' if len(gone) != 1 else ''} for {_names(gone)}")
    for days, what in ((stored.closures - incoming.closures, "closure day"),
                       (stored.working_bank_holidays - incoming.working_bank_holidays,
                        "bank holiday worked as normal")):
        if days:
            removed.append(f"{len(days):,} {what}{'s' if len(days) != 1 else ''}")
    return removed
