"""The informal network around a family and who in it, or in the community, notices a
concern and asks for advice or reports it."""

from __future__ import annotations

from sim.params.base import NONNEG, PROB, P, Strict


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
    alert_tie_strength: float = P(1.0, "tie strength", (0.5, 2.0), "assumption",
                                  "Ties at least this strong become alert when the family asked "
                                  "for advice (close ties: mean tie strength is 1).",
                                  allowed=NONNEG)
    alert_spread_weeks: float = P(26.0, "weeks", (0.0, 52.0), "assumption",
                                  "How long alerted close ties notice concerns in the other "
                                  "families they know more readily (0: alertness does not "
                                  "spread).", allowed=(0.0, 520.0))
    alert_spread_gain: float = P(0.5, "share of tie strength", (0.0, 1.0), "assumption",
                                 "Extra noticing by an alerted tie, as a share of its tie "
                                 "strength (0: no effect).", allowed=NONNEG)
    support_capacity: float = P(3.0, "tie strength of leaning families per tie", (1.5, 8.0),
                                "assumption; Dunbar's support clique of about 5 closest "
                                "people (Dunbar 2020, Proc. R. Soc. A 476: 20200446) bounds "
                                "how many one person can carry",
                                "Support one tie can give at once, in units of tie strength to "
                                "families leaning on it (concern above 'noticeable').",
                                allowed=(0.01, None))
    support_sharing: float = P(1.0, "share", (0.0, 1.0), "assumption",
                               "How far a tie's support is divided among the families leaning "
                               "on it (0: every family gets full support, however many lean "
                               "on the tie; 1: capacity strictly shared).", allowed=PROB)
    attention_capacity: float = P(0.2, "share of a place's families", (0.1, 1.0), "assumption; "
                                  "about 17% of families have a concern above 'noticeable' "
                                  "in the default region, more in some places",
                                  "Share of the families a school, GP, childcare or club sees "
                                  "whose concerns it can attend to fully (1: never runs out).",
                                  allowed=(0.01, 1.0))
    attention_sharing: float = P(1.0, "share", (0.0, 1.0), "assumption",
                                 "How far a place's attention is divided among the families "
                                 "with a concern it sees, beyond its capacity (0: every family "
                                 "gets full attention, as if attention were unlimited).",
                                 allowed=PROB)


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

