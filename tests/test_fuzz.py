"""Fuzzing what people write: scenario, experiment and targets files.

The real files are parsed and hypothesis mutates them: a value or a whole table replaced
by junk of any TOML type (huge or negative integers, inf and nan, strings, booleans,
dates, arrays, tables), a key deleted, an unknown key added. Whatever a file then says,
loading it is accepted or refused in one line (exit status 2); any other exception fails
the test. A few mutated small scenarios are also run: they finish or are refused, and
write nothing outside their results folder.

Derandomized, so every run (and CI) tries the same examples.
"""

from __future__ import annotations

import contextlib
import copy
import datetime
import io
import shutil
import tempfile
import tomllib
from collections.abc import Callable, Iterator
from functools import reduce
from pathlib import Path
from typing import Any

import tomlkit
from conftest import checksums
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from sim.cli import main
from sim.experiment import load_experiment
from sim.input_errors import ScenarioError
from sim.paramdocs import parameter_rows
from sim.scenario import allowed_bounds, load_scenario, parameter_field, scenario_to_toml_dict
from sim.targets import load_targets

ROOT = Path(__file__).resolve().parent.parent
BASE = "scenarios/nl_relay_baseline.toml"
"""Copied next to every mutated file: team.toml extends it, the experiment names it."""
SMALL_RUN = {"families": 300, "years": 1, "warmup_years": 0, "record_events": False}


def _without_none(node: Any) -> Any:
    """A table as TOML can write it (TOML has no null)."""
    if isinstance(node, dict):
        return {k: _without_none(v) for k, v in node.items() if v is not None}
    return node


def _read(relative: str) -> dict[str, Any]:
    return tomllib.loads((ROOT / relative).read_text())


SCENARIOS = {
    "scenarios/example_small.toml": _read("scenarios/example_small.toml"),
    "scenarios/team.toml": _read("scenarios/team.toml"),
    # every parameter written out, so that every one of them can be mutated
    "scenarios/full.toml": _without_none(scenario_to_toml_dict(load_scenario(ROOT / BASE))),
}
EXPERIMENT = "experiments/team_vs_relay.toml"
TARGETS = "scenarios/targets/nl.toml"
TEMPLATES = SCENARIOS | {EXPERIMENT: _read(EXPERIMENT), TARGETS: _read(TARGETS)}

FUZZ = settings(deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def _places(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path of every table, array and value in a parsed document."""
    children = (node.items() if isinstance(node, dict)
                else enumerate(node) if isinstance(node, list) else ())
    for key, child in children:
        yield path + (key,)
        yield from _places(child, path + (key,))


KNOWN = sorted({key for doc in TEMPLATES.values() for place in _places(doc)
                for key in place if isinstance(key, str)}
               | {row["path"] for row in parameter_rows()} | {
    "extends", "uncertainties", "sampling", "method", "samples", "levels", "points",
    "distribution", "low", "high", "mode", "mean", "sd", "free", "sensitivity",
    "children_of", "fit", "date", "relay", "team", "normal", "triangular", "uniform", "lhs",
    "grid", "list", "nl_relay_baseline.toml", "../scenarios/nl_relay_baseline.toml"})
"""Keys and words the files use: junk made of them gets past the first check more often."""

TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=12) | st.sampled_from(KNOWN)
NUMBERS = st.one_of(
    st.integers(-3, 100),
    st.integers(),
    st.sampled_from([2**63 - 1, -(2**63), 2**64, 10**30, -(10**30)]),
    st.floats(-2, 2),
    st.floats(),  # nan, inf, -inf, -0.0, subnormal and huge ones included
)
SCALARS = st.one_of(
    NUMBERS,
    NUMBERS,
    TEXT,
    st.booleans(),
    st.dates(),
    st.datetimes(timezones=st.none() | st.just(datetime.UTC)),
    st.times(),
)
JUNK = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(TEXT, inner, max_size=3), max_leaves=6)
ACTIONS = st.sampled_from(["replace", "replace", "replace", "delete", "add"])


@st.composite
def mutated(draw: st.DrawFn, template: dict[str, Any], allowed_only: bool = False
            ) -> dict[str, Any]:
    """`template` after one to three mutations: replace a place (value or table) with
    junk, delete it, or add a key (mostly unknown there) beside or inside it.

    `allowed_only`: only set numbers to other values their parameter allows (extremes
    included), so that the scenario stays valid and runs."""
    doc = copy.deepcopy(template)
    for _ in range(draw(st.integers(1, 3))):
        places = [place for place in _places(doc)
                  if not allowed_only or _is_number(_at(doc, place))]
        place = draw(st.sampled_from(places or [()]))
        parent, node = _at(doc, place[:-1]), _at(doc, place)
        if allowed_only:
            parent[place[-1]] = draw(_allowed(place))
            continue
        action = draw(ACTIONS) if place else "add"
        if action == "replace":  # a number by a number half the time: past the type check
            parent[place[-1]] = draw(NUMBERS | JUNK if _is_number(node) else JUNK)
        elif action == "delete":
            del parent[place[-1]]
        elif isinstance(node, dict) or isinstance(parent, dict):
            table = node if isinstance(node, dict) else parent
            table[draw(TEXT)] = draw(JUNK)
    return doc


def _at(doc: Any, place: tuple[Any, ...]) -> Any:
    return reduce(lambda node, key: node[key], place, doc)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _allowed(place: tuple[Any, ...]) -> st.SearchStrategy[int | float]:
    """Any value the scenario parameter at `place` allows."""
    field = parameter_field(".".join(map(str, place)))
    low, high = allowed_bounds(field)
    if field.annotation is int:
        return st.integers(low, high)
    return st.floats(low, high, allow_nan=False, allow_infinity=False)


def _write(folder: Path, relative: str, doc: dict[str, Any]) -> Path:
    """The mutated file where its template lies, its base scenario beside it; a document
    TOML cannot express is skipped."""
    try:
        text = tomlkit.dumps(doc)
        tomllib.loads(text)
    except Exception:  # noqa: BLE001 - tomlkit cannot write it: not a file anyone can give
        assume(False)
    (folder / "scenarios").mkdir(exist_ok=True)
    shutil.copy(ROOT / BASE, folder / BASE)
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _cli(argv: list[str]) -> tuple[int, str]:
    """`opzet ARGV` in this process: its exit status and what it wrote on stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, err.getvalue()


def _valid_or_one_line(code: int, err: str) -> bool:
    """Exit 0, or exit 2 with exactly one line and no traceback."""
    return "Traceback" not in err and (
        code == 0 or (code == 2 and err.endswith("\n") and len(err.splitlines()) == 1))


def _load_error(load: Callable[[Path], Any], path: Path) -> str:
    """The message of the ScenarioError `load(path)` raises ('' when it loads); any other
    exception fails the test."""
    try:
        load(path)
    except ScenarioError as err:
        return str(err)
    return ""


@settings(FUZZ, max_examples=400)
@given(data=st.data())
def test_mutated_scenario_is_valid_or_one_line(data: st.DataObject) -> None:
    relative = data.draw(st.sampled_from(sorted(SCENARIOS)))
    doc = data.draw(mutated(SCENARIOS[relative]))
    with tempfile.TemporaryDirectory() as tmp:
        code, err = _cli(["validate", str(_write(Path(tmp), relative, doc))])
    assert _valid_or_one_line(code, err), err


@settings(FUZZ, max_examples=200)
@given(doc=mutated(TEMPLATES[EXPERIMENT]))
def test_mutated_experiment_loads_or_is_one_line(doc: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        message = _load_error(load_experiment, _write(Path(tmp), EXPERIMENT, doc))
    assert message == "" or (len(message.splitlines()) == 1 and ": " in message), message


@settings(FUZZ, max_examples=200)
@given(doc=mutated(TEMPLATES[TARGETS]))
def test_mutated_targets_load_or_are_one_line(doc: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        message = _load_error(load_targets, _write(Path(tmp), TARGETS, doc))
    assert message == "" or (len(message.splitlines()) == 1 and ": " in message), message


@settings(FUZZ, max_examples=10)
@given(data=st.data())
def test_mutated_small_scenario_runs_or_is_refused_and_writes_only_its_folder(
        data: st.DataObject) -> None:
    relative, allowed_only = data.draw(st.sampled_from(
        [("scenarios/full.toml", True), ("scenarios/full.toml", True),
         ("scenarios/full.toml", False), ("scenarios/team.toml", False)]))
    doc = data.draw(mutated(SCENARIOS[relative], allowed_only))
    doc["run"] = dict(SMALL_RUN)  # forced small: a run takes a second or two
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = _write(folder, relative, doc)
        before = checksums(folder, folder / "out")
        with contextlib.chdir(folder):  # a stray relative write would land in the tree
            code, err = _cli(["run", str(path), "--out", str(folder / "out")])
        assert _valid_or_one_line(code, err), err
        assert checksums(folder, folder / "out") == before
