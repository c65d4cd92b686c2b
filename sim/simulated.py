"""A target's simulated counterpart: what a run says of a published figure (sim.targets),
as the calibration compares them."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from sim.execution import RunOutput, RunSpec
from sim.params.population import NATIONAL_FAMILIES
from sim.runner import RunResult, simulate
from sim.targets import Target


def simulated_value(target: Target, result: RunResult, families: int) -> float:
    """A target's simulated counterpart in one run: the mean over the reported years of a
    yearly.csv or organisations.csv column, in children where the figure counts children,
    scaled to the country for a national figure."""
    kind, _, rest = target.simulated.partition(":")
    if kind == "yearly":
        value = float(result.yearly[rest].mean())
    else:
        name, _, column = rest.partition(":")
        table = result.organisations
        value = float(table.loc[table["organisation"] == name, column].mean())
    if target.children_of is not None:
        concerned = result.families[target.children_of] > 0
        value *= float(result.families.loc[concerned, "children"].mean()) if concerned.any() \
            else 0.0
    return value * NATIONAL_FAMILIES / families if target.scale.startswith("national") \
        else value


def measure(spec: RunSpec, targets: Mapping[str, Target]) -> dict[str, float]:
    """Run one spec and give every target's simulated value (a worker's whole job)."""
    scenario = spec.scenario()
    result = simulate(scenario)
    return {name: simulated_value(t, result, scenario.run.families)
            for name, t in targets.items()}


def measured(spec: RunSpec, targets: Mapping[str, Target]) -> RunOutput:
    """`measure` as the run engine takes a run (sim.engine): the values as its outcomes."""
    return RunOutput(spec, measure(spec, targets), pd.DataFrame())
