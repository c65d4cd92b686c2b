"""Runs as data: a run specification, how to execute one, and how to execute many.

A `RunSpec` says everything a run needs (base scenario, overrides, seed), so a
run gives the same numbers in this process, in a worker process or on a Dask
worker. Replication k of every design and every sample point uses the same
seed: common random numbers, so differences between designs are the designs'.

`iter_runs` (what the run engine, sim.engine, uses) gives outputs as they finish
and turns a run that raises into a `RunFailure`, so the other runs go on. It runs
serially, on local worker processes, or on a Dask cluster (`client=`). Local
workers leave Ctrl-C to the batch process and die with it, however it ends; an
interrupted iteration ends them at once, runs in progress included.
"""

from __future__ import annotations

import ctypes
import functools
import multiprocessing
import multiprocessing.forkserver
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing import resource_tracker
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from sim.details import RunDetail, run_detail
from sim.runner import simulate
from sim.scenario import deep_merge, load_scenario
from sim.summary import summarise

if TYPE_CHECKING:
    from distributed import Client


def replication_seed(base_seed: int, replication: int) -> int:
    """The seed of replication k: the same for every design and sample point."""
    return int(np.random.SeedSequence([base_seed, replication]).generate_state(1)[0])


@dataclass(frozen=True)
class RunSpec:
    """One run: a base scenario with overrides (levers, uncertain values) and a seed."""

    run_id: str
    design: str
    replication: int
    seed: int
    overrides: dict[str, Any] = field(default_factory=dict)
    base: str | None = None  # scenario file; None: the built-in default region
    sample: int = 0
    values: dict[str, Any] = field(default_factory=dict)
    """The uncertain parameters of this sample point by dotted path (also in `overrides`),
    so tables of results can show them; the run itself reads only `overrides`."""

    @property
    def keeps_record(self) -> bool:
        """Whether the run keeps the record of every step per family: replication 0 of
        sample point 0 only, whose families the detail keeps (sim.details)."""
        return self.replication == 0 and self.sample == 0

    def scenario(self):
        """The scenario of this run, validated."""
        overrides = deep_merge(self.overrides, {"run": {"seed": self.seed,
                                                        "record_events": self.keeps_record}})
        return load_scenario(self.base, overrides)


@dataclass
class RunOutput:
    """What a run gives a batch: its run-level outcomes and its yearly table, and the
    detail a comparison keeps for its pictures (sim.details)."""

    spec: RunSpec
    summary: dict[str, float]
    yearly: pd.DataFrame
    detail: RunDetail | None = None


@dataclass
class RunFailure:
    """A run that raised: which run, and the error as text (it may come from another machine)."""

    spec: RunSpec
    error: str  # the exception's type name
    message: str
    traceback: str


def execute(spec: RunSpec) -> RunOutput:
    """Run one specification in this process; nothing of the model is kept afterwards."""
    result = simulate(spec.scenario())
    return RunOutput(spec, summarise(result.families, result.yearly), result.yearly,
                     run_detail(result.families, result.flows, result.waiting, result.events))


def iter_runs(specs: Iterable[RunSpec], workers: int = 1, client: Client | None = None,
              run: Callable[[RunSpec], RunOutput] = execute,
              in_flight: int | None = None, tick: float | None = None
              ) -> Iterator[RunOutput | RunFailure | None]:
    """Execute runs and yield each one's output, or its failure, as soon as it finishes.

    Serially when `workers` is 1, on `workers` local processes, or on the Dask
    cluster of `client`. Only `in_flight` runs (default twice the workers) are
    handed out at a time, so nothing piles up and an interrupted batch loses at
    most those. Each output depends only on its spec, never on where it ran.
    `run` must be picklable (a module-level function) for processes and Dask.
    With `tick`, local processes also yield None after every `tick` seconds without a
    finished run, so the caller can look up (a page's Stop button) while runs are long.
    """
    guarded = functools.partial(_guarded, run)
    if client is not None:
        yield from _dask_runs(iter(specs), client, guarded, in_flight)
    elif workers <= 1:
        for spec in specs:
            yield guarded(spec)
    else:
        yield from _process_runs(iter(specs), workers, guarded, in_flight or 2 * workers, tick)


def _guarded(run: Callable[[RunSpec], RunOutput], spec: RunSpec) -> RunOutput | RunFailure:
    """`run(spec)`, with an exception turned into a RunFailure (runs where the run runs)."""
    try:
        return run(spec)
    except Exception as err:  # noqa: BLE001 - any error of one run is that run's failure
        return RunFailure(spec, type(err).__name__, str(err), traceback.format_exc())


def _process_pool(workers: int) -> ProcessPoolExecutor:
    """Worker processes forked from a clean server that has imported the model once.

    Not plain fork: the batch process has threads (progress bar, Dask), and
    forking a threaded process can deadlock.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["sim.execution"])
    _start_forkserver(context)
    return ProcessPoolExecutor(max_workers=workers, mp_context=context,
                               initializer=_init_worker, initargs=(os.getpid(),))


def _start_forkserver(context: multiprocessing.context.BaseContext) -> None:
    """Start the forkserver and have it fork a first, empty process, holding back Ctrl-C.

    The forkserver ignores Ctrl-C only once it has imported the model (a second or
    two), and a worker it forks after the batch process is gone fails on its way up:
    either prints a traceback under the batch's "interrupted". So Ctrl-C reaches
    this process only once the forkserver is ready; the forkserver and its workers
    inherit the block, so none of them sees one before it ignores it.
    """
    resource_tracker.ensure_running()  # starting, it unblocks SIGINT: so before the block
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        context.Process(target=int).start()  # returns once forked; no need to wait for it
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _init_worker(main_pid: int) -> None:
    """Make a worker leave Ctrl-C to the main process and die with it, even when the
    main process is killed outright (a worker holds a model of some 400 MB).

    Ctrl-C reaches the whole process group; the main process alone decides, and
    stops the pool (`_stop`). A worker's parent is the forkserver, which exits once
    no process holds the write end of its "alive" pipe: the main process does, and
    so does every worker, by inheritance. So a worker asks to be killed when the
    forkserver exits, and only then closes its copy, which the forkserver would
    otherwise wait for forever (nor can it exit before that, so no race).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()
    if (sys.platform == "linux"
            and ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL) == 0):
        if os.getppid() != parent:  # the forkserver was killed before the request took hold
            os._exit(1)
    else:
        threading.Thread(target=_exit_with_main, args=(main_pid,), daemon=True).start()
    # The copy has no public name; only a worker that starts processes of its own
    # would need it, and then it starts a forkserver of its own.
    os.close(multiprocessing.forkserver._forkserver._forkserver_alive_fd)


def _exit_with_main(main_pid: int) -> None:
    """Without prctl: end this worker within a second of the main process."""
    while True:
        time.sleep(1)
        try:
            os.kill(main_pid, 0)
        except OSError:  # gone (or its pid taken by another user's process)
            os._exit(1)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Shut the pool down now: cancel the waiting runs and end the running ones, so an
    interrupted command exits at once instead of when its runs in progress finish.

    ProcessPoolExecutor has no public way to end its processes (Python 3.12), so
    this reaches into its `_processes` (pid -> Process) and its `_result_queue`.
    """
    processes = list((pool._processes or {}).values())
    results = pool._result_queue  # shutdown forgets it
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(timeout=5)
    # A worker ended while sending its result (a run's detail is megabytes) leaves half a
    # message in the result pipe, which the pool's manager thread would wait on for ever,
    # and the interpreter's exit with it (a stopped `opzet explore` run showed it). With
    # the workers gone, closing this process's end of the pipe ends that wait.
    if results is not None:
        results._writer.close()


def _process_runs(specs: Iterator[RunSpec], workers: int, guarded: Callable,
                  in_flight: int, tick: float | None = None
                  ) -> Iterator[RunOutput | RunFailure | None]:
    pool = _process_pool(workers)
    pending: dict[Future, RunSpec] = {}
    try:
        while True:
            for spec in islice(specs, max(0, in_flight - len(pending))):
                pending[pool.submit(guarded, spec)] = spec
            if not pending:
                return
            done, _ = wait(pending, timeout=tick, return_when=FIRST_COMPLETED)
            if not done:
                yield None  # `tick` seconds without a finished run
            for future in done:
                spec = pending.pop(future)
                try:
                    output = future.result()
                except BrokenProcessPool as err:
                    # A worker died (killed, out of memory): every run the pool held is
                    # lost. Record them as failures and go on with a fresh pool.
                    held = [(future, spec)] + list(pending.items())
                    pending.clear()
                    pool.shutdown(wait=False, cancel_futures=True)
                    pool = _process_pool(workers)
                    for held_future, held_spec in held:
                        if (held_future.done() and not held_future.cancelled()
                                and held_future.exception() is None):
                            yield held_future.result()
                        else:
                            yield RunFailure(held_spec, type(err).__name__,
                                             "a worker process died while this run was in "
                                             "it or waiting for it", "")
                    break
                except Exception as err:  # noqa: BLE001 - e.g. the run could not be sent
                    output = RunFailure(spec, type(err).__name__, str(err),
                                        "".join(traceback.format_exception(err)))
                yield output
    finally:
        _stop(pool)


def _dask_runs(specs: Iterator[RunSpec], client: Client, guarded: Callable,
               in_flight: int | None) -> Iterator[RunOutput | RunFailure]:
    from distributed import as_completed

    threads = sum(client.nthreads().values()) or 1
    in_flight = in_flight or 2 * threads
    pending: dict[Any, RunSpec] = {}

    def submit(spec: RunSpec) -> Any:
        future = client.submit(guarded, spec, pure=False)
        pending[future.key] = spec
        return future

    running = as_completed([submit(spec) for spec in islice(specs, in_flight)],
                           loop=client.loop)
    for future in running:
        spec = pending.pop(future.key)
        if future.status == "finished":
            output = future.result()
        else:  # the worker itself failed (died, or the run could not be sent or unpacked)
            err = future.exception()
            output = RunFailure(spec, type(err).__name__, str(err),
                                "".join(traceback.format_tb(future.traceback())))
        future.release()
        for spec in islice(specs, 1):
            running.add(submit(spec))
        yield output

