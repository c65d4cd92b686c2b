"""`opzet batch EXPERIMENT`: every run of an experiment file, and the means per design."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from rich.console import Console
from rich.table import Table

from sim.cli import flags
from sim.limits import MAX_REPS, count_flag
from sim.paramdocs import format_value


def add(commands: Any) -> None:
    parser = flags.add_experiment_command(
        commands, "batch", main,
        help="run every run of an experiment file; results in results/NAME/",
        description="Run every design x sample point x replication of an experiment file "
                    "(experiments/*.toml) and write one row per run (runs.parquet), per-year "
                    "series (yearly.parquet) and manifest.json to results/NAME/. Each run is "
                    "saved as it finishes; --resume runs only what is missing.")
    flags.add_precision(parser, "the experiment's replications")


def main(args: argparse.Namespace) -> int:
    from sim.batch import Precision, failure_summary, run_batch  # heavy (the model)
    from sim.experiment import load_experiment

    where = flags.where(args)
    precision = flags.precision(args)
    experiment = load_experiment(args.experiment)
    most = count_flag(args.max_reps, "--max-reps", max(100, experiment.replications),
                      experiment.replications, MAX_REPS)
    result = run_batch(experiment, args.out, workers=where.workers, dask_address=where.dask,
                       resume=args.resume, max_runs=flags.max_runs(args),
                       precision=None if precision is None else Precision(precision, most))
    if len(result.runs):
        _print_means(result.runs, experiment.name, experiment.outcomes)
    print(f"{len(result.runs)} of {result.manifest['runs']} runs done; results in "
          f"{result.out_dir}/ (runs.parquet, yearly.parquet, details/, manifest.json)")
    if "precision" in result.manifest:
        print(_precision_line(result.manifest))
    if result.failed:
        print(failure_summary(result), file=sys.stderr)
        return 1
    return 0


def _print_means(runs: Any, name: str, outcomes: list[str]) -> None:
    means = runs.groupby("design", sort=False)[outcomes].mean()
    table = Table(title=f"{name}: mean over runs per design")
    table.add_column("outcome")
    for design in means.index:
        table.add_column(str(design), justify="right")
    for outcome in outcomes:
        table.add_row(outcome, *(format_value(v) for v in means[outcome]))
    Console().print(table)


def _precision_line(manifest: dict[str, Any]) -> str:
    """Whether --precision was reached, and after how many replications."""
    given = manifest["precision"]
    return (f"Precision {given['precision']:g} {'reached' if given['reached'] else 'NOT reached'}"
            f" after {manifest['experiment']['replications']} replications per design and "
            "sample point.")
