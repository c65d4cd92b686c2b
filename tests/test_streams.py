"""Named random streams: independent of each other, stable by name, and common across designs.

Common random numbers are what make a paired comparison of designs on one seed
meaningful: the population, the network and every population-level random
process must be the same whatever the design does with its own decisions.
"""

from __future__ import annotations

import copy
import dataclasses

import numpy as np
import pandas.testing as pdt
import pytest
from conftest import small_model

from sim.streams import Streams

# ---------------------------------------------------------------- unit level


def test_drawing_from_one_stream_does_not_move_another():
    quiet, busy = Streams(42), Streams(42)
    busy("a").random(100_000)
    busy("a").standard_normal(5_000)
    np.testing.assert_array_equal(quiet("b").random(1000), busy("b").random(1000))


def test_the_order_in_which_streams_are_first_used_does_not_matter():
    first_a, first_b = Streams(7), Streams(7)
    a1 = first_a("a").random(50)
    b1 = first_a("b").random(50)
    b2 = first_b("b").random(50)
    a2 = first_b("a").random(50)
    np.testing.assert_array_equal(a1, a2)
    np.testing.assert_array_equal(b1, b2)


def test_same_seed_and_name_give_the_same_numbers_in_a_fresh_object():
    for name in ("problems", "decide:court", "service:veilig_thuis", "äöü unicode"):
        np.testing.assert_array_equal(Streams(20261128)(name).random(20),
                                      Streams(20261128)(name).random(20))


def test_a_stream_is_one_generator_that_continues():
    streams = Streams(3)
    assert streams("x") is streams("x")
    first = streams("x").random(10)
    again = Streams(3)("x").random(20)
    np.testing.assert_array_equal(first, again[:10])
    np.testing.assert_array_equal(streams("x").random(10), again[10:])


def test_names_and_seeds_separate_streams():
    a = Streams(1)("a").random(100)
    assert not np.array_equal(a, Streams(1)("b").random(100))
    assert not np.array_equal(a, Streams(2)("a").random(100))
    # similar names must not collide either
    assert not np.array_equal(Streams(1)("decide:court").random(100),
                              Streams(1)("decide:court_measure").random(100))


def test_streams_are_uncorrelated():
    """Different names give statistically independent uniforms (|r| < 5 standard errors)."""
    n = 200_000
    streams = Streams(99)
    a = streams("problems").random(n)
    b = streams("concern").random(n)
    r = np.corrcoef(a, b)[0, 1]
    assert abs(r) < 5 / np.sqrt(n)
    assert abs(a.mean() - 0.5) < 5 * np.sqrt(1 / 12 / n)


# --------------------------------------------------------------- model level

POPULATION_STREAMS = ("problems", "concern", "noticing", "acute")
"""Streams drawn once per family every week, whatever the design (ProtectionModel.step)."""


@pytest.fixture(scope="module")
def relay_and_team():
    models = [small_model(design=d, seed=31, families=4000, years=1, warmup_years=1)
              for d in ("relay", "team")]
    return models


def test_designs_on_one_seed_meet_the_same_families_and_network(relay_and_team):
    relay, team = relay_and_team
    for field in dataclasses.fields(relay.families):
        np.testing.assert_array_equal(getattr(relay.families, field.name),
                                      getattr(team.families, field.name), err_msg=field.name)
    assert relay.network.ties.shape == team.network.ties.shape
    assert (relay.network.ties != team.network.ties).nnz == 0
    assert relay.network.n_ties > 0
    assert relay.network.professional.keys() == team.network.professional.keys()
    for role in relay.network.professional:
        np.testing.assert_array_equal(relay.network.professional[role],
                                      team.network.professional[role], err_msg=role)


def test_designs_on_one_seed_share_the_population_level_random_numbers():
    """After the first week (no help yet, so nothing design-dependent changed the
    population), problems and concern are identical; after many weeks every
    population-level stream has drawn exactly as many numbers in both designs."""
    relay = small_model(design="relay", seed=32, families=4000, years=1, warmup_years=1)
    team = small_model(design="team", seed=32, families=4000, years=1, warmup_years=1)
    relay.step()
    team.step()
    np.testing.assert_array_equal(relay.families.problems, team.families.problems)
    # an emergency placement in week one lowers concern, and its decision depends on
    # the design (who judges); every other family must match exactly
    untouched = np.isnan(relay.chain.last_emergency) & np.isnan(team.chain.last_emergency)
    assert untouched.mean() > 0.99
    np.testing.assert_array_equal(relay.families.concern[untouched],
                                  team.families.concern[untouched])
    for _ in range(40):
        relay.step()
        team.step()
    assert relay.chain.stage.any() and team.chain.stage.any()  # the designs have been busy...
    assert not np.array_equal(relay.chain.holder, team.chain.holder)  # ...and differently
    for name in POPULATION_STREAMS:
        # same position in the stream: the next numbers (drawn from copies) agree
        np.testing.assert_array_equal(next_numbers(relay.streams(name)),
                                      next_numbers(team.streams(name)), err_msg=name)


def next_numbers(generator: np.random.Generator, n: int = 8) -> np.ndarray:
    """What `generator` would give next, without moving it."""
    return copy.deepcopy(generator).random(n)


def run_with_extra_draws(stream: str | None, week: int = 30):
    model = small_model(seed=33, families=3000, years=1, warmup_years=1)
    while model.week < model.end_week:
        if stream is not None and model.week == week:
            model.streams(stream).random(12_345)
        model.step()
    return model


def test_extra_draws_from_an_unrelated_stream_change_nothing():
    plain = run_with_extra_draws(None)
    extra = run_with_extra_draws("someone else's process")
    pdt.assert_frame_equal(plain.family_table(), extra.family_table())
    pdt.assert_frame_equal(plain.yearly_table(), extra.yearly_table())
    pdt.assert_frame_equal(plain.organisation_table(), extra.organisation_table())
    # the comparison can fail: shifting a stream the model uses changes the results
    shifted = run_with_extra_draws("concern")
    assert not plain.family_table().equals(shifted.family_table())


# ---------------------------------------------------------------- keyed draws


def test_a_keyed_draw_depends_only_on_the_family_not_on_who_else_is_drawn():
    streams = Streams(11)
    everyone = streams.keyed("contact_time", 14, np.arange(1000))
    few = np.array([999, 3, 500])
    np.testing.assert_array_equal(Streams(11).keyed("contact_time", 14, few), everyone[few])
    # the generator streams are untouched by keyed draws
    np.testing.assert_array_equal(streams("contact_time").random(5),
                                  Streams(11)("contact_time").random(5))


def test_keyed_draws_differ_by_step_name_and_seed():
    ids = np.arange(10_000)
    a = Streams(1).keyed("x", 7, ids)
    for other in (Streams(1).keyed("x", 14, ids), Streams(1).keyed("y", 7, ids),
                  Streams(2).keyed("x", 7, ids)):
        assert abs(np.corrcoef(a, other)[0, 1]) < 4 / np.sqrt(len(ids))  # 4 standard errors


def test_keyed_draws_are_uniform():
    from scipy import stats

    u = Streams(20261204).keyed("contact_time", 364, np.arange(200_000))
    assert u.min() >= 0.0 and u.max() < 1.0
    assert stats.kstest(u, "uniform").pvalue > 0.001
    # neighbouring families are not correlated (a counter hash's weak point)
    assert abs(np.corrcoef(u[:-1], u[1:])[0, 1]) < 4 / np.sqrt(len(u))


def test_floats_are_the_generators_own_float32_numbers_whatever_the_sizes_asked():
    """Streams.floats splits whole 64-bit words itself; it must give exactly what numpy
    gives, also around odd sizes (where numpy keeps half a word for the next call) and
    with other draws from the same stream in between."""
    mine, numpys = Streams(11), Streams(11)
    for n in (45_000, 2, 0, 3, 1, 8, 7, 7, 10_000, 5, 6):
        ours, theirs = mine.floats("weekly", n), numpys("weekly").random(n, dtype=np.float32)
        assert ours.dtype == np.float32
        np.testing.assert_array_equal(ours, theirs)
        assert mine("weekly").random() == numpys("weekly").random()
