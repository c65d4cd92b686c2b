"""Batches: tables, detail and manifest, identical results serially, on processes and on
Dask, a killed batch resumed equals one run straight through, failing runs are recorded."""

from __future__ import annotations

import gc
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
import weakref
from dataclasses import fields
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from conftest import checksums

import sim.cluster
import sim.execution
from sim.batch import read_results, run_batch
from sim.cli import main
from sim.execution import RunSpec, execute, replication_seed
from sim.experiment import expand, load_experiment
from sim.outputs import sibling

ROOT = Path(__file__).resolve().parent.parent
FAILING = "team-s001-r01"

EXPERIMENT = """
name = "tiny"
families = 1000
years = 1
warmup_years = 1
replications = 2
seed = 11
outcomes = ["handoffs", "court_orders", "days_to_help", "closed_good_enough"]

[designs.relay]
design.model = "relay"

[designs.team]
design.model = "team"

[uncertainties]
"concern.growth_rate" = {}

[sampling]
method = "lhs"
samples = 2
"""


def fail_one_run(spec: RunSpec):
    """A run function where one run raises (module level, so workers can unpickle it)."""
    if spec.run_id == FAILING:
        raise ValueError(f"boom in {spec.run_id}")
    return execute(spec)


def write_experiment(folder: Path, text: str = EXPERIMENT, name: str = "tiny.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text)
    return path


def assert_same_tables(a, b) -> None:
    """Identical to the last digit: values, dtypes, column and row order; the detail too."""
    pd.testing.assert_frame_equal(a.runs, b.runs, check_exact=True)
    pd.testing.assert_frame_equal(a.yearly, b.yearly, check_exact=True)
    assert a.details is not None and b.details is not None
    for part in fields(a.details):
        pd.testing.assert_frame_equal(getattr(a.details, part.name),
                                      getattr(b.details, part.name), check_exact=True)


@pytest.fixture(scope="module")
def experiment_file(tmp_path_factory) -> Path:
    return write_experiment(tmp_path_factory.mktemp("exp"))


@pytest.fixture(scope="module")
def serial(experiment_file, tmp_path_factory):
    out = tmp_path_factory.mktemp("serial") / "tiny"
    run_batch(experiment_file, out, progress=False)
    return read_results(out)


@pytest.fixture(scope="module")
def dask_address():
    from distributed import LocalCluster

    logging.getLogger("distributed").setLevel(logging.ERROR)
    cluster = LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                           dashboard_address=None, silence_logs=logging.ERROR)
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


def test_tables_and_manifest(serial, experiment_file):
    runs, yearly, manifest = serial.runs, serial.yearly, serial.manifest
    assert runs["run_id"].tolist() == [s.run_id for s in expand(load_experiment(
        experiment_file))]
    assert list(runs.columns) == ["run_id", "design", "sample", "replication", "seed",
                                  "concern.growth_rate", "handoffs", "court_orders",
                                  "days_to_help", "closed_good_enough"]
    assert len(runs) == 8 and len(yearly) == 8  # one reported year per run
    assert (runs["seed"] == runs["replication"].map(lambda k: replication_seed(11, k))).all()
    # the same families: the two designs' replication k share every seed and sample point
    relay, team = (runs[runs.design == d].reset_index(drop=True) for d in ("relay", "team"))
    assert relay["concern.growth_rate"].equals(team["concern.growth_rate"])
    assert relay["concern.growth_rate"].nunique() == 2
    assert team["handoffs"].mean() < relay["handoffs"].mean()
    assert set(yearly["run_id"]) == set(runs["run_id"]) and "handoffs_per_1000" in yearly
    assert manifest["runs"] == manifest["runs_done"] == 8 and manifest["runs_failed"] == 0
    assert manifest["experiment"]["name"] == "tiny"
    assert manifest["experiment"]["run"] == {"families": 1000, "years": 1, "warmup_years": 1}
    assert manifest["seeds"]["replications"] == {"0": replication_seed(11, 0),
                                                 "1": replication_seed(11, 1)}
    assert {"dask", "distributed", "numpy"} <= set(manifest["packages"])
    assert "git_commit" in manifest and manifest["started"] <= manifest["ended"]
    assert not (serial.out_dir / "failures.parquet").exists()
    assert len(list((serial.out_dir / "shards").glob("*.parquet"))) == 8


def test_detail_of_sample_point_0_for_the_report(serial):
    kept = sorted(p.name for p in (serial.out_dir / "shards" / "details").iterdir())
    assert kept == sorted(f"{design}-s000-r{k:02d}.{part}.parquet" for design in ("relay", "team")
                          for k in (0, 1) for part in ("families", "flows", "waiting", "events"))
    for part in ("families", "events"):  # replication 0 only
        assert len(pd.read_parquet(serial.out_dir / "shards" / "details" /
                                   f"team-s000-r01.{part}.parquet")) == 0
    assert {f"details/{name}" for name in ("families.parquet", "flows.csv", "waiting.csv",
                                           "events.parquet")} <= set(serial.manifest["files"])
    details = serial.details
    assert set(details.families["design"]) == set(details.flows["design"]) == {"relay", "team"}
    assert sorted(details.flows["replication"].unique()) == [0, 1]
    assert list(details.waiting.columns) == ["design", "week", "organisation", "waiting"]
    team, relay = (details.flows.loc[details.flows["design"] == d, "handoffs"].sum()
                   for d in ("team", "relay"))
    assert team < relay


def test_resume_after_lost_shards_gives_the_same_detail(serial, experiment_file, tmp_path):
    out = tmp_path / "tiny"
    shutil.copytree(serial.out_dir, out)
    shards = out / "shards"
    for run_id in ("relay-s000-r00", "team-s000-r01", "relay-s001-r00"):
        (shards / f"{run_id}.parquet").unlink()
    (shards / "details" / "relay-s000-r00.families.parquet").unlink()  # killed mid-detail
    again = run_batch(experiment_file, out, resume=True, progress=False)
    assert again.manifest["runs_executed_this_time"] == 3
    assert_same_tables(read_results(out), serial)
    for name in ("families.parquet", "flows.csv", "waiting.csv"):
        assert (out / "details" / name).read_bytes() == (
            serial.out_dir / "details" / name).read_bytes()
def test_serial_processes_and_dask_give_identical_results(serial, experiment_file, tmp_path,
                                                         dask_address):
    run_batch(experiment_file, tmp_path / "processes", workers=2, progress=False)
    run_batch(experiment_file, tmp_path / "dask", dask_address=dask_address, progress=False)
    processes, dask = read_results(tmp_path / "processes"), read_results(tmp_path / "dask")
    assert processes.manifest["execution"]["mode"] == "processes"
    assert dask.manifest["execution"]["mode"] == "dask"
    assert dask.manifest["execution"]["dask_workers"] == 2
    assert_same_tables(serial, processes)
    assert_same_tables(serial, dask)


def test_killed_rerun_keeps_earlier_results_and_resumes_to_the_same(tmp_path):
    """A rerun without --resume killed part-way leaves the earlier results whole; its
    runs wait in the partial folder, and --resume (rerunning a damaged shard) finishes
    with exactly the tables of an uninterrupted batch."""
    text = EXPERIMENT.replace("families = 1000", "families = 2000").replace(
        "replications = 2", "replications = 4")  # 16 runs, long enough to be killed midway
    path = write_experiment(tmp_path, text)
    out = tmp_path / "killed"
    straight = run_batch(path, out, progress=False)
    earlier = checksums(out)
    shards = sibling(out, "partial") / "shards"
    batch = subprocess.Popen([sys.executable, "-m", "sim.cli", "batch", str(path), "--out",
                              str(out)], cwd=ROOT, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while len(list(shards.glob("*.parquet"))) < 3:
        assert batch.poll() is None, "the batch ended before it could be killed"
        assert time.monotonic() < deadline, "no shard appeared"
        time.sleep(0.01)
    os.killpg(batch.pid, signal.SIGKILL)
    assert batch.wait(timeout=30) == -signal.SIGKILL
    assert checksums(out) == earlier
    kept = sorted(shards.glob("*.parquet"))
    assert 3 <= len(kept) < 16
    for shard in kept:  # whole files only: each one reads
        assert pq.read_table(shard).num_rows == 1
    (shards / ".team-s000-r00.parquet.x1y2.opzet-tmp").write_bytes(b"half a file")
    kept[0].write_bytes(kept[0].read_bytes()[:100])  # damaged after the kill

    done = subprocess.run([sys.executable, "-m", "sim.cli", "batch", str(path), "--out",
                           str(out), "--resume"], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert "16 of 16 runs done" in done.stdout
    assert not sibling(out, "partial").exists()
    assert not [p for p in out.rglob("*") if p.name.endswith(".opzet-tmp")]
    resumed = read_results(out)
    assert resumed.manifest["resumed"] is True
    assert resumed.manifest["runs_executed_this_time"] == 16 - len(kept) + 1
    assert_same_tables(resumed, straight)


@pytest.mark.parametrize("where", ["serial", "processes", "dask"])
def test_failing_run_is_recorded_and_the_batch_goes_on(serial, experiment_file, tmp_path,
                                                       where, request):
    options = {"serial": {}, "processes": {"workers": 2},
               "dask": {"dask_address": request.getfixturevalue("dask_address")
                        if where == "dask" else None}}[where]
    if where == "dask":
        import cloudpickle

        cloudpickle.register_pickle_by_value(sys.modules[__name__])
    out = tmp_path / "tiny"
    result = run_batch(experiment_file, out, run=fail_one_run, progress=False, **options)
    assert result.failed == 1 and len(result.runs) == 7
    failure = result.failures.iloc[0]
    assert (failure["run_id"], failure["error"]) == (FAILING, "ValueError")
    assert failure["message"] == f"boom in {FAILING}"
    assert "fail_one_run" in failure["traceback"]
    expected = serial.runs.set_index("run_id").loc[FAILING]
    assert failure["seed"] == expected["seed"]
    assert failure["concern.growth_rate"] == expected["concern.growth_rate"]
    # every other run is there, unchanged
    others = serial.runs[serial.runs.run_id != FAILING].reset_index(drop=True)
    pd.testing.assert_frame_equal(result.runs, others, check_exact=True)
    assert result.manifest["runs_failed"] == 1 and result.manifest["failed_run_ids"] == [
        FAILING]
    assert (out / "failures.parquet").exists() and (out / "shards" /
                                                    f"{FAILING}.failed.json").exists()
    # resuming runs the failed run again (and only it); then all is as if nothing failed
    again = run_batch(experiment_file, out, resume=True, progress=False, **options)
    assert again.manifest["runs_executed_this_time"] == 1
    assert again.failed == 0 and not (out / "failures.parquet").exists()
    assert_same_tables(read_results(out), serial)


def test_command_line_reports_failures_and_exits_non_zero(experiment_file, tmp_path,
                                                          monkeypatch, capsys):
    monkeypatch.setattr(sim.execution, "execute", fail_one_run)
    out = tmp_path / "tiny"
    assert main(["batch", str(experiment_file), "--out", str(out), "--workers", "1"]) == 1
    captured = capsys.readouterr()
    assert "7 of 8 runs done" in captured.out
    assert f"1 of 8 runs failed; each is in {out / 'failures.parquet'}" in captured.err
    assert f"  {FAILING} (seed " in captured.err and f"ValueError: boom in {FAILING}" in (
        captured.err)


def test_resume_refuses_results_of_a_changed_experiment(experiment_file, tmp_path, capsys):
    out = tmp_path / "tiny"
    run_batch(experiment_file, out, progress=False)
    before = {p.name: p.stat().st_mtime_ns for p in out.rglob("*")}
    changed = write_experiment(tmp_path / "changed",
                               EXPERIMENT.replace("replications = 2", "replications = 3"))
    assert main(["batch", str(changed), "--out", str(out), "--resume"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{out}: holds runs of a different version of experiment")
    assert len(err.splitlines()) == 1
    assert {p.name: p.stat().st_mtime_ns for p in out.rglob("*")} == before


def test_unreachable_dask_scheduler_is_one_line_and_writes_nothing(experiment_file, tmp_path,
                                                                   monkeypatch, capsys):
    monkeypatch.setattr(sim.cluster, "DASK_CONNECT_TIMEOUT", "1s")
    out = tmp_path / "tiny"
    assert main(["batch", str(experiment_file), "--out", str(out), "--dask",
                 "tcp://127.0.0.1:9"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("--dask: no Dask scheduler answered at tcp://127.0.0.1:9")
    assert len(err.splitlines()) == 1 and not out.exists()


def test_a_batch_keeps_nothing_of_finished_runs(tmp_path):
    """Memory stays flat because each run's output is dropped once its shard is written."""
    path = write_experiment(tmp_path, EXPERIMENT.replace("families = 1000", "families = 300")
                            .replace("warmup_years = 1", "warmup_years = 0")
                            .replace("replications = 2", "replications = 3"))
    refs: list[weakref.ref] = []
    alive_before_run: list[int] = []

    def run(spec: RunSpec):
        gc.collect()
        alive_before_run.append(sum(ref() is not None for ref in refs))
        output = execute(spec)
        refs.extend([weakref.ref(output), weakref.ref(output.yearly)])
        return output

    result = run_batch(path, tmp_path / "out", run=run, progress=False)
    assert len(result.runs) == 12 and len(alive_before_run) == 12
    assert alive_before_run == [0] * 12, alive_before_run


def test_python_api_example_runs(tmp_path):
    """The example script researchers copy: runs and prints per-design means."""
    done = subprocess.run([sys.executable, str(ROOT / "experiments" / "example_batch.py"),
                           "--families", "1000", "--replications", "2", "--out",
                           str(tmp_path / "example")], cwd=tmp_path, capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert "relay" in done.stdout and "team" in done.stdout
    manifest = json.loads((tmp_path / "example" / "manifest.json").read_text())
    assert manifest["runs_done"] == 4
