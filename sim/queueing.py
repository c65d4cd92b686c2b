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
    decided by the model. `process` may be called more than once for the same
    step (families sent back upstream); slots freed inside the step keep their
    times, and no family-day on the list is counted twice.
    """

    def __init__(
        self,
        capacity: int,
        sample_service: Callable[[int], np.ndarray] | None = None,
    ) -> None:
        self.capacity = int(capacity)
        self.free = int(capacity)  # slots free since the start of the current step or before
        self.sample_service = sample_service
        self._samples = np.empty(0)
        self._next_sample = 0
        self._waiting: deque[tuple[int, float, int]] = deque()  # (family, arrival, ticket)
        self._arriving: list[tuple[float, int, int]] = []  # heap of (arrival, ticket, family)
        self._ticket = 0
        self._live: dict[int, tuple[int, float]] = {}  # family -> (ticket, arrival)
        self._queued: set[int] = set()  # families validly in `_waiting` (arrived)
        self._busy_until: list[float] = []  # heap of service ends after the current step
        self._spare: list[float] = []  # heap of times slots freed inside the current step
        self._step = -np.inf  # start of the step being served
        self._clock = 0.0  # end of the last step served
        self._closed_area = 0.0  # family-days on the list of families that left it
        self._open_count = 0  # families on the list (arrived)
        self._open_arrivals = 0.0  # sum of their arrival times
        self.arrivals = 0

    @property
    def releases_on_completion(self) -> bool:
        """Whether the queue ends services itself (see the class docstring)."""
        return self.sample_service is not None

    @property
    def waiting_area(self) -> float:
        """Integral of the waiting-list length over time up to the last step served
        (family-days); each family counts from its own arrival time."""
        return self._closed_area + self._open_count * self._clock - self._open_arrivals

    def __len__(self) -> int:
        """Families on the list, including arrivals not yet due."""
        return len(self._live)

    def has_arrivals_before(self, t1: float) -> bool:
        """Whether families are due on the list before `t1` and not yet served."""
        return bool(self._arriving) and self._arriving[0][0] < t1

    def join(self, ids: np.ndarray, times: np.ndarray, *, first: bool = False) -> None:
        """Put families on the list at their arrival times; `first` jumps the queue
        (emergencies)."""
        for family, time in zip(ids.tolist(), times.tolist(), strict=True):
            self._ticket += 1
            self._live[family] = (self._ticket, time)
            if first:
                self._waiting.appendleft((family, time, self._ticket))
                self._arrive(family, time)
            else:
                heapq.heappush(self._arriving, (time, self._ticket, family))

    def _arrive(self, family: int, time: float) -> None:
        self._queued.add(family)
        self._open_count += 1
        self._open_arrivals += time
        self.arrivals += 1

    def _leave(self, family: int, time: float) -> None:
        """A family leaves the list at `time` (served or removed)."""
        _, arrival = self._live.pop(family)
        if family in self._queued:
            self._queued.discard(family)
            self._open_count -= 1
            self._open_arrivals -= arrival
            self._closed_area += time - arrival

    def remove(self, family: int, time: float) -> None:
        """Take a family off the list at `time` (it left for another reason)."""
        if family in self._live:
            self._leave(family, max(time, self._live[family][1]))

    def _valid(self, family: int, ticket: int) -> bool:
        entry = self._live.get(family)
        return entry is not None and entry[0] == ticket

    def waiting_ids(self) -> list[int]:
        """Families on the list and already arrived, in the order they will be served."""
        return [f for f, _, k in self._waiting if self._valid(f, k)]

    def _admit_all(self, t0: float, t1: float) -> Admissions:
        """Everyone on the list finds an idle slot: admit them at once, in list order."""
        entries = [(f, time) for f, time, k in self._waiting if self._valid(f, k)]
        self._waiting.clear()
        ids = np.fromiter((f for f, _ in entries), dtype=np.int64, count=len(entries))
        arrived = np.fromiter((time for _, time in entries), dtype=float, count=len(entries))
        started = np.maximum(arrived, t0)
        for family in ids.tolist():
            del self._live[family]
        self._queued.clear()
        self._open_count = 0
        self._open_arrivals = 0.0
        self._closed_area += float(np.sum(started - arrived))
        self.free -= len(ids)
        if not self.releases_on_completion:
            return Admissions(ids, arrived, started, np.full(len(ids), np.inf))
        ended = started + np.array([self._draw() for _ in range(len(ids))])
        for end in ended.tolist():
            heapq.heappush(self._spare if end < t1 else self._busy_until, end)
        return Admissions(ids, arrived, started, ended)

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
        (times before t0 count as t0). A family starts no earlier than t0.
        """
        if t0 != self._step:  # a new step: slots freed last step are free since before t0
            self.free += len(self._spare)
            self._spare = []
            self._step = t0
        self._clock = max(self._clock, t1)
        while self._arriving and self._arriving[0][0] < t1:
            time, ticket, family = heapq.heappop(self._arriving)
            if self._valid(family, ticket):
                self._waiting.append((family, time, ticket))
                self._arrive(family, time)
        spare = self._spare
        while self._busy_until and self._busy_until[0] < t1:
            heapq.heappush(spare, heapq.heappop(self._busy_until))
        if released is not None and len(released):
            later = released[released > t0]
            self.free += len(released) - len(later)
            for time in later.tolist():
                heapq.heappush(spare, time)
        if not self._queued:
            return EMPTY
        if len(self._queued) <= self.free:
            return self._admit_all(t0, t1)
        releasing = self.releases_on_completion
        ids: list[int] = []
        arrived: list[float] = []
        started: list[float] = []
        ended: list[float] = []
        waiting = self._waiting
        live = self._live
        while waiting and (self.free or spare):
            family, time, ticket = waiting.popleft()
            entry = live.get(family)
            if entry is None or entry[0] != ticket:  # removed, or on the list again later
                continue
            if self.free:
                self.free -= 1
                start = max(t0, time)
            else:
                start = max(heapq.heappop(spare), time, t0)
            self._leave(family, start)
            ids.append(family)
            arrived.append(time)
            started.append(start)
            if releasing:
                end = start + self._draw()
                ended.append(end)
                heapq.heappush(spare if end < t1 else self._busy_until, end)
            else:
                ended.append(np.inf)
        if not ids:
            return EMPTY
        return Admissions(
            ids=np.asarray(ids, dtype=np.int64),
            arrived=np.asarray(arrived, dtype=float),
            started=np.asarray(started, dtype=float),
            ended=np.asarray(ended, dtype=float),
        )
