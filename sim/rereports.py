"""Re-reports after a first report: of the families reported for the first time, the share
reported again within 6, 12 and 18 months and 5 years, read from a run's record.

A check of plausibility, not a calibration target: the only published curve is American
(NCANDS, nine states, ASPE 2005; CALIBRATION_FACTS.md) and counts children, not families.
`tests/test_rereports.py` compares the relay baseline with it (docs/calibration.md quotes
the values), through `scenario_curve`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.families import YEAR

NCANDS = {182: 0.103, 365: 0.164, 547: 0.206, 1826: 0.323}
"""Cumulative re-report after a first maltreatment report, United States (9 states, NCANDS,
ASPE 2005): horizon in days (6, 12, 18 months, 5 years) -> share of children reported again."""

LOOKBACK_DAYS = YEAR
"""A report counts as a family's first only if the record shows no report about the family
in at least this long before it (the record starts when reporting starts, after warm-up)."""


def rereport_curve(events: pd.DataFrame, start_day: float, end_day: float,
                   horizons: tuple[int, ...] = tuple(NCANDS),
                   lookback_days: float = LOOKBACK_DAYS) -> pd.DataFrame:
    """Cumulative share of first-reported families reported again within each horizon.

    events: a run's record (`ProtectionModel.event_table()`), whose "reported" rows are the
    reports at any reporting point; start_day, end_day: the recorded window (after warm-up
    to the end of the run). The cohort is the families whose first recorded report falls at
    least `lookback_days` after start_day. For a horizon h only the families first reported
    at least h before end_day count (no one is counted as not re-reported for lack of time).
    One row per horizon: horizon_days, families (those followed that long), rereported
    (share, NaN when no family was followed that long).
    """
    reports = events.loc[events["decision"] == "reported", ["family", "day"]]
    reports = reports.sort_values(["family", "day"], kind="stable")
    order = reports.groupby("family").cumcount()
    first = reports[order == 0].set_index("family")["day"]
    second = reports[order == 1].set_index("family")["day"].reindex(first.index)
    cohort = first >= start_day + lookback_days
    gap = (second - first)[cohort].to_numpy(dtype=float)  # NaN: never reported again
    followed_for = end_day - first[cohort].to_numpy(dtype=float)
    rows = []
    for h in horizons:
        followed = followed_for >= h
        n = int(followed.sum())
        share = float(np.mean(gap[followed] <= h)) if n else float("nan")
        rows.append({"horizon_days": h, "families": n, "rereported": share})
    return pd.DataFrame(rows)


def scenario_curve(path: str, years: int = 8) -> pd.DataFrame:
    """The curve of one run of a scenario file with `years` reported years (8: a 5-year
    horizon for families first reported in the two years after the look-back), beside
    NCANDS."""
    from sim.model import ProtectionModel
    from sim.scenario import load_scenario

    scenario = load_scenario(path, {"run": {"years": years, "record_events": True}})
    model = ProtectionModel(scenario)
    model.run()
    start = scenario.run.warmup_years * YEAR
    curve = rereport_curve(model.event_table(), start, start + years * YEAR)
    return curve.assign(ncands=curve["horizon_days"].map(NCANDS))
