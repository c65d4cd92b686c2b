"""`opzet calibrate`: it recovers a known parameter, refuses bad input, writes a usable
fitted scenario; and the calibrated baseline stays within tolerance of its targets."""

from __future__ import annotations

import functools
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.calibration import FITTED_SIGNATURE, calibrate
from sim.cli import main
from sim.cluster import Where
from sim.engine import Job, engine
from sim.execution import RunSpec, replication_seed
from sim.fitting import CHECK_SEED_OFFSET
from sim.outputs import OutputError
from sim.scenario import load_scenario
from sim.simulated import measured, simulated_value
from sim.statistics import paired_ci
from sim.targets import load_targets

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
BASELINE = SCENARIOS / "nl_relay_baseline.toml"
TARGETS = SCENARIOS / "targets" / "nl.toml"

TRUE_REPORTING = 0.52
"""The value the known-answer test hides in its target and asks calibration to find."""

SMALL = """# a small region for a fast fit
name = "small"
description = "3,000 families, one reported year"

[run]
families = 3000
years = 1
warmup_years = 1
seed = 7

[noticing]
report_professional = 0.3   # the start, far from the truth

[calibration]
replications = 3
check_replications = 4
screening = 4
iterations = 6
step = 0.1

[calibration.free]
"noticing.report_professional" = {}
"""


def _targets_text(value: float) -> str:
    return f"""
[targets.reports]
value = {value}
unit = "reports per year"
year = 2021
scale = "regional per year"
tolerance = 0.05
source = "a run of the same region with report_professional = {TRUE_REPORTING}"
simulated = "yearly:reported_sum"
"""


def measured_runs(specs: list[RunSpec], targets) -> list[dict[str, float]]:
    """Every target's simulated value in each run of `specs`, in their order, run as
    calibrate runs its points: through the run engine on two processes, nothing kept."""
    job = Job(None, "calibrate", "calibrate", "test", "", progress=False)
    with engine(job, Where(workers=2), functools.partial(measured, targets=targets)) as runner:
        runner.run_all(specs)
        return [record["summary"] for record in runner.outputs(specs)]


@pytest.fixture(scope="module")
def known_answer(tmp_path_factory: pytest.TempPathFactory):
    """A target made from runs at TRUE_REPORTING on the fitting seeds, and the fit of it."""
    folder = tmp_path_factory.mktemp("known")
    scenario_path = folder / "small.toml"
    scenario_path.write_text(SMALL)
    probe = folder / "probe.toml"
    probe.write_text(_targets_text(1.0))
    targets = load_targets(probe).targets
    seed = load_scenario(scenario_path).run.seed
    specs = [RunSpec(f"r{k}", "truth", k, replication_seed(seed, k),
                     {"noticing": {"report_professional": TRUE_REPORTING}}, str(scenario_path))
             for k in range(3)]
    truth = float(np.mean([m["reports"] for m in measured_runs(specs, targets)]))
    targets_path = folder / "targets.toml"
    targets_path.write_text(_targets_text(truth))
    result = calibrate(scenario_path, targets_path, workers=2)
    return folder, scenario_path, result


def test_calibration_recovers_a_known_parameter(known_answer) -> None:
    _, _, result = known_answer
    found = result.best["noticing.report_professional"]
    # The plausible range is 0.2-0.6; the fit must land within 0.04 (a tenth of it) of
    # the hidden value, from a start 0.22 away.
    assert abs(found - TRUE_REPORTING) <= 0.04, found
    row = result.table.iloc[0]
    assert row["met"] and abs(row["relative_error"]) <= 0.05
    assert row["ci_low"] <= row["simulated"] <= row["ci_high"]


def test_fitted_scenario_keeps_comments_and_sets_values(known_answer, tmp_path: Path) -> None:
    _, scenario_path, result = known_answer
    fitted = tmp_path / "fitted.toml"
    result.write(tmp_path / "out", fitted)
    result.write(tmp_path / "out", fitted)  # over a file it wrote: allowed
    text = fitted.read_text()
    assert text.startswith(f"# {FITTED_SIGNATURE}\n# a small region for a fast fit")
    assert text.count(FITTED_SIGNATURE) == 1 and "fitted " in text
    scenario = load_scenario(fitted)
    assert scenario.noticing.report_professional == result.best["noticing.report_professional"]
    assert scenario.run.families == 3000
    written = pd.read_csv(tmp_path / "out" / "targets.csv")
    assert list(written["target"]) == ["reports"]
    assert len(pd.read_csv(tmp_path / "out" / "trace.csv")) == len(result.trace)


def test_fitted_scenario_never_replaces_a_file_calibrate_did_not_write(known_answer,
                                                                       tmp_path: Path) -> None:
    _, _, result = known_answer
    fitted = tmp_path / "fitted.toml"
    fitted.write_text("a user's file")
    with pytest.raises(OutputError, match="exists and is not a scenario opzet calibrate"):
        result.write(tmp_path / "out", fitted)
    assert fitted.read_text() == "a user's file" and not (tmp_path / "out").exists()


def test_check_runs_use_seeds_the_fit_never_used(known_answer) -> None:
    _, _, result = known_answer
    fitting = {replication_seed(7, k) for k in range(3)}
    checking = {replication_seed(7, k) for k in range(CHECK_SEED_OFFSET, CHECK_SEED_OFFSET + 4)}
    assert not fitting & checking
    assert result.settings["check_replications"] == 4


def _cli(capsys, *args: str) -> tuple[int, str]:
    status = main(["calibrate", *map(str, args)])
    return status, capsys.readouterr().err.strip()


@pytest.mark.parametrize("free, expected", [
    ('"noticing.report_profesional" = {}', ["noticing.report_profesional is not a parameter"]),
    ('"noticing.report_professional" = {high = 0.9}',
     ["calibration.free.noticing.report_professional.high = 0.9", "0.2 to 0.6"]),
    ('"design.model" = {}', ["design.model is a choice, not a number"]),
])
def test_bad_free_parameter_is_refused_before_any_run(tmp_path: Path, capsys, free: str,
                                                      expected: list[str]) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(SMALL.replace('"noticing.report_professional" = {}', free))
    status, err = _cli(capsys, path, TARGETS, "--out", tmp_path / "out")
    assert status == 2 and "\n" not in err and err.startswith(str(path))
    assert all(part in err for part in expected), err
    assert not (tmp_path / "out").exists()


def test_scenario_without_free_parameters_is_refused(tmp_path: Path, capsys) -> None:
    path = tmp_path / "none.toml"
    path.write_text('name = "none"\n')
    status, err = _cli(capsys, path, TARGETS)
    assert status == 2 and "calibration.free is empty" in err


def test_targets_with_wrong_unit_are_refused_before_any_run(tmp_path: Path, capsys) -> None:
    path = tmp_path / "small.toml"
    path.write_text(SMALL)
    targets = tmp_path / "targets.toml"
    targets.write_text(_targets_text(100).replace("reports per year", "reports a year"))
    status, err = _cli(capsys, path, targets, "--out", tmp_path / "out")
    assert status == 2 and str(targets) in err and "targets.reports.unit" in err
    assert not (tmp_path / "out").exists()


def test_children_of_weighs_families_by_their_children() -> None:
    targets = load_targets(TARGETS).targets
    result_like = type("R", (), {})()
    result_like.yearly = pd.DataFrame({"court_order_sum": [10.0, 30.0]})
    result_like.organisations = pd.DataFrame()
    result_like.families = pd.DataFrame({"court_order": [1, 0, 2], "children": [2, 5, 3]})
    families = 19_000  # a hundredth of the country
    value = simulated_value(targets["new_orders_2021"], result_like, families)
    # 20 orders a year on average, 2.5 children per family with an order, times 100
    assert math.isclose(value, 20 * 2.5 * 100)


BASELINE_REPLICATIONS = 30
"""Enough that every target's 95% interval is narrower than its tolerance band (the
certified institutions' waiting list, a queue near capacity, is the noisiest: about
80% between runs), so the check can tell a target met from one missed."""

@pytest.fixture(scope="module")
def baseline_check() -> pd.DataFrame:
    """Every target's simulated value in runs of the calibrated baseline on seeds that
    neither the fit nor its check used."""
    scenario = load_scenario(BASELINE)
    targets = load_targets(TARGETS).targets
    first = 2 * CHECK_SEED_OFFSET
    specs = [RunSpec(f"r{k}", "baseline", k, replication_seed(scenario.run.seed, k), {},
                     str(BASELINE)) for k in range(first, first + BASELINE_REPLICATIONS)]
    return pd.DataFrame(measured_runs(specs, targets))


_INFLOWS = (
    "every inflow is above its figure with the certified institutions' waiting list and "
    "orders in force near theirs (docs/calibration.md); the working relationship, "
    "caseworkers and the network as actors (issue 13) raised investigations and follow-ups "
    "by about a tenth more, and a fit of the merged model found no better point within the "
    "free parameters' ranges")
KNOWN_MISSES = {
    "board_investigations_2021": (0.32, "the one that goes furthest: " + _INFLOWS),
    "vt_investigations_2023": (0.21, _INFLOWS),
    "board_supervision_requested_2021": (0.21, _INFLOWS),
}
"""Fitted targets the calibrated baseline misses: the error docs/calibration.md reports, and
why. Each is checked to be missed, by that error give or take half its tolerance, so a
change that meets it, or misses it by more, shows up here: then fit again and update the
docs and this table."""


@pytest.mark.parametrize("name", [name for name, t in load_targets(TARGETS).targets.items()
                                  if t.fit])
def test_calibrated_baseline_stays_within_tolerance(baseline_check, name: str) -> None:
    target = load_targets(TARGETS).targets[name]
    mean, low, high, n = paired_ci(baseline_check[name])
    assert n == BASELINE_REPLICATIONS
    band = target.tolerance * target.value
    assert (high - low) / 2 <= band, "too few replications to tell met from missed"
    error = mean / target.value - 1
    shown = f"{name}: {error:+.0%} (±{target.tolerance:.0%})"
    if name in KNOWN_MISSES:
        documented, why = KNOWN_MISSES[name]
        assert abs(error) > target.tolerance, f"{shown} is met now: fit again, update docs"
        assert abs(error - documented) <= target.tolerance / 2, (
            f"{shown}, documented as missed by {documented:+.0%}: {why}")
    else:
        assert abs(error) <= target.tolerance, shown
