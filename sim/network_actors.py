"""The informal network as actors: which tie notices, who is alert, whose support runs out.

Ties are families (sim.network). A tie who notices is drawn from the family's ties in
proportion to strength; a family that asked for advice alerts its close ties, who then
notice concerns in the other families they know more readily; and what a tie can give
is finite, so families leaning on the same tie share it.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

NO_TIE = -1
"""Tie recorded where no tie of the family acted (self, a community professional, police)."""


def draw_ties(ties: sp.csr_matrix, ids: np.ndarray, u: np.ndarray,
              weight_of: np.ndarray | None = None) -> np.ndarray:
    """One tie per family in `ids`, drawn with chance proportional to tie strength (times
    `weight_of` the tie, if given) from uniforms `u` (one per family in `ids`); NO_TIE for a
    family without ties."""
    starts, ends = ties.indptr[ids], ties.indptr[ids + 1]
    lengths = ends - starts
    drawn = np.full(len(ids), NO_TIE, dtype=np.int64)
    has = lengths > 0
    if not has.any():
        return drawn
    starts, lengths, u = starts[has], lengths[has], u[has]
    offsets = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
    positions = np.arange(lengths.sum()) + offsets  # every tie of every family, in order
    weight = ties.data[positions].astype(np.float64)
    if weight_of is not None:
        weight *= weight_of[ties.indices[positions]]
    cumulative = np.cumsum(weight)
    segment_end = np.cumsum(lengths) - 1
    before = np.concatenate(([0.0], cumulative[segment_end[:-1]]))
    total = cumulative[segment_end] - before
    target = before + u * total
    pick = np.searchsorted(cumulative, target, side="right")
    pick = np.clip(pick, segment_end - lengths + 1, segment_end)
    drawn[has] = ties.indices[positions[pick]]
    return drawn


def close_ties(ties: sp.csr_matrix, ids: np.ndarray, threshold: float) -> np.ndarray:
    """The ties of families `ids` at least `threshold` strong (each tie once)."""
    rows = ties[ids]
    return np.unique(rows.indices[rows.data >= threshold])


def shared_support(ties: sp.csr_matrix, giving: np.ndarray, leaning: np.ndarray,
                   capacity: float, sharing: float) -> tuple[np.ndarray, np.ndarray]:
    """Support reaching each family from its ties, and each tie's share factor.

    A tie gives `giving` per unit of tie strength; the families leaning on it ask
    giving x (their tie strength to it) in all. Where that exceeds `capacity`, each gets
    its part of the capacity (sharing 1) or its full ask (sharing 0), or in between.
    """
    asked = giving * (ties @ leaning.astype(np.float32))
    full = np.minimum(1.0, capacity / np.maximum(asked, 1e-9))
    factor = (1.0 - sharing) + sharing * full
    return ties @ (giving * factor).astype(np.float32), factor.astype(np.float32)


def attention_shares(place: np.ndarray, members: np.ndarray, concerned: np.ndarray,
                     capacity: float, sharing: float) -> np.ndarray:
    """Per family, the share of full attention its place (school, GP, ...) can give: a place
    whose share of families with a concern exceeds `capacity` divides its attention among
    them (sharing 1), or does not (sharing 0). Families without such a place get 1 (their
    place's attentiveness is 0 anyway)."""
    at = place[concerned]
    busy = np.bincount(at[at >= 0], minlength=len(members)) / np.maximum(members, 1)
    per_place = (1.0 - sharing) + sharing * np.minimum(1.0, capacity / np.maximum(busy, 1e-9))
    return np.where(place >= 0, per_place[np.maximum(place, 0)], 1.0).astype(np.float32)
