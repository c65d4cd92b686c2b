"""Families as columns: one numpy array per attribute, indexed by family id.

The many families are not Python objects: a week of their lives is one compiled
pass over these arrays (`weekly_problems`, `weekly_concern`; numba, with the arithmetic
of the numpy formulation it replaced, tests/test_weekly_change.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sim.compiled import compiled
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
    """Whether problem k is present, per family (one mask and one compare: cheaper than
    shifting and converting, on the every-family pass of noticing)."""
    return (problems & np.uint8(1 << k)) != 0


def per_mask(values: np.ndarray) -> np.ndarray:
    """Sum of per-problem values over the problems present, for every possible mask."""
    return (MASK_BITS * values[None, :]).sum(axis=1).astype(np.float32)


def problem_load(problems: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Total push of a family's problems on concern."""
    return per_mask(weights)[problems]


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
    `adult_help` lists, in ascending order, the families whose parents get help now
    (faster resolution).
    """
    prevention = s.design.prevention_intensity * s.help.prevention_onset_reduction
    _change_problems(f.problems, f.onset_scale(prevention), f.strength, rates.onset,
                     rates.resolve, rates.onset_by_mask, rates.resolve_by_mask, adult_help,
                     np.float32(1.0 + s.help.adult_effect), u)


@compiled
def _change_problems(problems, onset_scale, strength, onset, resolve, onset_by_mask,
                     resolve_by_mask, adult_help, adult_gain, u):
    """A family's hazards of each change add up, problem by problem, to where its uniform
    falls: the problem it falls on starts or ends. Every step in float32."""
    next_adult = 0
    for i in range(len(problems)):
        mask = problems[i]
        speed = np.float32(0.5) + strength[i]  # resolution speeds up with strength
        if next_adult < len(adult_help) and adult_help[next_adult] == i:
            speed = speed * adult_gain
            next_adult += 1
        total = onset_by_mask[N_MASKS - 1 - mask] * onset_scale[i]
        total = total + resolve_by_mask[mask] * speed
        if not u[i] < total:
            continue
        which, reached = 0, np.float32(0.0)
        for k in range(len(onset)):
            present = (mask >> k) & 1
            reached = reached + (resolve[k] * speed if present else onset[k] * onset_scale[i])
            which += u[i] >= reached
        problems[i] = mask ^ (1 << min(which, len(onset) - 1))


def weekly_concern(f: Families, s: Scenario, rates: WeeklyRates, helped: np.ndarray,
                   help_rate: np.ndarray, u: np.ndarray, day: float) -> None:
    """Concern grows with the problems and fades with own strength, support and help.

    `help_rate` is the weekly concern reduction rate that professional help
    gives the families in `helped` (ascending). `u` is uniform: the weekly shock is
    uniform with standard deviation `concern.noise_sd` (summed over weeks it is
    close to normal, and drawing it costs a third of a normal draw).
    """
    c = s.concern
    prevention = 1.0 + s.design.prevention_intensity * s.help.prevention_support_gain
    support_scale = s.network.support_effect * prevention
    _change_concern(f.concern, f.problems, f.strength, f.support, f.aware_until,
                    np.float32(day), np.float32(support_scale),
                    np.float32(support_scale * s.network.unaware_support_share),
                    np.float32(c.recovery_rate), rates.growth_by_mask, helped, help_rate,
                    np.float64(c.noise_sd) * np.sqrt(12.0), u)


@compiled
def _change_concern(concern, problems, strength, support, aware_until, day, aware_scale,
                    unaware_scale, recovery_rate, growth_by_mask, helped, help_rate,
                    noise_scale, u):
    """Growth toward 1 by the problems' push, fading toward 0 by support (less when the
    network is unaware), own strength and help, and the shock; clipped to [0, 1]. float32
    throughout but the shock's scaling (float64, then rounded)."""
    next_helped = 0
    for i in range(len(concern)):
        x = concern[i]
        fade = aware_scale if aware_until[i] > day else unaware_scale
        fade = fade * support[i] + recovery_rate * (np.float32(0.5) + strength[i])
        if next_helped < len(helped) and helped[next_helped] == i:
            fade = fade + help_rate[next_helped]
            next_helped += 1
        grow = growth_by_mask[problems[i]] * (np.float32(1.0) - x) - fade * x
        shock = np.float32((u[i] - np.float32(0.5)) * noise_scale)
        concern[i] = min(max(grow + shock + x, np.float32(0.0)), np.float32(1.0))
