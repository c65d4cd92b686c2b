"""Run an experiment from Python and analyse its runs with pandas: copy this to start.

Runs experiments/team_vs_relay.toml (relay against team, same seeds per replication),
then prints the mean of each outcome per design and the paired difference team - relay
per replication (common random numbers: replication k of both designs has the same
families, so the difference is the designs').

    python experiments/example_batch.py                      # as the file says
    python experiments/example_batch.py --workers 2 --families 2000 --replications 2
    python experiments/example_batch.py --dask tcp://host:8786

The results are also on disk, in results/team_vs_relay/ (or --out): runs.parquet,
yearly.parquet, manifest.json; `sim.batch.read_results(folder)` reads them back later.
"""

from __future__ import annotations

import argparse
import tomllib
from pathlib import Path

import pandas as pd

from sim.batch import run_batch
from sim.experiment import experiment_from_dict

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--experiment", type=Path, default=HERE / "team_vs_relay.toml")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--dask", default=None, help="address of a dask.distributed scheduler")
    parser.add_argument("--families", type=int, help="override the experiment's families")
    parser.add_argument("--replications", type=int, help="override its replications")
    parser.add_argument("--out", type=Path, help="results folder (default: results/NAME)")
    args = parser.parse_args()

    # An experiment is a table laid out like the file; change it before running if you like.
    with args.experiment.open("rb") as handle:
        table = tomllib.load(handle)
    if args.families is not None:
        table["families"] = args.families
    if args.replications is not None:
        table["replications"] = args.replications
    experiment = experiment_from_dict(table, source=str(args.experiment),
                                      folder=args.experiment.parent)

    result = run_batch(experiment, args.out, workers=args.workers, dask_address=args.dask)
    runs: pd.DataFrame = result.runs  # one row per run: ids, seed, parameters, outcomes
    yearly: pd.DataFrame = result.yearly  # one row per run and reported year
    if result.failed:
        print(result.failures[["run_id", "error", "message"]].to_string(index=False))

    outcomes = experiment.outcomes
    print("\nMean per design:")
    print(runs.groupby("design", sort=False)[outcomes].mean().T.to_string(float_format="%.4g"))

    designs = list(experiment.designs)
    if len(designs) >= 2:
        first, second = designs[:2]
        paired = runs.pivot_table(index=["sample", "replication"], columns="design",
                                  values=outcomes)
        difference = paired.xs(second, axis=1, level="design") - paired.xs(
            first, axis=1, level="design")
        summary = pd.DataFrame({"mean": difference.mean(), "sd": difference.std(ddof=1),
                                "pairs": difference.count()})
        print(f"\nPaired difference {second} - {first} (same seed per replication):")
        print(summary.to_string(float_format="%.4g"))

    print("\nHandoffs per 1,000 families by reported year and design:")
    print(yearly.groupby(["design", "year"], sort=False)["handoffs_per_1000"].mean()
          .unstack("year").to_string(float_format="%.1f"))
    print(f"\nResults in {result.out_dir}/")


if __name__ == "__main__":
    main()
