"""Regenerate tests/baseline_yearly.csv: the yearly table of a fixed small scenario.

    python tests/update_baseline.py

Runs the relay and the team design on one fixed seed and writes both yearly tables
(with a `design` column). When the file already exists it first prints every
column and value that changed (old -> new), so a reviewer of the commit sees
what a model change did to the numbers. `tests/test_baseline.py` reruns the same
scenario and fails on any difference: rerun this script when a change to the
model is meant to change results.
"""

from __future__ import annotations

import io
import math
import sys
from pathlib import Path

import pandas as pd

from sim.model import ProtectionModel
from sim.scenario import load_scenario

BASELINE = Path(__file__).resolve().parent / "baseline_yearly.csv"
DESIGNS = ("relay", "team")
RUN = {"families": 8000, "years": 3, "warmup_years": 1, "seed": 7, "record_events": False}
KEY = ["design", "year"]


def baseline_frame() -> pd.DataFrame:
    """The yearly tables of both designs on the fixed scenario, one after the other."""
    frames = []
    for design in DESIGNS:
        scenario = load_scenario(None, {"run": RUN, "design": {"model": design}})
        model = ProtectionModel(scenario)
        model.run()
        yearly = model.yearly_table()
        yearly.insert(0, "design", design)
        frames.append(yearly)
    return pd.concat(frames, ignore_index=True)


def to_csv_text(frame: pd.DataFrame) -> str:
    """CSV as stored: floats written with their shortest exact representation."""
    return frame.to_csv(index=False, lineterminator="\n")


def read_csv_text(text: str) -> pd.DataFrame:
    """Read stored CSV back with exact floats, so equal files give equal frames
    (pandas 3 parses floats exactly by default; pandas 2 needs asking)."""
    exact = {} if int(pd.__version__.split(".")[0]) >= 3 else {"float_precision": "round_trip"}
    return pd.read_csv(io.StringIO(text), **exact)


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return a == b


def describe_changes(old: pd.DataFrame, new: pd.DataFrame) -> list[str]:
    """Every difference between two baseline frames, one line each (empty: identical)."""
    lines: list[str] = []
    for column in old.columns.difference(new.columns, sort=False):
        lines.append(f"column removed: {column}")
    for column in new.columns.difference(old.columns, sort=False):
        lines.append(f"column added: {column}")
    old_rows = {tuple(row): i for i, row in enumerate(old[KEY].itertuples(index=False))}
    new_rows = {tuple(row): i for i, row in enumerate(new[KEY].itertuples(index=False))}
    for key in old_rows.keys() - new_rows.keys():
        lines.append(f"row removed: design={key[0]} year={key[1]}")
    for key in new_rows.keys() - old_rows.keys():
        lines.append(f"row added: design={key[0]} year={key[1]}")
    shared = [c for c in old.columns if c in new.columns and c not in KEY]
    for key in sorted(old_rows.keys() & new_rows.keys(), key=lambda k: (str(k[0]), k[1])):
        before, after = old.iloc[old_rows[key]], new.iloc[new_rows[key]]
        for column in shared:
            a, b = before[column], after[column]
            a = a.item() if hasattr(a, "item") else a
            b = b.item() if hasattr(b, "item") else b
            if not _same(a, b):
                lines.append(f"design={key[0]} year={key[1]} {column}: {a!r} -> {b!r}")
    return lines


def main() -> int:
    new_text = to_csv_text(baseline_frame())
    if BASELINE.exists():
        old_text = BASELINE.read_text()
        if old_text == new_text:
            print(f"{BASELINE.name}: unchanged")
            return 0
        changes = describe_changes(read_csv_text(old_text), read_csv_text(new_text))
        print(f"{BASELINE.name}: {len(changes)} change(s) (old -> new):")
        for line in changes or ["(formatting only)"]:
            print("  " + line)
    else:
        print(f"{BASELINE.name}: new file")
    BASELINE.write_text(new_text)
    print(f"wrote {BASELINE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
