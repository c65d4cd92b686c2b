"""Families as columns: one numpy array per attribute, indexed by family id.

The many families are not Python objects: a week of their lives is a few
vector operations over these arrays (see `weekly_problems`, `weekly_concern`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sim.params import Scenario
from sim.params.population import PROBLEM_NAMES
from sim.portable_math import exp

WEEK = 7.0  # days in a model step
WEEKS_PER_YEAR = 52
YEAR = WEEK * WEEKS_PER_YEAR  # days in a model year
VIOLENCE = PROBLEM_NAMES.index("partner_violence")  # the problem the police notice


def beta_from_moments(mean: float, sd: float, size: int, rng: np.random.Generator) -> np.ndarray:
    """Beta draws with a given mean and standard deviation (variance capped to stay valid)."""
    var = min(sd * sd, mean * (1 - mean) * 0.95)
    common = mean * (1 - mean) / var - 1
    return rng.beta(mean * common, (1 - mean) * common, size=size).astype(np.float32)


@dataclass
class Families:
    """The state of every family; the chain position (stage, holder, waiting) lives in
    sim.chain.ChainState."""

    n_children: np.ndarray
    youngest_age: np.ndarray
    strength: np.ndarray
    willingness: np.ndarray
    trust: np.ndarray
    vulnerability: np.ndarray  # multiplier on problem onset
    problems: np.ndarray  # uint8 bit mask: bit k set when problem PROBLEM_NAMES[k] is present
    concern: np.ndarray
    support: np.ndarray = field(default=None)  # informal support 0-1, refreshed monthly
    aware_until: np.ndarray = field(default=None)  # day until which the network is alert

    def __post_init__(self) -> None:
        n = len(self.concern)
        if self.support is None:
            self.support = np.zeros(n, dtype=np.float32)
        if self.aware_until is None:
            self.aware_until = np.full(n, -np.inf, dtype=np.float32)

    def __len__(self) -> int:
        return len(self.concern)

    def onset_scale(self, prevention: float) -> np.ndarray:
        """Multiplier on problem onset per family: vulnerability, less what prevention
        prevents (fixed during a run, so computed once)."""
        cached = getattr(self, "_onset_scale", None)
        if cached is None or cached[0] != prevention:
            cached = (prevention, self.vulnerability * np.float32(1 - prevention))
            self._onset_scale = cached
        return cached[1]

N_MASKS = 1 << len(PROBLEM_NAMES)
MASK_BITS = ((np.arange(N_MASKS)[:, None] >> np.arange(len(PROBLEM_NAMES))) & 1).astype(bool)


def has_problem(problems: np.ndarray, k: int) -> np.ndarray:
    """Whether problem k is present, per family."""
    return ((problems >> k) & 1).astype(bool)


def per_mask(values: np.ndarray) -> np.ndarray:
    """Sum of per-problem values over the problems present, for every possible mask."""
    return (MASK_BITS * values[None, :]).sum(axis=1).astype(np.float32)


def by_mask(table: np.ndarray, problems: np.ndarray) -> np.ndarray:
    """`table[problems]` for a table over every mask: `take` without its bounds check
    (masks are always in range) is much faster than indexing."""
    return table.take(problems, mode="wrap")


def problem_load(problems: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Total push of a family's problems on concern."""
    return by_mask(per_mask(weights), problems)


def create_families(s: Scenario, rng: np.random.Generator) -> Families:
    """Draw the population: children, strength, willingness, trust, problems, concern.

    Problems start at their stationary prevalence (weaker families more often);
    concern starts at the level its problems would hold it at.
    """
    n = s.run.families
    pop = s.population
    n_children = (1 + rng.poisson(pop.children_mean - 1.0, size=n)).astype(np.int8)
    youngest_age = rng.integers(0, 18, size=n).astype(np.int8)
    strength = beta_from_moments(pop.strength_mean, pop.strength_sd, n, rng)
    willingness = beta_from_moments(pop.willingness_mean, pop.willingness_sd, n, rng)
    trust = beta_from_moments(pop.trust_mean, pop.trust_sd, n, rng)
    vulnerability = exp(-pop.vulnerability_slope * (strength - strength.mean()))
    vulnerability = (vulnerability / vulnerability.mean()).astype(np.float32)
    problems = np.zeros(n, dtype=np.uint8)
    for k, name in enumerate(PROBLEM_NAMES):
        prevalence = getattr(s.problems, name).prevalence
        odds = prevalence / (1 - prevalence) * vulnerability
        problems |= ((rng.random(n) < odds / (1 + odds)).astype(np.uint8) << k)
    weights = problem_weights(s)
    load = problem_load(problems, weights)
    c = s.concern
    push = c.growth_rate * load
    concern = (push / (push + c.recovery_rate * (0.5 + strength))).astype(np.float32)
    return Families(n_children, youngest_age, strength, willingness, trust, vulnerability,
                    problems, concern)


def problem_weights(s: Scenario) -> np.ndarray:
    """Concern push per problem, in the order of PROBLEM_NAMES."""
    return np.array([getattr(s.problems, k).weight for k in PROBLEM_NAMES], dtype=np.float32)


def problem_rates(s: Scenario) -> tuple[np.ndarray, np.ndarray]:
    """Weekly onset and resolution hazards per problem (onset keeps the prevalence stationary)."""
    onset, resolve = [], []
    for name in PROBLEM_NAMES:
        prob = getattr(s.problems, name)
        resolve.append(1.0 / prob.duration_weeks)
        onset.append(prob.prevalence / (1 - prob.prevalence) / prob.duration_weeks)
    return np.asarray(onset, dtype=np.float32), np.asarray(resolve, dtype=np.float32)


@dataclass(frozen=True)
class WeeklyRates:
    """The scenario's weekly hazards and concern push, per problem and over every mask of
    problems: fixed during a run, so worked out once (sim.population), not every week."""

    onset: np.ndarray
    resolve: np.ndarray
    onset_by_mask: np.ndarray
    resolve_by_mask: np.ndarray
    growth_by_mask: np.ndarray  # the weekly push of a mask's problems on concern

    @classmethod
    def of(cls, s: Scenario) -> WeeklyRates:
        onset, resolve = problem_rates(s)
        return cls(onset, resolve, per_mask(onset), per_mask(resolve),
                   per_mask(problem_weights(s) * s.concern.growth_rate))


def weekly_problems(f: Families, s: Scenario, rates: WeeklyRates, adult_help: np.ndarray,
                    u: np.ndarray) -> None:
    """Problems start and end (competing risks, at most one change per family per week).

    One uniform per family decides whether a change happens and, by where it
    falls, which one: the number of draws never depends on the design.
    `adult_help` lists the families whose parents get help now (faster resolution).
    """
    prevention = s.design.prevention_intensity * s.help.prevention_onset_reduction
    onset_scale = f.onset_scale(prevention)
    # Every term is non-negative and rounding is monotone, so no family without adult help
    # has a hazard above this bound: only they whose uniform falls under it, and those with
    # adult help, can change, and their hazard alone is computed (the same numbers).
    bound = (rates.onset_by_mask.max() * onset_scale.max()
             + rates.resolve_by_mask.max() * (0.5 + f.strength.max()))
    may_change = u < bound
    may_change[adult_help] = True
    candidates = np.flatnonzero(may_change)
    problems = f.problems[candidates]
    speed = 0.5 + f.strength[candidates]
    speed[np.searchsorted(candidates, adult_help)] *= np.float32(1.0 + s.help.adult_effect)
    total = by_mask(rates.onset_by_mask, N_MASKS - 1 - problems) * onset_scale[candidates]
    total += by_mask(rates.resolve_by_mask, problems) * speed
    changing = u[candidates] < total
    changed = candidates[changing]
    if not len(changed):
        return
    has = MASK_BITS[problems[changing]]
    hazard = np.where(has, rates.resolve[None, :] * speed[changing, None],
                      rates.onset[None, :] * onset_scale[changed, None])
    which = (u[changed, None] >= np.cumsum(hazard, axis=1)).sum(axis=1)
    which = np.minimum(which, len(PROBLEM_NAMES) - 1)
    f.problems[changed] ^= (np.uint8(1) << which.astype(np.uint8))


def weekly_concern(f: Families, s: Scenario, rates: WeeklyRates, helped: np.ndarray,
                   help_rate: np.ndarray, u: np.ndarray, day: float) -> None:
    """Concern grows with the problems and fades with own strength, support and help.

    `help_rate` is the weekly concern reduction rate that professional help
    gives the families in `helped`. `u` is uniform: the weekly shock is
    uniform with standard deviation `concern.noise_sd` (summed over weeks it is
    close to normal, and drawing it costs a third of a normal draw).
    """
    c = s.concern
    prevention = 1.0 + s.design.prevention_intensity * s.help.prevention_support_gain
    support_scale = s.network.support_effect * prevention
    unaware = s.network.unaware_support_share
    x = f.concern
    fade = np.where(f.aware_until > day, np.float32(support_scale),
                    np.float32(support_scale * unaware))
    fade *= f.support
    fade += c.recovery_rate * (0.5 + f.strength)
    fade[helped] += help_rate
    fade *= x
    grow = by_mask(rates.growth_by_mask, f.problems)
    grow *= 1.0 - x
    grow -= fade
    u -= 0.5
    u *= c.noise_sd * np.sqrt(12.0)
    grow += u
    grow += x
    np.clip(grow, 0.0, 1.0, out=x)
