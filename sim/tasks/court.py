"""Core task 7, the court: it decides on the file it is given."""

from __future__ import annotations

import numpy as np

from sim.chain import PlanKind
from sim.params.population import PROBLEM_NAMES
from sim.stages import Stage
from sim.tasks.base import Task

TARGETED = np.uint8((1 << PROBLEM_NAMES.index("debts"))
                    | (1 << PROBLEM_NAMES.index("partner_violence")))
"""Problems another measure than supervision can address (debt counselling, a restraining
order)."""


class Court(Task):
    """Supervision, placement, another measure, or a rejected request."""

    name = "court"
    stage = Stage.COURT

    def file(self, ids: np.ndarray, t: np.ndarray, org, p: np.ndarray) -> None:
        """The request goes to court; count whether it was avoidable or disputed."""
        serious = self.config.concern.serious
        ledger = self.ledger
        ledger.count("court_request", ids)
        ledger.count("avoidable_escalation", ids[self.model.families.concern[ids] < serious])
        ledger.count("disputed_at_court", ids[self.chain.disputed[ids]])
        ledger.note(t, ids, org, "court_request", p)
        self.cases.move(ids, Stage.COURT, t)

    def decide(self, ids: np.ndarray, org, t: np.ndarray) -> None:
        c, d, ledger = self.config, self.config.decisions, self.ledger
        z = self.model.streams("decide:court").standard_normal(len(ids))
        p = (self.chain.file_concern[ids] + d.court_noise_sd * z).astype(np.float32)
        order = p >= d.order_threshold
        place = order & (p >= d.placement_threshold)
        targeted = (self.model.families.problems[ids] & TARGETED) != 0
        other = order & ~place & targeted & (
            self.model.streams("decide:court_measure").random(len(ids)) < d.other_measure_share)
        supervise = order & ~place & ~other
        self.chain.disputed[ids] = False
        ordered = ids[order]
        ledger.count("court_order", ordered)
        ledger.count("supervision_order", ids[supervise | place])
        self.model.families.trust[ordered] *= 1 - c.trust.loss_court_order * \
            self.judgement.compulsion_factor(ordered)
        ledger.note(t[supervise], ids[supervise], org, "order_supervision", p[supervise])
        ledger.note(t[place], ids[place], org, "order_placement", p[place])
        ledger.note(t[other], ids[other], org, "order_other", p[other])
        self.cases.place(ids[place], t[place])
        for mask, kind in ((supervise, PlanKind.SUPERVISION), (place, PlanKind.PLACEMENT)):
            self.chain.plan_kind[ids[mask]] = kind
            self.cases.move(ids[mask], Stage.PLAN, t[mask], self.model.plan_holder[kind])
        self.model.families.problems[ids[other]] &= ~TARGETED
        rejected = ~order
        ledger.note(t[rejected], ids[rejected], org, "order_rejected", p[rejected])
        self._voluntary_after(ids[other | rejected], t[other | rejected], org,
                              p[other | rejected])

    def _voluntary_after(self, ids: np.ndarray, t: np.ndarray, org, p: np.ndarray) -> None:
        """Without an order, voluntary help if the family agrees; else the case closes."""
        agree = self.judgement.agrees(ids, "decide:court_consent")
        self.cases.start_voluntary(ids[agree], t[agree])
        self.ledger.missed(ids[~agree])
        self.cases.close(ids[~agree], t[~agree], org, "help_refused", p[~agree])
