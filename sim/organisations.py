"""Organisations, access points and the court: the few professional agents (Mesa agents).

Each has slots (staff times caseload norm, scaled to the number of families), a
FIFO waiting list and yearly waiting statistics. Each acts in its own step: it
decides on the families whose task with it ended this week (through the core
task they are at) and admits families from its list into free slots. A service
that joins a plan (care, adult services, client support) admits families
beside their case holder (one of bounded length, client support, leaves after its
time); an access point serves first contacts.
"""

from __future__ import annotations

import mesa
import numpy as np

from sim.chain import Service
from sim.families import WEEK
from sim.params.organisations import TEAM_REPLACES, TaskOrganisation
from sim.params.organisations import AccessPoint as AccessPointParams
from sim.params.organisations import BoundedService as BoundedServiceParams
from sim.params.organisations import Organisation as OrganisationParams
from sim.params.population import REGION_FAMILIES
from sim.queueing import Admissions, ServiceQueue

CHAIN_ORDER = ("veilig_thuis", "child_protection_board", "regional_team", "review_panel",
               "court", "certified_institution", "local_team", "care_provider", "adult_services",
               "client_support")
"""Every organisation a design may have, in the order they act each week."""
VISITS = ("court", "review_panel")
"""Organisations that decide but never hold a case; their slot ends with their task."""


def scaled_staff(model: mesa.Model, params: OrganisationParams) -> float:
    """An organisation's staff (FTE) scaled to the number of families and by the design's
    capacity factor."""
    scale = model.config.run.families / REGION_FAMILIES
    return params.staff * scale * model.config.design.capacity_factor


def slots_of(model: mesa.Model, params: OrganisationParams) -> int:
    """Families an organisation holds at once: its scaled staff times the caseload norm."""
    return max(1, round(scaled_staff(model, params) * params.caseload))


def gamma_sampler(rng: np.random.Generator, mean: float, cv: float):
    """Service times (days) with a given mean and coefficient of variation (cv 1: exponential)."""
    shape = 1.0 / (cv * cv)

    def sample(n: int) -> np.ndarray:
        return rng.gamma(shape, mean / shape, size=n)

    return sample


class Organisation(mesa.Agent):
    """An organisation carrying out core tasks; a family in service holds one of its slots."""

    def __init__(self, model: mesa.Model, name: str, params: OrganisationParams | None, *,
                 releasing: bool = False, slots: int | None = None) -> None:
        super().__init__(model)
        self.name = name
        self.params = params  # None for the regional team, whose settings are per task
        self.visits = name in VISITS
        releasing = releasing or self.visits  # a visit ends with its task
        self.slots = slots if slots is not None else slots_of(model, params)
        sample = None
        if releasing:  # only releasing organisations have tasks of their own length
            if not isinstance(params, TaskOrganisation):
                raise TypeError(f"{name} decides on its own but has no task length")
            sample = gamma_sampler(model.streams(f"service:{name}"),
                                   params.service_weeks * WEEK, params.service_cv)
        self.queue = ServiceQueue(self.slots, sample)
        self.pending_release: list[np.ndarray] = []  # when families left slots this week
        if params is not None:
            self.hours_per_week = params.hours_per_week
            self.intake_days = params.intake_days
            self.intake_hours = params.intake_hours
        self.reset_year()

    # ------------------------------------------------------------------ acting
    def step(self) -> None:
        """One week: decide on the families whose task here ended, then fill free slots."""
        self.decide(self.finishing())
        self.admit()

    def admit_returned(self) -> None:
        """Admit again if families were sent back here, or left slots, since this week's
        step (a later organisation acted on them)."""
        t1 = self.model.day + WEEK
        if self.queue.has_arrivals_before(t1) or self.pending_release:
            self.admit()

    def finishing(self) -> np.ndarray:
        """Families whose fixed-length task here ends this week (plans never do)."""
        chain = self.model.chain
        ids = chain.ending
        return ids[(chain.org[ids] == self.index) & ~chain.waiting[ids]]

    def decide(self, ids: np.ndarray) -> None:
        """What follows each finished task, decided by the core task the family is at."""
        if not len(ids):
            return
        chain = self.model.chain
        stage = chain.stage[ids]
        present = set(stage.tolist())
        for st in sorted(present):
            mine = ids if len(present) == 1 else ids[stage == st]
            self.model.task_at[st].decide(mine, self, chain.task_end[mine])

    def admit(self) -> None:
        """Admit from the waiting list into free slots; the families begin their task."""
        t0 = self.model.day
        admitted = self.serve_list(t0, t0 + WEEK, self._released())
        if len(admitted.ids):
            self.begin(admitted, t0 + WEEK)

    def begin(self, admitted: Admissions, t1: float) -> None:
        """Admitted families begin the task they came for, after an intake if new here."""
        ids = admitted.ids
        start = self.intake(admitted)
        chain = self.model.chain
        if self.queue.releases_on_completion:
            chain.task_end[ids] = admitted.ended
            self.decide(ids[admitted.ended < t1])
            return
        stage = chain.stage[ids]
        present = set(stage.tolist())
        for st in sorted(present):
            mine = slice(None) if len(present) == 1 else stage == st
            self.model.task_at[st].begin(ids[mine], start[mine], self)

    def intake(self, admitted: Admissions) -> np.ndarray:
        """Families leave the list; those new to this organisation have an intake first.

        Returns the start of the task proper (after any intake), per family.
        """
        ids = admitted.ids
        chain, ledger = self.model.chain, self.model.ledger
        chain.waiting[ids] = False
        ledger.count("waited_days", ids, (admitted.started - admitted.arrived).astype(np.float32))
        needs = chain.needs_intake[ids]
        work = self.model.work
        whose = work.of(self.index, ids)
        ledger.count("professional_hours", ids, needs * work.intake_hours[whose])
        chain.needs_intake[ids] = False
        return admitted.started + needs * work.intake_days[whose]

    def _released(self) -> np.ndarray:
        parts = self.pending_release
        self.pending_release = []
        return np.concatenate(parts) if parts else np.empty(0)

    # -------------------------------------------------------------- statistics
    def reset_year(self) -> None:
        """Start a new year of waiting statistics."""
        self.waits: list[np.ndarray] = []
        self.area_at_year_start = self.queue.waiting_area
        self.arrivals_at_year_start = self.queue.arrivals

    def serve_list(self, t0: float, t1: float, released: np.ndarray | None = None) -> Admissions:
        """Serve one step of the waiting list, keeping the waits for the year's statistics."""
        admitted = self.queue.process(t0, t1, released)
        if len(admitted.ids):
            self.waits.append(admitted.started - admitted.arrived)
        return admitted

    def year_statistics(self, days: float, in_service: int) -> dict[str, float]:
        """Waiting list and waits over the year that ends now."""
        waits = np.concatenate(self.waits) if self.waits else np.empty(0)
        return {
            "organisation": self.name,
            "slots": self.slots,
            "arrivals": self.queue.arrivals - self.arrivals_at_year_start,
            "waitlist_mean": (self.queue.waiting_area - self.area_at_year_start) / days,
            "waitlist_end": len(self.queue),
            "in_service_end": in_service,
            "started": len(waits),
            "wait_mean_days": float(waits.mean()) if len(waits) else np.nan,
            "wait_p90_days": float(np.percentile(waits, 90)) if len(waits) else np.nan,
        }


class RegionalTeam(Organisation):
    """The team of the team design. With pooled capacity (`mechanisms.pooled_capacity`) it
    has the slots of the organisations it replaces in one list; without, the relay's
    organisations keep theirs as its units and the team only holds the case. Its
    settings are theirs, per task (sim.work)."""

    def __init__(self, model: mesa.Model, name: str) -> None:
        c = model.config
        pooled = sum(slots_of(model, getattr(c.organisations, unit)) for unit in TEAM_REPLACES)
        super().__init__(model, name, None, slots=pooled if c.mechanisms.pooled_capacity else 1)


class JoiningService(Organisation):
    """A service that joins a plan beside the case holder (care, adult services, client
    support): admitting a family makes the service active for it. A service of bounded
    length (client support) leaves the family, and frees its slot, when its time is over;
    the others stay until they are no longer needed or the case closes."""

    def __init__(self, model: mesa.Model, name: str, params: OrganisationParams) -> None:
        super().__init__(model, name, params)
        # the day the service leaves each family (only a service of bounded length)
        self.until = (np.full(len(model.families), np.inf)
                      if isinstance(params, BoundedServiceParams) else None)

    def step(self) -> None:
        """Services whose time is over this week leave first, so their slots serve the list."""
        if self.until is not None:
            self._leave(self.model.day + WEEK)
        super().step()

    def _leave(self, t1: float) -> None:
        """End the services whose time is over before `t1`; each slot frees when it ended."""
        due = np.flatnonzero(self.until < t1)
        if not len(due):
            return
        ends = self.until[due]
        self.until[due] = np.inf
        active = self.model.chain.active(self.name, due)  # not if the case closed meanwhile
        self.model.cases.end_services(due[active], ends[active], (self.name,))

    def begin(self, admitted: Admissions, t1: float) -> None:
        ids = admitted.ids
        if self.until is not None:
            self.until[ids] = admitted.started + self.params.service_weeks * WEEK
        chain, ledger = self.model.chain, self.model.ledger
        chain.services[self.name][ids] = Service.ACTIVE
        if self.name == "care_provider":  # help starts once the specialist has done intake
            chain.help_from[ids] = np.maximum(chain.help_from[ids],
                                              admitted.started + self.intake_days)
        ledger.count("professional_hours", ids, self.intake_hours)
        ledger.count("waited_days", ids, (admitted.started - admitted.arrived).astype(np.float32))


class AccessPoint(Organisation):
    """A place to ask or report (core task 2): threat and reach decide who comes."""

    def __init__(self, model: mesa.Model, name: str, params: AccessPointParams) -> None:
        as_org = TaskOrganisation(
            staff=params.staff, caseload=params.contacts_per_staff,
            service_weeks=params.service_days / WEEK, service_cv=1.0, intake_days=0.0,
            intake_hours=params.hours, hours_per_week=0.0, turnover_per_year=0.0,
            blame_bias=params.blame_bias)
        super().__init__(model, name, as_org, releasing=True)
        self.kind = params.kind
        self.operator = params.operator
        self.threat = params.threat
        self.reach = params.reach

    @property
    def attractiveness(self) -> float:
        """Chance-weight that someone who wants to ask comes here."""
        return self.reach * (1.0 - self.threat)

    def serve(self) -> np.ndarray:
        """First contacts: admit from the list; return the contacts that end this week
        (the advice task decides on all points' contacts at once)."""
        t0 = self.model.day
        t1 = t0 + WEEK
        done = self.finishing()
        admitted = self.serve_list(t0, t1)
        ids = admitted.ids
        if len(ids):
            chain, ledger = self.model.chain, self.model.ledger
            chain.waiting[ids] = False
            ledger.count("waited_days", ids, (admitted.started - admitted.arrived)
                         .astype(np.float32))
            ledger.count("professional_hours", ids, self.intake_hours)
            chain.task_end[ids] = admitted.ended
            if ledger.reporting:
                first_contact = ledger.outcomes.first_contact
                new = np.isnan(first_contact[ids])
                first_contact[ids[new]] = admitted.started[new]
            ledger.note(admitted.started, ids, self, "first_contact")
        return np.concatenate((done, ids[admitted.ended < t1]))
