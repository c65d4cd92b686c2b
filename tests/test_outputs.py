"""No command destroys a file it did not write, whatever --out says (sim.outputs).

Each case stands where a user's files are (a copy of scenarios/, a web project, a
note), gives the command a bad --out, and checks one line, exit 2, and every file
unchanged by checksum; and that results that may be replaced are replaced whole.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import checksums, listing
from test_batch import EXPERIMENT as BATCH_EXPERIMENT
from test_sensitivity import TINY as SENSITIVITY

from sim.cli import main
from sim.outputs import MARKER, check_file, claim, locked, sibling, write_marker
from sim.report.document import SIGNATURES

ROOT = Path(__file__).resolve().parent.parent
TINY = ["--families", "300", "--years", "1"]
EXPERIMENT = BATCH_EXPERIMENT.replace("families = 1000", "families = 300")
"""2 designs x 2 sample points x 2 replications of 300 families (tests/test_batch.py)."""


@pytest.fixture
def desk(tmp_path, monkeypatch):
    """A working folder with a user's files: scenarios, a web project and a note."""
    shutil.copytree(ROOT / "scenarios", tmp_path / "scenarios")
    (tmp_path / "web" / "src").mkdir(parents=True)
    (tmp_path / "web" / "README.md").write_text("my project\n")
    (tmp_path / "web" / "src" / "app.js").write_text("console.log(1)\n")
    (tmp_path / "web" / "manifest.json").write_text("{}\n")
    (tmp_path / "note.txt").write_text("do not lose me\n")
    (tmp_path / "tiny.toml").write_text(EXPERIMENT)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def refusal(argv: list[str], capsys, desk: Path, *, busy: Path | None = None) -> str:
    """The one line of a command that must be refused: exit 2, one line, no traceback,
    nothing changed or added anywhere on the desk but in `busy`, the folder another
    command is writing meanwhile (not looked into)."""
    before = listing(desk, busy)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1, err
    assert "Traceback" not in err
    assert listing(desk, busy) == before
    return err


def named(err: str, *words: str) -> bool:
    """Whether a message names every one of `words`."""
    return all(word in err for word in words)


def run(argv: list[str], capsys) -> None:
    assert main(argv) == 0, capsys.readouterr().err
    capsys.readouterr()


@pytest.mark.parametrize("out, words", [
    ("scenarios", ["--out scenarios", "is or holds this command's input"]),
    ("web", ["--out web", "opzet did not write"]),
    ("note.txt", ["--out note.txt", "not a folder"]),
    ("", ["'.'", "current folder"]),
    (".", ["'.'", "current folder"]),
    ("..", ["--out ..", "current folder"]),
    ("note.txt/x", ["note.txt is a file"]),
    ("/proc/opzet-x", ["--out /proc/opzet-x", "cannot"]),
])
def test_run_refuses_a_target_that_is_not_its_own(out, words, desk, capsys):
    err = refusal(["run", "scenarios/example_small.toml", *TINY, "--out", out], capsys, desk)
    assert named(err, *words)


@pytest.mark.parametrize("command", [
    ["compare", "--designs", "relay,team", "--reps", "2", *TINY],
    ["batch", "tiny.toml"],
])
def test_compare_and_batch_refuse_a_folder_opzet_did_not_write(command, desk, capsys):
    err = refusal([*command, "--out", "web"], capsys, desk)
    assert named(err, "--out web", "opzet did not write")


def test_a_users_file_in_earlier_results_stops_every_writer(desk, capsys):
    run(["batch", "tiny.toml", "--out", "results/tiny"], capsys)
    (desk / "results" / "tiny" / "details" / "interview.txt").write_text("notes\n")
    err = refusal(["batch", "tiny.toml", "--out", "results/tiny"], capsys, desk)
    assert named(err, "details/interview.txt", "opzet did not write")
    err = refusal(["batch", "tiny.toml", "--out", "results/tiny", "--resume"], capsys, desk)
    assert named(err, "details/interview.txt")


def test_results_of_another_command_are_not_replaced(desk, capsys):
    run(["run", "scenarios/example_small.toml", *TINY, "--out", "results/r"], capsys)
    err = refusal(["compare", "--designs", "relay,team", "--reps", "2", *TINY, "--out",
                   "results/r"], capsys, desk)
    assert named(err, "holds results of opzet run, not of opzet compare")


def test_earlier_results_of_the_same_command_are_replaced_whole(desk, capsys):
    out = desk / "results" / "c"
    run(["compare", "--designs", "relay,team", "--reps", "2", *TINY, "--out", str(out)],
        capsys)
    first = json.loads((out / "manifest.json").read_text())["started"]
    (out / "details" / ".flows.csv.ab12.opzet-tmp").write_text("killed writer")
    sibling(out, "new-999999").mkdir()  # a killed writer's build folder
    time.sleep(1.1)
    run(["compare", "--designs", "relay,team", "--reps", "2", *TINY, "--out", str(out)],
        capsys)
    assert json.loads((out / "manifest.json").read_text())["started"] != first
    assert sorted(p.name for p in out.parent.iterdir()) == ["c"]
    marker = json.loads((out / MARKER).read_text())
    assert marker["kind"] == "compare"
    assert sorted(marker["files"]) == sorted(
        str(p.relative_to(out)) for p in out.rglob("*") if p.is_file() and p.name != MARKER)


def test_a_second_writer_is_refused_naming_the_first(desk, capsys):
    out = desk / "results" / "c"
    first = start_writing(["compare", "--designs", "relay,team", "--reps", "6",
                           "--families", "20000", "--workers", "1"], out)
    try:
        err = refusal(["compare", "--designs", "relay,team", "--reps", "2", *TINY, "--out",
                       str(out)], capsys, desk, busy=sibling(out, "partial"))
        assert named(err, "is being written by another opzet command", f"(pid {first.pid}, started",
                          "opzet compare --designs relay,team --reps 6")
    finally:
        os.killpg(first.pid, signal.SIGINT)
        first.communicate(timeout=30)
    with locked(out):  # free again once the first is gone
        pass


def start_writing(command: list[str], out: Path) -> subprocess.Popen:
    """A command writing to `out` in its own process group, once it holds its claim."""
    proc = subprocess.Popen([sys.executable, "-m", "sim.cli", *command, "--out", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    deadline = time.monotonic() + 60
    while not sibling(out, "lock").exists() or not sibling(out, "lock").read_text():
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    return proc


def test_a_swap_cut_short_by_a_kill_is_repaired(desk):
    out = desk / "results" / "c"
    out.parent.mkdir()
    sibling(out, "old").mkdir()  # a kill between the two renames of a swap
    (sibling(out, "old") / "kept.txt").write_text("earlier results")
    write_marker(sibling(out, "old"), "compare", ["kept.txt"])
    with claim(out, "compare"):
        assert (out / "kept.txt").read_text() == "earlier results"
    assert not sibling(out, "old").exists()


def test_a_killed_batch_rerun_without_resume_keeps_the_earlier_results(desk, capsys,
                                                                       monkeypatch):
    import sim.execution

    run(["batch", "tiny.toml", "--out", "results/tiny"], capsys)
    earlier = checksums(desk / "results" / "tiny")
    real, calls = sim.execution.execute, []

    def interrupted_after_two(spec):
        calls.append(spec)
        if len(calls) > 2:
            raise KeyboardInterrupt
        return real(spec)

    monkeypatch.setattr(sim.execution, "execute", interrupted_after_two)
    assert main(["batch", "tiny.toml", "--out", "results/tiny", "--workers", "1"]) == 130
    err = capsys.readouterr().err
    assert err.splitlines()[-1:] == [
        f"interrupted: 2 of 8 runs are saved in {sibling(Path('results/tiny'), 'partial')}; "
        "run the same command with --resume to finish; results/tiny is as it was"]
    assert checksums(desk / "results" / "tiny") == earlier
    monkeypatch.setattr(sim.execution, "execute", real)
    run(["batch", "tiny.toml", "--out", "results/tiny", "--resume"], capsys)
    manifest = json.loads((desk / "results" / "tiny" / "manifest.json").read_text())
    assert manifest["runs_executed_this_time"] == 6
    assert not sibling(desk / "results" / "tiny", "partial").exists()


@pytest.mark.parametrize("command", [  # each well over a minute, interrupted at once
    ["run", "scenarios/example_small.toml", "--families", "400000", "--years", "10"],
    ["compare", "--designs", "relay,team", "--reps", "10", "--families", "100000",
     "--workers", "2"],
])
def test_ctrl_c_ends_with_one_line_and_exit_130(command, desk):
    """SIGINT to the whole process group, as a terminal sends it."""
    out = desk / "results" / "x"
    proc = start_writing(command, out)
    time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert err.splitlines()[-1] == ("interrupted: nothing was written; earlier results are "
                                    "as they were")
    assert "Traceback" not in err
    assert not out.parent.exists()  # the command made results/ and took it away again


def test_fitted_scenario_replaces_only_a_file_calibrate_wrote(desk, capsys):
    signed = desk / "scenarios" / "nl_relay_baseline.toml"
    mine = desk / "scenarios" / "mine.toml"
    mine.write_text(signed.read_text().split("\n", 1)[1])  # the same, without the signature
    err = refusal(["calibrate", str(mine), "scenarios/targets/nl.toml", "--fitted", str(mine),
                   "--out", "results/cal"], capsys, desk)
    assert named(err, f"--fitted {mine}", "is not a scenario opzet calibrate fitted")


def test_no_command_writes_outside_its_out(desk, capsys):
    """Every command, run as a user would, changes nothing on the desk but its --out."""
    (desk / "sobol.toml").write_text(SENSITIVITY)
    before = checksums(desk)
    commands = {
        "results/run": ["run", "scenarios/example_small.toml", *TINY],
        "results/compare": ["compare", "--designs", "relay,team", "--reps", "2", *TINY],
        "results/batch": ["batch", "tiny.toml"],
        "results/sobol": ["sensitivity", "sobol.toml", "--workers", "2"],
    }
    for out, command in commands.items():
        run([*command, "--out", out], capsys)
    run(["report", "results/compare"], capsys)
    run(["report", "results/batch", "--lang", "en", "--out", "reports/batch.html"], capsys)
    outside = {k: v for k, v in checksums(desk).items()
               if not k.startswith(("results/", "reports/"))}
    assert outside == before
    assert sorted(p.name for p in (desk / "results").iterdir()) == [
        "batch", "compare", "run", "sobol"]
    assert [p.name for p in (desk / "reports").iterdir()] == ["batch.html"]


@pytest.fixture
def compared(desk, capsys) -> Path:
    out = desk / "results" / "c"
    run(["compare", "--designs", "relay,team", "--reps", "2", *TINY, "--out", str(out)],
        capsys)
    return out


def test_a_report_writes_only_over_a_report(compared, desk, capsys):
    err = refusal(["report", str(compared), "--out", str(compared / "runs.parquet")], capsys, desk)
    assert named(err, "runs.parquet", "is not a HTML report opzet wrote")
    err = refusal(["report", str(compared), "--out", "note.txt"], capsys, desk)
    assert named(err, "--out note.txt", "is not a HTML report opzet wrote")
    err = refusal(["report", str(compared), "--out", "scenarios"], capsys, desk)
    assert named(err, "--out scenarios", "is not a file")
    run(["report", str(compared)], capsys)
    check_file(compared / "report-nl.html", SIGNATURES["html"], "a HTML report")  # replaceable
    run(["report", str(compared), "--format", "pdf", "--out", "mine.pdf"], capsys)
    check_file(desk / "mine.pdf", SIGNATURES["pdf"], "a PDF report")  # may be replaced
    err = refusal(["report", str(compared), "--out", "mine.pdf"], capsys, desk)
    assert named(err, "is not a HTML report opzet wrote")


def test_a_report_keeps_a_users_figure_and_will_not_write_over_one(compared, desk, capsys):
    run(["report", str(compared)], capsys)
    (compared / "figures" / "my_chart.png").write_bytes(b"mine")
    run(["report", str(compared)], capsys)
    assert (compared / "figures" / "my_chart.png").read_bytes() == b"mine"
    drawn = min((compared / "figures").glob("*-nl.png"))
    marker = json.loads((compared / MARKER).read_text())
    marker["files"].remove(f"figures/{drawn.name}")  # as if the user had put it there
    (compared / MARKER).write_text(json.dumps(marker))
    err = refusal(["report", str(compared)], capsys, desk)
    assert named(err, drawn.name, "was not written by opzet")
    err = refusal(["compare", "--designs", "relay,team", "--reps", "2", *TINY, "--out",
                   str(compared)], capsys, desk)
    assert named(err, "opzet did not write")
