"""Families between contacts: problems come and go, concern grows and fades, and the
informal network supports them and pulls their trust toward that of their ties.

This is what happens to every family every week whether or not a professional is
involved; the help they get is the plan task's (sim.tasks.plans), passed in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.compiled import compiled
from sim.families import WeeklyRates, weekly_concern, weekly_problems
from sim.network_actors import NO_TIE, draw_ties, tie_share
from sim.portable_math import CONSTANTS, exp_one

if TYPE_CHECKING:
    from sim.model import ProtectionModel

REFRESH_WEEKS = 4
"""How often support and trust from ties are brought up to date (weeks; assumption:
informal support changes over months, not days)."""


class Population:
    """The weekly change of every family's problems, concern, support and trust."""

    def __init__(self, model: ProtectionModel) -> None:
        self.model = model
        self.config = model.config
        self.rates = WeeklyRates.of(model.config)
        pull = min(1.0, REFRESH_WEEKS * model.config.network.trust_influence)
        self.trust_pull = np.where(model.network.strength_sum > 0, pull, 0.0).astype(np.float32)
        self.tie_share = np.ones(len(model.families), dtype=np.float32)  # sim.network_actors
        self.refresh_network_effects()

    def step(self, t0: float, helped: np.ndarray, help_rate: np.ndarray,
             adult_help: np.ndarray) -> None:
        """One week: problems, then concern (with this week's help), then the network."""
        f, streams = self.model.families, self.model.streams
        weekly_problems(f, self.config, self.rates, adult_help, streams.floats("problems", len(f)))
        weekly_concern(f, self.config, self.rates, helped, help_rate,
                       streams.floats("concern", len(f)), t0)
        if self.model.week % REFRESH_WEEKS == 0:
            self.refresh_network_effects()

    def refresh_network_effects(self) -> None:
        """Informal support from ties (finite per tie, raised for a while by a conference),
        who gives most of it, and trust pulled toward ties' trust (one compiled pass,
        _refresh)."""
        f, net, c = self.model.families, self.model.network, self.config
        given = _refresh(net.ties.indptr, net.ties.indices, net.ties.data, f.strength,
                         f.concern, f.trust, f.support, self.tie_share, net.strength_sum,
                         self.trust_pull, net.drawn_in_until, np.float32(self.model.day),
                         np.float32(c.concern.noticeable), c.network.support_sharing,
                         c.network.support_capacity, np.float32(c.network.support_saturation),
                         np.float32(c.help.conference_support_gain),
                         CONSTANTS[np.dtype(np.float32)])
        if self.model.ledger.reporting:
            self._record_support(np.flatnonzero(f.concern > c.concern.noticeable), given)

    def _record_support(self, leaning: np.ndarray, given: np.ndarray) -> None:
        """Count the support the leaning families use, and for those leaning for the first
        time draw who gives them most: a tie with chance in proportion to strength x what
        it gives, from a number keyed per family and week (the same in every design; no
        other stream moves)."""
        f, ledger = self.model.families, self.model.ledger
        ledger.count("network_support", leaning, REFRESH_WEEKS * f.support[leaning])
        supporter = ledger.outcomes["main_supporter"]
        first = leaning[(supporter[leaning] == NO_TIE)
                        & (self.model.network.strength_sum[leaning] > 0)]
        u = self.model.streams.keyed("support:tie", self.model.week, first)
        supporter[first] = draw_ties(self.model.network.ties, first, u, given)


@compiled
def _refresh(indptr, indices, data, strength, concern, trust, support, shares, strength_sum,
             trust_pull, drawn_in_until, day, noticeable, sharing, capacity, saturation,
             conference_gain, exp_constants):
    """Support, the share of what each tie can give (`shares`, with `sharing`) and trust,
    in place; returns what each family gives per unit of tie strength as its ties lean on
    it now.

    What a tie can give each family leaning on it is set by who leaned on it at the
    previous refresh. Each family's three sums over its ties (leaning, given, trust) are
    made in one pass over the tie matrix, each as scipy's product with the matrix makes
    it, and every other step in the types of the vector formulation this replaced (issue
    16), so the same numbers (tests/test_network_refresh.py)."""
    n = len(concern)
    giving = np.empty(n, dtype=np.float32)
    given = np.empty(n, dtype=np.float32)
    leaning = np.empty(n, dtype=np.float32)
    for i in range(n):
        giving[i] = strength[i] * (np.float32(1.0) - concern[i])
        given[i] = giving[i] * shares[i]
        leaning[i] = np.float32(1.0) if concern[i] > noticeable else np.float32(0.0)
    pulled = np.empty(n, dtype=np.float32)
    for i in range(n):
        leaning_strength = np.float32(0.0)
        received = np.float32(0.0)
        ties_trust = np.float32(0.0)
        for k in range(indptr[i], indptr[i + 1]):
            strength_of_tie, tie = data[k], indices[k]
            leaning_strength += strength_of_tie * leaning[tie]
            received += strength_of_tie * given[tie]
            ties_trust += strength_of_tie * trust[tie]
        if sharing:
            shares[i] = tie_share(giving[i], leaning_strength, capacity, sharing)
        here = np.float32(1.0) - exp_one(-received / saturation, *exp_constants)
        if drawn_in_until[i] > day:
            here += conference_gain * (np.float32(1.0) - here)
        support[i] = here
        toward = ties_trust / max(strength_sum[i], np.float32(1e-6))
        toward -= trust[i]
        toward *= trust_pull[i]
        pulled[i] = toward
    for i in range(n):  # after every sum over ties: those read the trust before the pull
        trust[i] += pulled[i]
    return given
