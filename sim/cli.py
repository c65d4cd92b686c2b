"""The `opzet` command: validate a scenario, list the parameters, or run a scenario.

Every mistake in a scenario file or a flag ends as one line on stderr and exit
status 2, before anything is written, so a typo never costs a run or leaves a
half-made results folder.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from sim.limits import MAX_RUNS, check_workers, count_flag, cpus
from sim.outputs import Interrupted
from sim.paramdocs import format_range, format_value, parameter_rows
from sim.scenario import OVERRIDES, ScenarioError, load_scenario

RUN_FLAGS = {
    "design": ("design", "model"),
    "seed": ("run", "seed"),
    "years": ("run", "years"),
    "families": ("run", "families"),
}
"""Flags of `opzet run` that override a parameter: flag name -> (group, key)."""
MAX_RUNS_HELP = (f"refuse to start more runs than this (default {MAX_RUNS:,}; the message "
                 "says how many and how long)")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (2: unusable input, flags or output
    folder; 130: interrupted, with a line saying what was kept)."""
    args = _parser().parse_args(argv)
    in_main_thread = threading.current_thread() is threading.main_thread()
    if in_main_thread:
        before = signal.signal(signal.SIGTERM, _interrupt)  # a polite kill ends as Ctrl-C
    try:
        return args.command(args)
    except ScenarioError as err:
        print(_message(err, args), file=sys.stderr)
        return 2
    except KeyboardInterrupt as err:
        kept = str(err) if isinstance(err, Interrupted) else \
            "nothing was written; earlier results are as they were"
        print(f"interrupted: {kept}", file=sys.stderr)
        return 130
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, before)


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="opzet", description="Simulate designs of Dutch child and family protection.")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check a scenario file")
    validate.add_argument("file", metavar="FILE", help="scenario file (TOML)")
    validate.set_defaults(command=_validate)

    params = commands.add_parser("params", help="list every parameter with unit and source")
    params.set_defaults(command=_params)

    run = commands.add_parser("run", help="run a scenario and write its results to a folder")
    run.add_argument("scenario", metavar="SCENARIO", nargs="?",
                     help="scenario file (TOML); default: the built-in region")
    run.add_argument("--design", help="relay or team")
    run.add_argument("--seed", type=_flag_value, help="base seed of all random streams")
    run.add_argument("--years", type=_flag_value, help="years reported after the warm-up")
    run.add_argument("--families", type=_flag_value, help="number of families")
    run.add_argument("--out", metavar="DIR", type=Path,
                     help="results folder (default: results/run-<design>-seed<seed>)")
    run.set_defaults(command=_run)
    _add_compare(commands)
    _add_batch(commands)
    _add_report(commands)
    _add_sensitivity(commands)
    _add_calibrate(commands)
    return parser


def _flag_value(text: str) -> int | float | str:
    """A number flag as a number when it reads as one, else the text as given.

    Range and type are left to scenario validation, so a bad flag gets the
    same one-line message as a bad file.
    """
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def _message(err: ScenarioError, args: argparse.Namespace) -> str:
    """The error line; a bad flag value is named by its flag, not by 'overrides'."""
    if err.source == OVERRIDES:
        for flag, key in RUN_FLAGS.items():
            if err.key == ".".join(key) and getattr(args, flag, None) is not None:
                return f"--{flag}: {err.problem}"
    return str(err)


def _validate(args: argparse.Namespace) -> int:
    scenario = load_scenario(args.file)
    print(f"{args.file}: valid (name: {scenario.name}, design: {scenario.design.model})")
    return 0


def _params(args: argparse.Namespace) -> int:
    table = Table(title="Parameters (docs/parameters.md has their meaning)")
    for column in ("path", "default", "unit", "range", "source"):
        table.add_column(column, no_wrap=column in ("path", "default", "range"))
    for row in parameter_rows():
        table.add_row(row["path"], format_value(row["default"]), row["unit"], format_range(row),
                      row["source"])
    console = Console()
    # Piped into grep or a file: one line per parameter rather than the default 80 columns.
    (console if console.is_terminal else Console(width=200)).print(table)
    return 0


def _run(args: argparse.Namespace) -> int:
    overrides: dict[str, dict[str, Any]] = {}
    for flag, (group, key) in RUN_FLAGS.items():
        value = getattr(args, flag)
        if value is not None:
            overrides.setdefault(group, {})[key] = value
    scenario = load_scenario(args.scenario, overrides)
    out_dir = args.out or Path("results") / f"run-{scenario.design.model}-seed{scenario.run.seed}"

    from sim.runner import run_to_folder  # heavy (the model); validate and params do without

    summary = run_to_folder(scenario, out_dir, inputs=(args.scenario,) if args.scenario else ())
    frame = summary.reset_index() if summary.index.name is not None else summary
    _print_frame(frame, f"{scenario.name}: design {scenario.design.model}, results in {out_dir}",
                 left=frame.columns[:1])
    return 0


def _print_frame(frame: Any, title: str, left: Any = ()) -> None:
    """A table of results, numbers as `opzet params` writes them; piped into a file, wide
    enough for one line per row."""
    table = Table(title=title)
    for column in frame.columns:
        table.add_column(str(column), justify="left" if column in left else "right")
    for values in frame.itertuples(index=False):
        table.add_row(*(format_value(v) for v in values))
    console = Console()
    (console if console.is_terminal else Console(width=160)).print(table)


def _add_compare(commands: Any) -> None:
    compare = commands.add_parser(
        "compare", help="run designs on the same seeds and compare them with the first",
        description="Run every design on the same seeds (common random numbers) and report, "
                    "per outcome, the mean per design and the paired difference to the first "
                    "design with a 95%% confidence interval.")
    compare.add_argument("scenarios", metavar="SCENARIO", nargs="*",
                         help="scenario files (TOML), one design each, the first the "
                              "reference; none: the built-in designs on the default region")
    compare.add_argument("--designs", metavar="NAMES",
                         help="built-in designs to run, comma-separated, the first the "
                              "reference (default: all: relay, team, independent_review, "
                              "client_support, family_inside, family_centre, future)")
    compare.add_argument("--base", metavar="FILE",
                         help="region the built-in designs are applied to (scenario file; "
                              "default: the built-in region)")
    compare.add_argument("--reps", metavar="N",
                         help="replications per design (default 10; with --precision the "
                              "first round, default 5)")
    compare.add_argument("--precision", metavar="P",
                         help="add replications until every difference's 95%% interval has a "
                              "half-width of at most P times the reference mean, e.g. 0.05")
    compare.add_argument("--max-reps", metavar="N",
                         help="with --precision: stop at this many replications (default 100)")
    compare.add_argument("--outcomes", metavar="A,B,C",
                         help="outcomes to show and, with --precision, to watch "
                              "(default: all; watched: handoffs, court_orders, days_to_help, "
                              "lasting_reduction)")
    compare.add_argument("--seed", type=_flag_value, help="base seed of the replications")
    compare.add_argument("--years", type=_flag_value, help="years reported after the warm-up")
    compare.add_argument("--families", type=_flag_value, help="number of families")
    compare.add_argument("--workers", metavar="N",
                         help="runs at the same time (default and most: the number of CPUs)")
    compare.add_argument("--max-runs", metavar="N", help=MAX_RUNS_HELP)
    compare.add_argument("--out", metavar="DIR", type=Path,
                         help="results folder (default: results/compare-<date>-<time>)")
    compare.set_defaults(command=_compare)


def _compare(args: argparse.Namespace) -> int:
    from sim.compare import run_command  # heavy (the model); validate and params do without

    return run_command(args)


def _add_batch(commands: Any) -> None:
    _add_experiment_command(
        commands, "batch", _batch,
        help="run every run of an experiment file; results in results/NAME/",
        description="Run every design x sample point x replication of an experiment file "
                    "(experiments/*.toml) and write one row per run (runs.parquet), per-year "
                    "series (yearly.parquet) and manifest.json to results/NAME/. Each run is "
                    "saved as it finishes; --resume runs only what is missing.")


def _add_experiment_command(commands: Any, name: str, handler: Any, **texts: str) -> None:
    """A command that runs an experiment file's runs (batch, sensitivity): the file and
    where and how its runs run."""
    parser = commands.add_parser(name, **texts)
    parser.set_defaults(command=handler)
    parser.add_argument("experiment", metavar="EXPERIMENT", help="experiment file (TOML)")
    parser.add_argument("--workers", metavar="N",
                        help="local worker processes (default 1: in this process; at most "
                             "the number of CPUs)")
    parser.add_argument("--dask", metavar="ADDRESS",
                        help="send the runs to a running dask.distributed scheduler, "
                             "e.g. tcp://host:8786")
    parser.add_argument("--max-runs", metavar="N", help=MAX_RUNS_HELP)
    parser.add_argument("--resume", action="store_true",
                        help="keep the runs already in the results folder; run only the "
                             "missing ones (and the failed ones again)")
    parser.add_argument("--out", metavar="DIR", type=Path,
                        help="results folder (default: results/NAME)")


def _workers(args: argparse.Namespace) -> int:
    """--workers as a whole number (default 1), refused together with --dask."""
    if args.workers is not None and args.dask is not None:
        raise ScenarioError("--workers", "give --workers (processes on this machine) or "
                            "--dask (a cluster), not both")
    return check_workers(count_flag(args.workers, "--workers", 1))


def _run_experiment(args: argparse.Namespace, load: Any, run: Any) -> tuple[Any, Any]:
    """The experiment file loaded with `load`, and `run` of it on the flags' workers or
    Dask."""
    workers = _workers(args)
    loaded = load(args.experiment)
    return loaded, run(loaded, args.out, workers=workers, dask_address=args.dask,
                       resume=args.resume,
                       max_runs=count_flag(args.max_runs, "--max-runs", MAX_RUNS))


def _batch(args: argparse.Namespace) -> int:
    from sim.batch import failure_summary, run_batch  # heavy (the model)
    from sim.experiment import load_experiment

    experiment, result = _run_experiment(args, load_experiment, run_batch)
    if len(result.runs):
        means = result.runs.groupby("design", sort=False)[experiment.outcomes].mean()
        table = Table(title=f"{experiment.name}: mean over runs per design")
        table.add_column("outcome")
        for design in means.index:
            table.add_column(str(design), justify="right")
        for outcome in experiment.outcomes:
            table.add_row(outcome, *(format_value(v) for v in means[outcome]))
        Console().print(table)
    print(f"{len(result.runs)} of {result.manifest['runs']} runs done; results in "
          f"{result.out_dir}/ (runs.parquet, yearly.parquet, details/, manifest.json)")
    if result.failed:
        print(failure_summary(result), file=sys.stderr)
        return 1
    return 0


def _add_sensitivity(commands: Any) -> None:
    _add_experiment_command(
        commands, "sensitivity", _sensitivity,
        help="which uncertain parameters drive the outcomes (Sobol or Morris)",
        description="Run the sample points of an experiment file with a [sensitivity] table "
                    "(Sobol or Morris, docs/sensitivity.md) through the batch runner, each "
                    "replicated on common seeds, and write indices with bootstrap intervals "
                    "and their values on 1/4 and 1/2 of the sample (indices.csv, "
                    "indices.parquet), replication noise (noise.csv), warnings.txt, figures/ "
                    "and manifest.json to results/NAME/.")


def _sensitivity(args: argparse.Namespace) -> int:
    from sim.batch import failure_summary  # heavy (the model)
    from sim.sensitivity import load_study, run_sensitivity, strongest

    study, result = _run_experiment(args, load_study, run_sensitivity)
    if result.analysis is None:
        print(failure_summary(result.batch) if result.batch.failed else
              "runs are missing; run the same command with --resume", file=sys.stderr)
        return 1
    _print_frame(strongest(result.analysis),
                 f"{study.experiment.name}: strongest parameters per outcome "
                 f"({study.settings.confidence:.0%} interval; value on 1/4 and 1/2 of the "
                 "sample)", left=("outcome", "parameter"))
    for line in result.analysis.warnings:
        print(f"warning: {line}", file=sys.stderr)
    print(f"results in {result.out_dir}/ (indices.csv, indices.parquet, noise.csv, "
          "warnings.txt, figures/, runs.parquet, manifest.json)")
    return 0


def _add_calibrate(commands: Any) -> None:
    calibrate = commands.add_parser(
        "calibrate", help="fit a scenario's free parameters to public figures",
        description="Fit the parameters a scenario marks as free ([calibration.free]) within "
                    "their plausible ranges so that its runs, scaled to the country, match a "
                    "targets file; check the fit on fresh seeds and write the fitted scenario "
                    "and a table of targets against simulated values (docs/calibration.md).")
    calibrate.add_argument("scenario", metavar="SCENARIO", help="scenario file (TOML)")
    calibrate.add_argument("targets", metavar="TARGETS", help="targets file (TOML)")
    calibrate.add_argument("--workers", metavar="N",
                           help="runs at the same time (default and most: the number of "
                                "CPUs)")
    calibrate.add_argument("--max-runs", metavar="N", help=MAX_RUNS_HELP)
    calibrate.add_argument("--out", metavar="DIR", type=Path,
                           help="results folder (default: results/calibrate-<scenario>)")
    calibrate.add_argument("--fitted", metavar="FILE", type=Path,
                           help="also write the fitted scenario here (e.g. over SCENARIO "
                                "itself); replaced only once the fit is done")
    calibrate.set_defaults(command=_calibrate)


def _calibrate(args: argparse.Namespace) -> int:
    args.workers = check_workers(count_flag(args.workers, "--workers", cpus()))
    args.max_runs = count_flag(args.max_runs, "--max-runs", MAX_RUNS)
    from sim.calibration import run_command  # heavy (the model)

    return run_command(args)


def _add_report(commands: Any) -> None:
    report = commands.add_parser(
        "report", help="figures and a report (HTML or PDF, Dutch or English) of a comparison",
        description="Turn the results folder of `opzet compare` or `opzet batch` into one "
                    "self-contained report (RESULTS_DIR/report-<lang>.html, figures embedded) "
                    "and every figure as PNG and SVG in RESULTS_DIR/figures/.")
    report.add_argument("folder", metavar="RESULTS_DIR", type=Path,
                        help="results folder of opzet compare or opzet batch")
    report.add_argument("--lang", default="nl", help="nl (default) or en")
    report.add_argument("--format", default="html", help="html (default) or pdf")
    report.add_argument("--out", metavar="FILE", type=Path,
                        help="report file (default: RESULTS_DIR/report-<lang>.<format>)")
    report.set_defaults(command=_report)


def _report(args: argparse.Namespace) -> int:
    from sim.report.build import run_command  # heavy (matplotlib)

    return run_command(args)


if __name__ == "__main__":
    raise SystemExit(main())
