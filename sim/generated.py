"""Documents generated from the code (`python -m sim.paramdocs`, `python -m
sim.assumptions`): written on request, or checked (`--check`, exit 1 when stale) so CI
fails when the documentation drifts from the code."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs"


def write_or_check(path: Path, text: str, command: str, argv: list[str] | None) -> int:
    """Write `text` to `path`, or with --check in `argv` say whether it is current."""
    parser = argparse.ArgumentParser(prog=command, description=f"Write {path.name}.")
    parser.add_argument("--check", action="store_true",
                        help=f"exit 1 if {path.name} differs from the code")
    args = parser.parse_args(argv)
    if args.check:
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            return 0
        print(f"{path} is out of date; run: {command}", file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path}")
    return 0
