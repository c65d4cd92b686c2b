"""Compact detail of a comparison, for the pictures of `opzet report`.

Run-level outcomes give means and intervals; a workshop also wants to see the
journey, the spread over families, the curves in time. Keeping every family of
every run would be millions of rows, so a comparison keeps, per design:

- `families.parquet`: the families in contact during the reported years, from
  replication 0 only (FAMILY_COLUMNS);
- `flows.csv`: moves between core tasks and their handoffs, per replication;
- `waiting.csv`: every organisation's waiting list at the end of each reported
  week, the mean over replications.

Each file has a `design` column; they sit in `details/` of the results folder.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

FOLDER = "details"
FAMILY_COLUMNS = ["organisations_seen", "professionals_max_at_once", "handoffs",
                  "days_to_first_contact", "days_to_help", "reached_good_enough",
                  "recurrence_days", "followed_days"]
"""Columns of families.parquet (sim.outcomes.FAMILY_OUTCOMES has their meaning)."""


@dataclass
class RunDetail:
    """The detail of one run: families in contact, moves, weekly waiting lists."""

    families: pd.DataFrame
    flows: pd.DataFrame
    waiting: pd.DataFrame


def run_detail(families: pd.DataFrame, flows: pd.DataFrame, waiting: pd.DataFrame
               ) -> RunDetail:
    """The detail kept from one run's tables (families in contact only)."""
    in_contact = families["organisations_seen"] > 0
    return RunDetail(families.loc[in_contact, FAMILY_COLUMNS].reset_index(drop=True),
                     flows, waiting)


@dataclass
class Details:
    """The detail of every design of a comparison, as the three tables written."""

    families: pd.DataFrame  # design + FAMILY_COLUMNS
    flows: pd.DataFrame  # design, replication, source, target, families, handoffs
    waiting: pd.DataFrame  # design, week, organisation, waiting (mean over replications)

    @classmethod
    def collect(cls, runs: Iterable[tuple[str, int, RunDetail]]) -> Details:
        """Combine (design, replication, detail) of every run."""
        families, flows, waiting = [], [], []
        for design, replication, detail in runs:
            if replication == 0:
                families.append(detail.families.assign(design=design))
            flows.append(detail.flows.assign(design=design, replication=replication))
            waiting.append(detail.waiting.assign(design=design))
        waits = pd.concat(waiting, ignore_index=True)
        mean_wait = (waits.groupby(["design", "week", "organisation"], sort=False)["waiting"]
                     .mean().reset_index())
        return cls(_design_first(pd.concat(families, ignore_index=True)),
                   _design_first(pd.concat(flows, ignore_index=True)), mean_wait)

    def write(self, folder: Path) -> None:
        """Write the three files to `folder`/details."""
        target = folder / FOLDER
        target.mkdir()
        self.families.to_parquet(target / "families.parquet", index=False)
        self.flows.to_csv(target / "flows.csv", index=False)
        self.waiting.to_csv(target / "waiting.csv", index=False)

    @classmethod
    def read(cls, folder: Path) -> Details | None:
        """The details written in a results folder; None when it has none."""
        source = Path(folder) / FOLDER
        if not (source / "flows.csv").exists():
            return None
        return cls(pd.read_parquet(source / "families.parquet"),
                   pd.read_csv(source / "flows.csv"), pd.read_csv(source / "waiting.csv"))


def _design_first(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[["design", *[c for c in frame.columns if c != "design"]]]
