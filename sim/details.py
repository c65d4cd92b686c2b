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
A batch keeps the same from its sample point 0, saving each run's part as it
finishes (`RunDetail.write`) and combining them at the end (sim.batch).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, replace
from pathlib import Path

import pandas as pd

FOLDER = "details"
FILES = ("families.parquet", "flows.csv", "waiting.csv")
FAMILY_COLUMNS = ["organisations_seen", "professionals_max_at_once", "handoffs",
                  "days_to_first_contact", "days_to_help", "reached_good_enough",
                  "recurrence_days", "followed_days"]
"""Columns of families.parquet (sim.outcomes.FAMILY_OUTCOMES has their meaning)."""
COLUMNS = {"families.parquet": ["design", *FAMILY_COLUMNS],
           "flows.csv": ["design", "replication", "source", "target", "families", "handoffs"],
           "waiting.csv": ["design", "week", "organisation", "waiting"]}
"""Each file of details/ (FILES) and the columns it holds, which readers rely on."""


@dataclass
class RunDetail:
    """The detail of one run: families in contact, moves, weekly waiting lists."""

    families: pd.DataFrame
    flows: pd.DataFrame
    waiting: pd.DataFrame

    def kept(self, replication: int) -> RunDetail:
        """What is kept of it: families only from replication 0, so a batch of thousands
        of runs stays small."""
        return self if replication == 0 else replace(self, families=self.families.iloc[:0])

    def write(self, stem: Path, write: Callable[[Path, Callable[[Path], None]], None]
              ) -> None:
        """Write `stem`.families/.flows/.waiting.parquet, each through `write(path, writer)`
        (a batch writes them atomically, before the run's shard)."""
        for part in fields(self):
            frame = getattr(self, part.name)
            write(_part_path(stem, part.name),
                  lambda tmp, frame=frame: frame.to_parquet(tmp, index=False))

    @classmethod
    def read(cls, stem: Path) -> RunDetail | None:
        """The detail `write` left at `stem`; None when a part is missing."""
        paths = {part.name: _part_path(stem, part.name) for part in fields(cls)}
        if not all(path.exists() for path in paths.values()):
            return None
        return cls(**{name: pd.read_parquet(path) for name, path in paths.items()})


def run_detail(families: pd.DataFrame, flows: pd.DataFrame, waiting: pd.DataFrame
               ) -> RunDetail:
    """The detail kept from one run's tables (families in contact only)."""
    in_contact = families["organisations_seen"] > 0
    return RunDetail(families.loc[in_contact, FAMILY_COLUMNS].reset_index(drop=True),
                     flows, waiting)


def _read_table(path: Path, columns: list[str]) -> pd.DataFrame:
    """A details file, with at least `columns` (ValueError naming it when not)."""
    table = pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path)
    if missing := [c for c in columns if c not in table.columns]:
        raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
    return table


@dataclass
class Details:
    """The detail of every design of a comparison or batch, as the three tables written."""

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
        if not families:  # a batch whose runs of replication 0 all failed
            families = [pd.DataFrame(columns=["design", *FAMILY_COLUMNS])]
        return cls(_design_first(pd.concat(families, ignore_index=True)),
                   _design_first(pd.concat(flows, ignore_index=True)), mean_wait)

    def write(self, folder: Path) -> None:
        """Write the three files to `folder`/details, which appears whole, in place of an
        earlier one (a resumed batch writes it again)."""
        from sim.atomic import replace_folder

        def write(target: Path) -> None:
            self.families.to_parquet(target / "families.parquet", index=False)
            self.flows.to_csv(target / "flows.csv", index=False)
            self.waiting.to_csv(target / "waiting.csv", index=False)

        replace_folder(folder / FOLDER, write)

    @classmethod
    def read(cls, folder: Path,
             read_table: Callable[[Path, list[str]], pd.DataFrame] = _read_table
             ) -> Details | None:
        """The details written in a results folder; None when it has none. Each file goes
        through `read_table(path, columns)`, so the report can pass one that turns any
        damage into one line naming the file."""
        source = Path(folder) / FOLDER
        if not source.is_dir():
            return None
        return cls(*(read_table(source / name, columns) for name, columns in COLUMNS.items()))


def _part_path(stem: Path, part: str) -> Path:
    return stem.with_name(f"{stem.name}.{part}.parquet")


def _design_first(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[["design", *[c for c in frame.columns if c != "design"]]]
