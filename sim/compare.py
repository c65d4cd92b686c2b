"""Compare designs on common random numbers: mean per design and paired differences.

Replication k of every design runs on the same seed (`replication_seed(seed, k)`),
so the same families are born with the same problems and meet the same chance
events; what differs between two runs of one replication is the design. The
difference design - reference is therefore taken per replication, and its 95%
confidence interval comes from the t distribution on those paired differences.
That interval is much narrower than one from two independent samples: the
chance both runs share cancels out (tests/test_compare.py shows it).

    from sim.compare import compare
    from sim.designs import BUILTIN_DESIGNS
    result = compare(BUILTIN_DESIGNS, reps=10, workers=2)
    result.table      # outcome x design: mean, diff, ci_low, ci_high, n
    result.runs       # design x replication: every outcome of sim.summary.MEASURES

The runs go through the engine (sim.engine): on local processes or Dask, each
saved as it finishes, so a comparison written to a folder can be killed and
resumed. `opzet compare` (sim.cli.compare) is the command-line face of `compare`;
with `explain=True` it also splits every difference into the parts due to each
mechanism, design assumption and lever (sim.attribution), its extra runs going through
the same engine.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from sim.atomic import replace_file
from sim.attribution import Attribution, Explanation
from sim.cluster import Where
from sim.designs import BUILTIN_DESIGNS, DESIGNS
from sim.details import Details
from sim.engine import Engine, Job, engine
from sim.errors import ProjectError
from sim.execution import RunOutput, RunSpec, execute, replication_seed
from sim.outputs import claim
from sim.params import Scenario
from sim.precision import DEFAULT_MAX_REPS, Verdict, judge
from sim.provenance import now, provenance
from sim.scenario import deep_merge, load_scenario, scenario_to_toml_dict
from sim.shards import details as shard_details
from sim.shards import write_json
from sim.statistics import CONFIDENCE, paired_table
from sim.summary import MEASURES, unknown_outcome

WATCHED = ("handoffs", "court_orders", "days_to_help", "lasting_reduction")
"""Outcomes whose precision `--precision` watches when no outcomes are chosen."""


class CompareError(ProjectError, ValueError):
    """A comparison that cannot be started; `str(err)` is one line for a person."""


@dataclass
class Comparison:
    """The result of `compare`: every run, and the table of means and paired differences."""

    reference: str
    designs: dict[str, dict[str, Any]]  # name -> description, base, overrides, scenario
    runs: pd.DataFrame  # design, replication, seed, one column per MEASURES outcome
    table: pd.DataFrame  # sim.statistics.COLUMNS, one row per outcome x design
    seed: int
    reps: int  # replications per design
    outcomes: list[str]  # outcomes in the table
    precision: float | None = None
    precision_outcomes: list[str] = field(default_factory=list)
    precision_reached: bool | None = None
    precision_unmeasured: list[str] = field(default_factory=list)  # no run measured them
    widths: pd.DataFrame | None = None  # relative half-widths (precision outcome x design)
    details: Details | None = None  # for the report's pictures (None: runs gave none)
    attribution: Attribution | None = None  # with explain=True (sim.attribution)
    workers: int = 1
    seconds: float = 0.0
    started: str = ""
    ended: str = ""

    @property
    def seeds(self) -> list[int]:
        """The seed of each replication, shared by every design."""
        return [replication_seed(self.seed, k) for k in range(self.reps)]

    def pivot(self, column: str = "mean") -> pd.DataFrame:
        """One column of the table as outcome x design (designs in their given order)."""
        wide = self.table.pivot(index="outcome", columns="design", values=column)
        return wide.loc[self.outcomes, list(self.designs)]

    def manifest(self) -> dict[str, Any]:
        """What manifest.json records: designs as resolved, seeds, versions, times."""
        return {
            "kind": "compare",
            "command": "compare",
            "reference": self.reference,
            "designs": self.designs,
            "seed": self.seed,
            "replication_seeds": self.seeds,
            "reps": self.reps,
            "confidence": CONFIDENCE,
            "outcomes": self.outcomes,
            "precision": self.precision,
            "precision_outcomes": self.precision_outcomes,
            "precision_reached": self.precision_reached,
            "precision_unmeasured": self.precision_unmeasured,
            "workers": self.workers,
            **provenance(self.started, self.ended),
            "seconds": round(self.seconds, 1),
            "files": ["comparison.csv", "runs.parquet", "manifest.json"] + (
                [f"details/{name}" for name in self.details.files]
                if self.details is not None else []) + (
                ["attribution.csv"] if self.attribution is not None else []),
            **({"attribution": self.attribution.manifest()} if self.attribution is not None
               else {}),
        }

    def write(self, out_dir: str | Path) -> Path:
        """Write comparison.csv, runs.parquet, manifest.json, details/ and with an
        attribution attribution.csv; the folder
        appears whole, in place of an earlier comparison (OutputError, nothing written,
        for any other folder: sim.outputs)."""
        with claim(out_dir, "compare") as out:
            return out.build(self.write_into)

    def write_into(self, folder: Path) -> None:
        """The files of `write` into `folder`, which the caller owns; each replaced whole,
        as a resumed folder shares its files with the earlier results (sim.outputs)."""
        replace_file(folder / "comparison.csv",
                     lambda tmp: self.table.to_csv(tmp, index=False))
        replace_file(folder / "runs.parquet", lambda tmp: self.runs.to_parquet(tmp, index=False))
        write_json(folder / "manifest.json", self.manifest())
        if self.details is not None:
            self.details.write(folder)
        if self.attribution is not None:
            replace_file(folder / "attribution.csv",
                         lambda tmp: self.attribution.table.to_csv(tmp, index=False))


# ------------------------------------------------------------------ running
def check_outcomes(outcomes: Iterable[str] | None) -> list[str] | None:
    """The outcome names, checked against MEASURES (CompareError names the unknown one)."""
    if outcomes is None:
        return None
    chosen = [name.strip() for name in outcomes if name.strip()]
    if not chosen:
        raise CompareError("no outcomes chosen; valid outcomes: " + ", ".join(MEASURES))
    for name in chosen:
        if problem := unknown_outcome(name, f"'{name}'"):
            raise CompareError(problem)
    return list(dict.fromkeys(chosen))


@dataclass(frozen=True)
class _Design:
    name: str
    base: str | None
    overrides: dict[str, Any]
    description: str


def _resolve(designs: Mapping[str, Mapping[str, Any] | str | Path], base: str | Path | None,
             overrides: Mapping[str, Any] | None, descriptions: Mapping[str, str]
             ) -> list[_Design]:
    resolved = []
    for name, value in designs.items():
        if isinstance(value, (str, Path)):
            design_base, levers = str(value), {}
            description = descriptions.get(name, f"scenario file {value}")
        elif isinstance(value, Mapping):
            design_base = str(base) if base is not None else None
            levers = dict(value)
            description = descriptions.get(name, "")
        else:
            raise CompareError(f"design {name!r}: give a table of overrides or a scenario "
                               f"file, not {type(value).__name__}")
        resolved.append(_Design(str(name), design_base, deep_merge(levers, overrides or {}),
                                description))
    return resolved


@dataclass(frozen=True)
class Stopping:
    """How many replications: `reps`, or with `precision` from `min_reps` in rounds until
    the differences in `watch` are that precise (sim.precision), at most `max_reps`."""

    reps: int = 10
    precision: float | None = None
    min_reps: int = 5
    max_reps: int = DEFAULT_MAX_REPS

    def check(self) -> None:
        if self.precision is None and self.reps < 2:
            raise CompareError(f"reps = {self.reps}: at least 2 replications are needed for "
                               "an interval")
        if self.precision is not None:
            if not self.precision > 0:
                raise CompareError(f"precision = {self.precision}: give a positive relative "
                                   "half-width, e.g. 0.05")
            if self.min_reps < 2:
                raise CompareError(f"min_reps = {self.min_reps}: at least 2 replications are "
                                   "needed")
            if self.max_reps < self.min_reps:
                raise CompareError(f"max_reps = {self.max_reps} is below min_reps = "
                                   f"{self.min_reps}")

    @property
    def first(self) -> int:
        return self.reps if self.precision is None else self.min_reps

    @property
    def most(self) -> int:
        return self.reps if self.precision is None else self.max_reps


def compare(designs: Mapping[str, Mapping[str, Any] | str | Path] | None = None,
            base: str | Path | None = None, *, reps: int = 10, seed: int | None = None,
            workers: int = 1, dask: str | None = None, precision: float | None = None,
            outcomes: Iterable[str] | None = None, watch: Iterable[str] | None = None,
            min_reps: int = 5, max_reps: int = DEFAULT_MAX_REPS,
            overrides: Mapping[str, Any] | None = None,
            descriptions: Mapping[str, str] | None = None, explain: bool = False,
            out_dir: str | Path | None = None, resume: bool = False,
            inputs: Iterable[str] = (), progress: bool = False,
            on_result: Callable[[int, int], None] | None = None,
            run: Callable[[RunSpec], RunOutput] = execute) -> Comparison:
    """Run every design on the same seeds and compare each with the first.

    designs: name -> overrides applied to `base` (a scenario file; None: the
        built-in default region), or name -> a scenario file of its own.
        Default: BUILTIN_DESIGNS. The first design is the reference.
    reps: replications per design (at least 2), when `precision` is not given.
    seed: base seed; replication k of every design runs on
        replication_seed(seed, k). Default: the reference scenario's run.seed.
    precision: instead of a fixed `reps`, start with `min_reps` and add
        replications in rounds (sim.precision.ROUND) until the 95% interval of
        every difference in the precision outcomes has a half-width of at most
        `precision` times the reference mean, or `max_reps` is reached.
    outcomes: outcomes in the table (default: all of MEASURES).
    watch: outcomes whose intervals `precision` applies to (default: `outcomes`
        when given, else WATCHED).
    overrides: applied to every design last (e.g. {"run": {"families": 5000}}).
    explain: also split each design's difference to the reference into the parts
        due to each mechanism, design assumption and lever (sim.attribution), for
        the precision outcomes, on the same replications; `.attribution` holds it.
    workers, dask: local processes, or the Dask scheduler at this address.
    out_dir: write the comparison there (sim.outputs; `inputs`: files it may not
        hold), saving each run as it finishes, so `resume=True` after a kill runs
        only the missing runs. None: nothing is written.
    progress: show the progress bar (sim.progress) on stderr.
    on_result: hears (runs done, runs failed) after every run and every half second
        between on local processes; an exception it raises stops the comparison there.
    run: what executes one RunSpec (default: sim.execution.execute).
    Raises CompareError, ScenarioError or AttributionError before anything runs.
    """
    designs = BUILTIN_DESIGNS if designs is None else designs
    stopping, chosen, watched = _stopping_rule(reps, precision, min_reps, max_reps, outcomes,
                                               watch)
    if len(designs) < 2:
        raise CompareError(f"a comparison needs at least two designs, got {len(designs)}")
    stopping.check()
    where = Where(workers, dask)
    plan = _Plan.resolve(designs, base, overrides, descriptions or {}, seed, explain)
    job = plan.job(None if out_dir is None else Path(out_dir), tuple(inputs), resume, progress)
    with engine(job, where, run, on_result=on_result) as runner:
        started, clock = now(), time.perf_counter()
        enough = None if precision is None else (
            lambda reps: _enough(plan.judge(runner, reps, watched, precision)))
        done = runner.replications(plan.specs, stopping.first, stopping.most, enough)
        if plan.explanation is not None:
            runner.run_all(plan.explanation.specs(range(done), plan.seed))
        result = plan.result(runner, done, chosen or list(MEASURES), stopping, watched,
                             workers, started, clock)
        runner.publish(result.write_into)
    return result


def _stopping_rule(reps: int, precision: float | None, min_reps: int, max_reps: int,
                   outcomes: Iterable[str] | None, watch: Iterable[str] | None
                   ) -> tuple[Stopping, list[str] | None, list[str]]:
    """When a comparison stops, the outcomes it tabulates and those its precision watches,
    each checked before anything runs."""
    stopping = Stopping(reps, precision, min_reps, max_reps)
    chosen = check_outcomes(outcomes)
    return stopping, chosen, check_outcomes(watch) or chosen or list(WATCHED)


def _enough(verdict: Verdict) -> bool:
    """Stop when precise enough, or when no run measured what is watched."""
    return verdict.reached or not verdict.judged


@dataclass(frozen=True)
class _Plan:
    """The designs as resolved, their scenarios and the seed: everything a run needs."""

    designs: list[_Design]
    scenarios: dict[str, Scenario]
    seed: int
    explanation: Explanation | None  # the attribution's games, when explaining

    @classmethod
    def resolve(cls, designs: Mapping[str, Mapping[str, Any] | str | Path],
                base: str | Path | None, overrides: Mapping[str, Any] | None,
                descriptions: Mapping[str, str], seed: int | None, explain: bool) -> _Plan:
        descriptions = {**{name: DESIGNS[name].description["en"]
                           for name, value in designs.items()
                           if BUILTIN_DESIGNS.get(name) == value}, **descriptions}
        resolved = _resolve(designs, base, overrides, descriptions)
        if seed is None:
            seed = load_scenario(resolved[0].base, resolved[0].overrides).run.seed
        scenarios = {d.name: load_scenario(d.base, deep_merge(d.overrides, {"run": {
            "seed": seed, "record_events": False}})) for d in resolved}
        return cls(resolved, scenarios, seed, Explanation(scenarios) if explain else None)

    @property
    def names(self) -> list[str]:
        return [d.name for d in self.designs]

    def job(self, out_dir: Path | None, inputs: tuple[str, ...], resume: bool,
            progress: bool) -> Job:
        text = json.dumps([(name, scenario_to_toml_dict(s))
                           for name, s in self.scenarios.items()]
                          + (["explain"] if self.explanation is not None else []),
                          sort_keys=True, default=str)
        return Job(out_dir, "compare", "compare", hashlib.sha256(text.encode()).hexdigest(),
                   "another comparison (its designs, seed or run settings differ); run "
                   "without --resume to start again, or give another --out folder",
                   inputs, resume, progress)

    def specs(self, reps: range) -> list[RunSpec]:
        """Replication by replication, every design in each (the order of the detail)."""
        return [RunSpec(run_id=f"design{i}-r{k}", design=d.name, replication=k,
                        seed=replication_seed(self.seed, k), overrides=d.overrides, base=d.base)
                for k in reps for i, d in enumerate(self.designs)]

    def runs(self, runner: Engine, reps: int) -> pd.DataFrame:
        """The saved runs of the first `reps` replications, design as given, then
        replication."""
        rows = [{"design": r["design"], "replication": r["replication"], "seed": r["seed"],
                 **r["summary"]} for r in runner.outputs(self.specs(range(reps)))]
        runs = pd.DataFrame(rows, columns=["design", "replication", "seed", *MEASURES])
        order = {name: i for i, name in enumerate(self.names)}
        runs = runs.sort_values(["design", "replication"], key=lambda col: col.map(order)
                                if col.name == "design" else col, kind="stable")
        return runs.reset_index(drop=True)

    def _attribution(self, runner: Engine, reps: int, runs: pd.DataFrame,
                     outcomes: list[str]) -> Attribution | None:
        """The attribution from the designs' runs and the extra ones (None: not asked)."""
        if self.explanation is None:
            return None
        extra = pd.DataFrame([{"design": r["design"], "replication": r["replication"],
                               **r["summary"]} for r in runner.outputs(
                                   self.explanation.specs(range(reps), self.seed))],
                             columns=["design", "replication", *MEASURES])
        return self.explanation.attribute(pd.concat([runs, extra], ignore_index=True),
                                          outcomes)

    def judge(self, runner: Engine, reps: int, watched: list[str],
              precision: float) -> Verdict:
        return judge(self.runs(runner, reps), self.names[0], self.names, watched, precision)

    def result(self, runner: Engine, reps: int, outcomes: list[str], stopping: Stopping,
               watched: list[str], workers: int, started: str,
               clock: float) -> Comparison:
        runs = self.runs(runner, reps)
        verdict = None if stopping.precision is None else judge(
            runs, self.names[0], self.names, watched, stopping.precision)
        return Comparison(
            reference=self.names[0],
            designs={d.name: {"description": d.description, "base": d.base,
                              "overrides": d.overrides,
                              "scenario": scenario_to_toml_dict(self.scenarios[d.name])}
                     for d in self.designs},
            runs=runs, table=paired_table(runs, self.names[0], outcomes, self.names),
            seed=self.seed, reps=reps, outcomes=outcomes, precision=stopping.precision,
            precision_outcomes=list(verdict.widths.index) if verdict else [],
            precision_reached=verdict.reached if verdict else None,
            precision_unmeasured=verdict.unmeasured if verdict else [],
            widths=verdict.widths if verdict else None,
            details=shard_details(self.specs(range(reps)), runner.shards),
            attribution=self._attribution(runner, reps, runs, watched),
            workers=workers, seconds=time.perf_counter() - clock,
            started=started, ended=now())
