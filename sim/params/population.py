"""The families: who they are when a run starts, the problems of the parents, and the
concern about the child that those problems drive."""

from __future__ import annotations

from sim.params.base import NONNEG, PROB, P, Strict, Table

NATIONAL_FAMILIES = 1_900_000  # households with a child under 18 (CF, Population)
REGION_FAMILIES = 45_000  # one of 42 youth-care regions, about 1.9 million / 42 (CF)


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

