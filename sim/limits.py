"""How much one command may start: runs, replications and worker processes.

A typo (`--reps 2**70`, an extra zero in an experiment's sample size) should
cost one line, not a silent machine for days, so every command that runs many
runs checks their number, with an estimate of the time, before the first starts.
A user who means it raises the limit with `--max-runs`.
"""

from __future__ import annotations

import os

from sim.input_errors import ScenarioError

MAX_RUNS = 20_000
"""Runs one command starts unless --max-runs says more (assumption: about a day of a
2-core machine at the built-in region's size)."""
MAX_REPS = 1_000
"""Replications per design of `opzet compare` (--reps, --max-reps); beyond it a
difference's interval narrows by under 3% more, at the cost of every run again."""
SECONDS_PER_FAMILY_WEEK = 1.5e-7
"""One core's time per family and simulated week (seconds; benchmarks/run_speed.py,
region run of 45,000 families over 7 years on the developer machine, rounded up):
only for the estimate in messages."""


def count_flag(text: str | None, flag: str, default: int, least: int = 1,
               most: int | None = None) -> int:
    """A flag that counts something (runs, replications, workers) as a whole number from
    `least` to `most`; `default` when not given. ScenarioError, one line, otherwise."""
    if text is None:
        return default
    try:
        value = int(text)
    except ValueError:
        raise ScenarioError(f"{flag} = {text!r}", "give a whole number") from None
    if value < least:
        raise ScenarioError(f"{flag} = {value}", f"must be at least {least}")
    if most is not None and value > most:
        raise ScenarioError(f"{flag} = {value}", f"must be at most {most:,}")
    return value


def cpus() -> int:
    """CPUs this process may use: the most local worker processes worth starting."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def check_workers(workers: int, flag: str = "--workers") -> int:
    """Refuse more local worker processes than CPUs: more only adds memory, not speed."""
    if workers > cpus():
        raise ScenarioError(flag, f"must be at most {cpus()}, the CPUs this machine gives "
                            f"this command, got {workers}; for more, use a Dask cluster "
                            "(--dask), where the workers set the pace")
    return workers


def check_runs(runs: int, families: int, weeks: int, workers: int, allowed: int | None,
               what: str) -> None:
    """Refuse more runs than `allowed` (default MAX_RUNS), saying how many and how long."""
    allowed = MAX_RUNS if allowed is None else allowed
    if runs <= allowed:
        return
    raise ScenarioError(what, f"{runs:,} runs of {families:,} families over {weeks:,} weeks "
                        f"would take about {estimate(runs, families, weeks, workers)} on "
                        f"{workers} worker(s), more than the limit of {allowed:,} runs; make "
                        f"it smaller, or raise the limit knowingly with --max-runs {runs}")


def estimate(runs: int, families: int, weeks: int, workers: int) -> str:
    """Time for `runs` runs as a person reads it (minutes, hours, days or years)."""
    seconds = runs * families * weeks * SECONDS_PER_FAMILY_WEEK / max(1, workers)
    for unit, size in (("years", 365 * 86400), ("days", 86400), ("hours", 3600),
                       ("minutes", 60)):
        if seconds >= 2 * size:
            return f"{seconds / size:,.0f} {unit}"
    return f"{seconds:.0f} seconds"
