"""Run every run of an experiment and keep the results safe on disk as they come.

The runs go through the engine (sim.engine): each finished run is saved at once
as one shard (sim.shards) in a partial folder beside the results folder
(sim.outputs), which takes the results folder's place when every run is done or
failed, so a batch killed at any moment loses at most the runs in flight and
leaves earlier results whole, and `resume=True` runs only the runs without a
readable result. The final tables are always built from the shards, so a resumed
batch ends with exactly the tables of an uninterrupted one, and so does a batch run
serially, on local processes or on Dask: every run depends only on its spec.
With `precision`, replications are added in rounds (sim.precision) until every
design's difference to the first is known to that precision at every sample point.

    results/NAME/runs.parquet      one row per run: ids, seed, sampled parameters, outcomes
    results/NAME/yearly.parquet    one row per run and reported year (warm-up excluded)
    results/NAME/failures.parquet  one row per run that raised (only if any did)
    results/NAME/manifest.json     experiment as resolved, seeds, versions, commit, times
    results/NAME/details/          the detail of sample point 0 for `opzet report`

The detail (sim.details) is what a comparison keeps, from sample point 0 only:
families come from one run, and flows or waiting lists pooled over other points
would not match them.

From Python:

    from sim.batch import run_batch
    result = run_batch("experiments/team_vs_relay.toml", workers=2)
    result.runs.groupby("design")["handoffs"].mean()
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import pandas as pd

from sim import shards
from sim.atomic import replace_file
from sim.cluster import Where
from sim.details import FOLDER as DETAILS
from sim.details import Details
from sim.engine import Engine, Job, engine
from sim.execution import RunOutput, RunSpec
from sim.experiment import expand, load_experiment, specs_digest
from sim.experiment_schema import Experiment, ExperimentError
from sim.limits import check_runs
from sim.precision import DEFAULT_MAX_REPS, judge
from sim.provenance import now, provenance
from sim.shards import SHARDS, write_json

if TYPE_CHECKING:
    from distributed import Client

ID_COLUMNS = ["run_id", "design", "sample", "replication", "seed"]


@dataclass
class BatchResult:
    """The tables of a batch, as written to `out_dir`."""

    runs: pd.DataFrame  # one row per finished run
    yearly: pd.DataFrame  # one row per finished run and reported year
    failures: pd.DataFrame  # one row per run that raised (empty when none did)
    out_dir: Path
    manifest: dict[str, Any]
    details: Details | None = None  # of sample point 0, for the report (None: runs gave none)

    @property
    def failed(self) -> int:
        return len(self.failures)


@dataclass(frozen=True)
class Precision:
    """Stop adding replications once every difference to the first design is this precise
    (sim.precision), or at `max_reps` replications."""

    precision: float
    max_reps: int = DEFAULT_MAX_REPS


Analysed = TypeVar("Analysed")


@dataclass
class StudyResult(Generic[Analysed]):
    """A study's runs (as run_batch gives them) and their analysis (None while runs are
    failed or missing): what `opzet sensitivity` and `opzet robustness` return."""

    batch: BatchResult
    analysis: Analysed | None
    out_dir: Path


def run_study(experiment: Experiment, out_dir: str | Path | None, kind: str,
              analyse: Callable[[BatchResult], Analysed],
              write: Callable[[Path, Analysed, dict[str, Any]], None],
              **options: Any) -> StudyResult[Analysed]:
    """Run a study's batch (run_batch's `options`: workers, resume, progress...) into
    `out_dir` (default results/NAME); once every run is in, `analyse` it and `write` the
    analysis into the folder before it takes the place of an earlier one."""
    out_dir = Path(out_dir) if out_dir is not None else Path("results") / experiment.name
    analyses: list[Analysed] = []

    def finish(folder: Path, batch: BatchResult) -> None:
        if batch.failed or len(batch.runs) < batch.manifest["runs"]:
            return
        analyses.append(analyse(batch))
        write(folder, analyses[0], batch.manifest)

    batch = run_batch(experiment, out_dir, kind=kind, finish=finish, **options)
    return StudyResult(batch, analyses[0] if analyses else None, out_dir)


def run_batch(experiment: Experiment | str | Path, out_dir: str | Path | None = None,
              workers: int = 1, dask_address: str | None = None, resume: bool = False, *,
              client: Client | None = None, progress: bool = True,
              run: Callable[[RunSpec], RunOutput] | None = None,
              on_result: Callable[[int, int], None] | None = None,
              kind: str = "batch", finish: Callable[[Path, BatchResult], None] | None = None,
              max_runs: int | None = None, precision: Precision | None = None) -> BatchResult:
    """Run an experiment (a file or a loaded Experiment) and write its results to `out_dir`
    (default results/NAME). Returns the tables; runs that raised are in `.failures`.

    workers: local processes (1: in this process); dask_address: "tcp://host:port" of a
    running dask.distributed scheduler (or pass a connected `client`); resume: keep the
    runs already done (in the partial folder a killed batch left, else in `out_dir`) and
    run only the missing runs (and the failed ones again).
    The runs are saved in a partial folder beside `out_dir` (sim.outputs) that takes
    the place of `out_dir` only when every run is done or failed, so earlier results
    stay whole until then; an interrupt raises sim.outputs.Interrupted saying what
    was kept.
    run: what executes one spec (default sim.execution.execute; module-level for workers).
    on_result(done, failed) is called after every run that this call executes (and, on
    local processes, every half second between: sim.engine.TICK).
    kind: the command whose results these are (sensitivity runs through here too);
    finish(folder, result) writes what that command adds, before the swap.
    max_runs: refuse more runs than this (default sim.limits.MAX_RUNS).
    precision: the experiment's replications are the first round; more are added
    until the differences are precise enough (sim.precision).
    Raises ExperimentError/ClusterError/OutputError (nothing written) when it cannot start.
    """
    if not isinstance(experiment, Experiment):
        experiment = load_experiment(experiment)
    where = Where(workers, dask_address, client)
    most = _check_precision(experiment, precision)
    planned = replace(experiment, replications=most)
    check_runs(planned.runs, experiment.run["families"],
               52 * (experiment.run["years"] + experiment.run["warmup_years"]),
               workers, max_runs, experiment.source)
    specs = expand(planned)
    job = Job(Path(out_dir) if out_dir is not None else Path("results") / experiment.name,
              kind, experiment.name, specs_digest(specs),
              f"a different version of experiment {experiment.name!r} (its designs, sample "
              "points, seeds or run settings differ); run without --resume to start again, "
              "or give the batch another name or --out folder",
              tuple(_inputs(experiment)), resume, progress)
    with engine(job, where, run, strict=False, planned=len(specs),
                on_result=on_result) as runner:
        started, clock = now(), time.perf_counter()
        done = runner.replications(
            lambda reps: [s for s in specs if s.replication in reps],
            experiment.replications, most,
            None if precision is None else lambda reps: _verdict(
                experiment, _summaries(experiment, specs, runner, reps),
                precision.precision).reached)
        result = _finish(replace(experiment, replications=done),
                         [s for s in specs if s.replication < done], job, runner,
                         (started, time.perf_counter() - clock), precision)
        runner.publish(lambda folder: _write_results(folder, result, finish))
    return result


def _check_precision(experiment: Experiment, precision: Precision | None) -> int:
    """The most replications the batch may run (ExperimentError for a precision it
    cannot judge)."""
    if precision is None:
        return experiment.replications
    if len(experiment.designs) < 2:
        raise ExperimentError("--precision", "needs two or more designs: it watches each "
                              "design's difference to the first")
    if not precision.precision > 0:
        raise ExperimentError("--precision", f"= {precision.precision}: give a positive "
                              "relative half-width such as 0.05")
    if precision.max_reps < experiment.replications:
        raise ExperimentError("--max-reps", f"= {precision.max_reps} is below the "
                              f"experiment's {experiment.replications} replications")
    return precision.max_reps


def _summaries(experiment: Experiment, specs: list[RunSpec], runner: Engine,
               reps: int) -> pd.DataFrame:
    """Identity and outcomes of the finished runs of the first `reps` replications."""
    return pd.DataFrame([_row(record, []) | {o: record["summary"][o]
                                            for o in experiment.outcomes}
                         for record in runner.outputs(s for s in specs if s.replication < reps)],
                        columns=ID_COLUMNS + experiment.outcomes)


def _verdict(experiment: Experiment, runs: pd.DataFrame, precision: float):
    """The precision verdict (sim.precision) on `runs`."""
    return judge(runs, next(iter(experiment.designs)), list(experiment.designs),
                 experiment.outcomes, precision)


def _finish(experiment: Experiment, specs: list[RunSpec], job: Job, runner: Engine,
            timing: tuple[str, float], precision: Precision | None) -> BatchResult:
    """The tables from the shards, and the manifest."""
    runs, yearly, failures = _collect(experiment, specs, runner.shards)
    details = shards.details(specs, runner.shards)
    manifest = _manifest(experiment, specs, job, runs, failures, details, timing,
                         runner.executed, runner.info())
    if precision is not None:
        verdict = _verdict(experiment, runs, precision.precision)
        manifest["precision"] = {"precision": precision.precision,
                                 "max_reps": precision.max_reps, "reached": verdict.reached,
                                 "unmeasured": verdict.unmeasured}
    return BatchResult(runs, yearly, failures, job.out_dir, manifest, details)


def read_results(out_dir: str | Path) -> BatchResult:
    """The tables of a finished batch folder (results/NAME), to analyse later."""
    out_dir = Path(out_dir)
    failures = out_dir / "failures.parquet"
    return BatchResult(pd.read_parquet(out_dir / "runs.parquet"),
                       pd.read_parquet(out_dir / "yearly.parquet"),
                       pd.read_parquet(failures) if failures.exists() else pd.DataFrame(),
                       out_dir, json.loads((out_dir / "manifest.json").read_text()),
                       Details.read(out_dir))


def failure_summary(result: BatchResult, limit: int = 5) -> str:
    """Lines for a person: how many runs failed, the first few errors, where the rest are."""
    total = result.manifest["runs"]
    where = result.out_dir / "failures.parquet"
    head = (f"{result.failed} of {total} runs failed; each is in {where} with its error "
            "and parameters (--resume runs them again):")
    lines = [head]
    for row in result.failures.head(limit).itertuples(index=False):
        lines.append(f"  {row.run_id} (seed {row.seed}): {row.error}: {row.message}")
    if result.failed > limit:
        lines.append(f"  ... and {result.failed - limit} more")
    return "\n".join(lines)


def _inputs(experiment: Experiment) -> list[str]:
    """The files an experiment was read from (its results may not be written over them)."""
    return [path for path in (experiment.source, experiment.scenario)
            if path is not None and Path(path).is_file()]


# Final tables


def _collect(experiment: Experiment, specs: list[RunSpec],
             folder: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The tables of every run, from the shards on disk, in the order of the specs."""
    value_columns = list(dict.fromkeys(path for point in experiment.points for path in point))
    runs, yearly, failures = [], [], []
    for spec in specs:
        if shards.shard(folder, spec.run_id).exists():
            record, table = shards.read(folder, spec.run_id)
            runs.append(_row(record, value_columns)
                        | {name: record["summary"][name] for name in experiment.outcomes})
            frame = table.to_pandas()
            for i, column in enumerate(ID_COLUMNS[:4]):
                frame.insert(i, column, record[column])
            yearly.append(frame)
        elif (record := shards.failure(folder, spec.run_id)) is not None:
            failures.append(_row(record, value_columns)
                            | {k: record[k] for k in ("error", "message", "traceback")})
    id_types = {"sample": "int64", "replication": "int64", "seed": "int64"}
    runs_frame = pd.DataFrame(runs, columns=ID_COLUMNS + value_columns + experiment.outcomes)
    failures_frame = pd.DataFrame(failures, columns=ID_COLUMNS + value_columns
                                  + ["error", "message", "traceback"])
    yearly_frame = (pd.concat(yearly, ignore_index=True) if yearly
                    else pd.DataFrame(columns=ID_COLUMNS[:4]))
    return (runs_frame.astype(id_types), yearly_frame.astype(
        {k: v for k, v in id_types.items() if k in yearly_frame}), failures_frame.astype(id_types))


def _row(record: dict[str, Any], value_columns: list[str]) -> dict[str, Any]:
    return ({column: record[column] for column in ID_COLUMNS}
            | {path: record["values"].get(path) for path in value_columns})


def _manifest(experiment: Experiment, specs: list[RunSpec], job: Job, runs: pd.DataFrame,
              failures: pd.DataFrame, details: Details | None,
              timing: tuple[str, float], executed: int,
              execution_info: dict[str, Any]) -> dict[str, Any]:
    files = ["runs.parquet", "yearly.parquet"] + (["failures.parquet"] if len(failures) else [])
    if details is not None:
        files += [f"{DETAILS}/{name}" for name in details.files]
    started, seconds = timing
    return {
        "kind": job.kind,
        "experiment": experiment.resolved(),
        "seeds": {"base": experiment.seed,
                  "replications": dict(enumerate(experiment.replication_seeds())),
                  "rule": "replication k of every design and sample point: "
                          "sim.execution.replication_seed(base, k)"},
        "runs": len(specs),
        "runs_done": len(runs),
        "runs_failed": len(failures),
        "failed_run_ids": failures["run_id"].tolist(),
        "runs_missing": len(specs) - len(runs) - len(failures),
        "runs_executed_this_time": executed,
        "resumed": job.resume,
        "execution": execution_info,
        "specs_digest": job.digest,
        **provenance(started),
        "seconds": round(seconds, 3),
        "files": files + ["manifest.json", f"{SHARDS}/"],
    }


def _write_results(folder: Path, result: BatchResult,
                   finish: Callable[[Path, BatchResult], None] | None) -> None:
    """The tables, the detail and the manifest; then what the command adds (`finish`)."""
    replace_file(folder / "runs.parquet", lambda tmp: result.runs.to_parquet(tmp, index=False))
    replace_file(folder / "yearly.parquet",
                 lambda tmp: result.yearly.to_parquet(tmp, index=False))
    if result.failed:
        replace_file(folder / "failures.parquet",
                     lambda tmp: result.failures.to_parquet(tmp, index=False))
    else:
        (folder / "failures.parquet").unlink(missing_ok=True)
    if result.details is not None:
        result.details.write(folder)
    else:
        shutil.rmtree(folder / DETAILS, ignore_errors=True)
    write_json(folder / "manifest.json", result.manifest)
    if finish is not None:
        finish(folder, result)
