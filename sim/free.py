"""The parameters a scenario leaves free for calibration (`[calibration.free]`): each one's
range, and its value at a point of [0, 1] over that range, where the optimiser works."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.input_errors import ScenarioError
from sim.paramdocs import parameter_rows
from sim.params import Scenario
from sim.scenario import parameter_field


@dataclass(frozen=True)
class Free:
    """One free parameter as resolved: its range and its value in the scenario."""

    path: str
    low: float
    high: float
    start: float
    integer: bool

    def value(self, unit: float) -> float | int:
        """The parameter's value at `unit` in [0, 1], rounded to 4 significant digits
        (or a whole number) so the fitted file reads well and is what was checked."""
        x = self.low + float(np.clip(unit, 0.0, 1.0)) * (self.high - self.low)
        return int(round(x)) if self.integer else float(f"{x:.4g}")

    def unit(self, value: float) -> float:
        return (value - self.low) / (self.high - self.low)


def free_parameters(scenario: Scenario, source: str) -> list[Free]:
    """The scenario's free parameters with their ranges; a path that is not a numeric
    parameter with a plausible range, or a range outside it, is a ScenarioError."""
    rows = {row["path"]: row for row in parameter_rows(scenario)}
    # A relative range (organisations, access points) is a multiple of the built-in
    # default, not of the scenario's value: a fit must not move its own range.
    registry = {row["path"]: row for row in parameter_rows(Scenario())}
    for path, row in rows.items():
        if path in registry:
            row["low"], row["high"] = registry[path]["low"], registry[path]["high"]
    free = []
    for path, given in scenario.calibration.free.items():
        key = f"calibration.free.{path}"
        row = rows.get(path)
        if row is None:
            raise ScenarioError(source, f"{key}: {path} is not a parameter (`opzet params` "
                                "lists them)", key)
        if isinstance(row["default"], bool) or not isinstance(row["default"], (int, float)):
            raise ScenarioError(source, f"{key}: {path} is a choice, not a number; only "
                                "numbers can be fitted", key)
        if row["low"] is None or row["low"] == row["high"]:
            raise ScenarioError(source, f"{key}: {path} has no plausible range to fit within",
                                key)
        low = row["low"] if given.low is None else given.low
        high = row["high"] if given.high is None else given.high
        for side, value in (("low", low), ("high", high)):
            if not row["low"] <= value <= row["high"]:
                raise ScenarioError(source, f"{key}.{side} = {value} is outside the plausible "
                                    f"range of {path}, {row['low']} to {row['high']} "
                                    f"{row['unit']}", f"{key}.{side}")
        if not low < high:
            raise ScenarioError(source, f"{key}: low = {low} must be below high = {high}", key)
        integer = parameter_field(path).annotation is int
        free.append(Free(path, float(low), float(high), float(row["default"]), integer))
    if not free:
        raise ScenarioError(source, "calibration.free is empty: name the parameters to fit, "
                            "e.g. [calibration.free] \"decisions.court_threshold\" = {}",
                            "calibration.free")
    return free
