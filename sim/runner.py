"""Run one scenario and write its results: families, years, organisations, record, manifest.

Results are written to a temporary folder next to the target and moved into
place only when complete, so an interrupted or failed run never leaves a
half-written folder or damages an earlier one.
"""

from __future__ import annotations

import gc
import json
import os
import platform
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

import pandas as pd

from sim.model import ProtectionModel
from sim.params import Scenario
from sim.scenario import scenario_to_toml_dict

PACKAGES = ("opzet", "mesa", "numpy", "scipy", "networkx", "pandas", "pyarrow", "pydantic")

SUMMARY_ROWS = (
    # (label, yearly column, unit)
    ("handoffs", "handoffs_per_1000", "per 1,000 families per year"),
    ("advice contacts", "advice_per_1000", "per 1,000 families per year"),
    ("reports", "reported_per_1000", "per 1,000 families per year"),
    ("first investigations", "investigated_per_1000", "per 1,000 families per year"),
    ("follow-up investigations", "followup_investigated_per_1000", "per 1,000 families per year"),
    ("court requests", "court_request_per_1000", "per 1,000 families per year"),
    ("court orders", "court_order_per_1000", "per 1,000 families per year"),
    ("placements", "placement_per_1000", "per 1,000 families per year"),
    ("emergency actions", "emergency_per_1000", "per 1,000 families per year"),
    ("avoidable escalations", "avoidable_escalation_per_1000", "per 1,000 families per year"),
    ("missed serious concerns", "missed_serious_per_1000", "per 1,000 families per year"),
    ("days to first contact", "days_to_first_contact_mean", "days, mean"),
    ("days to help", "days_to_help_mean", "days, mean"),
    ("orders in force", "orders_in_force_end", "families at year end"),
    ("professional hours", "professional_hours_per_1000", "hours per 1,000 families per year"),
)


@dataclass
class RunResult:
    """What one run produced, as tables."""

    families: pd.DataFrame
    yearly: pd.DataFrame
    organisations: pd.DataFrame
    events: pd.DataFrame
    seconds: float


def simulate(scenario: Scenario) -> RunResult:
    """Run a scenario in this process and return its tables (nothing is written)."""
    started = time.perf_counter()
    model = ProtectionModel(scenario)
    model.run()
    result = RunResult(model.family_table(), model.yearly_table(), model.organisation_table(),
                       model.event_table(), time.perf_counter() - started)
    model.remove_all_agents()
    del model
    gc.collect()
    return result


def summary_table(result: RunResult) -> pd.DataFrame:
    """Headline outcomes, averaged over the reported years."""
    means = result.yearly.mean(numeric_only=True)
    closed = result.families["reached_good_enough"].dropna()
    lasting = result.families["recurred_24m"].dropna()
    rows = [(label, float(means[column]), unit) for label, column, unit in SUMMARY_ROWS]
    rows.append(("closed good enough", float(closed.mean()) if len(closed) else float("nan"),
                 "share of first closures"))
    rows.append(("recurred within 24 months", float(lasting.mean()) if len(lasting)
                 else float("nan"), "share of good-enough closures observed 24 months"))
    return pd.DataFrame(rows, columns=["outcome", "value", "unit"]).set_index("outcome")


def package_versions() -> dict[str, str]:
    """Versions of Python and the packages results depend on."""
    versions = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def git_commit() -> str | None:
    """The commit of the code that ran ('+changes' when the tree was dirty); None outside git."""
    root = Path(__file__).resolve().parent.parent
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True,
                                text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=root, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return commit + ("+changes" if dirty.strip() else "")


def write_atomically(out_dir: Path, write) -> None:
    """Call `write(folder)` on a fresh temporary folder, then put it in place of `out_dir`."""
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".tmp", dir=out_dir.parent))
    try:
        write(tmp)
        if out_dir.exists():
            old = out_dir.with_name(f".{out_dir.name}.{os.getpid()}.old")
            os.replace(out_dir, old)
            os.replace(tmp, out_dir)
            shutil.rmtree(old)
        else:
            os.replace(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def run_to_folder(scenario: Scenario, out_dir: Path) -> pd.DataFrame:
    """Run a scenario and write families.parquet, yearly.csv, organisations.csv,
    events.parquet and manifest.json to `out_dir`; return the summary table."""
    started = datetime.now(timezone.utc)
    result = simulate(scenario)
    summary = summary_table(result)
    manifest = {
        "scenario": scenario_to_toml_dict(scenario),
        "seed": scenario.run.seed,
        "design": scenario.design.model,
        "packages": package_versions(),
        "git_commit": git_commit(),
        "started": started.isoformat(timespec="seconds"),
        "ended": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "run_seconds": round(result.seconds, 3),
        "files": ["families.parquet", "yearly.csv", "organisations.csv", "events.parquet",
                  "summary.csv"],
    }

    def write(folder: Path) -> None:
        result.families.to_parquet(folder / "families.parquet", index=False)
        result.yearly.to_csv(folder / "yearly.csv", index=False)
        result.organisations.to_csv(folder / "organisations.csv", index=False)
        result.events.to_parquet(folder / "events.parquet", index=False)
        summary.to_csv(folder / "summary.csv")
        (folder / "manifest.json").write_text(json.dumps(manifest, indent=2))

    write_atomically(out_dir, write)
    return summary
