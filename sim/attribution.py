"""Attribution: why a design differs from the reference, split into the parts due to each
mechanism, design assumption and lever, with 95% intervals (`opzet compare --explain`).

The parts of a comparison of reference A with design B (docs/attribution.md):

- when `design.model` differs, each mechanism (sim.params.mechanisms) on in either,
  switched on or off in both together;
- each design assumption (sim.assumptions.REGISTER) not neutral in A or in B where it
  applies; off: neutral in both;
- each other lever (`design.*`) whose value differs; off: B takes A's value;
- "other": any other setting that differs (not a lever or assumption, such as an added
  access point); off: B takes A's settings.

For a set S of parts switched on, v(S) = outcome(B(S)) - outcome(A(S)), the parts not
in S off: v(all parts) is the difference B - A, v(none) the rest, what remains with
every part off (relay against team: only the handoffs that define the team, by the
mirror test, tests/test_mirror.py). Each part's share is its Shapley value: its
contribution v(S + part) - v(S), averaged over the orders in which the parts could be
switched on, so an interaction is split evenly between the parts in it, and the parts
plus the rest add up to the difference. This is computed per replication (every
scenario of replication k runs on its seed, common random numbers) and its 95%
interval is the t interval over replications (sim.statistics.paired_ci).

Every one of the 2^k subsets of k parts is a pair of scenarios; scenarios a run reads
alike are run once, the designs' own not again: at most 2^(k+1) - 2 runs per design
and replication beyond the comparison's own (relay against team: k = 2, 6 runs), at
most MAX_PARTS parts.

    from sim.attribution import explain
    result = explain("relay", "team", base="scenarios/nl_relay_baseline.toml", reps=6)
    result.table   # design, outcome, part, label, mean, ci_low, ci_high, n
    result.values  # the same per replication: parts + rest = total in each

`explain` is `sim.compare.compare(..., explain=True).attribution` for two designs; the
runs go through the engine like every comparison's (workers, Dask, --resume).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.assumptions import BY_NAME, REGISTER, in_effect
from sim.designs import BUILTIN_DESIGNS
from sim.errors import ProjectError
from sim.execution import RunSpec, replication_seed
from sim.params import Scenario
from sim.params.design import Design
from sim.params.mechanisms import Mechanisms
from sim.scenario import scenario_to_toml_dict
from sim.statistics import paired_ci

MAX_PARTS = 8
"""More parts would take more than 2^9 runs per design and replication."""
TOTAL, REST, OTHER = "total", "rest", "other"
COLUMNS = ["design", "outcome", "part", "label", "mean", "ci_low", "ci_high", "n"]
"""Columns of the table (attribution.csv): per design and outcome the total, each part
(by its scenario path, such as mechanisms.handoff_costs, or "other") and the rest."""
NOT_OTHER = ("design", "assumptions", "mechanisms", "run", "name", "description",
             "calibration")
"""Scenario groups that are not "other settings": a run reads the first three through
its parts, the rest are the comparison's or read by no run."""
_UNREAD = ("name", "description", "calibration")
"""Groups no run reads (a run's seed and record_events are its RunSpec's)."""


class AttributionError(ProjectError, ValueError):
    """An attribution that cannot be made; `str(err)` is one line for a person."""


# ------------------------------------------------------------------ the parts
@dataclass(frozen=True)
class Part:
    """One way a design differs from the reference that can be switched off."""

    kind: str  # "mechanism", "assumption", "lever" or "other"
    field: str  # its field in the scenario's group (for "other": the groups that differ)
    label: str  # what it is, for the table

    @property
    def name(self) -> str:
        """Its scenario path (mechanisms.handoff_costs, design.review), or "other"."""
        group = {"mechanism": "mechanisms", "assumption": "assumptions", "lever": "design"}
        return OTHER if self.kind == "other" else f"{group[self.kind]}.{self.field}"

    def off(self, reference: Scenario, design: Scenario) -> tuple[Scenario, Scenario]:
        """Both scenarios with this part switched off."""
        if self.kind == "mechanism":
            return (_with(reference, "mechanisms", self.field, False),
                    _with(design, "mechanisms", self.field, False))
        if self.kind == "assumption":
            neutral = BY_NAME[self.field].neutral
            return (_with(reference, "assumptions", self.field, neutral),
                    _with(design, "assumptions", self.field, neutral))
        if self.kind == "lever":
            return reference, _with(design, "design", self.field,
                                    getattr(reference.design, self.field))
        return reference, design.model_copy(update={group: getattr(reference, group)
                                                    for group in _other_groups()})


def _with(scenario: Scenario, group: str, field: str, value: Any) -> Scenario:
    """The scenario with one value of one group changed (a value it already allows)."""
    table = getattr(scenario, group)
    return scenario.model_copy(update={group: table.model_copy(update={field: value})})


def _other_groups() -> list[str]:
    return [group for group in Scenario.model_fields if group not in NOT_OTHER]


def parts(reference: Scenario, design: Scenario) -> list[Part]:
    """The parts in which `design` differs from `reference`, in the order above."""
    found = []
    model_differs = reference.design.model != design.design.model
    for name in Mechanisms.model_fields:
        ref, des = getattr(reference.mechanisms, name), getattr(design.mechanisms, name)
        if (model_differs and (ref or des)) or ref != des:
            found.append(Part("mechanism", name, f"mechanism {name}"))
    ref_values, des_values = in_effect(reference), in_effect(design)
    for a in REGISTER:
        ref, des = ref_values[a.name], des_values[a.name]
        if ref != a.neutral or des != a.neutral:
            found.append(Part("assumption", a.name, f"assumption {a.name}: {ref:g} -> {des:g} "
                                                    f"(neutral {a.neutral:g})"))
    for name in Design.model_fields:
        ref, des = getattr(reference.design, name), getattr(design.design, name)
        if name != "model" and ref != des:
            found.append(Part("lever", name, f"lever {name}: {ref} -> {des}"))
    other = [group for group in _other_groups()
             if getattr(reference, group) != getattr(design, group)]
    if other:
        found.append(Part("other", ",".join(other), "other settings, not a lever or "
                                                     f"assumption ({', '.join(other)})"))
    return found


# ------------------------------------------------------------------ the game
def shapley[Value: (float, np.ndarray)](players: Sequence[str],
                                        value: Callable[[frozenset[str]], Value]
                                        ) -> dict[str, Value]:
    """Each player's Shapley value in the game `value` (a float or an array per set of
    players): its marginal contribution averaged over every order of the players."""
    n = len(players)
    weights = [math.factorial(size) * math.factorial(n - size - 1) / math.factorial(n)
               for size in range(n)]
    worth = {frozenset(subset): value(frozenset(subset))
             for size in range(n + 1) for subset in combinations(players, size)}
    shares = {}
    for player in players:
        others = [p for p in players if p != player]
        shares[player] = sum(weights[size] * (worth[frozenset(s) | {player}] - worth[frozenset(s)])
                             for size in range(n) for s in combinations(others, size))
    return shares


def coalitions(names: Sequence[str]) -> list[frozenset[str]]:
    """Every set of the parts, the empty one first."""
    return [frozenset(s) for size in range(len(names) + 1) for s in combinations(names, size)]


def _as_run(scenario: Scenario) -> dict[str, Any]:
    """What a run of the scenario reads, as overrides of the default region: no name,
    description or calibration, no seed (the RunSpec's), each assumption as in effect."""
    table = scenario_to_toml_dict(scenario)
    for group in _UNREAD:
        del table[group]
    table["run"] = {k: v for k, v in table["run"].items() if k not in ("seed", "record_events")}
    table["assumptions"] = in_effect(scenario)
    return table


def _key(scenario: Scenario) -> str:
    return json.dumps(_as_run(scenario), sort_keys=True)


# ------------------------------------------------------------------ every design
@dataclass
class Attribution:
    """Every design's difference to the reference, split into its parts."""

    parts: dict[str, list[Part]]  # design -> its parts
    values: pd.DataFrame  # design, replication, outcome, part, label, value
    table: pd.DataFrame  # COLUMNS: mean and 95% interval over replications
    runs: int  # runs per replication beyond the designs' own

    def manifest(self) -> dict[str, Any]:
        return {"parts": {design: [p.name for p in found] for design, found in
                          self.parts.items()},
                "runs_per_replication": self.runs, "outcomes": list(dict.fromkeys(
                    self.table["outcome"]))}


class Explanation:
    """The games of every design against the first, and the runs they need."""

    def __init__(self, scenarios: Mapping[str, Scenario]) -> None:
        names = list(scenarios)
        self.reference = names[0]
        reference = scenarios[self.reference]
        self.parts = {name: parts(reference, scenarios[name]) for name in names[1:]}
        for name, found in self.parts.items():
            if len(found) > MAX_PARTS:
                raise AttributionError(
                    f"{name} differs from {self.reference} in {len(found)} parts "
                    f"({', '.join(p.name for p in found)}); attribution (--explain) takes at "
                    f"most {MAX_PARTS}: compare fewer levers at once")
        run_of = {_key(s): name for name, s in scenarios.items()}  # the designs' own runs
        self.extra: dict[str, dict[str, Any]] = {}  # run name -> overrides
        self.pairs: dict[str, dict[frozenset[str], tuple[str, str]]] = {}
        for name, found in self.parts.items():
            self.pairs[name] = {}
            for on in coalitions([p.name for p in found]):
                pair = reference, scenarios[name]
                for part in found:
                    if part.name not in on:
                        pair = part.off(*pair)
                runs = []
                for scenario in pair:
                    key = _key(scenario)
                    if key not in run_of:
                        run_of[key] = "explain-" + hashlib.sha256(key.encode()).hexdigest()[:12]
                        self.extra[run_of[key]] = json.loads(key)
                    runs.append(run_of[key])
                self.pairs[name][on] = (runs[0], runs[1])

    @property
    def runs(self) -> int:
        """Runs per replication beyond the designs' own."""
        return len(self.extra)

    def specs(self, reps: range, seed: int) -> list[RunSpec]:
        """The extra runs, replication by replication, each on that replication's seed;
        as sample points above 0 they keep no detail for the report's pictures."""
        return [RunSpec(run_id=f"{name}-r{k}", design=name, replication=k,
                        seed=replication_seed(seed, k), overrides=overrides, sample=1 + i)
                for k in reps for i, (name, overrides) in enumerate(self.extra.items())]

    def attribute(self, runs: pd.DataFrame, outcomes: Iterable[str]) -> Attribution:
        """The parts of every design's difference, from `runs`: one row per run (design:
        a design's name or an extra run's), replication and one column per outcome."""
        outcomes = list(outcomes)
        by_run = {name: group.set_index("replication")[outcomes].sort_index()
                  for name, group in runs.groupby("design")}
        reps = by_run[self.reference].index
        frames = []
        for design, found in self.parts.items():
            pairs = self.pairs[design]

            def v(on: frozenset[str], pairs=pairs) -> np.ndarray:
                a, b = pairs[on]
                return by_run[b].loc[reps].to_numpy(float) - by_run[a].loc[reps].to_numpy(float)

            names = [p.name for p in found]
            shares = {TOTAL: v(frozenset(names)), **shapley(names, v), REST: v(frozenset())}
            labels = {TOTAL: "total difference", **{p.name: p.label for p in found},
                      REST: "rest: with every part off"}
            for j, outcome in enumerate(outcomes):
                for part, share in shares.items():
                    frames.append(pd.DataFrame({
                        "design": design, "replication": reps, "outcome": outcome,
                        "part": part, "label": labels[part],
                        "value": share[:, j]}))
        values = pd.concat(frames, ignore_index=True)
        rows = [(*key, *paired_ci(group["value"])) for key, group in
                values.groupby(["design", "outcome", "part", "label"], sort=False)]
        return Attribution(self.parts, values, pd.DataFrame(rows, columns=COLUMNS), self.runs)


def explain(reference: str | Path, design: str | Path, base: str | Path | None = None,
            **settings: Any) -> Attribution:
    """Why `design` differs from `reference`: each a built-in design (applied to `base`)
    or a scenario file; `settings` as for sim.compare.compare (reps, seed, workers,
    outcomes, overrides, out_dir, ...). Raises what compare raises, and AttributionError
    for more than MAX_PARTS parts, before anything runs."""
    from sim.compare import compare  # compare runs the games, and imports this module

    designs = {}
    for given in (reference, design):
        name = str(given) if str(given) in BUILTIN_DESIGNS else Path(given).stem
        designs[name] = BUILTIN_DESIGNS[str(given)] if str(given) in BUILTIN_DESIGNS \
            else str(given)
    if len(designs) < 2:
        raise AttributionError(f"explain: {reference} and {design} are one design; give two")
    return compare(designs, base, explain=True, **settings).attribution
