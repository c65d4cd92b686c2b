"""The working relationship (alliance) between a family and the professional it works with.

It grows with the weeks a family works with the same professional, is partly lost when
someone new takes over, and fades slowly after a closure (sim.alliance). Every effect
has a range that includes 0, no effect. The literature gives correlations, not model
effects: an alliance-outcome r of .28 (adult psychotherapy) is d = .58 between high
and low alliance; .18 in family-involved youth care is d = .37. The model reads such a
d as a relative difference in how much help reaches a family with a full alliance (1)
compared with one that meets a stranger (0), which is an assumption: a correlation
also holds reverse causation (families that improve like their helper more). Each
effect acts on the alliance's distance from `reference`, today's typical alliance, so
the model calibrated to today's figures keeps its levels: the literature speaks of
differences between alliances, and what a design changes is the alliance families have.
"""

from __future__ import annotations

from sim.params.base import NONNEG, PROB, P, Strict

FLUCKIGER = ("Flückiger, Del Re, Wampold & Horvath 2018, Psychotherapy 55(4): alliance-"
             "outcome r = .278 (d = .58) in adult psychotherapy")
WELMERS = ("Welmers-van de Poll et al. 2018, Clin Child Fam Psychol Rev 21(2): r = .183 in "
           "family-involved youth treatment, stronger when help is sought than when mandated")
NSCAW = ("Collaborative alliance of parent and child welfare caseworker (NSCAW-II, 3,035 "
         "parents, Child Maltreatment): engagement as parents perceive it falls with the "
         "number of caseworkers; CF Milwaukee gradient (permanency 75% with one case manager, "
         "17.5% with two) only as an upper bound")


class Alliance(Strict):
    """How the working relationship grows, is lost and acts (0 effect: none)."""

    growth_weeks: float = P(
        12.0, "weeks", (4.0, 26.0),
        "assumption: alliance is largely formed in the first sessions (Flückiger et al. "
        "2018 find early alliance predicts as well as late); in casework with weekly or "
        "fortnightly contact that is one to three months",
        "Weeks with the same professional to build 63% of a full alliance.",
        allowed=(0.1, None))
    loss_at_handoff: float = P(
        0.6, "share", (0.0, 0.9), "assumption; direction from " + NSCAW,
        "Share of the alliance lost when someone new takes over the case (a handoff or a "
        "professional who leaves). 0: none.", allowed=PROB)
    decay_weeks: float = P(
        52.0, "weeks", (13.0, 156.0),
        "assumption: no study follows the alliance after a case closes",
        "After closure (and any aftercare), the remembered alliance fades to 37% in this "
        "many weeks; it counts only when the family meets the professional it knew.",
        allowed=(0.1, None))
    reference: float = P(
        0.5, "0-1 scale", (0.3, 0.7),
        "measured: mean alliance of the families in a plan in the calibrated relay baseline "
        "(0.51, seed 2, weeks after two years); range: the relay's and the team's",
        "The alliance at which every effect below is nil: above it help reaches the family "
        "better, below it worse.", allowed=PROB)
    engagement_effect: float = P(
        0.4, "relative", (0.0, 0.6), FLUCKIGER + "; " + WELMERS + "; d .37-.58 read as "
        "0.3-0.6, low end 0 for reverse causation",
        "How much more of the help reaches a family with a full alliance than with a "
        "stranger (engagement x (1 + this x (alliance - reference)), at most 1). 0: no effect.",
        allowed=NONNEG)
    dropout_effect: float = P(
        0.4, "relative", (0.0, 0.6), WELMERS + " (their search included dropout); " + NSCAW,
        "Dropping out of voluntary help is less likely with a good alliance (hazard x "
        "(1 - this x (alliance - reference))). 0: no effect.", allowed=PROB)
    info_effect: float = P(
        0.5, "relative", (0.0, 1.0),
        "assumption: a family that trusts its professional tells more, sooner",
        "Facts are gathered faster with a good alliance (rate x (1 + this x (alliance - "
        "reference))). "
        "0: no effect.", allowed=NONNEG)
    agreement_effect: float = P(
        0.1, "probability", (0.0, 0.2), WELMERS + "; assumption for the size",
        "Added to the chance that a family agrees to voluntary help or a referral, at a "
        "full alliance, per unit of alliance above the reference (taken off below it). "
        "0: no effect.", allowed=PROB)
    return_rate: float = P(
        0.02, "per week at full alliance", (0.0, 0.1),
        "assumption: no figure on families returning of their own accord; at 0.02 a "
        "family with a full alliance asks within about a year of a first sign (mean 50 "
        "weeks), before most concerns grow into a report",
        "After closure, a family whose concern is back above 'good enough' asks for help "
        "itself at this weekly chance times its remembered alliance, before anyone reports "
        "it. 0: no effect.", allowed=PROB)
    aftercare_hours: float = P(
        0.5, "hours per week", (0.25, 1.0),
        "assumption: a phone call or short visit every week or two",
        "Professional time per family per week of aftercare (design.aftercare_weeks).",
        allowed=NONNEG)
