"""Where families can ask or report (access points) and the organisations that carry out
the core tasks with limited capacity."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from sim.params.base import NONNEG, PROB, P, Strict
from sim.params.population import NATIONAL_FAMILIES, REGION_FAMILIES


class AccessPoint(Strict):
    """A place to ask for advice or report a concern (core task 2).

    Plausible ranges are multipliers of each access point's own default.
    """

    enabled: bool = P(True, "-", None, "the design choice itself",
                      "Whether the access point exists in this scenario.")
    kind: Literal["advice", "report", "both"] = P(
        "both", "-", None, "the design choice itself", "What one can do there.")
    operator: Literal["local_team", "veilig_thuis", "independent"] = P(
        "independent", "-", None, "the design choice itself",
        "Who runs it; in the team design the local team and Veilig Thuis are the team.")
    threat: float = P(0.3, "0-1 scale", (0.5, 1.5), "assumption",
                      "How threatening it feels (lowers asking by families and their network).",
                      allowed=PROB, relative=True)
    reach: float = P(0.5, "0-1 scale", (0.6, 1.4), "assumption",
                     "How easy it is to reach (opening hours, distance, being known).",
                     allowed=PROB, relative=True)
    staff: float = P(5.0, "FTE per 45,000 families", (0.7, 1.3), "assumption",
                     "Staff answering contacts; scaled with the number of families.",
                     allowed=(0.01, None), relative=True)
    contacts_per_staff: float = P(8.0, "contacts at once per FTE", (0.5, 1.5), "assumption",
                                  "Contacts one FTE handles at the same time.",
                                  allowed=(0.1, None), relative=True)
    service_days: float = P(5.0, "days", (0.5, 2.0), "assumption",
                            "Mean duration of a first contact (advice or triage).",
                            allowed=(0.01, None), relative=True)
    hours: float = P(2.0, "hours per contact", (0.5, 2.0), "assumption",
                     "Professional time of one contact.", allowed=NONNEG, relative=True)
    blame_bias: float = P(0.0, "concern", None, "assumption",
                          "Systematic over (+) or under (-) rating at first contact.",
                          allowed=(-0.5, 0.5))


def default_access_points() -> dict[str, AccessPoint]:
    return {
        "local_team_desk": AccessPoint(kind="advice", operator="local_team", threat=0.25,
                                       reach=0.6, staff=6.0, service_days=7.0),
        "veilig_thuis_line": AccessPoint(kind="both", operator="veilig_thuis", threat=0.6,
                                         reach=0.5, staff=8.0, service_days=5.0, hours=3.0,
                                         blame_bias=0.03),
        "child_helpline": AccessPoint(kind="advice", operator="independent", threat=0.1,
                                      reach=0.3, staff=1.0, service_days=1.0, hours=0.5),
    }


STAFF_ALLOWED = (0.0, float(REGION_FAMILIES))
"""At most one FTE per family: an organisation's caseworkers are arrays of its posts
(sim.caseworkers), so a staff without bound would take all memory before the run began."""
CASELOAD_ALLOWED = (0.1, float(REGION_FAMILIES))
"""At most every family of the region with one FTE: the slots a post closes while vacant
are whole numbers (sim.caseworkers), which a caseload without bound overflows."""


class Organisation(Strict):
    """An organisation that carries out core tasks with limited capacity (a Mesa agent).

    Plausible ranges are multipliers of each organisation's own default.
    """

    staff: float = P(10.0, "FTE per 45,000 families", (0.7, 1.3), "assumption",
                     "Staff; scaled with the number of families.", allowed=STAFF_ALLOWED,
                     relative=True)
    caseload: float = P(15.0, "families per FTE", (0.7, 1.3), "assumption",
                        "Caseload norm: families one FTE holds at once.", allowed=CASELOAD_ALLOWED,
                        relative=True)
    intake_days: float = P(14.0, "days", (0.5, 2.0), "assumption",
                           "Time a new organisation needs to take a family on.",
                           allowed=NONNEG, relative=True)
    intake_hours: float = P(6.0, "hours", (0.5, 2.0), "assumption",
                            "Professional time of an intake.", allowed=NONNEG, relative=True)
    hours_per_week: float = P(2.0, "hours per family per week", (0.5, 2.0), "assumption",
                              "Professional time a family in service costs each week.",
                              allowed=NONNEG, relative=True)
    turnover_per_year: float = P(0.15, "share of staff per year", (0.5, 2.0),
                                 "CF: 30-60% in US agencies; lower assumed for NL",
                                 "Staff turnover of its caseworkers at or under the caseload "
                                 "norm (sim.caseworkers; organisations the team replaces).",
                                 allowed=PROB, relative=True)
    blame_bias: float = P(0.0, "concern", None, "assumption",
                          "Fear of blame: systematic over-rating (+) of concern.",
                          allowed=(-0.5, 0.5))


class TaskOrganisation(Organisation):
    """An organisation whose task has a length of its own (investigation, review, hearing)."""

    service_weeks: float = P(10.0, "weeks", (0.6, 1.6), "assumption",
                             "Mean duration of its task; for Veilig Thuis (first "
                             "investigation) and the board (follow-up) whoever carries the "
                             "task out.", allowed=(0.01, None), relative=True)
    service_cv: float = P(0.5, "coefficient of variation", (0.6, 2.0), "assumption",
                          "Spread of that duration (gamma; 1 = exponential).",
                          allowed=(0.05, 3.0), relative=True)


class BoundedService(Organisation):
    """A service that joins a plan for a set time and then leaves, releasing its slot."""

    service_weeks: float = P(
        20.0, "weeks", (0.5, 2.0),
        "assumption: about as long as the compulsory steps it supports (a follow-up "
        "investigation of 12 weeks, then review and hearing of up to 9)",
        "How long the service stays with a family before it leaves (sooner if the case "
        "closes).", allowed=(0.01, None), relative=True)


GI_CHILDREN_PER_FTE = 17.5
"""Children under a supervision order one youth-protection worker of a certified institution
holds at once, 2021: "15 to 20 children (10 to 14 families)" (Jeugdzorg Nederland, nu.nl,
5 June 2021,
https://www.nu.nl/binnenland/6137680/duizenden-medewerkers-vertrokken-bij-jeugdbescherming-na-decentralisatie.html).
Others: about 16 in 2022 and 12 in 2024 (Jeugdzorg Nederland via NOS,
https://www.skipr.nl/nieuws/werkdruk-jeugdbescherming-daalt-fors/); 22 by an FNV poll in
2022; the norm agreed in 2023 is 12 children, 8 to 9 families (Significant Public,
https://significant.nl/nieuws/minder-werk-en-betere-zorg-in-de-jeugdbescherming/)."""

GI_CHILDREN_PER_FAMILY = 1.8
"""Children under an order per family in a youth-protection worker's caseload: "ten families,
with 1.8 children on average" (Jeugdbescherming Regio Amsterdam, nu.nl, April 2023,
https://www.nu.nl/uit-andere-media/6260908/deze-jeugdbeschermer-heeft-wel-tijd.html), about
as many as the model's families under an order have (the calibration weighs families by
their children). Jeugdzorg Nederland's 15-20 children in 10-14 families is 1.46."""

GI_CHILDREN_IN_CASELOADS = 21_590 - 1_500
"""Children under a supervision order with a worker: in force on 31 December 2019 (CBS) less
the about 1,500 waiting for a worker (inspectorate, January 2024); CALIBRATION_FACTS.md."""


class CertifiedInstitution(Organisation):
    """The certified institutions (gecertificeerde instellingen, GI): their youth-protection
    workers hold the case of a family under a supervision order, with or without placement.
    Staff and caseload from Dutch figures (GI_CHILDREN_PER_FTE, GI_CHILDREN_PER_FAMILY)."""

    staff: float = P(round(GI_CHILDREN_IN_CASELOADS / GI_CHILDREN_PER_FTE * REGION_FAMILIES
                           / NATIONAL_FAMILIES, 1), "FTE per 45,000 families", (0.7, 1.3),
                     "CF and Jeugdzorg Nederland 2021 (sim/params/organisations.py): (21,590 "
                     "supervision orders in force - about 1,500 children waiting for a worker) "
                     "/ 17.5 children per FTE = 1,150 FTE nationally, x 45,000 / 1.9 million "
                     "families",
                     "Youth-protection workers (jeugdbeschermers) for supervision orders; "
                     "scaled with the number of families.", allowed=STAFF_ALLOWED, relative=True)
    caseload: float = P(round(GI_CHILDREN_PER_FTE / GI_CHILDREN_PER_FAMILY, 1),
                        "families per FTE", (0.7, 1.3),
                        "17.5 children per FTE (Jeugdzorg Nederland 2021) / 1.8 children per "
                        "family (Jeugdbescherming Regio Amsterdam 2023); sources in "
                        "sim/params/organisations.py",
                        "Caseload: families one youth-protection worker holds at once.",
                        allowed=CASELOAD_ALLOWED, relative=True)


TEAM_REPLACES = ("local_team", "veilig_thuis", "child_protection_board",
                 "certified_institution")
"""The organisations whose tasks the team of the team design carries out. The team has
no settings of its own: it has their slots, and its work on each task takes the
settings of the organisation that does that task in the relay (sim.work), so it gets
no staff, slots or judgement the relay does not have."""


def _org(kind: type[Organisation] = Organisation, **values: float) -> Any:
    return Field(default_factory=lambda: kind(**values))


class Organisations(Strict):
    """Who carries out the core tasks. Staff are per 45,000 families (one region)."""

    local_team: Organisation = _org(staff=45.0, caseload=25.0, hours_per_week=1.5,
                                    turnover_per_year=0.15, blame_bias=-0.03)
    veilig_thuis: TaskOrganisation = _org(TaskOrganisation, staff=12.0, caseload=12.0,
                                          service_weeks=10.0, hours_per_week=2.5,
                                          blame_bias=0.03)
    child_protection_board: TaskOrganisation = _org(TaskOrganisation, staff=10.0, caseload=10.0,
                                                    service_weeks=12.0, hours_per_week=3.0,
                                                    blame_bias=0.05)
    certified_institution: CertifiedInstitution = _org(CertifiedInstitution, hours_per_week=2.0,
                                                       turnover_per_year=0.25, blame_bias=0.05)
    care_provider: Organisation = _org(staff=80.0, caseload=12.0, hours_per_week=2.5,
                                       turnover_per_year=0.2)
    adult_services: Organisation = _org(staff=25.0, caseload=20.0, hours_per_week=1.5,
                                        intake_days=28.0)
    court: TaskOrganisation = _org(TaskOrganisation, staff=2.0, caseload=60.0, service_weeks=6.0,
                                   service_cv=0.5, intake_days=0.0, intake_hours=0.0,
                                   hours_per_week=0.5, turnover_per_year=0.0)
    review_panel: TaskOrganisation = _org(TaskOrganisation, staff=2.0, caseload=12.0,
                                          service_weeks=3.0, intake_days=0.0, intake_hours=4.0,
                                          hours_per_week=3.0, turnover_per_year=0.0)
    client_support: BoundedService = _org(BoundedService, staff=4.0, caseload=30.0,
                                          intake_days=3.0, intake_hours=2.0, hours_per_week=1.0,
                                          turnover_per_year=0.1)
