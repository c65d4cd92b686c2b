"""Core task 9, emergencies: acute crises, and immediate safety when one is noticed."""

from __future__ import annotations

import numpy as np

from sim.families import VIOLENCE, WEEK, has_problem
from sim.stages import Stage
from sim.tasks.base import Task, Week


class Emergencies(Task):
    """Acute crises happen to families with serious concern; if noticed, emergency action
    follows within days, by whoever carries out investigations in the design."""

    name = "emergencies"

    def step(self, week: Week) -> None:
        f, c = self.model.families, self.config
        u = self.model.streams.floats("acute", len(f))
        at_risk = np.flatnonzero(f.concern > c.concern.serious)
        excess = (f.concern[at_risk] - c.concern.serious) / (1 - c.concern.serious)
        hazard = c.concern.acute_rate * excess * (
            1 + c.concern.acute_violence_factor * has_problem(f.problems[at_risk], VIOLENCE))
        hit = u[at_risk] < hazard
        acute, hazard = at_risk[hit], hazard[hit]
        if not len(acute):
            return
        self.chain.incidents[acute] += 1
        day = week.t0 + WEEK * u[acute] / hazard  # position in the week
        self.chain.last_acute[acute] = day
        noticed = (self.model.streams("acute_noticed").random(len(acute))
                   < c.noticing.acute_noticed)
        ids, day = acute[noticed], day[noticed]
        delay = self.model.streams("emergency").random(len(ids)) * 2 * c.help.emergency_days
        self._act(ids, day + delay)

    def _act(self, ids: np.ndarray, when: np.ndarray) -> None:
        """Immediate safety: the child is protected now; the case goes to follow-up."""
        if not len(ids):
            return
        chain, ledger = self.chain, self.ledger
        chain.last_emergency[ids] = when
        self._first_contact(ids, when)
        ledger.count("emergency", ids)
        crisis = self.model.carrier[Stage.INVESTIGATION]
        p = self.judgement.perceive(ids, crisis, when, "decide:emergency", Stage.INVESTIGATION)
        placed = p >= self.config.decisions.placement_threshold
        ledger.note(when, ids, crisis, "emergency_action", p)
        self.cases.place(ids[placed], when[placed])
        ledger.count("court_request", ids[placed])
        ledger.count("court_order", ids[placed])
        ledger.count("supervision_order", ids[placed])
        ledger.note(when[placed], ids[placed], crisis, "emergency_placement", p[placed])
        early = chain.stage[ids] <= Stage.INVESTIGATION  # not yet past the first investigation
        self.cases.move(ids[early], Stage.FOLLOWUP, when[early], first=True)
        self.cases.offer_client_support(ids[early], when[early])

    def _first_contact(self, ids: np.ndarray, when: np.ndarray) -> None:
        """An emergency is a first contact, unless the family was already in contact
        (then before reporting began)."""
        chain, outcomes = self.chain, self.ledger.outcomes
        not_yet = (chain.stage[ids] == Stage.NONE) | (
            (chain.stage[ids] == Stage.ACCESS) & chain.waiting[ids])
        new = np.isnan(outcomes.first_contact[ids]) & not_yet
        first = ids[new]
        if self.ledger.reporting:
            outcomes.first_contact[first] = when[new]
            if len(first):
                first_noticed = outcomes.first_noticed[first]
                outcomes.first_noticed[first] = np.where(
                    np.isnan(first_noticed), outcomes.first_contact[first], first_noticed)
