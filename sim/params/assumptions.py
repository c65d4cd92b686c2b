"""Design assumptions: where designs may truly differ in a way nobody has measured.

Every other parameter belongs to a core task, a family or a kind of work that
exists in every design, so it cannot tell designs apart. Each value here applies
to one design only (sim/assumptions.py says which, by what mechanism, and which
outcomes it moves); its plausible range includes the neutral value, "no
difference", and the default is neutral until a study says otherwise.
"""

from __future__ import annotations

from sim.params.base import P, Strict


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
