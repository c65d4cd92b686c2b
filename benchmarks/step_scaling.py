"""Benchmark: where a region run's time goes, step by step, and what each step would cost
per replication if R replications were run as one state R times the region (issue 16).

A batch of replications in one vectorised state makes every call of a week work on R
times the families. A state R times the region (organisations scaled with the families,
so each call has R times the families and not more calls) shows what that buys each step
at best: a step whose time grows R-fold is work per family, which batching leaves as it
is; a step whose time grows less is cost per call, which batching shares out. Both runs
are without the record, as the main job runs them, in this process after one run that
compiles the numba steps. The weekly steps are timed by wrapping the model's methods
(`sim.model.ProtectionModel.step` calls exactly these); "rest" is the week's own
bookkeeping and Mesa's.

    python benchmarks/step_scaling.py            # the region and 10 times it
    python benchmarks/step_scaling.py --times 16
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Callable

from sim.model import ProtectionModel
from sim.runner import simulate
from sim.scenario import load_scenario

REGION = "scenarios/nl_relay_baseline.toml"
REGION_FAMILIES = 45_000


class StepClock:
    """Seconds spent in methods of a model, per label; `outermost_s` counts only the calls
    made while no other timed method runs, so nested steps are not counted twice."""

    def __init__(self) -> None:
        self.seconds: Counter = Counter()
        self.outermost_s = 0.0
        self._open = 0

    def time(self, owner: object, method: str, label: str) -> None:
        """Replace `owner.method` by the same method, timed under `label`."""
        function: Callable = getattr(owner, method)

        def timed(*args, **kwargs):
            start = time.perf_counter()
            self._open += 1
            try:
                return function(*args, **kwargs)
            finally:
                self._open -= 1
                took = time.perf_counter() - start
                self.seconds[label] += took
                if not self._open:
                    self.outermost_s += took
        setattr(owner, method, timed)


def step_seconds(families: int) -> tuple[float, Counter]:
    """Seconds of one run of the region at `families`, in all and per weekly step."""
    scenario = load_scenario(REGION, {"run": {"families": families, "record_events": False}})
    model = ProtectionModel(scenario)
    clock = StepClock()
    clock.time(model.population, "step", "population (with the network's refresh)")
    clock.time(model.population, "refresh_network_effects", "  of which the network's refresh")
    for name, task in model.tasks.items():
        clock.time(task, "step", f"task {name}")
    clock.time(model.tasks["plans"], "help_this_week", "help this week (plans)")
    clock.time(model.tasks["advice"], "decide", "advice after a contact")
    clock.time(model.chain, "in_chain", "who is in the chain")
    clock.time(model, "_note_ending", "whose task ends")
    clock.time(model.points, "map", "access points")
    clock.time(model.organisations, "do", "organisations")
    start = time.perf_counter()
    model.run()
    total = time.perf_counter() - start
    clock.seconds["rest"] = total - clock.outermost_s
    return total, clock.seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--times", type=int, default=10,
                        help="the larger state, in regions (default 10)")
    args = parser.parse_args()
    simulate(load_scenario(REGION, {"run": {"families": 2_000}}))  # compiles the numba steps
    region_s, region = step_seconds(REGION_FAMILIES)
    large_s, large = step_seconds(REGION_FAMILIES * args.times)
    per = args.times
    small = [label for label in region if region[label] < 0.01 * region_s]
    for seconds in (region, large):  # steps under 1% of a region run, together
        seconds["steps under 1% each"] = sum(seconds.pop(label) for label in small)
    print(f"{'step':42} {'region s':>9} {'share':>6} {f'x{per} s':>8} "
          f"{f'x{per} s / {per}':>10} {'at best':>8}")
    for label in sorted(region, key=lambda k: -region[k]):
        print(f"{label:42} {region[label]:>9.3f} {region[label] / region_s:>6.1%} "
              f"{large[label]:>8.3f} {large[label] / per:>10.3f} "
              f"{region[label] * per / large[label]:>7.2f}x")
    print(f"{'run':42} {region_s:>9.3f} {1:>6.0%} {large_s:>8.3f} {large_s / per:>10.3f} "
          f"{region_s * per / large_s:>7.2f}x")
    print(f"\n'at best': what a batch of {per} replications could make of each step on one "
          f"core, if it cost what the step costs in a state {per} times the region")


if __name__ == "__main__":
    main()
