"""Benchmark: this working tree against an older commit, side by side in one sitting.

Absolute times differ between machines of the same kind (by up to two times); ratios
measured in one sitting, with the two versions alternating, do not. The old commit is
checked out into a temporary git worktree (removed afterwards) and run with the same
Python and libraries, each measurement in a fresh process:

- region: one run of the main job's region (`scenarios/nl_relay_baseline.toml`), wall
  seconds and peak memory;
- country: the same region scaled to 1.9 million families (with `--country`);
- main job: the README's design comparison with fewer replications (`--reps`, default 2:
  7 designs x 2 = 14 runs) on `--workers` processes; runs per core-second is runs
  divided by wall seconds times workers.

Each trial runs old then new, the next new then old; the median of `--trials` is shown
with the ratio new/old (below 1: the new code is faster; for runs per core-second above
1 is faster). The machine's speed drifts within a sitting (the same commit by 15-25% on
the shared 2-core machine), which moves a ratio of medians; each trial's own ratio
new/old sees both versions at nearly the same moment, so its median (`paired`) and
quartiles (`q1`, `q3`) are shown as well: the spread says how far one sitting can be read.

    python benchmarks/side_by_side.py --old 99c3d2c
    python benchmarks/side_by_side.py --old HEAD~3 --country --trials 3
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REGION = "scenarios/nl_relay_baseline.toml"
COUNTRY_FAMILIES = 1_900_000

CHILD = r"""
import json, resource, sys, time
from sim.scenario import load_scenario
from sim.runner import simulate
families = int(sys.argv[2])
scenario = load_scenario(sys.argv[1], {"run": {"families": families}} if families else None)
start = time.perf_counter()
simulate(scenario)
wall = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
print(json.dumps({"wall_s": wall, "peak_gb": peak}))
"""


def _env(tree: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(tree)}


def one_run(tree: Path, families: int) -> dict:
    """One run of the region (or the country) in a fresh process of the given tree."""
    out = subprocess.run([sys.executable, "-c", CHILD, REGION, str(families)], cwd=tree,
                         env=_env(tree), capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main_job(tree: Path, reps: int, workers: int) -> dict:
    """The README's comparison with `reps` replications: runs per core-second."""
    with tempfile.TemporaryDirectory() as scratch:
        command = [sys.executable, "-m", "sim.cli", "compare", "--base", REGION,
                   "--reps", str(reps), "--workers", str(workers),
                   "--out", str(Path(scratch) / "compare")]
        start = time.perf_counter()
        subprocess.run(command, cwd=tree, env=_env(tree), capture_output=True, text=True,
                       check=True)
        wall = time.perf_counter() - start
    designs = 7
    return {"wall_s": wall, "runs_per_core_s": designs * reps / (wall * workers)}


def _worktree(commit: str, where: Path) -> Path:
    tree = where / "old"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach", str(tree),
                    commit], check=True)
    return tree


def _row(name: str, key: str, old: list[dict], new: list[dict], digits: int = 2) -> str:
    o = statistics.median(r[key] for r in old)
    n = statistics.median(r[key] for r in new)
    paired = [b[key] / a[key] for a, b in zip(old, new, strict=True)]
    q1, middle, q3 = (statistics.quantiles(paired, n=4) if len(paired) > 1 else paired * 3)
    return (f"{name:10} {key:16} {o:>10.{digits}f} {n:>10.{digits}f} {n / o:>8.2f} "
            f"{middle:>7.2f} {q1:>5.2f} {q3:>5.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", required=True, help="the commit to compare against")
    parser.add_argument("--trials", type=int, default=3, help="alternated trials (default 3)")
    parser.add_argument("--country", action="store_true", help="also the 1.9 million run")
    parser.add_argument("--no-main-job", action="store_true", help="skip the main job")
    parser.add_argument("--reps", type=int, default=2, help="main job replications (default 2, the least compare takes)")
    parser.add_argument("--workers", type=int, default=2, help="main job workers (default 2)")
    args = parser.parse_args()
    tasks = [("region", lambda tree: one_run(tree, 0), ("wall_s", "peak_gb"))]
    if args.country:
        tasks.append(("country", lambda tree: one_run(tree, COUNTRY_FAMILIES),
                      ("wall_s", "peak_gb")))
    if not args.no_main_job:
        tasks.append(("main job", lambda tree: main_job(tree, args.reps, args.workers),
                      ("wall_s", "runs_per_core_s")))
    with tempfile.TemporaryDirectory() as where:
        old_tree = _worktree(args.old, Path(where))
        try:
            print(f"old {args.old} against this tree {ROOT}; load average "
                  f"{os.getloadavg()[0]:.2f}; median of {args.trials} alternated trials")
            print(f"{'run':10} {'measure':16} {'old':>10} {'new':>10} {'new/old':>8} "
                  f"{'paired':>7} {'q1':>5} {'q3':>5}")
            for name, measure, keys in tasks:
                results: dict[str, list[dict]] = {"old": [], "new": []}
                for trial in range(args.trials):
                    order = [("old", old_tree), ("new", ROOT)]
                    for label, tree in order if trial % 2 == 0 else order[::-1]:
                        results[label].append(measure(tree))
                for key in keys:
                    print(_row(name, key, results["old"], results["new"],
                               digits=3 if key == "runs_per_core_s" else 2))
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                            str(old_tree)], check=True)


if __name__ == "__main__":
    main()
