"""`opzet validate FILE`: check a scenario file."""

from __future__ import annotations

import argparse
from typing import Any

from sim.scenario import load_scenario


def add(commands: Any) -> None:
    parser = commands.add_parser("validate", help="check a scenario file")
    parser.add_argument("file", metavar="FILE", help="scenario file (TOML)")
    parser.set_defaults(command=main)


def main(args: argparse.Namespace) -> int:
    scenario = load_scenario(args.file)
    print(f"{args.file}: valid (name: {scenario.name}, design: {scenario.design.model})")
    return 0
