"""Every parameter of the model, defined once: unit, default, plausible range and source.

A scenario file is validated against these models (unknown keys are refused),
`opzet params` prints them and `docs/parameters.md` is generated from them.
Rates are per week because the model steps one week at a time; a year is 52
weeks. "assumption" marks a value no public figure pins down: the plausible
range is what sensitivity analysis varies.

Shorthand in sources: CF = ../shared/CALIBRATION_FACTS.md.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

NATIONAL_FAMILIES = 1_900_000  # households with a child under 18 (CF, Population)
REGION_FAMILIES = 45_000  # one of 42 youth-care regions, about 1.9 million / 42 (CF)


def P(
    default: Any,
    unit: str,
    plausible: tuple[float, float] | None,
    source: str,
    doc: str,
    *,
    allowed: tuple[float | None, float | None] = (None, None),
    relative: bool = False,
) -> Any:
    """Declare one parameter: default, unit, plausible range, source and meaning.

    `plausible` is the range sensitivity analysis samples; with `relative` it is
    a pair of multipliers of the default, for groups (organisations, access
    points) whose members have different defaults. `allowed` is what validation
    accepts (wider: the model still runs there).
    """
    low, high = allowed
    return Field(
        default,
        ge=low,
        le=high,
        description=doc,
        json_schema_extra={
            "unit": unit,
            "plausible": list(plausible) if plausible else None,
            "relative": relative,
            "source": source,
        },
    )


def Table(model: type[BaseModel]) -> Any:
    """A nested group of parameters, filled with its defaults when absent."""
    return Field(default_factory=model)


PROB = (0.0, 1.0)
NONNEG = (0.0, None)


class UserInput(BaseModel):
    """Base of every model a user's file or flag is checked against (scenarios, experiments,
    sensitivity settings, targets).

    Unknown keys are errors. Types are strict, so `families = "300"`, `years = true` or a
    probability of `true` are refused rather than quietly converted (an int is still a
    number, as TOML users write `noise_sd = 1`). Numbers must be finite: TOML reads `inf`,
    `nan` and `1e400` as floats that no parameter can mean and the model cannot run with.
    """

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)


class Strict(UserInput):
    """Base for parameter groups: also checked when code assigns to them."""

    model_config = ConfigDict(validate_assignment=True)


class Run(Strict):
    """How long and how big one run is."""

    seed: int = P(20261128, "-", None, "assumption", "Base seed of all random streams.",
                  allowed=(0, None))
    years: int = P(5, "years", None, "assumption",
                   "Years reported after the warm-up.", allowed=(1, 50))
    warmup_years: int = P(2, "years", (1, 4), "assumption",
                          "Years simulated before reporting starts, so waiting lists and "
                          "orders in force are filled instead of starting empty.",
                          allowed=(0, 20))
    families: int = P(REGION_FAMILIES, "families", None,
                      "CF: 1.9 million households with a child / 42 regions",
                      "Number of families with children (one agent each).",
                      allowed=(10, 3_000_000))
    record_events: bool = P(True, "-", None, "assumption",
                            "Write the record of every step per family (events.parquet).")


class Population(Strict):
    """Who the families are when the run starts."""

    children_mean: float = P(1.74, "children per family", (1.6, 1.9),
                             "CF: 3.3 million minors / 1.9 million households",
                             "Mean number of children under 18 per family.",
                             allowed=(1.0, 5.0))
    strength_mean: float = P(0.6, "0-1 scale", (0.45, 0.75), "assumption",
                             "Mean own strength (coping, resources) of a family.",
                             allowed=(0.05, 0.95))
    strength_sd: float = P(0.18, "0-1 scale", (0.1, 0.25), "assumption",
                           "Spread of own strength between families.", allowed=(0.01, 0.4))
    willingness_mean: float = P(0.7, "probability", (0.5, 0.85), "assumption",
                                "Mean willingness to cooperate with professionals.",
                                allowed=(0.05, 0.95))
    willingness_sd: float = P(0.2, "probability", (0.1, 0.3), "assumption",
                              "Spread of willingness between families.", allowed=(0.01, 0.4))
    trust_mean: float = P(0.6, "0-1 scale", (0.45, 0.75), "assumption",
                          "Mean trust in professionals at the start.", allowed=(0.05, 0.95))
    trust_sd: float = P(0.2, "0-1 scale", (0.1, 0.3), "assumption",
                        "Spread of trust between families.", allowed=(0.01, 0.4))
    vulnerability_slope: float = P(2.0, "log-odds per unit strength", (1.0, 3.5), "assumption",
                                   "How much more often weak families have underlying "
                                   "problems (onset hazard multiplier exp(-slope*(s-mean))).",
                                   allowed=NONNEG)


class Problem(Strict):
    """One underlying problem of the parents: how common, how long, how heavy."""

    prevalence: float = P(0.05, "share of families", (0.02, 0.1), "assumption",
                          "Share of families that have the problem at any time.",
                          allowed=(0.0, 0.9))
    duration_weeks: float = P(104.0, "weeks", (52.0, 208.0), "assumption",
                              "Mean duration without help (resolution hazard 1/duration).",
                              allowed=(1.0, 2000.0))
    weight: float = P(0.3, "concern push", (0.15, 0.6), "assumption",
                      "How strongly the problem pushes concern about the child up.",
                      allowed=(0.0, 2.0))


class Debts(Problem):
    """Problematic debts."""

    prevalence: float = P(0.08, "share of families", (0.05, 0.12),
                          "CF: 5.7% of minors in households on social assistance; "
                          "problematic debts assumed higher", "Share with problematic debts.",
                          allowed=(0.0, 0.9))
    duration_weeks: float = P(156.0, "weeks", (104.0, 260.0), "assumption",
                              "Mean duration without help.", allowed=(1.0, 2000.0))
    weight: float = P(0.15, "concern push", (0.05, 0.3), "assumption",
                      "Push of debts on concern.", allowed=(0.0, 2.0))


class MentalIllness(Problem):
    """Psychological or psychiatric problems of a parent."""

    prevalence: float = P(0.23, "share of families", (0.15, 0.3),
                          "CF: 23% of households with minors (CBS 2021)",
                          "Share with psychological problems.", allowed=(0.0, 0.9))
    duration_weeks: float = P(104.0, "weeks", (52.0, 208.0), "assumption",
                              "Mean duration without help.", allowed=(1.0, 2000.0))
    weight: float = P(0.2, "concern push", (0.1, 0.35), "assumption",
                      "Push of mental illness on concern.", allowed=(0.0, 2.0))


class Addiction(Problem):
    """Addiction of a parent."""

    prevalence: float = P(0.04, "share of families", (0.02, 0.07), "assumption",
                          "Share with an addicted parent.", allowed=(0.0, 0.9))
    duration_weeks: float = P(156.0, "weeks", (104.0, 260.0), "assumption",
                              "Mean duration without help.", allowed=(1.0, 2000.0))
    weight: float = P(0.55, "concern push", (0.35, 0.75), "assumption",
                      "Push of addiction on concern.", allowed=(0.0, 2.0))


class PartnerViolence(Problem):
    """Violence between the parents."""

    prevalence: float = P(0.03, "share of families", (0.015, 0.05),
                          "assumption; CF: 65% of Veilig Thuis reports come from the police",
                          "Share with partner violence.", allowed=(0.0, 0.9))
    duration_weeks: float = P(78.0, "weeks", (40.0, 156.0), "assumption",
                              "Mean duration without help.", allowed=(1.0, 2000.0))
    weight: float = P(0.7, "concern push", (0.5, 0.9), "assumption",
                      "Push of partner violence on concern.", allowed=(0.0, 2.0))


class DivorceConflict(Problem):
    """A conflict-ridden divorce."""

    prevalence: float = P(0.04, "share of families", (0.02, 0.06), "assumption",
                          "Share in a conflict-ridden divorce.", allowed=(0.0, 0.9))
    duration_weeks: float = P(104.0, "weeks", (52.0, 156.0), "assumption",
                              "Mean duration without help.", allowed=(1.0, 2000.0))
    weight: float = P(0.3, "concern push", (0.15, 0.45), "assumption",
                      "Push of divorce conflict on concern.", allowed=(0.0, 2.0))


class Problems(Strict):
    """The parents' problems that drive concern (brief: debts, psychiatric problems,
    addiction, partner violence, divorce)."""

    debts: Debts = Table(Debts)
    mental_illness: MentalIllness = Table(MentalIllness)
    addiction: Addiction = Table(Addiction)
    partner_violence: PartnerViolence = Table(PartnerViolence)
    divorce_conflict: DivorceConflict = Table(DivorceConflict)


PROBLEM_NAMES = tuple(Problems.model_fields)


class Concern(Strict):
    """The latent concern about a child's safety and development (0 none, 1 extreme)."""

    growth_rate: float = P(0.04, "per week per unit problem weight", (0.025, 0.055),
                           "assumption", "Rate at which problems push concern up.",
                           allowed=NONNEG)
    recovery_rate: float = P(0.012, "per week", (0.008, 0.018), "assumption",
                             "Rate at which concern fades by the family's own strength.",
                             allowed=NONNEG)
    noise_sd: float = P(0.02, "concern per sqrt(week)", (0.01, 0.04), "assumption",
                        "Week-to-week random variation of concern.", allowed=NONNEG)
    good_enough: float = P(0.25, "concern", (0.2, 0.3), "assumption",
                           "Below this, concerns are 'good enough' (goal 2 of the brief).",
                           allowed=PROB)
    noticeable: float = P(0.35, "concern", (0.3, 0.45), "assumption",
                          "Above this, others can notice the concern.", allowed=PROB)
    serious: float = P(0.6, "concern", (0.55, 0.7),
                       "assumption; CF: 3% of children maltreated (NPM-2017)",
                       "Above this, the child is not safe enough without protection.",
                       allowed=PROB)
    recurrence: float = P(0.4, "concern", (0.35, 0.5), "assumption",
                          "After closure, concern above this counts as recurrence.",
                          allowed=PROB)
    acute_rate: float = P(0.01, "per week at concern 1", (0.005, 0.02), "assumption",
                          "Hazard of an acute crisis, rising linearly above 'serious'.",
                          allowed=PROB)
    acute_violence_factor: float = P(2.0, "multiplier", (1.0, 4.0), "assumption",
                                     "Extra acute hazard when there is partner violence.",
                                     allowed=NONNEG)


class Network(Strict):
    """The informal network: ties between families and to community professionals."""

    neighbourhood_size: int = P(400, "families", (200, 1000), "assumption",
                                "Families per neighbourhood (where neighbours and friends live).",
                                allowed=(10, 100_000))
    kin_group_mean: float = P(2.5, "families", (1.5, 4.0), "assumption",
                              "Mean number of related families in a kin group (a clique).",
                              allowed=(1.0, 10.0))
    friends_mean: float = P(3.0, "ties per family", (1.5, 5.0), "assumption",
                            "Mean number of friend and neighbour ties per family.",
                            allowed=(0.0, 30.0))
    triadic_closure: float = P(0.3, "share", (0.1, 0.5), "assumption",
                               "Chance that a family with two or more ties introduces two "
                               "of them to each other, closing a triangle (clustering).",
                               allowed=PROB)
    sociability_shape: float = P(2.0, "gamma shape", (1.0, 4.0), "assumption",
                                 "Heterogeneity of network size (lower: more unequal).",
                                 allowed=(0.1, 100.0))
    tie_strength_sd: float = P(0.5, "log scale", (0.3, 0.8), "assumption",
                               "Spread of tie strength (lognormal, mean 1).", allowed=NONNEG)
    support_effect: float = P(0.012, "per week", (0.005, 0.02), "assumption",
                              "Concern reduction by informal support at full support.",
                              allowed=NONNEG)
    support_saturation: float = P(3.0, "tie strength", (1.5, 6.0), "assumption",
                                  "Network support at which support is 63% of its maximum.",
                                  allowed=(0.01, None))
    unaware_support_share: float = P(0.3, "share", (0.1, 0.5), "assumption",
                                     "Support given while nobody has noticed the concern, "
                                     "as a share of support once noticed.", allowed=PROB)
    awareness_weeks: float = P(26.0, "weeks", (12.0, 52.0), "assumption",
                               "How long the network stays alert after noticing.",
                               allowed=(1.0, None))
    trust_influence: float = P(0.02, "per week", (0.0, 0.05), "assumption",
                               "Pull of a family's trust toward its ties' trust.", allowed=PROB)
    school_size: int = P(150, "families", (80, 300), "assumption",
                         "Families per school.", allowed=(1, 100_000))
    gp_size: int = P(600, "families", (300, 1200), "assumption",
                     "Families per general practice.", allowed=(1, 100_000))
    childcare_size: int = P(60, "families", (30, 120), "assumption",
                            "Families per childcare location.", allowed=(1, 100_000))
    sports_share: float = P(0.5, "share of families", (0.3, 0.7), "assumption",
                            "Share of families tied to a sports club.", allowed=PROB)
    childcare_share: float = P(0.6, "share of families with a child under 4", (0.4, 0.8),
                               "assumption", "Use of childcare.", allowed=PROB)
    attentiveness_sd: float = P(0.4, "log scale", (0.2, 0.7), "assumption",
                                "Spread of attentiveness between schools, practices, clubs.",
                                allowed=NONNEG)


class Noticing(Strict):
    """Who notices a concern and what they do (rates at concern 1; zero at 'noticeable')."""

    by_self: float = P(0.04, "per week", (0.02, 0.08), "assumption",
                       "Family itself recognises the concern.", allowed=PROB)
    by_network: float = P(0.02, "per week per unit tie strength", (0.01, 0.04), "assumption",
                          "A relative, neighbour or friend notices.", allowed=PROB)
    by_school: float = P(0.05, "per week", (0.02, 0.1), "assumption",
                         "A teacher notices.", allowed=PROB)
    by_gp: float = P(0.015, "per week", (0.005, 0.03), "assumption",
                     "The general practitioner notices.", allowed=PROB)
    by_childcare: float = P(0.06, "per week", (0.03, 0.1), "assumption",
                            "Childcare staff notice.", allowed=PROB)
    by_sports: float = P(0.01, "per week", (0.005, 0.03), "assumption",
                         "A sports coach notices.", allowed=PROB)
    police_violence: float = P(0.05, "per week with partner violence", (0.02, 0.1),
                               "CF: 65% of Veilig Thuis reports come from the police",
                               "Police called to a family with partner violence.",
                               allowed=PROB)
    ask_self: float = P(0.35, "probability", (0.2, 0.6), "assumption",
                        "Family that notices asks an access point (times trust).",
                        allowed=PROB)
    ask_network: float = P(0.2, "probability", (0.1, 0.4), "assumption",
                           "Network member that notices asks an access point for advice.",
                           allowed=PROB)
    ask_professional: float = P(0.3, "probability", (0.15, 0.5), "assumption",
                                "Community professional that notices asks for advice.",
                                allowed=PROB)
    report_network: float = P(0.05, "probability at concern 1", (0.02, 0.1), "assumption",
                              "Network member that notices reports.", allowed=PROB)
    report_professional: float = P(0.4, "probability at concern 1", (0.2, 0.6), "assumption",
                                   "Community professional that notices reports.",
                                   allowed=PROB)
    acute_noticed: float = P(0.8, "probability", (0.6, 0.95), "assumption",
                             "An acute crisis is seen by police, network or school.",
                             allowed=PROB)
    report_police: float = P(0.8, "probability", (0.6, 0.95), "assumption",
                             "Police call that leads to a report.", allowed=PROB)


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


def _default_access_points() -> dict[str, AccessPoint]:
    return {
        "local_team_desk": AccessPoint(kind="advice", operator="local_team", threat=0.25,
                                       reach=0.6, staff=6.0, service_days=7.0),
        "veilig_thuis_line": AccessPoint(kind="both", operator="veilig_thuis", threat=0.6,
                                         reach=0.5, staff=8.0, service_days=5.0, hours=3.0,
                                         blame_bias=0.03),
        "child_helpline": AccessPoint(kind="advice", operator="independent", threat=0.1,
                                      reach=0.3, staff=1.0, service_days=1.0, hours=0.5),
    }


class Organisation(Strict):
    """An organisation that carries out core tasks with limited capacity (a Mesa agent).

    Plausible ranges are multipliers of each organisation's own default.
    """

    staff: float = P(10.0, "FTE per 45,000 families", (0.7, 1.3), "assumption",
                     "Staff; scaled with the number of families.", allowed=(0.0, None),
                     relative=True)
    caseload: float = P(15.0, "families per FTE", (0.7, 1.3), "assumption",
                        "Caseload norm: families one FTE holds at once.", allowed=(0.1, None),
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
                                 "Staff turnover: the family gets a new professional.",
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


POOLED = "pooled: staff-weighted from the organisations the team replaces"


class RegionalTeam(Organisation):
    """The team of the team design. Left unset, a setting is pooled from the organisations
    the team replaces (TEAM_REPLACES): the team gets no staff, slots or judgement the relay
    does not have. A scenario may set any of them."""

    staff: float | None = P(None, "FTE per 45,000 families", (0.7, 1.3), POOLED,
                            "Staff (unset: the sum of the replaced organisations' staff).",
                            allowed=(0.0, None), relative=True)
    caseload: float | None = P(None, "families per FTE", (0.7, 1.3), POOLED,
                               "Caseload norm (unset: their slots divided by the staff).",
                               allowed=(0.1, None), relative=True)
    intake_days: float | None = P(None, "days", (0.5, 2.0), POOLED,
                                  "Time to take a family on.", allowed=NONNEG, relative=True)
    intake_hours: float | None = P(None, "hours", (0.5, 2.0), POOLED,
                                   "Professional time of an intake.", allowed=NONNEG,
                                   relative=True)
    hours_per_week: float | None = P(None, "hours per family per week", (0.5, 2.0), POOLED,
                                     "Professional time a family costs each week.",
                                     allowed=NONNEG, relative=True)
    turnover_per_year: float | None = P(None, "share of staff per year", (0.5, 2.0), POOLED,
                                        "Staff turnover.", allowed=PROB, relative=True)
    blame_bias: float | None = P(None, "concern", None, POOLED,
                                 "Fear of blame: systematic over-rating (+) of concern.",
                                 allowed=(-0.5, 0.5))


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
    certified_institution: Organisation = _org(staff=30.0, caseload=15.0, hours_per_week=2.0,
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
    client_support: Organisation = _org(staff=4.0, caseload=30.0, intake_days=3.0,
                                        intake_hours=2.0, hours_per_week=1.0,
                                        turnover_per_year=0.1)
    regional_team: RegionalTeam = _org(RegionalTeam)

    @model_validator(mode="after")
    def _pool_team(self) -> "Organisations":
        """Fill each unset setting of the regional team from the organisations it replaces."""
        team = self.regional_team
        pooled = [getattr(self, name) for name in TEAM_REPLACES]
        staff = sum(o.staff for o in pooled)
        # weighted by staff; with no staff at all (allowed) the plain mean
        weights = [o.staff if staff > 0 else 1.0 for o in pooled]
        values = {"staff": staff}
        for name in ("caseload", "turnover_per_year", "blame_bias", "hours_per_week",
                     "intake_days", "intake_hours"):
            values[name] = sum(w * getattr(o, name) for w, o in zip(weights, pooled)) \
                / sum(weights)
        for name, value in values.items():
            if getattr(team, name) is None:
                object.__setattr__(team, name, value)
        return self


TEAM_REPLACES = ("local_team", "veilig_thuis", "child_protection_board",
                 "certified_institution")


class Decisions(Strict):
    """How professionals judge concern (truth plus bias and noise) and decide."""

    noise_sd: float = P(0.08, "concern", (0.04, 0.15), "assumption",
                        "Judgement noise with full information.", allowed=NONNEG)
    noise_no_info: float = P(1.0, "multiplier", (0.5, 2.0), "assumption",
                             "Extra noise when nothing is known (noise*(1+this*(1-info))).",
                             allowed=NONNEG)
    info_weeks: float = P(6.0, "weeks", (3.0, 12.0), "assumption",
                          "Time with the same professional to know a family (63%).",
                          allowed=(0.1, None))
    info_loss_handoff: float = P(0.4, "share", (0.2, 0.7), "assumption",
                                 "Share of what is known that a handoff loses.",
                                 allowed=PROB)
    conflict_avoidance_per_year: float = P(0.05, "concern per year with the same professional",
                                           (0.0, 0.1), "assumption",
                                           "Under-rating that grows with the relationship "
                                           "(blind spot from conflict avoidance), capped at 2 "
                                           "years.", allowed=(0.0, 0.5))
    help_threshold: float = P(0.35, "perceived concern", (0.3, 0.45), "assumption",
                              "At first contact: above this, help is offered.", allowed=PROB)
    investigate_threshold: float = P(0.8, "perceived concern", (0.7, 0.9), "assumption",
                                     "Above this, a first investigation starts.",
                                     allowed=PROB)
    triage_handover: float = P(
        0.0, "share of reports", (0.0, 0.9),
        "assumption; CF: Veilig Thuis completed 7,350 investigations (2023) against about "
        "120,000 reports a year (2021)",
        "Relay only: share of reports that Veilig Thuis does not investigate itself, "
        "whatever the concern: after triage it offers voluntary help in the local field, "
        "or sends a family that refuses while the concern is serious straight to the child "
        "protection board.", allowed=PROB)
    confirm_threshold: float = P(0.45, "perceived concern", (0.35, 0.55), "assumption",
                                 "An investigation confirms concerns above this.",
                                 allowed=PROB)
    escalation_threshold: float = P(
        0.6, "perceived concern", (0.5, 0.7), "assumption",
        "A family that refuses help, or drops out of it, is sent on to the child protection "
        "board (or Veilig Thuis investigates a refused report) above this.", allowed=PROB)
    court_threshold: float = P(0.6, "perceived concern", (0.55, 0.7), "assumption",
                               "Follow-up investigation asks the court above this.",
                               allowed=PROB)
    order_threshold: float = P(0.55, "perceived concern", (0.5, 0.65), "assumption",
                               "The court orders a measure above this.", allowed=PROB)
    extension_threshold: float = P(0.35, "perceived concern", (0.3, 0.5), "assumption",
                                   "At the end of an order the case holder has it extended "
                                   "when its own judgement is above this (no new hearing is "
                                   "modelled).", allowed=PROB)
    placement_threshold: float = P(0.8, "perceived concern", (0.72, 0.9), "assumption",
                                   "The court orders out-of-home placement above this.",
                                   allowed=PROB)
    court_noise_sd: float = P(0.03, "concern", (0.01, 0.06), "assumption",
                              "The court's own noise on top of the file it is given.",
                              allowed=NONNEG)
    review_noise_sd: float = P(0.05, "concern", (0.03, 0.1), "assumption",
                               "Noise of an independent expert reviewing the file.",
                               allowed=NONNEG)
    four_eyes_days: float = P(7.0, "days", (3.0, 14.0), "assumption",
                              "Delay of an internal second opinion.", allowed=NONNEG)
    four_eyes_hours: float = P(3.0, "hours", (1.0, 6.0), "assumption",
                               "Professional time of an internal second opinion.",
                               allowed=NONNEG)
    other_measure_share: float = P(0.25, "share of orders where debts or partner violence",
                                   (0.1, 0.4), "CF: 12,980 orders vs 9,344 supervision (2019)",
                                   "Court chooses financial administration or a restraining "
                                   "order instead of supervision.", allowed=PROB)


class Trust(Strict):
    """How trust in professionals moves; it drives cooperation and engagement."""

    loss_per_handoff: float = P(0.08, "share of trust", (0.02, 0.15), "assumption",
                                "Trust lost when a family is handed to someone new.",
                                allowed=PROB)
    loss_per_extra_professional: float = P(0.004, "per week per professional beyond one",
                                           (0.0, 0.01), "assumption",
                                           "Erosion from dealing with many people at once.",
                                           allowed=PROB)
    loss_court_order: float = P(0.15, "share of trust", (0.05, 0.3), "assumption",
                                "Trust lost at a court order.", allowed=PROB)
    loss_placement: float = P(0.25, "share of trust", (0.1, 0.4), "assumption",
                              "Extra trust lost at an out-of-home placement.", allowed=PROB)
    gain_in_help: float = P(0.01, "per week", (0.0, 0.03), "assumption",
                            "Trust gained per week of help the family takes part in.",
                            allowed=PROB)
    support_protection: float = P(0.5, "share", (0.2, 0.8), "assumption",
                                  "Share of compulsion-related trust loss that independent "
                                  "client support prevents.", allowed=PROB)
    support_agreement: float = P(0.15, "probability", (0.05, 0.3), "assumption",
                                 "Extra chance of agreement when the family has independent "
                                 "support.", allowed=PROB)
    cooperation_floor: float = P(0.3, "share", (0.1, 0.5), "assumption",
                                 "Cooperation at zero trust relative to full trust.",
                                 allowed=PROB)


class Help(Strict):
    """What help does: fitting help lasts, help aimed at the child alone relapses."""

    child_effect: float = P(0.04, "per week", (0.02, 0.07), "assumption",
                            "Concern reduction per week of help at full engagement.",
                            allowed=NONNEG)
    adult_effect: float = P(3.0, "multiplier on problem resolution", (1.0, 6.0), "assumption",
                            "Extra speed of resolving parents' problems with adult help: "
                            "the resolution hazard is multiplied by (1 + this).",
                            allowed=NONNEG)
    order_engagement_floor: float = P(0.4, "share", (0.2, 0.6), "assumption",
                                      "Engagement a court order secures even without "
                                      "cooperation.", allowed=PROB)
    referral_uptake: float = P(0.6, "probability at full trust", (0.4, 0.8), "assumption",
                               "Chance a family takes up a separate referral to adult "
                               "services.", allowed=PROB)
    weeks_good_to_close: int = P(8, "weeks", (4, 16), "assumption",
                                 "Weeks of perceived 'good enough' before a plan closes.",
                                 allowed=(1, 104))
    max_plan_weeks: int = P(52, "weeks", (26, 104), "assumption",
                            "A voluntary plan closes at the latest after this.",
                            allowed=(1, 520))
    dropout_rate: float = P(0.03, "per week at zero engagement", (0.01, 0.06), "assumption",
                            "Families leave voluntary help when they do not engage.",
                            allowed=PROB)
    order_weeks: int = P(52, "weeks", None, "Dutch law: supervision order for up to one year",
                         "Length of a supervision order or placement before review.",
                         allowed=(1, 520))
    placement_safety: float = P(0.5, "share of concern", (0.3, 0.7), "assumption",
                                "Concern removed while the child lives elsewhere.",
                                allowed=PROB)
    perspective_weeks: float = P(
        104.0, "weeks", (52.0, 260.0),
        "assumption; CF: orders in force / new orders = 32,095 / 11,303, a mean order of "
        "2.8 years, so placements (the longer orders) last several years; Dutch law asks "
        "for a perspective decision within an acceptable term",
        "Time in placement after which a child who still cannot go home stays where it lives "
        "for good (guardianship or long-term foster care): the supervision order ends.",
        allowed=(1.0, None))
    emergency_days: float = P(1.5, "days", (0.5, 3.0), "assumption",
                              "Mean time from a noticed acute crisis to emergency action "
                              "(uniform on 0 to twice this, so always within a week).",
                              allowed=(0.01, 3.5))
    strength_gain: float = P(0.05, "strength", (0.0, 0.1), "assumption",
                             "Own strength gained at any closure where concern is good enough "
                             "and the underlying problems are solved (requirement 1).",
                             allowed=PROB)
    conference_agreement: float = P(0.5, "probability at full network", (0.3, 0.7),
                                    "assumption",
                                    "A family-network conference reaches agreement.",
                                    allowed=PROB)
    coordination_hours: float = P(0.5, "hours per week per extra professional", (0.2, 1.0),
                                  "assumption", "Time spent coordinating between professionals.",
                                  allowed=NONNEG)
    prevention_support_gain: float = P(0.5, "share at full intensity", (0.2, 1.0), "assumption",
                                       "Informal support strengthened by prevention.",
                                       allowed=NONNEG)
    prevention_onset_reduction: float = P(0.15, "share at full intensity", (0.05, 0.3),
                                          "assumption",
                                          "Fewer new problems thanks to prevention.",
                                          allowed=PROB)
    prevention_hours: float = P(0.5, "hours per family per year at full intensity",
                                (0.2, 1.0), "assumption", "Cost of prevention work.",
                                allowed=NONNEG)


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


class FreeParameter(Strict):
    """A parameter `opzet calibrate` may move, and where: its plausible range unless
    narrowed here (a range outside the plausible one is refused)."""

    low: float | None = Field(None, description="lowest value tried (default: plausible low)")
    high: float | None = Field(None, description="highest value tried (default: plausible high)")


class Calibration(Strict):
    """How `opzet calibrate` fits this scenario (docs/calibration.md). Not a model
    parameter: no run reads it."""

    free: dict[str, FreeParameter] = Field(
        default_factory=dict, description="Parameters to fit, by dotted path (`opzet params`).")
    replications: int = P(4, "runs per point", (2, 10), "assumption",
                          "Runs averaged at every point the optimiser tries, on the same seeds "
                          "at every point (common random numbers).", allowed=(1, 100))
    check_replications: int = P(20, "runs", (10, 50), "assumption",
                                "Runs on fresh seeds (not used in fitting) that check the fit "
                                "and give each target's confidence interval.",
                                allowed=(2, 1000))
    screening: int = P(24, "points", (10, 100), "assumption",
                       "Latin-hypercube points tried first (on the fitting seeds); the best, "
                       "or the scenario's own values if better, starts the optimiser, so it "
                       "does not begin where a target does not respond (a waiting list "
                       "that never forms).", allowed=(0, 10_000))
    iterations: int = P(12, "optimiser steps", (5, 50), "assumption",
                        "Most steps of the least-squares optimiser.", allowed=(1, 1000))
    step: float = P(0.05, "share of each range", (0.02, 0.1), "assumption",
                    "Finite-difference step; wide enough to see through the steps of a "
                    "simulated count.", allowed=(0.001, 0.5))


class Scenario(Strict):
    """A whole scenario: every group of parameters, each filled with its defaults."""

    name: str = P("default region", "-", None, "-", "Readable name of the scenario.")
    description: str = P("", "-", None, "-", "What this scenario is about.")
    run: Run = Table(Run)
    population: Population = Table(Population)
    problems: Problems = Table(Problems)
    concern: Concern = Table(Concern)
    network: Network = Table(Network)
    noticing: Noticing = Table(Noticing)
    access_points: dict[str, AccessPoint] = Field(
        default_factory=_default_access_points,
        description="Access points by name; add one to model more or friendlier access.")
    organisations: Organisations = Table(Organisations)
    decisions: Decisions = Table(Decisions)
    trust: Trust = Table(Trust)
    help: Help = Table(Help)
    design: Design = Table(Design)
    calibration: Calibration = Table(Calibration)
