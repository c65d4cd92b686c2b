"""Re-reports after a first report (sim.rereports): the curve counted right on a record made
by hand, and the calibrated relay baseline's curve beside the American one (NCANDS), which
is a check of plausibility, not a calibration target."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from sim.rereports import NCANDS, rereport_curve, scenario_curve

BASELINE = Path(__file__).resolve().parent.parent / "scenarios" / "nl_relay_baseline.toml"


def _record(rows: list[tuple[int, float, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["family", "day", "decision"])


def test_curve_counts_second_reports_among_families_followed_long_enough() -> None:
    record = _record([
        (1, 150.0, "reported"), (1, 200.0, "reported"), (1, 210.0, "reported"),
        (2, 500.0, "reported"), (2, 150.0, "reported"),  # out of order: sorted by day
        (3, 150.0, "reported"), (3, 170.0, "asked_advice"),  # a question is no report
        (4, 50.0, "reported"), (4, 60.0, "reported"),  # first inside the look-back
        (5, 900.0, "reported"),  # followed for 100 days only
        (6, 300.0, "first_contact"),
    ])
    curve = rereport_curve(record, start_day=0.0, end_day=1000.0, horizons=(30, 182, 365, 850),
                           lookback_days=100.0)
    assert curve["families"].tolist() == [4, 3, 3, 3]
    # within 30 days none of 1, 2, 3, 5; within 182 family 1 (50 days); within 365 also 2
    assert curve["rereported"].tolist() == [0.0, 1 / 3, 2 / 3, 2 / 3]
    empty = rereport_curve(record, 0.0, 1000.0, horizons=(900,), lookback_days=100.0)
    assert empty["families"].tolist() == [0] and math.isnan(empty["rereported"].iloc[0])


@pytest.fixture(scope="module")
def baseline_curve() -> pd.DataFrame:
    """One run of the calibrated relay baseline with 8 reported years (a 5-year horizon for
    the families first reported in the two years after the one-year look-back)."""
    return scenario_curve(str(BASELINE))


def test_relay_baseline_rereports_beside_ncands(baseline_curve: pd.DataFrame) -> None:
    """One run: at least 1,500 first-reported families per horizon, so a share has a
    standard error of at most 1.3 percentage points, far below the margins asserted.

    What is true of the relay baseline (docs/calibration.md quotes the values): the share
    re-reported grows with time, and is far above the American curve in the first year and
    a half (more than twice it), because most first reports end in advice only while the
    concern stays, and the family is reported again. Not tuned: the American figures count
    children and set ranges only. If a change to the model brings the curve within a
    factor of 2 of NCANDS, this test says so; then assert the band instead."""
    shown = baseline_curve.to_string(index=False)
    assert (baseline_curve["families"] >= 1_500).all(), shown
    shares = baseline_curve["rereported"].to_numpy()
    assert (shares[1:] > shares[:-1]).all(), shown
    ratio = baseline_curve["rereported"] / baseline_curve["horizon_days"].map(NCANDS)
    early = baseline_curve["horizon_days"] <= 547
    assert (ratio[early] > 2).all(), f"within a factor of 2 of NCANDS now:\n{shown}"
    assert ratio.iloc[-1] > 1, shown
