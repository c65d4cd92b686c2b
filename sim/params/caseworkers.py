"""Caseworkers: how caseload pressure drives staff turnover, and what a vacancy costs."""

from __future__ import annotations

from sim.params.base import PROB, P, Strict


class Caseworkers(Strict):
    """The people who hold the cases (sim.caseworkers). With `turnover_elasticity` 0 and
    `vacancy_weeks` 0 staff turnover works as a fixed rate per family, as before."""

    turnover_elasticity: float = P(
        0.8, "relative rise in turnover per unit of caseload over the norm", (0.0, 2.0),
        "assumption, anchored on a cross-sectional gap (not a causal estimate): about 20% "
        "of Dutch youth-protection staff leave each year (Follow the Money via "
        "mirjamvanderpuijl.nl, 'Elk jaar vertrekt eenvijfde...') with caseloads about "
        "twice the 8-9 family norm (FNV poll 2022, Significant Public 2022), against "
        "10-12% called healthy (Casey Family Programs, casey.org/turnover-costs-and-"
        "retention-strategies): 20/11 - 1 = 0.8 at twice the norm",
        "A caseworker's weekly chance of leaving is the organisation's base turnover times "
        "(1 + this x how far the caseload is above the caseload norm, as a share of it). "
        "0: caseload does not affect turnover.", allowed=(0.0, 10.0))
    vacancy_weeks: float = P(
        13.0, "weeks", (0.0, 26.0),
        "assumption: about a quarter to fill a post; Dutch youth-protection posts are hard "
        "to fill (CF, staff shortages)",
        "How long a post stays empty after its caseworker leaves; meanwhile the post's "
        "families are spread over its colleagues. 0: someone new takes the post, and its "
        "families, at once.", allowed=(0.0, 104.0))
    vacancy_closed_share: float = P(
        0.5, "share of a post's slots", (0.0, 1.0),
        "assumption: colleagues absorb part of an empty post's work",
        "Share of an empty post's slots (caseload norm) the organisation cannot fill "
        "while the post is vacant. 0: a vacancy costs no capacity.", allowed=PROB)
