"""Run every run of an experiment and keep the results safe on disk as they come.

Each finished run is written at once as one shard, `shards/<run_id>.parquet`
(its yearly rows, with its run-level outcomes and parameters in the file's
metadata), or `shards/<run_id>.failed.json` when it raised, in a partial folder
beside the results folder (sim.outputs), which takes the results folder's place
when every run is done or failed. A shard is written to a temporary file and
renamed into place, so a batch killed at any moment loses at most the runs in
flight and leaves earlier results whole, and `resume=True` runs only the runs
without a readable result. The final tables are always built from the shards, so a resumed batch
ends with exactly the tables of an uninterrupted one, and so does a batch run
serially, on local processes or on Dask: every run depends only on its spec.

    results/NAME/runs.parquet      one row per run: ids, seed, sampled parameters, outcomes
    results/NAME/yearly.parquet    one row per run and reported year (warm-up excluded)
    results/NAME/failures.parquet  one row per run that raised (only if any did)
    results/NAME/manifest.json     experiment as resolved, seeds, versions, commit, times
    results/NAME/details/          the detail of sample point 0 for `opzet report`

The detail (sim.details) is what a comparison keeps, from sample point 0 only:
families come from one run, and flows or waiting lists pooled over other points
would not match them. Each run of point 0 saves its part in `shards/details/`
before its shard (families of replication 0 only), so a run with a shard has it.

From Python:

    from sim.batch import run_batch
    result = run_batch("experiments/team_vs_relay.toml", workers=2)
    result.runs.groupby("design")["handoffs"].mean()
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sim import execution
from sim.atomic import replace_file
from sim.details import FILES as DETAIL_FILES
from sim.details import FOLDER as DETAILS
from sim.details import Details, RunDetail
from sim.execution import RunFailure, RunOutput, RunSpec
from sim.experiment import Experiment, expand, load_experiment, specs_digest
from sim.limits import check_runs
from sim.outputs import Claim, Interrupted, claim
from sim.runner import git_commit, package_versions
from sim.scenario import ScenarioError

if TYPE_CHECKING:
    from distributed import Client

SHARDS = "shards"
BATCH_FILE = "batch.json"  # in shards/: which runs the shards belong to
META_KEY = b"opzet_run"
ID_COLUMNS = ["run_id", "design", "sample", "replication", "seed"]
DASK_CONNECT_TIMEOUT = "10s"


class BatchError(ScenarioError):
    """A batch that cannot start (no Dask scheduler, results of another experiment in the
    way, bad worker count); `str(err)` is one message for a person."""


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


def run_batch(experiment: Experiment | str | Path, out_dir: str | Path | None = None,
              workers: int = 1, dask_address: str | None = None, resume: bool = False, *,
              client: Client | None = None, progress: bool = True,
              run: Callable[[RunSpec], RunOutput] | None = None,
              on_result: Callable[[int, int], None] | None = None,
              kind: str = "batch", finish: Callable[[Path, BatchResult], None] | None = None,
              max_runs: int | None = None) -> BatchResult:
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
    on_result(done, failed) is called after every run that this call executes.
    kind: the command whose results these are (sensitivity runs through here too);
    finish(folder, result) writes what that command adds, before the swap.
    max_runs: refuse more runs than this (default sim.limits.MAX_RUNS).
    Raises ExperimentError/BatchError/OutputError (nothing written) when it cannot start.
    """
    if not isinstance(experiment, Experiment):
        experiment = load_experiment(experiment)
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise BatchError("--workers", f"must be a whole number of at least 1, got {workers!r}")
    out_dir = Path(out_dir) if out_dir is not None else Path("results") / experiment.name
    check_runs(experiment.runs, experiment.run["families"],
               52 * (experiment.run["years"] + experiment.run["warmup_years"]),
               workers, max_runs, experiment.source)
    specs = expand(experiment)
    digest = specs_digest(specs)
    with claim(out_dir, kind, _inputs(experiment)) as out, \
            _dask_client(client, dask_address) as client:
        if resume:
            _check_resumable(out, digest, experiment)
        started = datetime.now(UTC)
        clock = time.perf_counter()
        work = out.workspace(resume)
        shards = _shards(work, experiment.name, digest, len(specs))
        todo = [spec for spec in specs if not _intact(_shard(shards, spec.run_id))]
        try:
            _execute(todo, shards, len(specs), workers, client, run or execution.execute,
                     progress and experiment.name, on_result)
        except KeyboardInterrupt:
            saved = sum(_intact(_shard(shards, spec.run_id)) for spec in specs)
            raise Interrupted(f"{saved} of {len(specs)} runs are saved in {work}; run the "
                              f"same command with --resume to finish; {out_dir} is as it "
                              "was") from None
        runs, yearly, failures = _collect(experiment, specs, shards)
        details = _details(specs, shards)
        manifest = _manifest(experiment, specs, digest, runs, failures, details, started,
                             datetime.now(UTC), time.perf_counter() - clock, len(todo),
                             resume, kind, _execution_info(workers, dask_address, client))
        _write_results(work, runs, yearly, failures, details, manifest)
        result = BatchResult(runs, yearly, failures, out_dir, manifest, details)
        if finish is not None:
            finish(work, result)
        out.publish()
    return result


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


# Running


@contextmanager
def _dask_client(client: Client | None, address: str | None) -> Iterator[Client | None]:
    """The client given, else one connected to `address` (and closed after), else None."""
    if client is not None or address is None:
        yield client
        return
    own = _connect(address)
    try:
        yield own
    finally:
        own.close()


def _connect(address: str) -> Client:
    from distributed import Client

    try:
        return Client(address, timeout=DASK_CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as err:
        reason = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise BatchError("--dask", f"no Dask scheduler answered at {address} ({reason})") \
            from None


def _execute(todo: list[RunSpec], shards: Path, total: int, workers: int,
             client: Client | None, run: Callable, progress: str | bool,
             on_result: Callable[[int, int], None] | None) -> None:
    """Run `todo`, writing each run's shard the moment it is back; `progress`: the name on
    the progress bar (False: no bar)."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    bar = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TextColumn("runs  [red]{task.fields[failed]} failed"), TimeElapsedColumn(),
                   TextColumn("left"), TimeRemainingColumn(),
                   console=Console(stderr=True), disable=not progress)
    done = failed = 0
    with bar:
        task = bar.add_task(str(progress), total=total, completed=total - len(todo),
                            failed=0)
        for outcome in execution.iter_runs(todo, workers=workers, client=client, run=run):
            if isinstance(outcome, RunFailure):
                _write_failure(shards, outcome)
                failed += 1
            else:
                _write_shard(shards, outcome)
            done += 1
            del outcome  # keep nothing of a finished run
            bar.update(task, advance=1, failed=failed)
            if on_result is not None:
                on_result(done, failed)


# Shards


def _shard(shards: Path, run_id: str) -> Path:
    return shards / f"{run_id}.parquet"


def _failure_file(shards: Path, run_id: str) -> Path:
    return shards / f"{run_id}.failed.json"


def _record(spec: RunSpec) -> dict[str, Any]:
    return {"run_id": spec.run_id, "design": spec.design, "sample": spec.sample,
            "replication": spec.replication, "seed": spec.seed, "values": spec.values}


def _detail_stem(shards: Path, run_id: str) -> Path:
    return shards / DETAILS / run_id


def _write_shard(shards: Path, output: RunOutput) -> None:
    """The run's detail (sample point 0 only), then its shard: the shard says it is done."""
    spec = output.spec
    if output.detail is not None and spec.sample == 0:
        (shards / DETAILS).mkdir(exist_ok=True)
        output.detail.kept(spec.replication).write(_detail_stem(shards, spec.run_id),
                                                   replace_file)
    record = _record(output.spec) | {"summary": output.summary}
    table = pa.Table.from_pandas(output.yearly, preserve_index=False)
    meta = dict(table.schema.metadata or {})
    meta[META_KEY] = json.dumps(record).encode()
    path = _shard(shards, output.spec.run_id)
    replace_file(path, lambda tmp: pq.write_table(table.replace_schema_metadata(meta), tmp))
    _failure_file(shards, output.spec.run_id).unlink(missing_ok=True)


def _write_failure(shards: Path, failure: RunFailure) -> None:
    record = _record(failure.spec) | {"error": failure.error, "message": failure.message,
                                      "traceback": failure.traceback}
    write_json(_failure_file(shards, failure.spec.run_id), record)


def write_json(path: Path, data: Any) -> None:
    replace_file(path, lambda tmp: tmp.write_text(json.dumps(data, indent=2, default=str)))


def _inputs(experiment: Experiment) -> list[str]:
    """The files an experiment was read from (its results may not be written over them)."""
    return [path for path in (experiment.source, experiment.scenario)
            if path is not None and Path(path).is_file()]


def _shards(work: Path, name: str, digest: str, runs: int) -> Path:
    """The shards folder of a (partial) results folder, saying which runs it holds."""
    shards = work / SHARDS
    shards.mkdir(exist_ok=True)
    write_json(shards / BATCH_FILE, {"experiment": name, "digest": digest, "runs": runs})
    return shards


def _execution_info(workers: int, dask_address: str | None,
                    client: Client | None) -> dict[str, Any]:
    """Where the runs ran, for the manifest."""
    mode = "dask" if client is not None else "processes" if workers > 1 else "serial"
    return {"mode": mode, "workers": workers if mode == "processes" else 1,
            "dask": dask_address if client is not None else None,
            "dask_workers": (len(client.scheduler_info()["workers"])
                             if client is not None else None)}


def _intact(shard: Path) -> bool:
    """A shard that reads: a damaged one (cut short, overwritten) is run again."""
    try:
        return META_KEY in (pq.read_schema(shard).metadata or {})
    except (OSError, ValueError, pa.ArrowException):
        return False


def _check_resumable(out: Claim, digest: str, experiment: Experiment) -> None:
    """Refuse to resume from runs of another experiment (or another version of it)."""
    shards = (out.partial if out.partial.exists() else out.target) / SHARDS
    batch_file = shards / BATCH_FILE
    if not batch_file.exists():
        if shards.exists() and any(shards.glob("*.parquet")):
            raise BatchError(str(out.target), "has results but no batch.json to tell whose; "
                             "run without --resume to start again")
        return
    try:
        known = json.loads(batch_file.read_text())
    except (OSError, ValueError) as err:
        raise BatchError(str(batch_file), f"cannot be read ({err}); run without --resume "
                         "to start again") from None
    if not isinstance(known, dict) or known.get("digest") != digest:
        raise BatchError(str(out.target), f"holds runs of a different version of experiment "
                         f"{experiment.name!r} (its designs, sample points, seeds or run "
                         "settings differ); run without --resume to start again, or give "
                         "the batch another name or --out folder")


# Final tables


def _collect(experiment: Experiment, specs: list[RunSpec],
             shards: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The tables of every run, from the shards on disk, in the order of the specs."""
    value_columns = list(dict.fromkeys(path for point in experiment.points for path in point))
    runs, yearly, failures = [], [], []
    for spec in specs:
        path = _shard(shards, spec.run_id)
        if path.exists():
            table = pq.read_table(path)
            record = json.loads(table.schema.metadata[META_KEY])
            runs.append(_row(record, value_columns)
                        | {name: record["summary"][name] for name in experiment.outcomes})
            frame = table.to_pandas()
            for i, column in enumerate(ID_COLUMNS[:4]):
                frame.insert(i, column, record[column])
            yearly.append(frame)
        elif _failure_file(shards, spec.run_id).exists():
            record = json.loads(_failure_file(shards, spec.run_id).read_text())
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


def _details(specs: list[RunSpec], shards: Path) -> Details | None:
    """The detail of sample point 0's finished runs, combined as a comparison does."""
    runs = [(spec.design, spec.replication, detail) for spec in specs
            if spec.sample == 0 and _shard(shards, spec.run_id).exists()
            and (detail := RunDetail.read(_detail_stem(shards, spec.run_id))) is not None]
    return Details.collect(runs) if runs else None


def _row(record: dict[str, Any], value_columns: list[str]) -> dict[str, Any]:
    return ({column: record[column] for column in ID_COLUMNS}
            | {path: record["values"].get(path) for path in value_columns})


def _manifest(experiment: Experiment, specs: list[RunSpec], digest: str, runs: pd.DataFrame,
              failures: pd.DataFrame, details: Details | None, started: datetime,
              ended: datetime, seconds: float, executed: int, resumed: bool, kind: str,
              execution_info: dict[str, Any]) -> dict[str, Any]:
    versions = package_versions()
    for name in ("dask", "distributed"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    files = ["runs.parquet", "yearly.parquet"] + (["failures.parquet"] if len(failures) else [])
    if details is not None:
        files += [f"{DETAILS}/{name}" for name in DETAIL_FILES]
    return {
        "kind": kind,
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
        "resumed": resumed,
        "execution": execution_info,
        "specs_digest": digest,
        "packages": versions,
        "git_commit": git_commit(),
        "started": started.isoformat(timespec="seconds"),
        "ended": ended.isoformat(timespec="seconds"),
        "seconds": round(seconds, 3),
        "files": files + ["manifest.json", f"{SHARDS}/"],
    }


def _write_results(out_dir: Path, runs: pd.DataFrame, yearly: pd.DataFrame,
                   failures: pd.DataFrame, details: Details | None,
                   manifest: dict[str, Any]) -> None:
    replace_file(out_dir / "runs.parquet", lambda tmp: runs.to_parquet(tmp, index=False))
    replace_file(out_dir / "yearly.parquet", lambda tmp: yearly.to_parquet(tmp, index=False))
    if len(failures):
        replace_file(out_dir / "failures.parquet",
                     lambda tmp: failures.to_parquet(tmp, index=False))
    else:
        (out_dir / "failures.parquet").unlink(missing_ok=True)
    if details is not None:
        details.write(out_dir)
    else:
        shutil.rmtree(out_dir / DETAILS, ignore_errors=True)
    write_json(out_dir / "manifest.json", manifest)
