"""Scenario files: extends chains merge as documented, and every mistake is one clear message."""

from __future__ import annotations

import json
import subprocess
import sys
import types
from pathlib import Path

import pandas as pd
import pytest

from sim.cli import main
from sim.input_errors import ScenarioError
from sim.params import Scenario
from sim.scenario import load_scenario, scenario_to_toml_dict

ROOT = Path(__file__).resolve().parent.parent


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path | None, overrides: dict | None = None) -> str:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path, overrides)
    return str(caught.value)


def test_default_is_the_built_in_region():
    assert load_scenario() == Scenario()
    assert load_scenario().run.families == 45_000


def test_example_small_is_small():
    s = load_scenario(ROOT / "scenarios" / "example_small.toml")
    assert (s.run.families, s.run.years, s.run.warmup_years) == (2000, 2, 1)
    assert s.concern == Scenario().concern


def test_extends_chain_overrides_only_what_it_names(tmp_path):
    write(tmp_path, "common/base.toml", """
name = "base"
[run]
years = 3
seed = 11
[concern]
growth_rate = 0.04
[access_points.child_helpline]
threat = 0.05
""")
    write(tmp_path, "common/middle.toml", """
extends = "base.toml"
[run]
families = 500
[organisations.court]
staff = 3.0
""")
    child = write(tmp_path, "child.toml", """
extends = "common/middle.toml"
name = "child"
[run]
years = 4
""")
    s = load_scenario(child)
    default = Scenario()
    assert s.name == "child"
    assert (s.run.years, s.run.families, s.run.seed) == (4, 500, 11)
    assert s.run.warmup_years == default.run.warmup_years
    assert s.concern.growth_rate == 0.04
    assert s.concern.recovery_rate == default.concern.recovery_rate
    # Access points and organisations keep their own defaults around the one changed field.
    helpline = s.access_points["child_helpline"]
    assert helpline.threat == 0.05
    assert helpline.model_dump(exclude={"threat"}) == (
        default.access_points["child_helpline"].model_dump(exclude={"threat"}))
    assert set(s.access_points) == set(default.access_points)
    assert s.organisations.court.staff == 3.0
    assert s.organisations.court.caseload == default.organisations.court.caseload == 60.0
    assert s.problems == default.problems


def test_overrides_come_last(tmp_path):
    path = write(tmp_path, "x.toml", "[run]\nyears = 3\nseed = 5\n")
    s = load_scenario(path, {"run": {"seed": 3}, "design": {"model": "team"}})
    assert (s.run.years, s.run.seed, s.design.model) == (3, 3, "team")


def test_new_access_point_starts_from_access_point_defaults():
    s = load_scenario(None, {"access_points": {"school_nurse": {"staff": 2.0}}})
    assert s.access_points["school_nurse"].threat == 0.3  # AccessPoint's own default
    assert len(s.access_points) == len(Scenario().access_points) + 1


def test_the_regional_team_has_no_settings_of_its_own():
    """Nothing a scenario says about the team can make it differ from the relay: its
    settings are those of the organisations it replaces (sim.work)."""
    with pytest.raises(ScenarioError, match="regional_team"):
        load_scenario(None, {"organisations": {"regional_team": {"blame_bias": 0.2}}})


def test_toml_dict_round_trips():
    s = load_scenario(None, {"run": {"seed": 9}, "organisations": {"court": {"staff": 4.0}},
                             "design": {"model": "team", "review": "independent"}})
    plain = scenario_to_toml_dict(s)
    json.dumps(plain)  # only plain values
    assert plain["organisations"]["court"]["staff"] == 4.0
    assert load_scenario(None, plain) == s


@pytest.mark.parametrize(("text", "expected"), [
    ("[concern]\ngrowth_rat = 0.1\n",
     "unknown key 'concern.growth_rat'; did you mean 'concern.growth_rate'?"),
    ("[access_points.child_helpline]\nthreatt = 0.1\n",
     "unknown key 'access_points.child_helpline.threatt'; "
     "did you mean 'access_points.child_helpline.threat'?"),
    ("[runn]\nyears = 3\n", "unknown key 'runn'; did you mean 'run'?"),
    ("[run]\nyears = 0\n", "run.years = 0 is out of range; allowed from 1 to 50 (years)"),
    ("[network]\nsupport_saturation = 0.0\n",
     "network.support_saturation = 0.0 is out of range; allowed at least 0.01 (tie strength)"),
    ("[organisations.court]\nturnover_per_year = 1.5\n",
     "organisations.court.turnover_per_year = 1.5 is out of range; "
     "allowed from 0 to 1 (share of staff per year)"),
    ('[run]\nyears = "five"\n',
     'run.years = "five" has the wrong type; expected a whole number (years)'),
    ("[run]\nyears = 2.5\n",
     "run.years = 2.5 has the wrong type; expected a whole number (years)"),
    ("run = 3\n", "run = 3 has the wrong type; expected a table of parameters"),
    ('[design]\nmodel = "teams"\n',
     'design.model = "teams" is not allowed; choose one of "relay", "team"'),
    ('[access_points.x]\noperator = "police"\n',
     'access_points.x.operator = "police" is not allowed; '
     'choose one of "local_team", "veilig_thuis", "independent"'),
])
def test_bad_value_message(tmp_path, text, expected):
    path = write(tmp_path, "bad.toml", text)
    assert error_of(path) == f"{path}: {expected}"


def test_several_errors_report_the_first_and_count(tmp_path):
    path = write(tmp_path, "bad.toml", "[run]\nyears = 0\nfamilies = 1\n")
    assert error_of(path).endswith("allowed from 1 to 50 (years) (and 1 more)")


def test_syntax_error_names_file_line_and_column(tmp_path):
    path = write(tmp_path, "bad.toml", 'name = "x"\n[run\nyears = 3\n')
    message = error_of(path)
    assert message.startswith(f"{path}: TOML syntax error at line 2, column 5:")
    assert "\n" not in message


def test_missing_file_and_missing_extends(tmp_path):
    assert error_of(tmp_path / "none.toml") == f"{tmp_path / 'none.toml'}: no such file"
    path = write(tmp_path, "child.toml", 'extends = "base.toml"\n')
    assert error_of(path) == (
        f'{path}: extends "base.toml", but {tmp_path / "base.toml"} does not exist')


def test_circular_extends_shows_the_cycle(tmp_path):
    a = write(tmp_path, "a.toml", 'extends = "b.toml"\n')
    write(tmp_path, "b.toml", 'extends = "a.toml"\n')
    b = tmp_path / "b.toml"
    assert error_of(a) == f"{b}: circular extends: {a} -> {b} -> {a}"


def test_error_names_the_file_that_set_the_value(tmp_path):
    write(tmp_path, "base.toml", "[concern]\nserious = 7.0\n")
    child = write(tmp_path, "child.toml", 'extends = "base.toml"\n[run]\nyears = 3\n')
    assert error_of(child).startswith(f"{tmp_path / 'base.toml'}: concern.serious = 7.0 ")


def test_override_errors_name_the_overrides():
    assert error_of(None, {"run": {"seedd": 1}}) == (
        "overrides: unknown key 'run.seedd'; did you mean 'run.seed'?")
    assert error_of(None, [1]).startswith("overrides: must be a table")  # type: ignore[arg-type]


# The command line, as a user meets it: one line on stderr, exit 2, nothing created.

BAD_FILES = {
    "typo.toml": "[concern]\ngrowth_rat = 0.1\n",
    "range.toml": "[run]\nyears = 0\n",
    "type.toml": '[run]\nyears = "five"\n',
    "literal.toml": '[design]\nmodel = "teams"\n',
    "syntax.toml": "[run\n",
    "missing_extends.toml": 'extends = "nowhere.toml"\n',
    "circular.toml": 'extends = "circular.toml"\n',
}


def opzet(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sim.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_cli_validate_good_file():
    done = opzet("validate", "scenarios/example_small.toml")
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "scenarios/example_small.toml: valid (name: small example, design: relay)\n")


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_cli_validate_bad_file_is_one_line(tmp_path, name):
    path = write(tmp_path, name, BAD_FILES[name])
    done = opzet("validate", str(path))
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith(str(path)) and done.stdout == ""


def test_cli_run_bad_file_creates_nothing(tmp_path):
    path = write(tmp_path, "range.toml", BAD_FILES["range.toml"])
    out = tmp_path / "out"
    done = opzet("run", str(path), "--out", str(out))
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr
    assert not out.exists()


@pytest.mark.parametrize(("flags", "expected"), [
    (["--years", "0"], "--years: run.years = 0 is out of range; allowed from 1 to 50 (years)"),
    (["--families", "-5"], "--families: run.families = -5 is out of range; "
                           "allowed from 10 to 3000000 (families)"),
    (["--seed", "abc"], '--seed: run.seed = "abc" has the wrong type; expected a whole number'),
    (["--design", "teams"], '--design: design.model = "teams" is not allowed; '
                            'choose one of "relay", "team"'),
])
def test_cli_run_bad_flag_names_the_flag(tmp_path, flags, expected):
    out = tmp_path / "out"
    done = opzet("run", "scenarios/example_small.toml", *flags, "--out", str(out))
    assert (done.returncode, done.stderr) == (2, expected + "\n")
    assert not out.exists()


def test_cli_run_passes_flags_and_default_folder(tmp_path, monkeypatch, capsys):
    calls = []

    def run_to_folder(scenario: Scenario, out_dir: Path, inputs=()) -> pd.DataFrame:
        calls.append((scenario, out_dir))
        return pd.DataFrame({"design": ["team"], "handoffs_per_family": [1.25]})

    monkeypatch.setitem(sys.modules, "sim.runner",
                        types.SimpleNamespace(run_to_folder=run_to_folder))
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, "x.toml", "[run]\nyears = 3\n")
    code = main(["run", str(path), "--design", "team", "--seed", "3", "--families", "500"])
    assert code == 0
    [(scenario, out_dir)] = calls
    assert (scenario.design.model, scenario.run.seed, scenario.run.families,
            scenario.run.years) == ("team", 3, 500, 3)
    assert Path(out_dir) == Path("results") / "run-team-seed3"
    assert "handoffs_per_family" in capsys.readouterr().out


def test_cli_params_lists_parameters(capsys):
    assert main(["params"]) == 0
    assert "growth_rate" in capsys.readouterr().out
