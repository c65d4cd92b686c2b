"""What a report is made from: a comparison or batch results folder, read and checked.

`load(folder)` reads the folder `opzet compare` or `opzet batch` wrote and, when
present, the detail for the pictures (sim.details; a batch keeps it for its sample
point 0 only, see sim.batch), sensitivity indices (`indices.csv` of `opzet
sensitivity`, in the folder or in `sensitivity/`), the parts of each difference
(`attribution.csv` of `opzet compare --explain`) and the tables of `opzet robustness`. A
folder it cannot use (missing, foreign, or any file it reads damaged or of another shape)
raises ReportError with one line for a person naming the folder or the file, never a
traceback.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from sim.details import Details
from sim.errors import ProjectError
from sim.robustness_analysis import POINT_COLUMNS, REGRET_COLUMNS, ROBUSTNESS_COLUMNS
from sim.scenario_discovery import BOX_COLUMNS, TRAJECTORY_COLUMNS
from sim.statistics import COLUMNS as COMPARISON_COLUMNS
from sim.statistics import paired_table
from sim.summary import MEASURES

INDEX_COLUMNS = ["method", "outcome", "parameter", "label", "unit", "index", "value",
                 "ci_low", "ci_high", "sample_share"]
"""Columns of a sensitivity analysis's indices.csv."""
ATTRIBUTION_COLUMNS = ["design", "outcome", "part", "label", "mean", "ci_low", "ci_high", "n"]
"""Columns of attribution.csv (sim.attribution.COLUMNS; the report reads files only): per
design and outcome the part "total", one row per part, and "rest", in that order."""
KINDS = ("compare", "batch", "sensitivity", "robustness")
"""Kinds of results (manifest "kind", or compare's "command") a report is made from; older
manifests name none, a sensitivity or robustness folder holds a batch."""
ROBUSTNESS_TABLES = {"robustness": ROBUSTNESS_COLUMNS, "regret": REGRET_COLUMNS,
                     "boxes": BOX_COLUMNS, "trajectory": TRAJECTORY_COLUMNS,
                     "points": POINT_COLUMNS}
"""The tables of `opzet robustness` (name.csv) and the columns each must have."""


class ReportError(ProjectError, ValueError):
    """A results folder a report cannot be made from; `str(err)` is one line."""


@dataclass
class Robustness:
    """What `opzet robustness` found (sim.robustness): the tables, and how runs were judged."""

    reference: str
    confidence: float
    parameters: list[str]  # the uncertain parameters, design assumptions among them
    assumptions: list[str]
    points: int  # sample points
    replications: int
    robustness: pd.DataFrame
    regret: pd.DataFrame
    boxes: pd.DataFrame
    trajectory: pd.DataFrame
    point_table: pd.DataFrame  # points.csv


@dataclass
class ReportData:
    """Everything a report shows, read from one results folder."""

    folder: Path
    kind: str  # "compare" or "batch"
    designs: list[str]  # in the given order; the first is the reference
    runs: pd.DataFrame  # design, replication (pairing key), one column per outcome
    table: pd.DataFrame  # sim.statistics.COLUMNS
    families: int  # families per run
    years: int  # reported years per run
    details: Details | None
    sensitivity: pd.DataFrame | None  # INDEX_COLUMNS
    attribution: pd.DataFrame | None  # ATTRIBUTION_COLUMNS
    robustness: Robustness | None = None

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
        what = "is a file, not a folder" if folder.exists() else "no such folder"
        raise ReportError(f"{folder}: {what}; give the results folder of `opzet compare` or "
                          "`opzet batch`")
    path, runs_file = folder / "manifest.json", folder / "runs.parquet"
    manifest = _manifest(path)
    if "experiment" in manifest:
        kind = "batch"
        designs = list(_entry(path, manifest, ["experiment", "designs"], dict))
        run = ["experiment", "run"]
        runs = _read_table(runs_file, ["design", "sample", "replication"])
        pairs = runs[["sample", "replication"]].drop_duplicates().sort_values(
            ["sample", "replication"])
        key = {pair: k for k, pair in enumerate(pairs.itertuples(index=False, name=None))}
        runs = runs.assign(replication=[key[pair] for pair in zip(
            runs["sample"], runs["replication"], strict=True)])
    elif "designs" in manifest:
        kind = "compare"
        designs = list(_entry(path, manifest, ["designs"], dict))
        run = ["designs", designs[0], "scenario", "run"]  # every design runs the same
        _read_table(folder / "comparison.csv", COMPARISON_COLUMNS)  # recomputed from runs
        runs = _read_table(runs_file, ["design", "replication"])
    else:
        what = " (it holds sensitivity results only)" if manifest.get("kind") == "sensitivity" \
            else ""
        raise ReportError(f"{folder}: holds no comparison or batch results{what}; make one "
                          f"with `opzet compare --out {folder}` or `opzet batch`")
    families, years = (_entry(path, manifest, [*run, name], int)
                       for name in ("families", "years"))
    outcomes = [name for name in MEASURES if name in runs.columns]
    if not outcomes:
        raise ReportError(f"{runs_file}: holds no outcome column (such as "
                          f"{', '.join(list(MEASURES)[:3])})")
    designs = [d for d in designs if d in set(runs["design"])] or \
        list(dict.fromkeys(runs["design"]))
    if len(designs) < 2:
        raise ReportError(f"{runs_file}: a report compares designs, but it holds "
                          f"{len(designs)}")
    table = paired_table(runs, designs[0], outcomes, designs)
    attribution = folder / "attribution.csv"
    return ReportData(folder, kind, designs, runs, table, families, years,
                      Details.read(folder, _read_table), _sensitivity(folder),
                      _read_table(attribution, ATTRIBUTION_COLUMNS) if attribution.exists()
                      else None, _robustness(folder, path, manifest))


def _manifest(path: Path) -> dict[str, Any]:
    """The folder's manifest.json: an object naming results a report is made from."""
    if not path.exists():
        raise ReportError(f"{path.parent}: holds no manifest.json, so no results of "
                          "`opzet compare` or `opzet batch`")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise ReportError(f"{path}: not readable JSON ({err.msg}, line {err.lineno})") from None
    except (OSError, ValueError) as err:
        raise ReportError(f"{path}: {_problem(err, 'JSON')}") from None
    if not isinstance(manifest, dict):
        raise ReportError(f"{path}: holds a JSON {type(manifest).__name__}, not the object a "
                          "manifest of `opzet compare` or `opzet batch` is")
    kind = manifest.get("kind", manifest.get("command"))
    if kind not in (None, *KINDS):
        raise ReportError(f"{path}: names results of kind {kind!r}; a report is made from "
                          "those of `opzet compare`, `opzet batch` or `opzet sensitivity`")
    return manifest


def _entry(path: Path, manifest: dict[str, Any], keys: list[str], kind: type) -> Any:
    """manifest[keys[0]][keys[1]]..., a non-empty `kind`; ReportError naming the entry when
    a damaged or foreign manifest lacks it."""
    value: Any = manifest
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    if not isinstance(value, kind) or not value:
        wanted = {dict: "a table", int: "a whole number", float: "a number", str: "a name",
                  list: "a list"}[kind]
        raise ReportError(f"{path}: no {'.'.join(keys)} ({wanted}); the manifest is damaged "
                          "or not one of `opzet compare` or `opzet batch`")
    return value


def _read_table(path: Path, columns: list[str]) -> pd.DataFrame:
    """A Parquet or CSV table of the folder with at least `columns`; whatever is wrong with
    the file becomes one line naming it, never a traceback."""
    fmt = "Parquet" if path.suffix == ".parquet" else "CSV"
    try:
        table = pd.read_parquet(path) if fmt == "Parquet" else pd.read_csv(path)
    except (OSError, ValueError, pa.ArrowException) as err:
        raise ReportError(f"{path}: {_problem(err, fmt)}") from None
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ReportError(f"{path}: missing column(s) {', '.join(missing)}; expected "
                          f"{', '.join(columns)}")
    return table


def _problem(err: Exception, fmt: str) -> str:
    """What is wrong with a file that could not be read, in words."""
    if isinstance(err, OSError) and err.strerror:
        return err.strerror.lower()
    if isinstance(err, pd.errors.EmptyDataError):
        return "is empty"
    return f"damaged or not a {fmt} file"


def _robustness(folder: Path, path: Path, manifest: dict[str, Any]) -> Robustness | None:
    """The tables of `opzet robustness`, when the folder holds them."""
    if not (folder / "robustness.csv").exists():
        return None
    tables = {name: _read_table(folder / f"{name}.csv", columns)
              for name, columns in ROBUSTNESS_TABLES.items()}
    tables["point_table"] = _words(tables.pop("points"), "verdict")  # "" for the reference
    tables["boxes"] = _words(tables["boxes"], "note")
    judged = _entry(path, manifest, ["robustness"], dict)
    return Robustness(
        str(_entry(path, manifest, ["robustness", "reference"], str)),
        float(_entry(path, manifest, ["robustness", "confidence"], float)),
        list(_entry(path, manifest, ["robustness", "parameters"], list)),
        list(judged.get("assumptions") or []),
        _entry(path, manifest, ["robustness", "points"], int),
        _entry(path, manifest, ["robustness", "replications"], int), **tables)


def _words(table: pd.DataFrame, column: str) -> pd.DataFrame:
    """A column of words, an empty cell (which CSV reads as NaN) as ""."""
    return table.assign(**{column: [v if isinstance(v, str) else "" for v in table[column]]})


def _sensitivity(folder: Path) -> pd.DataFrame | None:
    for path in (folder / "indices.csv", folder / "sensitivity" / "indices.csv"):
        if path.exists():
            return _read_table(path, INDEX_COLUMNS)
    return None
