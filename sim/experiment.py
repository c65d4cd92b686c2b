"""Experiment files: which designs to compare, under which uncertainties, how often.

An experiment file (experiments/*.toml) names a base scenario, the designs to
compare (each a table of lever overrides), the uncertain parameters with a
range or a distribution, how to sample them (grid, Latin hypercube or a list),
replications, base seed, outcomes of interest and run settings (families,
years, warm-up years, which are excluded from every outcome). It is checked
like a scenario file: every mistake is one message naming the file, the key,
the value and what is allowed (`ExperimentError`, a `ScenarioError`, so the
command line ends with exit status 2 before anything is written).

`expand(experiment)` turns it into runs, design x sample point x replication,
with stable run ids (`team-s003-r01`) and replication k on the same seed for
every design and sample point (common random numbers).

    name = "team_vs_relay"          # results go to results/<name>/ (default: file name)
    scenario = "../scenarios/x.toml"  # base scenario (default: the built-in region)
    replications = 4
    seed = 20261128                 # default: the base scenario's run.seed
    families = 10000                # run settings (default: the base scenario's)
    years = 2
    warmup_years = 1
    outcomes = ["handoffs", "days_to_help"]   # default: all of sim.summary.MEASURES

    [designs.relay]
    design.model = "relay"
    [designs.team]
    design.model = "team"

    [uncertainties]
    "concern.growth_rate" = {}                          # uniform on its plausible range
    "help.child_effect" = {low = 0.02, high = 0.06}     # uniform
    "decisions.noise_sd" = {distribution = "triangular", low = 0.04, high = 0.15, mode = 0.08}
    "trust.loss_per_handoff" = {distribution = "normal", mean = 0.08, sd = 0.02}

    [sampling]
    method = "lhs"                  # "lhs" (samples), "grid" (levels) or "list" (points)
    samples = 8
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import Field, ValidationError
from scipy import stats
from scipy.stats import qmc

from sim.execution import RunSpec, replication_seed
from sim.input_errors import ScenarioError, describe_allowed, explain_error
from sim.paramdocs import parameter_rows
from sim.params import UserInput
from sim.scenario import (
    allowed_bounds,
    deep_merge,
    load_scenario,
    parameter_field,
    read_scenario_table,
    scenario_to_toml_dict,
)
from sim.suggest import did_you_mean
from sim.summary import MEASURES
from sim.toml_files import read_toml

RUN_SETTINGS = ("families", "years", "warmup_years")
"""Top-level keys of an experiment that set the scenario's [run] table for every run."""

MAX_POINTS = 100_000
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
DESIGN_NAME = re.compile(r"[A-Za-z0-9_-]+")  # a TOML bare key; it becomes part of file names

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
    """The keys an experiment file may have (values checked further in `_resolve`)."""

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


def load_experiment(path: str | Path) -> Experiment:
    """Read and check an experiment file; raises ExperimentError (or ScenarioError for a
    broken base scenario file, naming that file)."""
    return load_file(path, experiment_from_dict)


def load_file[T](path: str | Path, from_dict: Callable[..., T]) -> T:
    """Read a file laid out like an experiment file and build it with `from_dict(table,
    source=, folder=, default_name=)`: the file named in messages, a relative scenario
    read from the file's folder, the name defaulting to the file's."""
    shown = str(path)
    try:
        table = read_toml(path, shown)
    except ScenarioError as err:
        raise ExperimentError(err.source, err.problem) from None
    return from_dict(table, source=shown, folder=Path(path).parent,
                     default_name=Path(path).stem)


def experiment_from_dict(table: dict[str, Any], *, source: str = "experiment",
                         folder: str | Path = ".", default_name: str = "experiment",
                         sampler: UnitSampler | None = None) -> Experiment:
    """An experiment from a table laid out like an experiment file (for use from Python).

    `source` names it in messages; a relative `scenario` is read from `folder`.
    `sampler` draws the sample points instead of the file's [sampling] (which must then
    be absent); its points are kept as a list, every one checked like any other.
    """
    try:
        raw = ExperimentFile.model_validate(table)
        return _Resolver(raw, source, Path(folder), default_name, sampler).experiment()
    except ValidationError as err:
        raise _as_experiment_error(explain_error(err, source, ExperimentFile)) from None
    except ExperimentError:
        raise
    except ScenarioError as err:  # a design or point checked as a scenario; or the base file
        raise _as_experiment_error(err) from None


def expand(experiment: Experiment) -> list[RunSpec]:
    """Every run of the experiment, design by design, point by point, replication by
    replication. Replication k has seed replication_seed(seed, k) whatever the design
    and point; each spec carries its whole base scenario, so it runs anywhere."""
    seeds = experiment.replication_seeds()
    sample_width = max(3, len(str(len(experiment.points) - 1)))
    rep_width = max(2, len(str(experiment.replications - 1)))
    specs = []
    for design, levers in experiment.designs.items():
        for sample, values in enumerate(experiment.points):
            overrides = _overrides(experiment, levers, values)
            for k, seed in enumerate(seeds):
                run_id = f"{design}-s{sample:0{sample_width}d}-r{k:0{rep_width}d}"
                specs.append(RunSpec(run_id=run_id, design=design, replication=k, seed=seed,
                                     overrides=overrides, base=None, sample=sample,
                                     values=dict(values)))
    return specs


def specs_digest(specs: list[RunSpec]) -> str:
    """A fingerprint of what the runs are (ids, seeds, every parameter), to tell whether
    results on disk belong to these runs."""
    text = json.dumps([(s.run_id, s.seed, s.overrides) for s in specs], sort_keys=True,
                      default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _overrides(experiment: Experiment, levers: dict[str, Any],
               values: dict[str, Any]) -> dict[str, Any]:
    """The whole scenario table of one design at one sample point (seed added per run)."""
    table = deep_merge(experiment.base_table, levers)
    table = deep_merge(table, _nest(values))
    return deep_merge(table, {"run": dict(experiment.run)})


class _Resolver:
    """Checks an experiment file's values against the scenario and fills in defaults."""

    def __init__(self, raw: ExperimentFile, source: str, folder: Path, default_name: str,
                 sampler: UnitSampler | None = None):
        self.raw, self.source, self.folder, self.default_name = raw, source, folder, default_name
        self.sampler = sampler

    def fail(self, problem: str, key: str | None = None) -> ExperimentError:
        return ExperimentError(self.source, problem, key)

    def experiment(self) -> Experiment:
        raw = self.raw
        if raw.sensitivity is not None:
            raise self.fail("[sensitivity] makes this a sensitivity analysis; run it with "
                            "`opzet sensitivity`, not `opzet batch`", "sensitivity")
        name = raw.name if raw.name is not None else self.default_name
        if not NAME.fullmatch(name):
            raise self.fail(f"name = {_show(name)} cannot be a folder name; use letters, "
                            "digits, '-', '_' and '.'", "name")
        scenario_path, base_table = self._base()
        base = load_scenario(scenario_path)  # a broken scenario file names itself
        run = self._run_settings(base_table)
        designs = self._designs(scenario_path)
        leaves = {row["path"]: row for row in parameter_rows(base)}
        uncertainties = self._uncertainties(leaves)
        seed = raw.seed if raw.seed is not None else base.run.seed
        points = self._points(uncertainties, leaves, scenario_path, seed)
        self._no_overlap(designs, uncertainties, points)
        outcomes = self._outcomes()
        sampling = raw.sampling if self.sampler is None else Sampling(method="list")
        experiment = Experiment(
            name=name, description=raw.description, source=self.source,
            scenario=scenario_path, base_table=base_table, designs=designs,
            uncertainties=uncertainties, sampling=sampling, points=points,
            replications=raw.replications, seed=seed, outcomes=outcomes, run=run,
            base_scenario=scenario_to_toml_dict(base))
        self._check_combinations(experiment)
        return experiment

    def _base(self) -> tuple[str | None, dict[str, Any]]:
        given = self.raw.scenario
        if given is None:
            return None, {}
        path = self.folder / given
        if not path.exists():  # anything else but a file read_toml explains
            raise self.fail(f"scenario = {_show(given)}, but {path} does not exist", "scenario")
        return str(path), read_scenario_table(path)

    def _run_settings(self, base_table: dict[str, Any]) -> dict[str, int]:
        given = {k: getattr(self.raw, k) for k in RUN_SETTINGS if getattr(self.raw, k) is not None}
        try:
            scenario = load_scenario(None, deep_merge(base_table, {"run": given}))
        except ScenarioError as err:
            key = err.key.removeprefix("run.") if err.key else None
            if key in given:
                raise self.fail(err.problem.replace(f"run.{key}", key, 1), key) from None
            raise
        return {k: getattr(scenario.run, k) for k in RUN_SETTINGS}

    def _designs(self, scenario_path: str | None) -> dict[str, dict[str, Any]]:
        designs = self.raw.designs or {"base": {}}
        for name, levers in designs.items():
            if not DESIGN_NAME.fullmatch(name):
                raise self.fail(f"designs.{name}: a design name may only have letters, "
                                "digits, '-' and '_' (it becomes part of file names)",
                                f"designs.{name}")
            if "run" in levers:
                raise self.fail(f"designs.{name}.run: run settings are the experiment's own "
                                "(families, years, warmup_years at the top of the file; seeds "
                                "from seed and replications)", f"designs.{name}.run")
            load_scenario(scenario_path, levers, source=self.source,
                          prefix=f"designs.{name}.")
        return designs

    def _uncertainties(self, leaves: dict[str, dict[str, Any]]) -> dict[str, Uncertain]:
        flat = _flatten(self.raw.uncertainties, leaves, "uncertainties", self.fail)
        resolved = {}
        for path, given in flat.items():
            where = f"uncertainties.{path}"
            if given is None or not isinstance(given, dict):
                raise self.fail(f"{where} = {_show(given)} must be a table: {{}} for its "
                                "plausible range, {low = ..., high = ...}, or a distribution",
                                where)
            try:
                spec = Uncertainty.model_validate(given)
            except ValidationError as err:
                raise _as_experiment_error(
                    explain_error(err, self.source, Uncertainty, prefix=f"{where}.")) from None
            resolved[path] = self._uncertain(path, spec, leaves[path])
        return resolved

    def _uncertain(self, path: str, spec: Uncertainty, row: dict[str, Any]) -> Uncertain:
        where = f"uncertainties.{path}"
        declared = parameter_field(path)
        default = row["default"]
        if isinstance(default, bool) or not isinstance(default, (int, float)) or declared is None:
            raise self.fail(f"{where}: {path} is a choice, not a number; compare its values "
                            "as [designs] instead", where)
        integer = declared.annotation is int
        allowed_low, allowed_high = allowed_bounds(declared)
        foreign = {"uniform": ("mode", "mean", "sd"), "triangular": ("mean", "sd"),
                   "normal": ("mode",)}[spec.distribution]
        for key in foreign:
            if getattr(spec, key) is not None:
                raise self.fail(f"{where}: {key} does not belong to a {spec.distribution} "
                                "distribution", f"{where}.{key}")
        for key in ("low", "high"):
            value = getattr(spec, key)
            if value is None:
                continue
            if ((allowed_low is not None and value < allowed_low)
                    or (allowed_high is not None and value > allowed_high)):
                raise self.fail(f"{where}: {key} = {_show(value)} is out of range; {path} "
                                f"allows {describe_allowed(declared)}", f"{where}.{key}")
        if spec.distribution == "normal":
            if spec.sd is None:
                raise self.fail(f"{where}: a normal distribution needs sd (its standard "
                                "deviation)", f"{where}.sd")
            low = _first(spec.low, allowed_low, -np.inf)
            high = _first(spec.high, allowed_high, np.inf)
            mean = float(_first(spec.mean, default))
            whose = "" if spec.mean is not None else " (the scenario's value; give mean)"
            if not low < high:
                raise self.fail(f"{where}: low = {_show(low)} must be below high = "
                                f"{_show(high)}", where)
            if not low <= mean <= high:
                raise self.fail(f"{where}: mean = {_show(mean)}{whose} must lie between low "
                                f"and high ({_show(low)} to {_show(high)})", f"{where}.mean")
            return Uncertain(path, "normal", float(low), float(high), mean=mean,
                             sd=float(spec.sd), integer=integer)
        low, high = _first(spec.low, row["low"]), _first(spec.high, row["high"])
        if low is None or high is None:
            raise self.fail(f"{where}: {path} has no plausible range in sim.params; give low "
                            "and high", where)
        if not low < high:
            raise self.fail(f"{where}: low = {_show(low)} must be below high = {_show(high)}",
                            where)
        if spec.distribution == "uniform":
            return Uncertain(path, "uniform", float(low), float(high), integer=integer)
        mode = float(_first(spec.mode, default))
        if not low <= mode <= high:
            whose = "" if spec.mode is not None else " (the scenario's value; give mode)"
            raise self.fail(f"{where}: mode = {_show(mode)}{whose} must lie between low and "
                            f"high ({_show(low)} to {_show(high)})", f"{where}.mode")
        return Uncertain(path, "triangular", float(low), float(high), mode=mode,
                         integer=integer)

    def _no_overlap(self, designs: dict[str, dict[str, Any]],
                    uncertainties: dict[str, Uncertain], points: list[dict[str, Any]]) -> None:
        varied = {path: f"uncertainties.{path}" for path in uncertainties}
        for i, point in enumerate(points if self.raw.sampling.method == "list" else []):
            for path in point:
                varied.setdefault(path, f"sampling.points[{i}].{path}")
        for name, levers in designs.items():
            for path in _leaf_paths(levers):
                if path in varied:
                    raise self.fail(f"{varied[path]} is also set by designs.{name}; a "
                                    "parameter is either a lever of the designs or varied "
                                    "between sample points", varied[path])

    def _points(self, uncertainties: dict[str, Uncertain], leaves: dict[str, dict[str, Any]],
                scenario_path: str | None, seed: int) -> list[dict[str, Any]]:
        sampling = self.raw.sampling
        if self.sampler is not None:
            if not uncertainties:
                raise self.fail("[uncertainties] names no parameter; give the parameters to "
                                "vary, e.g. \"help.child_effect\" = {}", "uncertainties")
            return points_at(uncertainties, self.sampler(len(uncertainties), seed))
        if sampling.method == "list":
            if uncertainties:
                raise self.fail('sampling.method = "list" takes every value from '
                                "sampling.points; remove [uncertainties] or use "
                                '"lhs" or "grid"', "sampling.method")
            if not sampling.points:
                raise self.fail('sampling.method = "list" needs [[sampling.points]] tables of '
                                "parameter = value", "sampling.points")
            points = []
            for i, point in enumerate(sampling.points):
                where = f"sampling.points[{i}]"
                flat = _flatten(point, leaves, where, self.fail)
                if not flat:
                    raise self.fail(f"{where} is empty; give parameter = value pairs", where)
                load_scenario(scenario_path, _nest(flat), source=self.source,
                              prefix=f"{where}.")
                points.append(flat)
            return points
        if sampling.points:
            raise self.fail(f"sampling.points is only read with method = \"list\", not "
                            f"{_show(sampling.method)}", "sampling.points")
        if not uncertainties:
            return [{}]
        dims = list(uncertainties.values())
        if sampling.method == "grid":
            size = sampling.levels ** len(dims)
            if size > MAX_POINTS:
                raise self.fail(f"sampling: a grid of {sampling.levels} levels over "
                                f"{len(dims)} parameters has {size:,} points (at most "
                                f"{MAX_POINTS:,}); use fewer levels or method = \"lhs\"",
                                "sampling.levels")
            axes = [u.values(u.grid_quantiles(sampling.levels)) for u in dims]
            return [dict(zip(uncertainties, combo)) for combo in itertools.product(*axes)]
        return points_at(uncertainties,
                          qmc.LatinHypercube(d=len(dims), rng=seed).random(sampling.samples))

    def _outcomes(self) -> list[str]:
        if self.raw.outcomes is None:
            return list(MEASURES)
        if not self.raw.outcomes:
            raise self.fail("outcomes = [] names no outcome; leave it out for all of them",
                            "outcomes")
        for name in self.raw.outcomes:
            if name not in MEASURES:
                hint = did_you_mean(name, MEASURES, "choose from " + ", ".join(MEASURES))
                raise self.fail(f"outcomes: unknown outcome {_show(name)}; {hint}", "outcomes")
        return list(dict.fromkeys(self.raw.outcomes))

    def _check_combinations(self, experiment: Experiment) -> None:
        """Every design at every sample point must be a valid scenario (the parts were
        checked one by one; this catches what only their combination breaks)."""
        for design, levers in experiment.designs.items():
            for i, values in enumerate(experiment.points):
                try:
                    load_scenario(None, _overrides(experiment, levers, values))
                except ScenarioError as err:
                    raise self.fail(f"designs.{design} at sample point {i} "
                                    f"({_show(values)}): {err.problem}") from None


def points_at(uncertainties: dict[str, Uncertain], unit: np.ndarray) -> list[dict[str, Any]]:
    """Sample points from quantiles: row i, column j is parameter j's quantile at point i."""
    columns = [u.values(unit[:, j]) for j, u in enumerate(uncertainties.values())]
    return [dict(zip(uncertainties, row)) for row in zip(*columns)]


def _flatten(table: dict[str, Any], leaves: dict[str, Any], where: str, fail,
             prefix: str = "") -> dict[str, Any]:
    """{dotted parameter path: value} from a table whose keys may be dotted paths, nested
    tables or both ({"concern.growth_rate": v} or {"concern": {"growth_rate": v}})."""
    out: dict[str, Any] = {}
    for key, value in table.items():
        path = f"{prefix}{key}"
        if path.split(".")[0] == "run":
            raise fail(f"{where}.{path}: run settings are the experiment's own (families, "
                       "years, warmup_years at the top of the file; seeds from seed and "
                       "replications)", f"{where}.{path}")
        if path in leaves:
            out[path] = value
        elif any(leaf.startswith(path + ".") for leaf in leaves):
            if not isinstance(value, dict):
                example = next(leaf for leaf in leaves if leaf.startswith(path + "."))
                raise fail(f"{where}.{path} is a group of parameters; name one of them, "
                           f"e.g. {example}", f"{where}.{path}")
            out.update(_flatten(value, leaves, where, fail, path + "."))
        else:
            hint = did_you_mean(path, leaves, "`opzet params` lists every parameter")
            raise fail(f"{where}: unknown parameter '{path}'; {hint}", f"{where}.{path}")
    return out


def _leaf_paths(table: dict[str, Any], prefix: str = "") -> list[str]:
    paths = []
    for key, value in table.items():
        if isinstance(value, dict):
            paths.extend(_leaf_paths(value, f"{prefix}{key}."))
        else:
            paths.append(f"{prefix}{key}")
    return paths


def _nest(flat: dict[str, Any]) -> dict[str, Any]:
    """{"a.b": 1} -> {"a": {"b": 1}}."""
    out: dict[str, Any] = {}
    for path, value in flat.items():
        node = out
        *groups, last = path.split(".")
        for group in groups:
            node = node.setdefault(group, {})
        node[last] = value
    return out


def _first(*values: Any) -> Any:
    return next((v for v in values if v is not None), None)


def _show(value: Any) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return json.dumps(value, default=str)


def _as_experiment_error(err: ScenarioError) -> ExperimentError:
    return ExperimentError(err.source, err.problem, err.key)


__all__ = ["Experiment", "ExperimentError", "Uncertain", "UnitSampler", "expand",
           "experiment_from_dict", "load_experiment", "load_file", "points_at",
           "specs_digest"]
