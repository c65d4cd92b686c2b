"""Compare designs on common random numbers: mean per design and paired differences.

Replication k of every design runs on the same seed (`replication_seed(seed, k)`),
so the same families are born with the same problems and meet the same chance
events; what differs between two runs of one replication is the design. The
difference design - reference is therefore taken per replication, and its 95%
confidence interval comes from the t distribution on those paired differences.
That interval is much narrower than one from two independent samples: the
chance both runs share cancels out (tests/test_compare.py shows it).

    from sim.compare import BUILTIN_DESIGNS, compare
    result = compare(BUILTIN_DESIGNS, reps=10, workers=2)
    result.table      # outcome x design: mean, diff, ci_low, ci_high, n
    result.runs       # design x replication: every outcome of sim.summary.MEASURES

`opzet compare` is the command-line face of `compare`.
"""

from __future__ import annotations

import json
import math
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from sim.designs import BUILTIN_DESIGNS, DESIGNS
from sim.details import Details, RunDetail
from sim.execution import RunOutput, RunSpec, execute, map_specs, replication_seed
from sim.limits import MAX_REPS, MAX_RUNS, check_runs, check_workers, count_flag, cpus
from sim.outputs import check_folder, claim
from sim.params import Scenario
from sim.scenario import deep_merge, load_scenario, scenario_to_toml_dict
from sim.statistics import CONFIDENCE, paired_table, relative_widths
from sim.suggest import did_you_mean
from sim.summary import MEASURES

WATCHED = ("handoffs", "court_orders", "days_to_help", "lasting_reduction")
"""Outcomes whose precision `--precision` watches when no outcomes are chosen."""


class CompareError(ValueError):
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
        from sim.runner import git_commit, package_versions

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
            "packages": package_versions(),
            "git_commit": git_commit(),
            "started": self.started,
            "ended": self.ended,
            "seconds": round(self.seconds, 1),
            "files": ["comparison.csv", "runs.parquet", "manifest.json"] + (
                [f"details/{name}" for name in ("families.parquet", "flows.csv", "waiting.csv")]
                if self.details is not None else []),
        }

    def write(self, out_dir: str | Path) -> Path:
        """Write comparison.csv, runs.parquet, manifest.json and details/; the folder
        appears whole, in place of an earlier comparison (OutputError, nothing written,
        for any other folder: sim.outputs)."""
        manifest = self.manifest()

        def write(folder: Path) -> None:
            self.table.to_csv(folder / "comparison.csv", index=False)
            self.runs.to_parquet(folder / "runs.parquet", index=False)
            (folder / "manifest.json").write_text(json.dumps(manifest, indent=2))
            if self.details is not None:
                self.details.write(folder)

        with claim(out_dir, "compare") as out:
            return out.build(write)


# ------------------------------------------------------------------ running
def _measurable(runs: pd.DataFrame, outcome: str) -> bool:
    """Whether an outcome has a value in at least one run (e.g. recurrence needs 24
    months of follow-up, so a run of one reported year never measures it)."""
    return bool(runs[outcome].notna().any())


def check_outcomes(outcomes: Iterable[str] | None) -> list[str] | None:
    """The outcome names, checked against MEASURES (CompareError names the unknown one)."""
    if outcomes is None:
        return None
    chosen = [name.strip() for name in outcomes if name.strip()]
    if not chosen:
        raise CompareError("no outcomes chosen; valid outcomes: " + ", ".join(MEASURES))
    for name in chosen:
        if name not in MEASURES:
            hint = did_you_mean(name, MEASURES, "valid outcomes: " + ", ".join(MEASURES))
            raise CompareError(f"unknown outcome '{name}'; {hint}")
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


def compare(designs: Mapping[str, Mapping[str, Any] | str | Path] | None = None,
            base: str | Path | None = None, *, reps: int = 10, seed: int | None = None,
            workers: int = 1, precision: float | None = None,
            outcomes: Iterable[str] | None = None, watch: Iterable[str] | None = None,
            min_reps: int = 5, max_reps: int = 100,
            overrides: Mapping[str, Any] | None = None,
            descriptions: Mapping[str, str] | None = None,
            progress: Callable[[int, int], None] | None = None,
            run: Callable[[RunSpec], RunOutput] = execute) -> Comparison:
    """Run every design on the same seeds and compare each with the first.

    designs: name -> overrides applied to `base` (a scenario file; None: the
        built-in default region), or name -> a scenario file of its own.
        Default: BUILTIN_DESIGNS. The first design is the reference.
    reps: replications per design (at least 2), when `precision` is not given.
    seed: base seed; replication k of every design runs on
        replication_seed(seed, k). Default: the reference scenario's run.seed.
    precision: instead of a fixed `reps`, start with `min_reps` and add
        replications in rounds (of max(workers, 2)) until the 95% interval of
        every difference in the precision outcomes has a half-width of at most
        `precision` times the reference mean, or `max_reps` is reached.
    outcomes: outcomes in the table (default: all of MEASURES).
    watch: outcomes whose intervals `precision` applies to (default: `outcomes`
        when given, else WATCHED).
    overrides: applied to every design last (e.g. {"run": {"families": 5000}}).
    run: what executes one RunSpec (default: sim.execution.execute).

    Raises CompareError for bad arguments and ScenarioError for a bad
    scenario, both before anything runs.
    """
    designs = BUILTIN_DESIGNS if designs is None else designs
    descriptions = {**{name: DESIGNS[name].description["en"] for name, value in designs.items()
                       if BUILTIN_DESIGNS.get(name) == value}, **(descriptions or {})}
    chosen = check_outcomes(outcomes)
    watched = check_outcomes(watch) or chosen or list(WATCHED)
    if len(designs) < 2:
        raise CompareError(f"a comparison needs at least two designs, got {len(designs)}")
    if precision is None and reps < 2:
        raise CompareError(f"reps = {reps}: at least 2 replications are needed for an interval")
    if precision is not None:
        if not precision > 0:
            raise CompareError(f"precision = {precision}: give a positive relative half-width, "
                               "e.g. 0.05")
        if min_reps < 2:
            raise CompareError(f"min_reps = {min_reps}: at least 2 replications are needed")
        if max_reps < min_reps:
            raise CompareError(f"max_reps = {max_reps} is below min_reps = {min_reps}")
    if workers < 1:
        raise CompareError(f"workers = {workers}: at least 1")
    table_outcomes = chosen or list(MEASURES)

    resolved = _resolve(designs, base, overrides, descriptions)
    reference = resolved[0]
    if seed is None:
        seed = load_scenario(reference.base, reference.overrides).run.seed
    scenarios: dict[str, Scenario] = {
        d.name: load_scenario(d.base, deep_merge(d.overrides, {"run": {"seed": seed,
                                                                   "record_events": False}}))
        for d in resolved}

    started = datetime.now(UTC)
    clock = time.perf_counter()
    rows: list[dict[str, Any]] = []
    details: list[tuple[str, int, RunDetail]] = []
    done, target = 0, (reps if precision is None else min_reps)
    step = max(workers, 2)
    widths, reached, unmeasured = None, None, []
    while True:
        specs = [RunSpec(run_id=f"{d.name}-r{k}", design=d.name, replication=k,
                         seed=replication_seed(seed, k), overrides=d.overrides, base=d.base)
                 for k in range(done, target) for d in resolved]
        total = len(rows) + len(specs)
        for output in map_specs(specs, workers, run):
            spec = output.spec
            rows.append({"design": spec.design, "replication": spec.replication,
                         "seed": spec.seed, **output.summary})
            if output.detail is not None:  # families are kept from replication 0 only
                detail = output.detail if spec.replication == 0 else replace(
                    output.detail, families=output.detail.families.iloc[:0])
                details.append((spec.design, spec.replication, detail))
            if progress is not None:
                progress(len(rows), total)
        done = target
        if precision is None:
            break
        runs = _runs_frame(rows, resolved)
        measurable = [o for o in watched if _measurable(runs, o)]
        unmeasured = [o for o in watched if o not in measurable]
        table = paired_table(runs, reference.name, measurable, [d.name for d in resolved])
        widths = relative_widths(table, reference.name, measurable)
        reached = bool(measurable) and bool((widths.to_numpy() <= precision).all())
        if reached or done >= max_reps or not measurable:
            break
        target = min(done + step, max_reps)

    runs = _runs_frame(rows, resolved)
    table = paired_table(runs, reference.name, table_outcomes, [d.name for d in resolved])
    return Comparison(
        reference=reference.name,
        designs={d.name: {"description": d.description, "base": d.base,
                          "overrides": d.overrides,
                          "scenario": scenario_to_toml_dict(scenarios[d.name])}
                 for d in resolved},
        runs=runs, table=table, seed=seed, reps=done, outcomes=table_outcomes,
        precision=precision,
        precision_outcomes=list(widths.index) if widths is not None else [],
        precision_reached=reached, precision_unmeasured=unmeasured, widths=widths,
        details=Details.collect(details) if details else None,
        workers=workers,
        seconds=time.perf_counter() - clock,
        started=started.isoformat(timespec="seconds"),
        ended=datetime.now(UTC).isoformat(timespec="seconds"))


def _runs_frame(rows: list[dict[str, Any]], designs: list[_Design]) -> pd.DataFrame:
    """Runs in a fixed order: design as given, then replication."""
    runs = pd.DataFrame(rows, columns=["design", "replication", "seed", *MEASURES])
    order = {d.name: i for i, d in enumerate(designs)}
    runs = runs.sort_values(["design", "replication"], key=lambda col: col.map(order)
                            if col.name == "design" else col, kind="stable")
    return runs.reset_index(drop=True)


# ------------------------------------------------------------------ screen
def _decimals(scale: float) -> int:
    """Decimals that show about three significant digits of numbers of this size."""
    if not scale or math.isnan(scale):
        return 2
    return min(6, max(0, 2 - math.floor(math.log10(scale))))


def _number(x: float, decimals: int, signed: bool = False) -> str:
    if x is None or math.isnan(x):
        return "-"
    text = f"{x:{'+' if signed else ''},.{decimals}f}"
    return text if text.strip("+-0.,") else text.replace("-", "").replace("+", "")


def screen_tables(result: Comparison, width: int = 120, title: str | None = None) -> list[Any]:
    """The comparison as rich tables: one row per outcome, one column per design.

    The reference column shows its mean; every other column its mean and,
    below it, the difference to the reference with the 95% interval, bold and
    starred when the interval excludes 0. Designs are split over several
    tables when they do not fit in `width` characters.
    """
    from rich.table import Table
    from rich.text import Text

    others = [d for d in result.designs if d != result.reference]
    per_table = max(1, (width - 38 - 12) // 27)
    chunks = [others[i:i + per_table] for i in range(0, len(others), per_table)] or [[]]
    rows = {(r.outcome, r.design): r for r in result.table.itertuples()}
    tables = []
    for number, chunk in enumerate(chunks):
        table = Table(title=title if number == 0 else None, title_justify="left",
                      show_lines=True)
        table.add_column("outcome (unit)", max_width=38)
        for design in (result.reference, *chunk):
            table.add_column(design, justify="right", no_wrap=True)
        for outcome in result.outcomes:
            measure = MEASURES[outcome]
            ref = rows[(outcome, result.reference)]
            decimals = _decimals(abs(ref.mean) if not math.isnan(ref.mean) else math.nan)
            cells: list[Any] = [Text.assemble(measure.label, "\n", (measure.unit, "dim")),
                                _number(ref.mean, decimals)]
            for design in chunk:
                row = rows[(outcome, design)]
                if math.isnan(row.ci_low):
                    interval = f"{_number(row.diff, decimals, True)} [-]"
                    significant = False
                else:
                    interval = (f"{_number(row.diff, decimals, True)} "
                                f"[{_number(row.ci_low, decimals)}, "
                                f"{_number(row.ci_high, decimals)}]")
                    significant = row.ci_low > 0 or row.ci_high < 0
                cells.append(Text.assemble(
                    _number(row.mean, decimals), "\n",
                    (interval + (" *" if significant else "  "),
                     "bold" if significant else "dim")))
            table.add_row(*cells)
        tables.append(table)
    return tables


def summary_lines(result: Comparison) -> list[str]:
    """Plain lines under the tables: what the cells mean, the designs, and the precision."""
    lines = [
        (f"Each cell: mean of {result.reps} replications; below it the difference to "
         f"{result.reference} [95% interval over paired replications], "
         "* where the interval excludes 0."),
        (f"Replication k of every design runs on the same seed (common random numbers; "
         f"base seed {result.seed})."),
    ]
    described = [(name, info["description"]) for name, info in result.designs.items()
                 if info["description"]]
    if described:
        lines.append("Designs:")
        lines += [f"  {name}: {text}" for name, text in described]
    if result.precision is not None:
        watched = ", ".join(MEASURES[o].label for o in result.precision_outcomes) or "none"
        if result.precision_reached:
            lines.append(f"Precision {result.precision:g} reached after {result.reps} "
                         f"replications per design (watched: {watched}).")
        elif result.widths is not None and len(result.widths):
            stacked = result.widths.stack()
            outcome, design = stacked.idxmax()
            lines.append(f"Precision {result.precision:g} NOT reached after {result.reps} "
                         f"replications per design (the maximum); widest: "
                         f"{MEASURES[outcome].label}, {design} - {result.reference}, half-width "
                         f"{stacked.max():.3g} of the reference mean.")
        else:
            lines.append(f"Precision {result.precision:g} could not be judged: no run measured "
                         f"the watched outcomes.")
        if result.precision_unmeasured:
            lines.append("Not measured by any run, so not watched: " + ", ".join(
                MEASURES[o].label for o in result.precision_unmeasured) + ".")
    return lines


# ------------------------------------------------------------------ command line
def run_command(args: Any) -> int:
    """`opzet compare` (flags in sim.cli): check everything, run, write, print.

    A bad flag or file ends as one line on stderr and exit status 2 before
    any run starts, and nothing is written (ScenarioError is reported by
    sim.cli.main, which names the flag).
    """
    from rich.console import Console

    try:
        plan = _plan(args)
    except CompareError as err:
        print(str(err), file=sys.stderr)
        return 2
    out_dir = plan.pop("out_dir")
    err_console = Console(stderr=True)
    progress = _progress_bar(err_console)
    with claim(out_dir, "compare", plan.pop("inputs")), progress:
        task = progress.add_task("runs", total=None)
        result = compare(**plan, progress=lambda done, total: progress.update(
            task, completed=done, total=total, refresh=True))
        result.write(out_dir)
    console = Console()
    if not console.is_terminal:  # piped or redirected: wide lines rather than 80 columns
        console = Console(width=160)
    title = (f"{len(result.designs)} designs x {result.reps} replications on the same seeds; "
             f"results in {out_dir}")
    console.print(title, highlight=False)
    for table in screen_tables(result, console.width):
        console.print(table)
    for line in summary_lines(result):
        console.print(line, highlight=False, soft_wrap=True)
    console.print(f"{len(result.runs)} runs in {result.seconds:.0f} s on {result.workers} "
                  f"worker(s).", highlight=False)
    return 0


def _progress_bar(console: Any) -> Any:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    # No refresh thread: worker processes are forked while the bar is shown, and a
    # thread holding a lock at that moment could leave the lock taken in the child.
    return Progress("[progress.description]{task.description}", BarColumn(),
                    MofNCompleteColumn(), TimeElapsedColumn(), console=console, transient=True,
                    auto_refresh=False)


def _plan(args: Any) -> dict[str, Any]:
    """The arguments of `compare` and the results folder, from the command's flags."""
    files = list(args.scenarios)
    if files and (args.designs or args.base):
        flag = "--designs" if args.designs else "--base"
        raise CompareError(f"{flag} is for the built-in designs; with scenario files each "
                           "file is one design")
    if len(files) == 1:
        raise CompareError("give two or more scenario files (each is one design, the first "
                           "the reference), or none to compare the built-in designs")
    precision = None
    if args.precision is not None:
        try:
            precision = float(args.precision)
        except ValueError:
            raise CompareError(f"--precision = {args.precision!r}: give a number such as "
                               "0.05") from None
        if not precision > 0 or math.isinf(precision):
            raise CompareError(f"--precision = {args.precision}: give a positive relative "
                               "half-width such as 0.05")
    reps = count_flag(args.reps, "--reps", 10 if precision is None else 5, 2, MAX_REPS)
    max_reps = count_flag(args.max_reps, "--max-reps", max(100, reps), reps, MAX_REPS)
    workers = check_workers(count_flag(args.workers, "--workers", cpus()))
    max_runs = count_flag(args.max_runs, "--max-runs", MAX_RUNS)
    try:
        outcomes = check_outcomes(args.outcomes.split(",")) if args.outcomes is not None \
            else None
    except CompareError as err:
        raise CompareError(f"--outcomes: {err}") from None

    if files:
        designs: dict[str, Any] = {}
        for path in files:
            scenario = load_scenario(path)  # a bad file stops here, before any run
            name = scenario.name if scenario.name != Scenario.model_fields["name"].default \
                else Path(path).stem
            if name in designs:
                name = Path(path).stem if Path(path).stem not in designs else f"{name} ({path})"
            designs[name] = path
        base = None
    elif args.designs:
        names = [name.strip() for name in args.designs.split(",") if name.strip()]
        for name in names:
            if name not in BUILTIN_DESIGNS:
                hint = did_you_mean(name, BUILTIN_DESIGNS,
                                    "built-in designs: " + ", ".join(BUILTIN_DESIGNS))
                raise CompareError(f"--designs: unknown design '{name}'; {hint}")
        designs = {name: BUILTIN_DESIGNS[name] for name in dict.fromkeys(names)}
        if len(designs) < 2:
            raise CompareError("--designs: name at least two designs, the first the reference")
        base = args.base
    else:
        designs, base = BUILTIN_DESIGNS, args.base
    run: dict[str, Any] = {}
    for flag in ("seed", "years", "families"):
        if getattr(args, flag) is not None:
            run[flag] = getattr(args, flag)
    scenarios = [load_scenario(value, {"run": run}) if isinstance(value, str)
                 else load_scenario(base, deep_merge(value, {"run": run}))
                 for value in designs.values()]  # each checked before the first run starts
    largest = max(scenarios, key=lambda s: s.run.families * (s.run.years + s.run.warmup_years))
    check_runs(len(designs) * (reps if precision is None else max_reps), largest.run.families,
               52 * (largest.run.years + largest.run.warmup_years), workers, max_runs,
               "--reps" if precision is None else "--max-reps")
    out_dir = args.out or Path("results") / f"compare-{datetime.now():%Y%m%d-%H%M%S}"
    inputs = [*files, *([base] if base else [])]
    check_folder(out_dir, "compare", inputs)
    return {
        "designs": designs, "base": base, "reps": reps, "workers": workers,
        "precision": precision, "outcomes": outcomes, "min_reps": reps, "max_reps": max_reps,
        "overrides": {"run": run} if run else None,
        "out_dir": out_dir, "inputs": inputs,
    }
