"""Benchmark: the least a run of this model costs on one core however its code is
organised, and so the most that batching, compiling or regrouping can buy (issue 16).

Whatever the design, the model does this to every family every week, with numbers that
must stay the same for the same seed:

- four uniforms: problems, concern, noticing, acute danger (sim.population,
  sim.tasks.noticing, sim.tasks.emergencies);
- the change of its problems and of its concern, one compiled pass each (sim.families);
- every REFRESH_WEEKS weeks, three sums over its ties: support asked of them, support
  given, trust (sim.population), one scipy product each.

Each of these is at the floor we measured: the draws and the two passes are compiled, and
neither a compiled product nor families renumbered for locality beat scipy's product
(docs/ARCHITECTURE.md, "Compiled steps"). Their time over a run's weeks is the floor here,
measured on the state of a freshly built model; the run, timed as in side_by_side.py (one
`simulate`, the model built and its tables made), divided by the floor is the most any
reorganisation that keeps the results can buy on one core. It is an upper bound: the
floor leaves out the build, every other vector step over all families (who may be
noticed, who is in the chain, the refresh's own arithmetic) and all the work on the
families in contact.

    python benchmarks/floor.py            # region and country
    python benchmarks/floor.py --region   # region only
"""

from __future__ import annotations

import argparse
import time
from collections import Counter

import numpy as np

from sim.families import WEEK, weekly_concern, weekly_problems
from sim.model import ProtectionModel
from sim.population import REFRESH_WEEKS
from sim.runner import simulate
from sim.scenario import load_scenario

REGION = "scenarios/nl_relay_baseline.toml"
COUNTRY_FAMILIES = 1_900_000
TARGETS_S = {"region": 0.5, "country": 30.0}  # issue 16's run times


def floor_seconds(model: ProtectionModel, weeks: int) -> Counter:
    """Seconds the per-family work of `weeks` weeks takes, per kind of work."""
    f, config, streams = model.families, model.config, model.streams
    rates, n = model.population.rates, len(model.families)
    ties, no_one = model.network.ties, np.empty(0, dtype=np.int64)
    seconds: Counter = Counter()
    for week in range(weeks):
        start = time.perf_counter()
        u_problems = streams.floats("problems", n)
        u_concern = streams.floats("concern", n)
        streams.floats("noticing", n)
        streams.floats("acute", n)
        drawn = time.perf_counter()
        weekly_problems(f, config, rates, no_one, u_problems)
        weekly_concern(f, config, rates, no_one, np.empty(0, dtype=np.float32), u_concern,
                       model.day + WEEK * week)
        seconds["draws"] += drawn - start
        seconds["problems and concern"] += time.perf_counter() - drawn
        if week % REFRESH_WEEKS == 0:
            leaning = (f.concern > config.concern.noticeable).astype(np.float32)
            given = f.strength * (1.0 - f.concern)
            start = time.perf_counter()
            for values in (leaning, given, f.trust):
                ties @ values
            seconds["sums over ties"] += time.perf_counter() - start
    return seconds


def measure(name: str, families: int) -> None:
    """Run once, then time the floor on a fresh model of the same scenario."""
    scenario = load_scenario(REGION, {"run": {"families": families}} if families else None)
    start = time.perf_counter()
    simulate(scenario)
    run_s = time.perf_counter() - start
    model = ProtectionModel(scenario)
    weeks = model.end_week
    seconds = floor_seconds(model, weeks)
    floor = sum(seconds.values())
    n = len(model.families)
    print(f"\n{name}: {n:,} families, {weeks} weeks")
    for kind, s in seconds.items():
        print(f"  {kind:22} {s:7.3f} s  {s / (n * weeks) * 1e9:5.1f} ns a family-week")
    print(f"  {'floor':22} {floor:7.3f} s  {floor / (n * weeks) * 1e9:5.1f} ns a family-week")
    print(f"  {'run':22} {run_s:7.3f} s  {run_s / (n * weeks) * 1e9:5.1f} ns a family-week")
    print(f"  at most x{run_s / floor:.2f} faster on one core with the same results; "
          f"issue 16's {TARGETS_S[name]:g} s would need x{run_s / TARGETS_S[name]:.2f}"
          + (" (the floor alone is over it)" if floor > TARGETS_S[name] else ""))
    if name == "region":
        print(f"  the main job's runs per core-second (region runs): at most "
              f"x{run_s / floor:.2f}; issue 16 asks x4")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--region", action="store_true", help="skip the country")
    args = parser.parse_args()
    simulate(load_scenario(REGION, {"run": {"families": 2_000}}))  # compiled steps loaded
    measure("region", 0)
    if not args.region:
        measure("country", COUNTRY_FAMILIES)


if __name__ == "__main__":
    main()
