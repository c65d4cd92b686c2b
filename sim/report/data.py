"""What a report is made from: a comparison or batch results folder, read and checked.

`load(folder)` reads the folder `opzet compare` or `opzet batch` wrote and, when
present, the detail for the pictures (sim.details; a batch keeps it for its sample
point 0 only, see sim.batch) and sensitivity indices (`indices.csv` of `opzet
sensitivity`, in the folder or in `sensitivity/`). A folder it cannot use raises
ReportError with one line for a person.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from sim.compare import paired_table
from sim.details import Details
from sim.summary import MEASURES

INDEX_COLUMNS = ["method", "outcome", "parameter", "label", "unit", "index", "value",
                 "ci_low", "ci_high", "sample_share"]
"""Columns of a sensitivity analysis's indices.csv."""


class ReportError(ValueError):
    """A results folder a report cannot be made from; `str(err)` is one line."""


@dataclass
class ReportData:
    """Everything a report shows, read from one results folder."""

    folder: Path
    kind: str  # "compare" or "batch"
    designs: list[str]  # in the given order; the first is the reference
    runs: pd.DataFrame  # design, replication (pairing key), one column per outcome
    table: pd.DataFrame  # sim.compare.COLUMNS
    families: int  # families per run
    years: int  # reported years per run
    details: Details | None
    sensitivity: pd.DataFrame | None  # INDEX_COLUMNS

    @property
    def reference(self) -> str:
        return self.designs[0]

    @property
    def reps(self) -> int:
        """Paired replications per design."""
        return int(self.runs.groupby("design")["replication"].nunique().min())


def load(folder: str | Path) -> ReportData:
    """Read a comparison or batch results folder (ReportError when it is not one)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ReportError(f"{folder}: no such folder; give the results folder of "
                          "`opzet compare` or `opzet batch`")
    manifest = _manifest(folder)
    if (folder / "comparison.csv").exists() and (folder / "runs.parquet").exists():
        kind, designs, run = "compare", list(manifest.get("designs", {})), _compare_run(manifest)
        runs = pd.read_parquet(folder / "runs.parquet")
    elif "experiment" in manifest and (folder / "runs.parquet").exists():
        kind, designs, run = "batch", list(manifest["experiment"]["designs"]), \
            manifest["experiment"]["run"]
        runs = pd.read_parquet(folder / "runs.parquet")
        pairs = runs[["sample", "replication"]].drop_duplicates().sort_values(
            ["sample", "replication"])
        key = {pair: k for k, pair in enumerate(pairs.itertuples(index=False, name=None))}
        runs = runs.assign(replication=[key[pair] for pair in zip(
            runs["sample"], runs["replication"], strict=True)])
    else:
        what = " (it holds sensitivity results only)" if manifest.get("kind") == "sensitivity" \
            else ""
        raise ReportError(f"{folder}: holds no comparison or batch results{what}: no "
                          "comparison.csv or runs.parquet; make one with `opzet compare --out "
                          f"{folder}` or `opzet batch`")
    designs = [d for d in designs if d in set(runs["design"])] or \
        list(dict.fromkeys(runs["design"]))
    if len(designs) < 2:
        raise ReportError(f"{folder}/runs.parquet: a report compares designs, but it holds "
                          f"{len(designs)}")
    outcomes = [name for name in MEASURES if name in runs.columns]
    table = paired_table(runs, designs[0], outcomes, designs)
    return ReportData(folder, kind, designs, runs, table, int(run["families"]),
                      int(run["years"]), Details.read(folder), _sensitivity(folder))


def _manifest(folder: Path) -> dict[str, Any]:
    path = folder / "manifest.json"
    if not path.exists():
        raise ReportError(f"{folder}: holds no manifest.json, so no results of `opzet compare` "
                          "or `opzet batch`")
    try:
        return json.loads(path.read_text())
    except json.JSONDecodeError as err:
        raise ReportError(f"{path}: not readable JSON ({err.msg}, line {err.lineno})") from None


def _compare_run(manifest: dict[str, Any]) -> dict[str, Any]:
    """The run settings of the reference design (every design runs the same)."""
    designs = manifest.get("designs") or {}
    first = next(iter(designs.values()), {})
    return first.get("scenario", {}).get("run", {"families": 0, "years": 0})


def _sensitivity(folder: Path) -> pd.DataFrame | None:
    for path in (folder / "indices.csv", folder / "sensitivity" / "indices.csv"):
        if path.exists():
            indices = pd.read_csv(path)
            missing = [c for c in INDEX_COLUMNS if c not in indices.columns]
            if missing:
                raise ReportError(f"{path}: missing column(s) {', '.join(missing)}; expected "
                                  f"{', '.join(INDEX_COLUMNS)}")
            return indices
    return None
