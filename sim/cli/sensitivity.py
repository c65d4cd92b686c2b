"""`opzet sensitivity EXPERIMENT`: which uncertain parameters drive the outcomes."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from sim.cli import flags


def add(commands: Any) -> None:
    flags.add_experiment_command(
        commands, "sensitivity", main,
        help="which uncertain parameters drive the outcomes (Sobol or Morris)",
        description="Run the sample points of an experiment file with a [sensitivity] table "
                    "(Sobol or Morris, docs/sensitivity.md) through the batch runner, each "
                    "replicated on common seeds, and write indices with bootstrap intervals "
                    "and their values on 1/4 and 1/2 of the sample (indices.csv, "
                    "indices.parquet), replication noise (noise.csv), warnings.txt, figures/ "
                    "and manifest.json to results/NAME/.")


def main(args: argparse.Namespace) -> int:
    from sim.batch import failure_summary  # heavy (the model)
    from sim.sensitivity import load_study, run_sensitivity
    from sim.sensitivity_analysis import strongest

    where = flags.where(args)
    study = load_study(args.experiment)
    result = run_sensitivity(study, args.out, workers=where.workers, dask_address=where.dask,
                             resume=args.resume, max_runs=flags.max_runs(args))
    if result.analysis is None:
        print(failure_summary(result.batch) if result.batch.failed else
              "runs are missing; run the same command with --resume", file=sys.stderr)
        return 1
    flags.print_frame(strongest(result.analysis),
                      f"{study.experiment.name}: strongest parameters per outcome "
                      f"({study.settings.confidence:.0%} interval; value on 1/4 and 1/2 of the "
                      "sample)", left=("outcome", "parameter"))
    for line in result.analysis.warnings:
        print(f"warning: {line}", file=sys.stderr)
    print(f"results in {result.out_dir}/ (indices.csv, indices.parquet, noise.csv, "
          "warnings.txt, figures/, runs.parquet, manifest.json)")
    return 0
