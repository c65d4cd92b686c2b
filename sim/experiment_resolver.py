"""Turn a checked experiment file into an `Experiment`: every value checked against the
base scenario and the parameters' declarations, every default filled in, the sample points
drawn. Every mistake is one `ExperimentError` naming the file, the key and what is allowed."""

from __future__ import annotations

import copy
import itertools
import json
import re
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import ValidationError
from scipy.stats import qmc

from sim.assumptions import BY_NAME
from sim.designs import BUILTIN_DESIGNS
from sim.experiment_schema import (
    MAX_POINTS,
    Experiment,
    ExperimentError,
    ExperimentFile,
    Sampling,
    Uncertain,
    Uncertainty,
    UnitSampler,
    points_at,
)
from sim.input_errors import ScenarioError, describe_allowed, explain_error
from sim.paramdocs import parameter_rows
from sim.scenario import (
    allowed_bounds,
    deep_merge,
    load_scenario,
    nest,
    parameter_field,
    read_scenario_table,
    scenario_to_toml_dict,
)
from sim.suggest import did_you_mean
from sim.summary import MEASURES, unknown_outcome

RUN_SETTINGS = ("families", "years", "warmup_years")
"""Top-level keys of an experiment that set the scenario's [run] table for every run."""

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
DESIGN_NAME = re.compile(r"[A-Za-z0-9_-]+")  # a TOML bare key; it becomes part of file names


class Resolver:
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
        if raw.robustness is not None:
            raise self.fail("[robustness] makes this a robustness analysis; run it with "
                            "`opzet robustness`, not `opzet batch`", "robustness")
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
                raise as_experiment_error(
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
            self._keeps_neutral(path, low, high)
            return Uncertain(path, "normal", float(low), float(high), mean=mean,
                             sd=float(spec.sd), integer=integer)
        low, high = _first(spec.low, row["low"]), _first(spec.high, row["high"])
        if low is None or high is None:
            raise self.fail(f"{where}: {path} has no plausible range in sim.params; give low "
                            "and high", where)
        if not low < high:
            raise self.fail(f"{where}: low = {_show(low)} must be below high = {_show(high)}",
                            where)
        self._keeps_neutral(path, low, high)
        if spec.distribution == "uniform":
            return Uncertain(path, "uniform", float(low), float(high), integer=integer)
        mode = float(_first(spec.mode, default))
        if not low <= mode <= high:
            whose = "" if spec.mode is not None else " (the scenario's value; give mode)"
            raise self.fail(f"{where}: mode = {_show(mode)}{whose} must lie between low and "
                            f"high ({_show(low)} to {_show(high)})", f"{where}.mode")
        return Uncertain(path, "triangular", float(low), float(high), mode=mode,
                         integer=integer)

    def _keeps_neutral(self, path: str, low: float, high: float) -> None:
        """A design assumption is varied over a range that includes "no difference"."""
        group, _, name = path.partition(".")
        assumption = BY_NAME.get(name) if group == "assumptions" else None
        if assumption is not None and not low <= assumption.neutral <= high:
            raise self.fail(f"uncertainties.{path}: the range {_show(low)} to {_show(high)} "
                            f"leaves out the neutral value {_show(assumption.neutral)} (no "
                            "difference between designs); a design assumption's range must "
                            "include it (docs/assumptions.md)", f"uncertainties.{path}")

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
                load_scenario(scenario_path, nest(flat), source=self.source,
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
            if problem := unknown_outcome(name, _show(name)):
                raise self.fail(f"outcomes: {problem}", "outcomes")
        return list(dict.fromkeys(self.raw.outcomes))

    def _check_combinations(self, experiment: Experiment) -> None:
        """Every design at every sample point must be a valid scenario (the parts were
        checked one by one; this catches what only their combination breaks)."""
        for design, levers in experiment.designs.items():
            for i, values in enumerate(experiment.points):
                try:
                    load_scenario(None, experiment.scenario_table(levers, values))
                except ScenarioError as err:
                    raise self.fail(f"designs.{design} at sample point {i} "
                                    f"({_show(values)}): {err.problem}") from None


def builtin_designs(names: list[Any], source: str) -> dict[str, dict[str, Any]] | list[Any]:
    """`designs = ["relay", "team"]`: the built-in designs by name, as `opzet compare` runs
    them (sim.designs); a list of anything but names is left to the schema to refuse."""
    if not all(isinstance(name, str) for name in names):
        return names
    for i, name in enumerate(names):
        if name not in BUILTIN_DESIGNS:
            hint = did_you_mean(name, BUILTIN_DESIGNS, "choose from " + ", ".join(BUILTIN_DESIGNS))
            raise ExperimentError(source, f"designs[{i}] = {_show(name)} is not a built-in "
                                  f"design; {hint}", "designs")
        if names.index(name) < i:
            raise ExperimentError(source, f"designs names {_show(name)} twice", "designs")
    return {name: copy.deepcopy(BUILTIN_DESIGNS[name]) for name in names}


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


def _first(*values: Any) -> Any:
    return next((v for v in values if v is not None), None)


def _show(value: Any) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return json.dumps(value, default=str)


def as_experiment_error(err: ScenarioError) -> ExperimentError:
    """The same message as an ExperimentError, blamed on the same file and key."""
    return ExperimentError(err.source, err.problem, err.key)

