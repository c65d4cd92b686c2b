"""After closure: weeks of light follow-up contact (the lever design.aftercare_weeks),
and families who ask for help again of their own accord because they trust whom they
worked with (alliance.return_rate).

Both make a family come back early and by its own choice, before concern grows into a
report: a family in aftercare that shows an early sign goes straight back to voluntary
help with the professional it knew; after aftercare, a family with a good remembered
alliance asks at an access point. Whom a returning family meets, and so what is left
of its alliance, is sim.alliance's.
"""

from __future__ import annotations

import numpy as np

from sim.families import WEEK
from sim.network_actors import NO_TIE
from sim.portable_math import whole_power
from sim.stages import Stage
from sim.tasks.base import Task, Week

FAINT = 0.01
"""A remembered alliance below this no longer moves a family to ask (it saves the draws)."""
EVERY_WEEKS = 4
"""Closed families weigh asking again once in this many weeks, at the chance of that many
weeks (a month's delay at most; a weekly look over every closed family costs more time
than the rest of the mechanism)."""


class Aftercare(Task):
    """Follow-up after closure, and early returns of a family's own accord."""

    name = "aftercare"

    def step(self, week: Week) -> None:
        if self.config.design.aftercare_weeks > 0:
            self._follow_up(week.t0)
        if self.config.alliance.return_rate > 0 and self.model.week % EVERY_WEEKS == 0:
            self._ask_again(week)

    def _follow_up(self, t0: float) -> None:
        """Families in aftercare cost light contact; those whose concern is back above
        'good enough' are offered voluntary help again, with the professional they knew."""
        ids = np.flatnonzero(self.model.alliance.in_aftercare(slice(None), t0))
        if not len(ids):
            return
        self.ledger.count("professional_hours", ids, self.config.alliance.aftercare_hours)
        sign = ids[self.model.families.concern[ids] > self.config.concern.good_enough]
        sign = sign[self.chain.stage[sign] == Stage.NONE]
        back = sign[self.judgement.agrees(sign, "decide:aftercare_consent")]
        if not len(back):
            return
        self._noticed(back, t0)
        self.ledger.count("aftercare_returns", back)
        self.ledger.note(t0, back, self.model.alliance.known_holder[back], "aftercare_return")
        self.cases.start_voluntary(back, t0)

    def _ask_again(self, week: Week) -> None:
        """Closed families with concern back above 'good enough' ask for help themselves,
        at a weekly chance that grows with the alliance they remember (over EVERY_WEEKS)."""
        alliance, f = self.model.alliance, self.model.families
        rate = self.config.alliance.return_rate

        def chance(alliance_: np.ndarray) -> np.ndarray:
            return 1.0 - whole_power(1.0 - rate * alliance_, EVERY_WEEKS)
        ids = np.flatnonzero(alliance.value > FAINT)
        ids = ids[(f.concern[ids] > self.config.concern.good_enough)
                  & (self.chain.stage[ids] == Stage.NONE)]
        keyed = self.model.streams.keyed  # per family and week: the closed differ by design
        u = keyed("alliance:ask_again", int(week.t0), ids)
        near = u < chance(alliance.value[ids])  # what is remembered is never more
        ids, u = ids[near], u[near]
        ask = ids[(u < chance(alliance.remembered(ids, week.t0)))
                  & ~alliance.in_aftercare(ids, week.t0)]
        if not len(ask):
            return
        times = week.t0 + WEEK * keyed("alliance:ask_again:time", int(week.t0), ask)
        self._noticed(ask, week.t0)
        self.ledger.count("asked_again", ask)
        self.model.tasks["noticing"].contact(ask, times, keyed("alliance:ask_again:point",
                                                                int(week.t0), ask),
                                             np.full(len(ask), NO_TIE), report=False)

    def _noticed(self, ids: np.ndarray, t0: float) -> None:
        """A family that comes back itself noticed its concern itself (the delay to first
        contact starts there, as for any noticer)."""
        if self.ledger.reporting:
            first = self.ledger.outcomes.first_noticed
            first[ids[np.isnan(first[ids])]] = t0
