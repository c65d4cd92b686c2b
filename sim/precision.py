"""When replications are enough: every paired difference to the reference is known to a
given precision.

The rule of `opzet compare --precision` and `opzet batch --precision`: the 95%
interval of every difference design - reference (paired per replication, on common
seeds) in the watched outcomes has a half-width of at most `precision` times the
reference mean. In a batch with sample points that holds at every sample point.
Replications are added in rounds of ROUND, a fixed number, so where the runs stop
depends on the results alone, never on how many workers ran them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from sim.statistics import paired_table, relative_widths

ROUND = 2
"""Replications added per round while the intervals are too wide."""
DEFAULT_MAX_REPS = 100


@dataclass
class Verdict:
    """Whether the precision is reached, and the relative half-widths it was judged on."""

    reached: bool
    widths: pd.DataFrame  # watched outcome x design (the reference excepted)
    unmeasured: list[str] = field(default_factory=list)  # watched, but no run measured them

    @property
    def judged(self) -> bool:
        """False when no run measured any watched outcome, so more runs will not help."""
        return len(self.widths) > 0


def judge(runs: pd.DataFrame, reference: str, designs: list[str], watched: list[str],
          precision: float) -> Verdict:
    """The verdict on `runs` (design, replication, [sample,] one column per outcome)."""
    measured = [o for o in watched if runs[o].notna().any()]
    groups = [group for _, group in runs.groupby("sample")] if "sample" in runs else [runs]
    tables = [relative_widths(paired_table(group, reference, measured, designs), reference,
                              measured) for group in groups]
    widths = tables[0] if len(tables) == 1 else \
        pd.concat(tables).groupby(level=0, sort=False).max()
    reached = bool(measured) and bool((widths.to_numpy() <= precision).all())
    return Verdict(reached, widths, [o for o in watched if o not in measured])
