"""`opzet report RESULTS_DIR`: figures and a report of a comparison or batch."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def add(commands: Any) -> None:
    parser = commands.add_parser(
        "report", help="figures and a report (HTML or PDF, Dutch or English) of a comparison",
        description="Turn the results folder of `opzet compare` or `opzet batch` into one "
                    "self-contained report (RESULTS_DIR/report-<lang>.html, figures embedded) "
                    "and every figure as PNG and SVG in RESULTS_DIR/figures/.")
    parser.add_argument("folder", metavar="RESULTS_DIR", type=Path,
                        help="results folder of opzet compare or opzet batch")
    parser.add_argument("--lang", default="nl", help="nl (default) or en")
    parser.add_argument("--format", default="html", help="html (default) or pdf")
    parser.add_argument("--out", metavar="FILE", type=Path,
                        help="report file (default: RESULTS_DIR/report-<lang>.<format>)")
    parser.set_defaults(command=main)


def main(args: argparse.Namespace) -> int:
    from sim.report.build import build_report  # heavy (matplotlib)

    path = build_report(args.folder, args.lang, args.format, args.out)
    print(f"report: {path}; figures in {Path(args.folder) / 'figures'}")
    return 0
