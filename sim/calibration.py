"""Fit a scenario's free parameters to public figures: simulated method of moments.

The scenario marks what is free (`[calibration.free]`); a targets file
(sim.targets) gives the figures. The method (docs/calibration.md):

1. Each free parameter is mapped onto [0, 1] over its range: its plausible
   range, or a narrower one the scenario gives.
2. A point is evaluated by running the scenario `replications` times on the
   same seeds at every point (common random numbers, so two points differ by
   their parameters, not by luck) and averaging each target's simulated
   value, scaled to the target's scale (a region's count times 1.9 million /
   families for a national figure).
3. A fitted target's residual is its relative error in units of its tolerance,
   (simulated - target) / (tolerance x target), so 1 is the edge of "met".
   scipy's bounded trust-region least squares minimises the sum of squares,
   with a forward-difference Jacobian whose step (`step`, a share of each
   range) is wide enough to see through the jumps of simulated counts; the
   points of one Jacobian run in parallel.
4. The best point tried is rounded and checked on `check_replications`
   fresh seeds that played no part in fitting: mean, 95% t interval, relative
   error, and whether it is within tolerance; for a target that is not, the
   Jacobian says why (no free parameter moves it, or the ones that would are
   at the edge of their range, or other targets pull the other way).
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import reduce
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import tomlkit
from scipy import optimize
from scipy.stats import qmc

from sim.atomic import replace_file
from sim.execution import RunSpec, map_specs, replication_seed
from sim.limits import check_runs
from sim.outputs import OutputError, check_file, claim, locked
from sim.paramdocs import parameter_rows
from sim.params import NATIONAL_FAMILIES, Scenario
from sim.runner import RunResult, git_commit, package_versions, simulate
from sim.scenario import ScenarioError, deep_merge, load_scenario, parameter_field
from sim.statistics import paired_ci as t_interval
from sim.targets import Target, load_targets

FITTED_SIGNATURE = ('opzet calibrate fitted the values marked "fitted"; --fitted may '
                    "replace this file")
"""Comment on the first line of every fitted scenario: what lets `--fitted` write over
that file again (sim.outputs.check_file)."""
CHECK_SEED_OFFSET = 1_000
"""Check replications use replication numbers from here on, so they never share a seed
with the fitting runs."""


@dataclass(frozen=True)
class Free:
    """One free parameter as resolved: its range and its value in the scenario."""

    path: str
    low: float
    high: float
    start: float
    integer: bool

    def value(self, unit: float) -> float | int:
        """The parameter's value at `unit` in [0, 1], rounded to 4 significant digits
        (or a whole number) so the fitted file reads well and is what was checked."""
        x = self.low + float(np.clip(unit, 0.0, 1.0)) * (self.high - self.low)
        return int(round(x)) if self.integer else float(f"{x:.4g}")

    def unit(self, value: float) -> float:
        return (value - self.low) / (self.high - self.low)


def free_parameters(scenario: Scenario, source: str) -> list[Free]:
    """The scenario's free parameters with their ranges; a path that is not a numeric
    parameter with a plausible range, or a range outside it, is a ScenarioError."""
    rows = {row["path"]: row for row in parameter_rows(scenario)}
    # A relative range (organisations, access points) is a multiple of the built-in
    # default, not of the scenario's value: a fit must not move its own range.
    registry = {row["path"]: row for row in parameter_rows(Scenario())}
    for path, row in rows.items():
        if path in registry:
            row["low"], row["high"] = registry[path]["low"], registry[path]["high"]
    free = []
    for path, given in scenario.calibration.free.items():
        key = f"calibration.free.{path}"
        row = rows.get(path)
        if row is None:
            raise ScenarioError(source, f"{key}: {path} is not a parameter (`opzet params` "
                                "lists them)", key)
        if isinstance(row["default"], bool) or not isinstance(row["default"], (int, float)):
            raise ScenarioError(source, f"{key}: {path} is a choice, not a number; only "
                                "numbers can be fitted", key)
        if row["low"] is None or row["low"] == row["high"]:
            raise ScenarioError(source, f"{key}: {path} has no plausible range to fit within",
                                key)
        low = row["low"] if given.low is None else given.low
        high = row["high"] if given.high is None else given.high
        for side, value in (("low", low), ("high", high)):
            if not row["low"] <= value <= row["high"]:
                raise ScenarioError(source, f"{key}.{side} = {value} is outside the plausible "
                                    f"range of {path}, {row['low']} to {row['high']} "
                                    f"{row['unit']}", f"{key}.{side}")
        if not low < high:
            raise ScenarioError(source, f"{key}: low = {low} must be below high = {high}", key)
        integer = parameter_field(path).annotation is int
        free.append(Free(path, float(low), float(high), float(row["default"]), integer))
    if not free:
        raise ScenarioError(source, "calibration.free is empty: name the parameters to fit, "
                            "e.g. [calibration.free] \"decisions.court_threshold\" = {}",
                            "calibration.free")
    return free


def simulated_value(target: Target, result: RunResult, families: int) -> float:
    """A target's simulated counterpart in one run: the mean over the reported years of a
    yearly.csv or organisations.csv column, in children where the figure counts children,
    scaled to the country for a national figure."""
    kind, _, rest = target.simulated.partition(":")
    if kind == "yearly":
        value = float(result.yearly[rest].mean())
    else:
        name, _, column = rest.partition(":")
        table = result.organisations
        value = float(table.loc[table["organisation"] == name, column].mean())
    if target.children_of is not None:
        concerned = result.families[target.children_of] > 0
        value *= float(result.families.loc[concerned, "children"].mean()) if concerned.any() \
            else 0.0
    return value * NATIONAL_FAMILIES / families if target.scale.startswith("national") \
        else value


def measure(spec: RunSpec, targets: Mapping[str, Target]) -> dict[str, float]:
    """Run one spec and give every target's simulated value (a worker's whole job)."""
    scenario = spec.scenario()
    result = simulate(scenario)
    return {name: simulated_value(t, result, scenario.run.families)
            for name, t in targets.items()}


@dataclass
class Evaluation:
    """One point tried: parameter values and each target's mean over the fitting seeds."""

    values: dict[str, float | int]
    means: dict[str, float]
    objective: float


@dataclass
class CalibrationResult:
    """The fit: best values, every point tried, and the check on fresh seeds."""

    scenario_path: str
    targets_path: str
    free: list[Free]
    best: dict[str, float | int]
    trace: pd.DataFrame  # one row per point tried
    table: pd.DataFrame  # one row per target: value, simulated mean and interval, error, met
    settings: dict[str, Any]
    started: str
    finished: str = ""

    @property
    def met(self) -> int:
        return int(self.table.loc[self.table["fit"], "met"].sum())

    @property
    def fitted_targets(self) -> int:
        return int(self.table["fit"].sum())

    def write(self, out_dir: Path, fitted: Path | None = None) -> Path:
        """Write fitted.toml, targets.csv, trace.csv and manifest.json to `out_dir` (whole
        or not at all), and the fitted scenario also to `fitted` when given."""
        document = self.fitted_document(out_dir)
        manifest = {
            "kind": "calibrate", "scenario": self.scenario_path,
            "targets": self.targets_path, "settings": self.settings,
            "free": [f.__dict__ for f in self.free], "best": self.best,
            "met": self.met, "fitted_targets": self.fitted_targets,
            "started": self.started, "finished": self.finished,
            "git_commit": git_commit(), "packages": package_versions(),
        }

        def write(folder: Path) -> None:
            (folder / "fitted.toml").write_text(tomlkit.dumps(document))
            self.table.to_csv(folder / "targets.csv", index=False)
            self.trace.to_csv(folder / "trace.csv", index=False)
            (folder / "manifest.json").write_text(json.dumps(manifest, indent=2))

        with claim(out_dir, "calibrate", [self.scenario_path, self.targets_path]) as out:
            if fitted is not None:
                check_file(fitted, FITTED_SIGNATURE.encode(), "a scenario opzet calibrate "
                           "fitted", [self.targets_path], "--fitted")
            out.build(write)
            if fitted is not None:
                text = tomlkit.dumps(self.fitted_document(fitted.parent))
                with locked(fitted, "--fitted"):
                    replace_file(fitted, lambda tmp: tmp.write_text(text))
        return out_dir

    def fitted_document(self, folder: Path) -> tomlkit.TOMLDocument:
        """The scenario file as written, its comments kept, with the fitted values set
        (each with a comment saying so) and `extends` pointing to the same file from
        `folder`."""
        source = Path(self.scenario_path)
        document = tomlkit.parse(source.read_text())
        if "extends" in document:
            parent = (source.parent / str(document["extends"])).resolve()
            document["extends"] = os.path.relpath(parent, folder.resolve())
        day = self.finished[:10]
        for free in self.free:
            *groups, key = free.path.split(".")
            table = document
            for group in groups:
                if group not in table:
                    table[group] = tomlkit.table()
                table = table[group]
            item = tomlkit.item(self.best[free.path])
            item.comment(f"fitted {day}, range {free.low:g}-{free.high:g}")
            table[key] = item
        if FITTED_SIGNATURE not in tomlkit.dumps(document):
            # last: inserting shifts the positions tomlkit looks keys up by
            document.body.insert(0, (None, tomlkit.comment(FITTED_SIGNATURE)))
        return document


def calibrate(scenario_path: str | Path, targets_path: str | Path, *, workers: int = 1,
              report: Callable[[str], None] = lambda line: None) -> CalibrationResult:
    """Fit the free parameters of a scenario file to a targets file (module docstring)."""
    started = _now()
    shown = str(scenario_path)
    scenario = load_scenario(scenario_path)
    free = free_parameters(scenario, shown)
    targets = load_targets(targets_path).targets
    fitted = {name: t for name, t in targets.items() if t.fit}
    settings = scenario.calibration.model_dump(exclude={"free"}) | {
        "seed": scenario.run.seed, "families": scenario.run.families,
        "years": scenario.run.years, "warmup_years": scenario.run.warmup_years}
    evaluator = _Evaluator(str(scenario_path), free, targets, fitted, scenario, workers,
                           report)
    report(f"fitting {len(free)} parameters to {len(fitted)} targets, "
           f"{scenario.calibration.replications} runs per point on common seeds")
    start = evaluator.screen()
    report(f"screened {len(evaluator.tried)} points; best sum of squared residuals "
           f"{min(e.objective for e in evaluator.tried):.3g}")
    try:
        optimize.least_squares(
            evaluator.residuals, start, jac=evaluator.jacobian, bounds=(0.0, 1.0),
            method="trf", max_nfev=scenario.calibration.iterations, x_scale=1.0)
    except _Converged:
        pass
    best = min(evaluator.tried, key=lambda e: e.objective)
    report(f"best of {len(evaluator.tried)} points: sum of squared residuals "
           f"{best.objective:.3g}; checking on {scenario.calibration.check_replications} "
           "fresh seeds")
    checks = evaluator.check(best.values)
    table = _table(targets, checks, evaluator, best)
    return CalibrationResult(str(scenario_path), str(targets_path), free, best.values,
                             evaluator.trace(), table, settings, started, _now())


class _Converged(Exception):
    """Raised to stop the optimiser once every fitted target is within half its tolerance."""


@dataclass
class _Evaluator:
    """Runs points for the optimiser on common seeds and remembers every point tried."""

    scenario_path: str
    free: list[Free]
    targets: Mapping[str, Target]
    fitted: Mapping[str, Target]
    scenario: Scenario
    workers: int
    report: Callable[[str], None]
    known: dict[tuple, Evaluation] = field(default_factory=dict)  # values -> evaluation
    steps: int = 0  # points the optimiser itself asked for
    last_jacobian: np.ndarray | None = None

    @property
    def tried(self) -> list[Evaluation]:
        """Every point tried, in the order tried."""
        return list(self.known.values())

    def screen(self) -> np.ndarray:
        """The scenario's own values and a seeded Latin hypercube; the best is the start."""
        settings = self.scenario.calibration
        points = [np.array([f.unit(f.start) for f in self.free])]
        if settings.screening:
            sampler = qmc.LatinHypercube(d=len(self.free), seed=self.scenario.run.seed)
            points += list(sampler.random(settings.screening))
        evaluations = self._evaluate(points)
        best = min(range(len(points)), key=lambda k: evaluations[k].objective)
        return np.array([f.unit(evaluations[best].values[f.path]) for f in self.free])

    def residuals(self, x: np.ndarray) -> np.ndarray:
        (evaluation,) = self._evaluate([x])
        residual = self._residual(evaluation.means)
        self.steps += 1
        self.report(f"step {self.steps}: sum of squared residuals "
                    f"{evaluation.objective:.3g}, {int(np.sum(np.abs(residual) <= 1))} of "
                    f"{len(residual)} targets within tolerance")
        if np.all(np.abs(residual) <= 0.5):
            raise _Converged
        return residual

    def jacobian(self, x: np.ndarray) -> np.ndarray:
        """Forward differences (backward at the upper edge), all points in one parallel
        batch; the centre is the point just evaluated."""
        step = self.scenario.calibration.step
        points = [x]
        for j in range(len(x)):
            moved = x.copy()
            moved[j] += step if x[j] + step <= 1.0 else -step
            points.append(moved)
        evaluations = self._evaluate(points)
        centre = self._residual(evaluations[0].means)
        columns = [(self._residual(e.means) - centre) / (p[j] - x[j])
                   for j, (e, p) in enumerate(zip(evaluations[1:], points[1:]))]
        self.last_jacobian = np.column_stack(columns)
        return self.last_jacobian

    def check(self, values: dict[str, float | int]) -> pd.DataFrame:
        """Each target's simulated value in every check run (rows: runs)."""
        n = self.scenario.calibration.check_replications
        specs = [self._spec(values, 0, rep)
                 for rep in range(CHECK_SEED_OFFSET, CHECK_SEED_OFFSET + n)]
        return pd.DataFrame(list(map_specs(specs, self.workers, self._measure())))

    def trace(self) -> pd.DataFrame:
        rows = [{"point": k, "objective": e.objective} | e.values
                | {f"simulated:{name}": v for name, v in e.means.items()}
                for k, e in enumerate(self.tried)]
        return pd.DataFrame(rows)

    def _evaluate(self, points: list[np.ndarray]) -> list[Evaluation]:
        """Evaluate points (in one parallel batch); a point already tried is not run
        again: on common seeds it would give the same numbers."""
        reps = range(self.scenario.calibration.replications)
        values = [{f.path: f.value(u) for f, u in zip(self.free, x)} for x in points]
        new = list({tuple(v.values()): v for v in values
                    if tuple(v.values()) not in self.known}.values())
        specs = [self._spec(v, k, rep) for k, v in enumerate(new) for rep in reps]
        outputs = list(map_specs(specs, self.workers, self._measure()))
        for k, v in enumerate(new):
            means = pd.DataFrame(outputs[k * len(reps):(k + 1) * len(reps)]).mean().to_dict()
            residual = self._residual(means)
            evaluation = Evaluation(v, means, float(residual @ residual))
            self.known[tuple(v.values())] = evaluation
        return [self.known[tuple(v.values())] for v in values]

    def _measure(self) -> Callable[[RunSpec], dict[str, float]]:
        return functools.partial(measure, targets=self.targets)

    def _spec(self, values: dict[str, float | int], point: int, rep: int) -> RunSpec:
        overrides = reduce(deep_merge, (_nested(p, v) for p, v in values.items()), {})
        return RunSpec(f"p{point}-r{rep}", "calibration", rep,
                       replication_seed(self.scenario.run.seed, rep), overrides,
                       self.scenario_path)

    def _residual(self, means: Mapping[str, float]) -> np.ndarray:
        return np.array([(means[name] - t.value) / (t.tolerance * t.value)
                         for name, t in self.fitted.items()])


def _table(targets: Mapping[str, Target], checks: pd.DataFrame, evaluator: _Evaluator,
           best: Evaluation) -> pd.DataFrame:
    """One row per target: the figure, the check runs' mean and 95% interval, relative
    error, whether it is met, and why not."""
    rows = []
    fitted_names = list(evaluator.fitted)
    x = np.array([f.unit(best.values[f.path]) for f in evaluator.free])
    for name, t in targets.items():
        mean, low, high, _ = t_interval(checks[name])
        error = mean / t.value - 1
        met = abs(error) <= t.tolerance
        why = "" if met or not t.fit else _why(
            evaluator, fitted_names.index(name), error, x)
        rows.append({"target": name, "value": t.value, "unit": t.unit, "year": t.year,
                     "scale": t.scale, "simulated": mean, "ci_low": low,
                     "ci_high": high, "relative_error": error,
                     "tolerance": t.tolerance, "fit": t.fit, "met": met,
                     "why_not": why if t.fit else "reference only (not fitted)",
                     "source": t.source})
    return pd.DataFrame(rows)


def _why(evaluator: _Evaluator, row: int, error: float, x: np.ndarray) -> str:
    """Why a fitted target is missed, read from the last Jacobian: which free
    parameters move it and whether they can move further its way."""
    jacobian = evaluator.last_jacobian
    if jacobian is None:
        return "no Jacobian was computed (the optimiser stopped at its first point)"
    slopes = jacobian[row]  # residual change per whole range of each parameter
    tolerance = evaluator.fitted[list(evaluator.fitted)[row]].tolerance
    movers = [j for j in np.argsort(-np.abs(slopes)) if abs(slopes[j]) * tolerance >= 0.05]
    if not movers:
        return ("no free parameter moves it by 5% or more over its whole range; the "
                "model's structure, not a value, decides it")
    blocked, free_to_move = [], []
    for j in movers:
        direction = -np.sign(slopes[j]) * np.sign(error)  # +1: raise the parameter
        at_edge = (direction > 0 and x[j] >= 0.999) or (direction < 0 and x[j] <= 0.001)
        (blocked if at_edge else free_to_move).append(
            f"{evaluator.free[j].path} ({'upper' if direction > 0 else 'lower'} edge)"
            if at_edge else evaluator.free[j].path)
    if not free_to_move:
        return "moved by " + ", ".join(blocked) + ", already at the edge of the range"
    return ("other targets pull the parameters that move it the other way: "
            + ", ".join(free_to_move) + (f"; at the edge: {', '.join(blocked)}"
                                         if blocked else ""))


def _nested(path: str, value: Any) -> dict[str, Any]:
    """{"a": {"b": value}} for "a.b"."""
    for key in reversed(path.split(".")):
        value = {key: value}
    return value


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def run_command(args: Any) -> int:
    """`opzet calibrate` (flags in sim.cli): check everything, fit, write, print."""
    from rich.console import Console
    from rich.table import Table

    console = Console()
    scenario = load_scenario(args.scenario)
    free = free_parameters(scenario, args.scenario)  # fail before any run
    load_targets(args.targets)
    settings, run = scenario.calibration, scenario.run
    most = (settings.replications * (settings.screening + 1 + settings.iterations
                                     * (len(free) + 1)) + settings.check_replications)
    check_runs(most, run.families, 52 * (run.years + run.warmup_years), args.workers,
               args.max_runs, args.scenario)
    if args.fitted is not None and not args.fitted.parent.is_dir():
        raise ScenarioError("--fitted", f"{args.fitted}: folder {args.fitted.parent} does "
                            "not exist")
    out_dir = args.out or Path("results") / f"calibrate-{Path(args.scenario).stem}"
    inputs = [args.scenario, args.targets]
    if args.fitted is not None:
        check_file(args.fitted, FITTED_SIGNATURE.encode(), "a scenario opzet calibrate "
                   "fitted", [args.targets], "--fitted")
        if out_dir.resolve() in args.fitted.resolve().parents:
            raise OutputError("--fitted", args.fitted, f"is inside the results folder "
                              f"{out_dir}, whose fitted.toml holds it already")
    with claim(out_dir, "calibrate", inputs):
        result = calibrate(args.scenario, args.targets, workers=args.workers,
                           report=lambda line: console.print(line))
        result.write(out_dir, args.fitted)
    table = Table(title=f"{Path(args.scenario).name} against {Path(args.targets).name}: "
                        f"{result.met} of {result.fitted_targets} fitted targets met")
    for column in ("target", "figure", "simulated (95% CI)", "error", "tolerance", "met"):
        table.add_column(column, justify="left" if column == "target" else "right")
    for row in result.table.itertuples():
        table.add_row(row.target, f"{row.value:,.0f}",
                      f"{row.simulated:,.0f} [{row.ci_low:,.0f}, {row.ci_high:,.0f}]",
                      f"{row.relative_error:+.0%}", f"±{row.tolerance:.0%}",
                      ("yes" if row.met else "no") if row.fit else "reference")
    console.print(table)
    for row in result.table.itertuples():
        if row.fit and not row.met:
            console.print(f"{row.target} not met: {row.why_not}")
    console.print("fitted values: " + ", ".join(f"{k} = {v}" for k, v in result.best.items()))
    console.print(f"results in {out_dir}/ (fitted.toml, targets.csv, trace.csv, manifest.json)"
                  + (f"; fitted scenario also in {args.fitted}" if args.fitted else ""))
    return 0
