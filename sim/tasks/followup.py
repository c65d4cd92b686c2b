"""Core task 4, the follow-up investigation (the child protection board's, or the
team's): a family-network conference, voluntary help, or a request to the court."""

from __future__ import annotations

import numpy as np

from sim.families import WEEK
from sim.stages import Stage
from sim.tasks.base import TimedTask


class Followup(TimedTask):
    """A court request when the concern is judged serious and the family does not agree (a
    disputed request) or the concern is too grave for agreement; a conference may make
    agreement likelier."""

    name = "followup"
    timed_by = "child_protection_board"
    stage = Stage.FOLLOWUP

    def __init__(self, model) -> None:
        super().__init__(model)
        self.conference = np.zeros(len(model.families), dtype=bool)  # one is being prepared

    def begin(self, ids: np.ndarray, start: np.ndarray, org) -> None:
        """Whether a family-network conference is held is decided at the start: its
        coordinator's hours are spent, and its preparation makes the investigation longer.

        One draw per family whatever the intensity, so designs that differ in it meet the
        same numbers.
        """
        super().begin(ids, start, org)
        c = self.config
        u = self.model.streams("decide:conference").random(len(ids))
        held = u < c.design.conference_intensity
        self.conference[ids] = held
        self.chain.task_end[ids[held]] += c.help.conference_weeks * WEEK
        self.ledger.count("conferences", ids[held])
        self.ledger.count("professional_hours", ids[held], c.help.conference_hours)

    def decide(self, ids: np.ndarray, org, t: np.ndarray) -> None:
        d, cases, ledger = self.config.decisions, self.cases, self.ledger
        ledger.count("followup_investigated", ids)
        p = self.judgement.perceive(ids, org, t, "decide:followup")
        held = self.conference[ids]
        agree = self.judgement.agrees(ids, "decide:followup_consent",
                                      self.judgement.support_bonus(ids) + self._extra(ids, held))
        self._alert_network(ids[held], t[held])
        # the court only when the family does not agree, or when even agreement cannot
        # keep the child safe enough
        request = (p >= d.court_threshold) & (~agree | (p >= d.placement_threshold))
        self.chain.file_concern[ids] = p
        self.chain.disputed[ids[request]] = ~agree[request]
        self.model.tasks["review"].request(ids[request], t[request], org, p[request])
        for decision, chosen in (("conference_agreement", held), ("voluntary_help", ~held)):
            help_ = chosen & ~request & agree
            ledger.note(t[help_], ids[help_], org, decision, p[help_])
            cases.start_voluntary(ids[help_], t[help_])
        closed = ~request & ~agree
        ledger.missed(ids[closed])
        cases.close(ids[closed], t[closed], org, "help_refused", p[closed])

    def _extra(self, ids: np.ndarray, held: np.ndarray) -> np.ndarray:
        """Extra chance of agreement a conference adds, over the chance without one: the
        same draw decides, so a family that would have agreed anyway still agrees and
        owes nothing to the conference."""
        support = self.model.families.support[ids]
        return np.where(held, self.config.help.conference_agreement * support, 0.0)

    def _alert_network(self, ids: np.ndarray, t: np.ndarray) -> None:
        """A conference makes the family's network aware (an alert running longer is kept)
        and draws its ties into the plan: their support rises for a while."""
        aware_until = self.model.families.aware_until
        aware_until[ids] = np.maximum(
            aware_until[ids], t + self.config.network.awareness_weeks * WEEK)
        drawn_in = self.model.network.drawn_in_until
        drawn_in[ids] = np.maximum(drawn_in[ids],
                                   t + self.config.help.conference_support_weeks * WEEK)
