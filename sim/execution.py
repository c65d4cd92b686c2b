"""Runs as data: a run specification, how to execute one, and how to execute many.

A `RunSpec` says everything a run needs (base scenario, overrides, seed), so a
run gives the same numbers in this process, in a worker process or on a Dask
worker. Replication k of every design and every sample point uses the same
seed: common random numbers, so differences between designs are the designs'.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from sim.model import ProtectionModel
from sim.scenario import load_scenario
from sim.summary import summarise


def replication_seed(base_seed: int, replication: int) -> int:
    """The seed of replication k: the same for every design and sample point."""
    return int(np.random.SeedSequence([base_seed, replication]).generate_state(1)[0])


@dataclass(frozen=True)
class RunSpec:
    """One run: a base scenario with overrides (levers, uncertain values) and a seed."""

    run_id: str
    design: str
    replication: int
    seed: int
    overrides: dict[str, Any] = field(default_factory=dict)
    base: str | None = None  # scenario file; None: the built-in default region
    sample: int = 0

    def scenario(self):
        """The scenario of this run, validated."""
        overrides = _merge(self.overrides, {"run": {"seed": self.seed, "record_events": False}})
        return load_scenario(self.base, overrides)


@dataclass
class RunOutput:
    """What a run gives a batch: its run-level outcomes and its yearly table."""

    spec: RunSpec
    summary: dict[str, float]
    yearly: pd.DataFrame


def execute(spec: RunSpec) -> RunOutput:
    """Run one specification in this process; nothing of the model is kept afterwards."""
    model = ProtectionModel(spec.scenario())
    model.run()
    families, yearly = model.family_table(), model.yearly_table()
    model.remove_all_agents()
    del model
    gc.collect()
    return RunOutput(spec, summarise(families, yearly), yearly)


def map_specs(specs: Iterable[RunSpec], workers: int = 1,
              run: Callable[[RunSpec], RunOutput] = execute) -> Iterator[RunOutput]:
    """Execute runs, serially or on local worker processes, yielding outputs as they finish."""
    specs = list(specs)
    if workers <= 1:
        for spec in specs:
            yield run(spec)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(run, specs)


def _merge(base: dict, extra: dict) -> dict:
    """Nested dicts merged; `extra` wins."""
    out = dict(base)
    for key, value in extra.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(
            out.get(key), dict) else value
    return out
