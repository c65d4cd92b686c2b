"""Run one scenario and write its results: families, years, organisations, record, manifest.

The results folder is claimed before the run starts (sim.outputs: never a folder
opzet did not write) and the results are swapped in only when complete, so an
interrupted or failed run never leaves a half-written folder or damages an
earlier one.
"""

from __future__ import annotations

import gc
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sim.model import ProtectionModel
from sim.network_statistics import network_statistics
from sim.outputs import Claim, claim
from sim.params import Scenario
from sim.provenance import now, provenance
from sim.scenario import scenario_to_toml_dict
from sim.summary import MEASURES, summarise


@dataclass
class RunResult:
    """What one run produced, as tables."""

    families: pd.DataFrame
    yearly: pd.DataFrame
    organisations: pd.DataFrame
    events: pd.DataFrame
    seconds: float
    flows: pd.DataFrame  # moves between core tasks and their handoffs (sim.journeys)
    waiting: pd.DataFrame  # waiting list per organisation at the end of each reported week
    network: pd.DataFrame = field(default_factory=pd.DataFrame)  # sim.network_statistics


def simulate(scenario: Scenario, *, with_network: bool = False) -> RunResult:
    """Run a scenario in this process and return its tables (nothing is written); with
    `with_network`, also the statistics of its informal network (not timed)."""
    with _cycles_freed_at_end():
        started = time.perf_counter()
        model = ProtectionModel(scenario)
        model.run()
        result = RunResult(model.family_table(), model.yearly_table(),
                           model.organisation_table(), model.event_table(),
                           time.perf_counter() - started, model.flow_table(),
                           model.waiting_table())
        if with_network:
            result.network = network_statistics(model.network, scenario.run.seed)
        model.remove_all_agents()
        del model
    return result


@contextmanager
def _cycles_freed_at_end() -> Iterator[None]:
    """Free a run's reference cycles (Mesa's model and agents hold each other) as soon as
    it ends, so that memory stays flat over many runs. The collection looks only at the
    objects made during the run: the objects already there (hundreds of thousands once
    pandas and scipy are imported, which a full collection took tens of milliseconds to
    look at, per run) are set aside meanwhile with `gc.freeze` and given back after."""
    gc.freeze()
    try:
        yield
    finally:
        gc.collect()
        gc.unfreeze()


def summary_table(result: RunResult) -> pd.DataFrame:
    """Every run-level outcome (sim.summary.MEASURES) with its unit."""
    values = summarise(result.families, result.yearly)
    rows = [(MEASURES[name].label, value, MEASURES[name].unit) for name, value in values.items()]
    return pd.DataFrame(rows, columns=["outcome", "value", "unit"]).set_index("outcome")


def run_to_folder(scenario: Scenario, out_dir: Path,
                  inputs: tuple[str | Path, ...] = ()) -> pd.DataFrame:
    """Run a scenario and write families.parquet, yearly.csv, organisations.csv,
    events.parquet, summary.csv, network.csv and manifest.json to `out_dir`; return the
    summary table.

    `inputs` (the scenario file) may not be inside `out_dir`. Raises OutputError
    before the run when `out_dir` may not be written (sim.outputs)."""
    with claim(out_dir, "run", inputs) as out:
        return _run_into(scenario, out)


def _run_into(scenario: Scenario, out: Claim) -> pd.DataFrame:
    started = now()
    result = simulate(scenario, with_network=True)
    summary = summary_table(result)
    manifest = {
        "kind": "run",
        "scenario": scenario_to_toml_dict(scenario),
        "seed": scenario.run.seed,
        "design": scenario.design.model,
        **provenance(started),
        "run_seconds": round(result.seconds, 3),
        "files": ["families.parquet", "yearly.csv", "organisations.csv", "events.parquet",
                  "summary.csv", "network.csv"],
    }

    def write(folder: Path) -> None:
        result.families.to_parquet(folder / "families.parquet", index=False)
        result.yearly.to_csv(folder / "yearly.csv", index=False)
        result.organisations.to_csv(folder / "organisations.csv", index=False)
        result.events.to_parquet(folder / "events.parquet", index=False)
        summary.to_csv(folder / "summary.csv")
        result.network.to_csv(folder / "network.csv", index=False)
        (folder / "manifest.json").write_text(json.dumps(manifest, indent=2))

    out.build(write)
    return summary
