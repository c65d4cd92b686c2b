"""Where each family is in the chain: one array per attribute, indexed by family id.

Every core task reads and writes this state; keeping it in one small place (and
not in the tasks) lets the tasks stay apart, and lets a test check that every
family is in exactly one consistent state.
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np

from sim.stages import Stage


class PlanKind(IntEnum):
    """What a plan rests on."""

    NONE = 0
    VOLUNTARY = 1
    SUPERVISION = 2
    PLACEMENT = 3


class Service(IntEnum):
    """State of a service that joins a plan (care, adult services, client support)."""

    NONE = 0
    WAITING = 1
    ACTIVE = 2


SERVICES = ("care_provider", "adult_services", "client_support")
"""Organisations that join a plan beside the case holder, each with its own state array."""


def per_family(value: float | np.ndarray, n: int, dtype: type = float) -> np.ndarray:
    """A value per family: an array as it is, a single value repeated (as `dtype`)."""
    if isinstance(value, np.ndarray):
        return value
    return np.full(n, value, dtype=dtype)


class ChainState:
    """The families' positions, case holders, plans and services (days for times)."""

    def __init__(self, n: int) -> None:
        self.stage = np.zeros(n, dtype=np.int8)  # sim.stages.Stage
        self.waiting = np.zeros(n, dtype=bool)  # on the list of `org`, not yet served
        self.org = np.full(n, -1, dtype=np.int16)  # organisation whose slot or list holds it
        self.task_end = np.full(n, np.inf)
        self.ending = np.empty(0, dtype=np.int64)  # families whose task ends this week
        self.holder = np.full(n, -1, dtype=np.int16)  # who is responsible for the case
        self.prof_since = np.zeros(n)  # since when the same professional knows the family
        self.info = np.zeros(n, dtype=np.float32)  # what the case holder knows, 0-1
        self.needs_intake = np.zeros(n, dtype=bool)
        self.is_report = np.zeros(n, dtype=bool)  # came in as a report, not a question
        self.plan_kind = np.zeros(n, dtype=np.int8)
        self.plan_start = np.zeros(n)
        self.order_end = np.full(n, np.inf)
        self.placed_since = np.full(n, np.nan)  # day the child was placed (NaN: at home)
        self.good_weeks = np.zeros(n, dtype=np.int16)
        self.help_from = np.full(n, np.inf)
        self.file_concern = np.zeros(n, dtype=np.float32)  # the concern a court file states
        self.disputed = np.zeros(n, dtype=bool)  # the family contests a court request
        self.services = {name: np.zeros(n, dtype=np.int8) for name in SERVICES}
        self.incidents = np.zeros(n, dtype=np.int16)
        self.last_acute = np.full(n, np.nan)
        self.last_emergency = np.full(n, np.nan)

    def in_chain(self) -> np.ndarray:
        """Families in contact with any professional."""
        return np.flatnonzero(self.stage != Stage.NONE)

    def active(self, service: str, ids: np.ndarray) -> np.ndarray:
        """Whether `service` is working with each family."""
        return self.services[service][ids] == Service.ACTIVE
