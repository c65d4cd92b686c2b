"""The casework of every case: what being in contact with professionals does each week,
whatever the task. Knowledge of the family grows, staff leave (a handoff), hours are
spent, and dealing with many people at once wears trust down."""

from __future__ import annotations

import numpy as np

from sim.stages import Stage
from sim.tasks.base import Task, Week


class Casework(Task):
    """Weekly effects of contact on families in the chain (counted per organisation)."""

    name = "casework"

    def step(self, week: Week) -> None:
        c, chain, in_chain, t0 = self.config, self.chain, week.in_chain, week.t0
        if not len(in_chain):
            return
        served = ~chain.waiting[in_chain]
        holder = chain.holder[in_chain]
        services = {name: chain.active(name, in_chain) for name in chain.services}
        ids = in_chain[served]
        gain = self.model.alliance.info_gain(ids, c.decisions.info_weeks)
        chain.info[ids] += (1.0 - chain.info[ids]) * gain
        held = served & (holder >= 0)
        self.model.alliance.grow(in_chain[held])
        self._turnover(in_chain[held], holder[held], t0)
        people = (holder >= 0).astype(np.int8)
        for on in services.values():
            people = people + on
        many = people > 1
        trust = self.model.families.trust
        trust[in_chain[many]] *= 1 - c.trust.loss_per_extra_professional * (people[many] - 1)
        helped = in_chain[(chain.stage[in_chain] == Stage.PLAN) & served
                          & services["care_provider"] & (chain.help_from[in_chain] <= t0)]
        trust[helped] += c.trust.gain_in_help * self.judgement.engagement(helped) * (
            1 - trust[helped])
        if self.ledger.reporting:
            self._count(in_chain, served, people, services)

    def _turnover(self, holders: np.ndarray, holder: np.ndarray, t0: float) -> None:
        """Caseworkers leave (sim.caseworkers): each of their families gets someone new."""
        left = self.model.caseworkers.step(t0, holders, holder)
        self.cases.handoff(left, t0)
        self.ledger.handed_within(left)
        self.ledger.count("turnover_handoffs", left)
        self.ledger.note_by_holder(t0, left, "handoff_turnover")

    def _count(self, in_chain: np.ndarray, served: np.ndarray, people: np.ndarray,
               services: dict[str, np.ndarray]) -> None:
        """Professionals at once, and professional hours this week."""
        top = self.ledger.outcomes["professionals_max_at_once"]
        top[in_chain] = np.maximum(top[in_chain], people)
        hours = np.zeros(len(in_chain), dtype=np.float32)
        org_of = self.chain.org[in_chain]
        at_org = (org_of >= 0) & served
        work = self.model.work
        hours[at_org] += work.hours_per_week[work.of(org_of[at_org], in_chain[at_org])]
        for name, on in services.items():
            hours += on * self.model.orgs[name].hours_per_week
        hours += self.config.help.coordination_hours * np.maximum(people - 1, 0)
        self.ledger.outcomes.add("professional_hours", in_chain, hours)
