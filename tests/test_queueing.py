"""ServiceQueue: FIFO in continuous time, stepped a week at a time, matches queueing theory.

The queue is driven exactly as the model drives it: arrivals of a step are
joined with their own times, then `process(t0, t1)` serves the step. Waits are
`Admissions.started - Admissions.arrived`.
"""

from __future__ import annotations

import heapq
from math import factorial

import numpy as np
import pytest

from sim.queueing import ServiceQueue, _serve_in_turn

STEP = 7.0  # days, as in the model


def constant(days: float):
    return lambda n: np.full(n, days)


# --------------------------------------------------------------- semantics


def test_fifo_slots_and_service_across_steps():
    """Two slots, ten-day services: arrivals at 0, 1, 2, 3 start at 0, 1, 10, 11."""
    q = ServiceQueue(2, constant(10.0))
    q.join(np.array([0, 1, 2, 3]), np.array([0.0, 1.0, 2.0, 3.0]))
    first = q.process(0.0, 7.0)
    np.testing.assert_array_equal(first.ids, [0, 1])
    np.testing.assert_array_equal(first.started, [0.0, 1.0])
    np.testing.assert_array_equal(first.ended, [10.0, 11.0])
    assert q.waiting_ids() == [2, 3] and len(q) == 2 and q.free == 0
    second = q.process(7.0, 14.0)
    np.testing.assert_array_equal(second.ids, [2, 3])
    np.testing.assert_array_equal(second.arrived, [2.0, 3.0])
    np.testing.assert_array_equal(second.started, [10.0, 11.0])
    assert len(q) == 0
    # both slots are busy until 20 and 21: a family arriving at 15 waits until 20
    q.join(np.array([4]), np.array([15.0]))
    third = q.process(14.0, 21.0)
    np.testing.assert_array_equal(third.started, [20.0])
    assert q.arrivals == 5


def test_arrivals_not_yet_due_wait_for_their_step():
    q = ServiceQueue(3, constant(1.0))
    q.join(np.array([7]), np.array([9.5]))
    assert len(q) == 1 and q.waiting_ids() == []  # on the list, not yet arrived
    assert len(q.process(0.0, 7.0).ids) == 0
    admitted = q.process(7.0, 14.0)
    np.testing.assert_array_equal(admitted.started, [9.5])


def test_removed_families_are_never_admitted():
    q = ServiceQueue(1, constant(30.0))
    q.join(np.array([1, 2, 3]), np.array([0.0, 1.0, 2.0]))
    q.process(0.0, 7.0)
    q.remove(2, 7.0)
    q.remove(99, 7.0)  # not on the list: no error
    assert q.waiting_ids() == [3]
    later = q.process(28.0, 35.0)
    np.testing.assert_array_equal(later.ids, [3])
    np.testing.assert_array_equal(later.started, [30.0])


def test_rejoining_keeps_only_the_new_place():
    q = ServiceQueue(1, constant(30.0))
    q.join(np.array([1, 2, 3]), np.array([0.0, 1.0, 2.0]))
    q.process(0.0, 7.0)
    q.remove(2, 7.0)
    q.join(np.array([2]), np.array([8.0]))  # back at the end of the list
    q.process(7.0, 14.0)
    assert q.waiting_ids() == [3, 2] and len(q) == 2


def test_first_jumps_the_queue():
    q = ServiceQueue(1, constant(10.0))
    q.join(np.array([1, 2, 3]), np.array([0.0, 1.0, 2.0]))
    q.process(0.0, 7.0)
    q.join(np.array([9]), np.array([7.5]), first=True)
    assert q.waiting_ids() == [9, 2, 3]
    admitted = q.process(7.0, 14.0)
    np.testing.assert_array_equal(admitted.ids, [9])
    np.testing.assert_array_equal(admitted.started, [10.0])


def test_case_holding_queue_frees_slots_only_when_released():
    q = ServiceQueue(2)
    assert not q.releases_on_completion
    q.join(np.arange(4), np.array([0.0, 0.5, 1.0, 1.5]))
    first = q.process(0.0, 7.0)
    np.testing.assert_array_equal(first.ids, [0, 1])
    assert np.isinf(first.ended).all()
    assert len(q.process(7.0, 14.0).ids) == 0  # nobody released: nobody admitted
    # one slot freed at 16, one 'before the step' (counts as the step's start)
    admitted = q.process(14.0, 21.0, released=np.array([16.0, 3.0]))
    np.testing.assert_array_equal(admitted.ids, [2, 3])
    np.testing.assert_array_equal(admitted.started, [14.0, 16.0])
    assert q.free == 0


def test_more_families_never_in_service_than_slots():
    rng = np.random.default_rng(5)
    c = 3
    q = ServiceQueue(c, lambda n: rng.exponential(4.0, n))
    starts, ends = [], []
    next_id = 0
    for k in range(300):
        t0 = k * STEP
        n = rng.poisson(0.7 * STEP)
        q.join(np.arange(next_id, next_id + n), np.sort(rng.uniform(t0, t0 + STEP, n)))
        next_id += n
        admitted = q.process(t0, t0 + STEP)
        assert np.all(admitted.started >= admitted.arrived)
        assert np.all(np.diff(admitted.arrived) >= 0)  # FIFO
        starts.append(admitted.started)
        ends.append(admitted.ended)
    starts, ends = np.concatenate(starts), np.concatenate(ends)
    times = np.concatenate([starts, ends])
    change = np.concatenate([np.ones(len(starts)), -np.ones(len(ends))])
    order = np.lexsort((change, times))  # at equal times the end comes first
    assert np.cumsum(change[order]).max() == c


# ----------------------------------------------------------- M/M/c theory


def erlang_c_wait(c: int, lam: float, mean_service: float) -> float:
    """Mean wait in queue of M/M/c (Erlang C): C(c, a) / (c*mu - lambda)."""
    mu = 1.0 / mean_service
    a = lam / mu
    rho = a / c
    assert rho < 1
    top = a**c / factorial(c) / (1 - rho)
    p_wait = top / (sum(a**k / factorial(k) for k in range(c)) + top)
    return p_wait / (c * mu - lam)


def simulate_mmc(c: int, lam: float, mean_service: float, days: float, warmup: float,
                 seed: np.random.SeedSequence) -> tuple[np.ndarray, ServiceQueue]:
    """Poisson arrivals joined step by step, exponential service; waits of post-warm-up arrivals."""
    arrivals_rng, service_rng = (np.random.default_rng(s) for s in seed.spawn(2))
    q = ServiceQueue(c, lambda n: service_rng.exponential(mean_service, n))
    waits, next_id, t0 = [], 0, 0.0
    while t0 < days:
        n = arrivals_rng.poisson(lam * STEP)
        q.join(np.arange(next_id, next_id + n),
               np.sort(arrivals_rng.uniform(t0, t0 + STEP, n)))
        next_id += n
        admitted = q.process(t0, t0 + STEP)
        waits.append((admitted.started - admitted.arrived)[admitted.arrived >= warmup])
        t0 += STEP
    return np.concatenate(waits), q


@pytest.mark.parametrize(("c", "rho", "replications", "days"), [
    (5, 0.8, 40, 25_000),
    (1, 0.6, 40, 40_000),
])
def test_mean_wait_matches_erlang_c(c, rho, replications, days):
    """Mean wait over R independent replications within 5% of Erlang C (M/M/1 for c=1).

    Service lasts 3 days on average, shorter than a step, so services that
    start and end inside one step and across steps both occur. The standard
    error of the mean over replications is about 1.0% (c=5) and 1.2% (c=1) of
    the theoretical wait (measured on these 40 replications), so 5% is about
    4 standard errors; the seeds are fixed, so the test is deterministic.
    """
    mean_service = 3.0
    lam = rho * c / mean_service
    theory = erlang_c_wait(c, lam, mean_service)
    if c == 1:
        assert theory == pytest.approx(rho / (1 / mean_service - lam))  # M/M/1
    seeds = np.random.SeedSequence(2024 + c).spawn(replications)
    means = np.array([simulate_mmc(c, lam, mean_service, days, 500.0, s)[0].mean()
                      for s in seeds])
    assert means.mean() == pytest.approx(theory, rel=0.05)
    # and the replications really vary around it (the test could fail)
    assert means.std() > 0.01 * theory


def test_littles_law_on_a_long_run():
    """Time-average list length (waiting_area / T) equals arrival rate x mean wait.

    Little's law holds exactly on a sample path once the waits of families
    still on the list at T are counted up to T (there is no pre-window part:
    the list starts empty at 0), so the tolerance is only float rounding.
    """
    c, lam, mean_service = 4, 4 * 0.85 / 3.0, 3.0
    arrivals_rng, service_rng = np.random.default_rng(11), np.random.default_rng(12)
    q = ServiceQueue(c, lambda n: service_rng.exponential(mean_service, n))
    arrived: dict[int, float] = {}
    waits, next_id, t0 = 0.0, 0, 0.0
    for _ in range(1500):
        n = arrivals_rng.poisson(lam * STEP)
        times = np.sort(arrivals_rng.uniform(t0, t0 + STEP, n))
        ids = np.arange(next_id, next_id + n)
        next_id += n
        arrived.update(zip(ids.tolist(), times.tolist()))
        q.join(ids, times)
        admitted = q.process(t0, t0 + STEP)
        waits += float(np.sum(admitted.started - admitted.arrived))
        for family in admitted.ids.tolist():
            del arrived[family]
        t0 += STEP
    T = t0
    still = sum(T - time for time in arrived.values())
    assert len(arrived) == len(q)
    assert q.arrivals == next_id
    mean_wait = (waits + still) / q.arrivals
    assert q.waiting_area / T == pytest.approx(q.arrivals / T * mean_wait, rel=1e-9)
    assert q.waiting_area > 0


def late_joins(first: bool) -> tuple[float, float]:
    """The model's pattern: an organisation already served this step gets families
    whose arrival time lies in this step; the queue first sees them next step.
    Returns (waiting_area, total time the families spent on the list).

    (An earlier version counted such a family only from the next step's start.)"""
    q = ServiceQueue(1, constant(10.0))
    q.join(np.array([0]), np.array([0.0]))
    q.process(0.0, 7.0)  # slot busy until day 10
    # family 1 joins at day 3 (during step [0, 7), after the queue was served)
    q.join(np.array([1]), np.array([3.0]), first=first)
    admitted = q.process(7.0, 14.0)
    np.testing.assert_array_equal(admitted.ids, [1])
    np.testing.assert_array_equal(admitted.started, [10.0])
    return q.waiting_area, float(np.sum(admitted.started - admitted.arrived))


def test_waiting_area_counts_a_whole_wait_inside_the_step():
    q = ServiceQueue(1, constant(10.0))
    q.join(np.array([0, 1]), np.array([0.0, 3.0]))
    admitted = q.process(0.0, 14.0)
    assert q.waiting_area == pytest.approx(float(np.sum(admitted.started - admitted.arrived)))
    assert q.waiting_area == pytest.approx(7.0)


@pytest.mark.parametrize("first", [False, True], ids=["join", "first"])
def test_waiting_area_counts_waits_of_families_joined_after_the_queue_was_served(first):
    area, waits = late_joins(first)
    assert waits == pytest.approx(7.0)  # on the list from day 3 to day 10
    assert area == pytest.approx(waits)


# The model serves every organisation twice per step (a second pass admits families
# sent back upstream during the step), so `process` is called again for the same
# [t0, t1). That must not count a family-day on the list twice, nor hand out a slot
# before it is free. (An earlier version did both: waitlist_mean came out about
# doubled for the long lists.)


def test_serving_a_step_twice_counts_each_day_on_the_list_once():
    q = ServiceQueue(1)  # case-holding: the slot stays taken
    q.join(np.array([0]), np.array([0.0]))
    q.process(0.0, 7.0)
    q.join(np.array([1]), np.array([2.0]))
    q.process(0.0, 7.0)
    q.process(0.0, 7.0)  # nothing changed: nothing more to count
    assert q.waiting_ids() == [1]
    assert q.waiting_area == pytest.approx(5.0)  # family 1 waited from day 2 to day 7


def test_serving_a_step_twice_never_starts_a_service_before_its_slot_is_free():
    q = ServiceQueue(1, constant(3.0))
    q.join(np.array([0]), np.array([0.0]))
    first = q.process(0.0, 7.0)
    np.testing.assert_array_equal(first.ended, [3.0])
    q.join(np.array([1]), np.array([1.0]))
    second = q.process(0.0, 7.0)
    np.testing.assert_array_equal(second.ids, [1])
    assert second.started[0] >= 3.0


def _serve_in_turn_in_python(times, draws, idle, spare, busy_until, t0, t1):
    """The one-by-one admission as it was written with Python's heapq, before it was
    compiled (sim.queueing._serve_in_turn)."""
    started = np.maximum(times[:idle], t0)
    ended = started + draws[:idle]
    free = [*spare.tolist(), *ended[ended < t1].tolist()]
    heapq.heapify(free)
    busy = [*busy_until.tolist(), *ended[ended >= t1].tolist()]
    heapq.heapify(busy)
    starts, ends = started.tolist(), ended.tolist()
    for time, draw in zip(times[idle:].tolist(), draws[idle:].tolist(), strict=True):
        if not free:
            break
        start = max(heapq.heappop(free), time, t0)
        end = start + draw
        heapq.heappush(free if end < t1 else busy, end)
        starts.append(start)
        ends.append(end)
    return starts, ends, free, busy


@pytest.mark.parametrize("seed", range(30))
def test_compiled_admission_in_turn_is_the_python_heap_one(seed):
    """Starts, ends and both heaps, in order, equal to the last bit: whole days make ties
    between slots, arrivals and the step's end, and some lists outlast the slots freed in
    the step."""
    rng = np.random.default_rng(seed)
    t0, t1 = 14.0, 21.0
    n = int(rng.integers(1, 40))
    times = np.sort(np.where(rng.random(n) < 0.3, np.floor(rng.uniform(7, 21, n)),
                             rng.uniform(7, 21, n)))
    draws = rng.exponential(rng.choice([0.5, 3.0, 10.0]), n)
    draws = np.where(rng.random(n) < 0.3, np.ceil(draws), draws)
    idle = int(rng.integers(0, n))
    spare = np.floor(rng.uniform(t0, t1, int(rng.integers(0, 5))))
    busy_until = rng.uniform(t1, 40.0, int(rng.integers(0, 5)))
    got = _serve_in_turn(times, draws, idle, spare, busy_until, t0, t1)
    expected = _serve_in_turn_in_python(times, draws, idle, spare, busy_until, t0, t1)
    for g, e in zip(got, expected, strict=True):
        assert g.dtype == np.float64 and g.tolist() == e
