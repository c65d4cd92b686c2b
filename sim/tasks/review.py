"""Core task 6, review before court: an internal second opinion (four eyes) or an
independent expert checks a court request, if the design has a check."""

from __future__ import annotations

import numpy as np

from sim.stages import Stage
from sim.tasks.base import Task


class Review(Task):
    """The check of a court request, and what follows from it."""

    name = "review"
    stage = Stage.REVIEW

    def request(self, ids: np.ndarray, t: np.ndarray, org, p: np.ndarray) -> None:
        """A court request is made: checked first if the design has a check."""
        review = self.config.design.review
        if review == "none":
            self.model.tasks["court"].file(ids, t, org, p)
            return
        self.ledger.note(t, ids, org, "review", p)
        target = self.model.orgs["review_panel"] if review == "independent" else org
        self.cases.move(ids, Stage.REVIEW, t, target)

    def begin(self, ids: np.ndarray, start: np.ndarray, org) -> None:
        """The internal check takes fixed days (the panel's length is its queue's)."""
        self.chain.task_end[ids] = start + self.config.decisions.four_eyes_days

    def decide(self, ids: np.ndarray, org, t: np.ndarray) -> None:
        """The check reads the file and takes a second look of its own; a disputing family
        with support gets another chance to agree."""
        d, chain, ledger = self.config.decisions, self.chain, self.ledger
        ledger.count("reviewed", ids)
        p = self._judge(ids, org, t)
        chain.file_concern[ids] = p
        bonus = self.judgement.support_bonus(ids)
        settles = chain.disputed[ids] & (
            self.model.streams("decide:review_agreement").random(len(ids)) < bonus)
        go = (p >= d.court_threshold) & ~settles
        requester = self.model.carrier[Stage.FOLLOWUP]
        self.model.tasks["court"].file(ids[go], t[go], requester, p[go])
        back, t_back, p_back = ids[~go], t[~go], p[~go]
        chain.disputed[back] = False
        ledger.note(t_back, back, org, "request_withdrawn", p_back)
        agree = self.judgement.agrees(back, "decide:review_consent",
                                      self.judgement.support_bonus(back)) | settles[~go]
        self.cases.start_voluntary(back[agree], t_back[agree])
        ledger.missed(back[~agree])
        self.cases.close(back[~agree], t_back[~agree], org, "help_refused", p_back[~agree])

    def _judge(self, ids: np.ndarray, org, t: np.ndarray) -> np.ndarray:
        """The file and a second look weigh half each. An internal second opinion looks as
        the requesting organisation does (its fear of blame, noise growing with what is
        not known); an independent expert the same, unless the register's review
        assumption says it fears blame less (sim.assumptions). Neither sees the true
        concern."""
        requester = self.model.carrier[Stage.FOLLOWUP]
        second = self.judgement.perceive(ids, requester, t, "decide:review",
                                         bias_shift=self.model.assumptions["review_blame_shift"])
        hours = org.intake_hours if org.name == "review_panel" else \
            self.config.decisions.four_eyes_hours
        self.ledger.count("professional_hours", ids, hours)
        return (0.5 * (self.chain.file_concern[ids] + second)).astype(np.float32)
