"""Run-level outcomes: one number per run, the unit of comparison between designs.

Every batch, comparison and sensitivity analysis works on these; each is
defined once here with its unit and meaning (`opzet compare` and the report
show the labels). Rates are means over the reported years. Each says which way is
better where that is not a matter of view: fewer handoffs, waits, compulsory steps and
hours, more lasting reduction; whether fewer compulsory steps left serious concerns alone
is what missed serious concerns and the share of families with serious concern watch.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.suggest import did_you_mean


@dataclass(frozen=True)
class Measure:
    """One run-level outcome, and which way is better where that is not a matter of view."""

    label: str
    unit: str
    meaning: str
    compute: Callable[[pd.DataFrame, pd.DataFrame], float]  # (families, yearly) -> value
    better: str | None = None  # "lower" or "higher"; None: it depends on the view (more
    # advice or reports can mean concerns found early or concerns made), so a study that
    # ranks designs must say (sim.robustness)


def _yearly_mean(column: str) -> Callable[[pd.DataFrame, pd.DataFrame], float]:
    return lambda families, yearly: float(yearly[column].mean())


def _share(column: str) -> Callable[[pd.DataFrame, pd.DataFrame], float]:
    def compute(families: pd.DataFrame, yearly: pd.DataFrame) -> float:
        known = families[column].dropna()
        return float(known.mean()) if len(known) else float("nan")
    return compute


def _per_contacted(column: str) -> Callable[[pd.DataFrame, pd.DataFrame], float]:
    def compute(families: pd.DataFrame, yearly: pd.DataFrame) -> float:
        contacted = families["organisations_seen"] > 0
        return float(families.loc[contacted, column].mean()) if contacted.any() else np.nan
    return compute


def _professional_hours(families: pd.DataFrame, yearly: pd.DataFrame) -> float:
    """Hours per 1,000 families per year: every family's hours, and prevention, which is
    work for all families and so is not in any one family's hours."""
    prevention = 1000.0 * yearly["prevention_hours"] / yearly["families"]
    return float((yearly["professional_hours_per_1000"] + prevention).mean())


PER_1000 = "per 1,000 families per year"

MEASURES: dict[str, Measure] = {
    "handoffs": Measure("handoffs", PER_1000, "Families passed to someone new.",
                        _yearly_mean("handoffs_per_1000"), better="lower"),
    "handoffs_per_family": Measure("handoffs per family in contact", "count",
                                   "Mean handoffs of families that met professionals.",
                                   _per_contacted("handoffs"), better="lower"),
    "organisations_per_family": Measure("organisations per family in contact", "count",
                                        "Mean organisations a family in contact dealt with.",
                                        _per_contacted("organisations_seen"), better="lower"),
    "professionals_at_once": Measure("most professionals at once", "count",
                                     "Mean of each family's most professionals in one week.",
                                     _per_contacted("professionals_max_at_once"), better="lower"),
    "advice": Measure("advice contacts", PER_1000, "Advice asked at an access point.",
                      _yearly_mean("advice_per_1000")),
    "reports": Measure("reports", PER_1000, "Reports to a reporting point.",
                       _yearly_mean("reported_per_1000")),
    "investigations": Measure("first investigations", PER_1000, "Completed.",
                              _yearly_mean("investigated_per_1000")),
    "followup_investigations": Measure("follow-up investigations", PER_1000, "Completed.",
                                       _yearly_mean("followup_investigated_per_1000")),
    "court_requests": Measure("court requests", PER_1000, "Requests to the court.",
                              _yearly_mean("court_request_per_1000"), better="lower"),
    "disputed_at_court": Measure("disputed court requests", PER_1000,
                                 "Requests the family disputed.",
                                 _yearly_mean("disputed_at_court_per_1000"), better="lower"),
    "court_orders": Measure("court orders", PER_1000, "Supervision, placement or other.",
                            _yearly_mean("court_order_per_1000"), better="lower"),
    "placements": Measure("placements", PER_1000, "Out-of-home placements.",
                          _yearly_mean("placement_per_1000"), better="lower"),
    "emergencies": Measure("emergency actions", PER_1000, "After a noticed acute crisis.",
                           _yearly_mean("emergency_per_1000"), better="lower"),
    "avoidable_escalations": Measure("avoidable escalations", PER_1000,
                                     "Court requests while the true concern was not serious.",
                                     _yearly_mean("avoidable_escalation_per_1000"), better="lower"),
    "missed_serious": Measure("missed serious concerns", PER_1000,
                              "Decisions not to act while the true concern was serious.",
                              _yearly_mean("missed_serious_per_1000"), better="lower"),
    "days_to_first_contact": Measure("days to first contact", "days",
                                     "Mean, from first noticed to first contact.",
                                     _yearly_mean("days_to_first_contact_mean"), better="lower"),
    "days_to_help": Measure("days to help", "days", "Mean, from first contact to help.",
                            _yearly_mean("days_to_help_mean"), better="lower"),
    "waited_days": Measure("days on waiting lists", "family-days per 1,000 families per year",
                           "Time families spent on waiting lists.",
                           _yearly_mean("waited_days_per_1000"), better="lower"),
    "orders_in_force": Measure("orders in force", "families", "At the end of each year.",
                               _yearly_mean("orders_in_force_end"), better="lower"),
    "professional_hours": Measure("professional hours", "hours per 1,000 families per year",
                                  "Casework, intakes, joined services, reviews, hearings, "
                                  "conferences, coordination and prevention.",
                                  _professional_hours, better="lower"),
    "closed_good_enough": Measure("closed good enough", "share",
                                  "Share of first closures with concern good enough.",
                                  _share("reached_good_enough"), better="higher"),
    "recurred_24m": Measure("recurred within 24 months", "share",
                            "Share of good-enough first closures with concern back within "
                            "24 months (closures at least 24 months before the end of the run).",
                            _share("recurred_24m"), better="lower"),
    "lasting_reduction": Measure("lasting reduction", "share",
                                 "Share of first closures good enough and without recurrence "
                                 "within 24 months (closures at least 24 months before the "
                                 "end of the run).", _share("lasting_24m"), better="higher"),
    "serious_share": Measure("families with serious concern", "share",
                             "Mean share of all families whose true concern is serious.",
                             _yearly_mean("serious_share_mean"), better="lower"),
    "caseworker_turnover": Measure("caseworker turnover", "leavers per post per year",
                                   "Caseworkers of the case-holding organisations who left.",
                                   _yearly_mean("caseworker_turnover"), better="lower"),
    "turnover_handoffs": Measure("turnover handoffs", PER_1000,
                                 "Families handed on because their caseworker left.",
                                 _yearly_mean("turnover_handoffs_per_1000"), better="lower"),
    "lasting_reduction_plan": Measure("lasting reduction after a plan", "share",
                                      "As lasting reduction, among families who had help in "
                                      "a plan before their first closure.",
                                      _share("lasting_24m_plan"), better="higher"),
    "alliance_at_close": Measure("alliance at closure", "0-1 scale",
                                 "Mean working relationship with the case holder at first "
                                 "closures.", _share("alliance_at_close"), better="higher"),
    "rereported_12m": Measure("re-reported within 12 months", "share",
                              "Share of families reported for the first time (none in the year "
                              "before) who are reported again within 12 months.",
                              _share("rereported_12m"), better="lower"),
    "rereported_24m": Measure("re-reported within 24 months", "share",
                              "As re-reported within 12 months, within 24 months.",
                              _share("rereported_24m"), better="lower"),
    "network_support": Measure("support used from the network",
                               "support-weeks per 1,000 families per year",
                               "Informal support families used while their concern was above "
                               "'noticeable'.", _yearly_mean("network_support_per_1000"),
                               better="higher"),
}


def summarise(families: pd.DataFrame, yearly: pd.DataFrame) -> dict[str, float]:
    """Every run-level outcome of one run."""
    return {name: m.compute(families, yearly) for name, m in MEASURES.items()}


def unknown_outcome(name: str, shown: str) -> str | None:
    """What is wrong with `name` (written as `shown`) if it is no run-level outcome, with
    the closest one as a suggestion; None if it is one."""
    if name in MEASURES:
        return None
    return f"unknown outcome {shown}; " + did_you_mean(name, MEASURES,
                                                       "choose from " + ", ".join(MEASURES))
