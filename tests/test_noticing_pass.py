"""Who notices a family is decided in one compiled pass, and the alerted ties' noticing rate
is brought up to date in another (numba, issue 16): they give the very numbers of the
numpy formulation they replaced, written out here step by step, on a real mid-run state
(alerted ties, the places' attention shared) and on states at the edges (concern 0 and 1,
violence with and without concern; a rate that rounding would take below 0)."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import small_model

from sim.families import VIOLENCE, has_problem
from sim.network import ROLES
from sim.network_actors import row_entries
from sim.portable_math import exp
from sim.tasks.noticing import POLICE, _alert_changes


def rates_in_numpy(noticing, ids) -> np.ndarray:
    """Noticing._rates with alerted ties and the places' attention (before issue 16)."""
    nt, network = noticing.config.noticing, noticing.model.network
    rates = np.zeros((len(ids), POLICE + 1), dtype=np.float32)
    rates[:, 0] = nt.by_self
    rates[:, 1] = nt.by_network * network.strength_sum[ids]
    rates[:, 1] += noticing.alert_rate[ids]
    for k in range(len(ROLES)):
        rates[:, 2 + k] = noticing.place_now[k, ids]
    return rates


def noticed_in_numpy(noticing, u):
    """Noticing.step's chance and Noticing._who as vector operations (before issue 16):
    ids, who, where the uniform fell, level."""
    f, c = noticing.model.families, noticing.config
    nt = c.noticing
    ids = noticing._candidates(u)
    level = np.minimum(np.maximum(
        (f.concern[ids] - c.concern.noticeable) / (1 - c.concern.noticeable), 0.0), 1.0)
    violence = has_problem(f.problems[ids], VIOLENCE)
    total = (level * (noticing.coefficient[ids] + noticing.alert_rate[ids])
             + nt.police_violence * violence)
    p_notice = 1.0 - exp(-total)
    hit = (u[ids] < p_notice).nonzero()[0]
    ids, total, p_notice, level, violence = (ids[hit], total[hit], p_notice[hit], level[hit],
                                             violence[hit])
    x = u[ids]
    rates = rates_in_numpy(noticing, ids)
    rates[:, :POLICE] *= level[:, None]
    rates[:, POLICE] = nt.police_violence * violence
    bounds = np.cumsum(rates, axis=1) / total[:, None] * p_notice[:, None]
    who = np.minimum((x[:, None] >= bounds).sum(axis=1), rates.shape[1] - 1)
    lower = np.where(who > 0, bounds[np.arange(len(ids)), who - 1], 0.0)
    width = bounds[np.arange(len(ids)), who] - lower
    v = np.minimum(np.maximum((x - lower) / np.maximum(width, 1e-12), 0.0), 0.999999)
    return ids, who, v, level


@pytest.fixture(scope="module")
def mid_run():
    """A region of 6,000 families after two years, with ties alerted by advice contacts and
    the places' attention shared (it is shared every 13 weeks: 104 is a multiple)."""
    model = small_model({"network": {"attention_sharing": 1.0, "attention_capacity": 0.1}},
                        seed=7, families=6000, years=1, warmup_years=2)
    for _ in range(105):
        model.step()
    noticing = model.tasks["noticing"]
    assert np.count_nonzero(noticing.alert_rate) > 50  # alerted ties count
    # some places attend to fewer of their families than they could
    assert (noticing.place_now < noticing.place_rate).any()
    return noticing


@pytest.mark.parametrize("edges", [False, True], ids=["mid-run state", "edges"])
def test_compiled_pass_gives_the_numbers_of_the_numpy_formulation(mid_run, edges):
    noticing = mid_run
    f = noticing.model.families
    rng = np.random.default_rng(3)
    concern, problems = f.concern.copy(), f.problems.copy()
    if edges:
        n = len(f)
        f.concern[: n // 2] = rng.choice(np.array([0.0, 1.0, 0.35], dtype=np.float32), n // 2)
        f.problems[: n // 3] = rng.choice(np.array([0, 1 << VIOLENCE], dtype=np.uint8), n // 3)
    try:
        who_seen = set()
        for _ in range(20):
            u = rng.random(len(f), dtype=np.float32)
            expected = noticed_in_numpy(noticing, u)
            found = noticing._who_noticed(u)
            for name, want, got in zip(("ids", "who", "where", "level"), expected, found):
                assert want.dtype == got.dtype, name
                assert np.array_equal(want, got), name
            who_seen |= set(found[1].tolist())
        assert who_seen == set(range(POLICE + 1))  # every noticer, the police included
    finally:
        f.concern[:], f.problems[:] = concern, problems


def alert_changes_in_numpy(ties, changed, began, alert_rate, alert_weight, by_network, gain):
    """The end of Noticing._alertness as vector operations (before issue 16)."""
    positions, lengths = row_entries(ties, changed)
    sign = np.repeat(np.where(began, 1.0, -1.0), lengths)
    known = ties.indices[positions]
    np.add.at(alert_rate, known, (by_network * gain * sign * ties.data[positions]
                                  ).astype(np.float32))
    alert_rate[known] = np.maximum(alert_rate[known], 0.0)
    alert_weight[changed] = 1.0 + gain * began
    return known


def test_compiled_alert_changes_give_the_numbers_of_the_numpy_formulation(mid_run):
    noticing = mid_run
    ties, nt = noticing.model.network.ties, noticing.config.noticing
    rng = np.random.default_rng(8)
    for gain in (1.0, 0.37):
        for _ in range(10):
            changed = np.sort(rng.choice(ties.shape[0], 300, replace=False))
            began = rng.random(300) < 0.5
            rate = noticing.alert_rate.copy()
            rate[rng.random(len(rate)) < 0.3] = np.float32(1e-9)  # ended ties take it below 0
            weight = noticing.alert_weight.copy()
            expected = [rate.copy(), weight.copy()]
            known = alert_changes_in_numpy(ties, changed, began, *expected, nt.by_network, gain)
            found = _alert_changes(ties.indptr, ties.indices, ties.data, changed, began, rate,
                                   weight, nt.by_network * gain, gain)
            assert np.array_equal(found, known)
            assert np.array_equal(rate, expected[0])
            assert np.array_equal(weight, expected[1])
            assert (expected[0] == 0).sum() > 10  # the rounding guard was needed


def test_a_chance_never_exceeds_its_total_by_the_margin_the_pass_skips_by():
    """The pass skips the exp where the uniform is at least total + 1e-12, as the chance
    1 - exp(-total) is at most total: so it must be, after rounding, within 1e-15 (from
    totals far below a rounding step of 1 to totals where the chance is nearly 1)."""
    rng = np.random.default_rng(5)
    total = np.concatenate((10.0 ** rng.uniform(-20, 1.5, 200_000),
                            [0.0, 5e-324, 1.1e-16, 2.2e-16, 3.3e-16]))
    chance = 1.0 - exp(-total)
    assert (chance - total).max() <= 1e-15
    assert (chance > total).any()  # rounding does go above it, by less than the margin
