"""Design assumptions: where designs may truly differ in a way nobody has measured.

Every other parameter belongs to a core task, a family or a kind of work that
exists in every design, so it cannot tell designs apart. Each value here applies
to one design only (sim/assumptions.py says which, by what mechanism, and which
outcomes it moves); its plausible range includes the neutral value, "no
difference", and the default is neutral until a study says otherwise.
"""

from __future__ import annotations

from sim.params.base import PROB, P, Strict


class DesignAssumptions(Strict):
    """Unmeasured differences between designs; the neutral value means none."""

    team_triage_handover: float = P(
        1.0, "share of the relay's", (0.0, 1.0),
        "assumption: no study compares how often a team and Veilig Thuis investigate a "
        "report themselves",
        "How often the team, after triage, offers voluntary help without a first "
        "investigation, relative to Veilig Thuis in the relay (decisions.triage_handover): "
        "1 as often (neutral), 0 the team investigates every report itself.",
        allowed=(0.0, 1.0))
    team_blame_shift: float = P(
        0.0, "concern", (-0.05, 0.05),
        "assumption: no study measures whether a team that keeps the family fears blame less "
        "(or more) than the organisation that has the task in the relay; the range is the "
        "spread of the relay organisations' own biases (organisations.*.blame_bias)",
        "Added to the fear of blame the team judges with: its work on each task takes the "
        "bias of the relay organisation that has that task (sim.work), plus this. 0: as "
        "that organisation (neutral); below 0, the team rates concern lower.",
        allowed=(-0.5, 0.5))
    review_blame_shift: float = P(
        0.0, "concern", (-0.05, 0.0),
        "assumption: no study compares independent review of Dutch court requests with an "
        "internal second opinion; the low end takes away all of the requesting "
        "organisation's fear of blame (at most 0.05, organisations.*.blame_bias)",
        "Added to the fear of blame of an independent expert's own look at a court request, "
        "which is otherwise the requesting organisation's, as in an internal second opinion "
        "(neutral 0). Below 0, the expert rates concern lower than the organisation does.",
        allowed=(-0.5, 0.5))
    team_return_stranger_share: float = P(
        1.0, "share", (0.0, 1.0),
        "assumption: no study says how often a family that returns to a team meets the "
        "professional it knew; the relay hands a returning family to whoever is free",
        "Share of families returning to the team after a closure (outside aftercare) who "
        "meet someone new there, as every returning family does in the relay: 1 (neutral); "
        "0, every returning family meets the professional it knew and keeps its remembered "
        "alliance.",
        allowed=PROB)
