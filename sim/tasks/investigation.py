"""Core task 4, the first investigation: are the concerns real, and what next?"""

from __future__ import annotations

import numpy as np

from sim.families import WEEK
from sim.organisations import gamma_sampler
from sim.stages import Stage
from sim.tasks.base import Task


class Investigation(Task):
    """Confirms or not; offers voluntary help, or sends a refusing family with serious
    concern to follow-up."""

    name = "investigation"
    stage = Stage.INVESTIGATION

    def __init__(self, model) -> None:
        super().__init__(model)
        # how long it takes belongs to the task, whoever carries it out
        params = self.config.organisations.veilig_thuis
        self.duration = gamma_sampler(model.streams("duration:investigation"),
                                      params.service_weeks * WEEK, params.service_cv)

    def begin(self, ids: np.ndarray, start: np.ndarray, org) -> None:
        self.chain.task_end[ids] = start + self.duration(len(ids))

    def decide(self, ids: np.ndarray, org, t: np.ndarray) -> None:
        d, cases, ledger = self.config.decisions, self.cases, self.ledger
        ledger.count("investigated", ids)
        p = self.judgement.perceive(ids, org, t, "decide:investigation")
        confirmed = p >= d.confirm_threshold
        self.chain.incidents[ids[confirmed]] += 1
        agree = self.judgement.agrees(ids, "decide:investigation_consent")
        help_ = confirmed & agree
        followup = confirmed & ~agree & (p >= d.escalation_threshold)
        refused = confirmed & ~agree & ~followup
        ledger.note(t[help_], ids[help_], org, "voluntary_help", p[help_])
        cases.start_voluntary(ids[help_], t[help_])
        ledger.note(t[followup], ids[followup], org, "followup", p[followup])
        cases.move(ids[followup], Stage.FOLLOWUP, t[followup])
        cases.offer_client_support(ids[followup], t[followup])
        for mask, decision in ((~confirmed, "not_confirmed"), (refused, "help_refused")):
            ledger.missed(ids[mask])
            cases.close(ids[mask], t[mask], org, decision, p[mask])
