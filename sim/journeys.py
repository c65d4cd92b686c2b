"""Families' journeys through the core tasks, counted for pictures of a design.

The run-level outcomes say how many handoffs a design makes; a workshop also
needs to see where they happen. `Journeys` counts, over the reported weeks,
every move between core tasks (from -> to, and how many of those moves passed
the family to someone new) and every family's waiting list at the end of each
week. It only counts: it draws nothing and changes nothing the model decides.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.stages import Stage

NODES = ("outside", "advice", "report", "investigation", "followup", "review", "court", "plan")
"""Where a family can be: outside the chain (before first contact or after closure), at an
access point asking advice or reported, or in one of the later core tasks."""

_STAGE_NODE = np.array([NODES.index({Stage.NONE: "outside", Stage.ACCESS: "advice"}.get(
    stage, stage.name.lower())) for stage in Stage], dtype=np.int8)
"""Stage -> node; a reported family at access is one node further (node_of)."""


def node_of(stage: np.ndarray | int, is_report: np.ndarray) -> np.ndarray:
    """The node of families at `stage` (a Stage or one per family): access splits into
    advice and report."""
    return _STAGE_NODE[stage] + ((stage == Stage.ACCESS) & is_report)


class Journeys:
    """Moves between nodes with their handoffs, and weekly waiting lists."""

    def __init__(self, organisations: list[str]) -> None:
        size = len(NODES)
        self.moves = np.zeros((size, size), dtype=np.int64)
        self.handoffs = np.zeros((size, size), dtype=np.int64)
        self.organisations = organisations
        self.weeks: list[int] = []
        self.waiting: list[list[int]] = []

    def move(self, source: np.ndarray, target: np.ndarray | int,
             handed: np.ndarray | None = None) -> None:
        """Families move from `source` to `target` nodes; `handed` marks a new holder."""
        if not isinstance(target, np.ndarray):
            target = np.full(source.shape, target, dtype=np.int8)
        np.add.at(self.moves, (source, target), 1)
        if handed is not None:
            np.add.at(self.handoffs, (source[handed], target[handed]), 1)

    def handoff_within(self, nodes: np.ndarray) -> None:
        """Families passed to someone new without changing core task (staff turnover, a
        provider or adult service joining the plan by referral)."""
        np.add.at(self.handoffs, (nodes, nodes), 1)

    def week_end(self, week: int, waiting: list[int]) -> None:
        """Waiting-list lengths of every organisation at the end of a reported week."""
        self.weeks.append(week)
        self.waiting.append(waiting)

    def flow_table(self) -> pd.DataFrame:
        """One row per (source, target) that occurred: families moved, and handoffs."""
        source, target = np.nonzero(self.moves + self.handoffs)
        return pd.DataFrame({"source": [NODES[i] for i in source],
                             "target": [NODES[j] for j in target],
                             "families": self.moves[source, target],
                             "handoffs": self.handoffs[source, target]})

    def waiting_table(self) -> pd.DataFrame:
        """One row per reported week and organisation: families on its waiting list."""
        wide = pd.DataFrame(self.waiting, columns=self.organisations,
                            index=pd.Index(self.weeks, name="week"))
        return wide.reset_index().melt(id_vars="week", var_name="organisation",
                                       value_name="waiting")
