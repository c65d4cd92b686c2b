"""Where runs run: in this process, on local worker processes, or on a Dask cluster.

One description (`Where`) for every command, so `--workers` and `--dask` mean the
same everywhere; `connected` opens the Dask client only for the command's time.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sim.input_errors import ScenarioError

if TYPE_CHECKING:
    from distributed import Client

DASK_CONNECT_TIMEOUT = "10s"


class ClusterError(ScenarioError):
    """Runs that cannot be sent anywhere (no Dask scheduler, a bad worker count);
    `str(err)` is one line for a person."""


@dataclass(frozen=True)
class Where:
    """Local processes (`workers`; 1: in this process) or the Dask scheduler at `dask`
    ("tcp://host:port"), or a connected `client`."""

    workers: int = 1
    dask: str | None = None
    client: Client | None = None

    def __post_init__(self) -> None:
        if isinstance(self.workers, bool) or not isinstance(self.workers, int) \
                or self.workers < 1:
            raise ClusterError("--workers", f"must be a whole number of at least 1, got "
                               f"{self.workers!r}")

    def info(self, client: Client | None) -> dict[str, Any]:
        """Where the runs ran, for the manifest."""
        mode = "dask" if client is not None else "processes" if self.workers > 1 else "serial"
        return {"mode": mode, "workers": self.workers if mode == "processes" else 1,
                "dask": self.dask if client is not None else None,
                "dask_workers": (len(client.scheduler_info()["workers"])
                                 if client is not None else None)}


@contextmanager
def connected(where: Where) -> Iterator[Client | None]:
    """The client given, else one connected to `where.dask` (and closed after), else None."""
    if where.client is not None or where.dask is None:
        yield where.client
        return
    own = _connect(where.dask)
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
        raise ClusterError("--dask", f"no Dask scheduler answered at {address} ({reason})") \
            from None
