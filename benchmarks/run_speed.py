"""Benchmark: one run of the default region and one of the whole country.

Each run happens in a fresh process so its peak memory is its own. Printed beside
each: the floor, the time numpy takes to touch every family once per simulated
week (one float32 add over all families), and the ratio of the run to it.

    python benchmarks/run_speed.py            # region and country
    python benchmarks/run_speed.py --region   # region only
    python benchmarks/run_speed.py --scaling  # the region at 1/9, 1, 4 and 16 times its size

With --scaling, the region at a ninth of its families and at 1, 4 and 16 times them
(organisations scale with them, so each call works on more families, not more calls).
What the levers of issue 16 can buy follows from it. Running R replications in one
vectorised state makes each call work on R times the families: at best a run costs what
a family-week costs at 16 times the region (and only if the organisations of all
replications are served in one call too; benchmarks/step_scaling.py shows it step by
step). Compiled arithmetic alone leaves the calls: a run of a ninth of the families
makes the same calls on fewer families, so what it takes is about what the calls cost.
The least the model itself must do per family-week, whatever the code's organisation, is
measured by benchmarks/floor.py.

Targets (issue 2): region under 1 s, country under 60 s and 4 GB, for 5 years. The
default run reports 5 years after a warm-up (run.warmup_years), so it simulates more
than 5 years; the second region line shows 5 simulated years.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

from sim.scenario import load_scenario

CHILD = r"""
import json, resource, sys, time
from sim.scenario import load_scenario
from sim.runner import simulate
families, years, warmup = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
scenario = load_scenario(None, {"run": {"families": families, "years": years,
                                        "warmup_years": warmup}})
start = time.perf_counter()
result = simulate(scenario)
wall = time.perf_counter() - start
weeks = (scenario.run.years + scenario.run.warmup_years) * 52
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
print(json.dumps({"families": families, "weeks": weeks, "wall_s": wall, "peak_gb": peak,
                  "events": len(result.events)}))
"""


def floor_seconds(families: int, weeks: int) -> float:
    """Time to touch every family once per week: the least any weekly model can do."""
    import numpy as np

    concern = np.zeros(families, dtype=np.float32)
    start = time.perf_counter()
    for _ in range(weeks):
        concern += np.float32(0.001)
    return time.perf_counter() - start


def measure(families: int, years: int, warmup: int) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, str(families), str(years), str(warmup)],
                         capture_output=True, text=True, check=True)
    row = json.loads(out.stdout.strip().splitlines()[-1])
    row["floor_s"] = floor_seconds(families, row["weeks"])
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--region", action="store_true", help="skip the national run")
    parser.add_argument("--years", type=int, default=5, help="reported years (default 5)")
    parser.add_argument("--scaling", action="store_true",
                        help="only the cost per family-week at 1, 4 and 16 times the region")
    args = parser.parse_args()
    warmup = load_scenario(None).run.warmup_years
    if args.scaling:
        scaling(args.years, warmup)
        return
    runs = [("region", 45_000, warmup, 1.0, "default: 5 reported years after the warm-up"),
            ("region", 45_000, 0, 1.0, "5 simulated years, no warm-up")]
    if not args.region:
        runs.append(("country", 1_900_000, warmup, 60.0,
                     "default: 5 reported years after the warm-up"))
    print(f"{'run':8} {'families':>10} {'weeks':>6} {'wall s':>8} {'target s':>9} "
          f"{'peak GB':>8} {'floor s':>8} {'wall/floor':>10}  what")
    for name, families, warm, target_s, what in runs:
        row = measure(families, args.years, warm)
        print(f"{name:8} {families:>10,} {row['weeks']:>6} {row['wall_s']:>8.2f} "
              f"{target_s:>9.0f} {row['peak_gb']:>8.2f} {row['floor_s']:>8.3f} "
              f"{row['wall_s'] / row['floor_s']:>10.0f}  {what}")


def scaling(years: int, warmup: int) -> None:
    """Seconds per million family-weeks at several sizes of the region, relative to the
    region's (below 1: a larger state is cheaper per family); then what batching and
    compiled arithmetic can buy at most."""
    rows = [measure(families, years, warmup) for families in (5_000, 45_000, 180_000, 720_000)]
    region = next(r for r in rows if r["families"] == 45_000)
    print(f"{'families':>10} {'wall s':>8} {'s per 1e6 family-weeks':>23} {'relative':>9}")
    for row in rows:
        relative = row["wall_s"] / row["families"] * region["families"] / region["wall_s"]
        print(f"{row['families']:>10,} {row['wall_s']:>8.2f} "
              f"{row['wall_s'] / (row['families'] * row['weeks']) * 1e6:>23.3f} {relative:>9.2f}")
    small, large = rows[0], rows[-1]
    times = large["families"] // region["families"]
    print(f"\nthe most that batching {times} replications can buy: "
          f"x{region['wall_s'] * times / large['wall_s']:.2f} the runs per core-second")
    print(f"a ninth of the families still takes {small['wall_s']:.2f} s "
          f"({small['wall_s'] / region['wall_s']:.0%} of the region): about what the calls "
          f"cost, which compiled arithmetic alone would leave")


if __name__ == "__main__":
    main()
