"""Robustness of designs across what nobody knows (`opzet robustness`): in what share of the
plausible worlds each design beats the reference, what a choice can cost, and in which
worlds a conclusion flips.

An experiment file (sim.experiment) names the designs and the uncertain parameters; every
design assumption (docs/assumptions.md) is varied too, on its plausible range, unless the
file says otherwise. The Latin hypercube of [sampling] draws the sample points; every
design runs at every point R times on common random numbers through sim.batch and its run
engine (processes or Dask, resumable, one progress bar, provenance). The analysis
(sim.robustness_analysis, sim.scenario_discovery) takes the runs table; docs/robustness.md
explains the method and how to read the results.

    designs = ["relay", "team", "future"]   # or [designs.NAME] tables; two or more
    replications = 4                        # two or more: each point's interval needs them
    outcomes = ["court_orders", "lasting_reduction"]   # default: every outcome with a direction

    [uncertainties]                         # besides the design assumptions
    "concern.growth_rate" = {}

    [sampling]
    method = "lhs"                          # the only method: shares of the space need it
    samples = 100

    [robustness]
    reference = "relay"             # the design the others are compared with (default: first)
    assumptions = true              # vary every design assumption (false: none; or names)
    better = {reports = "lower"}    # which way is better, for outcomes sim.summary leaves open
    margin = {court_orders = 0.1}   # the smallest difference that matters (default 0)
    confidence = 0.95               # of every interval
    threshold = 0.8                 # the density a scenario-discovery box must reach
    [[robustness.questions]]        # default: every design but the reference on every
    design = "team"                 # outcome, when = "not_better"
    outcome = "court_orders"
    when = "not_better"             # or "worse", "better", "not_worse"

Results in results/NAME/ (besides the batch's runs.parquet, yearly.parquet, details/):
robustness.csv, regret.csv, boxes.csv, trajectory.csv, points.csv, figures/ (Dutch and
English, PNG and SVG) and manifest.json with "kind": "robustness"; `opzet report` adds
its section.

From Python:

    from sim.robustness import robustness
    result = robustness("experiments/robustness_designs.toml", workers=2)
    result.analysis.robustness   # share better / as good / worse per design and outcome
    result.analysis.regret       # regret and the minimax-regret ranking
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pydantic import ValidationError

from sim.assumptions import BY_NAME, REGISTER
from sim.atomic import replace_file, replace_folder
from sim.batch import StudyResult, run_study
from sim.experiment import experiment_from_dict, load_file, within_plausible
from sim.experiment_schema import Experiment, ExperimentError
from sim.input_errors import explain_error
from sim.robustness_analysis import (
    DEFAULT_WHEN,
    Analysis,
    Asked,
    Criterion,
    Settings,
    analyse,
)
from sim.sensitivity import parameter_labels
from sim.shards import write_json
from sim.suggest import did_you_mean
from sim.summary import MEASURES, unknown_outcome

TABLES = ("robustness.csv", "regret.csv", "boxes.csv", "trajectory.csv", "points.csv")
FIGURES = ("robustness", "regret", "tradeoff", "box", "pairs")
"""The report's figures (sim.report.figures) a robustness study draws in both languages."""


@dataclass
class Study:
    """A robustness experiment as resolved: its runs (an Experiment) and how they are
    judged."""

    experiment: Experiment
    settings: Settings
    reference: str
    criteria: list[Criterion]
    questions: list[Asked]

    @property
    def assumptions(self) -> list[str]:
        """The design assumptions varied, as parameter paths ("assumptions.NAME")."""
        return [path for path in self.experiment.uncertainties
                if path.split(".")[0] == "assumptions"]

    def points(self) -> pd.DataFrame:
        """The sampled parameters, one row per sample point (index: sample)."""
        return pd.DataFrame(self.experiment.points, columns=list(self.experiment.uncertainties)
                            ).rename_axis("sample")

    def ranges(self) -> dict[str, tuple[float, float]]:
        """Each parameter's whole range as sampled (a normal distribution without bounds
        is left out: its boxes are drawn on the sample's range)."""
        return {path: (u.low, u.high) for path, u in self.experiment.uncertainties.items()
                if np.isfinite(u.low) and np.isfinite(u.high)}

    def resolved(self) -> dict[str, Any]:
        """How the runs are judged, for the manifest."""
        return {"reference": self.reference, "confidence": self.settings.confidence,
                "threshold": self.settings.threshold,
                "assumptions": self.assumptions,
                "parameters": list(self.experiment.uncertainties),
                "points": len(self.experiment.points),
                "replications": self.experiment.replications,
                "criteria": [{"outcome": c.outcome, "better": c.better, "margin": c.margin}
                             for c in self.criteria],
                "questions": [vars(q) for q in self.questions]}


def load_study(path: str | Path) -> Study:
    """Read and check a robustness experiment file; raises ExperimentError (nothing
    written), or ScenarioError for a broken base scenario file."""
    return load_file(path, study_from_dict)


def study_from_dict(table: dict[str, Any], *, source: str = "experiment",
                    folder: str | Path = ".", default_name: str = "experiment") -> Study:
    """A robustness experiment from a table laid out like its file (for use from Python)."""
    table = dict(table)
    given = table.pop("robustness", {})
    if not isinstance(given, dict):
        raise ExperimentError(source, "robustness must be a table ([robustness]) of settings",
                              "robustness")
    if "sensitivity" in table:
        raise ExperimentError(source, "[sensitivity] is read by `opzet sensitivity`; a "
                              "robustness analysis draws its sample with [sampling] "
                              "(method = \"lhs\")", "sensitivity")
    sampling = table.get("sampling")
    method = sampling.get("method", "lhs") if isinstance(sampling, dict) else "lhs"
    if method != "lhs":
        raise ExperimentError(source, f"sampling.method = \"{method}\": a robustness analysis "
                              "estimates shares of the space from a random sample; use "
                              "method = \"lhs\" with samples", "sampling.method")
    settings = _settings(given, source)
    assumptions = _assumptions(settings, source)
    uncertainties = dict(table.get("uncertainties") or {})
    nested = uncertainties.get("assumptions")
    for path in assumptions:
        name = path.split(".", 1)[1]
        if path not in uncertainties and not (isinstance(nested, dict) and name in nested):
            uncertainties[path] = {}
    table["uncertainties"] = uncertainties
    if "outcomes" not in table:
        table["outcomes"] = [name for name, m in MEASURES.items()
                             if m.better is not None or name in settings.better]
    experiment = experiment_from_dict(table, source=source, folder=folder,
                                      default_name=default_name)
    designs = list(experiment.designs)
    if len(designs) < 2:
        raise ExperimentError(source, f"a robustness analysis compares designs, but [designs] "
                              f"has {len(designs)} ({', '.join(designs)}); give two or more",
                              "designs")
    if experiment.replications < 2:
        raise ExperimentError(source, f"replications = {experiment.replications}: a "
                              "robustness analysis needs at least 2, for each sample point's "
                              "interval", "replications")
    if not experiment.uncertainties:
        raise ExperimentError(source, "no uncertain parameter to vary: [uncertainties] names "
                              "none and robustness.assumptions is false", "uncertainties")
    reference = settings.reference if settings.reference is not None else designs[0]
    if reference not in designs:
        raise ExperimentError(source, f"robustness.reference = \"{reference}\" is not a design "
                              f"of this experiment; "
                              + did_you_mean(reference, designs, "choose from "
                                             + ", ".join(designs)), "robustness.reference")
    within_plausible(experiment, "a robustness analysis")
    criteria = _criteria(settings, experiment, source)
    questions = _questions(settings, experiment, reference, source)
    return Study(experiment, settings, reference, criteria, questions)


def _settings(given: dict[str, Any], source: str) -> Settings:
    try:
        return Settings.model_validate(given)
    except ValidationError as err:
        problem = explain_error(err, source, Settings, prefix="robustness.")
        raise ExperimentError(problem.source, problem.problem, problem.key) from None


def _assumptions(settings: Settings, source: str) -> list[str]:
    """The design assumptions varied, as parameter paths."""
    if settings.assumptions is True:
        return [f"assumptions.{a.name}" for a in REGISTER]
    if settings.assumptions is False:
        return []
    for name in settings.assumptions:
        if name not in BY_NAME:
            raise ExperimentError(source, f"robustness.assumptions: unknown design assumption "
                                  f"\"{name}\"; " + did_you_mean(
                                      name, BY_NAME, "choose from " + ", ".join(BY_NAME)),
                                  "robustness.assumptions")
    return [f"assumptions.{name}" for name in dict.fromkeys(settings.assumptions)]


def _outcome_problem(name: str, experiment: Experiment) -> str | None:
    """What is wrong with naming `name` as an outcome of this study (None: nothing)."""
    if problem := unknown_outcome(name, f"\"{name}\""):
        return problem
    if name not in experiment.outcomes:
        return (f"\"{name}\" is not among this experiment's outcomes "
                f"({', '.join(experiment.outcomes)})")
    return None


def _criteria(settings: Settings, experiment: Experiment, source: str) -> list[Criterion]:
    """Which way is better per outcome, declared once: by sim.summary, or by the file where
    sim.summary leaves it open; and the margin of each."""
    for kind, table in (("better", settings.better), ("margin", settings.margin)):
        for name, value in table.items():
            if problem := _outcome_problem(name, experiment):
                raise ExperimentError(source, f"robustness.{kind}: {problem}",
                                      f"robustness.{kind}.{name}")
            if kind == "margin" and value < 0:
                raise ExperimentError(source, f"robustness.margin.{name} = {value:g}: a margin "
                                      "is the smallest difference that matters, 0 or more",
                                      f"robustness.margin.{name}")
    criteria = []
    for name in experiment.outcomes:
        measure, given = MEASURES[name], settings.better.get(name)
        if measure.better is not None and given is not None and given != measure.better:
            raise ExperimentError(source, f"robustness.better.{name} = \"{given}\", but "
                                  f"sim.summary declares {measure.better} {measure.label} "
                                  "better; an outcome's direction is declared once, there",
                                  f"robustness.better.{name}")
        better = measure.better or given
        if better is None:
            raise ExperimentError(source, f"robustness.better.{name} is missing: sim.summary "
                                  f"leaves open whether more or fewer {measure.label} is "
                                  f"better; say which with robustness.better.{name} = "
                                  "\"lower\" or \"higher\", or leave the outcome out",
                                  f"robustness.better.{name}")
        criteria.append(Criterion(name, measure.label, measure.unit, better,
                                  float(settings.margin.get(name, 0.0))))
    return criteria


def _questions(settings: Settings, experiment: Experiment, reference: str,
               source: str) -> list[Asked]:
    """The questions for scenario discovery, checked, with names and thresholds."""
    others = [d for d in experiment.designs if d != reference]
    if not settings.questions:
        return [Asked(f"{d}_{DEFAULT_WHEN}_{o}", d, o, DEFAULT_WHEN, settings.threshold)
                for d in others for o in experiment.outcomes]
    asked = []
    for i, q in enumerate(settings.questions):
        where = f"robustness.questions[{i}]"
        if q.design not in others:
            choice = ", ".join(others)
            why = ("is the reference, compared with itself" if q.design == reference else
                   "is not a design of this experiment; "
                   + did_you_mean(q.design, others, f"choose from {choice}"))
            raise ExperimentError(source, f"{where}.design = \"{q.design}\" {why}",
                                  f"{where}.design")
        if problem := _outcome_problem(q.outcome, experiment):
            raise ExperimentError(source, f"{where}.outcome: {problem}", f"{where}.outcome")
        name = q.name or f"{q.design}_{q.when}_{q.outcome}"
        if name in [a.name for a in asked]:
            raise ExperimentError(source, f"{where}: a second question named \"{name}\"; "
                                  "give each its own name", f"{where}.name")
        asked.append(Asked(name, q.design, q.outcome, q.when,
                           q.threshold if q.threshold is not None else settings.threshold))
    return asked


def robustness(study: Study | str | Path, out_dir: str | Path | None = None,
               workers: int = 1, dask_address: str | None = None, resume: bool = False, *,
               progress: bool = True, max_runs: int | None = None) -> StudyResult[Analysis]:
    """Run every design x point x replication through sim.batch (resumable, on processes
    or Dask), analyse them and write the results to `out_dir` (default results/NAME), which
    takes the place of an earlier one only when complete (sim.batch, sim.outputs)."""
    if not isinstance(study, Study):
        study = load_study(study)
    return run_study(study.experiment, out_dir, "robustness",
                     lambda batch: analyse_runs(study, batch.runs),
                     lambda folder, analysis, manifest: _write(folder, study, analysis,
                                                               manifest),
                     workers=workers, dask_address=dask_address, resume=resume,
                     progress=progress, max_runs=max_runs)


def analyse_runs(study: Study, runs: pd.DataFrame) -> Analysis:
    """The analysis of a study's runs table (runs.parquet)."""
    return analyse(runs, study.points(), study.reference, study.criteria, study.questions,
                   study.settings.confidence, list(study.experiment.designs), study.ranges(),
                   parameter_labels(list(study.experiment.uncertainties)))


def _write(out_dir: Path, study: Study, analysis: Analysis, manifest: dict[str, Any]) -> None:
    """Each file whole or not at all; the manifest last, so it vouches for the rest."""
    for name in TABLES:
        frame = getattr(analysis, name.removesuffix(".csv"))
        replace_file(out_dir / name, lambda tmp, frame=frame: frame.to_csv(tmp, index=False))
    write_json(out_dir / "manifest.json", manifest | {"robustness": study.resolved()})
    drawn = []
    replace_folder(out_dir / "figures", lambda folder: drawn.extend(_figures(out_dir, folder)))
    write_json(out_dir / "manifest.json", manifest | {
        "robustness": study.resolved(),
        "files": manifest["files"] + list(TABLES) + [f"figures/{name}" for name in drawn]})


def _figures(results: Path, folder: Path) -> list[str]:
    """The report's robustness figures in every language, drawn from the files just
    written (as `opzet report` draws them), into `folder`; their file names."""
    import matplotlib.pyplot as plt  # only when writing

    from sim.report.build import save_figure
    from sim.report.data import load
    from sim.report.figures import FIGURES as DRAW
    from sim.report.figures import parts
    from sim.report.figures.style import STYLE
    from sim.report.texts import LANGUAGES

    data = load(results)
    names = []
    with plt.rc_context(STYLE):
        for lang in LANGUAGES:
            for key in FIGURES:
                for stem, design, fig in parts(key, DRAW[key](data, lang)):
                    save_figure(folder, key, stem, design, fig, lang)
                    names += [f"{stem}-{lang}.png", f"{stem}-{lang}.svg"]
                    plt.close(fig)
    return names


__all__ = ["Study", "analyse_runs", "load_study", "robustness",
           "study_from_dict"]
