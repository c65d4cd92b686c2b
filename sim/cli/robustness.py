"""`opzet robustness EXPERIMENT`: which design wins across the uncertainties, what a choice
can cost, and where a conclusion flips."""

from __future__ import annotations

import argparse
import sys
from typing import Any

import pandas as pd

from sim.cli import flags


def add(commands: Any) -> None:
    flags.add_experiment_command(
        commands, "robustness", main,
        help="which design wins across the uncertainties, and where a conclusion flips",
        description="Run every design at every sample point of an experiment file's "
                    "uncertain parameters and design assumptions (Latin hypercube), each "
                    "replicated on common seeds, through the batch runner, and write per "
                    "design and outcome the share of the space where it is better than the "
                    "reference, as good or worse (robustness.csv), regret and the "
                    "minimax-regret ranking (regret.csv), scenario-discovery boxes (PRIM "
                    "and CART, boxes.csv, trajectory.csv), every point's differences "
                    "(points.csv), figures/ in Dutch and English and manifest.json to "
                    "results/NAME/ (docs/robustness.md).")


def main(args: argparse.Namespace) -> int:
    from sim.batch import failure_summary  # heavy (the model)
    from sim.robustness import TABLES, load_study, robustness

    where = flags.where(args)
    study = load_study(args.experiment)
    result = robustness(study, args.out, workers=where.workers, dask_address=where.dask,
                        resume=args.resume, max_runs=flags.max_runs(args))
    if result.analysis is None:
        print(failure_summary(result.batch) if result.batch.failed else
              "runs are missing; run the same command with --resume", file=sys.stderr)
        return 1
    flags.print_frame(summary(result.analysis.robustness, result.analysis.regret),
                      f"{study.experiment.name}: against {study.reference} over "
                      f"{len(study.experiment.points)} sample points (share of them, "
                      f"{study.settings.confidence:.0%} interval); regret rank 1 = least "
                      "largest regret", left=("outcome", "design"))
    print(f"results in {result.out_dir}/ ({', '.join(TABLES)}, figures/, runs.parquet, "
          "manifest.json)")
    return 0


def summary(shares: pd.DataFrame, regret: pd.DataFrame) -> pd.DataFrame:
    """One row per outcome and design: shares better, as good, worse with intervals, the
    worst difference and the minimax-regret rank."""
    def share(row: Any, verdict: str) -> str:
        low, high = getattr(row, f"{verdict}_low"), getattr(row, f"{verdict}_high")
        return (f"{100 * getattr(row, f'share_{verdict}'):.0f}% "
                f"({100 * low:.0f}-{100 * high:.0f})")

    ranks = regret.set_index(["outcome", "design"])
    rows = [{"outcome": r.outcome, "design": r.design, "better": share(r, "better"),
             "as good": share(r, "as_good"), "worse": share(r, "worse"),
             "worst difference": r.worst_diff,
             "regret rank": int(ranks.loc[(r.outcome, r.design), "rank"]),
             "largest regret": ranks.loc[(r.outcome, r.design), "max_regret"]}
            for r in shares.itertuples()]
    return pd.DataFrame(rows)
