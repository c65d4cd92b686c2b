"""Sensitivity analysis of a stochastic model: which uncertain parameters drive an outcome.

Sobol indices (shares of variance) or Morris elementary effects, sampled with
SALib. A simulation is noisy, so every sample point is run R times on common
random numbers (replication r on the same seed at every point), the mean over
replications is analysed, and the share of its variance that is replication
noise is reported. Every index gets a bootstrap interval and is recomputed on
the first quarter and half of the sample, to show whether it has settled;
plain-words warnings say when an interval is wider than its index, when the
indices have not converged, or when noise dominates.

One analysis (sim.sensitivity_analysis) serves every model:
`analyse_function(f, ranges, settings)` for any Python function, `analyse(plan,
outputs)` for a table of outputs, and `run_sensitivity("experiments/x.toml")` for
the simulation, whose runs go through sim.batch and its run engine (parallel,
Dask, resumable, provenance). An experiment file
(sim/experiment.py) becomes a sensitivity experiment with a [sensitivity]
table in place of [sampling]:

    [sensitivity]
    method = "sobol"                # or "morris"
    samples = 64                    # sobol: base samples, a power of 2; points: samples x (k + 2)
    trajectories = 20               # morris: trajectories; points: trajectories x (k + 1)
    levels = 4                      # morris: values per parameter (even)
    difference = ["team", "relay"]  # optional: analyse team minus relay, paired per replication
    resamples = 200                 # bootstrap resamples of every interval
    confidence = 0.95               # of every interval

Results (results/NAME/, besides the batch's): indices.csv and indices.parquet
(method, outcome, parameter, label, unit, index, value, ci_low, ci_high,
sample_share), noise.csv, warnings.txt, figures/ and manifest.json with
"kind": "sensitivity". docs/sensitivity.md explains the method.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pydantic import ValidationError

from sim.atomic import replace_file, replace_folder
from sim.batch import BatchResult, StudyResult, run_study
from sim.experiment import experiment_from_dict, load_file, within_plausible
from sim.experiment_schema import Experiment, ExperimentError
from sim.input_errors import explain_error
from sim.paramdocs import parameter_rows
from sim.sensitivity_analysis import Analysis, Plan, Settings, analyse, make_plan
from sim.shards import write_json
from sim.summary import MEASURES

ANALYSIS_FILES = ("indices.csv", "indices.parquet", "noise.csv", "warnings.txt", "figures")


# Sensitivity experiments of the simulation


@dataclass
class Study:
    """A sensitivity experiment as resolved: its runs (an Experiment), settings and plan."""

    experiment: Experiment
    settings: Settings
    plan: Plan

    def outcomes(self) -> dict[str, tuple[str, str]]:
        """The series analysed: name -> (readable label, unit)."""
        designs, diff = list(self.experiment.designs), self.settings.difference
        out = {}
        for outcome in self.experiment.outcomes:
            measure = MEASURES[outcome]
            if diff:
                out[f"{outcome}_{diff[0]}_minus_{diff[1]}"] = (
                    f"{measure.label}, {diff[0]} minus {diff[1]}", measure.unit)
            for design in ([] if diff else designs):
                name = outcome if len(designs) == 1 else f"{outcome}_{design}"
                label = measure.label if len(designs) == 1 else f"{measure.label}, {design}"
                out[name] = (label, measure.unit)
        return out

    def series(self, runs: pd.DataFrame) -> dict[str, np.ndarray]:
        """Each analysed series as points x replications, from a batch's runs table."""
        experiment, diff = self.experiment, self.settings.difference

        def grid(design: str, outcome: str) -> np.ndarray:
            mine = runs[runs["design"] == design]
            table = mine.pivot(index="sample", columns="replication", values=outcome)
            return table.reindex(index=range(len(experiment.points)),
                                 columns=range(experiment.replications)).to_numpy(float)

        out = {}
        for outcome in experiment.outcomes:
            if diff:
                out[f"{outcome}_{diff[0]}_minus_{diff[1]}"] = (grid(diff[0], outcome)
                                                              - grid(diff[1], outcome))
            else:
                for design in experiment.designs:
                    name = outcome if len(experiment.designs) == 1 else f"{outcome}_{design}"
                    out[name] = grid(design, outcome)
        return out


def load_study(path: str | Path) -> Study:
    """Read and check a sensitivity experiment file; raises ExperimentError (nothing
    written), or ScenarioError for a broken base scenario file."""
    return load_file(path, study_from_dict)


def study_from_dict(table: dict[str, Any], *, source: str = "experiment",
                    folder: str | Path = ".", default_name: str = "experiment") -> Study:
    """A sensitivity experiment from a table laid out like its file (for use from Python)."""
    table = dict(table)
    given = table.pop("sensitivity", None)
    if not isinstance(given, dict):
        raise ExperimentError(source, "a sensitivity analysis needs a [sensitivity] table "
                              "with method = \"sobol\" or \"morris\"", "sensitivity")
    if "sampling" in table:
        raise ExperimentError(source, "[sampling] is not read by a sensitivity analysis; "
                              "[sensitivity] draws the sample (samples or trajectories)",
                              "sampling")
    settings = _settings(given, source)
    experiment = experiment_from_dict(
        table, source=source, folder=folder, default_name=default_name,
        sampler=lambda k, seed: make_plan(settings, [f"x{j}" for j in range(k)], seed).unit)
    if settings.difference is not None:
        for name in settings.difference:
            if name not in experiment.designs:
                raise ExperimentError(source, f"sensitivity.difference: {name!r} is not a "
                                      "design of this experiment; choose two of "
                                      f"{', '.join(experiment.designs)}",
                                      "sensitivity.difference")
        if settings.difference[0] == settings.difference[1]:
            raise ExperimentError(source, "sensitivity.difference names one design twice; "
                                  "give two different designs", "sensitivity.difference")
    within_plausible(experiment, "a sensitivity analysis")
    plan = make_plan(settings, list(experiment.uncertainties), experiment.seed)
    return Study(experiment, settings, plan)


def _settings(given: dict[str, Any], source: str) -> Settings:
    try:
        settings = Settings.model_validate(given)
    except ValidationError as err:
        problem = explain_error(err, source, Settings, prefix="sensitivity.")
        raise ExperimentError(problem.source, problem.problem, problem.key) from None
    other = "morris" if settings.method == "sobol" else "sobol"
    foreign = {"sobol": ("samples",), "morris": ("trajectories", "levels")}[other]
    for key in foreign:
        if key in settings.model_fields_set:
            raise ExperimentError(source, f"sensitivity.{key} belongs to method = \"{other}\", "
                                  f"not \"{settings.method}\"", f"sensitivity.{key}")
    if settings.method == "sobol" and settings.samples & (settings.samples - 1):
        raise ExperimentError(source, f"sensitivity.samples = {settings.samples} must be a "
                              "power of 2 (8, 16, 32, 64, ...), so that its first quarter and "
                              "half are balanced samples too", "sensitivity.samples")
    if settings.method == "morris" and settings.levels % 2:
        raise ExperimentError(source, f"sensitivity.levels = {settings.levels} must be even "
                              "(4, 6, 8, ...), so that every level is reached equally often",
                              "sensitivity.levels")
    return settings


def parameter_labels(paths: list[str]) -> dict[str, tuple[str, str]]:
    """A readable name and unit per dotted parameter path, from the parameter registry:
    'help.child_effect' -> ('Help: child effect', 'per week')."""
    units = {row["path"]: row["unit"] for row in parameter_rows()}
    labels = {}
    for path in paths:
        *groups, key = path.split(".")
        group = ", ".join(g.replace("_", " ") for g in groups)
        labels[path] = (f"{group[:1].upper()}{group[1:]}: {key.replace('_', ' ')}",
                        units.get(path) or "")
    return labels


def run_sensitivity(study: Study | str | Path, out_dir: str | Path | None = None,
                    workers: int = 1, dask_address: str | None = None, resume: bool = False,
                    *, progress: bool = True, max_runs: int | None = None
                    ) -> StudyResult[Analysis]:
    """Run every point x design x replication through sim.batch (resumable, on processes
    or Dask), analyse the replicate means and write the results to `out_dir` (default
    results/NAME), which takes the place of an earlier one only when complete
    (sim.batch, sim.outputs)."""
    if not isinstance(study, Study):
        study = load_study(study)
    experiment = study.experiment

    def analysed(batch: BatchResult) -> Analysis:
        return analyse(study.plan, study.series(batch.runs), study.settings, experiment.seed,
                       parameter_labels(list(experiment.uncertainties)))

    return run_study(experiment, out_dir, "sensitivity", analysed,
                     lambda folder, analysis, manifest: _write(folder, study, analysis,
                                                               manifest),
                     workers=workers, dask_address=dask_address, resume=resume,
                     progress=progress, max_runs=max_runs)


def _write(out_dir: Path, study: Study, analysis: Analysis, manifest: dict[str, Any]) -> None:
    """Each file whole or not at all; the manifest last, so it vouches for the rest."""
    from sim.sensitivity_plots import plot_outcome  # matplotlib: only when writing

    replace_file(out_dir / "indices.csv", lambda tmp: analysis.indices.to_csv(tmp, index=False))
    replace_file(out_dir / "indices.parquet",
                 lambda tmp: analysis.indices.to_parquet(tmp, index=False))
    replace_file(out_dir / "noise.csv", lambda tmp: analysis.noise.to_csv(tmp, index=False))
    replace_file(out_dir / "warnings.txt",
                 lambda tmp: tmp.write_text("".join(f"{w}\n" for w in analysis.warnings)))
    outcomes = study.outcomes()

    def figures(folder: Path) -> None:
        for outcome, frame in analysis.indices.groupby("outcome", sort=False):
            plot_outcome(frame, *outcomes[outcome], study.settings.confidence,
                         folder / f"{study.plan.method}_{outcome}")

    replace_folder(out_dir / "figures", figures)
    figure_files = [f"figures/{study.plan.method}_{o}.{ext}"
                    for o in analysis.indices["outcome"].unique() for ext in ("png", "svg")]
    write_json(out_dir / "manifest.json", manifest | {
        "sensitivity": study.settings.resolved() | {
            "parameters": list(study.plan.parameters), "points": len(study.plan.unit),
            "sampler": f"SALib {study.plan.method} sampler, seed {study.experiment.seed}",
            "series": study.outcomes()},
        "warnings": analysis.warnings,
        "files": manifest["files"] + list(ANALYSIS_FILES[:-1]) + figure_files,
    })


__all__ = ["Study", "load_study", "parameter_labels", "run_sensitivity",
           "study_from_dict"]
