"""The informal network as actors: which tie notices or supports, who is alert, whose
support runs out.

Ties are families (sim.network). A tie who notices is drawn from the family's ties in
proportion to strength, the tie who supports most in proportion to what it gives; a
family that asked for advice alerts its close ties, who then notice concerns in the other
families they know more readily; and what a tie can give is finite, so families leaning
on the same tie share it.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

NO_TIE = -1
"""Tie recorded where no tie of the family acted (self, a community professional, police)."""


def draw_ties(ties: sp.csr_matrix, ids: np.ndarray, u: np.ndarray,
              tie_weight: np.ndarray | None = None) -> np.ndarray:
    """One tie per family in `ids`, drawn with chance proportional to tie strength (times
    `tie_weight` of the tie, indexed by family, where given) from uniforms `u` (one per
    family in `ids`); NO_TIE for a family without ties (or whose ties all weigh 0)."""
    drawn = np.full(len(ids), NO_TIE, dtype=np.int64)
    has = ties.indptr[ids + 1] > ties.indptr[ids]
    if not has.any():
        return drawn
    positions, lengths = row_entries(ties, ids[has])
    u = u[has]
    weight = ties.data[positions].astype(np.float64)
    if tie_weight is not None:
        weight *= tie_weight[ties.indices[positions]]
    cumulative = np.cumsum(weight)
    segment_end = np.cumsum(lengths) - 1
    before = np.concatenate(([0.0], cumulative[segment_end[:-1]]))
    total = cumulative[segment_end] - before
    target = before + u * total
    pick = np.searchsorted(cumulative, target, side="right")
    pick = np.clip(pick, segment_end - lengths + 1, segment_end)
    drawn[has] = np.where(total > 0, ties.indices[positions[pick]], NO_TIE)
    return drawn


def row_entries(ties: sp.csr_matrix, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where the ties of families `ids` are in the matrix's data, in order, and how many
    each has (plain numpy: scipy's row slicing costs more than the few rows asked)."""
    starts = ties.indptr[ids]
    lengths = ties.indptr[ids + 1] - starts
    offsets = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
    return np.arange(lengths.sum()) + offsets, lengths


def close_ties(ties: sp.csr_matrix, ids: np.ndarray, threshold: float) -> np.ndarray:
    """The ties of families `ids` at least `threshold` strong (each tie once)."""
    positions, _ = row_entries(ties, ids)
    return sorted_unique(ties.indices[positions[ties.data[positions] >= threshold]])


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """np.unique by sorting: for the few thousand ids of a week, numpy 2's hash-based
    unique costs ten times more."""
    values = np.sort(values)
    return values[np.concatenate(([True], values[1:] != values[:-1]))[:len(values)]]


def tie_shares(giving: np.ndarray, leaning_strength: np.ndarray, capacity: float,
               sharing: float) -> np.ndarray:
    """Per tie, the share of what it could give that each family leaning on it gets.

    A tie gives `giving` per unit of tie strength; the families leaning on it ask
    giving x their tie strength to it (`leaning_strength`: Σ over leaning families) in all.
    Where that exceeds `capacity`, each gets its part of the capacity (sharing 1) or its
    full ask (sharing 0), or in between.
    """
    asked = giving * leaning_strength
    full = np.minimum(1.0, capacity / np.maximum(asked, 1e-9))
    return ((1.0 - sharing) + sharing * full).astype(np.float32)


def attention_shares(place: np.ndarray, members: np.ndarray, concerned: np.ndarray,
                     capacity: float, sharing: float) -> np.ndarray:
    """Per family, the share of full attention its place (school, GP, ...) can give: a place
    whose share of families with a concern exceeds `capacity` divides its attention among
    them (sharing 1), or does not (sharing 0). Families without such a place get 1 (their
    place's attentiveness is 0 anyway)."""
    at = place[concerned]
    busy = np.bincount(at[at >= 0], minlength=len(members)) / np.maximum(members, 1)
    per_place = np.ones(len(members) + 1, dtype=np.float32)  # the last: no place (-1)
    per_place[:-1] = (1.0 - sharing) + sharing * np.minimum(1.0, capacity
                                                            / np.maximum(busy, 1e-9))
    return per_place[place]
