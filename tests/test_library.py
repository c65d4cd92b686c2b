"""The scenario library in scenarios/ and the calibration targets file."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.designs import BUILTIN_DESIGNS, CATALOGUE
from sim.input_errors import ScenarioError
from sim.paramdocs import parameter_rows
from sim.runner import simulate
from sim.scenario import load_scenario, scenario_to_toml_dict
from sim.targets import load_targets

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
BASELINE = SCENARIOS / "nl_relay_baseline.toml"
TARGETS = SCENARIOS / "targets" / "nl.toml"
TINY = {"run": {"families": 1500, "years": 1, "warmup_years": 1, "record_events": False}}

LIBRARY = {design.library: design.name for design in CATALOGUE if design.library}
"""Library file -> the built-in design (sim.designs) with the same levers."""

MAY_DIFFER = {"name", "description", "design", "access_points"}


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.toml")), ids=lambda p: p.name)
def test_every_scenario_file_validates(path: Path) -> None:
    scenario = load_scenario(path)  # raises ScenarioError on any invalid file
    assert scenario.name and scenario.description, "every library file names and describes itself"


@pytest.mark.parametrize("name", ["nl_relay_baseline.toml", *LIBRARY])
def test_library_design_runs_tiny(name: str) -> None:
    result = simulate(load_scenario(SCENARIOS / name, TINY))
    assert len(result.yearly) == 1
    assert result.yearly["families"].iloc[0] == 1500


@pytest.mark.parametrize("name", list(LIBRARY))
def test_library_design_changes_only_levers(name: str) -> None:
    text = (SCENARIOS / name).read_text()
    assert 'extends = "nl_relay_baseline.toml"' in text
    base = scenario_to_toml_dict(load_scenario(BASELINE))
    design = scenario_to_toml_dict(load_scenario(SCENARIOS / name))
    differ = {key for key in base if base[key] != design[key]}
    assert differ <= MAY_DIFFER
    assert "design" in differ or "access_points" in differ


@pytest.mark.parametrize("name", list(LIBRARY))
def test_library_levers_match_builtin_designs(name: str) -> None:
    builtin = load_scenario(BASELINE, BUILTIN_DESIGNS[LIBRARY[name]])
    library = load_scenario(SCENARIOS / name)
    assert library.design == builtin.design
    assert library.access_points == builtin.access_points


def test_baseline_is_the_default_region_with_fitted_values() -> None:
    """The baseline differs from the built-in region only where calibration fitted it (and
    in its longer warm-up)."""
    baseline = load_scenario(BASELINE)
    fitted = {row["path"]: row["default"] for row in parameter_rows(baseline)}
    default = {row["path"]: row["default"] for row in parameter_rows(None)}
    changed = {path for path in fitted if fitted[path] != default[path]}
    assert changed and changed <= set(baseline.calibration.free) | {"run.warmup_years"}
    text = BASELINE.read_text()
    assert all(f"{path.rsplit('.', 1)[1]} = " in text for path in changed)
    assert text.count("# fitted ") == len(baseline.calibration.free)


def test_targets_file_loads() -> None:
    targets = load_targets(TARGETS).targets
    assert targets["vt_reports_2021"].value == 119_380
    assert targets["orders_in_force_2019"].scale == "national on a date"
    assert all(t.source.strip() and 0 < t.tolerance < 1 for t in targets.values())


GOOD = """
[targets.reports]
value = 119380
unit = "reports per year"
year = 2021
scale = "national per year"
tolerance = 0.2
source = "CBS"
simulated = "yearly:reported_sum"
"""


def _reject(tmp_path: Path, text: str) -> str:
    path = tmp_path / "targets.toml"
    path.write_text(text)
    with pytest.raises(ScenarioError) as err:
        load_targets(path)
    message = str(err.value)
    assert "\n" not in message and message.startswith(str(path))
    return message


def test_good_targets_snippet_loads(tmp_path: Path) -> None:
    path = tmp_path / "targets.toml"
    path.write_text(GOOD)
    assert load_targets(path).targets["reports"].fit


def test_wrong_unit_is_rejected(tmp_path: Path) -> None:
    message = _reject(tmp_path, GOOD.replace('"reports per year"', '"reports a year"'))
    assert "targets.reports.unit" in message and '"reports a year"' in message
    assert '"reports per year"' in message  # what is allowed


def test_missing_source_is_rejected(tmp_path: Path) -> None:
    message = _reject(tmp_path, GOOD.replace('source = "CBS"\n', ""))
    assert "targets.reports has no source" in message


def test_empty_source_is_rejected(tmp_path: Path) -> None:
    message = _reject(tmp_path, GOOD.replace('source = "CBS"', 'source = "  "'))
    assert "targets.reports.source" in message and "comes from" in message


def test_unknown_simulated_outcome_is_rejected(tmp_path: Path) -> None:
    message = _reject(tmp_path, GOOD.replace("yearly:reported_sum", "yearly:reports_sum"))
    assert "targets.reports.simulated" in message and "did you mean 'reported_sum'" in message
    message = _reject(tmp_path, GOOD.replace("yearly:reported_sum",
                                             "organisation:veilig_thuis:arrival"))
    assert "did you mean 'arrivals'" in message
    message = _reject(tmp_path, GOOD.replace("yearly:reported_sum", "reported_sum"))
    assert "yearly:<column>" in message


def test_unknown_key_names_closest(tmp_path: Path) -> None:
    message = _reject(tmp_path, GOOD.replace("tolerance", "tolerence"))
    assert "unknown key 'targets.reports.tolerence'" in message
    assert "did you mean 'targets.reports.tolerance'" in message


def test_tolerance_out_of_range(tmp_path: Path) -> None:
    message = _reject(tmp_path, GOOD.replace("0.2", "1.5"))
    assert "targets.reports.tolerance = 1.5 is out of range; allowed from 0 to 1" in message


def test_reason_for_not_fitting_is_refused_on_a_fitted_target(tmp_path: Path) -> None:
    reason = 'why_not_fitted = "counts something else"\n'
    message = _reject(tmp_path, GOOD + reason)
    assert "targets.reports.why_not_fitted" in message and "fit = false" in message
    path = tmp_path / "reference.toml"
    path.write_text(GOOD + "fit = false\n" + reason)
    assert load_targets(path).targets["reports"].why_not_fitted == "counts something else"
