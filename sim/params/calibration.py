"""How `opzet calibrate` fits a scenario: settings a scenario file carries, not model
parameters."""

from __future__ import annotations

from pydantic import Field

from sim.params.base import P, Strict


class FreeParameter(Strict):
    """A parameter `opzet calibrate` may move, and where: its plausible range unless
    narrowed here (a range outside the plausible one is refused)."""

    low: float | None = Field(None, description="lowest value tried (default: plausible low)")
    high: float | None = Field(None, description="highest value tried (default: plausible high)")


class Calibration(Strict):
    """How `opzet calibrate` fits this scenario (docs/calibration.md). Not a model
    parameter: no run reads it."""

    free: dict[str, FreeParameter] = Field(
        default_factory=dict, description="Parameters to fit, by dotted path (`opzet params`).")
    replications: int = P(4, "runs per point", (2, 10), "assumption",
                          "Runs averaged at every point the optimiser tries, on the same seeds "
                          "at every point (common random numbers).", allowed=(1, 100))
    check_replications: int = P(20, "runs", (10, 50), "assumption",
                                "Runs on fresh seeds (not used in fitting) that check the fit "
                                "and give each target's confidence interval.",
                                allowed=(2, 1000))
    screening: int = P(24, "points", (10, 100), "assumption",
                       "Latin-hypercube points tried first (on the fitting seeds); the best, "
                       "or the scenario's own values if better, starts the optimiser, so it "
                       "does not begin where a target does not respond (a waiting list "
                       "that never forms).", allowed=(0, 10_000))
    iterations: int = P(12, "optimiser steps", (5, 50), "assumption",
                        "Most steps of the least-squares optimiser.", allowed=(1, 1000))
    step: float = P(0.05, "share of each range", (0.02, 0.1), "assumption",
                    "Finite-difference step; wide enough to see through the steps of a "
                    "simulated count.", allowed=(0.001, 0.5))
