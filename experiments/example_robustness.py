"""Ask from Python which design holds up across the unknowns: copy this to start.

Runs a robustness experiment (default experiments/robustness_designs.toml, every built-in
design against today's relay across uncertain parameters and the design assumptions,
docs/robustness.md), then prints, per outcome, in what share of the sampled worlds each
design is better than the relay, as good or worse; the ranking by minimax regret (the
design whose worst shortfall against the best design in the same world is smallest
first); and for each question the box of parameter ranges where its answer is yes.

    python experiments/example_robustness.py --workers 2            # as the file says
    python experiments/example_robustness.py --families 2000 --samples 8 --replications 2 \\
        --designs relay,team,future --out results/robustness-try     # a quick look first

The results are also on disk, in results/NAME/ (or --out): robustness.csv, regret.csv,
boxes.csv, trajectory.csv, points.csv, figures/, runs.parquet, manifest.json.
"""

from __future__ import annotations

import argparse
import tomllib
from pathlib import Path

import pandas as pd

from sim.robustness import robustness, study_from_dict

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--experiment", type=Path, default=HERE / "robustness_designs.toml")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--dask", default=None, help="address of a dask.distributed scheduler")
    parser.add_argument("--families", type=int, help="override the experiment's families")
    parser.add_argument("--samples", type=int, help="override its sample points")
    parser.add_argument("--replications", type=int, help="override its replications")
    parser.add_argument("--designs", help="only these designs, e.g. relay,team (the first is "
                                          "the reference)")
    parser.add_argument("--out", type=Path, help="results folder (default: results/NAME)")
    args = parser.parse_args()

    # An experiment is a table laid out like the file; change it before running if you like.
    with args.experiment.open("rb") as handle:
        table = tomllib.load(handle)
    if args.families is not None:
        table["families"] = args.families
    if args.samples is not None:
        table.setdefault("sampling", {})["samples"] = args.samples
    if args.replications is not None:
        table["replications"] = args.replications
    if args.designs is not None:
        table["designs"] = args.designs.split(",")
        settings = table.setdefault("robustness", {})
        settings["reference"] = table["designs"][0]
        settings["questions"] = [q for q in settings.get("questions", [])
                                 if q["design"] in table["designs"][1:]]
    study = study_from_dict(table, source=str(args.experiment), folder=args.experiment.parent)

    result = robustness(study, args.out, workers=args.workers, dask_address=args.dask)
    if result.analysis is None:
        print(f"{result.batch.failed} runs failed or runs are missing; see "
              f"{result.out_dir}/failures.parquet and run again with resume=True")
        return
    found = result.analysis
    pd.set_option("display.width", 160)

    shares = found.robustness  # one row per outcome and design
    print(f"\nShare of {len(study.experiment.points)} sampled worlds where each design is "
          f"better than {study.reference}, as good, or worse (%):")
    print((100 * shares.set_index(["outcome", "design"])[
        ["share_better", "share_as_good", "share_worse"]]).round(0).to_string())

    regret = found.regret  # every design, the reference too
    print("\nRanking by minimax regret (1: the smallest largest shortfall), per outcome:")
    print(regret.pivot(index="design", columns="outcome", values="rank").to_string())

    boxes = found.boxes  # one row per question, method and parameter
    kept = boxes[(boxes["method"] == "prim") & boxes["restricted"].astype(bool)]
    for question, rows in kept.groupby("question", sort=False):
        first = rows.iloc[0]
        print(f"\n{question}: coverage {first['coverage']:.0%}, density "
              f"{first['density']:.0%}, where")
        for row in rows.itertuples():
            print(f"  {row.label}: {row.low:.4g} to {row.high:.4g} (of {row.range_low:.4g} "
                  f"to {row.range_high:.4g})")
    print(f"\nResults in {result.out_dir}/")


if __name__ == "__main__":
    main()
