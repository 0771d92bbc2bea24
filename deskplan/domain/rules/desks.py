"""`over-capacity`: more people at a site's desks than it has, in the morning or the afternoon.

People count where they actually are: at their base on an office day, at the other site on a
day planned there (`O@Hendon`), in each half they are in. Training and business elsewhere take
no desk. Where the database is shared with other teams, their people at the site count too.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from deskplan.domain.calendar import describe_day
from deskplan.domain.conflicts import Conflict, RuleId
from deskplan.domain.facts import Facts, Site
from deskplan.domain.rules.base import Found, ScopeKey
from deskplan.domain.rules.wording import Wording, plural, sentence_start


class Desks:
    def __init__(self, facts: Facts, words: Wording) -> None:
        self.facts = facts
        self.words = words
        self.limited = [i for i, site in enumerate(facts.sites) if site.capacity is not None]

    def counts(self, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray]:
        """(sites × columns lo..hi) people at desks of each site in the morning and the
        afternoon, this team's and other teams' together."""
        facts = self.facts
        codes = facts.codes[:, lo:hi]
        width = hi - lo
        shared = self.shared(lo, hi)
        found = []
        for half, sites in enumerate(facts.desk_sites(slice(None), lo, hi, codes)):
            valid = sites >= 0
            columns = np.broadcast_to(np.arange(width), sites.shape)[valid]
            index = sites[valid].astype(np.intp) * width + columns
            counts = np.bincount(index, minlength=len(facts.sites) * width)
            found.append(counts.reshape(len(facts.sites), width).astype(np.int64)
                         + shared[half])
        return found[0], found[1]

    def shared(self, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(sites × columns lo..hi) other teams' people at the desks in the morning and the
        afternoon, and how many other teams they come from."""
        facts = self.facts
        width = hi - lo
        found = np.zeros((3, len(facts.sites), width), dtype=np.int64)
        for (key, day), values in facts.shared.office.items():
            site, column = facts.site_index.get(key), facts.column(day) - lo
            if site is not None and 0 <= column < width:
                found[:, site, column] += values
        return found[0], found[1], found[2]

    def judge_all(self) -> Found:
        facts = self.facts
        if not self.limited:
            return
        am, pm = self.counts(facts.range_lo, facts.range_hi)
        for column in range(facts.range_hi - facts.range_lo):
            found = self._column(facts.range_lo + column, am[:, column], pm[:, column])
            if found:
                yield ("desks", facts.range_lo + column), found

    def scopes_of(self, row: int, column: int) -> Iterable[ScopeKey]:
        return [("desks", column)] if self.limited and self.facts.in_range(column) else []

    def judge(self, scope: ScopeKey) -> tuple[Conflict, ...]:
        column = int(scope[1])
        am, pm = self.counts(column, column + 1)
        return self._column(column, am[:, 0], pm[:, 0])

    def _column(self, column: int, am: np.ndarray, pm: np.ndarray) -> tuple[Conflict, ...]:
        facts = self.facts
        found = []
        for site_index in self.limited:
            site = facts.sites[site_index]
            assert site.capacity is not None
            morning, afternoon = int(am[site_index]), int(pm[site_index])
            if max(morning, afternoon) <= site.capacity:
                continue
            day = facts.day(column)
            found.append(Conflict(RuleId.OVER_CAPACITY,
                                  self._message(site, column, morning, afternoon),
                                  day, day, location=site.name))
        return tuple(found)

    def _message(self, site: Site, column: int, morning: int, afternoon: int) -> str:
        assert site.capacity is not None
        day = describe_day(self.facts.day(column))
        desks = plural(site.capacity, "desk")
        shared = self.facts.shared.office.get((site.key, self.facts.day(column)))
        others = ""
        if shared and (shared[0] or shared[1]):
            count = max(shared[0], shared[1])
            others = (f" (with {count} {'person' if count == 1 else 'people'} from "
                      f"{plural(shared[2], 'other team')})")
        if morning == afternoon:
            return (f"{morning} people are planned in the office at {site.name} on {day}"
                    f"{others}; it has {desks}.")
        halves = []
        if morning > site.capacity:
            halves.append(f"{morning} in the morning")
        if afternoon > site.capacity:
            halves.append(f"{afternoon} in the afternoon")
        return sentence_start(f"{' and '.join(halves)} are planned in the office at "
                              f"{site.name} on {day}{others}; it has {desks}.")
