"""The progress bar every command that runs many runs shows on stderr: runs done of runs
planned, failures, time spent and time left."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)


class RunBar:
    """A bar named `name` (None: none shown) whose total may grow, as rounds of
    replications are added; on stderr unless given another console."""

    def __init__(self, name: str | None, console: Console | None = None) -> None:
        self._progress = Progress(
            TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("runs  [red]{task.fields[failed]} failed"), TimeElapsedColumn(),
            TextColumn("left"), TimeRemainingColumn(),
            console=console or Console(stderr=True), disable=name is None)
        self._task = self._progress.add_task(name or "", total=None, failed=0)
        self._failed = self._total = 0

    def __enter__(self) -> Self:
        self._progress.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._progress.stop()

    def plan(self, more: int, kept: int) -> None:
        """`more` runs are added to the plan, of which `kept` were done before (by an
        earlier, interrupted command)."""
        self._total += more
        self._progress.update(self._task, total=self._total, advance=kept)

    def advance(self, failed: bool) -> None:
        self._failed += failed
        self._progress.update(self._task, advance=1, failed=self._failed)
