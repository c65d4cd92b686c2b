"""The progress bar every command that runs models shows: runs done of runs planned
(counting those an interrupted command saved), failures, and time left."""

from __future__ import annotations

import io
import re

from rich.console import Console

from sim.progress import RunBar


def test_the_bar_counts_saved_and_new_runs_failures_and_shows_time_left():
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=140, color_system=None)
    with RunBar("compare", console) as bar:
        bar.plan(6, kept=2)  # two runs saved by an earlier, interrupted command
        bar.advance(failed=False)
        bar.advance(failed=True)
        bar.plan(2, kept=0)  # a round of replications added on precision
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.getvalue())
    last = [line for line in re.split(r"[\r\n]", shown) if line.strip()][-1]
    assert "compare" in last
    assert "4/8 runs" in last
    assert "1 failed" in last
    assert "left" in last


def test_no_bar_without_a_name():
    screen = io.StringIO()
    with RunBar(None, Console(file=screen, force_terminal=True)) as bar:
        bar.plan(3, kept=0)
        bar.advance(failed=False)
    assert screen.getvalue().strip() == ""
