"""The mirror test: with every mechanism that tells the designs apart switched off and
every design assumption neutral, the relay and the team are the same system.

Only the counts that define the designs (handoffs, organisations seen) may differ. On
20 paired replications no other outcome differs beyond chance, with the intervals
corrected for the number of outcomes (Holm). The same test with the mechanisms on
finds differences, so it can fail. These are the switches attribution turns
(`opzet compare --explain`).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from sim.compare import compare
from sim.summary import MEASURES

DEFINING = {"handoffs", "handoffs_per_family", "organisations_per_family"}
OFF = {"mechanisms": {"handoff_costs": False, "pooled_capacity": False,
                      "alliance_continuity": False}}
RUN = {"run": {"families": 6000, "years": 2, "warmup_years": 1}}


def _holm_rejected(p_values: dict[str, float], alpha: float = 0.05) -> list[str]:
    """Outcomes whose paired difference is significant after Holm's correction."""
    rejected = []
    ordered = sorted(p_values.items(), key=lambda item: item[1])
    for rank, (outcome, p) in enumerate(ordered):
        if p > alpha / (len(ordered) - rank):
            break
        rejected.append(outcome)
    return rejected


def _differing(mechanisms: dict) -> list[str]:
    result = compare({"relay": {"design": {"model": "relay"}, **mechanisms},
                      "team": {"design": {"model": "team"}, **mechanisms}},
                     "scenarios/nl_relay_baseline.toml", reps=20, seed=11, workers=2,
                     overrides=RUN)
    wide = {d: runs.set_index("replication") for d, runs in result.runs.groupby("design")}
    p_values = {}
    for outcome in MEASURES:
        if outcome in DEFINING:
            continue
        d = (wide["team"][outcome] - wide["relay"][outcome]).dropna().to_numpy()
        if len(d) < 2:
            continue
        if np.all(d == 0):
            p_values[outcome] = 1.0
        else:
            p = stats.ttest_1samp(d, 0.0).pvalue
            p_values[outcome] = 1.0 if math.isnan(p) else p
    return _holm_rejected(p_values)


def test_with_the_mechanisms_off_relay_and_team_are_indistinguishable():
    assert _differing(OFF) == []


STRONG_ALLIANCE = {"alliance": {"growth_weeks": 26.0, "loss_at_handoff": 0.9}}
"""The top of the alliance's plausible ranges: at the defaults the alliance of a family in
a plan is back near 1 within weeks of a handoff, too little to see in 20 small runs."""


@pytest.mark.parametrize("on", ["handoff_costs", "pooled_capacity", "alliance_continuity"])
def test_either_mechanism_alone_tells_them_apart(on):
    """Power: the same test sees a difference once one mechanism is back on."""
    mechanisms = {"mechanisms": {**OFF["mechanisms"], on: True}}
    if on == "alliance_continuity":
        mechanisms |= STRONG_ALLIANCE
    assert _differing(mechanisms)


def test_holm_rejects_in_order_and_stops_at_the_first_it_keeps():
    assert _holm_rejected({"a": 0.001, "b": 0.03, "c": 0.04}) == ["a"]
    assert _holm_rejected({"a": 0.001, "b": 0.01, "c": 0.04}) == ["a", "b", "c"]
