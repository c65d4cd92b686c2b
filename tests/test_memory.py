"""Many runs in one process (sensitivity analysis, replications) leave nothing behind."""

from __future__ import annotations

import gc
import weakref

import numpy as np
import psutil
from conftest import small_scenario

from sim.model import ProtectionModel
from sim.runner import simulate

RUNS = 200
RSS_GROWTH_LIMIT = 20 * 2**20  # bytes
"""Allowed growth of resident memory from runs 20-50 to runs 150-200.

A tiny model (300 families, one year) with its network, organisations and outcome
arrays takes a few hundred kB, so 100+ leaked models, or anything else retained per
run at that scale, would exceed 20 MB; allocator noise stays well below it.
"""


def test_two_hundred_runs_leave_no_model_alive_and_memory_flat():
    process = psutil.Process()
    refs: list[weakref.ref] = []
    rss: dict[int, int] = {}
    for run in range(RUNS):
        scenario = small_scenario(seed=1000 + run, families=300, years=1, warmup_years=0,
                                  record_events=run % 2 == 0,
                                  design="team" if run % 3 == 0 else "relay")
        if run % 4 == 0:
            # the runner's own path; keep a weak reference to a model made inside it
            made: list[ProtectionModel] = []
            original_init = ProtectionModel.__init__

            def spy(self, config, _made=made, _init=original_init):
                _init(self, config)
                _made.append(self)

            ProtectionModel.__init__ = spy
            try:
                result = simulate(scenario)
            finally:
                ProtectionModel.__init__ = original_init
            refs.append(weakref.ref(made.pop()))
            assert len(result.families) == 300 and len(result.yearly) == 1
            del result
        else:
            model = ProtectionModel(scenario)
            model.run()
            tables = (model.family_table(), model.yearly_table(),
                      model.organisation_table(), model.event_table())
            assert len(tables[0]) == 300
            refs.append(weakref.ref(model))
            del model, tables
        if run % 5 == 4 or run == RUNS - 1:
            gc.collect()
            rss[run] = process.memory_info().rss
    gc.collect()
    alive = [i for i, ref in enumerate(refs) if ref() is not None]
    assert not alive, f"{len(alive)} of {len(refs)} models still alive, e.g. run {alive[:5]}"
    early = np.median([v for run, v in rss.items() if 20 <= run < 50])
    late = np.median([v for run, v in rss.items() if 150 <= run < RUNS])
    assert late - early < RSS_GROWTH_LIMIT, (
        f"resident memory grew {(late - early) / 2**20:.1f} MB from runs 20-50 to 150-200")


def test_a_kept_model_is_seen_as_alive():
    """The weak-reference check above can fail: a model someone keeps stays alive."""
    keep = ProtectionModel(small_scenario(families=300, years=1, warmup_years=0))
    keep.run()
    ref = weakref.ref(keep)
    holder = [keep]
    del keep
    gc.collect()
    assert ref() is not None
    holder.clear()
    gc.collect()
    assert ref() is None
