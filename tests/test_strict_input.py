"""Strict input: every value a person gives (scenario, experiment, sensitivity settings,
targets, calibration, flags) is finite and of its own type, every file is read within
bounds, and every refusal is one line naming the file and the key: never a traceback."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from test_library import GOOD as TARGET

from sim.cli import main
from sim.input_errors import ScenarioError
from sim.targets import load_targets
from sim.toml_files import MAX_FILE_MIB

EXPERIMENT = """\
families = 1000
years = 1
warmup_years = 0
replications = 1

[designs.relay]
design.model = "relay"
"""

SENSITIVITY = EXPERIMENT + """\
[uncertainties]
"help.child_effect" = {}

[sensitivity]
method = "sobol"
samples = 8
"""


def one_line(err: str) -> str:
    """The single line of a command's stderr (asserting there is exactly one)."""
    assert "Traceback" not in err
    assert err.endswith("\n") and len(err.splitlines()) == 1, err
    return err.rstrip("\n")


def validate_error(capsys: pytest.CaptureFixture[str], path: Path) -> str:
    """`opzet validate PATH` refuses the file: exit 2, one line naming it."""
    assert main(["validate", str(path)]) == 2
    line = one_line(capsys.readouterr().err)
    assert line.startswith(f"{path}: ")
    return line


def command_error(capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str,
                  text: str) -> str:
    """`opzet COMMAND FILE --out OUT` refuses the file while loading: exit 2, one line
    naming it, nothing written."""
    path, out = tmp_path / "bad.toml", tmp_path / "out"
    path.write_text(text)
    assert main([command, str(path), "--out", str(out)]) == 2
    line = one_line(capsys.readouterr().err)
    assert line.startswith(f"{path}: ")
    assert not out.exists()
    return line


def targets_error(tmp_path: Path, text: str) -> str:
    path = tmp_path / "targets.toml"
    path.write_text(text)
    with pytest.raises(ScenarioError) as info:
        load_targets(path)
    message = str(info.value)
    assert len(message.splitlines()) == 1 and message.startswith(f"{path}: ")
    return message


def scenario(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "scenario.toml"
    path.write_text(text)
    return path


# Numbers are finite


@pytest.mark.parametrize("value", ["inf", "-inf", "nan"])
def test_scenario_value_must_be_finite(tmp_path, capsys, value):
    line = validate_error(capsys, scenario(tmp_path, f"[concern]\nnoise_sd = {value}\n"))
    assert f"concern.noise_sd = {value} is not a finite number; allowed at least 0" in line


@pytest.mark.parametrize("value", ["inf", "-inf", "nan"])
def test_experiment_value_must_be_finite(tmp_path, capsys, value):
    text = EXPERIMENT + f'[uncertainties]\n"help.child_effect" = {{low = 0.02, high = {value}}}\n'
    line = command_error(capsys, tmp_path, "batch", text)
    assert f"uncertainties.help.child_effect.high = {value} is not a finite number" in line


@pytest.mark.parametrize("value", ["inf", "-inf", "nan"])
def test_experiment_design_lever_must_be_finite(tmp_path, capsys, value):
    line = command_error(capsys, tmp_path, "batch",
                         EXPERIMENT + f"concern.noise_sd = {value}\n")
    assert f"designs.relay.concern.noise_sd = {value} is not a finite number" in line


@pytest.mark.parametrize("value", ["inf", "-inf", "nan"])
def test_target_value_must_be_finite(tmp_path, value):
    message = targets_error(tmp_path, TARGET.replace("119380", value))
    assert f"targets.reports.value = {value} is not a finite number; allowed at least 0" \
        in message


@pytest.mark.parametrize("value", ["inf", "-inf", "nan"])
def test_sensitivity_setting_must_be_finite(tmp_path, capsys, value):
    line = command_error(capsys, tmp_path, "sensitivity",
                         SENSITIVITY + f"confidence = {value}\n")
    assert f"sensitivity.confidence = {value} is not a finite number; allowed above 0.5 " \
        "and below 1" in line


def test_calibration_range_must_be_finite(tmp_path, capsys):
    path = scenario(tmp_path, '[calibration.free."help.child_effect"]\nhigh = inf\n')
    line = validate_error(capsys, path)
    assert "calibration.free.help.child_effect.high = inf is not a finite number" in line


def test_number_beyond_float_range(tmp_path, capsys):
    """TOML reads 1e400 as inf; it used to end in an OverflowError in the model."""
    line = validate_error(capsys, scenario(tmp_path, "[organisations.court]\nstaff = 1e400\n"))
    assert "organisations.court.staff = inf is not a finite number" in line


# Types are strict


def test_text_for_a_whole_number(tmp_path, capsys):
    line = validate_error(capsys, scenario(tmp_path, '[run]\nfamilies = "300"\n'))
    assert 'run.families = "300" has the wrong type; expected a whole number' in line


def test_text_for_a_whole_number_in_an_experiment(tmp_path, capsys):
    line = command_error(capsys, tmp_path, "batch",
                         EXPERIMENT.replace("families = 1000", 'families = "300"'))
    assert 'families = "300" has the wrong type; expected a whole number' in line


def test_true_for_a_whole_number(tmp_path, capsys):
    line = validate_error(capsys, scenario(tmp_path, "[run]\nyears = true\n"))
    assert "run.years = true has the wrong type; expected a whole number (years)" in line


def test_true_for_replications(tmp_path, capsys):
    line = command_error(capsys, tmp_path, "batch",
                         EXPERIMENT.replace("replications = 1", "replications = true"))
    assert "replications = true has the wrong type; expected a whole number" in line


def test_true_for_a_number(tmp_path, capsys):
    line = validate_error(capsys, scenario(tmp_path, "[concern]\nnoise_sd = true\n"))
    assert "concern.noise_sd = true has the wrong type; expected a number" in line


def test_true_for_a_probability(tmp_path, capsys):
    line = validate_error(capsys, scenario(tmp_path, "[noticing]\nask_self = true\n"))
    assert "noticing.ask_self = true has the wrong type; expected a number (probability)" \
        in line


def test_whole_number_for_a_number_is_still_fine(tmp_path, capsys):
    assert main(["validate", str(scenario(tmp_path, "[concern]\nnoise_sd = 1\n"))]) == 0


def test_text_where_a_table_is_expected(tmp_path, capsys):
    line = validate_error(capsys, scenario(tmp_path, 'run = "quick"\n'))
    assert 'run = "quick" has the wrong type; expected a table of parameters' in line


# Every kind of bound has a message


def test_strict_lower_bound_sd_zero(tmp_path, capsys):
    text = EXPERIMENT + ('[uncertainties]\n"help.child_effect" = '
                         '{distribution = "normal", mean = 0.04, sd = 0}\n')
    line = command_error(capsys, tmp_path, "batch", text)
    assert "uncertainties.help.child_effect.sd = 0 is out of range; allowed above 0" in line


def test_strict_upper_bound_confidence_one(tmp_path, capsys):
    line = command_error(capsys, tmp_path, "sensitivity", SENSITIVITY + "confidence = 1.0\n")
    assert "sensitivity.confidence = 1.0 is out of range; allowed above 0.5 and below 1" in line


def test_too_short_has_a_message(tmp_path):
    message = targets_error(tmp_path, "targets = {}\n")
    assert "targets = {} is too short; give at least 1 entry" in message


# Flags


@pytest.mark.parametrize(("flag", "value", "key"), [("--seed", "inf", "run.seed"),
                                                    ("--years", "nan", "run.years"),
                                                    ("--families", "-inf", "run.families")])
def test_non_finite_flag_is_one_line(tmp_path, capsys, flag, value, key):
    assert main(["run", f"{flag}={value}", "--out", str(tmp_path / "out")]) == 2
    line = one_line(capsys.readouterr().err)
    assert line.startswith(f"{flag}: {key} = {value} has the wrong type; expected a whole")
    assert not (tmp_path / "out").exists()


def test_whole_number_flag_still_works(tmp_path, capsys):
    path = scenario(tmp_path, "[run]\nyears = 1\nwarmup_years = 0\nrecord_events = false\n")
    assert main(["run", str(path), "--families", "300", "--out", str(tmp_path / "out")]) == 0
    assert '"families": 300' in (tmp_path / "out" / "manifest.json").read_text()


# Reading is bounded


def test_nested_ten_thousand_deep_array(tmp_path, capsys):
    path = scenario(tmp_path, "a = " + "[" * 10_000 + "]" * 10_000 + "\n")
    line = validate_error(capsys, path)
    assert "a (line 1) nests tables or arrays too deeply; at most 64 levels" in line


def test_nested_ten_thousand_deep_tables(tmp_path, capsys):
    path = scenario(tmp_path, "[" + ".".join(["deep"] * 10_000) + "]\nx = 1\n")
    line = validate_error(capsys, path)
    assert "deep.deep.deep... nests tables or arrays too deeply" in line


def test_nested_experiment_design(tmp_path, capsys):
    text = EXPERIMENT + "x = " + "{y = " * 5_000 + "1" + "}" * 5_000 + "\n"
    line = command_error(capsys, tmp_path, "batch", text)
    assert "x (line 8) nests tables or arrays too deeply" in line


@pytest.mark.parametrize("reader", ["validate", "batch", "targets"])
def test_file_over_the_size_limit(tmp_path, capsys, reader):
    text = "# " + "x" * (5 * 1024 * 1024) + "\n"
    expected = f"the file is larger than {MAX_FILE_MIB} MiB"
    if reader == "targets":
        assert expected in targets_error(tmp_path, text)
    elif reader == "batch":
        assert expected in command_error(capsys, tmp_path, "batch", text)
    else:
        assert expected in validate_error(capsys, scenario(tmp_path, text))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_is_refused_without_blocking(tmp_path, capsys):
    fifo = tmp_path / "scenario.toml"
    os.mkfifo(fifo)
    codes: list[int] = []
    worker = threading.Thread(target=lambda: codes.append(main(["validate", str(fifo)])),
                              daemon=True)
    worker.start()
    worker.join(timeout=20)
    if worker.is_alive():  # blocked in open(): give it a writer so the thread can end
        with open(fifo, "w"):
            pass
        pytest.fail("opzet validate blocked on a FIFO")
    assert codes == [2]
    line = one_line(capsys.readouterr().err)
    assert line == f"{fifo}: is not a regular file (a pipe, socket or device); give a TOML file"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_endless_device_is_refused(capsys):
    line = validate_error(capsys, Path("/dev/zero"))
    assert "is not a regular file" in line


def test_line_break_in_a_key_stays_one_line(tmp_path, capsys):
    line = validate_error(capsys, scenario(tmp_path, '"bad\\nkey" = 1\n'))
    assert "unknown key 'bad\\nkey'" in line
