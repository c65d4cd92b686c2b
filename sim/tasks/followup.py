"""Core task 4, the follow-up investigation (the child protection board's, or the
team's): a family-network conference, voluntary help, or a request to the court."""

from __future__ import annotations

import numpy as np

from sim.families import WEEK
from sim.stages import Stage
from sim.tasks.base import TimedTask


class Followup(TimedTask):
    """A conference may reach agreement; otherwise a court request when the concern is
    judged serious and the family does not agree (a disputed request) or the concern is
    too grave for agreement."""

    name = "followup"
    timed_by = "child_protection_board"
    stage = Stage.FOLLOWUP

    def decide(self, ids: np.ndarray, org, t: np.ndarray) -> None:
        d, cases, ledger = self.config.decisions, self.cases, self.ledger
        ledger.count("followup_investigated", ids)
        p = self.judgement.perceive(ids, org, t, "decide:followup")
        agreed = self._conference(ids, t)
        bonus = self.judgement.support_bonus(ids)
        agree = self.judgement.agrees(ids, "decide:followup_consent", bonus)
        # the court only when the family does not agree, or when even agreement cannot
        # keep the child safe enough
        request = ~agreed & (p >= d.court_threshold) & (~agree | (p >= d.placement_threshold))
        ledger.note(t[agreed], ids[agreed], org, "conference_agreement", p[agreed])
        cases.start_voluntary(ids[agreed], t[agreed])
        self.chain.file_concern[ids] = p
        self.chain.disputed[ids[request]] = ~agree[request]
        self.model.tasks["review"].request(ids[request], t[request], org, p[request])
        help_ = ~agreed & ~request & agree
        ledger.note(t[help_], ids[help_], org, "voluntary_help", p[help_])
        cases.start_voluntary(ids[help_], t[help_])
        closed = ~agreed & ~request & ~agree
        ledger.missed(ids[closed])
        cases.close(ids[closed], t[closed], org, "help_refused", p[closed])

    def _conference(self, ids: np.ndarray, t: np.ndarray) -> np.ndarray:
        """Whether a family-network conference is held and reaches agreement; a held one
        makes the network aware."""
        c = self.config
        u = self.model.streams("decide:conference").random((len(ids), 2))
        held = u[:, 0] < c.design.conference_intensity
        chance = c.help.conference_agreement * self.model.families.support[ids] + \
            self.judgement.support_bonus(ids)
        aware_until = self.model.families.aware_until
        aware_until[ids[held]] = np.maximum(
            aware_until[ids[held]], t[held] + c.network.awareness_weeks * WEEK)
        return held & (u[:, 1] < chance)
