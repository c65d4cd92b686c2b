"""The simulation: families move through the core tasks of protection, week by week.

`ProtectionModel` is a `mesa.Model` that puts the pieces together and declares
the order of a week. Families are columns (sim.families, sim.chain);
organisations, access points and the court are Mesa agents that act in their
own step (sim.organisations); each core task is a module with its own state and
weekly step (sim.tasks); the design's routing (sim.routing) says who carries out
each task and who holds the case. Nothing else differs between designs.
"""

from __future__ import annotations

from collections.abc import Sequence

import mesa
import numpy as np
import pandas as pd
from mesa.agentset import AgentSet

from sim.alliance import Alliance
from sim.assumptions import in_effect
from sim.cases import Cases
from sim.caseworkers import Caseworkers
from sim.chain import SERVICES, ChainState
from sim.families import WEEK, WEEKS_PER_YEAR, create_families
from sim.judgement import Judgement
from sim.ledger import Ledger
from sim.network import build_network
from sim.organisations import CHAIN_ORDER, AccessPoint, JoiningService, Organisation, RegionalTeam
from sim.params import Scenario
from sim.population import Population
from sim.routing import TEAM, routing_for
from sim.stages import Stage
from sim.streams import Streams
from sim.tasks import CORE_TASKS
from sim.tasks.base import Task, Week
from sim.work import Work


class ProtectionModel(mesa.Model):
    """One region (or the country) under one design, from one seed."""

    def __init__(self, config: Scenario, tasks: Sequence[type[Task]] = CORE_TASKS) -> None:
        super().__init__(rng=config.run.seed)
        self.config = config
        self.streams = Streams(config.run.seed)
        self.day = 0.0
        self.week = 0
        self.warmup_weeks = config.run.warmup_years * WEEKS_PER_YEAR
        self.end_week = self.warmup_weeks + config.run.years * WEEKS_PER_YEAR
        self.families = create_families(config, self.streams("population"))
        self.network = build_network(len(self.families), self.families.youngest_age,
                                     config.network, self.streams("network"))
        self.routing = routing_for(config)
        self.assumptions = in_effect(config)  # sim.assumptions
        self._create_organisations()
        self.work = Work(self)
        self.caseworkers = Caseworkers(self)
        self.chain = ChainState(len(self.families))
        self.alliance = Alliance(self)
        self.ledger = Ledger(self)
        self.judgement = Judgement(self)
        self.cases = Cases(self)
        self.tasks: dict[str, Task] = {}
        for task_class in tasks:
            task = task_class(self)
            if task.name in self.tasks:
                raise ValueError(f"two core tasks named {task.name!r}")
            self.tasks[task.name] = task
        self.task_at = {task.stage: task for task in self.tasks.values() if task.stage}
        self.population = Population(self)

    def _create_organisations(self) -> None:
        """The design's organisations (Mesa agents), access points first in `org_list`
        so a point's index is its position among the points."""
        c = self.config
        self.orgs: dict[str, Organisation] = {}
        for name in CHAIN_ORDER:
            if name in self.routing.absent:
                continue
            if name == TEAM:
                self.orgs[name] = RegionalTeam(self, name)
                continue
            kind = JoiningService if name in SERVICES else Organisation
            self.orgs[name] = kind(self, name, getattr(c.organisations, name))
        self.access_points = [AccessPoint(self, name, p)
                              for name, p in c.access_points.items() if p.enabled]
        if not self.access_points:
            raise ValueError("the scenario has no enabled access point")
        self.org_list: list[Organisation] = [*self.access_points, *self.orgs.values()]
        for index, org in enumerate(self.org_list):
            org.index = index
        self.points = AgentSet(self.access_points, random=self.random)
        self.organisations = AgentSet(self.orgs.values(), random=self.random)
        self.carrier = {stage: self.orgs[name] for stage, name in self.routing.carriers.items()}
        self.plan_holder = {kind: self.orgs[name]
                            for kind, name in self.routing.plan_holders.items()}
        # who holds the case while a family is at an access point: its operator, or the
        # point itself when it is independent
        self.access_holder = np.array([
            p.index if p.operator == "independent" else self.orgs[self.routing.holder(
                p.operator)].index for p in self.access_points], dtype=np.int16)

    # ------------------------------------------------------------------ running
    def run(self) -> None:
        """Run the warm-up and the reported years."""
        while self.week < self.end_week:
            self.step()

    def step(self) -> None:
        """One week, in a declared order: the families' own week, each task's weekly
        step, then the organisations, access points first and the rest in chain order."""
        week = Week(self.day, self.day + WEEK, self.chain.in_chain())
        if self.week == self.warmup_weeks:
            self.ledger.start_reporting()
        self.population.step(week.t0, *self.tasks["plans"].help_this_week(week))
        for task in self.tasks.values():
            task.step(week)
        self._note_ending(week)
        contacts = np.concatenate(self.points.map("serve"))
        self.tasks["advice"].decide(contacts, self.chain.org[contacts],
                                    self.chain.task_end[contacts])
        self.organisations.do("step")
        self.organisations.do("admit_returned")  # families sent back upstream this week
        if self.ledger.reporting:
            self.ledger.week_end()
        self.day = week.t1
        self.week += 1
        if self.week > self.warmup_weeks and (self.week - self.warmup_weeks) % WEEKS_PER_YEAR == 0:
            self.ledger.close_year()

    def _note_ending(self, week: Week) -> None:
        """The families whose task ends this week (new entrants are all waiting)."""
        chain = self.chain
        in_chain = week.in_chain[chain.stage[week.in_chain] != Stage.NONE]
        in_service = in_chain[~chain.waiting[in_chain]]
        chain.ending = in_service[chain.task_end[in_service] < week.t1]

    # ------------------------------------------------------------------ results
    def family_table(self) -> pd.DataFrame:
        """One row per family (see sim.outcomes.FAMILY_OUTCOMES)."""
        return self.ledger.family_table()

    def yearly_table(self) -> pd.DataFrame:
        """One row per reported year."""
        return pd.DataFrame(self.ledger.yearly)

    def organisation_table(self) -> pd.DataFrame:
        """One row per organisation and reported year: waiting lists and waits."""
        return pd.DataFrame(self.ledger.organisation_years)

    def flow_table(self) -> pd.DataFrame:
        """Moves between core tasks and their handoffs over the reported years."""
        return self.ledger.journeys.flow_table()

    def waiting_table(self) -> pd.DataFrame:
        """Every organisation's waiting list at the end of each reported week."""
        return self.ledger.journeys.waiting_table()

    def event_table(self) -> pd.DataFrame:
        """The record of every step per family."""
        return self.ledger.event_table()
