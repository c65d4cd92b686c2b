"""What a core task is to the model: its own parameters and state, a weekly step, and,
for a task families wait for at an organisation, what begins and what is decided
when it ends.

Tasks never import each other: they move families through the shared pieces
(sim.cases, sim.chain, sim.judgement, sim.ledger) and reach another task, where a
decision hands over to it, by name through `model.tasks`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim.families import WEEK
from sim.organisations import gamma_sampler
from sim.stages import Stage

if TYPE_CHECKING:
    from sim.model import ProtectionModel
    from sim.organisations import Organisation


@dataclass(frozen=True)
class Week:
    """The week being simulated: its start and end (days) and the families that were
    in the chain when it began."""

    t0: float
    t1: float
    in_chain: np.ndarray


class Task:
    """A core task; subclasses set `name`, and `stage` if families wait for it."""

    name: str = ""
    stage: Stage | None = None

    def __init__(self, model: ProtectionModel) -> None:
        self.model = model
        self.config = model.config
        self.chain = model.chain
        self.cases = model.cases
        self.ledger = model.ledger
        self.judgement = model.judgement

    def step(self, week: Week) -> None:
        """What the task does every week, whoever is at it (nothing by default)."""

    def begin(self, ids: np.ndarray, start: np.ndarray, org: Organisation) -> None:
        """Families start the task at `org` at `start` (days): when does it end?"""
        raise NotImplementedError(f"{self.name}: families do not begin it at an organisation")

    def decide(self, ids: np.ndarray, org: Organisation | np.ndarray, t: np.ndarray) -> None:
        """What follows for families whose task ended at `t` (days) at `org`."""
        raise NotImplementedError(f"{self.name}: no decision at the end")


class TimedTask(Task):
    """A task with a length of its own: gamma-distributed, with the mean and spread of the
    organisation that carries it out in today's relay (`timed_by`). The length belongs
    to the task, so a team that takes the task over takes as long."""

    timed_by: str = ""

    def __init__(self, model: ProtectionModel) -> None:
        super().__init__(model)
        params = getattr(self.config.organisations, self.timed_by)
        self.duration = gamma_sampler(model.streams(f"duration:{self.name}"),
                                      params.service_weeks * WEEK, params.service_cv)

    def begin(self, ids: np.ndarray, start: np.ndarray, org: Organisation) -> None:
        self.chain.task_end[ids] = start + self.duration(len(ids))
