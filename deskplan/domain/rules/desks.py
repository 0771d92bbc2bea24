"""`over-capacity`: more people at a site's desks than it has, in the morning or the afternoon.

People count where they actually are: at their base on an office day, at the other site on a
day planned there (`O@Hendon`), in each half they are in. Training and business elsewhere take
no desk. Where the database is shared with other teams, their people at the site count too.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

import numpy as np

from deskplan.domain.calendar import describe_day
from deskplan.domain.conflicts import Conflict, RuleId
from deskplan.domain.facts import DESK_AM, DESK_PM, Facts, Site
from deskplan.domain.rules.base import Found, ScopeKey
from deskplan.domain.rules.wording import Wording, plural, sentence_start
from deskplan.domain.working_time import DayOff

#: Per cell code, at a desk in the afternoon less in the morning (-1, 0 or 1): non-zero only
#: for split days.
_AFTERNOON_LESS_MORNING = DESK_PM.astype(np.int8) - DESK_AM.astype(np.int8)


class Desks:
    def __init__(self, facts: Facts, words: Wording) -> None:
        self.facts = facts
        self.words = words
        self.limited = [i for i, site in enumerate(facts.sites) if site.capacity is not None]
        self._groups()

    def counts(self, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray]:
        """(sites × columns lo..hi) people at desks of each site in the morning and the
        afternoon, this team's and other teams' together (`Facts.desk_sites`, counted)."""
        facts = self.facts
        width = hi - lo
        shared = self.shared(lo, hi)
        codes = facts.codes[self._order, lo:hi]
        employed = (None if facts.everyone_employed
                    else facts.time.reason[self._order, lo:hi] != DayOff.NOT_EMPLOYED)
        changing = self._changing
        # At their base in the morning: the people of each site added up at once.
        at_desk = DESK_AM[codes]
        if employed is not None:
            at_desk &= employed
        morning = np.zeros((len(facts.sites), width), dtype=np.int64)
        if len(self._group_sites):
            morning[self._group_sites] = np.add.reduceat(at_desk[:self._grouped],
                                                         self._group_starts, axis=0,
                                                         dtype=np.int64)
        if len(changing):
            # People whose base changes within the span: counted where they are each day.
            sites = facts.base_site[changing, lo:hi]
            mine = at_desk[self._grouped:] & (sites >= 0)
            index = sites[mine].astype(np.intp) * width + np.nonzero(mine)[1]
            morning += np.bincount(index, minlength=morning.size).reshape(morning.shape)
        # In the afternoon: the same but for split days whose halves differ at the desk.
        # (People with no base site are not in `codes`: they are at a desk only elsewhere.)
        afternoon = morning.copy()
        shift = _AFTERNOON_LESS_MORNING[codes]
        ordered, columns = np.nonzero(shift)
        if len(ordered):
            base = facts.base_site[self._order[ordered], columns + lo]
            keep = base >= 0
            if employed is not None:
                keep &= employed[ordered, columns]
            np.add.at(afternoon, (base[keep], columns[keep]), shift[ordered, columns][keep])
        entries = self._elsewhere(lo, hi)
        found = []
        for half, (desk, counts) in enumerate(((DESK_AM, morning), (DESK_PM, afternoon))):
            rows, columns, there = entries[0], entries[1], entries[2 + half]
            if len(rows):
                # Office halves at another site: counted there instead of at the base.
                moved = (desk[facts.codes[rows, columns + lo]] & (there >= 0)
                         & (facts.time.reason[rows, columns + lo] != DayOff.NOT_EMPLOYED))
                base = facts.base_site[rows, columns + lo]
                left = moved & (base >= 0)
                np.subtract.at(counts, (base[left], columns[left]), 1)
                np.add.at(counts, (there[moved], columns[moved]), 1)
            found.append(counts + shared[half])
        return found[0], found[1]

    def _groups(self) -> None:
        """People by base site (those with one base all along), then those whose base
        changes; people with no site at all are at no desk but another site's."""
        one_base = self.facts.one_base
        grouped = np.flatnonzero(one_base >= 0)
        grouped = grouped[np.argsort(one_base[grouped], kind="stable")]
        sites = one_base[grouped]
        starts = np.flatnonzero(np.r_[True, sites[1:] != sites[:-1]]) if len(sites) else \
            np.zeros(0, dtype=np.intp)
        self._changing = np.flatnonzero(one_base == -2)
        self._order = np.concatenate([grouped, self._changing]).astype(np.intp)
        self._grouped = len(grouped)
        self._group_starts = starts.astype(np.intp)
        self._group_sites = sites[starts].astype(np.intp)

    def _elsewhere(self, lo: int, hi: int) -> tuple[np.ndarray, ...]:
        """Office days at another site over columns lo..hi: rows, columns from lo, and the
        morning's and the afternoon's site (-1: at the base)."""
        facts = self.facts
        if hi - lo > 7:  # most of the span: every entry, then those in the columns
            table = np.array([(row, column, am, pm) for (row, column), (am, pm)
                              in facts.elsewhere.items()], dtype=np.intp).reshape(-1, 4)
            table = table[(table[:, 1] >= lo) & (table[:, 1] < hi)]
            table[:, 1] -= lo
        else:  # an edit's day: only that day's entries
            table = np.array([(row, column - lo, am, pm) for column in range(lo, hi)
                              for row, (am, pm) in facts.elsewhere_on(column).items()],
                             dtype=np.intp).reshape(-1, 4)
        return table[:, 0], table[:, 1], table[:, 2], table[:, 3]

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
        capacity = np.array([facts.sites[i].capacity for i in self.limited], dtype=np.int64)
        over = (np.maximum(am[self.limited], pm[self.limited]) > capacity[:, None]).any(axis=0)
        for column in np.flatnonzero(over).tolist():  # only days some site is over
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
            # Worded when read (a busy year has thousands of these; few are read).
            found.append(Conflict(RuleId.OVER_CAPACITY,
                                  functools.partial(self._message, site, column, morning,
                                                    afternoon),
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
