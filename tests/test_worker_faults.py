"""The worker pool ends with the batch process: when that is killed outright, and when
Ctrl-C interrupts it (a SIGINT to it alone, or to its whole process group as a
terminal sends it), without waiting for the runs in progress and without a
traceback from a worker or the forkserver.

Each test starts a small batch in a subprocess, in a process group of its own, whose
runs sleep far longer than the test may take; interrupts it; and checks that nothing
of that process group (resource tracker, forkserver, workers) is left.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="signals and /proc")

ROOT = Path(__file__).resolve().parents[1]

SLOW_RUN = '''
import os, pathlib, time

def slow(spec):
    """Mark this worker as busy, then sleep far beyond any test's patience."""
    pathlib.Path(os.environ["STARTED_DIR"], str(os.getpid())).touch()
    time.sleep(300)
'''

BATCHES = {
    # the runs alone, as they come back
    "iter_runs": '''
import sys
import slow_run
from sim.execution import RunSpec, iter_runs

specs = [RunSpec(f"r{i}", "d", i, i) for i in range(6)]
try:
    for output in iter_runs(specs, workers=2, run=slow_run.slow):
        print(output, flush=True)
except KeyboardInterrupt:
    sys.exit(130)
''',
    # through the run engine, as compare, batch and calibrate run them
    "engine": '''
import sys
import slow_run
from sim.cluster import Where
from sim.engine import Job, engine
from sim.execution import RunSpec

specs = [RunSpec(f"r{i}", "d", i, i) for i in range(6)]
try:
    with engine(Job(None, "batch", "slow", "slow", "", progress=False), Where(workers=2),
                slow_run.slow) as runner:
        runner.run_all(specs)
except KeyboardInterrupt:
    sys.exit(130)
''',
}


@pytest.fixture
def start_batch(tmp_path):
    """start(way) starts a batch (one of BATCHES) in its own session and process group;
    whatever is left of that group is killed afterwards."""
    (tmp_path / "slow_run.py").write_text(SLOW_RUN)
    env = dict(os.environ, STARTED_DIR=str(tmp_path),
               PYTHONPATH=os.pathsep.join([str(tmp_path), str(ROOT)]))
    batches: list[subprocess.Popen] = []

    def start(way: str = "iter_runs") -> subprocess.Popen:
        batch = subprocess.Popen([sys.executable, "-c", BATCHES[way]],
                                 env=env, cwd=tmp_path, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE, text=True, start_new_session=True)
        batches.append(batch)
        return batch

    yield start
    for batch in batches:
        try:
            os.killpg(batch.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        batch.communicate()


def wait_until(condition, batch: subprocess.Popen, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert batch.poll() is None, f"waiting for {what}, the batch ended: {batch.stderr.read()}"
        assert time.monotonic() < deadline, f"waited {timeout} s for {what}"
        time.sleep(0.05)


def workers_in_runs(batch: subprocess.Popen, tmp_path: Path) -> set[int]:
    """The pids of the batch's two workers, once both are in a run."""
    def busy() -> set[int]:
        return {int(path.name) for path in tmp_path.iterdir() if path.name.isdigit()}

    wait_until(lambda: len(busy()) == 2, batch, "two workers in a run")
    return busy()


def group(batch: subprocess.Popen) -> list[psutil.Process]:
    """The live processes of the batch's process group (a zombie holds nothing)."""
    members = []
    for process in psutil.process_iter(["status", "cmdline"]):
        try:
            if (os.getpgid(process.pid) == batch.pid
                    and process.info["status"] != psutil.STATUS_ZOMBIE):
                members.append(process)
        except (ProcessLookupError, psutil.NoSuchProcess):
            pass
    return members


def assert_group_gone(batch: subprocess.Popen, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while left := group(batch):
        assert time.monotonic() < deadline, f"still running: {left}"
        time.sleep(0.05)


def ignores_sigint(pid: int) -> bool:
    """Whether the process ignores SIGINT (the SigIgn mask in /proc)."""
    status = Path(f"/proc/{pid}/status").read_text()
    mask = next(line.split()[1] for line in status.splitlines() if line.startswith("SigIgn:"))
    return bool(int(mask, 16) & 1 << (signal.SIGINT - 1))


def test_workers_die_with_a_killed_batch(start_batch, tmp_path):
    batch = start_batch()
    workers = workers_in_runs(batch, tmp_path)
    assert workers <= {process.pid for process in group(batch)}
    batch.kill()
    batch.wait()
    assert_group_gone(batch)


@pytest.mark.parametrize("way", sorted(BATCHES))
def test_ctrl_c_to_the_batch_stops_its_runs(start_batch, tmp_path, way):
    batch = start_batch(way)
    workers_in_runs(batch, tmp_path)
    batch.send_signal(signal.SIGINT)
    assert batch.wait(timeout=10) == 130
    assert_group_gone(batch)
    assert "Traceback" not in batch.stderr.read()


def test_ctrl_c_to_the_process_group_is_left_to_the_batch(start_batch, tmp_path):
    batch = start_batch()
    assert all(ignores_sigint(pid) for pid in workers_in_runs(batch, tmp_path))
    os.killpg(batch.pid, signal.SIGINT)
    assert batch.wait(timeout=10) == 130
    assert_group_gone(batch)
    assert "Traceback" not in batch.stderr.read()


def test_ctrl_c_while_the_forkserver_imports_the_model(start_batch):
    """The forkserver ignores SIGINT only after importing the model (a second or two)."""
    batch = start_batch()
    wait_until(lambda: any("forkserver" in " ".join(process.info["cmdline"] or [])
                           for process in group(batch)), batch, "a forkserver")
    os.killpg(batch.pid, signal.SIGINT)
    assert batch.wait(timeout=10) == 130
    assert_group_gone(batch)
    assert "Traceback" not in batch.stderr.read()
