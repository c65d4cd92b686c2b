"""Finished runs kept on disk, one file each, so a killed command loses only its runs in flight.

Each finished run is one shard, `shards/<run_id>.parquet` (its yearly rows, with
its run-level outcomes and identity in the file's metadata), or
`shards/<run_id>.failed.json` when it raised. A shard is written to a temporary
file and renamed into place (sim.atomic), so it is whole or absent; a damaged one
does not count as done and is run again. A run of sample point 0 saves its detail
(sim.details) in `shards/details/` before its shard, so a run with a shard has it.
`shards/batch.json` says which runs the folder belongs to (a digest of them), so
runs of something else are never taken for these.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from sim.atomic import replace_file
from sim.details import FOLDER as DETAILS
from sim.details import Details, RunDetail
from sim.execution import RunFailure, RunOutput, RunSpec
from sim.input_errors import ScenarioError
from sim.outputs import Claim

SHARDS = "shards"
BATCH_FILE = "batch.json"  # in shards/: which runs the shards belong to
META_KEY = b"opzet_run"


class ShardsError(ScenarioError):
    """Shards that cannot be resumed from (another experiment's, unreadable); `str(err)`
    is one line for a person."""


def write_json(path: Path, data: Any) -> None:
    replace_file(path, lambda tmp: tmp.write_text(json.dumps(data, indent=2, default=str)))


def open_shards(work: Path, name: str, digest: str, runs: int) -> Path:
    """The shards folder of a (partial) results folder, saying which runs it holds."""
    shards = work / SHARDS
    shards.mkdir(exist_ok=True)
    write_json(shards / BATCH_FILE, {"experiment": name, "digest": digest, "runs": runs})
    return shards


def check_resumable(out: Claim, digest: str, changed: str) -> None:
    """Refuse to resume from runs of something else; `changed` ends the message that
    says so (what differs, and what to do)."""
    shards = (out.partial if out.partial.exists() else out.target) / SHARDS
    batch_file = shards / BATCH_FILE
    if not batch_file.exists():
        if shards.exists() and any(shards.glob("*.parquet")):
            raise ShardsError(str(out.target), "has results but no batch.json to tell whose; "
                              "run without --resume to start again")
        return
    try:
        known = json.loads(batch_file.read_text())
    except (OSError, ValueError) as err:
        raise ShardsError(str(batch_file), f"cannot be read ({err}); run without --resume "
                          "to start again") from None
    if not isinstance(known, dict) or known.get("digest") != digest:
        raise ShardsError(str(out.target), f"holds runs of {changed}")


def shard(shards: Path, run_id: str) -> Path:
    return shards / f"{run_id}.parquet"


def failure_file(shards: Path, run_id: str) -> Path:
    return shards / f"{run_id}.failed.json"


def intact(shards: Path, run_id: str) -> bool:
    """Whether the run has a shard that reads: a damaged one (cut short, overwritten) is
    run again."""
    try:
        return META_KEY in (pq.read_schema(shard(shards, run_id)).metadata or {})
    except (OSError, ValueError, pa.ArrowException):
        return False


def save(shards: Path, outcome: RunOutput | RunFailure) -> None:
    """A finished run's shard, or its failure record."""
    if isinstance(outcome, RunFailure):
        record = _record(outcome.spec) | {"error": outcome.error, "message": outcome.message,
                                          "traceback": outcome.traceback}
        write_json(failure_file(shards, outcome.spec.run_id), record)
    else:
        _write_shard(shards, outcome)


def record(shards: Path, run_id: str) -> dict[str, Any]:
    """What a shard says of its run: identity, sample values and outcomes ("summary")."""
    return json.loads(pq.read_schema(shard(shards, run_id)).metadata[META_KEY])


def read(shards: Path, run_id: str) -> tuple[dict[str, Any], pa.Table]:
    """A shard's record and its yearly rows."""
    table = pq.read_table(shard(shards, run_id))
    return json.loads(table.schema.metadata[META_KEY]), table


def failure(shards: Path, run_id: str) -> dict[str, Any] | None:
    """The failure record of a run that raised (None when it did not)."""
    path = failure_file(shards, run_id)
    return json.loads(path.read_text()) if path.exists() else None


def details(specs: list[RunSpec], shards: Path) -> Details | None:
    """The detail of sample point 0's finished runs, combined in the order of `specs`."""
    runs = [(spec.design, spec.replication, detail) for spec in specs
            if spec.sample == 0 and shard(shards, spec.run_id).exists()
            and (detail := RunDetail.read(_detail_stem(shards, spec.run_id))) is not None]
    return Details.collect(runs) if runs else None


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
    meta_record = _record(spec) | {"summary": output.summary}
    table = pa.Table.from_pandas(output.yearly, preserve_index=False)
    meta = dict(table.schema.metadata or {})
    meta[META_KEY] = json.dumps(meta_record).encode()
    replace_file(shard(shards, spec.run_id),
                 lambda tmp: pq.write_table(table.replace_schema_metadata(meta), tmp))
    failure_file(shards, spec.run_id).unlink(missing_ok=True)
