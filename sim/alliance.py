"""The working relationship (alliance) between a family and the professional it works with.

One float per family, 0-1. It grows with every week of contact with the same
professional, is partly lost when someone new takes over (sim.cases.Cases.handoff, the
one path of every handoff and of staff who leave), and outlives a closure: it fades
slowly, and counts again only for a family that meets the professional it knew
(within aftercare, or as the design assumption `team_return_stranger_share` allows).
Above today's typical alliance (`reference`) it makes help reach the family, keeps it
from dropping out, speeds up knowing it and makes it agree more readily; below it, the
reverse (parameters: sim.params.alliance). With
`mechanisms.alliance_continuity` off it depends on nobody in particular.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.chain import per_family
from sim.compiled import compiled
from sim.families import WEEK
from sim.portable_math import CONSTANTS, exp, exp_one

if TYPE_CHECKING:
    from sim.model import ProtectionModel


class Alliance:
    """Per family: the alliance, whose it was when the case closed, and when."""

    def __init__(self, model: ProtectionModel) -> None:
        n = len(model.families)
        self.model = model
        self.params = model.config.alliance
        self.continuity = model.config.mechanisms.alliance_continuity
        self.value = np.zeros(n, dtype=np.float32)
        self.known_holder = np.full(n, -1, dtype=np.int16)  # who held the case at closure
        self.held_until = np.full(n, np.nan)  # day the remembered alliance starts to fade
        # (NaN: in contact, or never closed)
        self._gain = np.float32(1.0 - exp(-1.0 / self.params.growth_weeks))
        self._aftercare_days = model.config.design.aftercare_weeks * WEEK

    # ----------------------------------------------------------- its course
    def grow(self, ids: np.ndarray) -> None:
        """A week with the same professional: alliance += (1 - alliance) x gain."""
        self.value[ids] += (1.0 - self.value[ids]) * self._gain

    def lose(self, ids: np.ndarray) -> None:
        """Someone new takes over: part of the alliance is lost (with continuity on)."""
        if self.continuity and len(ids):
            self.value[ids] *= np.float32(1.0 - self.params.loss_at_handoff)

    def close(self, ids: np.ndarray, holder: np.ndarray, t: np.ndarray,
              had_plan: np.ndarray) -> None:
        """The case closes: remember whose it was; after a plan, aftercare follows
        (design.aftercare_weeks), during which the alliance holds."""
        self.known_holder[ids] = holder
        self.held_until[ids] = t + np.where(had_plan, self._aftercare_days, 0.0)

    def in_aftercare(self, ids: np.ndarray | slice, t: float | np.ndarray) -> np.ndarray:
        """Whether each family is in its weeks of aftercare."""
        return t < self.held_until[ids]

    def remembered(self, ids: np.ndarray, t: float | np.ndarray) -> np.ndarray:
        """The alliance a closed family still has at `t`: it holds in aftercare and fades
        after it (in contact it is the alliance itself)."""
        return _remembered(ids, per_family(t, len(ids)), self.value, self.held_until,
                           self.params.decay_weeks, CONSTANTS[np.dtype(np.float64)])

    def meet(self, ids: np.ndarray, holder: np.ndarray | int, t: np.ndarray) -> None:
        """Families with no one responsible meet `holder`: a returning family keeps what it
        remembers if that is the professional it knew (in aftercare always, otherwise as
        the design allows), and starts again with a stranger."""
        n = len(ids)
        face = self._known_face(ids, t) if self.continuity else False  # (only read then)
        _meet(ids, per_family(holder, n, np.int16), t, per_family(face, n, bool),
              self.continuity, self.value, self.known_holder, self.held_until,
              self.params.decay_weeks, CONSTANTS[np.dtype(np.float64)])

    def _known_face(self, ids: np.ndarray, t: np.ndarray) -> np.ndarray | bool:
        """Whether a family that returns after aftercare meets the professional it knew,
        as the design assumption says (drawn only where it is a chance, from a number
        keyed per family and week, so no other draw depends on it)."""
        stranger = self.model.assumptions["team_return_stranger_share"]
        if stranger >= 1.0 or stranger <= 0.0:
            return stranger <= 0.0
        return self.model.streams.keyed("alliance:return", int(np.min(t)), ids) >= stranger

    # ----------------------------------------------------------- its effects
    def engagement(self, ids: np.ndarray, engagement: np.ndarray) -> np.ndarray:
        """More of the help reaches a family with a good alliance (at most all of it)."""
        effect = self.params.engagement_effect
        if not effect:
            return engagement
        return np.clip(engagement * (1.0 + np.float32(effect) * self._above(ids)), 0.0, 1.0)

    def dropout(self, ids: np.ndarray) -> np.ndarray | float:
        """Multiplier on the hazard of dropping out of voluntary help."""
        effect = self.params.dropout_effect
        return 1.0 - np.float32(effect) * self._above(ids) if effect else 1.0

    def info_gain(self, ids: np.ndarray, info_weeks: float) -> np.ndarray | float:
        """Weekly share of what is still unknown that the professional comes to know."""
        effect = self.params.info_effect
        if not effect:
            return 1.0 - exp(-1.0 / info_weeks)
        rate = (1.0 + effect * self._above(ids)) / info_weeks
        return (1.0 - exp(-rate)).astype(np.float32)

    def agreement(self, ids: np.ndarray) -> np.ndarray | float:
        """Added to the chance of agreeing to voluntary help or a referral."""
        effect = self.params.agreement_effect
        return np.float32(effect) * self._above(ids) if effect else 0.0

    def _above(self, ids: np.ndarray) -> np.ndarray:
        """The alliance's distance from today's typical one, where effects are nil."""
        return self.value[ids] - np.float32(self.params.reference)


@compiled
def _remembered_one(value, since, decay_weeks, exp_constants):
    """One family's remembered alliance, `since` days after its aftercare ended (NaN: in
    contact): it fades by exp(-weeks / decay_weeks), in float64, rounded to float32 as
    numpy's in-place product rounds it."""
    if not since > 0:
        return value
    return np.float32(np.float64(value) * exp_one(-(since / WEEK) / decay_weeks,
                                                 *exp_constants))


@compiled
def _remembered(ids, t, value, held_until, decay_weeks, exp_constants):
    """Alliance.remembered, family by family."""
    kept = np.empty(len(ids), dtype=np.float32)
    for k in range(len(ids)):
        i = ids[k]
        kept[k] = _remembered_one(value[i], t[k] - held_until[i], decay_weeks, exp_constants)
    return kept


@compiled
def _meet(ids, holder, t, face, continuity, value, known_holder, held_until, decay_weeks,
          exp_constants):
    """Alliance.meet, family by family (each family once): a family with an alliance keeps
    what it remembers, with continuity only if `holder` held its case at closure and it is
    in aftercare or meets that face (`face`); no one is remembered as closed any more. In
    one compiled pass (issue 16): the steps and types of the numpy formulation it replaced
    (tests/test_alliance.py)."""
    for k in range(len(ids)):
        i = ids[k]
        if value[i] > 0:
            kept = _remembered_one(value[i], t[k] - held_until[i], decay_weeks, exp_constants)
            if continuity and not (known_holder[i] == holder[k]
                                   and (t[k] < held_until[i] or face[k])):
                kept = np.float32(0.0)
            value[i] = kept
        held_until[i] = np.nan
