"""Sensitivity analysis: known answers (Ishigami, a linear function), noise measured as it
is, warnings when they are due, a real run through the command line that resumes, and
every bad input one line with exit status 2."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from SALib.analyze import morris as salib_morris

from sim.cli import main
from sim.execution import replication_seed
from sim.sensitivity_analysis import COLUMNS, Settings, analyse, analyse_function, make_plan

ISHIGAMI_S1 = [0.314, 0.442, 0.000]
ISHIGAMI_ST = [0.558, 0.442, 0.244]


def ishigami(p: dict[str, float], rng: np.random.Generator, a: float = 7.0,
             b: float = 0.1) -> float:
    return float(np.sin(p["x1"]) + a * np.sin(p["x2"]) ** 2
                 + b * p["x3"] ** 4 * np.sin(p["x1"]))


def full(analysis, index: str) -> pd.Series:
    rows = analysis.indices
    rows = rows[(rows["index"] == index) & (rows["sample_share"] == 1.0)]
    return rows.set_index("parameter")["value"]


def test_ishigami_reproduces_its_analytical_indices():
    analysis = analyse_function(ishigami, {x: (-np.pi, np.pi) for x in ("x1", "x2", "x3")},
                                Settings(method="sobol", samples=2**13), seed=3)
    assert full(analysis, "S1").to_numpy() == pytest.approx(ISHIGAMI_S1, abs=0.05)
    assert full(analysis, "ST").to_numpy() == pytest.approx(ISHIGAMI_ST, abs=0.05)
    frame = analysis.indices
    assert list(frame.columns) == COLUMNS
    assert sorted(frame["sample_share"].unique()) == [0.25, 0.5, 1.0]
    assert (frame["ci_low"] <= frame["value"]).all() and (frame["value"] <= frame["ci_high"]).all()
    # a large sample of a smooth function: narrow intervals, settled, nothing to warn about
    # beyond the deterministic model's single replication
    assert [w for w in analysis.warnings if "one replication" not in w] == []


def test_morris_of_a_linear_function_is_its_coefficients_times_the_range():
    ranges = {"a": (0.0, 1.0), "b": (0.0, 2.0), "unused": (0.0, 5.0)}
    analysis = analyse_function(lambda p, rng: 2 * p["a"] - 3 * p["b"], ranges,
                                Settings(method="morris", trajectories=12), seed=4)
    assert full(analysis, "mu_star").to_numpy() == pytest.approx([2.0, 6.0, 0.0])
    assert full(analysis, "mu").to_numpy() == pytest.approx([2.0, -6.0, 0.0])
    assert full(analysis, "sigma").to_numpy() == pytest.approx([0, 0, 0], abs=1e-9)


def test_morris_effects_agree_with_salib():
    plan = make_plan(Settings(method="morris", trajectories=16, levels=6), ["a", "b", "c"], 5)
    y = np.sin(3 * plan.unit[:, 0]) * plan.unit[:, 1] + plan.unit[:, 2] ** 2
    ours = analyse(plan, {"y": y}, Settings(method="morris", trajectories=16, levels=6))
    problem = {"num_vars": 3, "names": ["a", "b", "c"], "bounds": [[0, 1]] * 3}
    theirs = salib_morris.analyze(problem, plan.unit, y, num_levels=6, seed=1)
    assert full(ours, "mu_star").to_numpy() == pytest.approx(theirs["mu_star"])
    assert full(ours, "sigma").to_numpy() == pytest.approx(theirs["sigma"])


def test_noise_variance_is_the_within_point_variance_over_replications():
    s, reps = 0.5, 4
    settings = Settings(method="sobol", samples=256)
    plan = make_plan(settings, ["a", "b"], 6)
    signal = plan.unit[:, 0] + 2 * plan.unit[:, 1]
    table = signal[:, None] + np.random.default_rng(9).normal(0.0, s, (len(signal), reps))
    noise = analyse(plan, {"y": table}, settings).noise.iloc[0]
    assert (noise["points"], noise["replications"]) == (256 * 4, reps)
    assert noise["noise_variance"] == pytest.approx(s**2 / reps, rel=0.1)
    expected_share = (s**2 / reps) / (5 / 12 + s**2 / reps)
    assert noise["noise_share"] == pytest.approx(expected_share, rel=0.15)


def test_common_random_numbers_keep_noise_out_of_the_shares():
    """Replication r draws the same noise at every point, so it shifts every mean alike
    and the shares of a and b (1/5, 4/5) stay intact."""
    analysis = analyse_function(lambda p, rng: p["a"] + 2 * p["b"] + rng.normal(0.0, 0.5),
                                {"a": (0, 1), "b": (0, 1)},
                                Settings(method="sobol", samples=256), replications=4, seed=6)
    assert full(analysis, "S1").to_numpy() == pytest.approx([0.2, 0.8], abs=0.05)


@pytest.mark.parametrize("method", ["sobol", "morris"])
def test_pure_noise_is_called_what_it_is(method):
    settings = Settings(method=method, samples=32, trajectories=16)
    plan = make_plan(settings, ["a", "b", "c"], 7)
    table = np.random.default_rng(8).normal(size=(len(plan.unit), 2))
    warnings = " ".join(analyse(plan, {"noise": table}, settings).warnings)
    assert "replication noise is" in warnings
    if method == "sobol":
        assert "wider than the index itself" in warnings
    else:  # mu* of noise is never near 0; it is compared with what noise alone gives
        assert "not clearly above what replication noise alone would give" in warnings


def test_same_seed_same_indices_other_seed_other_sample():
    def run(seed):
        return analyse_function(ishigami, {x: (-np.pi, np.pi) for x in ("x1", "x2", "x3")},
                                Settings(method="sobol", samples=64, resamples=50),
                                seed=seed).indices
    pd.testing.assert_frame_equal(run(1), run(1))
    assert not run(1)["value"].equals(run(2)["value"])


TINY = """
name = "tiny_sensitivity"
families = 1000
years = 1
warmup_years = 0
replications = 2
seed = 5
outcomes = ["handoffs", "court_orders"]

[designs.relay]
design.model = "relay"

[designs.team]
design.model = "team"

[uncertainties]
"help.child_effect" = {}
"decisions.noise_sd" = {low = 0.05, high = 0.12}

[sensitivity]
method = "sobol"
samples = 8
difference = ["team", "relay"]
resamples = 50
"""


def test_command_line_run_writes_every_output_and_resumes(tmp_path, capsys):
    file, out = tmp_path / "tiny.toml", tmp_path / "out"
    file.write_text(TINY)
    assert main(["sensitivity", str(file), "--workers", "2", "--out", str(out)]) == 0
    printed = capsys.readouterr()
    assert "help.child_effect" not in printed.out and "Help: child effect" in printed.out

    indices = pd.read_csv(out / "indices.csv")
    assert list(indices.columns) == COLUMNS
    pd.testing.assert_frame_equal(indices, pd.read_parquet(out / "indices.parquet"),
                                  check_dtype=False)
    series = ["handoffs_team_minus_relay", "court_orders_team_minus_relay"]
    assert list(indices["outcome"].unique()) == series
    assert set(indices["index"]) == {"S1", "ST"} and set(indices["method"]) == {"sobol"}
    assert set(indices["label"]) == {"Help: child effect", "Decisions: noise sd"}
    assert set(indices["unit"]) == {"per week", "concern"}
    noise = pd.read_csv(out / "noise.csv")
    assert list(noise["outcome"]) == series
    assert (noise["points"] == 8 * 4).all() and (noise["replications"] == 2).all()
    for outcome in series:
        for ext in ("png", "svg"):
            assert (out / "figures" / f"sobol_{outcome}.{ext}").stat().st_size > 1000
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["kind"] == "sensitivity" and manifest["git_commit"] is not None
    assert manifest["sensitivity"]["difference"] == ["team", "relay"]
    warnings = (out / "warnings.txt").read_text().splitlines()
    assert warnings == manifest["warnings"]
    assert all(f"warning: {w}" in printed.err for w in warnings)

    # common random numbers: one seed per replication, whatever the design and point
    runs = pd.read_parquet(out / "runs.parquet")
    assert len(runs) == 2 * 32 * 2
    assert (runs.groupby("replication")["seed"].nunique() == 1).all()
    assert sorted(runs["seed"].unique()) == sorted(replication_seed(5, k) for k in range(2))
    sampled = runs.groupby("sample")["help.child_effect"].first()
    assert sampled.between(0.02, 0.07).all() and sampled.nunique() > 8

    # a killed run: shards and the analysis gone; --resume (here serial) runs only those
    lost = sorted((out / "shards").glob("team-*.parquet"))[:3]
    for path in lost:
        path.unlink()
    (out / "indices.csv").unlink()
    assert main(["sensitivity", str(file), "--out", str(out), "--resume"]) == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["runs_executed_this_time"] == 3
    pd.testing.assert_frame_equal(pd.read_csv(out / "indices.csv"), indices)
    assert main(["sensitivity", str(file), "--out", str(out), "--resume"]) == 0
    assert json.loads((out / "manifest.json").read_text())["runs_executed_this_time"] == 0


BAD = [
    ('method = "sobol"', 'method = "sobolx"', ["sensitivity.method", "sobolx", '"morris"']),
    ("samples = 8", "samples = 12", ["sensitivity.samples", "12", "power of 2"]),
    ("samples = 8", "trajectories = 8", ["sensitivity.trajectories", '"morris"']),
    ('difference = ["team", "relay"]', 'difference = ["team", "court"]',
     ["sensitivity.difference", "court", "relay, team"]),
    ('"help.child_effect" = {}', '"help.child_efect" = {}',
     ["uncertainties", "help.child_efect", "did you mean 'help.child_effect'"]),
    ('"help.child_effect" = {}', '"help.child_effect" = {low = 0.01, high = 0.05}',
     ["uncertainties.help.child_effect", "low = 0.01", "plausible range", "0.02 to 0.07"]),
    ('"help.child_effect" = {}', '"trust.loss_per_handoff" = {high = 1.5}',
     ["uncertainties.trust.loss_per_handoff", "high = 1.5", "from 0 to 1"]),
    ("[sensitivity]", "[sampling]\nsamples = 4\n[sensitivity]", ["[sampling]", "[sensitivity]"]),
    ("[sensitivity]", "[not_sensitivity]", ["[sensitivity]", "sobol"]),
]


@pytest.mark.parametrize(("old", "new", "named"), BAD)
def test_bad_input_is_one_line_exit_2_and_nothing_written(tmp_path, capsys, old, new, named):
    assert old in TINY
    file, out = tmp_path / "bad.toml", tmp_path / "out"
    file.write_text(TINY.replace(old, new))
    assert main(["sensitivity", str(file), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert err.startswith(f"{file}: ")
    for text in named:
        assert text in err
    assert not out.exists()


def test_bad_workers_flag_is_one_line(tmp_path, capsys):
    file = tmp_path / "tiny.toml"
    file.write_text(TINY)
    assert main(["sensitivity", str(file), "--workers", "two", "--out",
                 str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err == "--workers = 'two': give a whole number\n"
    assert not Path(tmp_path / "out").exists()


def test_batch_refuses_a_sensitivity_file_and_says_what_runs_it(tmp_path, capsys):
    file = tmp_path / "tiny.toml"
    file.write_text(TINY)
    assert main(["batch", str(file), "--out", str(tmp_path / "out")]) == 2
    assert "run it with `opzet sensitivity`" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
