"""The levers of a design: what a ministry can choose, compared between scenarios."""

from __future__ import annotations

from typing import Literal

from sim.params.base import PROB, P, Strict


class Design(Strict):
    """The levers a ministry can choose."""

    model: Literal["relay", "team"] = P(
        "relay", "-", None, "the design choice itself",
        "relay: each organisation takes the family over; team: one regional team holds the "
        "case and specialists join it.")
    review: Literal["none", "four_eyes", "independent"] = P(
        "none", "-", None, "the design choice itself",
        "Check before a court request: none, an internal second opinion, or an independent "
        "expert.")
    client_support: bool = P(False, "-", None, "the design choice itself",
                             "Independent support for parents and children in compulsory steps.")
    family_oriented: Literal["inside", "referral"] = P(
        "referral", "-", None, "the design choice itself",
        "Adult problems handled inside the plan, or by a separate referral with its own wait.")
    conference_intensity: float = P(0.3, "probability", (0.1, 0.8), "the design choice itself",
                                    "Share of follow-up investigations with a family-network "
                                    "conference.", allowed=PROB)
    prevention_intensity: float = P(0.2, "0-1 scale", (0.0, 1.0), "the design choice itself",
                                    "Intensity of prevention and community work.",
                                    allowed=PROB)
    capacity_factor: float = P(1.0, "multiplier", (0.8, 1.2), "the design choice itself",
                               "Scales the staff of every organisation and access point.",
                               allowed=(0.05, 10.0))

    aftercare_weeks: float = P(0.0, "weeks", (0.0, 26.0), "the design choice itself",
                               "Weeks of light follow-up contact after a case closes "
                               "(alliance.aftercare_hours a week): the family stays known to "
                               "its professional, and an early sign of concern brings it back "
                               "to that professional on its own rather than by a report. 0: "
                               "none, as today.", allowed=(0.0, 104.0))
