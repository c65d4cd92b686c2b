"""Support, the ties' shares and trust are refreshed in one compiled pass (numba, issue 16):
it gives the very numbers of the numpy formulation it replaced, written out here step by
step, on a real mid-run state, with support shared in full, in part and not at all, and
with families drawn in by a conference."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import small_model

from sim.portable_math import exp


def tie_shares_in_numpy(giving, leaning_strength, capacity, sharing):
    """sim.network_actors.tie_share as vector operations (before issue 16)."""
    asked = giving * leaning_strength
    full = np.minimum(1.0, capacity / np.maximum(asked, 1e-9))
    return ((1.0 - sharing) + sharing * full).astype(np.float32)


def refresh_in_numpy(population):
    """Population.refresh_network_effects as vector operations (before issue 16), but
    the record; returns what each family gives."""
    f, net, c = population.model.families, population.model.network, population.config
    leaning = f.concern > c.concern.noticeable
    giving = f.strength * (1.0 - f.concern)
    given = giving * population.tie_share
    if c.network.support_sharing:
        population.tie_share = tie_shares_in_numpy(
            giving, net.ties @ leaning.astype(np.float32), c.network.support_capacity,
            c.network.support_sharing)
    f.support[:] = 1.0 - exp(-(net.ties @ given) / c.network.support_saturation)
    drawn_in = net.drawn_in_until > population.model.day
    f.support[drawn_in] += c.help.conference_support_gain * (1.0 - f.support[drawn_in])
    neighbour_trust = (net.ties @ f.trust) / np.maximum(net.strength_sum, np.float32(1e-6))
    neighbour_trust -= f.trust
    neighbour_trust *= population.trust_pull
    f.trust += neighbour_trust
    return given


STATE = ("support", "trust")


@pytest.mark.parametrize("sharing", [1.0, 0.29, 0.0])
def test_compiled_refresh_gives_the_numbers_of_the_numpy_formulation(sharing):
    model = small_model({"network": {"support_sharing": sharing, "support_capacity": 1.5}},
                        seed=9, families=6000, years=1, warmup_years=1)
    for _ in range(61):
        model.step()
    population, f, net = model.population, model.families, model.network
    rng = np.random.default_rng(4)
    conference = rng.random(len(f)) < 0.05  # drawn in by a conference: some still, some no more
    net.drawn_in_until[conference] = model.day + rng.choice([-7.0, 0.0, 3.5, 14.0],
                                                            conference.sum())
    population.tie_share = (population.tie_share * rng.uniform(0.8, 1.0, len(f))
                            ).astype(np.float32)  # as if shared at the refresh before
    recorded = []  # what each family gives, as the record gets it
    record = population._record_support
    population._record_support = lambda leaning, given: (recorded.append(given.copy()),
                                                         record(leaning, given))
    assert model.ledger.reporting
    for _ in range(3):  # three refreshes, each from both formulations' common state
        before = {name: getattr(f, name).copy() for name in STATE}
        share_before = population.tie_share.copy()
        given_expected = refresh_in_numpy(population)
        expected = {name: getattr(f, name).copy() for name in STATE}
        share_expected = population.tie_share.copy()
        for name in STATE:
            getattr(f, name)[:] = before[name]
        population.tie_share = share_before
        population.refresh_network_effects()
        for name in STATE:
            assert np.array_equal(getattr(f, name), expected[name]), name
        bad = np.flatnonzero(population.tie_share != share_expected)
        print("BAD", len(bad), population.tie_share[bad[:5]], share_expected[bad[:5]])
        assert np.array_equal(population.tie_share, share_expected)
        assert np.array_equal(recorded[-1], given_expected)
        assert (expected["trust"] != before["trust"]).sum() > 1000  # trust did move
        f.concern[:] = np.clip(f.concern + rng.normal(0, 0.1, len(f)), 0, 1).astype(np.float32)
    if sharing:
        assert (population.tie_share < 1.0).sum() > 100  # some ties are asked too much
