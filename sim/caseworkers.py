"""Caseworkers: the people who hold the cases, as arrays with one entry per post.

Every organisation whose tasks the team replaces (sim.params.organisations.TEAM_REPLACES)
has posts: its staff in FTE, scaled like its slots (sim.organisations.slots_of), one
post per FTE (rounded, at least one). A post has its organisation's caseload norm,
base turnover and share of slots. In the relay a pool of posts is one organisation; the
team with pooled capacity has all of them in one pool, and without it keeps them per
task (as its units), so that the mirror test sees the same posts in both designs.

A family in service gets the post of its pool with the lowest caseload relative to its
norm (ties: the first post). Each week each post draws one uniform from the named
stream "caseworkers" (the same numbers in every design: the posts are the same), and its
caseworker leaves if it falls under base turnover x (1 + elasticity x caseload over the
norm). The families of a leaver are handed on; the post stays vacant for
`vacancy_weeks`, its families are spread over its colleagues and part of its slots
close, so waiting lists, caseload, turnover and handoffs feed each other.
"""

from __future__ import annotations

import heapq
from typing import TYPE_CHECKING

import numpy as np

from sim.compiled import compiled
from sim.families import WEEK
from sim.organisations import scaled_staff, slots_of
from sim.params.organisations import TEAM_REPLACES
from sim.params.organisations import Organisation as OrganisationParams
from sim.routing import TEAM

if TYPE_CHECKING:
    from sim.model import ProtectionModel


def posts_of(model: ProtectionModel, params: OrganisationParams) -> int:
    """Posts of an organisation: its FTE, scaled as its slots are, at least one."""
    return max(1, round(scaled_staff(model, params)))


@compiled
def lowest_loads(caseload, norm, m):
    """The posts (positions) m new families go to, one by one to the lowest caseload
    relative to the norm (ties: the first post): a heap of each post's load
    (caseload / norm, post), its top replaced by that post's next load as it takes a
    family. (A vector formulation needs a sort and half a dozen calls, which cost more
    than this on the few families a pool gets in a week.)"""
    load = caseload.astype(np.int64)
    heap = [(load[post] / norm[post], post) for post in range(len(norm))]
    heapq.heapify(heap)
    chosen = np.empty(m, dtype=np.int64)
    for k in range(m):
        post = heap[0][1]
        chosen[k] = post
        load[post] += 1
        heapq.heapreplace(heap, (load[post] / norm[post], post))
    return chosen


class Caseworkers:
    """Posts, who holds which family, vacancies, and the year's caseload and turnover."""

    def __init__(self, model: ProtectionModel) -> None:
        self.model = model
        c, work = model.config, model.work
        self.settings = c.caseworkers
        team = model.orgs.get(TEAM)
        self.pool_of_row = np.full(len(work.turnover_per_week), -1, dtype=np.int64)
        pool, norm, base, closing = [], [], [], []
        for name in TEAM_REPLACES:
            params = getattr(c.organisations, name)
            org = model.orgs.get(name, team)
            self.pool_of_row[work.row_of[name]] = org.index
            n = posts_of(model, params)
            pool += [org.index] * n
            norm += [params.caseload] * n
            base += [work.turnover_per_week[work.row_of[name]]] * n
            closing += [round(self.settings.vacancy_closed_share * slots_of(model, params) / n)] * n
        self.pool_of_post = np.array(pool)
        self.norm = np.array(norm)
        self.base_per_week = np.array(base)
        self.closing = np.array(closing, dtype=np.int64)
        self.pools = {p: np.flatnonzero(self.pool_of_post == p) for p in dict.fromkeys(pool)}
        self.caseload = np.zeros(len(pool), dtype=np.int64)
        self.vacant_until = np.full(len(pool), -np.inf)  # day the post is filled again
        self.vacant = np.zeros(len(pool), dtype=bool)
        self.worker = np.full(len(model.families), -1, dtype=np.int64)  # post per family
        self.held = np.empty(0, dtype=np.int64)  # families with a post
        self._present = np.zeros(len(model.families), dtype=bool)  # all False between weeks
        self.reset_year()

    # ------------------------------------------------------------------ a week
    def step(self, t0: float, ids: np.ndarray, holder: np.ndarray) -> np.ndarray:
        """Families in service `ids` held by `holder` this week: posts are filled, families
        get caseworkers, caseworkers leave. Returns the families whose caseworker left."""
        self._fill_vacancies(t0)
        pool = self.pool_of_row[self.model.work.of(holder, ids)]
        ids, pool = ids[pool >= 0], pool[pool >= 0]
        self._follow(ids, pool)
        leaving = self._leaving()
        left = ids[leaving[self.worker[ids]]] if leaving.any() else ids[:0]
        if len(left) and self.settings.vacancy_weeks > 0:
            self._vacate(leaving, t0)
            self._assign(left, self.pool_of_post[self.worker[left]])
        self._tally(leaving)
        return left

    def _follow(self, ids: np.ndarray, pool: np.ndarray) -> None:
        """Families that left service lose their caseworker; those new to a pool get one."""
        self._present[ids] = True
        self.worker[self.held[~self._present[self.held]]] = -1
        self._present[ids] = False
        current = self.worker[ids]
        stays = (current >= 0) & (self.pool_of_post[current] == pool)
        self.caseload = np.bincount(current[stays], minlength=len(self.caseload))
        if not stays.all():
            self._assign(ids[~stays], pool[~stays])
        self.held = ids

    def _assign(self, ids: np.ndarray, pool: np.ndarray) -> None:
        """Each family to the post of its pool with the lowest load; posts that are vacant
        take none, unless the whole pool is vacant (a stand-in covers)."""
        for p in np.flatnonzero(np.bincount(pool)).tolist():  # (np.unique costs more)
            fam = ids[pool == p]
            posts = self.pools[p]
            filled = posts[~self.vacant[posts]]
            posts = filled if len(filled) else posts
            chosen = posts[lowest_loads(self.caseload[posts], self.norm[posts], len(fam))]
            self.worker[fam] = chosen
            self.caseload += np.bincount(chosen, minlength=len(self.caseload))

    def _leaving(self) -> np.ndarray:
        """Which caseworkers leave this week: one uniform per post, drawn in every design."""
        draw = self.model.streams("caseworkers").random(len(self.caseload))
        over = np.maximum(0.0, self.caseload / self.norm - 1.0)
        hazard = self.base_per_week * (1.0 + self.settings.turnover_elasticity * over)
        return ~self.vacant & (draw < hazard)

    def _vacate(self, leaving: np.ndarray, t0: float) -> None:
        """Posts left empty: part of their slots close until they are filled again."""
        self.vacant |= leaving
        self.vacant_until[leaving] = t0 + self.settings.vacancy_weeks * WEEK
        self.caseload[leaving] = 0
        for post in np.flatnonzero(leaving).tolist():
            self.model.org_list[self.pool_of_post[post]].queue.close(int(self.closing[post]))

    def _fill_vacancies(self, t0: float) -> None:
        """Posts whose vacancy is over get a new caseworker, and their slots reopen."""
        filled = self.vacant & (self.vacant_until <= t0 + 1e-9)
        if not filled.any():
            return
        self.vacant &= ~filled
        for post in np.flatnonzero(filled).tolist():
            self.model.org_list[self.pool_of_post[post]].queue.reopen(int(self.closing[post]))

    # -------------------------------------------------------------- statistics
    def reset_year(self) -> None:
        """Start a new year of caseload and turnover counts."""
        self._family_weeks = np.zeros(len(self.caseload))
        self._worker_weeks = np.zeros(len(self.caseload))
        self._leavers = np.zeros(len(self.caseload))

    def _tally(self, leaving: np.ndarray) -> None:
        self._family_weeks += self.caseload
        self._worker_weeks += ~self.vacant
        self._leavers += leaving

    def year_row(self, org_index: int | None = None) -> dict[str, float]:
        """Mean caseload per caseworker present and leavers per post in the year that
        ends now, of one organisation (NaN if it has no posts) or of all posts."""
        posts = self.pools.get(org_index) if org_index is not None else \
            np.arange(len(self.caseload))
        if posts is None or not len(posts):
            return {"caseload_mean": np.nan, "caseworker_turnover": np.nan}
        present = self._worker_weeks[posts].sum()
        return {"caseload_mean": self._family_weeks[posts].sum() / present if present else np.nan,
                "caseworker_turnover": self._leavers[posts].sum() / len(posts)}
