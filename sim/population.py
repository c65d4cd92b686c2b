"""Families between contacts: problems come and go, concern grows and fades, and the
informal network supports them and pulls their trust toward that of their ties.

This is what happens to every family every week whether or not a professional is
involved; the help they get is the plan task's (sim.tasks.plans), passed in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.families import WeeklyRates, weekly_concern, weekly_problems
from sim.network_actors import NO_TIE, draw_ties, tie_shares
from sim.portable_math import exp

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
        who gives most of it, and trust pulled toward ties' trust.

        What a tie can give each family leaning on it is set by who leaned on it at the
        previous refresh. Each sum over ties is its own product with the tie matrix: scipy's
        product with several columns at once costs several times more than one per column
        (the same numbers).
        """
        f, net, c = self.model.families, self.model.network, self.config
        leaning = f.concern > c.concern.noticeable
        giving = f.strength * (1.0 - f.concern)
        given = giving * self.tie_share
        if c.network.support_sharing:
            self.tie_share = tie_shares(giving, net.ties @ leaning.astype(np.float32),
                                        c.network.support_capacity, c.network.support_sharing)
        f.support[:] = 1.0 - exp(-(net.ties @ given) / c.network.support_saturation)
        drawn_in = net.drawn_in_until > self.model.day
        f.support[drawn_in] += c.help.conference_support_gain * (1.0 - f.support[drawn_in])
        if self.model.ledger.reporting:
            self._record_support(np.flatnonzero(leaning), given)
        neighbour_trust = (net.ties @ f.trust) / np.maximum(net.strength_sum, np.float32(1e-6))
        neighbour_trust -= f.trust
        neighbour_trust *= self.trust_pull  # zero for families without ties
        f.trust += neighbour_trust

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
