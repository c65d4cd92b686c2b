"""`opzet compare [SCENARIO ...] [--explain]`: run designs on the same seeds, compare them
with the first, and show the table (sim.compare does the comparing), and with --explain
the parts of each difference (sim.attribution)."""

from __future__ import annotations

import argparse
import math
from datetime import datetime
from pathlib import Path
from typing import Any

from sim.cli import flags
from sim.designs import BUILTIN_DESIGNS
from sim.limits import MAX_REPS, check_runs, count_flag
from sim.outputs import check_folder
from sim.scenario import deep_merge, load_scenario


def add(commands: Any) -> None:
    parser = commands.add_parser(
        "compare", help="run designs on the same seeds and compare them with the first",
        description="Run every design on the same seeds (common random numbers) and report, "
                    "per outcome, the mean per design and the paired difference to the first "
                    "design with a 95%% confidence interval.")
    parser.add_argument("scenarios", metavar="SCENARIO", nargs="*",
                        help="scenario files (TOML), one design each, the first the "
                             "reference; none: the built-in designs on the default region")
    parser.add_argument("--designs", metavar="NAMES",
                        help="built-in designs to run, comma-separated, the first the "
                             "reference (default: all: relay, team, independent_review, "
                             "client_support, family_inside, family_centre, future)")
    parser.add_argument("--base", metavar="FILE",
                        help="region the built-in designs are applied to (scenario file; "
                             "default: the built-in region)")
    parser.add_argument("--reps", metavar="N",
                        help="replications per design (default 10; with --precision the "
                             "first round, default 5)")
    flags.add_precision(parser, "--reps")
    parser.add_argument("--outcomes", metavar="A,B,C",
                        help="outcomes to show and, with --precision, to watch "
                             "(default: all; watched: handoffs, court_orders, days_to_help, "
                             "lasting_reduction)")
    parser.add_argument("--seed", type=flags.flag_value, help="base seed of the replications")
    parser.add_argument("--years", type=flags.flag_value,
                        help="years reported after the warm-up")
    parser.add_argument("--families", type=flags.flag_value, help="number of families")
    parser.add_argument("--explain", action="store_true",
                        help="also split each design's difference to the reference into the "
                             "parts due to each mechanism, design assumption and lever in "
                             "which they differ (Shapley values with 95%% intervals, for the "
                             "outcomes above; attribution.csv): for k parts up to "
                             "2^(k+1) - 2 more runs per design and replication (relay and "
                             "team: k = 2, 6 more runs), at most 8 parts")
    flags.add_running(parser)
    parser.add_argument("--out", metavar="DIR", type=Path,
                        help="results folder (default: results/compare-<date>-<time>)")
    parser.set_defaults(command=main)


def main(args: argparse.Namespace) -> int:
    """Check everything (one line and exit 2 for a bad flag or file, before any run starts
    and with nothing written), run, write, print."""
    from sim.compare import compare  # heavy (the model); validate and params do without

    plan = _plan(args)
    result = compare(**plan, progress=True)
    console = flags.wide_console()
    title = (f"{len(result.designs)} designs x {result.reps} replications on the same seeds; "
             f"results in {plan['out_dir']}")
    console.print(title, highlight=False)
    for table in screen_tables(result, console.width):
        console.print(table)
    for line in summary_lines(result):
        console.print(line, highlight=False, soft_wrap=True)
    runs = len(result.runs)
    if result.attribution is not None:
        for table in attribution_tables(result, console.width):
            console.print(table)
        for line in attribution_lines(result):
            console.print(line, highlight=False, soft_wrap=True)
        runs += result.attribution.runs * result.reps
    console.print(f"{runs} runs in {result.seconds:.0f} s on {result.workers} worker(s).",
                  highlight=False)
    return 0


def _plan(args: argparse.Namespace) -> dict[str, Any]:
    """The arguments of `compare`, from the command's flags."""
    from sim.compare import CompareError, check_outcomes

    files = list(args.scenarios)
    if files and (args.designs or args.base):
        flag = "--designs" if args.designs else "--base"
        raise CompareError(f"{flag} is for the built-in designs; with scenario files each "
                           "file is one design")
    if len(files) == 1:
        raise CompareError("give two or more scenario files (each is one design, the first "
                           "the reference), or none to compare the built-in designs")
    precision = flags.precision(args)
    reps = count_flag(args.reps, "--reps", 10 if precision is None else 5, 2, MAX_REPS)
    max_reps = count_flag(args.max_reps, "--max-reps", max(100, reps), reps, MAX_REPS)
    where = flags.where(args)
    max_runs = flags.max_runs(args)
    try:
        outcomes = check_outcomes(args.outcomes.split(",")) if args.outcomes is not None \
            else None
    except CompareError as err:
        raise CompareError(f"--outcomes: {err}") from None
    designs, base = _designs(args, files)
    run = {flag: getattr(args, flag) for flag in ("seed", "years", "families")
           if getattr(args, flag) is not None}
    _check_size(designs, base, run, reps if precision is None else max_reps, where.workers,
                max_runs, "--reps" if precision is None else "--max-reps", args.explain)
    out_dir = args.out or Path("results") / f"compare-{datetime.now():%Y%m%d-%H%M%S}"
    inputs = [*files, *([base] if base else [])]
    check_folder(out_dir, "compare", inputs)
    return {
        "designs": designs, "base": base, "reps": reps, "workers": where.workers,
        "dask": where.dask, "precision": precision, "outcomes": outcomes, "min_reps": reps,
        "max_reps": max_reps, "overrides": {"run": run} if run else None,
        "out_dir": out_dir, "inputs": inputs, "resume": args.resume, "explain": args.explain,
    }


def _designs(args: argparse.Namespace, files: list[str]) -> tuple[dict[str, Any], str | None]:
    """The designs to compare (name -> scenario file or levers) and the base region."""
    from sim.compare import CompareError
    from sim.params import Scenario
    from sim.suggest import did_you_mean

    if files:
        designs: dict[str, Any] = {}
        for path in files:
            scenario = load_scenario(path)  # a bad file stops here, before any run
            name = scenario.name if scenario.name != Scenario.model_fields["name"].default \
                else Path(path).stem
            if name in designs:
                name = Path(path).stem if Path(path).stem not in designs else f"{name} ({path})"
            designs[name] = path
        return designs, None
    if not args.designs:
        return BUILTIN_DESIGNS, args.base
    names = [name.strip() for name in args.designs.split(",") if name.strip()]
    for name in names:
        if name not in BUILTIN_DESIGNS:
            hint = did_you_mean(name, BUILTIN_DESIGNS,
                                "built-in designs: " + ", ".join(BUILTIN_DESIGNS))
            raise CompareError(f"--designs: unknown design '{name}'; {hint}")
    designs = {name: BUILTIN_DESIGNS[name] for name in dict.fromkeys(names)}
    if len(designs) < 2:
        raise CompareError("--designs: name at least two designs, the first the reference")
    return designs, args.base


def _check_size(designs: dict[str, Any], base: str | None, run: dict[str, Any], reps: int,
                workers: int, max_runs: int, flag: str, explain: bool) -> None:
    """Check every design's scenario (and with --explain the parts of each difference)
    before the first run starts, and refuse more runs than allowed."""
    from sim.attribution import Explanation

    scenarios = {name: load_scenario(value, {"run": run}) if isinstance(value, str)
                 else load_scenario(base, deep_merge(value, {"run": run}))
                 for name, value in designs.items()}
    per_replication = len(designs) + (Explanation(scenarios).runs if explain else 0)
    largest = max(scenarios.values(),
                  key=lambda s: s.run.families * (s.run.years + s.run.warmup_years))
    check_runs(per_replication * reps, largest.run.families,
               52 * (largest.run.years + largest.run.warmup_years), workers, max_runs, flag)


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


def screen_tables(result: Any, width: int = 120, title: str | None = None) -> list[Any]:
    """The comparison as rich tables: one row per outcome, one column per design.

    The reference column shows its mean; every other column its mean and,
    below it, the difference to the reference with the 95% interval, bold and
    starred when the interval excludes 0. Designs are split over several
    tables when they do not fit in `width` characters.
    """
    from rich.table import Table
    from rich.text import Text

    from sim.summary import MEASURES

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


def summary_lines(result: Any) -> list[str]:
    """Plain lines under the tables: what the cells mean, the designs, and the precision."""
    from sim.summary import MEASURES

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


def attribution_tables(result: Any, width: int = 120) -> list[Any]:
    """Per design, its difference to the reference split into parts: one row each for the
    total, every part and the rest, one column per outcome (split over several tables
    when they do not fit in `width` characters), each cell the mean and the 95%
    interval, bold and starred when the interval excludes 0."""
    from rich.table import Table
    from rich.text import Text

    from sim.summary import MEASURES

    table = result.attribution.table
    outcomes = list(dict.fromkeys(table["outcome"]))
    reference = result.runs[result.runs["design"] == result.reference]
    decimals = {o: _decimals(abs(reference[o].mean())) for o in outcomes}
    longest = min(46, int(table["label"].str.len().max()))
    per_table = max(1, (width - longest - 4) // 31)
    tables = []
    for design, rows in table.groupby("design", sort=False):
        cells = {(r.outcome, r.part): r for r in rows.itertuples()}
        labels = dict(zip(rows["part"], rows["label"], strict=False))
        for number, start in enumerate(range(0, len(outcomes), per_table)):
            chunk = outcomes[start:start + per_table]
            shown = Table(title=(f"{design} - {result.reference}, split into its parts "
                                 "(Shapley values)") if number == 0 else None,
                          title_justify="left", show_lines=True)
            shown.add_column("part", max_width=46)
            for outcome in chunk:
                shown.add_column(Text.assemble(MEASURES[outcome].label, "\n",
                                               (MEASURES[outcome].unit, "dim")),
                                 justify="right", no_wrap=True)
            for part, label in labels.items():
                line: list[Any] = [label]
                for outcome in chunk:
                    r, d = cells[(outcome, part)], decimals[outcome]
                    significant = r.ci_low > 0 or r.ci_high < 0  # False for NaN
                    interval = "[-]" if math.isnan(r.ci_low) else \
                        f"[{_number(r.ci_low, d)}, {_number(r.ci_high, d)}]"
                    line.append(Text(f"{_number(r.mean, d, True)} {interval}"
                                     + (" *" if significant else "  "),
                                     "bold" if significant else ""))
                shown.add_row(*line)
            tables.append(shown)
    return tables


def attribution_lines(result: Any) -> list[str]:
    """Plain lines under the attribution tables: what the parts and the rest are."""
    return [
        (f"Each cell: mean of {result.reps} replications [95% interval], * where it "
         "excludes 0. A part's share is its Shapley value: what switching it on adds, "
         "averaged over the orders of switching the parts on; in every replication the "
         "parts and the rest add up to the total."),
        ("Rest: the difference with every part off (every mechanism off, every design "
         "assumption neutral, the reference's levers and settings); relay against team, "
         "only what defines the team (handoffs)."),
        (f"{result.attribution.runs} runs per replication beyond the designs' own; "
         "attribution.csv holds the table."),
    ]
