"""Comparing designs: paired differences under common random numbers, their intervals,
stopping on precision, the files written and the command line's refusals."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from sim.cli import main
from sim.compare import CompareError, compare
from sim.designs import BUILTIN_DESIGNS, DESIGNS
from sim.execution import RunOutput, RunSpec
from sim.scenario import load_scenario
from sim.statistics import COLUMNS, paired_ci, paired_table, relative_widths
from sim.summary import MEASURES

SMALL = {"run": {"families": 3000, "years": 2, "warmup_years": 1}}
TINY = ["--families", "2000", "--years", "1", "--workers", "1"]
REPS = 24


@pytest.fixture(scope="module")
def relay_team():
    """Relay and team on REPS common seeds: small, but enough to see the pairing."""
    return compare({"relay": BUILTIN_DESIGNS["relay"], "team": BUILTIN_DESIGNS["team"]},
                   reps=REPS, overrides=SMALL)


# ------------------------------------------------------------------ the designs
def test_builtin_designs_are_valid_and_relay_is_the_reference():
    assert next(iter(BUILTIN_DESIGNS)) == "relay"
    assert set(DESIGNS) == set(BUILTIN_DESIGNS)
    assert all(d.label["nl"] and d.description["en"] for d in DESIGNS.values())
    for name, overrides in BUILTIN_DESIGNS.items():
        scenario = load_scenario(None, overrides)
        assert scenario.design.model == ("team" if name in ("team", "future") else "relay")
    future = load_scenario(None, BUILTIN_DESIGNS["future"])
    assert (future.design.review, future.design.client_support,
            future.design.family_oriented) == ("independent", True, "inside")
    assert "family_centre" in future.access_points
    relay = load_scenario(None, BUILTIN_DESIGNS["relay"])
    assert "family_centre" not in relay.access_points
    assert (relay.design.review, relay.design.client_support,
            relay.design.family_oriented) == ("none", False, "referral")


# ------------------------------------------------------------------ the statistics
def test_paired_interval_is_scipys_paired_t_interval():
    rng = np.random.default_rng(1)
    a = rng.normal(10, 2, 9)
    b = a + rng.normal(0.7, 0.5, 9)
    mean, low, high, n = paired_ci(b - a)
    expected = stats.ttest_rel(b, a).confidence_interval(0.95)
    assert n == 9
    assert mean == pytest.approx(float(np.mean(b - a)), rel=1e-12)
    assert (low, high) == pytest.approx((expected.low, expected.high), rel=1e-12)
    half = stats.t.ppf(0.975, 8) * stats.sem(b - a)
    assert high - low == pytest.approx(2 * half, rel=1e-12)


def test_paired_interval_covers_the_true_difference_95_percent_of_the_time():
    """Known normal samples with a common part (as common random numbers give): the
    interval holds the true difference 1.5 in about 95% of 4,000 experiments."""
    rng = np.random.default_rng(7)
    common = rng.normal(0, 3, (4000, 6))
    a = 20 + common + rng.normal(0, 0.5, (4000, 6))
    b = 21.5 + common + rng.normal(0, 0.5, (4000, 6))
    hits = 0
    for row in range(4000):
        _, low, high, _ = paired_ci(b[row] - a[row])
        hits += low <= 1.5 <= high
    assert 0.94 <= hits / 4000 <= 0.96  # binomial sd 0.0034


def test_missing_values_are_left_out_and_too_few_give_no_interval():
    assert paired_ci([1.0, np.nan, 3.0])[3] == 2
    mean, low, high, n = paired_ci([2.0, np.nan])
    assert (mean, n) == (2.0, 1) and math.isnan(low) and math.isnan(high)
    assert paired_ci([0.0, 0.0, 0.0])[1:3] == (0.0, 0.0)


def test_table_has_no_difference_for_the_reference():
    runs = pd.DataFrame({"design": ["r", "r", "r", "x", "x", "x"],
                         "replication": [0, 1, 2, 0, 1, 2],
                         "handoffs": [10.0, 12.0, 11.0, 7.0, 9.0, 9.0]})
    table = paired_table(runs, "r", ["handoffs"])
    ref, other = table.iloc[0], table.iloc[1]
    assert list(table.columns) == COLUMNS
    assert ref.design == "r" and math.isnan(ref["diff"]) and math.isnan(ref.ci_low)
    assert ref["mean"] == 11.0 and ref.n == 3
    assert other["diff"] == pytest.approx(-8 / 3) and other.n == 3
    assert other.label == MEASURES["handoffs"].label and other.unit == MEASURES["handoffs"].unit
    width = relative_widths(table, "r", ["handoffs"]).loc["handoffs", "x"]
    assert width == pytest.approx((other.ci_high - other.ci_low) / 2 / 11.0)


# ------------------------------------------------------------------ common random numbers
@pytest.mark.parametrize("outcome", ["handoffs", "court_orders", "court_requests",
                                     "professional_hours", "days_to_help"])
def test_paired_differences_vary_less_than_unpaired_ones(relay_team, outcome):
    """Same runs, two estimates of the variance of team - relay per replication.

    Unpaired (two independent samples): var(team) + var(relay). Paired: var of the
    difference within each replication = var(team) + var(relay) - 2 cov. Replication
    k of both designs starts from the same families and draws from the same streams,
    so a replication with many troubled families is high in both designs: the
    covariance is positive and pairing removes that shared chance. The correlation
    between the designs is about 0.5 on these small runs (0.3 for court orders); with
    REPS = 24 replications the inequality fails by chance for about 1 in 100 (5 in 100)
    seeds, against 1 in 20 (1 in 7) with 12.
    """
    wide = relay_team.runs.pivot(index="replication", columns="design", values=outcome)
    paired = (wide["team"] - wide["relay"]).var(ddof=1)
    unpaired = wide["team"].var(ddof=1) + wide["relay"].var(ddof=1)
    assert len(wide) == REPS
    assert paired < unpaired


def test_replication_k_of_every_design_has_the_same_seed(relay_team):
    seeds = relay_team.runs.pivot(index="replication", columns="design", values="seed")
    assert (seeds["relay"] == seeds["team"]).all()
    assert seeds["relay"].nunique() == REPS
    assert list(seeds["relay"]) == relay_team.seeds


def test_written_folder(relay_team, tmp_path):
    out = relay_team.write(tmp_path / "cmp")
    table = pd.read_csv(out / "comparison.csv")
    assert list(table.columns) == COLUMNS
    assert len(table) == len(MEASURES) * 2
    relay = table[table.design == "relay"]
    assert relay["diff"].isna().all() and relay["ci_low"].isna().all()
    team = table[(table.design == "team") & (table.outcome == "handoffs")].iloc[0]
    assert team.ci_low <= team["diff"] <= team.ci_high < 0  # the team hands over less
    assert team.n == REPS
    runs = pd.read_parquet(out / "runs.parquet")
    assert len(runs) == 2 * REPS and set(MEASURES) <= set(runs.columns)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["reps"] == REPS and manifest["reference"] == "relay"
    assert len(manifest["replication_seeds"]) == REPS
    assert manifest["designs"]["team"]["scenario"]["design"]["model"] == "team"
    assert {"packages", "git_commit", "started", "ended"} <= set(manifest)


# ------------------------------------------------------------------ precision
def fake_run(spec: RunSpec) -> RunOutput:
    """A stand-in for a simulation: per replication a shared part (the seed) and a
    small own part, the team 10% lower on every outcome."""
    shared = np.random.default_rng(spec.seed).normal(0, 10)
    own = np.random.default_rng([spec.seed, len(spec.design)]).normal(0, 3)
    factor = 0.9 if spec.overrides["design"]["model"] == "team" else 1.0
    summary = {name: factor * 100 + shared + own for name in MEASURES}
    return RunOutput(spec, summary, pd.DataFrame())


def test_precision_adds_replications_until_the_intervals_are_narrow_enough():
    designs = {"relay": BUILTIN_DESIGNS["relay"], "team": BUILTIN_DESIGNS["team"]}
    result = compare(designs, precision=0.03, min_reps=3, max_reps=60, run=fake_run)
    assert result.precision_reached
    assert 3 < result.reps < 60
    assert (result.widths.to_numpy() <= 0.03).all()
    assert result.precision_outcomes == ["handoffs", "court_orders", "days_to_help",
                                         "lasting_reduction"]
    # one round (of 2) fewer was not precise enough
    earlier = result.runs[result.runs.replication < result.reps - 2]
    table = paired_table(earlier, "relay", result.precision_outcomes)
    assert (relative_widths(table, "relay", result.precision_outcomes).to_numpy() > 0.03).any()


def test_precision_stops_at_the_maximum_and_says_so():
    designs = {"relay": BUILTIN_DESIGNS["relay"], "team": BUILTIN_DESIGNS["team"]}
    result = compare(designs, precision=1e-6, min_reps=3, max_reps=8,
                     outcomes=["handoffs", "placements"], watch=["handoffs"], run=fake_run)
    assert result.reps == 8 and result.precision_reached is False
    assert result.precision_outcomes == ["handoffs"]
    assert list(result.table.outcome.unique()) == ["handoffs", "placements"]


def test_precision_on_the_model_reports_the_replications_needed():
    designs = {"relay": BUILTIN_DESIGNS["relay"], "team": BUILTIN_DESIGNS["team"]}
    result = compare(designs, precision=0.1, min_reps=3, max_reps=9, outcomes=["handoffs"],
                     overrides=SMALL)
    assert result.precision_reached and 3 <= result.reps <= 9
    assert result.widths.loc["handoffs", "team"] <= 0.1
    assert len(result.runs) == 2 * result.reps


def test_bad_arguments_are_refused_before_running():
    def never(spec):
        raise AssertionError("ran")
    with pytest.raises(CompareError, match="unknown outcome 'handofs'; did you mean 'handoffs'"):
        compare(outcomes=["handofs"], run=never)
    with pytest.raises(CompareError, match="at least 2"):
        compare(reps=1, run=never)
    with pytest.raises(CompareError, match="two designs"):
        compare({"relay": {}}, run=never)


# ------------------------------------------------------------------ command line
def test_command_compares_two_builtin_designs(tmp_path, capsys):
    out = tmp_path / "cmp"
    assert main(["compare", "--designs", "relay,team", "--reps", "2", *TINY,
                 "--outcomes", "handoffs,court_orders", "--out", str(out)]) == 0
    shown = capsys.readouterr().out
    assert "handoffs" in shown and "team" in shown and "2 replications" in shown
    table = pd.read_csv(out / "comparison.csv")
    assert list(table.columns) == COLUMNS
    assert set(table.outcome) == {"handoffs", "court_orders"}
    assert table.loc[table.design == "relay", "diff"].isna().all()


def test_command_with_scenario_files_names_designs_and_keeps_the_first_as_reference(
        tmp_path, capsys):
    (tmp_path / "today.toml").write_text('name = "today"\n')
    (tmp_path / "team.toml").write_text('[design]\nmodel = "team"\n')
    out = tmp_path / "cmp"
    assert main(["compare", str(tmp_path / "today.toml"), str(tmp_path / "team.toml"),
                 "--reps", "2", "--precision", "0.5", "--max-reps", "4", *TINY,
                 "--outcomes", "handoffs", "--out", str(out)]) == 0
    shown = capsys.readouterr().out
    manifest = json.loads((out / "manifest.json").read_text())
    assert f"Precision 0.5 reached after {manifest['reps']} replications per design" in shown
    assert list(manifest["designs"]) == ["today", "team"]  # name field, else the file stem
    assert manifest["reference"] == "today" and manifest["precision_reached"]


@pytest.mark.parametrize("flags, message", [
    (["--outcomes", "handoffs,nope"], "--outcomes: unknown outcome 'nope'"),
    (["--reps", "1"], "--reps = 1: must be at least 2"),
    (["--reps", "two"], "--reps = 'two': give a whole number"),
    (["--families", "5"], "--families: run.families = 5 is out of range"),
    (["--designs", "relay,teem"], "unknown design 'teem'; did you mean 'team'?"),
    (["--precision", "-1"], "--precision = -1"),
    (["BAD"], "give two or more scenario files"),
    (["BAD", "GOOD"], "bad.toml: unknown key 'design.modle'; did you mean 'design.model'?"),
    (["GOOD", "missing.toml"], "missing.toml: no such file"),
])
def test_command_refuses_bad_input_with_one_line_and_writes_nothing(
        tmp_path, monkeypatch, capsys, flags, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.toml").write_text('[design]\nmodle = "team"\n')
    (tmp_path / "good.toml").write_text('[design]\nmodel = "team"\n')
    flags = [{"BAD": "bad.toml", "GOOD": "good.toml"}.get(f, f) for f in flags]
    assert main(["compare", *flags]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and message in captured.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.toml", "good.toml"]
