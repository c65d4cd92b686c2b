"""How professionals judge a concern and whether a family goes along with help.

Every core task decides on a perceived concern, not the true one, and every
voluntary step needs the family's agreement; keeping both here means each task
judges the same way and a change to judgement is made once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.chain import PlanKind
from sim.families import YEAR
from sim.stages import Stage

if TYPE_CHECKING:
    from sim.model import ProtectionModel
    from sim.organisations import Organisation


class Judgement:
    """Perceived concern, cooperation and engagement, per family."""

    def __init__(self, model: ProtectionModel) -> None:
        self.model = model
        self.config = model.config

    def perceive(self, ids: np.ndarray, org: Organisation | np.ndarray, t: float | np.ndarray,
                 stream: str, stage: Stage | None = None, *,
                 bias_shift: float = 0.0) -> np.ndarray:
        """A professional's judgement: true concern plus bias and noise.

        Noise grows when little is known (after handoffs); fear of blame adds the bias of
        whoever's work this is (sim.work; `stage`, when the work is not the task the
        family is at); a long relationship adds conflict-avoiding under-rating. A design
        assumption may shift the bias (sim.tasks.review).
        """
        d, chain = self.config.decisions, self.model.chain
        z = self.model.streams(stream).standard_normal(len(ids))
        sd = d.noise_sd * (1 + d.noise_no_info * (1 - chain.info[ids]))
        years = np.minimum(np.maximum((t - chain.prof_since[ids]) / YEAR, 0.0), 2.0)
        work = self.model.work
        blame = work.blame[work.of(org if isinstance(org, np.ndarray) else org.index, ids, stage)]
        bias = blame + bias_shift - d.conflict_avoidance_per_year * years
        return (self.model.families.concern[ids] + bias + sd * z).astype(np.float32)

    def cooperation(self, ids: np.ndarray) -> np.ndarray:
        """Chance the family agrees to voluntary help: willingness times trust."""
        floor = self.config.trust.cooperation_floor
        f = self.model.families
        return f.willingness[ids] * (floor + (1 - floor) * f.trust[ids])

    def engagement(self, ids: np.ndarray) -> np.ndarray:
        """How much of the help reaches the family; an order secures a floor."""
        engagement = self.model.alliance.engagement(ids, self.cooperation(ids))
        ordered = self.model.chain.plan_kind[ids] >= PlanKind.SUPERVISION
        floor = self.config.help.order_engagement_floor
        return np.where(ordered, np.maximum(engagement, floor), engagement)

    def agrees(self, ids: np.ndarray, stream: str, extra: float | np.ndarray = 0.0) -> np.ndarray:
        """Whether each family agrees to voluntary help now (a good alliance helps)."""
        chance = self.cooperation(ids) + extra + self.model.alliance.agreement(ids)
        return self.model.streams(stream).random(len(ids)) < chance

    def support_bonus(self, ids: np.ndarray) -> np.ndarray:
        """Extra chance of agreement from independent client support."""
        active = self.model.chain.active("client_support", ids)
        return np.where(active, self.config.trust.support_agreement, 0.0)

    def compulsion_factor(self, ids: np.ndarray) -> np.ndarray:
        """Share of compulsion-related trust loss that reaches the family."""
        protected = self.model.chain.active("client_support", ids)
        return np.where(protected, 1 - self.config.trust.support_protection, 1.0)
