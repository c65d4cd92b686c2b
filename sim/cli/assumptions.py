"""`opzet assumptions`: every place where designs may differ other than in their levers."""

from __future__ import annotations

import argparse
from typing import Any

from rich.table import Table

from sim.assumptions import rows
from sim.cli.flags import wide_console
from sim.paramdocs import format_value


def add(commands: Any) -> None:
    parser = commands.add_parser(
        "assumptions", help="list the design assumptions: where designs may differ other "
                            "than in their levers, with neutral value, range and evidence")
    parser.set_defaults(command=main)


def main(args: argparse.Namespace) -> int:
    table = Table(title="Design assumptions (docs/assumptions.md has their mechanisms)")
    for column in ("assumption", "applies to", "default", "neutral", "range", "unit",
                   "moves", "evidence"):
        table.add_column(column, no_wrap=column in ("assumption", "range"))
    for row in rows():
        table.add_row(f"assumptions.{row['name']}", row["design"], format_value(row["value"]),
                      format_value(row["neutral"]),
                      f"{format_value(row['low'])} – {format_value(row['high'])}", row["unit"],
                      row["moves"], row["evidence"])
    wide_console().print(table)
    return 0
