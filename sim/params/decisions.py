"""What happens to a family once professionals are involved: how they judge and decide,
how the family's trust moves, and what help does."""

from __future__ import annotations

from sim.params.base import NONNEG, PROB, P, Strict


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
        "Share of reports that whoever triages them (Veilig Thuis, or the team) does not "
        "investigate, whatever the concern: after triage it offers voluntary help, or sends a "
        "family that refuses while the concern is serious straight to follow-up (the team: "
        "times assumptions.team_triage_handover).", allowed=PROB)
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
    conference_agreement: float = P(
        0.1, "extra probability at full network", (0.0, 0.3),
        "assumption; the Dutch randomised trial found no effect of family group conferences on "
        "safety, re-reports or supervision orders against care as usual (Dijkstra et al. 2019, "
        "Child Maltreatment 24(2): 137-151), so the range starts at no effect",
        "Extra chance that a family agrees to voluntary help after a family-network conference, "
        "over its chance without one (times its informal support).", allowed=PROB)
    conference_hours: float = P(
        25.0, "hours per conference", (12.0, 40.0),
        "assumption; an independent coordinator prepares every participant in person (Eigen "
        "Kracht Centrale, process description)",
        "Coordinator's time to prepare and hold a family-network conference.", allowed=NONNEG)
    conference_weeks: float = P(
        6.0, "weeks", (4.0, 8.0),
        "UK family group conference services: the process usually takes 4-8 weeks "
        "(Hertfordshire County Council)",
        "Preparation a conference adds to the follow-up investigation it is part of.",
        allowed=NONNEG)
    conference_support_gain: float = P(
        0.2, "share of missing support", (0.0, 0.4),
        "assumption; in the Dutch randomised trial families after a conference reported more "
        "social support, but safety, re-reports and supervision orders did not differ from care "
        "as usual (Dijkstra et al. 2019, Child Maltreatment 24(2): 137-151), so the range "
        "starts at no effect",
        "Informal support a family-network conference adds, as a share of the support the "
        "family lacked (ties drawn into the plan).", allowed=PROB)
    conference_support_weeks: float = P(
        26.0, "weeks", (0.0, 52.0), "assumption (the trial followed families for a year)",
        "How long support raised by a conference lasts (0: no effect).", allowed=(0.0, 520.0))
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

