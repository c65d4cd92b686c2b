"""The families' own week is compiled (numba, issue 16): the compiled steps give the very
numbers of the numpy formulation they replace, written out here step by step, on a real
mid-run state and on states at the edges (concern 0 and 1, every problem, no help)."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import small_model

from sim.families import (MASK_BITS, N_MASKS, PROBLEM_NAMES, weekly_concern,
                          weekly_problems)
from sim.tasks.base import Week


def problems_in_numpy(f, s, rates, adult_help, u) -> None:
    """weekly_problems as vector operations (its form before issue 16)."""
    prevention = s.design.prevention_intensity * s.help.prevention_onset_reduction
    onset_scale = f.onset_scale(prevention)
    speed = 0.5 + f.strength
    speed[adult_help] *= np.float32(1.0 + s.help.adult_effect)
    total = rates.onset_by_mask[N_MASKS - 1 - f.problems] * onset_scale
    total += rates.resolve_by_mask[f.problems] * speed
    changed = np.flatnonzero(u < total)
    has = MASK_BITS[f.problems[changed]]
    hazard = np.where(has, rates.resolve[None, :] * speed[changed, None],
                      rates.onset[None, :] * onset_scale[changed, None])
    which = (u[changed, None] >= np.cumsum(hazard, axis=1)).sum(axis=1)
    which = np.minimum(which, len(PROBLEM_NAMES) - 1)
    f.problems[changed] ^= (np.uint8(1) << which.astype(np.uint8))


def concern_in_numpy(f, s, rates, helped, help_rate, u, day) -> None:
    """weekly_concern as vector operations (its form before issue 16)."""
    c = s.concern
    prevention = 1.0 + s.design.prevention_intensity * s.help.prevention_support_gain
    support_scale = s.network.support_effect * prevention
    x = f.concern
    fade = np.where(f.aware_until > day, np.float32(support_scale),
                    np.float32(support_scale * s.network.unaware_support_share))
    fade *= f.support
    fade += c.recovery_rate * (0.5 + f.strength)
    fade[helped] += help_rate
    fade *= x
    grow = rates.growth_by_mask[f.problems]
    grow *= 1.0 - x
    grow -= fade
    u = u - np.float32(0.5)  # a copy
    u *= c.noise_sd * np.sqrt(12.0)
    grow += u
    grow += x
    np.clip(grow, 0.0, 1.0, out=x)


def snapshot(f) -> dict[str, np.ndarray]:
    return {name: getattr(f, name).copy() for name in ("problems", "concern")}


def restore(f, state) -> None:
    for name, values in state.items():
        getattr(f, name)[:] = values


@pytest.fixture(scope="module")
def mid_run():
    """A region of 6,000 families after two years, with families in help and adult help."""
    model = small_model(seed=5, families=6000, years=1, warmup_years=2)
    for _ in range(104):
        model.step()
    week = Week(model.day, model.day + 7.0, model.chain.in_chain())
    helped, help_rate, adult_help = model.tasks["plans"].help_this_week(week)
    assert len(helped) > 10 and len(adult_help) > 10  # the help paths are exercised
    return model, helped, help_rate, adult_help


def edge_cases(f, rng) -> None:
    """Concern at 0, 1 and in between; no problems, every problem, and anything between."""
    n = len(f)
    f.concern[: n // 3] = rng.choice(np.array([0.0, 1.0], dtype=np.float32), n // 3)
    f.problems[: n // 4] = rng.choice(np.array([0, N_MASKS - 1], dtype=np.uint8), n // 4)


@pytest.mark.parametrize("edges", [False, True], ids=["mid-run state", "edges"])
def test_compiled_week_gives_the_numbers_of_the_numpy_formulation(mid_run, edges):
    model, helped, help_rate, adult_help = mid_run
    f, s, rates = model.families, model.config, model.population.rates
    rng = np.random.default_rng(11)
    start = snapshot(f)
    if edges:
        edge_cases(f, rng)
    before = snapshot(f)
    changes = 0
    for week in range(20):  # twenty weeks, each from both formulations' common state
        u_problems = rng.random(len(f), dtype=np.float32)
        u_concern = rng.random(len(f), dtype=np.float32)
        day = model.day + 7.0 * week
        problems_in_numpy(f, s, rates, adult_help, u_problems)
        concern_in_numpy(f, s, rates, helped, help_rate, u_concern, day)
        expected = snapshot(f)
        restore(f, before)
        weekly_problems(f, s, rates, adult_help, u_problems)
        weekly_concern(f, s, rates, helped, help_rate, u_concern, day)
        for name, values in expected.items():
            assert np.array_equal(getattr(f, name), values), (name, week)
        changes += np.count_nonzero(expected["problems"] != before["problems"])
        before = expected
    restore(f, start)
    assert changes > 100  # problems did start and end
