"""Fitting free parameters on common seeds: the points the optimiser tries, each run
`replications` times through the run engine (sim.engine), and why a target is missed.

A point's runs are named after its values, so a calibration killed part-way and
resumed asks the same points in the same order and finds their runs saved.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.stats import qmc

from sim.engine import Engine
from sim.execution import RunSpec, replication_seed
from sim.free import Free
from sim.params import Scenario
from sim.scenario import nest
from sim.statistics import paired_ci as t_interval
from sim.targets import Target

CHECK_SEED_OFFSET = 1_000
"""Check replications use replication numbers from here on, so they never share a seed
with the fitting runs."""


@dataclass
class Evaluation:
    """One point tried: parameter values and each target's mean over the fitting seeds."""

    values: dict[str, float | int]
    means: dict[str, float]
    objective: float


class Converged(Exception):
    """Raised to stop the optimiser once every fitted target is within half its tolerance."""


@dataclass
class Evaluator:
    """Runs points for the optimiser on common seeds and remembers every point tried."""

    scenario_path: str
    free: list[Free]
    targets: Mapping[str, Target]
    fitted: Mapping[str, Target]
    scenario: Scenario
    runner: Engine
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
            raise Converged
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
        specs = [self._spec(values, rep)
                 for rep in range(CHECK_SEED_OFFSET, CHECK_SEED_OFFSET + n)]
        return pd.DataFrame(list(self._outcomes(specs)))

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
        specs = [self._spec(v, rep) for v in new for rep in reps]
        outputs = list(self._outcomes(specs))
        for k, v in enumerate(new):
            means = pd.DataFrame(outputs[k * len(reps):(k + 1) * len(reps)]).mean().to_dict()
            residual = self._residual(means)
            evaluation = Evaluation(v, means, float(residual @ residual))
            self.known[tuple(v.values())] = evaluation
        return [self.known[tuple(v.values())] for v in values]

    def _outcomes(self, specs: list[RunSpec]) -> Iterator[dict[str, float]]:
        """Each spec's simulated target values, run now or saved before (sim.engine)."""
        self.runner.run_all(specs)
        for record in self.runner.outputs(specs):
            yield record["summary"]

    def _spec(self, values: dict[str, float | int], rep: int) -> RunSpec:
        """The run of a point on fitting seed `rep`, named after its values, so a resumed
        calibration finds the runs of every point it tried before."""
        overrides = nest(values)
        point = hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()[:16]
        return RunSpec(f"p{point}-r{rep}", "calibration", rep,
                       replication_seed(self.scenario.run.seed, rep), overrides,
                       self.scenario_path)

    def _residual(self, means: Mapping[str, float]) -> np.ndarray:
        return np.array([(means[name] - t.value) / (t.tolerance * t.value)
                         for name, t in self.fitted.items()])


def check_table(targets: Mapping[str, Target], checks: pd.DataFrame, evaluator: Evaluator,
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
                     "why_not": why if t.fit else _reference(t),
                     "source": t.source})
    return pd.DataFrame(rows)


def _reference(target: Target) -> str:
    """The why_not of a figure kept for reference: that it is, and why, if the file says."""
    if target.why_not_fitted is None:
        return "reference only (not fitted)"
    return f"reference only (not fitted): {target.why_not_fitted}"


def _why(evaluator: Evaluator, row: int, error: float, x: np.ndarray) -> str:
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
