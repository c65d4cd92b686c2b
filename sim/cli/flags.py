"""Flags several commands share, each defined once: where runs run (`--workers`,
`--dask`), `--resume`, `--max-runs`, `--precision`, a number flag, and a table of
results on screen."""

from __future__ import annotations

import argparse
import math
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from sim.cluster import Where
from sim.input_errors import ScenarioError
from sim.limits import MAX_RUNS, check_workers, count_flag, cpus
from sim.paramdocs import format_value

MAX_RUNS_HELP = (f"refuse to start more runs than this (default {MAX_RUNS:,}; the message "
                 "says how many and how long)")


def flag_value(text: str) -> int | float | str:
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


def add_running(parser: argparse.ArgumentParser) -> None:
    """The flags of every command that runs models: where, how many at most, resume."""
    parser.add_argument("--workers", metavar="N",
                        help="local worker processes (default and most: the number of CPUs)")
    parser.add_argument("--dask", metavar="ADDRESS",
                        help="send the runs to a running dask.distributed scheduler, "
                             "e.g. tcp://host:8786")
    parser.add_argument("--max-runs", metavar="N", help=MAX_RUNS_HELP)
    parser.add_argument("--resume", action="store_true",
                        help="keep the runs already in the results folder; run only the "
                             "missing ones (and the failed ones again)")


def where(args: argparse.Namespace) -> Where:
    """--workers (default: the CPUs) or --dask, refused together."""
    if args.workers is not None and args.dask is not None:
        raise ScenarioError("--workers", "give --workers (processes on this machine) or "
                            "--dask (a cluster), not both")
    return Where(check_workers(count_flag(args.workers, "--workers", cpus())), args.dask)


def max_runs(args: argparse.Namespace) -> int:
    return count_flag(args.max_runs, "--max-runs", MAX_RUNS)


def add_precision(parser: argparse.ArgumentParser, first: str) -> None:
    """--precision and --max-reps; `first`: what the first round is."""
    parser.add_argument("--precision", metavar="P",
                        help="add replications until every difference's 95%% interval has a "
                             "half-width of at most P times the reference mean, e.g. 0.05 "
                             f"(the first round: {first})")
    parser.add_argument("--max-reps", metavar="N",
                        help="with --precision: stop at this many replications (default 100)")


def precision(args: argparse.Namespace) -> float | None:
    """--precision as a positive number (None when not given)."""
    if args.precision is None:
        return None
    try:
        value = float(args.precision)
    except ValueError:
        raise ScenarioError(f"--precision = {args.precision!r}",
                            "give a number such as 0.05") from None
    if not value > 0 or math.isinf(value):
        raise ScenarioError(f"--precision = {args.precision}",
                            "give a positive relative half-width such as 0.05")
    return value


def print_frame(frame: Any, title: str, left: Any = ()) -> None:
    """A table of results, numbers as `opzet params` writes them; piped into a file, wide
    enough for one line per row."""
    table = Table(title=title)
    for column in frame.columns:
        table.add_column(str(column), justify="left" if column in left else "right")
    for values in frame.itertuples(index=False):
        table.add_row(*(format_value(v) for v in values))
    wide_console().print(table)


def wide_console() -> Console:
    """The screen; piped or redirected, wide lines rather than 80 columns."""
    console = Console()
    return console if console.is_terminal else Console(width=160)


def add_experiment_command(commands: Any, name: str, handler: Any,
                           **texts: str) -> argparse.ArgumentParser:
    """A command that runs an experiment file's runs (batch, sensitivity): the file, where
    and how its runs run, and the results folder."""
    parser = commands.add_parser(name, **texts)
    parser.set_defaults(command=handler)
    parser.add_argument("experiment", metavar="EXPERIMENT", help="experiment file (TOML)")
    add_running(parser)
    parser.add_argument("--out", metavar="DIR", type=Path,
                        help="results folder (default: results/NAME)")
    return parser
