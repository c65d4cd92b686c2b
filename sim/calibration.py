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

The runs go through the run engine (sim.engine; the points and their runs in
sim.fitting): on local processes or Dask, each saved as it finishes in the results
folder, so a calibration killed part-way resumes (`resume=True`) with the same
optimiser steps and only the runs it had not finished.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import tomlkit
from scipy import optimize

from sim.atomic import replace_file
from sim.cluster import Where
from sim.engine import Job, engine
from sim.fitting import Converged, Evaluation, Evaluator, check_table
from sim.free import Free, free_parameters
from sim.outputs import check_file, claim, locked
from sim.params import Scenario
from sim.provenance import now, provenance
from sim.scenario import load_scenario, scenario_to_toml_dict
from sim.shards import write_json
from sim.simulated import measured
from sim.targets import load_targets

__all__ = ["FITTED_SIGNATURE", "CalibrationResult", "calibrate", "check_fitted", "most_runs"]

FITTED_SIGNATURE = ('opzet calibrate fitted the values marked "fitted"; --fitted may '
                    "replace this file")
"""Comment on the first line of every fitted scenario: what lets `--fitted` write over
that file again (sim.outputs.check_file)."""


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
        with claim(out_dir, "calibrate", [self.scenario_path, self.targets_path]) as out:
            check_fitted(fitted, self.targets_path)
            out.build(self.write_into)
            self.write_fitted(fitted)
        return out_dir

    def write_into(self, folder: Path) -> None:
        """The files of `write` into `folder`, which the caller owns; each replaced whole,
        as a resumed folder shares its files with the earlier results (sim.outputs)."""
        document = self.fitted_document(folder)
        replace_file(folder / "fitted.toml", lambda tmp: tmp.write_text(tomlkit.dumps(document)))
        replace_file(folder / "targets.csv", lambda tmp: self.table.to_csv(tmp, index=False))
        replace_file(folder / "trace.csv", lambda tmp: self.trace.to_csv(tmp, index=False))
        write_json(folder / "manifest.json", {
            "kind": "calibrate", "scenario": self.scenario_path,
            "targets": self.targets_path, "settings": self.settings,
            "free": [f.__dict__ for f in self.free], "best": self.best,
            "met": self.met, "fitted_targets": self.fitted_targets,
            **provenance(self.started, self.finished),
        })

    def write_fitted(self, fitted: Path | None) -> None:
        """The fitted scenario also to `fitted` (checked by `check_fitted`), if given."""
        if fitted is not None:
            text = tomlkit.dumps(self.fitted_document(fitted.parent))
            with locked(fitted, "--fitted"):
                replace_file(fitted, lambda tmp: tmp.write_text(text))

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


def check_fitted(fitted: Path | None, targets_path: str | Path) -> None:
    """Refuse (OutputError) a --fitted file that calibrate did not write."""
    if fitted is not None:
        check_file(fitted, FITTED_SIGNATURE.encode(), "a scenario opzet calibrate fitted",
                   [targets_path], "--fitted")


def calibrate(scenario_path: str | Path, targets_path: str | Path, *, workers: int = 1,
              dask: str | None = None, out_dir: Path | None = None, fitted: Path | None = None,
              resume: bool = False, progress: bool = False,
              report: Callable[[str], None] = lambda line: None) -> CalibrationResult:
    """Fit the free parameters of a scenario file to a targets file (module docstring).

    workers, dask: local processes, or the Dask scheduler at this address. out_dir:
    write the results there (and the fitted scenario to `fitted`), saving every run
    as it finishes, so `resume=True` after a kill runs only what is missing; None:
    nothing is written. progress: show the progress bar on stderr.
    """
    started = now()
    scenario = load_scenario(scenario_path)
    free = free_parameters(scenario, str(scenario_path))
    targets = load_targets(targets_path).targets
    fitted_targets = {name: t for name, t in targets.items() if t.fit}
    settings = scenario.calibration.model_dump(exclude={"free"}) | {
        "seed": scenario.run.seed, "families": scenario.run.families,
        "years": scenario.run.years, "warmup_years": scenario.run.warmup_years}
    digest = hashlib.sha256(json.dumps([scenario_to_toml_dict(scenario), targets],
                                       sort_keys=True, default=str).encode()).hexdigest()
    job = Job(out_dir, "calibrate", "calibrate", digest,
              "another calibration (its scenario or targets differ); run without --resume "
              "to start again, or give another --out folder",
              (str(scenario_path), str(targets_path)), resume, progress)
    run = functools.partial(measured, targets=targets)
    with engine(job, Where(workers, dask), run) as runner:
        evaluator = Evaluator(str(scenario_path), free, targets, fitted_targets, scenario,
                              runner, report)
        best, checks = _fit(evaluator, scenario, report)
        result = CalibrationResult(str(scenario_path), str(targets_path), free, best.values,
                                   evaluator.trace(), check_table(targets, checks, evaluator,
                                                                  best),
                                   settings, started, now())
        runner.publish(result.write_into)
        result.write_fitted(fitted if out_dir is not None else None)
    return result


def _fit(evaluator: Evaluator, scenario: Scenario,
         report: Callable[[str], None]) -> tuple[Evaluation, pd.DataFrame]:
    """Screen, optimise, and check the best point on fresh seeds."""
    settings = scenario.calibration
    report(f"fitting {len(evaluator.free)} parameters to {len(evaluator.fitted)} targets, "
           f"{settings.replications} runs per point on common seeds")
    start = evaluator.screen()
    report(f"screened {len(evaluator.tried)} points; best sum of squared residuals "
           f"{min(e.objective for e in evaluator.tried):.3g}")
    try:
        optimize.least_squares(
            evaluator.residuals, start, jac=evaluator.jacobian, bounds=(0.0, 1.0),
            method="trf", max_nfev=settings.iterations, x_scale=1.0)
    except Converged:
        pass
    best = min(evaluator.tried, key=lambda e: e.objective)
    report(f"best of {len(evaluator.tried)} points: sum of squared residuals "
           f"{best.objective:.3g}; checking on {settings.check_replications} fresh seeds")
    return best, evaluator.check(best.values)


def most_runs(scenario: Scenario, free: list[Free]) -> int:
    """The most runs a calibration of `scenario` can start (for sim.limits.check_runs)."""
    settings = scenario.calibration
    return (settings.replications * (settings.screening + 1 + settings.iterations
                                     * (len(free) + 1)) + settings.check_replications)

