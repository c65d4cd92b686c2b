"""The run engine behind compare, batch and calibrate: a command killed part-way and resumed
ends with exactly the results of one run straight through, whatever the workers; a run
that fails stops a comparison with one line and is run again on resume; batch stops on
precision when theory says it must, and not when it cannot."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from test_calibration import SMALL, _targets_text

import sim.simulated
from sim.batch import Precision, read_results, run_batch
from sim.calibration import calibrate
from sim.compare import compare
from sim.designs import BUILTIN_DESIGNS
from sim.engine import RunsFailed
from sim.execution import RunOutput, RunSpec
from sim.experiment import experiment_from_dict
from sim.outputs import Interrupted, sibling
from sim.precision import judge
from sim.summary import MEASURES

DESIGNS = {"relay": BUILTIN_DESIGNS["relay"], "team": BUILTIN_DESIGNS["team"]}
WATCHED = ["handoffs", "court_orders"]


def noisy_run(spec: RunSpec) -> RunOutput:
    """A stand-in for a simulation: per replication a shared part (the seed) and an own
    part of sd 3 per design and sample point; the team 10% lower."""
    shared = np.random.default_rng(spec.seed).normal(0, 10)
    own = np.random.default_rng([spec.seed, len(spec.design), spec.sample]).normal(0, 3)
    factor = 0.9 if spec.design == "team" else 1.0
    return RunOutput(spec, {name: factor * 100 + shared + own for name in MEASURES},
                     pd.DataFrame({"year": [1]}))


def exact_run(spec: RunSpec) -> RunOutput:
    """The team exactly 5 below the relay in every replication: every paired difference
    is -5, so its interval has width 0 from the second replication on."""
    shared = np.random.default_rng(spec.seed).normal(100, 10)
    return RunOutput(spec, {name: shared - 5 * (spec.design == "team") for name in MEASURES},
                     pd.DataFrame({"year": [1]}))


class Killer:
    """`run`, counting its calls, and a Ctrl-C (as the user's) after `runs` runs (None:
    never)."""

    def __init__(self, run, runs: int | None = None) -> None:
        self.run, self.runs, self.calls = run, runs, 0

    def __call__(self, *args):
        if self.calls == self.runs:
            raise KeyboardInterrupt
        self.calls += 1
        return self.run(*args)


def same_comparison(a, b) -> None:
    pd.testing.assert_frame_equal(a.runs, b.runs, check_exact=True)
    pd.testing.assert_frame_equal(a.table, b.table, check_exact=True)
    assert a.reps == b.reps and a.precision_reached == b.precision_reached


# ------------------------------------------------------------------ compare
@pytest.mark.parametrize("options", [{"reps": 5}, {"precision": 0.03, "min_reps": 3,
                                                   "max_reps": 40, "watch": WATCHED}])
def test_compare_killed_and_resumed_equals_one_run_straight_through(tmp_path, options):
    straight = compare(DESIGNS, run=noisy_run, **options)
    out = tmp_path / "cmp"
    killer = Killer(noisy_run, 7)
    with pytest.raises(Interrupted, match=f"7 of .* runs are saved in .*; run the same "
                                          f"command with --resume to finish; {out} is as it"):
        compare(DESIGNS, run=killer, out_dir=out, **options)
    assert not out.exists() and len(list((sibling(out, "partial") / "shards").glob(
        "*.parquet"))) == 7
    rest = Killer(noisy_run)
    resumed = compare(DESIGNS, run=rest, out_dir=out, resume=True, **options)
    assert rest.calls == 2 * resumed.reps - 7  # only the runs not saved before
    same_comparison(resumed, straight)
    assert pd.read_csv(out / "comparison.csv").equals(pd.read_csv(
        straight.write(tmp_path / "straight") / "comparison.csv"))


def test_compare_stops_at_the_same_replication_whatever_the_workers():
    """Rounds have a fixed size, so where precision stops depends on the results alone."""
    options = {"precision": 0.03, "min_reps": 3, "max_reps": 40, "watch": WATCHED,
               "run": noisy_run}
    one, three = compare(DESIGNS, workers=1, **options), compare(DESIGNS, workers=3, **options)
    assert one.precision_reached and 3 < one.reps < 40
    same_comparison(one, three)


def failing_run(spec: RunSpec) -> RunOutput:
    if spec.run_id == "design1-r2":
        raise ValueError("boom")
    return noisy_run(spec)


def test_a_failed_run_stops_a_comparison_and_resume_runs_it_again(tmp_path):
    out = tmp_path / "cmp"
    with pytest.raises(RunsFailed, match=r"^1 of 8 runs failed, the first design1-r2 "
                                         r"\(seed \d+\): ValueError: boom; the other runs "
                                         r"are saved in .*--resume"):
        compare(DESIGNS, reps=4, run=failing_run, out_dir=out)
    assert not out.exists()
    again = Killer(noisy_run)
    resumed = compare(DESIGNS, reps=4, run=again, out_dir=out, resume=True)
    assert again.calls == 1
    same_comparison(resumed, compare(DESIGNS, reps=4, run=noisy_run))


# ------------------------------------------------------------------ batch with precision
def experiment(replications: int = 3):
    return experiment_from_dict({
        "name": "precise", "families": 1000, "years": 1, "warmup_years": 1,
        "replications": replications, "seed": 5, "outcomes": WATCHED,
        "designs": {"relay": {"design": {"model": "relay"}},
                    "team": {"design": {"model": "team"}}},
        "uncertainties": {"concern.growth_rate": {}},
        "sampling": {"method": "lhs", "samples": 2}})


def widths_within(runs: pd.DataFrame, precision: float) -> bool:
    return judge(runs, "relay", ["relay", "team"], WATCHED, precision).reached


def test_batch_with_an_exact_difference_stops_after_its_first_round(tmp_path):
    """Every paired difference is the same, so every interval has width 0: any positive
    precision is reached at the first check."""
    result = run_batch(experiment(), tmp_path / "b", run=exact_run, progress=False,
                       precision=Precision(1e-9, 40))
    assert result.manifest["precision"]["reached"] is True
    assert result.manifest["experiment"]["replications"] == 3 and len(result.runs) == 12


def test_batch_adds_replications_until_precise_at_every_sample_point(tmp_path):
    result = run_batch(experiment(), tmp_path / "b", run=noisy_run, progress=False,
                       precision=Precision(0.03, 40))
    reps = result.manifest["experiment"]["replications"]
    assert result.manifest["precision"]["reached"] is True and 3 < reps < 40
    assert len(result.runs) == 2 * 2 * reps == result.manifest["runs"]
    assert widths_within(result.runs, 0.03)
    assert not widths_within(result.runs[result.runs.replication < reps - 2], 0.03)
    assert not widths_within(result.runs[result.runs["sample"] == 0], 0.0)  # not zero width
    on_two = run_batch(experiment(), tmp_path / "b2", run=noisy_run, progress=False,
                       precision=Precision(0.03, 40), workers=2)
    pd.testing.assert_frame_equal(on_two.runs, result.runs, check_exact=True)


def test_batch_stops_at_max_reps_when_the_precision_cannot_be_reached(tmp_path):
    """The own parts have sd 3, so no interval of a few replications is 1e-6 of 100 wide."""
    result = run_batch(experiment(), tmp_path / "b", run=noisy_run, progress=False,
                       precision=Precision(1e-6, 7))
    assert result.manifest["precision"]["reached"] is False
    assert result.manifest["experiment"]["replications"] == 7 and len(result.runs) == 28


def test_batch_with_precision_killed_and_resumed_equals_one_run_straight_through(tmp_path):
    straight = run_batch(experiment(), tmp_path / "straight", run=noisy_run, progress=False,
                         precision=Precision(0.03, 40))
    out = tmp_path / "b"
    with pytest.raises(Interrupted):
        run_batch(experiment(), out, run=Killer(noisy_run, 17), progress=False,
                  precision=Precision(0.03, 40))
    resumed = run_batch(experiment(), out, run=noisy_run, progress=False, resume=True,
                        precision=Precision(0.03, 40))
    assert resumed.manifest["runs_executed_this_time"] == len(straight.runs) - 17
    pd.testing.assert_frame_equal(read_results(out).runs, straight.runs, check_exact=True)


# ------------------------------------------------------------------ calibrate
QUICK = SMALL.replace("families = 3000", "families = 1000").replace(
    "screening = 4", "screening = 1").replace("iterations = 6", "iterations = 2").replace(
    "replications = 3", "replications = 2").replace("check_replications = 4",
                                                     "check_replications = 2")


def test_calibration_killed_and_resumed_equals_one_run_straight_through(tmp_path, monkeypatch):
    scenario, targets = tmp_path / "small.toml", tmp_path / "targets.toml"
    scenario.write_text(QUICK)
    targets.write_text(_targets_text(60.0))
    measure = sim.simulated.measure
    every = Killer(measure)
    monkeypatch.setattr(sim.simulated, "measure", every)
    straight = calibrate(scenario, targets)
    out = tmp_path / "cal"
    monkeypatch.setattr(sim.simulated, "measure", Killer(measure, 5))
    with pytest.raises(Interrupted, match="5 of .* runs are saved"):
        calibrate(scenario, targets, out_dir=out)
    rest = Killer(measure)
    monkeypatch.setattr(sim.simulated, "measure", rest)
    resumed = calibrate(scenario, targets, out_dir=out, resume=True)
    assert rest.calls == every.calls - 5  # the same points, their saved runs not run again
    assert resumed.best == straight.best
    pd.testing.assert_frame_equal(resumed.trace, straight.trace, check_exact=True)
    pd.testing.assert_frame_equal(resumed.table, straight.table, check_exact=True)
    assert pd.read_csv(out / "trace.csv").shape == straight.trace.shape

