"""Organisations, access points and the court: the few professional agents (Mesa agents).

Each has slots (staff times caseload norm, scaled to the number of families),
a FIFO waiting list and service-time distributions, and keeps yearly waiting
statistics per organisation.
"""

from __future__ import annotations

import mesa
import numpy as np

from sim.families import WEEK
from sim.params import REGION_FAMILIES, TaskOrganisation
from sim.params import AccessPoint as AccessPointParams
from sim.params import Organisation as OrganisationParams
from sim.queueing import Admissions, ServiceQueue


def gamma_sampler(rng: np.random.Generator, mean: float, cv: float):
    """Service times (days) with a given mean and coefficient of variation (cv 1: exponential)."""
    shape = 1.0 / (cv * cv)

    def sample(n: int) -> np.ndarray:
        return rng.gamma(shape, mean / shape, size=n)

    return sample


class Organisation(mesa.Agent):
    """An organisation carrying out core tasks; a family in service holds one of its slots."""

    def __init__(self, model: mesa.Model, name: str, params: OrganisationParams, *,
                 releasing: bool = False) -> None:
        super().__init__(model)
        self.name = name
        self.params = params
        scale = model.config.run.families / REGION_FAMILIES
        staff = params.staff * scale * model.config.design.capacity_factor
        self.slots = max(1, round(staff * params.caseload))
        sample = None
        if releasing:  # only releasing organisations have tasks of their own length
            if not isinstance(params, TaskOrganisation):
                raise TypeError(f"{name} decides on its own but has no task length")
            sample = gamma_sampler(model.streams(f"service:{name}"),
                                   params.service_weeks * WEEK, params.service_cv)
        self.queue = ServiceQueue(self.slots, sample)
        self.hours_per_week = params.hours_per_week
        self.intake_days = params.intake_days
        self.intake_hours = params.intake_hours
        self.turnover_per_week = params.turnover_per_year / 52.0
        self.blame_bias = params.blame_bias
        self.reset_year()

    def reset_year(self) -> None:
        """Start a new year of waiting statistics."""
        self.waits: list[np.ndarray] = []
        self.area_at_year_start = self.queue.waiting_area
        self.arrivals_at_year_start = self.queue.arrivals

    def admit(self, t0: float, t1: float, released: np.ndarray | None = None) -> Admissions:
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
