"""`opzet run [SCENARIO]`: run one scenario and write its results to a folder."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sim.cli.flags import flag_value, print_frame
from sim.scenario import load_scenario

SCENARIO_FLAGS = {
    "design": ("design", "model"),
    "seed": ("run", "seed"),
    "years": ("run", "years"),
    "families": ("run", "families"),
}
"""Flags that override a parameter: flag name -> (group, key); a bad value is named by
its flag (sim.cli.main)."""


def add(commands: Any) -> None:
    parser = commands.add_parser("run", help="run a scenario and write its results to a folder")
    parser.add_argument("scenario", metavar="SCENARIO", nargs="?",
                        help="scenario file (TOML); default: the built-in region")
    parser.add_argument("--design", help="relay or team")
    parser.add_argument("--seed", type=flag_value, help="base seed of all random streams")
    parser.add_argument("--years", type=flag_value, help="years reported after the warm-up")
    parser.add_argument("--families", type=flag_value, help="number of families")
    parser.add_argument("--out", metavar="DIR", type=Path,
                        help="results folder (default: results/run-<design>-seed<seed>)")
    parser.set_defaults(command=main)


def main(args: argparse.Namespace) -> int:
    overrides: dict[str, dict[str, Any]] = {}
    for flag, (group, key) in SCENARIO_FLAGS.items():
        value = getattr(args, flag)
        if value is not None:
            overrides.setdefault(group, {})[key] = value
    scenario = load_scenario(args.scenario, overrides)
    out_dir = args.out or Path("results") / f"run-{scenario.design.model}-seed{scenario.run.seed}"

    from sim.runner import run_to_folder  # heavy (the model); validate and params do without

    summary = run_to_folder(scenario, out_dir, inputs=(args.scenario,) if args.scenario else ())
    frame = summary.reset_index() if summary.index.name is not None else summary
    print_frame(frame, f"{scenario.name}: design {scenario.design.model}, results in {out_dir}",
                left=frame.columns[:1])
    return 0
