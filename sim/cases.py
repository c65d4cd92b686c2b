"""How families move along the chain: to a task, to a plan, out of the chain.

Moves are the vocabulary every core task decides in: a move puts a family on
the list of the organisation that carries out its next task (or keeps its slot
there), notes a handoff when someone new becomes responsible, and a closure
lets go of everything at once. Who carries out a task and who holds the case
is the design's routing (sim.routing); the rest is the same for every design.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.chain import SERVICES, PlanKind, Service, per_family
from sim.journeys import node_of
from sim.stages import Stage

if TYPE_CHECKING:
    from sim.model import ProtectionModel
    from sim.organisations import Organisation


class Cases:
    """Moves of families between tasks and organisations, for every core task."""

    def __init__(self, model: ProtectionModel) -> None:
        self.model = model
        self.config = model.config
        self.chain = model.chain
        self.ledger = model.ledger
        self.on_close: list = []  # called with (families, days, good enough) at closure

    def move(self, ids: np.ndarray, stage: Stage, t: float | np.ndarray,
             org: Organisation | None = None, *, first: bool = False) -> None:
        """Send families to the next core task at `t` (days).

        A family that already holds a slot at the organisation of the next task
        keeps it (no new wait, no intake); otherwise it joins that organisation's
        list. A change of responsible organisation is a handoff.
        """
        if not len(ids):
            return
        chain, ledger = self.chain, self.ledger
        org = org or self.model.carrier[stage]
        t = per_family(t, len(ids))
        stays = (chain.org[ids] == org.index) & ~chain.waiting[ids]
        new_holder = self._holder_after(stage, org, ids)
        holder = chain.holder[ids]
        changed = new_holder != holder
        first_holder = holder < 0
        handed = changed & ~first_holder
        if ledger.reporting:
            ledger.journeys.move(ledger.nodes(ids), node_of(stage, chain.is_report[ids]), handed)
        self.handoff(ids[handed], t[handed])
        if np.count_nonzero(first_holder):
            chain.prof_since[ids[first_holder]] = t[first_holder]
            self.model.alliance.meet(ids[first_holder], new_holder if np.isscalar(new_holder)
                                     else new_holder[first_holder], t[first_holder])
        chain.needs_intake[ids] = changed if self.config.mechanisms.handoff_costs else first_holder
        chain.holder[ids] = new_holder
        ledger.mark_seen(ids, new_holder)
        chain.stage[ids] = stage
        if np.count_nonzero(stays):
            self.model.task_at[stage].begin(ids[stays], t[stays], org)
            ids, t = ids[~stays], t[~stays]
        if len(ids):  # the rest go on the organisation's list
            self.leave_slot(ids, t)
            chain.org[ids] = org.index
            chain.waiting[ids] = True
            chain.task_end[ids] = np.inf
            org.queue.join(ids, t, first=first)

    def _holder_after(self, stage: Stage, org: Organisation, ids: np.ndarray) -> int | np.ndarray:
        """Who is responsible after a move: the court and review never take the case; at
        an access point, whoever runs it; otherwise as the design's routing says."""
        if org.visits:
            return self.chain.holder[ids]
        if stage == Stage.ACCESS:
            return int(self.model.access_holder[org.index])
        return self.model.orgs[self.model.routing.holder(org.name)].index

    def leave_slot(self, ids: np.ndarray, t: float | np.ndarray) -> None:
        """Families leave the slot or list they hold now (to move or to close); the caller
        says where they are next."""
        if not len(ids):
            return
        t = per_family(t, len(ids))
        where = self.chain.org[ids]
        present = set(where.tolist())
        for index in present - {-1}:
            fam, when = ids, t
            if len(present) > 1:
                mine = where == index
                fam, when = ids[mine], t[mine]
            org = self.model.org_list[index]
            on_list = self.chain.waiting[fam]
            listed = np.count_nonzero(on_list)  # (cheaper than .any() on a few families)
            if listed:
                org.queue.remove(fam[on_list], when[on_list])
            if listed < len(fam) and not org.queue.releases_on_completion:
                org.pending_release.append(when[~on_list])

    def handoff(self, ids: np.ndarray, t: float | np.ndarray) -> None:
        """Someone new becomes responsible: knowledge and trust are partly lost, and the
        relationship starts again (unless `mechanisms.handoff_costs` is off); so is part
        of the alliance (sim.alliance), whether the case is passed on or its professional
        leaves."""
        if not len(ids):
            return
        self.ledger.count("handoffs", ids)
        self.model.alliance.lose(ids)
        if self.config.mechanisms.handoff_costs:
            self.chain.info[ids] *= 1 - self.config.decisions.info_loss_handoff
            self.model.families.trust[ids] *= 1 - self.config.trust.loss_per_handoff
            self.chain.prof_since[ids] = t

    def start_voluntary(self, ids: np.ndarray, t: float | np.ndarray) -> None:
        """A voluntary plan, held where the design's routing says."""
        self.chain.plan_kind[ids] = PlanKind.VOLUNTARY
        self.move(ids, Stage.PLAN, t, self.model.plan_holder[PlanKind.VOLUNTARY])

    def close(self, ids: np.ndarray, t: float | np.ndarray, org: Organisation | np.ndarray,
              decision: str, opinion: np.ndarray | None = None) -> None:
        """Professionals leave the family, and the decision goes on record."""
        if not len(ids):
            return
        self.ledger.note(t, ids, org, decision, opinion)
        self.let_go(ids, t)

    def let_go(self, ids: np.ndarray, t: float | np.ndarray) -> None:
        """All a closure changes but the record: slot, services and case end; a family
        that leaves with concern good enough and problems solved is stronger for it."""
        if not len(ids):
            return
        chain, ledger = self.chain, self.ledger
        if ledger.reporting:
            ledger.journeys.move(ledger.nodes(ids), 0)
        t = per_family(t, len(ids))
        self.leave_slot(ids, t)
        chain.placed_since[ids] = np.nan
        chain.org[ids] = -1
        chain.waiting[ids] = False
        self.end_services(ids, t)
        chain.stage[ids] = Stage.NONE
        self.model.alliance.close(ids, chain.holder[ids], t,
                                  chain.plan_kind[ids] != PlanKind.NONE)
        chain.holder[ids] = -1
        chain.plan_kind[ids] = PlanKind.NONE
        chain.order_end[ids] = np.inf
        chain.task_end[ids] = np.inf
        chain.disputed[ids] = False
        chain.info[ids] = 0.0
        f, c = self.model.families, self.config
        good = f.concern[ids] < c.concern.good_enough
        solved = f.problems[ids] == 0
        stronger = ids[good & solved]
        f.strength[stronger] = np.minimum(1.0, f.strength[stronger] + c.help.strength_gain)
        for listener in self.on_close:
            listener(ids, t, good)

    def join_service(self, ids: np.ndarray, name: str, t: float | np.ndarray, *,
                     handoff: bool) -> None:
        """A service joins the plan: the family goes on that organisation's list."""
        state = self.chain.services[name]
        t = per_family(t, len(ids))
        new = state[ids] == Service.NONE
        ids, t = ids[new], t[new]
        if not len(ids):
            return
        org = self.model.orgs[name]
        state[ids] = Service.WAITING
        org.queue.join(ids, t)
        if handoff:
            self.ledger.count("handoffs", ids)
            self.ledger.handed_within(ids)
            if self.config.mechanisms.handoff_costs:
                self.model.families.trust[ids] *= 1 - self.config.trust.loss_per_handoff
        self.ledger.mark_seen(ids, org.index)

    def end_services(self, ids: np.ndarray, t: float | np.ndarray,
                     which: tuple[str, ...] = SERVICES) -> None:
        """Joined services leave with the plan (or when no longer needed)."""
        t = per_family(t, len(ids))
        for name in which:
            state = self.chain.services[name]
            joined = state[ids]
            if not np.count_nonzero(joined):
                continue
            org = self.model.orgs[name]
            waiting = joined == Service.WAITING
            if np.count_nonzero(waiting):
                org.queue.remove(ids[waiting], t[waiting])
            active = joined == Service.ACTIVE
            if np.count_nonzero(active):
                org.pending_release.append(t[active])
            state[ids] = Service.NONE

    def offer_client_support(self, ids: np.ndarray, t: float | np.ndarray) -> None:
        """Independent support for parents and children once compulsion is on the table."""
        if self.config.design.client_support and len(ids):
            self.join_service(ids, "client_support", t, handoff=False)

    def place(self, ids: np.ndarray, t: np.ndarray) -> None:
        """Out-of-home placement: the child is safe, trust suffers."""
        if not len(ids):
            return
        c = self.config
        self.ledger.count("placement", ids)
        self.chain.placed_since[ids] = np.fmin(self.chain.placed_since[ids], t)  # NaN: not yet
        self.model.families.concern[ids] *= 1 - c.help.placement_safety
        loss = c.trust.loss_placement * self.model.judgement.compulsion_factor(ids)
        self.model.families.trust[ids] *= 1 - loss
