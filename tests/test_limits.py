"""A command refuses, in one line and before any run, more runs, replications or worker
processes than it may start (sim.limits); --max-runs raises the run limit knowingly."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_outputs import EXPERIMENT, named

from sim.cli import main
from sim.limits import MAX_REPS, cpus, estimate

ROOT = Path(__file__).resolve().parent.parent


def one_line(capsys, argv: list[str]) -> str:
    """The one line of a command that must be refused (exit 2, no traceback)."""
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    return err


@pytest.mark.parametrize("flags, words", [
    (["--reps", str(2**70)], [f"--reps = {2**70}: must be at most {MAX_REPS:,}"]),
    (["--precision", "0.05", "--max-reps", "5000"], ["--max-reps = 5000: must be at most"]),
    (["--workers", "10000", "--precision", "0.05"],
     [f"--workers: must be at most {cpus()}", "got 10000"]),
    (["--reps", "900", "--max-runs", "100"],
     ["6,300 runs of 45,000 families over 364 weeks", "about", "--max-runs 6300"]),
])
def test_compare_refuses_what_it_may_not_start(flags, words, tmp_path, capsys):
    err = one_line(capsys, ["compare", *flags, "--out", str(tmp_path / "out")])
    assert named(err, *words)
    assert not (tmp_path / "out").exists()


def test_batch_runs_up_to_the_limit_it_is_given(tmp_path, capsys):
    experiment = tmp_path / "tiny.toml"
    experiment.write_text(EXPERIMENT)  # 2 designs x 2 points x 2 replications
    err = one_line(capsys, ["batch", str(experiment), "--max-runs", "7", "--out",
                            str(tmp_path / "out")])
    assert named(err, "8 runs of 300 families", "--max-runs 8")
    err = one_line(capsys, ["batch", str(experiment), "--workers", str(cpus() + 1)])
    assert named(err, f"--workers: must be at most {cpus()}")
    assert not (tmp_path / "out").exists()
    assert main(["batch", str(experiment), "--max-runs", "8", "--out",
                 str(tmp_path / "out")]) == 0


def test_calibration_counts_its_most_runs_before_starting(tmp_path, capsys):
    text = (ROOT / "scenarios" / "nl_relay_baseline.toml").read_text()
    text = text.replace("replications = 4", "replications = 100").replace(
        "iterations = 15", "iterations = 1000")
    scenario = tmp_path / "big.toml"
    scenario.write_text(text)
    err = one_line(capsys, ["calibrate", str(scenario), str(ROOT / "scenarios/targets/nl.toml"),
                            "--out", str(tmp_path / "out")])
    assert named(err, f"{scenario}: ", "runs of 45,000", "more than the limit of 20,000 runs")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("runs, families, weeks, workers, expected", [
    (100, 45_000, 364, 2, "2 minutes"),  # 100 x 45,000 x 364 x 1.5e-7 s / 2 = 123 s
    (1, 1000, 52, 1, "0 seconds"),
    (2_000, 45_000, 364, 1, "82 minutes"),  # 4,914 s: under 2 hours stays in minutes
    (10**6, 45_000, 364, 1, "28 days"),
])
def test_estimate_reads_as_a_person_would(runs, families, weeks, workers, expected):
    assert estimate(runs, families, weeks, workers) == expected
