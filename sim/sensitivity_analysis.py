"""The analysis of a sensitivity study, for any model: the seeded sample (SALib), Sobol
indices or Morris effects of every outcome with bootstrap intervals, on the first
quarter, half and all of the sample, the share of replication noise, and warnings in
plain words (docs/sensitivity.md). sim.sensitivity runs the simulation's studies.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import Field
from SALib.analyze import sobol as sobol_analysis
from SALib.sample import morris as morris_sampling
from SALib.sample import sobol as sobol_sampling
from scipy import stats

from sim.execution import replication_seed
from sim.experiment_schema import Uncertain, points_at
from sim.params.base import UserInput

SHARES = (0.25, 0.5, 1.0)
"""Parts of the sample the indices are computed on: the first quarter, half, and all."""
INDICES = {"sobol": ("S1", "ST"), "morris": ("mu_star", "sigma", "mu")}
INDEX_NAMES = {"S1": "first-order index (S1)", "ST": "total index (ST)",
               "mu_star": "mean absolute effect (mu*)", "sigma": "spread of effects (sigma)",
               "mu": "mean effect (mu)"}
SETTLED_INDEX = {"sobol": "ST", "morris": "mu_star"}  # whose convergence is checked
NOISE_LIMIT = 0.2
"""Warn when more than this share of the variance between points is replication noise."""
TOLERANCE = 0.05
"""Sobol: indices below this share of variance, and changes smaller than it, do not
matter; Morris: the same as a share of the largest mu*."""
COLUMNS = ["method", "outcome", "parameter", "label", "unit", "index", "value", "ci_low",
           "ci_high", "sample_share"]
NOISE_COLUMNS = ["outcome", "points", "replications", "variance_of_means", "noise_variance",
                 "noise_share"]


class Settings(UserInput):
    """The [sensitivity] table: method, sample size, bootstrap."""

    method: Literal["sobol", "morris"] = Field(description="variance shares or elementary "
                                                           "effects")
    samples: int = Field(64, ge=8, le=2**20, description="sobol: base samples, a power of 2")
    trajectories: int = Field(20, ge=8, le=100_000, description="morris: trajectories")
    levels: int = Field(4, ge=2, le=100, description="morris: values per parameter, even")
    difference: tuple[str, str] | None = Field(None, strict=False,  # TOML gives a list
                                               description="two designs: analyse the "
                                               "first minus the second")
    resamples: int = Field(200, ge=20, le=100_000, description="bootstrap resamples")
    confidence: float = Field(0.95, gt=0.5, lt=1.0, description="level of the intervals")

    def resolved(self) -> dict[str, Any]:
        """The settings that matter for this method (for the manifest)."""
        own = ("samples",) if self.method == "sobol" else ("trajectories", "levels")
        keep = ("method", *own, "difference", "resamples", "confidence")
        return {k: v for k, v in self.model_dump().items() if k in keep}


# The sample


@dataclass(frozen=True)
class Plan:
    """A sample design: quantiles in [0, 1] of each parameter at each point, in blocks
    (a Sobol base sample's k + 2 points, a Morris trajectory's k + 1) so that the first
    blocks are a smaller design of their own."""

    method: Literal["sobol", "morris"]
    parameters: tuple[str, ...]
    unit: np.ndarray  # points x parameters

    @property
    def block(self) -> int:
        return len(self.parameters) + (2 if self.method == "sobol" else 1)

    def rows(self, share: float) -> int:
        """Points in the first `share` of the blocks."""
        return int(len(self.unit) // self.block * share) * self.block

    def steps(self) -> np.ndarray:
        """Morris: trajectories x steps x parameters, the moves between consecutive points."""
        k = len(self.parameters)
        return np.diff(self.unit.reshape(-1, k + 1, k), axis=1)


def make_plan(settings: Settings, parameters: list[str] | tuple[str, ...], seed: int) -> Plan:
    """The seeded SALib sample of `settings` over `parameters` (the same for one seed)."""
    problem = {"num_vars": len(parameters), "names": list(parameters),
               "bounds": [[0.0, 1.0]] * len(parameters)}
    if settings.method == "sobol":
        unit = sobol_sampling.sample(problem, settings.samples, calc_second_order=False,
                                     seed=seed)
    else:
        unit = morris_sampling.sample(problem, settings.trajectories,
                                      num_levels=settings.levels, seed=seed)
    return Plan(settings.method, tuple(parameters), unit)


# The analysis


@dataclass
class Analysis:
    """Indices with intervals (long table, as indices.csv), noise per outcome, warnings."""

    indices: pd.DataFrame
    noise: pd.DataFrame
    warnings: list[str]


def analyse(plan: Plan, outputs: dict[str, Any], settings: Settings, seed: int = 0,
            labels: dict[str, tuple[str, str]] | None = None) -> Analysis:
    """Indices of every outcome in `outputs` (name -> array of points x replications, in
    the order of `plan.unit`; one column or a vector for one replication).

    `labels` gives each parameter a readable name and unit (default: its own name).
    """
    labels = labels or {}
    frames, noise, warnings = [], [], []
    for outcome, table in outputs.items():
        y = np.asarray(table, dtype=float).reshape(len(plan.unit), -1)
        missing = int(np.isnan(y).any(axis=1).sum())
        if missing:
            warnings.append(f"{outcome}: not analysed; it has no value at {missing} of "
                            f"{len(y)} sample points (e.g. nothing observed long enough).")
            continue
        means = y.mean(axis=1)
        noise.append(noise_row(outcome, y))
        if np.ptp(means) == 0:
            warnings.append(f"{outcome}: not analysed; it is the same at every sample point.")
            continue
        frame = _indices(plan, means, settings, seed).assign(outcome=outcome, method=plan.method)
        frame["label"] = [labels.get(p, (p, ""))[0] for p in frame["parameter"]]
        frame["unit"] = [labels.get(p, (p, ""))[1] for p in frame["parameter"]]
        frames.append(frame)
        warnings += _warnings(outcome, plan, frame, noise[-1], settings.confidence)
    indices = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS)
    return Analysis(indices[COLUMNS], pd.DataFrame(noise, columns=NOISE_COLUMNS), warnings)


def noise_row(outcome: str, y: np.ndarray) -> dict[str, Any]:
    """How much of the variance of the point means (y: points x replications) is noise.

    The noise variance of a mean of R replications is the mean variance within a point
    divided by R. With common random numbers the noise that differs between points is
    usually smaller, so the share is an upper bound. NaN with one replication.
    """
    points, reps = y.shape
    between = float(y.mean(axis=1).var(ddof=1))
    noise = float(y.var(axis=1, ddof=1).mean() / reps) if reps > 1 else math.nan
    return {"outcome": outcome, "points": points, "replications": reps,
            "variance_of_means": between, "noise_variance": noise,
            "noise_share": noise / between if between > 0 else math.nan}


def _indices(plan: Plan, means: np.ndarray, settings: Settings, seed: int) -> pd.DataFrame:
    """Every index with its interval, on the first quarter, half and all of the sample."""
    rows = []
    boot_seed = int(np.random.SeedSequence([seed, 1]).generate_state(1)[0]) + 1  # SALib: not 0
    for share in SHARES:
        n = plan.rows(share)
        if np.ptp(means[:n]) == 0:  # no variance to share out in this part of the sample
            values = {index: (np.full(len(plan.parameters), np.nan),) * 2
                      for index in INDICES[plan.method]}
        elif plan.method == "sobol":
            values = _sobol(plan, means[:n], settings, boot_seed)
        else:
            values = _morris(plan, n, means[:n], settings, boot_seed)
        for index, (value, half) in values.items():
            for j, parameter in enumerate(plan.parameters):
                rows.append({"parameter": parameter, "index": index, "value": value[j],
                             "ci_low": value[j] - half[j], "ci_high": value[j] + half[j],
                             "sample_share": share})
    return pd.DataFrame(rows)


def _sobol(plan: Plan, y: np.ndarray, settings: Settings,
           seed: int) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """S1 and ST by SALib (Saltelli/Jansen estimators); intervals z x bootstrap sd."""
    problem = {"num_vars": len(plan.parameters), "names": list(plan.parameters),
               "bounds": [[0.0, 1.0]] * len(plan.parameters)}
    result = sobol_analysis.analyze(problem, y, calc_second_order=False,
                                    num_resamples=settings.resamples,
                                    conf_level=settings.confidence, seed=seed)
    return {k: (np.asarray(result[k]), np.asarray(result[f"{k}_conf"])) for k in ("S1", "ST")}


def _morris(plan: Plan, n: int, y: np.ndarray, settings: Settings,
            seed: int) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """mu*, sigma and mu of the elementary effects; intervals z x bootstrap sd over
    trajectories (as SALib's mu* interval, for all three).

    An effect is the change of the outcome per step divided by the step as a share of
    the parameter's range: the outcome's change over the whole range, were it linear.
    """
    k = len(plan.parameters)
    steps = plan.steps()[: n // (k + 1)]
    moved = np.abs(steps).argmax(axis=2)  # the one parameter each step moves
    delta = np.take_along_axis(steps, moved[..., None], axis=2)[..., 0]
    effects = np.empty_like(delta)
    np.put_along_axis(effects, moved, np.diff(y.reshape(-1, k + 1), axis=1) / delta, axis=1)

    def measures(ee: np.ndarray) -> dict[str, np.ndarray]:  # ee: (..., trajectories, k)
        return {"mu_star": np.abs(ee).mean(axis=-2), "sigma": ee.std(axis=-2, ddof=1),
                "mu": ee.mean(axis=-2)}

    rng = np.random.default_rng(seed)
    picks = rng.integers(len(effects), size=(settings.resamples, len(effects)))
    boot = measures(effects[picks])
    z = stats.norm.ppf(0.5 + settings.confidence / 2)
    return {name: (value, z * boot[name].std(axis=0, ddof=1))
            for name, value in measures(effects).items()}


def _warnings(outcome: str, plan: Plan, frame: pd.DataFrame, noise: dict[str, Any],
              confidence: float) -> list[str]:
    """Plain-words warnings about one outcome's indices."""
    method, lines = plan.method, []
    if noise["replications"] == 1:
        lines.append(f"{outcome}: one replication per sample point, so replication noise "
                     "cannot be measured (fine for a deterministic model; a stochastic "
                     "model's noise is hidden in the indices).")
    elif noise["noise_share"] > NOISE_LIMIT:
        inflated = (" Noise looks like interaction: each total index (ST) may be up to that "
                    "share too high; S1 is not biased by it." if method == "sobol" else "")
        lines.append(f"{outcome}: replication noise is {noise['noise_share']:.0%} of the "
                     "variance between sample points (an upper bound with common random "
                     "numbers); the indices partly describe chance, not the parameters."
                     f"{inflated} Use more replications or larger runs.")
    full = frame[frame["sample_share"] == 1.0]
    settled = SETTLED_INDEX[method]
    scale = 1.0 if method == "sobol" else max(full.loc[full["index"] == settled, "value"].max(),
                                              1e-300)
    for index in INDICES[method][:2]:
        rows = full[full["index"] == index]
        wide = rows[(rows["ci_high"] - rows["ci_low"] > rows["value"].abs())
                    & (rows["ci_high"] > TOLERANCE * scale)]
        if len(wide):
            lines.append(f"{outcome}: the {confidence:.0%} interval of the "
                         f"{INDEX_NAMES[index]} is wider than the index itself for "
                         f"{', '.join(wide['label'])}; the sample cannot tell how much "
                         "they matter. Use more samples.")
    if method == "morris" and noise["replications"] > 1:
        # noise alone gives a step a mean absolute change of 2 sqrt(variance / pi)
        step = float(np.abs(plan.steps()).sum(axis=2).mean())
        floor = 2 * math.sqrt(noise["noise_variance"] / math.pi) / step
        rows = full[full["index"] == "mu_star"]
        drowned = rows[rows["ci_low"] <= floor]
        if len(drowned):
            lines.append(f"{outcome}: the mean absolute effect (mu*) of "
                         f"{', '.join(drowned['label'])} is not clearly above what replication "
                         f"noise alone would give (about {floor:.3g}); use more replications "
                         "before calling them influential.")
    half = frame[(frame["sample_share"] == 0.5) & (frame["index"] == settled)]
    whole = full[full["index"] == settled]
    moves = [f"{p} from {a:.3g} to {b:.3g}" for p, a, b in
             zip(whole["label"], half["value"], whole["value"])
             if abs(a - b) > TOLERANCE * scale]
    if moves:
        lines.append(f"{outcome}: the {INDEX_NAMES[settled]} has not converged: between half "
                     f"and all of the sample it moved for {'; '.join(moves)}. Use more "
                     "samples before relying on it.")
    return lines


def strongest(analysis: Analysis, n: int = 5) -> pd.DataFrame:
    """The `n` strongest parameters of each outcome (by ST or mu*) as text for a person:
    each index with its interval, the ranking index on 1/4 and 1/2 of the sample, and the
    outcome's noise share."""
    frame = analysis.indices
    if frame.empty:
        return pd.DataFrame(columns=["outcome", "parameter"])
    method = frame["method"].iloc[0]
    settled = SETTLED_INDEX[method]
    noise = analysis.noise.set_index("outcome")["noise_share"]
    rows = []
    for outcome, own in frame.groupby("outcome", sort=False):
        ranked = own[(own["index"] == settled) & (own["sample_share"] == 1.0)]
        for parameter in ranked.nlargest(n, "value")["parameter"]:
            mine = own[own["parameter"] == parameter].set_index(["index", "sample_share"])
            row = {"outcome": outcome, "parameter": mine["label"].iloc[0]}
            for index in INDICES[method][:2]:
                v = mine.loc[(index, 1.0)]
                row[index] = f"{v['value']:.3g} ({v['ci_low']:.3g} to {v['ci_high']:.3g})"
            row[f"{settled} on 1/4, 1/2"] = (f"{mine.loc[(settled, 0.25), 'value']:.3g}, "
                                             f"{mine.loc[(settled, 0.5), 'value']:.3g}")
            row["noise share"] = f"{noise[outcome]:.0%}" if noise[outcome] == noise[outcome] \
                else "-"
            rows.append(row)
    return pd.DataFrame(rows)


def analyse_function(f: Callable[[dict[str, float], np.random.Generator], Any],
                     ranges: dict[str, tuple[float, float] | Uncertain], settings: Settings,
                     replications: int = 1, seed: int = 0) -> Analysis:
    """Sensitivity of any Python function: `f(params, rng)` gets one point's parameters by
    name and a random generator for its replication (the same at every point: common
    random numbers; a deterministic f ignores it) and returns a number or a dict of
    numbers (one per outcome). `ranges`: name -> (low, high) for a uniform range, or an
    Uncertain for another distribution."""
    factors = {name: given if isinstance(given, Uncertain)
               else Uncertain(name, "uniform", float(given[0]), float(given[1]))
               for name, given in ranges.items()}
    plan = make_plan(settings, list(factors), seed)
    seeds = [replication_seed(seed, r) for r in range(replications)]
    results = [[f(point, np.random.default_rng(s)) for s in seeds]
               for point in points_at(factors, plan.unit)]
    names = list(results[0][0]) if isinstance(results[0][0], dict) else None
    if names is None:
        outputs = {"y": np.array(results, dtype=float)}
    else:
        outputs = {name: np.array([[r[name] for r in row] for row in results], dtype=float)
                   for name in names}
    return analyse(plan, outputs, settings, seed)
