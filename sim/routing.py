"""Relay or team: who carries out each core task and who holds the case.

This is the one place that knows the two models of organising the chain. In
the relay each organisation takes the family over from the one before; in the
team model one regional team carries out the tasks of the organisations it
replaces and keeps the case. Everything else (the tasks, their decisions, the
court, the services that join a plan) is the same in both, and the team's work on a
task is done as the relay organisation that has that task does it (`counterpart`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sim.chain import PlanKind
from sim.params import Scenario
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

TEAM_PER_TASK = replace(TEAM_MODEL, absent=(), carriers=RELAY.carriers,
                        plan_holders=RELAY.plan_holders)
"""The team without pooled capacity (`mechanisms.pooled_capacity` off): the relay's
organisations carry out the tasks with their own slots and lists, as the team's units,
and the team holds the case throughout."""


def routing_for(scenario: Scenario) -> Routing:
    """The routing of a scenario's design, as its mechanism switches leave it."""
    routing = ROUTINGS[scenario.design.model]
    if routing is TEAM_MODEL and not scenario.mechanisms.pooled_capacity:
        return TEAM_PER_TASK
    return routing


def counterpart(stage: Stage, kind: PlanKind) -> str:
    """The relay organisation whose work a task is: who carries it out there, or who holds
    the family there while the court or a review sees it (the follow-up's carrier), or
    who holds a plan of that kind. The team's work on a task takes its settings."""
    if stage == Stage.PLAN:
        return RELAY.plan_holders.get(kind, RELAY.plan_holders[PlanKind.VOLUNTARY])
    if stage in (Stage.REVIEW, Stage.COURT):
        return RELAY.carriers[Stage.FOLLOWUP]
    return RELAY.carriers.get(stage, RELAY.plan_holders[PlanKind.VOLUNTARY])
