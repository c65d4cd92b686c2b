"""The command line: one default for --workers in every command that runs models (the
CPUs), --workers and --dask refused together with the same line everywhere, and the new
flags (--precision for batch, --resume and --dask for compare and calibrate)."""

from __future__ import annotations

import json

import pytest
from test_batch import write_experiment

from sim.cli import _parser, main
from sim.cli.flags import where
from sim.limits import cpus

RUNNING = {
    "compare": ["compare"],
    "batch": ["batch", "x.toml"],
    "sensitivity": ["sensitivity", "x.toml"],
    "calibrate": ["calibrate", "s.toml", "t.toml"],
}
TINY = ["--families", "2000", "--years", "1", "--workers", "1"]


@pytest.mark.parametrize("command", RUNNING)
def test_every_command_that_runs_models_defaults_to_the_cpus(command):
    args = _parser().parse_args(RUNNING[command])
    assert where(args).workers == cpus()
    assert where(_parser().parse_args([*RUNNING[command], "--workers", "1"])).workers == 1


@pytest.mark.parametrize("command", RUNNING)
def test_workers_and_dask_together_are_refused_with_one_line(command, tmp_path, monkeypatch,
                                                             capsys):
    monkeypatch.chdir(tmp_path)
    assert main([*RUNNING[command], "--workers", "1", "--dask", "tcp://127.0.0.1:9"]) == 2
    err = capsys.readouterr().err
    assert err == ("--workers: give --workers (processes on this machine) or --dask (a "
                   "cluster), not both\n")
    assert list(tmp_path.iterdir()) == []


def test_compare_resumes_from_the_runs_a_killed_comparison_saved(tmp_path, capsys):
    out = tmp_path / "cmp"
    flags = ["compare", "--designs", "relay,team", "--reps", "2", *TINY, "--out", str(out)]
    assert main(flags) == 0
    first = (out / "comparison.csv").read_bytes()
    saved = {p.name: p.stat().st_mtime_ns for p in (out / "shards").glob("*.parquet")}
    (out / "shards" / "design1-r1.parquet").unlink()  # as if killed before its last run
    assert main([*flags, "--resume"]) == 0
    again = {p.name: p.stat().st_mtime_ns for p in (out / "shards").glob("*.parquet")}
    assert len(saved) == 4 and again.keys() == saved.keys()
    assert [name for name in saved if again[name] != saved[name]] == ["design1-r1.parquet"]
    assert (out / "comparison.csv").read_bytes() == first


def test_batch_precision_flag_is_checked_and_reported(tmp_path, capsys):
    from test_batch import EXPERIMENT

    path = write_experiment(tmp_path, EXPERIMENT.replace("samples = 2", "samples = 1"))
    assert main(["batch", str(path), "--precision", "nope", "--out",
                 str(tmp_path / "b")]) == 2
    assert capsys.readouterr().err == "--precision = 'nope': give a number such as 0.05\n"
    assert main(["batch", str(path), "--precision", "1e-9", "--max-reps", "3",
                 "--workers", "1", "--out", str(tmp_path / "b")]) == 0
    shown = capsys.readouterr().out
    assert "Precision 1e-09 NOT reached after 3 replications per design" in shown
    manifest = json.loads((tmp_path / "b" / "manifest.json").read_text())
    assert manifest["precision"] == {"precision": 1e-9, "max_reps": 3, "reached": False,
                                     "unmeasured": []}
    assert manifest["runs"] == 6
