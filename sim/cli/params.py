"""`opzet params`: every parameter with its unit, range and source."""

from __future__ import annotations

import argparse
from typing import Any

from rich.console import Console
from rich.table import Table

from sim.paramdocs import format_range, format_value, parameter_rows


def add(commands: Any) -> None:
    parser = commands.add_parser("params", help="list every parameter with unit and source")
    parser.set_defaults(command=main)


def main(args: argparse.Namespace) -> int:
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
