"""What an experiment file may say (`ExperimentFile` and its tables) and what it resolves
to (`Experiment`, each uncertain parameter an `Uncertain`), with the sample points'
shape: {dotted parameter path: value}. `sim.experiment` documents every key."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from pydantic import Field
from scipy import stats

from sim.execution import replication_seed
from sim.input_errors import ScenarioError
from sim.params.base import UserInput
from sim.scenario import deep_merge, nest

MAX_POINTS = 100_000

UnitSampler = Callable[[int, int], np.ndarray]
"""(number of uncertain parameters, seed) -> points x parameters of quantiles in [0, 1]: a
sample design of its own (e.g. a sensitivity analysis's) in place of [sampling]."""


class ExperimentError(ScenarioError):
    """An experiment that cannot be used; `str(err)` is one message for a person."""


class Uncertainty(UserInput):
    """How one uncertain parameter varies between sample points."""

    distribution: Literal["uniform", "normal", "triangular"] = Field(
        "uniform", description="uniform on low-high, triangular on low-high with its peak at "
                               "mode, or normal with mean and sd (cut at low and high)")
    low: float | None = Field(None, description="lowest value (default: plausible range)")
    high: float | None = Field(None, description="highest value (default: plausible range)")
    mode: float | None = Field(None, description="peak of a triangular distribution "
                                                 "(default: the scenario's value)")
    mean: float | None = Field(None, description="mean of a normal distribution "
                                                 "(default: the scenario's value)")
    sd: float | None = Field(None, gt=0, description="standard deviation of a normal "
                                                     "distribution")


class Sampling(UserInput):
    """How sample points of the uncertain parameters are chosen."""

    method: Literal["lhs", "grid", "list"] = "lhs"
    samples: int = Field(10, ge=1, le=MAX_POINTS, description="points of a Latin hypercube")
    levels: int = Field(3, ge=1, le=1000, description="values per parameter of a grid")
    points: list[dict[str, Any]] = Field(
        default_factory=list, description="the points of method \"list\": tables of "
                                          "parameter = value")


class ExperimentFile(UserInput):
    """The keys an experiment file may have (values checked further in
    `sim.experiment_resolver`)."""

    name: str | None = None
    description: str = ""
    scenario: str | None = None
    designs: dict[str, dict[str, Any]] = Field(default_factory=dict)
    uncertainties: dict[str, Any] = Field(default_factory=dict)
    sampling: Sampling = Field(default_factory=Sampling)
    replications: int = Field(1, ge=1, le=100_000)
    seed: int | None = Field(None, ge=0)
    outcomes: list[str] | None = None
    families: int | None = None
    years: int | None = None
    warmup_years: int | None = None
    sensitivity: dict[str, Any] | None = Field(None, description="read by sim.sensitivity "
                                               "(opzet sensitivity), refused by a batch")
    robustness: dict[str, Any] | None = Field(None, description="read by sim.robustness "
                                              "(opzet robustness), refused by a batch")


@dataclass(frozen=True)
class Uncertain:
    """One uncertain parameter as resolved: its distribution with every number filled in."""

    path: str
    distribution: str
    low: float  # -inf / inf: open (normal only)
    high: float
    mode: float | None = None
    mean: float | None = None
    sd: float | None = None
    integer: bool = False

    def values(self, unit: np.ndarray) -> list[float | int]:
        """The parameter's values at quantiles `unit` (numbers in [0, 1])."""
        if self.distribution == "uniform":
            x = self.low + unit * (self.high - self.low)
        elif self.distribution == "triangular":
            width = self.high - self.low
            x = stats.triang.ppf(unit, (self.mode - self.low) / width, loc=self.low,
                                 scale=width)
        else:
            a, b = (self.low - self.mean) / self.sd, (self.high - self.mean) / self.sd
            x = stats.truncnorm.ppf(unit, a, b, loc=self.mean, scale=self.sd)
        if self.integer:
            return [int(v) for v in np.rint(x)]
        return [float(v) for v in x]

    def grid_quantiles(self, levels: int) -> np.ndarray:
        """Quantiles of a grid: low to high evenly; for a normal its middle quantiles."""
        if levels == 1:
            return np.array([0.5])
        if self.distribution == "normal":
            return (np.arange(levels) + 0.5) / levels
        return np.linspace(0.0, 1.0, levels)

    def as_dict(self) -> dict[str, Any]:
        keep = {"distribution": self.distribution, "low": self.low, "high": self.high}
        if self.distribution == "triangular":
            keep["mode"] = self.mode
        if self.distribution == "normal":
            keep.update(mean=self.mean, sd=self.sd)
            keep = {k: (None if isinstance(v, float) and np.isinf(v) else v)
                    for k, v in keep.items()}
        return keep | {"integer": self.integer}


@dataclass
class Experiment:
    """An experiment as resolved: every default filled in, every value checked."""

    name: str
    description: str
    source: str  # the file as named in messages (or what stands in for it)
    scenario: str | None  # base scenario file, as the experiment's folder resolves it
    base_table: dict[str, Any]  # that file's raw table (extends merged), {} for the default
    designs: dict[str, dict[str, Any]]  # name -> nested overrides
    uncertainties: dict[str, Uncertain]
    sampling: Sampling
    points: list[dict[str, Any]]  # sample point -> {dotted path: value}
    replications: int
    seed: int
    outcomes: list[str]
    run: dict[str, int]  # families, years, warmup_years as every run uses them
    base_scenario: dict[str, Any] = field(repr=False, default_factory=dict)

    @property
    def runs(self) -> int:
        return len(self.designs) * len(self.points) * self.replications

    def replication_seeds(self) -> list[int]:
        return [replication_seed(self.seed, k) for k in range(self.replications)]

    def resolved(self) -> dict[str, Any]:
        """The experiment with every default filled in, as JSON-ready values (manifest)."""
        sampling: dict[str, Any] = {"method": self.sampling.method}
        if self.uncertainties:
            key = {"lhs": "samples", "grid": "levels"}.get(self.sampling.method)
            if key:
                sampling[key] = getattr(self.sampling, key)
        return {
            "name": self.name,
            "description": self.description,
            "file": self.source,
            "scenario": self.scenario,
            "designs": self.designs,
            "uncertainties": {p: u.as_dict() for p, u in self.uncertainties.items()},
            "sampling": sampling,
            "points": self.points,
            "replications": self.replications,
            "seed": self.seed,
            "replication_seeds": self.replication_seeds(),
            "outcomes": self.outcomes,
            "run": self.run,
            "runs": self.runs,
            "base_scenario": self.base_scenario,
        }

    def scenario_table(self, levers: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
        """The whole scenario table of one design (`levers`) at one sample point (`values`);
        the seed is added per run."""
        table = deep_merge(self.base_table, levers)
        table = deep_merge(table, nest(values))
        return deep_merge(table, {"run": dict(self.run)})


def points_at(uncertainties: dict[str, Uncertain], unit: np.ndarray) -> list[dict[str, Any]]:
    """Sample points from quantiles: row i, column j is parameter j's quantile at point i."""
    columns = [u.values(unit[:, j]) for j, u in enumerate(uncertainties.values())]
    return [dict(zip(uncertainties, row)) for row in zip(*columns)]
