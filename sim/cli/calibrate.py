"""`opzet calibrate SCENARIO TARGETS`: fit a scenario's free parameters to public figures
(sim.calibration does the fitting), and show targets against simulated values."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from sim.cli import flags
from sim.cluster import Where
from sim.input_errors import ScenarioError
from sim.limits import check_runs
from sim.outputs import OutputError, check_folder
from sim.scenario import load_scenario


def add(commands: Any) -> None:
    parser = commands.add_parser(
        "calibrate", help="fit a scenario's free parameters to public figures",
        description="Fit the parameters a scenario marks as free ([calibration.free]) within "
                    "their plausible ranges so that its runs, scaled to the country, match a "
                    "targets file; check the fit on fresh seeds and write the fitted scenario "
                    "and a table of targets against simulated values (docs/calibration.md).")
    parser.add_argument("scenario", metavar="SCENARIO", help="scenario file (TOML)")
    parser.add_argument("targets", metavar="TARGETS", help="targets file (TOML)")
    flags.add_running(parser)
    parser.add_argument("--out", metavar="DIR", type=Path,
                        help="results folder (default: results/calibrate-<scenario>)")
    parser.add_argument("--fitted", metavar="FILE", type=Path,
                        help="also write the fitted scenario here (e.g. over SCENARIO "
                             "itself); replaced only once the fit is done")
    parser.set_defaults(command=main)


def main(args: argparse.Namespace) -> int:
    """Check everything (one line and exit 2, before any run), fit, write, print."""
    from sim.calibration import calibrate  # heavy (the model)

    out_dir, where = _check(args)
    console = Console()
    result = calibrate(args.scenario, args.targets, workers=where.workers, dask=where.dask,
                       out_dir=out_dir, fitted=args.fitted, resume=args.resume, progress=True,
                       report=lambda line: console.print(line))
    table = Table(title=f"{Path(args.scenario).name} against {Path(args.targets).name}: "
                        f"{result.met} of {result.fitted_targets} fitted targets met")
    for column in ("target", "figure", "simulated (95% CI)", "error", "tolerance", "met"):
        table.add_column(column, justify="left" if column == "target" else "right")
    for row in result.table.itertuples():
        table.add_row(row.target, f"{row.value:,.0f}",
                      f"{row.simulated:,.0f} [{row.ci_low:,.0f}, {row.ci_high:,.0f}]",
                      f"{row.relative_error:+.0%}", f"±{row.tolerance:.0%}",
                      ("yes" if row.met else "no") if row.fit else "reference")
    console.print(table)
    for row in result.table.itertuples():
        if row.fit and not row.met:
            console.print(f"{row.target} not met: {row.why_not}")
    console.print("fitted values: " + ", ".join(f"{k} = {v}" for k, v in result.best.items()))
    console.print(f"results in {out_dir}/ (fitted.toml, targets.csv, trace.csv, manifest.json)"
                  + (f"; fitted scenario also in {args.fitted}" if args.fitted else ""))
    return 0


def _check(args: argparse.Namespace) -> tuple[Path, Where]:
    """Everything that can be checked before a run; the results folder and the workers."""
    from sim.calibration import check_fitted, most_runs
    from sim.free import free_parameters
    from sim.targets import load_targets

    where = flags.where(args)
    max_runs = flags.max_runs(args)
    scenario = load_scenario(args.scenario)
    free = free_parameters(scenario, args.scenario)
    load_targets(args.targets)
    run = scenario.run
    check_runs(most_runs(scenario, free), run.families, 52 * (run.years + run.warmup_years),
               where.workers, max_runs, args.scenario)
    if args.fitted is not None and not args.fitted.parent.is_dir():
        raise ScenarioError("--fitted", f"{args.fitted}: folder {args.fitted.parent} does "
                            "not exist")
    out_dir = args.out or Path("results") / f"calibrate-{Path(args.scenario).stem}"
    check_fitted(args.fitted, args.targets)
    if args.fitted is not None and out_dir.resolve() in args.fitted.resolve().parents:
        raise OutputError("--fitted", args.fitted, f"is inside the results folder "
                          f"{out_dir}, whose fitted.toml holds it already")
    check_folder(out_dir, "calibrate", [args.scenario, args.targets])
    return out_dir, where
