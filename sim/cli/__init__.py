"""The `opzet` command: one module per subcommand, and here the one place that turns a
project error into one line on stderr.

Every mistake in a scenario file, an experiment, a flag or an output folder ends as
one line on stderr and exit status 2, before anything is written, so a typo never
costs a run or leaves a half-made results folder. Ctrl-C or a polite kill (SIGTERM)
ends as one line saying what was kept, and exit status 130; runs that failed where
the command needs them all, as one line and exit status 1.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from typing import Any

from sim.cli import (
    assumptions,
    batch,
    calibrate,
    compare,
    explore,
    params,
    report,
    robustness,
    run,
    sensitivity,
    validate,
)
from sim.errors import ProjectError
from sim.input_errors import ScenarioError
from sim.outputs import Interrupted
from sim.scenario import OVERRIDES

COMMANDS = (validate, params, assumptions, run, compare, batch, report, sensitivity, robustness,
            calibrate, explore)
"""Each module adds its command (`add`) and runs it (`main`)."""


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (2: unusable input, flags or output
    folder; 1: runs failed; 130: interrupted, with a line saying what was kept)."""
    args = _parser().parse_args(argv)
    in_main_thread = threading.current_thread() is threading.main_thread()
    if in_main_thread:
        before = signal.signal(signal.SIGTERM, _interrupt)  # a polite kill ends as Ctrl-C
    try:
        return args.command(args)
    except ProjectError as err:
        print(_message(err, args), file=sys.stderr)
        return err.exit_status
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
    for command in COMMANDS:
        command.add(commands)
    return parser


def _message(err: ProjectError, args: argparse.Namespace) -> str:
    """The error line; a bad flag value is named by its flag, not by 'overrides'."""
    if isinstance(err, ScenarioError) and err.source == OVERRIDES:
        for flag, (group, key) in run.SCENARIO_FLAGS.items():
            if err.key == f"{group}.{key}" and getattr(args, flag, None) is not None:
                return f"--{flag}: {err.problem}"
    return str(err)
