"""`opzet report` on a damaged or foreign folder: one line on stderr naming the folder or
the file at fault, exit 2, nothing written, never a traceback. Each case damages a copy
of one small real comparison the way a hostile tester did."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from sim.cli import main
from sim.compare import compare
from sim.designs import BUILTIN_DESIGNS


@pytest.fixture(scope="module")
def comparison(tmp_path_factory) -> Path:
    """A real comparison of relay and team (details kept), without a report."""
    folder = tmp_path_factory.mktemp("faults") / "compare"
    designs = {name: BUILTIN_DESIGNS[name] for name in ("relay", "team")}
    compare(designs, reps=2, workers=1, overrides={"run": {"families": 1000, "years": 1}}
            ).write(folder)
    return folder


def _write(path: str, content: str | bytes) -> Callable[[Path], None]:
    """Damage: the file at `path` in the folder holds `content` instead."""
    def damage(folder: Path) -> None:
        if isinstance(content, bytes):
            (folder / path).write_bytes(content)
        else:
            (folder / path).write_text(content)
    return damage


def _edit_manifest(edit: Callable[[dict], None]) -> Callable[[Path], None]:
    def damage(folder: Path) -> None:
        manifest = json.loads((folder / "manifest.json").read_text())
        edit(manifest)
        (folder / "manifest.json").write_text(json.dumps(manifest))
    return damage


def _no_run_size(manifest: dict) -> None:
    del manifest["designs"]["relay"]["scenario"]["run"]["families"]


def _halve_runs(folder: Path) -> None:
    content = (folder / "runs.parquet").read_bytes()
    (folder / "runs.parquet").write_bytes(content[:len(content) // 2])


def _runs_without_outcomes(folder: Path) -> None:
    runs = pd.read_parquet(folder / "runs.parquet")
    runs[["design", "replication", "seed"]].to_parquet(folder / "runs.parquet", index=False)


def _comparison_without_columns(folder: Path) -> None:
    table = pd.read_csv(folder / "comparison.csv")
    table[["outcome", "design"]].to_csv(folder / "comparison.csv", index=False)


def _foreign(folder: Path) -> None:
    """A software project, not results: a README and src/."""
    shutil.rmtree(folder)
    (folder / "src").mkdir(parents=True)
    (folder / "README.md").write_text("# a project\n")
    (folder / "src" / "main.py").write_text("print('hello')\n")


def _untouched(folder: Path) -> None:
    pass


CASES: dict[str, tuple[Callable[[Path], None], str, str]] = {
    # case: (damage to the folder, the path reported on inside it, the name the line gives)
    "manifest is a list": (_write("manifest.json", "[]"), ".", "manifest.json"),
    "manifest is not JSON": (_write("manifest.json", "{results: yes"), ".", "manifest.json"),
    "manifest names an unknown kind": (_edit_manifest(lambda m: m.update(kind="calibration")),
                                       ".", "manifest.json"),
    "manifest lacks the run size": (_edit_manifest(_no_run_size), ".", "manifest.json"),
    "runs.parquet cut in half": (_halve_runs, ".", "runs.parquet"),
    "runs.parquet without outcomes": (_runs_without_outcomes, ".", "runs.parquet"),
    "comparison.csv missing columns": (_comparison_without_columns, ".", "comparison.csv"),
    "indices.csv empty": (_write("indices.csv", b""), ".", "indices.csv"),
    "indices.csv with other columns": (_write("indices.csv", "a,b\n1,2\n"), ".",
                                       "indices.csv"),
    "families.parquet garbage": (_write("details/families.parquet", b"\x00garbage" * 64), ".",
                                 "families.parquet"),
    "details without flows.csv": (lambda f: (f / "details" / "flows.csv").unlink(), ".",
                                  "flows.csv"),
    "events.parquet garbage": (_write("details/events.parquet", b"\x00garbage" * 64), ".",
                               "events.parquet"),
    "not a results folder": (_foreign, ".", "manifest.json"),
    "a file": (_untouched, "manifest.json", "manifest.json"),
    "no such folder": (_untouched, "nowhere", "nowhere"),
}


def _files(folder: Path) -> set[Path]:
    return set(folder.rglob("*"))


def _damaged(comparison: Path, tmp_path: Path, case: str) -> tuple[Path, Path, str]:
    """A damaged copy of the comparison: (its folder, the path to report on, the name the
    error must give)."""
    folder = tmp_path / "results"
    shutil.copytree(comparison, folder)
    damage, target, name = CASES[case]
    damage(folder)
    return folder, folder / target, name


def _assert_one_line(capsys, argv: list[str], folder: Path, name: str) -> None:
    before = _files(folder)
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err, captured.err
    assert len(captured.err.strip().splitlines()) == 1, captured.err
    assert name in captured.err and str(folder) in captured.err, captured.err
    assert captured.out == ""
    assert _files(folder) == before  # no report, no figures


def test_the_undamaged_copy_makes_a_report(comparison, tmp_path):
    """The damage, not the copy, is what each case below is refused for."""
    folder = tmp_path / "results"
    shutil.copytree(comparison, folder)
    assert main(["report", str(folder), "--lang", "en"]) == 0
    assert (folder / "report-en.html").exists()


@pytest.mark.parametrize("case", CASES)
def test_a_damaged_folder_is_one_line_and_exit_2(comparison, tmp_path, capsys, case):
    folder, target, name = _damaged(comparison, tmp_path, case)
    _assert_one_line(capsys, ["report", str(target)], folder, name)


@pytest.mark.parametrize("case", ["runs.parquet cut in half", "families.parquet garbage"])
def test_a_damaged_folder_gives_no_pdf_either(comparison, tmp_path, capsys, case):
    folder, target, name = _damaged(comparison, tmp_path, case)
    _assert_one_line(capsys, ["report", str(target), "--format", "pdf"], folder, name)
