"""A FIFO waiting list in front of a fixed number of slots, exact in continuous time.

The model steps a week at a time, but waits are measured in days: within a
step, arrivals keep their own times and each waiting family takes the first
slot that frees up after it arrives, so a queue reproduces M/M/c theory
(Erlang C, Little's law) and not an artefact of the weekly step.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from sim.compiled import compiled

SAMPLE_CHUNK = 256


@dataclass
class Admissions:
    """Families that started service in one step, in the order they started."""

    ids: np.ndarray
    arrived: np.ndarray
    started: np.ndarray
    ended: np.ndarray  # end of service when the queue knows it (releasing queues), else inf


EMPTY = Admissions(np.empty(0, dtype=np.int64), np.empty(0), np.empty(0), np.empty(0))


def _empty_ids() -> np.ndarray:
    return np.empty(0, dtype=np.int64)


def _among(values: np.ndarray, families: np.ndarray) -> np.ndarray:
    """Which values are one of `families`: usually a few, compared one by one (np.isin
    costs more for a few)."""
    if len(families) > 16:
        return np.isin(values, families)
    found = values == families[0]
    for family in families[1:].tolist():
        found |= values == family
    return found


class ServiceQueue:
    """Slots (staff times caseload) and a FIFO waiting list.

    A releasing queue (access points, the court, review) draws each service
    time itself and frees the slot when service ends, inside the step. A
    case-holding queue leaves ending to the model, which releases slots with
    `process(released=...)`, because what follows a task (stay or leave) is
    decided by the model. `process` may be called more than once for the same
    step (families sent back upstream); slots freed inside the step keep their
    times, and no family-day on the list is counted twice.

    The list is kept as arrays, so a week of a large organisation is a few
    vector operations; only a releasing queue short of slots walks its list
    one family at a time (a slot freed inside the step can serve the next).
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
        self._ids = _empty_ids()  # arrived families, in the order they will be served
        self._times = np.empty(0)  # their arrival times
        self._due_ids: list[np.ndarray] = []  # joined, arrival not yet processed
        self._due_times: list[np.ndarray] = []
        self._busy_until = np.empty(0)  # service ends after the current step (releasing)
        self._spare = np.empty(0)  # times slots were freed inside the current step
        self._step = -np.inf  # start of the step being served
        self._clock = 0.0  # end of the last step served
        self._closed_area = 0.0  # family-days on the list of families that left it
        self._open_arrivals = 0.0  # sum of the arrival times of families on the list
        self.arrivals = 0
        self.closed = 0  # slots out of service (vacant posts)
        self._owed = 0  # of those, still in use: taken out as they free

    @property
    def releases_on_completion(self) -> bool:
        """Whether the queue ends services itself (see the class docstring)."""
        return self.sample_service is not None

    @property
    def waiting_area(self) -> float:
        """Integral of the waiting-list length over time up to the last step served
        (family-days); each family counts from its own arrival time."""
        if not len(self._ids):  # an empty list has no open time (and no rounding residue)
            return self._closed_area
        return self._closed_area + len(self._ids) * self._clock - self._open_arrivals

    def __len__(self) -> int:
        """Families on the list, including arrivals not yet due."""
        return len(self._ids) + sum(len(ids) for ids in self._due_ids)

    def listed_ids(self) -> np.ndarray:
        """Every family on the list, arrived or not."""
        return np.concatenate([self._ids, *self._due_ids])

    def waiting_ids(self) -> list[int]:
        """Families on the list and already arrived, in the order they will be served."""
        return self._ids.tolist()

    def has_arrivals_before(self, t1: float) -> bool:
        """Whether families not yet on the list arrive before `t1`."""
        return any(bool((times < t1).any()) for times in self._due_times)

    def join(self, ids: np.ndarray, times: np.ndarray, *, first: bool = False) -> None:
        """Put families on the list at their arrival times; `first` jumps the queue
        (emergencies)."""
        ids = np.asarray(ids, dtype=np.int64)
        times = np.asarray(times, dtype=float)
        if first:
            self._ids = np.concatenate((ids, self._ids))
            self._times = np.concatenate((times, self._times))
            self._open_arrivals += float(times.sum())
            self.arrivals += len(ids)
        elif len(ids):
            self._due_ids.append(ids)
            self._due_times.append(times)

    def remove(self, families: int | np.ndarray, times: float | np.ndarray) -> None:
        """Take families off the list at their `times` (they left for another reason)."""
        families, times = np.atleast_1d(families), np.atleast_1d(times)
        listed = _among(self._ids, families)
        if listed.any():
            arrival = dict(zip(self._ids[listed].tolist(), self._times[listed].tolist()))
            for family, time in zip(families.tolist(), times.tolist(), strict=True):
                if family in arrival:  # in the given order, so the sums add up the same
                    self._closed_area += max(time, arrival[family]) - arrival[family]
                    self._open_arrivals -= arrival[family]
            self._ids, self._times = self._ids[~listed], self._times[~listed]
        for k, ids in enumerate(self._due_ids):
            keep = ~_among(ids, families)
            self._due_ids[k], self._due_times[k] = ids[keep], self._due_times[k][keep]

    def close(self, n: int) -> None:
        """Take n slots out of service (a vacant post): idle ones at once, busy ones as
        they free, so no family loses its slot."""
        self.closed += n
        self._owed += n
        self._take_owed()

    def reopen(self, n: int) -> None:
        """Bring n closed slots back into service (the post is filled again)."""
        self.closed -= n
        still_owed = min(n, self._owed)
        self._owed -= still_owed
        self.free += n - still_owed

    def _take_owed(self) -> None:
        """Closed slots that were in use leave service as soon as they free: idle ones
        first, then those freed inside the current step (the latest first)."""
        take = min(self.free, self._owed)
        self.free -= take
        self._owed -= take
        if self._owed and len(self._spare):
            take = min(self._owed, len(self._spare))
            self._spare = np.sort(self._spare)[:len(self._spare) - take]
            self._owed -= take

    def _draws(self, n: int) -> np.ndarray:
        """The next n service times, from chunks (the same numbers however they are asked)."""
        while len(self._samples) - self._next_sample < n:
            self._samples = np.concatenate((self._samples[self._next_sample:],
                                            self.sample_service(SAMPLE_CHUNK)))
            self._next_sample = 0
        self._next_sample += n
        return self._samples[self._next_sample - n:self._next_sample]

    def _put_back(self, n: int) -> None:
        """The last n draws went unused: the next ones asked for are those again."""
        self._next_sample -= n

    def _arrive(self, t1: float) -> None:
        """Families whose arrival time is before t1 join the end of the list, in time order."""
        if not self._due_ids:
            return
        ids = np.concatenate(self._due_ids) if len(self._due_ids) > 1 else self._due_ids[0]
        times = np.concatenate(self._due_times) if len(self._due_times) > 1 else \
            self._due_times[0]
        due = times < t1
        if due.all():
            self._due_ids, self._due_times = [], []
        elif due.any():
            self._due_ids, self._due_times = [ids[~due]], [times[~due]]
            ids, times = ids[due], times[due]
        else:
            self._due_ids, self._due_times = [ids], [times]
            return
        self._open_arrivals += float(times.sum())  # in join order: the same sum every way
        self.arrivals += len(ids)
        if len(times) > 1:
            order = np.argsort(times, kind="stable")  # ties: in the order they joined
            ids, times = ids[order], times[order]
        self._ids = np.concatenate((self._ids, ids))
        self._times = np.concatenate((self._times, times))

    def process(self, t0: float, t1: float, released: np.ndarray | None = None) -> Admissions:
        """Serve the step [t0, t1): free the released slots, admit in list order.

        `released` holds the times at which the model frees slots in this step
        (times before t0 count as t0). A family starts no earlier than t0.
        """
        if t0 != self._step:  # a new step: slots freed last step are free since before t0
            self.free += len(self._spare)
            self._spare = np.empty(0)
            self._step = t0
        self._clock = max(self._clock, t1)
        self._arrive(t1)
        if len(self._busy_until):
            ending = self._busy_until < t1
            self._spare = np.concatenate((self._spare, self._busy_until[ending]))
            self._busy_until = self._busy_until[~ending]
        if released is not None and len(released):
            later = released[released > t0]
            self.free += len(released) - len(later)
            self._spare = np.concatenate((self._spare, later))
        if self._owed:
            self._take_owed()
        n = len(self._ids)
        if n == 0:
            return EMPTY
        if self.releases_on_completion and n > self.free:
            return self._admit_one_by_one(t0, t1)
        # each family in list order takes the next slot to be free: idle ones, then spare
        k = min(n, self.free + len(self._spare))
        if k == 0:
            return EMPTY
        if k <= self.free:
            started = np.maximum(self._times[:k], t0)
            self.free -= k
        else:
            spare = np.sort(self._spare)
            used = k - self.free
            slots = np.concatenate((np.full(self.free, t0), spare[:used]))
            started = np.maximum(slots, self._times[:k])
            self._spare = spare[used:]
            self.free = 0
        if not self.releases_on_completion:
            return self._admitted(k, started, np.full(k, np.inf))
        ended = started + self._draws(k)
        self._busy_until = np.concatenate((self._busy_until, ended[ended >= t1]))
        self._spare = np.concatenate((self._spare, ended[ended < t1]))
        return self._admitted(k, started, ended)

    def _admitted(self, k: int, started: np.ndarray, ended: np.ndarray) -> Admissions:
        """Take the first k families off the list; they start at `started`."""
        ids, arrived = self._ids[:k], self._times[:k]
        self._ids, self._times = self._ids[k:], self._times[k:]
        self._closed_area += float((started - arrived).sum())
        self._open_arrivals -= float(arrived.sum())
        return Admissions(ids, arrived, started, ended)

    def _admit_one_by_one(self, t0: float, t1: float) -> Admissions:
        """A releasing queue short of slots: the first families take the idle slots, and
        then a service that ends inside the step frees its slot for the next family."""
        draws = self._draws(len(self._times))  # at most one per family on the list
        starts, ends, self._spare, self._busy_until = _serve_in_turn(
            self._times, draws, self.free, self._spare, self._busy_until, t0, t1)
        self._put_back(len(draws) - len(starts))
        self.free = 0
        if not len(starts):
            return EMPTY
        return self._admitted(len(starts), starts, ends)


@compiled
def _serve_in_turn(times, draws, idle, spare, busy_until, t0, t1):
    """The families on the list, in turn, with their service times `draws`: the first
    `idle` take idle slots at once; each next takes the earliest slot freed inside the
    step (`spare`, or a service begun in it that ends before `t1`), while there is one.
    Returns the starts and ends of those served, and the slots free inside the step and
    busy beyond it, as heaps (Python's heapq algorithm, so the same order)."""
    starts = [max(time, t0) for time in times[:idle]]
    ends = [start + draw for start, draw in zip(starts, draws[:idle])]
    free = [time for time in spare]
    busy = [time for time in busy_until]
    for end in ends:
        if end < t1:
            free.append(end)
        else:
            busy.append(end)
    heapq.heapify(free)
    heapq.heapify(busy)
    for k in range(idle, len(times)):
        if not free:
            break
        start = max(heapq.heappop(free), times[k], t0)
        end = start + draws[k]
        heapq.heappush(free if end < t1 else busy, end)
        starts.append(start)
        ends.append(end)
    return np.array(starts), np.array(ends), np.array(free), np.array(busy)
