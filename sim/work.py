"""Whose settings a piece of work takes: the fear of blame a judgement carries, the hours
a family costs each week, staff turnover and an intake.

In the relay every organisation does its own work with its own settings. The team of
the team design has no settings of its own: its work on a task takes those of the
relay organisation that has that task (sim.routing.counterpart), so a team judges an
investigation with Veilig Thuis's fear of blame and follows an order with the
certified institution's hours. Its judgement may differ only by the registered design
assumption `team_blame_shift`. This is symmetry by construction: nothing the team does
costs or weighs differently unless the register says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.chain import PlanKind
from sim.params.organisations import TEAM_REPLACES
from sim.routing import TEAM, counterpart
from sim.stages import Stage

if TYPE_CHECKING:
    from sim.model import ProtectionModel


class Work:
    """Settings per organisation index, with the team's resolved per task and plan kind."""

    def __init__(self, model: ProtectionModel) -> None:
        self.model = model
        organisations = model.config.organisations
        settings = [o.params for o in model.org_list]
        row = {o.name: o.index for o in model.org_list}
        for name in TEAM_REPLACES:  # the relay's settings for the team's work
            if name not in row:
                row[name] = len(settings)
                settings.append(getattr(organisations, name))
        self.row_of = row  # settings row by organisation name
        team = model.orgs.get(TEAM)
        self.team = team.index if team else -1
        if team:
            settings[self.team] = settings[row[TEAM_REPLACES[0]]]  # never read: resolved
        shift = model.assumptions["team_blame_shift"]  # 0 outside the team design
        team_rows = {row[name] for name in TEAM_REPLACES}
        self.blame = np.array([s.blame_bias + (shift if i in team_rows else 0.0)
                               for i, s in enumerate(settings)])
        self.hours_per_week = np.array([s.hours_per_week for s in settings], dtype=np.float32)
        self.turnover_per_week = np.array([s.turnover_per_year / 52.0 for s in settings])
        self.intake_days = np.array([s.intake_days for s in settings])
        self.intake_hours = np.array([s.intake_hours for s in settings])
        self.by_task = np.array([[row[counterpart(Stage(stage), PlanKind(kind))]
                                  for kind in range(len(PlanKind))]
                                 for stage in range(len(Stage))], dtype=np.int16)
        # at an access point a family is held by the point's operator (the team in the
        # team design), whose work it is in the relay
        self.operator = np.full(len(settings), -1, dtype=np.int16)
        for point in model.access_points:
            self.operator[point.index] = row.get(point.operator, point.index)

    def of(self, org: int | np.ndarray, ids: np.ndarray,
           stage: Stage | None = None) -> np.ndarray:
        """Whose settings apply to the work of `org` (an index per family, or one) with
        families `ids`, at `stage` (default: the stage each family is at)."""
        if not isinstance(org, np.ndarray):  # one organisation: its own, unless it is the team
            one, org = org, np.full(ids.shape, org, dtype=np.int16)
            if one != self.team:
                return org
        org = org.astype(np.int16, copy=False)
        team = org == self.team
        if not np.count_nonzero(team):
            return org
        chain = self.model.chain
        fam = ids[team]
        at = chain.stage[fam] if stage is None else np.full(len(fam), stage, dtype=np.int8)
        whose = self.by_task[at, chain.plan_kind[fam]]
        at_point = at == Stage.ACCESS
        whose[at_point] = self.operator[chain.org[fam[at_point]]]
        org = org.copy()
        org[team] = whose
        return org
