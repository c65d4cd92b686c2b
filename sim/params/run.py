"""How long and how big one run is: not the region's behaviour, only how it is simulated."""

from __future__ import annotations

from sim.params.base import P, Strict
from sim.params.population import REGION_FAMILIES


class Run(Strict):
    """How long and how big one run is."""

    seed: int = P(20261128, "-", None, "assumption", "Base seed of all random streams.",
                  allowed=(0, None))
    years: int = P(5, "years", None, "assumption",
                   "Years reported after the warm-up.", allowed=(1, 50))
    warmup_years: int = P(2, "years", (1, 4), "assumption",
                          "Years simulated before reporting starts, so waiting lists and "
                          "orders in force are filled instead of starting empty.",
                          allowed=(0, 20))
    families: int = P(REGION_FAMILIES, "families", None,
                      "CF: 1.9 million households with a child / 42 regions",
                      "Number of families with children (one agent each).",
                      allowed=(10, 3_000_000))
    record_events: bool = P(True, "-", None, "assumption",
                            "Write the record of every step per family (events.parquet).")

