"""Experiment files: what they expand to, how they sample, and that every mistake is one
clear message (exit 2, nothing written)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from sim.cli import main
from sim.execution import replication_seed
from sim.experiment import expand, experiment_from_dict, load_experiment
from sim.experiment_schema import ExperimentError
from sim.paramdocs import parameter_rows
from sim.summary import MEASURES

ROOT = Path(__file__).resolve().parent.parent
TINY = {"families": 1000, "years": 1, "warmup_years": 1}
TWO_DESIGNS = {"relay": {"design": {"model": "relay"}}, "team": {"design": {"model": "team"}}}


def experiment(**table):
    return experiment_from_dict(TINY | table, source="test.toml")


def plausible(path: str) -> tuple[float, float]:
    row = next(r for r in parameter_rows() if r["path"] == path)
    return row["low"], row["high"]


def test_ready_experiment_loads_as_documented():
    e = load_experiment(ROOT / "experiments" / "team_vs_relay.toml")
    assert e.name == "team_vs_relay"
    assert list(e.designs) == ["relay", "team"]
    assert (e.replications, e.runs, e.run["families"]) == (4, 8, 10_000)
    assert e.run["warmup_years"] == 1 and set(e.outcomes) <= set(MEASURES)


def test_expand_ids_seeds_and_overrides():
    e = experiment(designs=TWO_DESIGNS, replications=3, seed=7,
                   uncertainties={"concern.growth_rate": {}},
                   sampling={"method": "lhs", "samples": 2})
    specs = expand(e)
    assert len(specs) == 2 * 2 * 3
    assert [s.run_id for s in specs[:4]] == ["relay-s000-r00", "relay-s000-r01",
                                             "relay-s000-r02", "relay-s001-r00"]
    assert len({s.run_id for s in specs}) == len(specs)
    # common random numbers: replication k has one seed whatever the design and point
    for spec in specs:
        assert spec.seed == replication_seed(7, spec.replication)
    assert len({s.seed for s in specs}) == 3
    team = next(s for s in specs if s.design == "team" and s.sample == 1)
    scenario = team.scenario()
    assert scenario.design.model == "team"
    assert scenario.concern.growth_rate == team.values["concern.growth_rate"]
    assert (scenario.run.families, scenario.run.years, scenario.run.warmup_years) == (1000, 1, 1)
    assert scenario.run.seed == team.seed
    assert expand(e) == specs  # stable


def test_no_designs_means_the_base_scenario_once():
    specs = expand(experiment())
    assert [s.run_id for s in specs] == ["base-s000-r00"]
    assert specs[0].scenario().design.model == "relay"


def test_default_range_is_the_plausible_range():
    e = experiment(uncertainties={"concern": {"growth_rate": {}}},
                   sampling={"method": "grid", "levels": 3})
    low, high = plausible("concern.growth_rate")
    u = e.uncertainties["concern.growth_rate"]
    assert (u.distribution, u.low, u.high) == ("uniform", low, high)
    assert [p["concern.growth_rate"] for p in e.points] == pytest.approx(
        [low, (low + high) / 2, high])


def test_relative_range_of_an_organisation_is_absolute():
    e = experiment(uncertainties={"organisations.court.staff": {}},
                   sampling={"method": "grid", "levels": 2})
    assert [p["organisations.court.staff"] for p in e.points] == pytest.approx([1.4, 2.6])


def test_latin_hypercube_is_stratified_seeded_and_in_range():
    table = {"uncertainties": {"concern.growth_rate": {"low": 0.02, "high": 0.06},
                               "help.child_effect": {}},
             "sampling": {"method": "lhs", "samples": 20}, "seed": 3}
    a, b = experiment(**table), experiment(**table)
    c = experiment(**(table | {"seed": 4}))
    assert a.points == b.points and a.points != c.points
    x = np.array([p["concern.growth_rate"] for p in a.points])
    assert x.min() >= 0.02 and x.max() <= 0.06
    # one point in each twentieth of the range
    assert sorted(np.floor((x - 0.02) / 0.04 * 20).astype(int)) == list(range(20))


def test_grid_is_every_combination():
    e = experiment(uncertainties={"concern.growth_rate": {"low": 0.02, "high": 0.04},
                                  "network.neighbourhood_size": {"low": 200, "high": 600}},
                   sampling={"method": "grid", "levels": 3})
    pairs = [(p["concern.growth_rate"], p["network.neighbourhood_size"]) for p in e.points]
    assert len(set(pairs)) == 9
    assert {size for _, size in pairs} == {200, 400, 600}
    assert all(isinstance(size, int) for _, size in pairs)  # an integer parameter stays whole


def test_distributions_respect_their_bounds():
    e = experiment(uncertainties={
        "decisions.noise_sd": {"distribution": "triangular", "low": 0.04, "high": 0.15,
                               "mode": 0.05},
        "trust.loss_per_handoff": {"distribution": "normal", "mean": 0.02, "sd": 0.05}},
        sampling={"method": "lhs", "samples": 200})
    tri = np.array([p["decisions.noise_sd"] for p in e.points])
    normal = np.array([p["trust.loss_per_handoff"] for p in e.points])
    assert tri.min() >= 0.04 and tri.max() <= 0.15 and np.median(tri) < 0.095
    # cut at what the parameter allows (a share: 0 to 1) rather than going negative
    assert normal.min() >= 0.0 and normal.max() <= 1.0
    assert e.uncertainties["trust.loss_per_handoff"].low == 0.0


def test_list_points_with_dotted_or_nested_keys():
    e = experiment(designs=TWO_DESIGNS, sampling={"method": "list", "points": [
        {"concern.growth_rate": 0.03}, {"concern": {"growth_rate": 0.05}, "design": {
            "capacity_factor": 1.1}}]})
    assert e.points == [{"concern.growth_rate": 0.03},
                        {"concern.growth_rate": 0.05, "design.capacity_factor": 1.1}]
    spec = expand(e)[-1]
    assert spec.scenario().design.capacity_factor == 1.1


def test_resolved_experiment_is_complete():
    e = experiment(designs=TWO_DESIGNS, replications=2,
                   uncertainties={"concern.growth_rate": {}}, sampling={"samples": 3})
    resolved = e.resolved()
    assert resolved["replication_seeds"] == [replication_seed(e.seed, k) for k in range(2)]
    assert resolved["runs"] == 12 and len(resolved["points"]) == 3
    assert resolved["run"] == TINY and resolved["base_scenario"]["run"]["families"] == 45_000


def test_scenario_path_is_relative_to_the_experiment(tmp_path):
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "base.toml").write_text("[run]\nfamilies = 1234\n")
    (tmp_path / "exp").mkdir()
    path = tmp_path / "exp" / "e.toml"
    path.write_text('scenario = "../scenarios/base.toml"\n')
    e = load_experiment(path)
    assert e.name == "e" and e.run["families"] == 1234
    assert expand(e)[0].scenario().run.families == 1234


# Mistakes: one message naming the file, the key, the value and what is allowed.

BAD = {
    "typo": ("replicatons = 2\n", "unknown key 'replicatons'; did you mean 'replications'?"),
    "range": ("replications = 0\n", "replications = 0 is out of range; allowed from 1"),
    "type": ('families = "many"\n', 'families = "many" has the wrong type; expected a whole'),
    "families": ("families = 5\n", "families = 5 is out of range; allowed from 10 to 3000000"),
    "design value": ('[designs.team]\ndesign.model = "tam"\n',
                     ('designs.team.design.model = "tam" is not allowed; choose one of '
                     '"relay", "team"')),
    "design key": ('[designs.team]\ndesign.modl = "team"\n',
                   ("unknown key 'designs.team.design.modl'; did you mean "
                   "'designs.team.design.model'?")),
    "design run": ("[designs.team]\nrun.seed = 4\n", "designs.team.run: run settings are"),
    "unknown parameter": ('[uncertainties]\n"concern.growth_rat" = {}\n',
                          ("uncertainties: unknown parameter 'concern.growth_rat'; did you "
                          "mean 'concern.growth_rate'?")),
    "uncertainty key": ('[uncertainties]\n"concern.growth_rate" = {lw = 0.1}\n',
                        ("unknown key 'uncertainties.concern.growth_rate.lw'; did you mean "
                        "'uncertainties.concern.growth_rate.low'?")),
    "distribution": ('[uncertainties]\n"concern.growth_rate" = {distribution = "beta"}\n',
                     ('uncertainties.concern.growth_rate.distribution = "beta" is not allowed; '
                     'choose one of "uniform", "normal", "triangular"')),
    "low out of range": ('[uncertainties]\n"concern.growth_rate" = {low = -1, high = 1}\n',
                         ("uncertainties.concern.growth_rate: low = -1 is out of range; "
                         "concern.growth_rate allows at least 0")),
    "low above high": ('[uncertainties]\n"concern.growth_rate" = {low = 0.5, high = 0.1}\n',
                       "low = 0.5 must be below high = 0.1"),
    "normal without sd": (('[uncertainties]\n"concern.growth_rate" = {distribution = '
                          '"normal"}\n'), "a normal distribution needs sd"),
    "no plausible range": ('[uncertainties]\n"help.order_weeks" = {}\n',
                           ("help.order_weeks has no plausible range in sim.params; give low "
                           "and high")),
    "choice": ('[uncertainties]\n"design.model" = {}\n', ("design.model is a choice, not a "
                                                         "number")),
    "lever and uncertain": (('[designs.a]\ndesign.capacity_factor = 1.1\n[uncertainties]\n'
                            '"design.capacity_factor" = {}\n'),
                            "uncertainties.design.capacity_factor is also set by designs.a"),
    "method": ('[sampling]\nmethod = "random"\n',
               ('sampling.method = "random" is not allowed; choose one of "lhs", "grid", '
               '"list"')),
    "list without points": ('[sampling]\nmethod = "list"\n', 'needs [[sampling.points]]'),
    "point value": (('[sampling]\nmethod = "list"\n[[sampling.points]]\n'
                    'concern.growth_rate = -0.1\n'),
                    ("sampling.points[0].concern.growth_rate = -0.1 is out of range; "
                    "allowed at least 0")),
    "outcome": ('outcomes = ["handofs"]\n', ('outcomes: unknown outcome "handofs"; did you '
                                            "mean 'handoffs'?")),
    "scenario": ('scenario = "nowhere.toml"\n', 'scenario = "nowhere.toml", but'),
    "name": ('name = "a/b"\n', 'name = "a/b" cannot be a folder name'),
    "syntax": ("replications = \n", "TOML syntax error at line 1"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_experiment_is_one_clear_message_and_writes_nothing(tmp_path, monkeypatch, capsys,
                                                                case):
    text, expected = BAD[case]
    path = tmp_path / "bad.toml"
    path.write_text("families = 1000\nyears = 1\n" + text if case not in (
        "families", "type", "syntax") else text)
    monkeypatch.chdir(tmp_path)
    assert main(["batch", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{path}: ") and expected in err, err
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert not (tmp_path / "results").exists()


def test_bad_experiment_through_the_command_line(tmp_path):
    """The real command, as a user meets it: exit 2, one line, no traceback, no folder."""
    path = tmp_path / "bad.toml"
    path.write_text('[designs.team]\ndesign.model = "tam"\n')
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "sim.cli", "batch", str(path), "--out",
                           str(out)], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2
    assert done.stderr == (f'{path}: designs.team.design.model = "tam" is not allowed; '
                           'choose one of "relay", "team"\n')
    assert not out.exists()


def test_missing_file_and_bad_flags(tmp_path, capsys):
    assert main(["batch", str(tmp_path / "none.toml")]) == 2
    assert capsys.readouterr().err == f"{tmp_path / 'none.toml'}: no such file\n"
    good = ROOT / "experiments" / "team_vs_relay.toml"
    assert main(["batch", str(good), "--workers", "0", "--out", str(tmp_path / "o")]) == 2
    assert capsys.readouterr().err == "--workers = 0: must be at least 1\n"
    assert main(["batch", str(good), "--workers", "2", "--dask", "tcp://x:1"]) == 2
    assert capsys.readouterr().err.startswith("--workers: give --workers")
    assert not (tmp_path / "o").exists()


def test_errors_are_experiment_errors():
    with pytest.raises(ExperimentError, match="test.toml: outcomes"):
        experiment(outcomes=["nope"])
