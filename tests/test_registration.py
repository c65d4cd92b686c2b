"""A core task is added through the same registration the real ones use: a tuple of
task classes given to the model (sim.tasks.CORE_TASKS for the built-in ones). A toy
task defined here, which ends every plan after half a year, acts on the model
through the shared pieces only, and the model's bookkeeping stays whole."""

from __future__ import annotations

import pytest
from conftest import small_scenario
from test_model import check_invariants

from sim.families import WEEK
from sim.model import ProtectionModel
from sim.stages import Stage
from sim.tasks import CORE_TASKS
from sim.tasks.base import Task, Week

LIMIT_WEEKS = 26


class HalfYearLimit(Task):
    """Toy core task: a plan that has run half a year is closed, whatever its state."""

    name = "half_year_limit"

    def __init__(self, model) -> None:
        super().__init__(model)
        self.closed = 0

    def step(self, week: Week) -> None:
        chain, ids = self.chain, week.in_chain
        in_plan = ids[(chain.stage[ids] == Stage.PLAN) & ~chain.waiting[ids]]
        over = in_plan[chain.plan_start[in_plan] <= week.t0 - LIMIT_WEEKS * WEEK]
        self.cases.close(over, week.t0, chain.holder[over], "closed_max_duration")
        self.closed += len(over)


def longest_plan_weeks(model: ProtectionModel) -> float:
    """How long the longest-running plan has run, in weeks (0 if none)."""
    chain = model.chain
    in_plan = (chain.stage == Stage.PLAN) & ~chain.waiting
    return float((model.day - chain.plan_start[in_plan]).max(initial=0.0) / WEEK)


def run_weeks(model: ProtectionModel, weeks: int) -> float:
    """Step `weeks` times, checking the bookkeeping; the longest plan seen, in weeks."""
    longest = 0.0
    for _ in range(weeks):
        model.step()
        check_invariants(model)
        longest = max(longest, longest_plan_weeks(model))
    return longest


def test_a_task_registered_from_outside_acts_on_the_model():
    scenario = small_scenario(seed=12, families=4000, years=1, warmup_years=1,
                              record_events=True)
    plain = ProtectionModel(scenario)
    limited = ProtectionModel(scenario, tasks=(*CORE_TASKS, HalfYearLimit))
    assert list(limited.tasks)[-1] == "half_year_limit"
    # without the toy task, plans run longer than half a year (so the check below can fail)
    assert run_weeks(plain, plain.end_week) > LIMIT_WEEKS + 2
    # with it, none does beyond the week it is closed in (a plan may start a few intake
    # days after the week it was admitted in)
    assert run_weeks(limited, limited.end_week) <= LIMIT_WEEKS + 2
    toy = limited.tasks["half_year_limit"]
    assert toy.closed > 20
    # its closures go on the record like the built-in ones
    ended_at_limit = [(m.event_table()["decision"] == "closed_max_duration").sum()
                      for m in (plain, limited)]
    assert ended_at_limit[1] > ended_at_limit[0] + 20


def test_two_tasks_of_one_name_are_refused():
    with pytest.raises(ValueError, match="two core tasks named 'plans'"):
        ProtectionModel(small_scenario(families=500), tasks=(*CORE_TASKS, CORE_TASKS[4]))
