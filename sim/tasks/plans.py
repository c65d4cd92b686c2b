"""Core task 5, one plan: help reaches the family, services join the plan, and
the case holder follows each plan weekly until it closes, escalates or the order ends.
"""

from __future__ import annotations

import numpy as np

from sim.chain import PlanKind
from sim.families import WEEK
from sim.stages import Stage
from sim.tasks.base import Task, Week


class Plans(Task):
    """Plans: who is helped this week, how a plan begins, and the weekly follow-up."""

    name = "plans"
    stage = Stage.PLAN

    def help_this_week(self, week: Week) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Who gets help this week and at what concern reduction rate; whose parents
        get adult help."""
        chain, in_chain = self.chain, week.in_chain
        ids = in_chain[(chain.stage[in_chain] == Stage.PLAN) & ~chain.waiting[in_chain]]
        helped = ids[(chain.help_from[ids] <= week.t0) & chain.active("care_provider", ids)]
        rate = (self.config.help.child_effect * self.judgement.engagement(helped)
                ).astype(np.float32)
        if self.ledger.reporting:
            outcomes = self.ledger.outcomes
            first = helped[np.isnan(outcomes.first_help[helped])
                           & ~np.isnan(outcomes.first_contact[helped])]
            outcomes.first_help[first] = week.t0
        return helped, rate, in_chain[chain.active("adult_services", in_chain)]

    def begin(self, ids: np.ndarray, start: np.ndarray, org) -> None:
        """A plan starts: help begins after intake; specialists and adult help join.

        Adult help needs an adult specialist's slot either way: inside the plan the
        specialist joins the plan team (no referral, so no handoff and no uptake to
        decide); by referral the family must take it up and is handed on.
        """
        c, chain = self.config, self.chain
        chain.task_end[ids] = np.inf  # plans end on progress, never at a fixed time
        chain.plan_start[ids] = start
        chain.help_from[ids] = start
        chain.good_weeks[ids] = 0
        ordered = chain.plan_kind[ids] >= PlanKind.SUPERVISION
        chain.order_end[ids] = np.where(ordered, start + c.help.order_weeks * WEEK, np.inf)
        self.cases.join_service(ids, "care_provider", start,
                                handoff=self.model.routing.joining_care_is_handoff)
        troubled = self.model.families.problems[ids] != 0
        ids, start = ids[troubled], start[troubled]
        if c.design.family_oriented == "inside":
            self.cases.join_service(ids, "adult_services", start, handoff=False)
            return
        uptake = (self.model.streams("decide:referral").random(len(ids))
                  < c.help.referral_uptake * self.model.families.trust[ids])
        self.cases.join_service(ids[uptake], "adult_services", start[uptake], handoff=True)

    def step(self, week: Week) -> None:
        """The case holder follows each plan; adult services leave once the parents'
        problems are solved."""
        self._follow(week)
        ids = week.in_chain[self.chain.active("adult_services", week.in_chain)]
        solved = ids[self.model.families.problems[ids] == 0]
        self.cases.end_services(solved, week.t0, ("adult_services",))

    def _follow(self, week: Week) -> None:
        """Close when good enough, escalate when a family drops out, decide at the end
        of an order.

        Closures are recorded as they are decided and take effect together at the end
        (closing a family changes nothing the other decisions here depend on).
        """
        c, chain, t0 = self.config, self.chain, week.t0
        in_chain = week.in_chain
        ids = in_chain[(chain.stage[in_chain] == Stage.PLAN) & ~chain.waiting[in_chain]]
        if not len(ids):
            return
        closing: list[np.ndarray] = []

        def close(fam: np.ndarray, decision: str, opinion: np.ndarray) -> None:
            self.ledger.note_by_holder(t0, fam, decision, opinion)
            closing.append(fam)

        p = self.judgement.perceive(ids, chain.holder[ids], t0, "monitoring")
        good_weeks = np.where(p < c.concern.good_enough, chain.good_weeks[ids] + 1, 0)
        chain.good_weeks[ids] = good_weeks
        voluntary = chain.plan_kind[ids] == PlanKind.VOLUNTARY
        weeks = (t0 - chain.plan_start[ids]) / WEEK
        done = voluntary & (good_weeks >= c.help.weeks_good_to_close)
        too_long = voluntary & ~done & (weeks >= c.help.max_plan_weeks)
        u = self.model.streams("dropout").random(len(ids))
        drop = voluntary & ~done & ~too_long & (
            u < c.help.dropout_rate * (1 - self.judgement.engagement(ids))
            * self.model.alliance.dropout(ids))
        order_over = ~voluntary & (chain.order_end[ids] <= t0)
        close(ids[done], "closed_good_enough", p[done])
        close(ids[too_long], "closed_max_duration", p[too_long])
        if drop.any():
            self._dropped(ids[drop], p[drop], t0, close)
        if order_over.any():
            self._order_over(ids[order_over], p[order_over], t0, close)
        self.cases.let_go(np.concatenate(closing), t0)

    def _dropped(self, ids: np.ndarray, p: np.ndarray, t0: float, close) -> None:
        """A family that drops out of voluntary help: escalated to follow-up when the
        concern is judged serious, closed otherwise."""
        escalate = p >= self.config.decisions.escalation_threshold
        self.ledger.missed(ids[~escalate])
        close(ids[~escalate], "dropout_closed", p[~escalate])
        self.ledger.note_by_holder(t0, ids[escalate], "escalated", p[escalate])
        self.cases.move(ids[escalate], Stage.FOLLOWUP, t0)
        self.cases.offer_client_support(ids[escalate], t0)

    def _order_over(self, ended: np.ndarray, p: np.ndarray, t0: float, close) -> None:
        """At the end of an order: extend it, settle a placed child for good, or end it
        (then voluntary help or closure)."""
        c, chain, ledger = self.config, self.chain, self.ledger
        placed_for = t0 - chain.placed_since[ended]  # NaN: not placed
        placed = ~np.isnan(placed_for)
        # a placed child returns only when home is safe: judge the concern at home,
        # not the concern the placement itself has lowered
        at_home = p / max(1 - c.help.placement_safety, 1e-6)
        pe = np.where(placed, at_home, p)
        unsafe = pe >= c.decisions.extension_threshold
        # past the term for a perspective decision, a child who still cannot go home
        # stays where it lives for good (guardianship or long-term foster care): the
        # supervision order ends and the family leaves the chain
        settled = unsafe & placed & (placed_for >= c.help.perspective_weeks * WEEK)
        close(ended[settled], "long_term_placement", pe[settled])
        extend = unsafe & ~settled
        chain.order_end[ended[extend]] += c.help.order_weeks * WEEK
        ledger.note_by_holder(t0, ended[extend], "order_extended", pe[extend])
        finished, pf = ended[~unsafe], pe[~unsafe]
        chain.placed_since[finished] = np.nan
        ledger.note_by_holder(t0, finished, "order_ended", pf)
        fine = pf < c.concern.good_enough
        close(finished[fine], "closed_good_enough", pf[fine])
        rest, pr = finished[~fine], pf[~fine]
        agree = self.judgement.agrees(rest, "decide:order_end")
        self.cases.start_voluntary(rest[agree], t0)
        ledger.missed(rest[~agree])
        close(rest[~agree], "help_refused", pr[~agree])
