"""The mechanisms that tell the relay and the team apart, as switches.

They are not levers and not uncertainties: both are on in every real scenario.
Switched off, a mechanism stops making a difference in every design, which is
what the mirror test (tests/test_mirror.py) and attribution (`opzet compare
--explain`, sim.attribution) need: with both off and every design assumption
neutral, the relay and the team are the same system.
"""

from __future__ import annotations

from sim.params.base import P, Strict

SWITCH = "analysis switch: on in every real scenario; off only to attribute a difference"


class Mechanisms(Strict):
    """What makes the designs differ, apart from their levers and design assumptions."""

    handoff_costs: bool = P(
        True, "-", None, SWITCH,
        "A handoff to someone new costs what the model says it costs: part of what is known "
        "(decisions.info_loss_handoff) and of trust (trust.loss_per_handoff) is lost, the "
        "relationship starts again, and the new organisation has an intake. Off: a handoff "
        "costs nothing, in every design.")
    pooled_capacity: bool = P(
        True, "-", None, SWITCH,
        "The team design has one list and one set of slots for all its tasks, the sum of "
        "those of the organisations it replaces, so a family keeps its slot from one task "
        "to the next, and one pool of caseworkers (sim.caseworkers). Off: the team keeps "
        "each task's capacity and caseworkers as the relay has them, and a "
        "family waits for the next task's slot as in the relay (the team still holds the "
        "case). No effect in the relay.")
    alliance_continuity: bool = P(
        True, "-", None, SWITCH,
        "The working relationship depends on who the family works with: part of it is lost "
        "when someone new takes over (alliance.loss_at_handoff), and a family that returns "
        "after a closure keeps it only if it meets the professional it knew. Off: it is "
        "never lost at a handoff and a returning family keeps what it remembers whoever it "
        "meets, in every design.")
