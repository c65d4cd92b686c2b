"""Core task 4, the first investigation: are the concerns real, and what next?"""

from __future__ import annotations

import numpy as np

from sim.stages import Stage
from sim.tasks.base import TimedTask


class Investigation(TimedTask):
    """Confirms or not; offers voluntary help, or sends a refusing family with serious
    concern to follow-up."""

    name = "investigation"
    timed_by = "veilig_thuis"
    stage = Stage.INVESTIGATION

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
