"""Fixed-seed baseline: the yearly table of a fixed small scenario is exactly as recorded.

Any change to the model that changes results shows up here. If the change is
intended, regenerate the file with `python tests/update_baseline.py`; it prints
which values changed, for the reviewer.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas.testing as pdt
import pytest

HERE = Path(__file__).resolve().parent


def load_script():
    spec = importlib.util.spec_from_file_location("update_baseline", HERE / "update_baseline.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


baseline = load_script()


def test_yearly_results_match_the_recorded_baseline():
    assert baseline.BASELINE.exists(), "no baseline: run python tests/update_baseline.py"
    stored = baseline.read_csv_text(baseline.BASELINE.read_text())
    assert list(stored["design"].unique()) == list(baseline.DESIGNS)
    fresh = baseline.read_csv_text(baseline.to_csv_text(baseline.baseline_frame()))
    changes = baseline.describe_changes(stored, fresh)
    assert not changes, (
        "results differ from tests/baseline_yearly.csv; if intended, run "
        "`python tests/update_baseline.py`:\n  " + "\n  ".join(changes[:40]))
    pdt.assert_frame_equal(stored, fresh, check_exact=True)


def test_the_change_report_names_every_changed_value():
    stored = baseline.read_csv_text(baseline.BASELINE.read_text())
    changed = stored.copy()
    changed.loc[1, "handoffs_sum"] = changed.loc[1, "handoffs_sum"] + 1
    changed = changed.drop(columns=["serious_share_mean"]).assign(extra=1)
    changed = changed.drop(index=len(changed) - 1)
    lines = baseline.describe_changes(stored, changed)
    design, year = stored.loc[1, "design"], int(stored.loc[1, "year"])
    old = stored.loc[1, "handoffs_sum"].item()
    assert f"design={design} year={year} handoffs_sum: {old!r} -> {old + 1!r}" in lines
    assert "column removed: serious_share_mean" in lines
    assert "column added: extra" in lines
    last = stored.iloc[-1]
    assert f"row removed: design={last['design']} year={int(last['year'])}" in lines
    assert len(lines) == 4
    assert baseline.describe_changes(stored, stored.copy()) == []


@pytest.mark.parametrize("value", [0.1 + 0.2, 1 / 3, 1e-17, 123456789.123456789])
def test_floats_survive_the_csv_exactly(value):
    import pandas as pd

    frame = pd.DataFrame({"design": ["relay"], "year": [1], "x": [value]})
    back = baseline.read_csv_text(baseline.to_csv_text(frame))
    assert back.loc[0, "x"] == value
