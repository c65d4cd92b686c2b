"""The informal network as actors (issue 13, point 3): the tie who notices is drawn by
strength and recorded, alertness spreads after advice, a tie's support is finite and
shared, a conference draws ties in; and the generated network's statistics lie within
their stated ranges (sim.network_statistics)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from conftest import small_model, small_scenario
from test_strict_input import scenario, validate_error

from sim.model import ProtectionModel
from sim.network_actors import NO_TIE, attention_shares, draw_ties, tie_shares
from sim.network_statistics import network_statistics
from sim.runner import simulate, summary_table
from sim.scenario import load_scenario

SEEDS = (3, 4)


def star(leaning: int, strength: float = 1.0) -> sp.csr_matrix:
    """Family 0 is the one tie of families 1..leaning."""
    hub = np.zeros(leaning, dtype=np.int64)
    others = np.arange(1, leaning + 1)
    rows, cols = np.concatenate([hub, others]), np.concatenate([others, hub])
    data = np.full(2 * leaning, strength, dtype=np.float32)
    return sp.csr_matrix((data, (rows, cols)), shape=(leaning + 1, leaning + 1))


def test_drawn_ties_are_proportional_to_strength():
    """Ties of strength 1, 2, 3, 4 are drawn 10%, 20%, 30%, 40% of the time (within 1
    point, 40,000 draws: 5 standard errors); alerted ties weigh their extra; no ties, no
    tie."""
    strengths = np.array([1.0, 2.0, 3.0, 4.0], dtype=np.float32)
    ties = sp.csr_matrix((np.concatenate([strengths, strengths]),
                          (np.r_[0, 0, 0, 0, 1, 2, 3, 4], np.r_[1, 2, 3, 4, 0, 0, 0, 0])),
                         shape=(6, 6))
    draws = 40_000
    u = np.random.default_rng(1).random(draws)
    drawn = draw_ties(ties, np.zeros(draws, dtype=np.int64), u)
    share = np.bincount(drawn, minlength=5)[1:] / draws
    np.testing.assert_allclose(share, strengths / strengths.sum(), atol=0.01)
    alerted = np.array([False, False, False, False, True, False])
    weight = np.where(alerted, 3.0, 1.0)  # tie 4 alerted, weighs three times (gain 2)
    drawn = draw_ties(ties, np.zeros(draws, dtype=np.int64), u, weight)
    expected = strengths * weight[1:5] / (strengths * weight[1:5]).sum()
    np.testing.assert_allclose(np.bincount(drawn, minlength=5)[1:] / draws, expected, atol=0.01)
    assert draw_ties(ties, np.array([5]), np.array([0.5]))[0] == NO_TIE  # family 5: no ties
    giving = np.array([1.0, 0.0, 1.0, 1.0, 1.0, 1.0])  # tie 1 has nothing to give
    assert 1 not in draw_ties(ties, np.zeros(draws, dtype=np.int64), u, giving)
    assert draw_ties(ties, np.array([0]), np.array([0.5]), np.zeros(6))[0] == NO_TIE


@pytest.mark.parametrize("leaning", [1, 10, 200])
def test_support_per_tie_is_bounded_when_many_lean_on_it(leaning):
    """What one tie gives to the families leaning on it never exceeds its capacity when
    support is shared; without sharing it grows with every family that leans on it."""
    ties = star(leaning)
    giving = np.ones(leaning + 1, dtype=np.float32)
    lean = np.r_[False, np.ones(leaning, dtype=bool)]
    capacity = 3.0

    def given_by_tie(sharing: float) -> float:
        share = tie_shares(giving, ties @ lean.astype(np.float32), capacity, sharing)
        received = ties @ (giving * share)
        return float(received[1:].sum())  # all from family 0, the one tie
    assert given_by_tie(1.0) <= capacity + 1e-4
    assert given_by_tie(1.0) == pytest.approx(min(leaning, capacity), rel=1e-5)
    assert given_by_tie(0.0) == pytest.approx(leaning, rel=1e-5)  # today's behaviour


def test_default_region_network_statistics_within_stated_ranges():
    model = ProtectionModel(load_scenario("scenarios/nl_relay_baseline.toml"))
    stats = network_statistics(model.network).set_index("statistic")
    ranged = stats.dropna(subset=["low", "high"])
    assert len(ranged) >= 8
    outside = ranged[(ranged["value"] < ranged["low"]) | (ranged["value"] > ranged["high"])]
    assert outside.empty, outside[["value", "low", "high"]]


def outcomes(overrides: dict, seed: int) -> dict[str, float]:
    result = simulate(small_scenario(overrides, seed=seed, record_events=True))
    values = summary_table(result)["value"]
    values["noticed_by_tie"] = float(result.families["noticed_by_tie"].sum())
    return values.to_dict()


def paired_runs(a: dict, b: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The outcomes of two settings on the same seeds, a row per seed (NaN where a run
    has no value, equal to NaN in `DataFrame.equals`)."""
    return (pd.DataFrame([outcomes(a, seed) for seed in SEEDS]),
            pd.DataFrame([outcomes(b, seed) for seed in SEEDS]))


def test_no_alert_spread_at_zero_weeks_or_zero_gain():
    no_weeks, no_gain = paired_runs({"network": {"alert_spread_weeks": 0.0}},
                                    {"network": {"alert_spread_gain": 0.0}})
    assert no_weeks.equals(no_gain), (no_weeks - no_gain).abs().max()


def test_alert_spread_makes_ties_notice_more():
    """Alert ties notice more: more noticing by ties, summed over paired seeds."""
    off = sum(outcomes({"network": {"alert_spread_weeks": 0.0}}, s)["noticed_by_tie"]
              for s in SEEDS)
    on = sum(outcomes({"network": {"alert_spread_weeks": 52.0, "alert_spread_gain": 1.0,
                                   "alert_tie_strength": 0.5}}, s)["noticed_by_tie"]
             for s in SEEDS)
    assert on > off


def test_no_sharing_at_zero_or_ample_capacity():
    no_sharing, ample = paired_runs({"network": {"support_sharing": 0.0}},
                                    {"network": {"support_capacity": 1e9}})
    assert no_sharing.equals(ample), (no_sharing - ample).abs().max()


def test_shared_support_lowers_support_used():
    key = "support used from the network"
    for seed in SEEDS:
        free = outcomes({"network": {"support_sharing": 0.0}}, seed)[key]
        shared = outcomes({"network": {"support_sharing": 1.0, "support_capacity": 1.5}},
                          seed)[key]
        assert shared < free


def test_no_conference_support_at_zero_gain_or_zero_weeks():
    no_gain, no_weeks = paired_runs({"help": {"conference_support_gain": 0.0}},
                                    {"help": {"conference_support_weeks": 0.0}})
    assert no_gain.equals(no_weeks), (no_gain - no_weeks).abs().max()


def test_conference_raises_support_used():
    key, conferences = "support used from the network", {"design": {"conference_intensity": 1.0}}
    for seed in SEEDS:
        none = outcomes({**conferences, "help": {"conference_support_gain": 0.0}}, seed)[key]
        some = outcomes({**conferences, "help": {"conference_support_gain": 0.4,
                                                  "conference_support_weeks": 52.0}}, seed)[key]
        assert some > none


def test_recorded_ties_are_ties_of_the_family():
    """The tie who noticed (events) and the tie who supported most (main_supporter) are
    ties of the family; a family with a main supporter used support from its network."""
    model = small_model(seed=5, record_events=True)
    model.run()
    events = model.event_table()
    acted = events[events["tie"] != NO_TIE]
    assert len(acted) > 0
    assert set(acted["decision"].astype(str)) <= {"reported", "asked_advice"}
    strength = np.asarray(model.network.ties[acted["family"].to_numpy(),
                                             acted["tie"].to_numpy()]).ravel()
    assert (strength > 0).all()
    supporter = model.ledger.outcomes["main_supporter"]
    leaned = np.flatnonzero(supporter != NO_TIE)
    assert len(leaned) > 100
    assert (np.asarray(model.network.ties[leaned, supporter[leaned]]).ravel() > 0).all()
    assert (model.ledger.outcomes["network_support"][leaned] > 0).all()


@pytest.mark.parametrize("text, shown", [
    ("[network]\nsupport_sharing = 1.5\n", "network.support_sharing = 1.5 is out of range"),
    ("[network]\nalert_spread_weeks = -2\n", "network.alert_spread_weeks = -2 is out of range"),
    ("[help]\nconference_support_weeks = -1\n",
     "help.conference_support_weeks = -1 is out of range"),
    ("[help]\nconference_support_gain = 2.0\n",
     "help.conference_support_gain = 2.0 is out of range"),
])
def test_bad_network_input_refused(tmp_path, capsys, text, shown):
    assert shown in validate_error(capsys, scenario(tmp_path, text))


def test_no_attention_sharing_at_zero_or_full_capacity():
    no_sharing, full = paired_runs({"network": {"attention_sharing": 0.0}},
                                   {"network": {"attention_capacity": 1.0}})
    assert no_sharing.equals(full), (no_sharing - full).abs().max()


def test_shared_attention_means_fewer_contacts():
    """Places that divide their attention among many families with a concern notice each
    less: fewer reports and advice contacts, summed over paired seeds (on seeds 3 and 4,
    about 140 against 149 per 1,000 families per year)."""
    def contacts(network: dict) -> float:
        return sum(o["reports"] + o["advice contacts"]
                   for o in (outcomes({"network": network}, s) for s in SEEDS))
    assert (contacts({"attention_sharing": 1.0, "attention_capacity": 0.1})
            < contacts({"attention_sharing": 0.0}))


def test_attention_bounded_by_capacity():
    """A place with 10 families, 5 with a concern, capacity 20%: each gets 0.2 / 0.5 = 40%
    of full attention; families without a place get 1; no sharing gives everyone 1."""
    place = np.r_[np.zeros(10, dtype=np.int32), -1]
    members = np.bincount(place[place >= 0])
    shares = attention_shares(place, members, np.arange(5), 0.2, 1.0)
    np.testing.assert_allclose(shares, np.r_[np.full(10, 0.4), 1.0], rtol=1e-6)
    assert (attention_shares(place, members, np.arange(5), 0.2, 0.0) == 1.0).all()
