"""Relay or team: who carries out each core task and who holds the case.

This is the one place that knows the two models of organising the chain. In
the relay each organisation takes the family over from the one before; in the
team model one regional team carries out the tasks of the organisations it
replaces and keeps the case. Everything else (the tasks, their decisions, the
court, the services that join a plan) is the same in both.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.chain import PlanKind
from sim.params.organisations import TEAM_REPLACES
from sim.stages import Stage

TEAM = "regional_team"


@dataclass(frozen=True)
class Routing:
    """A way of organising the chain, as tables of organisation names."""

    name: str
    absent: tuple[str, ...]  # organisations this design does without
    carriers: dict[Stage, str]  # who carries out a task families are sent to
    plan_holders: dict[PlanKind, str]  # who holds a plan of each kind
    keeper: str | None = None  # who holds every case (None: whoever has the task)
    joining_care_is_handoff: bool = True  # a care provider joining means someone new

    def holder(self, organisation: str) -> str:
        """Who holds the case while `organisation` works with the family."""
        return self.keeper or organisation


RELAY = Routing(
    name="relay",
    absent=(TEAM,),
    carriers={Stage.INVESTIGATION: "veilig_thuis", Stage.FOLLOWUP: "child_protection_board",
              Stage.COURT: "court"},
    plan_holders={PlanKind.VOLUNTARY: "local_team",
                  PlanKind.SUPERVISION: "certified_institution",
                  PlanKind.PLACEMENT: "certified_institution"},
)

TEAM_MODEL = Routing(
    name="team",
    absent=TEAM_REPLACES,
    carriers={Stage.INVESTIGATION: TEAM, Stage.FOLLOWUP: TEAM, Stage.COURT: "court"},
    plan_holders={kind: TEAM for kind in (PlanKind.VOLUNTARY, PlanKind.SUPERVISION,
                                          PlanKind.PLACEMENT)},
    keeper=TEAM,
    joining_care_is_handoff=False,
)

ROUTINGS = {routing.name: routing for routing in (RELAY, TEAM_MODEL)}
"""By the value of `design.model`."""
