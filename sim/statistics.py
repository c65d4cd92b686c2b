"""Statistics of paired replications: the t interval of a mean difference, and the table
of means and differences to a reference per outcome.

Kept apart from running, so that reading a finished results folder (`opzet report`)
needs neither the model nor Mesa.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd
from scipy import stats

from sim.summary import MEASURES

COLUMNS = ["outcome", "label", "unit", "design", "mean", "diff", "ci_low", "ci_high", "n"]
"""Columns of a paired table (`Comparison.table`, comparison.csv)."""

CONFIDENCE = 0.95


def paired_ci(differences: Iterable[float], confidence: float = CONFIDENCE
              ) -> tuple[float, float, float, int]:
    """Mean of paired differences with its t confidence interval: (mean, low, high, n).

    Missing values (an outcome a run could not measure) are left out; with
    fewer than two differences the interval is NaN. Identical to
    scipy.stats.ttest_rel(a, b).confidence_interval(confidence) for d = a - b.
    """
    d = np.asarray(list(differences), dtype=float)
    d = d[~np.isnan(d)]
    n = len(d)
    if n == 0:
        return math.nan, math.nan, math.nan, 0
    mean = float(d.mean())
    if n < 2:
        return mean, math.nan, math.nan, n
    half = float(stats.t.ppf(0.5 + confidence / 2, n - 1) * d.std(ddof=1) / math.sqrt(n))
    return mean, mean - half, mean + half, n


def paired_table(runs: pd.DataFrame, reference: str, outcomes: Iterable[str],
                 designs: Iterable[str] | None = None) -> pd.DataFrame:
    """Mean per design and paired difference to `reference` per outcome (COLUMNS).

    `runs` has a design and a replication column and one column per outcome;
    replications are paired by their number. The reference row has no
    difference; its n counts its measured runs.
    """
    designs = list(designs) if designs is not None else list(dict.fromkeys(runs["design"]))
    rows = []
    for outcome in outcomes:
        wide = runs.pivot(index="replication", columns="design", values=outcome)
        measure = MEASURES.get(outcome)
        label, unit = (measure.label, measure.unit) if measure else (outcome, "")
        for design in designs:
            values = wide[design]
            mean = float(values.mean()) if values.notna().any() else math.nan
            if design == reference:
                diff = low = high = math.nan
                n = int(values.notna().sum())
            else:
                diff, low, high, n = paired_ci(values - wide[reference])
            rows.append((outcome, label, unit, design, mean, diff, low, high, n))
    return pd.DataFrame(rows, columns=COLUMNS)


def relative_widths(table: pd.DataFrame, reference: str, outcomes: Iterable[str]
                    ) -> pd.DataFrame:
    """Half-width of each difference's interval relative to the reference mean.

    When the reference mean is 0 the larger of the two means is the yardstick;
    an interval of width 0 counts as 0 whatever the means, one that cannot be
    computed yet (fewer than two measured pairs) as infinite.
    """
    rows = []
    by_outcome = {name: group for name, group in table.groupby("outcome", sort=False)}
    for outcome in outcomes:
        group = by_outcome[outcome]
        ref_mean = abs(float(group.loc[group["design"] == reference, "mean"].iloc[0]))
        for row in group[group["design"] != reference].itertuples():
            half = (row.ci_high - row.ci_low) / 2
            yardstick = ref_mean if ref_mean > 0 else max(ref_mean, abs(row.mean))
            if math.isnan(half):
                width = math.inf
            elif half == 0:
                width = 0.0
            elif yardstick > 0:  # False for NaN too
                width = half / yardstick
            else:
                width = math.inf
            rows.append((outcome, row.design, width))
    frame = pd.DataFrame(rows, columns=["outcome", "design", "width"])
    return frame.pivot(index="outcome", columns="design", values="width").loc[list(outcomes)]
