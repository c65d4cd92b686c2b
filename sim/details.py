"""Compact detail of a comparison, for the pictures of `opzet report`.

Run-level outcomes give means and intervals; a workshop also wants to see the
journey, the spread over families, the curves in time. Keeping every family of
every run would be millions of rows, so a comparison keeps, per design:

- `families.parquet`: the families in contact during the reported years, from
  replication 0 only (FAMILY_COLUMNS);
- `flows.csv`: moves between core tasks and their handoffs, per replication;
- `waiting.csv`: every organisation's waiting list at the end of each reported
  week, the mean over replications;
- `events.parquet`: the record of every step of those families (replication 0), so
  one family can be followed through each design (the same family, born the same
  and meeting the same chance events: `sim.report.one_family`).

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
FILES = ("families.parquet", "flows.csv", "waiting.csv", "events.parquet")
FAMILY_COLUMNS = ["organisations_seen", "professionals_max_at_once", "handoffs",
                  "days_to_first_contact", "days_to_help", "reached_good_enough",
                  "recurrence_days", "followed_days"]
"""Columns of families.parquet that every version wrote (sim.outcomes.FAMILY_OUTCOMES has
their meaning)."""
FAMILY_EXTRA = ["family", "waited_days"]
"""Columns of families.parquet since the record is kept too: which family (the id the
record names), and its days on waiting lists."""
EVENT_COLUMNS = ["family", "day", "organisation", "decision", "perceived_concern",
                 "family_disputes"]
"""Columns of events.parquet, besides design (sim.records has their meaning)."""
COLUMNS = {"families.parquet": ["design", *FAMILY_COLUMNS],
           "flows.csv": ["design", "replication", "source", "target", "families", "handoffs"],
           "waiting.csv": ["design", "week", "organisation", "waiting"]}
"""Each file of details/ that every version wrote and the columns readers rely on;
events.parquet (EVENT_COLUMNS) is read when present (results made before it have none)."""


@dataclass
class RunDetail:
    """The detail of one run: families in contact, moves, weekly waiting lists, and the
    record of the families' steps."""

    families: pd.DataFrame
    flows: pd.DataFrame
    waiting: pd.DataFrame
    events: pd.DataFrame

    def kept(self, replication: int) -> RunDetail:
        """What is kept of it: families and their record only from replication 0, so a
        batch of thousands of runs stays small."""
        return self if replication == 0 else replace(
            self, families=self.families.iloc[:0], events=self.events.iloc[:0])

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
        """The detail `write` left at `stem`; None when a part is missing (the record may
        be: a run saved before it was kept has none)."""
        paths = {part.name: _part_path(stem, part.name) for part in fields(cls)}
        if not all(path.exists() for name, path in paths.items() if name != "events"):
            return None
        return cls(**{name: pd.read_parquet(path) if path.exists()
                      else pd.DataFrame(columns=EVENT_COLUMNS) for name, path in paths.items()})


def run_detail(families: pd.DataFrame, flows: pd.DataFrame, waiting: pd.DataFrame,
               events: pd.DataFrame) -> RunDetail:
    """The detail kept from one run's tables (families in contact only, and their record
    when the run kept one)."""
    in_contact = families["organisations_seen"] > 0
    kept = families.loc[in_contact, [*FAMILY_COLUMNS, *FAMILY_EXTRA]].reset_index(drop=True)
    events = events[EVENT_COLUMNS] if len(events) else pd.DataFrame(columns=EVENT_COLUMNS)
    return RunDetail(kept, flows, waiting, events.reset_index(drop=True))


def _read_table(path: Path, columns: list[str]) -> pd.DataFrame:
    """A details file, with at least `columns` (ValueError naming it when not)."""
    table = pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path)
    if missing := [c for c in columns if c not in table.columns]:
        raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
    return table


@dataclass
class Details:
    """The detail of every design of a comparison or batch, as the three tables written."""

    families: pd.DataFrame  # design + FAMILY_COLUMNS (+ FAMILY_EXTRA since kept)
    flows: pd.DataFrame  # design, replication, source, target, families, handoffs
    waiting: pd.DataFrame  # design, week, organisation, waiting (mean over replications)
    events: pd.DataFrame | None = None  # design + EVENT_COLUMNS (None: results without it)

    @classmethod
    def collect(cls, runs: Iterable[tuple[str, int, RunDetail]]) -> Details:
        """Combine (design, replication, detail) of every run."""
        families, flows, waiting, events = [], [], [], []
        for design, replication, detail in runs:
            if replication == 0:
                families.append(detail.families.assign(design=design))
                events.append(detail.events.assign(design=design))
            flows.append(detail.flows.assign(design=design, replication=replication))
            waiting.append(detail.waiting.assign(design=design))
        waits = pd.concat(waiting, ignore_index=True)
        mean_wait = (waits.groupby(["design", "week", "organisation"], sort=False)["waiting"]
                     .mean().reset_index())
        if not families:  # a batch whose runs of replication 0 all failed
            families = [pd.DataFrame(columns=["design", *FAMILY_COLUMNS, *FAMILY_EXTRA])]
            events = [pd.DataFrame(columns=["design", *EVENT_COLUMNS])]
        return cls(_design_first(pd.concat(families, ignore_index=True)),
                   _design_first(pd.concat(flows, ignore_index=True)), mean_wait,
                   _design_first(pd.concat(events, ignore_index=True)))

    def write(self, folder: Path) -> None:
        """Write the files to `folder`/details, which appears whole, in place of an
        earlier one (a resumed batch writes it again)."""
        from sim.atomic import replace_folder

        def write(target: Path) -> None:
            self.families.to_parquet(target / "families.parquet", index=False)
            self.flows.to_csv(target / "flows.csv", index=False)
            self.waiting.to_csv(target / "waiting.csv", index=False)
            if self.events is not None:
                self.events.to_parquet(target / "events.parquet", index=False)

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
        events = source / "events.parquet"
        return cls(*(read_table(source / name, columns) for name, columns in COLUMNS.items()),
                   read_table(events, ["design", *EVENT_COLUMNS]) if events.exists() else None)

    @property
    def files(self) -> list[str]:
        """The files `write` writes, as the manifest lists them."""
        return [name for name in FILES if name != "events.parquet" or self.events is not None]


def _part_path(stem: Path, part: str) -> Path:
    return stem.with_name(f"{stem.name}.{part}.parquet")


def _design_first(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[["design", *[c for c in frame.columns if c != "design"]]]
