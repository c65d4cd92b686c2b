"""One way to run many runs, behind compare, batch, calibrate and sensitivity.

A command opens an engine on its results folder (claimed through sim.outputs) and
hands it run specifications. The engine runs those without a result yet, in this
process, on local processes or on Dask (sim.cluster), saving each as it finishes
(sim.shards) in the partial folder beside the results folder, under one progress
bar (sim.progress). So every command can be killed and resumed (`resume=True`
keeps the runs already saved), and as every run depends on its spec alone, its
results are the same whatever the workers, the cluster or the interruptions. The
command reads its runs back from the shards, writes what it adds into `work` and
calls `publish`, which swaps the whole folder in place of the earlier results.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim import execution, shards
from sim.cluster import Where, connected
from sim.errors import ProjectError
from sim.execution import RunFailure, RunOutput, RunSpec
from sim.outputs import Claim, Interrupted, claim
from sim.precision import ROUND
from sim.progress import RunBar

if TYPE_CHECKING:
    from distributed import Client


TICK = 0.5
"""Seconds between calls of an engine's `on_result` while no run finishes (local processes)."""


class RunsFailed(ProjectError):
    """Runs raised where the command needs every run; `str(err)` says how many, the first
    error, and that --resume runs them again."""

    exit_status = 1


@dataclass(frozen=True)
class Job:
    """What a command runs and where it keeps it."""

    out_dir: Path | None  # None: a temporary folder, gone afterwards (nothing is written)
    kind: str  # the command, as the results folder's marker names it
    name: str  # on the progress bar and in shards/batch.json
    digest: str  # fingerprint of the runs, so a resume never takes another job's runs
    changed: str  # the end of the message refusing to resume from another job's runs
    inputs: tuple[str, ...] = ()  # files the results may not be written over
    resume: bool = False
    progress: bool = True


@dataclass
class Engine:
    """A results folder being filled with runs; see the module docstring."""

    out: Claim
    work: Path  # the partial folder: shards/ and whatever the command adds
    shards: Path
    where: Where
    client: Client | None
    run: Callable[[RunSpec], RunOutput]
    bar: RunBar
    strict: bool  # a failed run raises RunsFailed (compare, calibrate) or is kept (batch)
    keep: bool  # whether the job has a results folder of its own
    on_result: Callable[[int, int], None] | None = None  # (runs executed, failed) so far,
    # after every run and every TICK seconds between; an exception it raises stops the runs
    planned: list[RunSpec] = field(default_factory=list)
    executed: int = 0
    failed: int = 0
    _records: dict[str, dict[str, Any]] = field(default_factory=dict)  # read once each

    def run_all(self, specs: Iterable[RunSpec]) -> None:
        """Run the specs that have no intact shard yet, saving each one as it finishes."""
        specs = list(specs)
        todo = [spec for spec in specs if not shards.intact(self.shards, spec.run_id)]
        self.planned += specs
        self.bar.plan(len(specs), len(specs) - len(todo))
        try:
            for outcome in execution.iter_runs(todo, workers=self.where.workers,
                                               client=self.client, run=self.run,
                                               tick=None if self.on_result is None else TICK):
                if outcome is None:  # a while without a finished run: the hook may stop us
                    self.on_result(self.executed, self.failed)
                    continue
                shards.save(self.shards, outcome)
                failed = isinstance(outcome, RunFailure)
                del outcome  # keep nothing of a finished run
                self.executed, self.failed = self.executed + 1, self.failed + failed
                self.bar.advance(failed)
                if self.on_result is not None:
                    self.on_result(self.executed, self.failed)
        except KeyboardInterrupt:
            saved = sum(shards.intact(self.shards, spec.run_id) for spec in self.planned)
            if not saved or not self.keep:
                raise
            raise Interrupted(f"{saved} of {len(self.planned)} runs are saved in {self.work}; "
                              "run the same command with --resume to finish; "
                              f"{self.out.target} is as it was") from None
        if self.strict:
            self._require(specs)

    def replications(self, specs_of: Callable[[range], list[RunSpec]], first: int,
                     most: int, enough: Callable[[int], bool] | None = None) -> int:
        """Run replications 0 to `first` - 1 (the specs `specs_of(range)` gives), then
        ROUND more at a time until `enough(done)` says so or `most` are done (None: just
        the first); returns the replications done."""
        done, target = 0, first
        while True:
            self.run_all(specs_of(range(done, target)))
            done = target
            if enough is None or enough(done) or done >= most:
                return done
            target = min(done + ROUND, most)

    def outputs(self, specs: Iterable[RunSpec]) -> Iterator[dict[str, Any]]:
        """The saved record of each finished run (identity, values, "summary"); a failed
        run has none. Each shard is read once, however often rounds of replications ask."""
        for spec in specs:
            record = self._records.get(spec.run_id)
            if record is None:
                if not shards.shard(self.shards, spec.run_id).exists():
                    continue
                record = self._records[spec.run_id] = shards.record(self.shards, spec.run_id)
            yield record

    def info(self) -> dict[str, Any]:
        """Where the runs ran, for the manifest."""
        return self.where.info(self.client)

    def publish(self, write: Callable[[Path], None]) -> None:
        """`write(folder)` what the command adds into the partial folder, then swap it in
        place of the results folder (nothing, for a job without one). Each file must be
        replaced whole (sim.atomic): a resumed folder shares files with the earlier
        results."""
        if self.keep:
            write(self.work)
            self.out.publish()

    def _require(self, specs: list[RunSpec]) -> None:
        failed = [record for spec in specs
                  if (record := shards.failure(self.shards, spec.run_id)) is not None]
        if failed:
            first = failed[0]
            raise RunsFailed(f"{len(failed)} of {len(specs)} runs failed, the first "
                             f"{first['run_id']} (seed {first['seed']}): {first['error']}: "
                             f"{first['message']}; the other runs are saved in {self.work}; "
                             "run the same command with --resume to run the failed ones "
                             f"again; {self.out.target} is as it was")


@contextmanager
def engine(job: Job, where: Where, run: Callable[[RunSpec], RunOutput] | None = None, *,
           strict: bool = True, planned: int = 0,
           on_result: Callable[[int, int], None] | None = None) -> Iterator[Engine]:
    """Claim the job's results folder, connect to Dask if asked, and give an engine filling
    its partial folder (`planned`: runs expected, for shards/batch.json; `on_result`
    hears of every run it executes). Raises OutputError, ClusterError or ShardsError
    (nothing written) when it cannot start. Interrupted before any run was saved, it
    leaves nothing behind."""
    with _folder(job.out_dir) as out_dir, claim(out_dir, job.kind, job.inputs) as out, \
            connected(where) as client:
        if job.resume:
            shards.check_resumable(out, job.digest, job.changed)
        work = out.workspace(job.resume)
        try:
            folder = shards.open_shards(work, job.name, job.digest, planned)
            with RunBar(job.name if job.progress else None) as bar:
                yield Engine(out, work, folder, where, client, run or execution.execute, bar,
                             strict, job.out_dir is not None, on_result)
        except KeyboardInterrupt as interrupt:
            if not isinstance(interrupt, Interrupted) and \
                    not any((work / shards.SHARDS).glob("*.parquet")):
                shutil.rmtree(work, ignore_errors=True)
            raise


@contextmanager
def _folder(out_dir: Path | None) -> Iterator[Path]:
    """The job's results folder, or a temporary one for the runs alone."""
    if out_dir is not None:
        yield out_dir
        return
    with tempfile.TemporaryDirectory(prefix="opzet-") as tmp:
        yield Path(tmp) / "runs"
