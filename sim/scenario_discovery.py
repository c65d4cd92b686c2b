"""Scenario discovery: the region of the uncertainty space where a question is answered yes
(a design loses, a conclusion flips), as a box of parameter ranges an analyst can name.

PRIM, the patient rule induction method (Friedman and Fisher 1999), as scenario discovery
uses it (Bryant and Lempert 2010), from the EMA Workbench (Kwakkel 2017): it peels the
sample down step by step to ever denser boxes of yes-points, and its peeling trajectory
trades coverage (the share of all yes-points inside the box) against density (the share
of the box's points that are yes). Of the boxes whose density reaches the threshold, the
one kept balances the two best (the highest harmonic mean of coverage and density, the F1
score; else the densest box is kept and said not to reach it); each restricted side has a quasi-p
value (a one-sided binomial test of whether that restriction matters; Bryant and Lempert
2010). CART, a classification tree (scikit-learn, seeded, leaves of at least the same
mass), is the second view: its leaf chosen by the same rule.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

PEEL_ALPHA = 0.05
"""Share of the points peeled off in one step (the EMA Workbench's default)."""
PASTE_ALPHA = 0.05
MASS_MIN = 0.05
"""The smallest box: this share of the points (PRIM), the smallest leaf (CART)."""

BOX_COLUMNS = ["question", "design", "outcome", "when", "threshold", "method", "points",
               "cases", "coverage", "density", "mass", "res_dim", "reached", "parameter",
               "label", "unit", "low", "high", "range_low", "range_high", "restricted",
               "qp_low", "qp_high", "note"]
"""boxes.csv: per question and method (prim, cart) one row per parameter: the box's range
of it (the whole range where not restricted) and the box's statistics; a question that no
point or every point answers yes has one row per method, with the note saying so."""
TRAJECTORY_COLUMNS = ["question", "step", "coverage", "density", "mass", "res_dim", "chosen"]
"""trajectory.csv: PRIM's peeling trajectory per question, and which box was kept."""

NO_CASE, ALL_CASES = "no point answers yes", "every point answers yes"


@dataclass
class Found:
    """The boxes of one question (BOX_COLUMNS from method on) and PRIM's trajectory
    (TRAJECTORY_COLUMNS from step on)."""

    boxes: pd.DataFrame
    trajectory: pd.DataFrame


def discover(points: pd.DataFrame, yes: pd.Series, threshold: float,
             ranges: dict[str, tuple[float, float]] | None = None,
             labels: dict[str, tuple[str, str]] | None = None) -> Found:
    """PRIM's and CART's box for `yes` (sample -> bool) over the parameters of `points`
    (one row per sample); `ranges`: each parameter's whole range (default: the sample's),
    `labels`: parameter -> (name, unit)."""
    x = points.loc[yes.index].reset_index(drop=True)
    y = yes.to_numpy(dtype=bool)
    whole = {p: (ranges or {}).get(p, (float(x[p].min()), float(x[p].max()))) for p in x}
    labels = labels or {}
    base = {"points": len(y), "cases": int(y.sum())}
    if not 0 < y.sum() < len(y):
        note = NO_CASE if not y.any() else ALL_CASES
        rows = [base | {"method": method, "note": note, "reached": False, "restricted": False}
                for method in ("prim", "cart")]
        return Found(pd.DataFrame(rows, columns=BOX_COLUMNS[5:]),
                     pd.DataFrame(columns=TRAJECTORY_COLUMNS[1:]))
    prim_box, trajectory = _prim(x, y, threshold)
    boxes = [_rows("prim", prim_box, x, whole, labels, base),
             _rows("cart", _cart(x, y, threshold), x, whole, labels, base)]
    return Found(pd.concat(boxes, ignore_index=True)[BOX_COLUMNS[5:]], trajectory)


@dataclass
class _Box:
    low: pd.Series  # parameter -> lower limit
    high: pd.Series
    coverage: float
    density: float
    mass: float
    reached: bool
    qp: dict[str, list[float]]  # parameter -> [quasi-p of the lower, of the upper side]


def _chosen(stats: pd.DataFrame, threshold: float) -> tuple[int, bool]:
    """The row of `stats` (coverage, density, res_dim, mass) to keep, and whether its density
    reaches `threshold`: of the boxes that do, the best balance of coverage and density
    (their harmonic mean, then fewer restricted parameters), else the densest."""
    dense = stats[stats["density"] >= threshold - 1e-12]
    if len(dense):
        balance = 2 * dense["coverage"] * dense["density"] / (dense["coverage"]
                                                               + dense["density"])
        order = dense.assign(balance=balance).sort_values(
            ["balance", "res_dim"], ascending=[False, True], kind="stable")
        return int(order.index[0]), True
    order = stats.sort_values(["density", "coverage"], ascending=False, kind="stable")
    return int(order.index[0]), False


def _prim(x: pd.DataFrame, y: np.ndarray, threshold: float) -> tuple[_Box, pd.DataFrame]:
    """PRIM's first box (EMA Workbench), the one kept from its trajectory, and the
    trajectory."""
    with warnings.catch_warnings():  # of parallel back-ends it does not use here, and of
        warnings.simplefilter("ignore")  # pandas keywords it will have to drop
        from ema_workbench.analysis.prim import Prim

        prim = Prim(x, y.copy(), peel_alpha=PEEL_ALPHA, paste_alpha=PASTE_ALPHA,
                    mass_min=MASS_MIN)
        box = prim.find_box()
    steps = box.peeling_trajectory[["coverage", "density", "mass", "res_dim"]].astype(float)
    steps = steps.reset_index(drop=True)
    i, reached = _chosen(steps, threshold)
    limits = box.box_lims[i]
    qp = {p: [v if v >= 0 else math.nan for v in sides] for p, sides in box.p_values[i].items()}
    trajectory = steps.assign(step=range(len(steps)), chosen=[k == i for k in
                                                              range(len(steps))])
    return (_Box(limits.iloc[0], limits.iloc[1], *steps.loc[i, ["coverage", "density", "mass"]],
                 reached, qp),
            trajectory.astype({"res_dim": "int64"})[TRAJECTORY_COLUMNS[1:]])


def _cart(x: pd.DataFrame, y: np.ndarray, threshold: float) -> _Box:
    """The leaf of a seeded classification tree kept as CART's box."""
    from sklearn.tree import DecisionTreeClassifier

    tree = DecisionTreeClassifier(min_samples_leaf=max(1, int(MASS_MIN * len(y))),
                                  random_state=0).fit(x.to_numpy(float), y)
    nodes = tree.tree_
    leaf_of = tree.apply(x.to_numpy(float))
    leaves: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    stack = [(0, x.min().to_numpy(float), x.max().to_numpy(float))]
    while stack:
        node, low, high = stack.pop()
        left, right = nodes.children_left[node], nodes.children_right[node]
        if left == -1:
            leaves[node] = (low, high)
            continue
        feature, cut = nodes.feature[node], nodes.threshold[node]
        upper, lower = high.copy(), low.copy()
        upper[feature], lower[feature] = min(high[feature], cut), max(low[feature], cut)
        stack += [(left, low, upper), (right, lower, high)]
    ids = sorted(leaves)
    stats = pd.DataFrame([{"coverage": y[leaf_of == leaf].sum() / y.sum(),
                           "density": y[leaf_of == leaf].mean(),
                           "mass": (leaf_of == leaf).mean(),
                           "res_dim": int(np.sum((leaves[leaf][0] > x.min().to_numpy(float))
                                                 | (leaves[leaf][1] < x.max().to_numpy(float))))}
                          for leaf in ids])
    i, reached = _chosen(stats, threshold)
    low, high = leaves[ids[i]]
    return _Box(pd.Series(low, index=x.columns), pd.Series(high, index=x.columns),
                *stats.loc[i, ["coverage", "density", "mass"]], reached, {})


def _rows(method: str, box: _Box, x: pd.DataFrame, whole: dict[str, tuple[float, float]],
          labels: dict[str, tuple[str, str]], base: dict[str, int]) -> pd.DataFrame:
    """One row per parameter: the box's range of it (the whole range where unrestricted)."""
    restricted = {p: bool(box.low[p] > x[p].min() or box.high[p] < x[p].max()) for p in x}
    rows = []
    for p in x:
        lo, hi = whole[p]
        low_side, high_side = box.qp.get(p, [math.nan, math.nan])
        rows.append(base | {
            "method": method, "coverage": float(box.coverage), "density": float(box.density),
            "mass": float(box.mass), "res_dim": sum(restricted.values()),
            "reached": box.reached, "parameter": p, "label": labels.get(p, (p, ""))[0],
            "unit": labels.get(p, (p, ""))[1],
            "low": float(box.low[p]) if box.low[p] > x[p].min() else lo,
            "high": float(box.high[p]) if box.high[p] < x[p].max() else hi,
            "range_low": lo, "range_high": hi, "restricted": restricted[p],
            "qp_low": low_side, "qp_high": high_side, "note": ""})
    return pd.DataFrame(rows)


__all__ = ["BOX_COLUMNS", "TRAJECTORY_COLUMNS", "Found", "discover"]
