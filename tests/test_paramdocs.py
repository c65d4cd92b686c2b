"""The parameter table is complete, its ranges are absolute, and docs/parameters.md is current."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sim import paramdocs
from sim.paramdocs import NOT_PARAMETERS, markdown, parameter_rows
from sim.params import Scenario
from sim.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent


def rows_by_path(scenario: Scenario | None = None) -> dict[str, dict]:
    return {row["path"]: row for row in parameter_rows(scenario)}


def test_one_row_per_leaf_parameter():
    rows = rows_by_path()
    assert len(rows) == len(parameter_rows())  # paths are unique
    for path in ("run.seed", "organisations.court.staff", "access_points.child_helpline.threat",
                 "problems.debts.prevalence", "design.model"):
        assert path in rows
    assert "name" not in rows and "description" not in rows
    assert not any(isinstance(row["default"], dict) for row in rows.values())


@pytest.mark.parametrize("row", parameter_rows(), ids=lambda row: row["path"])
def test_every_parameter_has_unit_source_and_meaning(row):
    assert row["unit"] and row["source"] and row["meaning"]


NUMERIC_WITH_RANGE = [row for row in parameter_rows()
                      if row["low"] is not None and not row["path"].startswith("design.")]


@pytest.mark.parametrize("row", NUMERIC_WITH_RANGE, ids=lambda row: row["path"])
def test_default_lies_in_plausible_range(row):
    assert row["low"] <= row["default"] <= row["high"]


def test_member_defaults_and_relative_ranges_are_absolute():
    rows = rows_by_path()
    court = rows["organisations.court.staff"]
    assert (court["default"], court["low"], court["high"]) == (2.0, 1.4, 2.6)  # 2 x (0.7, 1.3)
    helpline = rows["access_points.child_helpline.threat"]
    assert (helpline["default"], helpline["low"], helpline["high"]) == (0.1, 0.05, 0.15)
    debts = rows["problems.debts.prevalence"]  # subclass default, absolute range
    assert (debts["default"], debts["low"], debts["high"]) == (0.08, 0.05, 0.12)
    assert rows["run.years"]["low"] is rows["run.years"]["high"] is None


def test_rows_follow_the_given_scenario():
    s = load_scenario(None, {"organisations": {"court": {"staff": 3.0}}})
    court = rows_by_path(s)["organisations.court.staff"]
    assert (court["default"], court["low"], court["high"]) == (3.0, 2.1, 3.9)


def test_markdown_has_one_table_per_group():
    text = markdown()
    groups = [name for name in Scenario.model_fields if name not in NOT_PARAMETERS]
    assert "calibration" not in groups  # how to fit, not what the model reads
    assert [line[3:] for line in text.splitlines() if line.startswith("## ")] == groups
    assert "must not" in text or "do not edit" in text
    assert text.count("| `") == len(parameter_rows())


def test_docs_file_is_up_to_date():
    done = subprocess.run([sys.executable, "-m", "sim.paramdocs", "--check"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_check_notices_a_stale_file(tmp_path, monkeypatch):
    stale = tmp_path / "parameters.md"
    stale.write_text(markdown().replace("0.03", "0.04", 1), encoding="utf-8")
    monkeypatch.setattr(paramdocs, "DOC_PATH", stale)
    assert paramdocs.main(["--check"]) == 1
    assert paramdocs.main([]) == 0
    assert paramdocs.main(["--check"]) == 0


def test_the_other_generated_documents_are_current():
    """docs/outcomes.md and docs/assumptions.md, like this file, are made from the code."""
    for module in ("sim.outcomes", "sim.assumptions"):
        done = subprocess.run([sys.executable, "-m", module, "--check"], cwd=ROOT,
                              capture_output=True, text=True, check=False)
        assert done.returncode == 0, (module, done.stderr)
