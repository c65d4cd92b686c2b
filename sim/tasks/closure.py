"""Closure and recurrence, where core tasks 3 to 7 end: what the first closure of a case
decides, and whether concern comes back after a good-enough one.

Closures themselves are decided by every task (sim.cases.Cases.close); this task
listens to them, so the lasting outcomes are judged the same way whoever closed.
"""

from __future__ import annotations

import numpy as np

from sim.tasks.base import Task, Week


class Closure(Task):
    """First closures (reported years only) and recurrence after good-enough ones."""

    name = "closure"

    def __init__(self, model) -> None:
        super().__init__(model)
        self._watch: list[np.ndarray] = []  # good-enough first closures not yet recurred
        self.cases.on_close.append(self.closed)

    def closed(self, ids: np.ndarray, t: np.ndarray, good: np.ndarray) -> None:
        """The first closure decides the lasting outcomes; good-enough ones are watched
        for recurrence."""
        ledger = self.ledger
        if not ledger.reporting:
            return
        ledger.count("closures", ids)
        o = ledger.outcomes
        first = np.isnan(o.first_close[ids])
        fam = ids[first]
        o.first_close[fam] = t[first]
        o.close_good[fam] = good[first].astype(np.int8)
        self._watch.append(fam[good[first]])
        ledger.trust_at_close[fam] = self.model.families.trust[fam]
        o["alliance_at_close"][fam] = self.model.alliance.value[fam]

    def step(self, week: Week) -> None:
        """After a good-enough first closure, note when concern first rises again."""
        if not self._watch:
            return
        watch = np.concatenate(self._watch)
        back = self.model.families.concern[watch] > self.config.concern.recurrence
        self.ledger.outcomes.recurred_day[watch[back]] = week.t0
        self._watch = [watch[~back]]
