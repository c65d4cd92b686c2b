"""Experiment files: which designs to compare, under which uncertainties, how often.

An experiment file (experiments/*.toml) names a base scenario, the designs to
compare (each a table of lever overrides), the uncertain parameters with a
range or a distribution, how to sample them (grid, Latin hypercube or a list),
replications, base seed, outcomes of interest and run settings (families,
years, warm-up years, which are excluded from every outcome). It is checked
like a scenario file: every mistake is one message naming the file, the key,
the value and what is allowed (`ExperimentError`, a `ScenarioError`, so the
command line ends with exit status 2 before anything is written). The keys and
the resolved types are in `sim.experiment_schema`, the checks in
`sim.experiment_resolver`.

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

    [designs.relay]                 # or designs = ["relay", "team"]: built-in designs
    design.model = "relay"          # by name (sim.designs), as `opzet compare` runs them
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
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sim.execution import RunSpec
from sim.experiment_resolver import Resolver, as_experiment_error, builtin_designs
from sim.experiment_schema import Experiment, ExperimentError, ExperimentFile, UnitSampler
from sim.input_errors import ScenarioError, explain_error
from sim.paramdocs import parameter_rows
from sim.scenario import load_scenario
from sim.toml_files import read_toml


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
    if isinstance(table.get("designs"), list):
        table = table | {"designs": builtin_designs(table["designs"], source)}
    try:
        raw = ExperimentFile.model_validate(table)
        return Resolver(raw, source, Path(folder), default_name, sampler).experiment()
    except ValidationError as err:
        raise as_experiment_error(explain_error(err, source, ExperimentFile)) from None
    except ExperimentError:
        raise
    except ScenarioError as err:  # a design or point checked as a scenario; or the base file
        raise as_experiment_error(err) from None


def within_plausible(experiment: Experiment, study: str) -> None:
    """A study of what is plausible (`study`: "a sensitivity analysis") varies a parameter
    within its plausible range (where sim.params gives one): ExperimentError otherwise."""
    rows = {row["path"]: row for row in parameter_rows(load_scenario(experiment.scenario))}
    for path, u in experiment.uncertainties.items():
        row = rows[path]
        if u.distribution == "normal" or row["low"] is None:
            continue
        for key, value in (("low", u.low), ("high", u.high)):
            if not row["low"] - 1e-12 <= value <= row["high"] + 1e-12:
                raise ExperimentError(
                    experiment.source, f"uncertainties.{path}: {key} = {value:g} is outside "
                    f"the plausible range of {path}, {row['low']:g} to {row['high']:g} "
                    f"({row['unit']}, sim.params); {study} varies parameters within what is "
                    "plausible", f"uncertainties.{path}.{key}")


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
            overrides = experiment.scenario_table(levers, values)
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


__all__ = ["expand", "experiment_from_dict", "load_experiment", "load_file", "specs_digest",
           "within_plausible"]

