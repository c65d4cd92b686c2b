"""A FIFO waiting list in front of a fixed number of slots, exact in continuous time.

The model steps a week at a time, but waits are measured in days: within a
step, arrivals keep their own times and each waiting family takes the first
slot that frees up after it arrives, so a queue reproduces M/M/c theory
(Erlang C, Little's law) and not an artefact of the weekly step.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

SAMPLE_CHUNK = 256


@dataclass
class Admissions:
    """Families that started service in one step, in the order they started."""

    ids: np.ndarray
    arrived: np.ndarray
    started: np.ndarray
    ended: np.ndarray  # end of service when the queue knows it (releasing queues), else inf


EMPTY = Admissions(np.empty(0, dtype=np.int64), np.empty(0), np.empty(0), np.empty(0))


class ServiceQueue:
    """Slots (staff times caseload) and a FIFO waiting list.

    A releasing queue (access points, the court, review) draws each service
    time itself and frees the slot when service ends, inside the step. A
    case-holding queue leaves ending to the model, which releases slots with
    `process(released=...)`, because what follows a task (stay or leave) is
    decided by the model.
    """

    def __init__(
        self,
        capacity: int,
        sample_service: Callable[[int], np.ndarray] | None = None,
    ) -> None:
        self.capacity = int(capacity)
        self.free = int(capacity)
        self.sample_service = sample_service
        self._samples = np.empty(0)
        self._next_sample = 0
        self._waiting: deque[tuple[int, float, int]] = deque()  # (family, arrival, ticket)
        self._arriving: list[tuple[float, int, int]] = []  # heap of (arrival, ticket, family)
        self._ticket = 0
        self._live: dict[int, int] = {}  # family -> ticket of its valid place on the list
        self._queued: set[int] = set()  # families validly in `_waiting` (arrived)
        self._busy_until: list[float] = []  # heap of service ends after the current step
        self.waiting_area = 0.0  # integral of the waiting-list length over time, family-days
        self.arrivals = 0

    @property
    def releases_on_completion(self) -> bool:
        """Whether the queue ends services itself (see the class docstring)."""
        return self.sample_service is not None

    def __len__(self) -> int:
        """Families on the list, including arrivals not yet due."""
        return len(self._live)

    def join(self, ids: np.ndarray, times: np.ndarray, *, first: bool = False) -> None:
        """Put families on the list at their arrival times; `first` jumps the queue
        (emergencies)."""
        for family, time in zip(ids.tolist(), times.tolist()):
            self._ticket += 1
            self._live[family] = self._ticket
            if first:
                self._waiting.appendleft((family, time, self._ticket))
                self._queued.add(family)
                self.arrivals += 1
            else:
                heapq.heappush(self._arriving, (time, self._ticket, family))

    def remove(self, family: int) -> None:
        """Take a family off the list (it left for another reason)."""
        self._live.pop(family, None)
        self._queued.discard(family)

    def _valid(self, family: int, ticket: int) -> bool:
        return self._live.get(family) == ticket

    def waiting_ids(self) -> list[int]:
        """Families on the list and already arrived, in the order they will be served."""
        return [f for f, _, k in self._waiting if self._valid(f, k)]

    def _draw(self) -> float:
        if self._next_sample >= len(self._samples):
            self._samples = self.sample_service(SAMPLE_CHUNK)
            self._next_sample = 0
        value = self._samples[self._next_sample]
        self._next_sample += 1
        return float(value)

    def process(self, t0: float, t1: float, released: np.ndarray | None = None) -> Admissions:
        """Serve the step [t0, t1): free the released slots, admit in arrival order.

        `released` holds the times at which the model frees slots in this step
        (times before t0 count as t0).
        """
        new_arrivals: list[tuple[int, float, int]] = []
        while self._arriving and self._arriving[0][0] < t1:
            time, ticket, family = heapq.heappop(self._arriving)
            if self._valid(family, ticket):
                self._waiting.append((family, time, ticket))
                self._queued.add(family)
                new_arrivals.append((family, time, ticket))
                self.arrivals += 1
        n_released = 0 if released is None else len(released)
        if not self._queued:
            self.free += n_released
            while self._busy_until and self._busy_until[0] < t1:
                heapq.heappop(self._busy_until)
                self.free += 1
            return EMPTY
        idle = self.free  # slots free since t0 or earlier; `free` holds later free times
        free: list[float] = []
        while self._busy_until and self._busy_until[0] < t1:
            free.append(heapq.heappop(self._busy_until))
        if n_released:
            later = np.maximum(released, t0)
            idle += int(np.count_nonzero(later == t0))
            free.extend(later[later > t0].tolist())
        heapq.heapify(free)
        releasing = self.releases_on_completion
        ids: list[int] = []
        arrived: list[float] = []
        started: list[float] = []
        ended: list[float] = []
        waiting = self._waiting
        while waiting and (idle or free):
            family, time, ticket = waiting.popleft()
            if not self._valid(family, ticket):
                continue
            del self._live[family]
            self._queued.discard(family)
            if idle:
                idle -= 1
                start = max(t0, time)
            else:
                start = max(heapq.heappop(free), time)
            ids.append(family)
            arrived.append(time)
            started.append(start)
            if releasing:
                end = start + self._draw()
                ended.append(end)
                heapq.heappush(free if end < t1 else self._busy_until, end)
            else:
                ended.append(np.inf)
        self.free = idle + len(free)
        arrived_arr = np.asarray(arrived, dtype=float)
        started_arr = np.asarray(started, dtype=float)
        # waiting-list area inside [t0, t1): the time each family spent on the list in the step
        self.waiting_area += float(np.sum(started_arr - np.maximum(arrived_arr, t0)))
        new_still = [time for f, time, k in new_arrivals if self._valid(f, k)
                     and f in self._queued]
        old_still = len(self._queued) - len(new_still)
        self.waiting_area += old_still * (t1 - t0) + sum(t1 - time for time in new_still)
        return Admissions(
            ids=np.asarray(ids, dtype=np.int64),
            arrived=np.asarray(arrived, dtype=float),
            started=np.asarray(started, dtype=float),
            ended=np.asarray(ended, dtype=float),
        )
