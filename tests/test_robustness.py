"""Robustness: a synthetic function whose answer is known (PRIM finds its box, the shares
match its volume), regret and shares on a table computed by hand, a real study on the
model that resumes after a kill to the same tables, bad input, and the report's section
in both languages, in a browser."""

from __future__ import annotations

import json
import math
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import BROWSER_ARGS
from scipy.stats import qmc

from sim.cli import main
from sim.execution import replication_seed
from sim.explore.session import Session
from sim.outputs import sibling
from sim.report.build import build_report
from sim.report.figures import ROBUSTNESS
from sim.report.texts import LANGUAGES, TEXTS
from sim.robustness import TABLES
from sim.robustness_analysis import Asked, Criterion, analyse, wilson

ROOT = Path(__file__).resolve().parent.parent


# ------------------------------------------------------------------ a known answer
def test_prim_finds_the_box_where_the_sign_changes_and_the_share_is_its_volume():
    """B is better than A inside p0 in [0.2, 0.7] x p2 in [0.4, 1] (volume 0.3) and worse
    outside, on five parameters; common noise cancels in the paired difference, its own
    noise (sd 0.15, 3 replications) leaves every verdict clear."""
    rng = np.random.default_rng(3)
    points = pd.DataFrame(qmc.LatinHypercube(d=5, rng=2).random(300),
                          columns=[f"p{i}" for i in range(5)]).rename_axis("sample")
    inside = points["p0"].between(0.2, 0.7) & (points["p2"] > 0.4)
    rows = []
    for sample, yes in enumerate(inside):
        for replication in range(3):
            common = 10 + rng.normal(0, 1)
            rows += [("A", sample, replication, common),
                     ("B", sample, replication, common + (1 if yes else -1)
                      + rng.normal(0, 0.15))]
    runs = pd.DataFrame(rows, columns=["design", "sample", "replication", "y"])
    found = analyse(runs, points, "A", [Criterion("y", "y", "", "higher")],
                    [Asked("B_better", "B", "y", "better", 0.8)],
                    ranges={f"p{i}": (0.0, 1.0) for i in range(5)})

    box = found.boxes[found.boxes["method"] == "prim"].set_index("parameter")
    truth = {"p0": (0.2, 0.7), "p1": (0, 1), "p2": (0.4, 1), "p3": (0, 1), "p4": (0, 1)}
    for parameter, (low, high) in truth.items():
        assert box.loc[parameter, "low"] == pytest.approx(low, abs=0.1), parameter
        assert box.loc[parameter, "high"] == pytest.approx(high, abs=0.1), parameter
    assert set(box.index[box["restricted"]]) == {"p0", "p2"}
    assert box["coverage"].iloc[0] >= 0.8 and box["density"].iloc[0] >= 0.8
    assert box["reached"].iloc[0]

    shares = found.robustness.iloc[0]
    assert shares["better_low"] <= 0.3 <= shares["better_high"]
    assert shares["worse_low"] <= 0.7 <= shares["worse_high"]
    steps = found.trajectory
    assert steps["chosen"].sum() == 1 and (steps["coverage"].diff().dropna() <= 1e-12).all()


# ------------------------------------------------------------------ by hand
HAND = {  # design -> sample -> the two replications' court orders (lower is better)
    "R": [(10, 12), (20, 20), (5, 7)],
    "A": [(8, 10), (21, 23), (9, 11)],
    "B": [(11, 13), (15, 17), (5, 7)],
}


def _hand_runs() -> pd.DataFrame:
    rows = [(design, sample, r, value, -value) for design, samples in HAND.items()
            for sample, pair in enumerate(samples) for r, value in enumerate(pair)]
    return pd.DataFrame(rows, columns=["design", "sample", "replication", "lower", "higher"])


def test_shares_worst_case_and_regret_match_a_table_computed_by_hand():
    """Per point (mean difference, t interval on 1 degree of freedom): A is better at 0
    (-2, sd 0), as good at 1 (+2 +- 12.7), worse at 2 (+4); B worse at 0 (+1), as good at
    1 (-4 +- 12.7) and at 2 (0 exactly: no difference shown). Regret against the best
    mean per point (9, 16, 6): R 2, 4, 0; A 0, 6, 4; B 3, 0, 0. The same table negated,
    with higher better, gives the same answers."""
    points = pd.DataFrame({"x": [0.1, 0.5, 0.9]}).rename_axis("sample")
    criteria = [Criterion("lower", "lower", "", "lower"),
                Criterion("higher", "higher", "", "higher")]
    found = analyse(_hand_runs(), points, "R", criteria, [])
    for outcome in ("lower", "higher"):
        shares = found.robustness[found.robustness["outcome"] == outcome].set_index("design")
        assert shares.loc["A", ["share_better", "share_as_good", "share_worse"]].tolist() == \
            pytest.approx([1 / 3, 1 / 3, 1 / 3])
        assert shares.loc["B", ["share_better", "share_as_good", "share_worse"]].tolist() == \
            pytest.approx([0, 2 / 3, 1 / 3])
        assert shares.loc["A", ["better_low", "better_high"]].tolist() == \
            pytest.approx([0.0615, 0.7923], abs=1e-4)  # Wilson's interval of 1 in 3
        sign = 1 if outcome == "lower" else -1
        assert shares.loc["A", "worst_diff"] == sign * 4 and shares.loc["A", "worst_sample"] == 2
        assert shares.loc["B", "worst_diff"] == sign * 1 and shares.loc["B", "worst_sample"] == 0
        assert shares.loc["A", "mean_diff"] == pytest.approx(sign * 4 / 3)
        regret = found.regret[found.regret["outcome"] == outcome].set_index("design")
        assert regret["max_regret"].to_dict() == {"R": 4, "A": 6, "B": 3}
        assert regret["max_regret_sample"].to_dict() == {"R": 1, "A": 1, "B": 0}
        assert regret["mean_regret"].to_dict() == pytest.approx({"R": 2, "A": 10 / 3, "B": 1})
        assert regret["rank"].to_dict() == {"B": 1, "R": 2, "A": 3}
        assert regret["best_share"].to_dict() == pytest.approx({"R": 1 / 3, "A": 1 / 3,
                                                                "B": 2 / 3})
    point = found.points.set_index(["outcome", "design", "sample"])
    assert point.loc[("lower", "A", 1), "ci_high"] == pytest.approx(2 + 12.7062, abs=1e-3)
    assert point.loc[("lower", "R", 0), "verdict"] == ""  # the reference is not judged
    assert (found.points["x"] == found.points["sample"].map(points["x"])).all()

    margin = analyse(_hand_runs(), points, "R", [Criterion("lower", "", "", "lower", 2.5)], [])
    assert margin.robustness.set_index("design").loc["A", "share_better"] == 0  # 2 < 2.5
    assert margin.robustness.set_index("design").loc["A", "share_worse"] == pytest.approx(1 / 3)


def test_wilson_interval_holds_its_share_and_stays_in_0_to_1():
    for k, n in ((0, 5), (5, 5), (3, 10), (0, 1)):
        low, high = wilson(k, n)
        assert 0 <= low <= k / n <= high <= 1
    assert all(math.isnan(v) for v in wilson(0, 0))  # no points, no share


# ------------------------------------------------------------------ the simulation
TINY = """
name = "tiny_robustness"
families = 500
years = 1
warmup_years = 0
replications = 2
seed = 7
designs = ["relay", "future"]
outcomes = ["handoffs", "court_orders", "days_to_help"]

[uncertainties]
"decisions.noise_sd" = {}

[sampling]
samples = 4

[robustness]
assumptions = ["team_blame_shift", "review_blame_shift"]
margin = {days_to_help = 1.0}

[[robustness.questions]]
design = "future"
outcome = "handoffs"
when = "not_better"

[[robustness.questions]]
name = "future_loses_court_orders"
design = "future"
outcome = "court_orders"
when = "worse"
threshold = 0.7
"""
RUNS = 2 * 4 * 2


def _tables(folder: Path) -> dict[str, pd.DataFrame]:
    tables = {name: pd.read_csv(folder / name) for name in TABLES}
    return tables | {"runs.parquet": pd.read_parquet(folder / "runs.parquet")}


@pytest.fixture(scope="module")
def study(tmp_path_factory) -> tuple[Path, Path]:
    """The tiny study's file and its results, run straight through from the command line."""
    folder = tmp_path_factory.mktemp("robustness")
    file = folder / "tiny.toml"
    file.write_text(TINY)
    out = folder / "straight"
    assert main(["robustness", str(file), "--workers", "1", "--out", str(out)]) == 0
    return file, out


def test_a_study_writes_every_table_figure_and_manifest(study, capsys):
    _, out = study
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["kind"] == "robustness" and manifest["runs_done"] == RUNS
    judged = manifest["robustness"]
    assert judged["reference"] == "relay"
    assert judged["parameters"] == ["decisions.noise_sd", "assumptions.team_blame_shift",
                                    "assumptions.review_blame_shift"]
    assert [c["better"] for c in judged["criteria"]] == ["lower"] * 3
    assert [q["name"] for q in judged["questions"]] == ["future_not_better_handoffs",
                                                        "future_loses_court_orders"]
    for name in TABLES:
        assert name in manifest["files"]
    for key in ROBUSTNESS:
        for lang in LANGUAGES:
            for ext in ("png", "svg"):
                if (out / "figures" / f"{key}-{lang}.{ext}").exists():
                    assert f"figures/{key}-{lang}.{ext}" in manifest["files"]
    for key in ("robustness", "regret"):
        for lang in LANGUAGES:
            assert (out / "figures" / f"{key}-{lang}.png").stat().st_size > 1000

    runs = pd.read_parquet(out / "runs.parquet")
    assert len(runs) == RUNS  # common random numbers: one seed per replication everywhere
    assert sorted(runs["seed"].unique()) == sorted(replication_seed(7, k) for k in range(2))
    assert runs.groupby("sample")["assumptions.team_blame_shift"].nunique().eq(1).all()
    assert runs["assumptions.team_blame_shift"].between(-0.05, 0.05).all()

    # every share is what the point table says
    tables = _tables(out)
    points, shares = tables["points.csv"], tables["robustness.csv"]
    for row in shares.itertuples():
        mine = points[(points["design"] == row.design) & (points["outcome"] == row.outcome)]
        assert row.points == len(mine) == 4
        assert row.share_better == pytest.approx((mine["verdict"] == "better").mean())
        assert row.share_worse == pytest.approx((mine["verdict"] == "worse").mean())
    regret = tables["regret.csv"]
    assert (regret.groupby("outcome")["rank"].apply(sorted) == [[1, 2]] * 3).all()
    boxes = tables["boxes.csv"]
    assert set(boxes["question"]) == {"future_not_better_handoffs", "future_loses_court_orders"}
    assert set(boxes["method"]) == {"prim", "cart"}
    assert (boxes.loc[boxes["question"] == "future_loses_court_orders", "threshold"]
            == 0.7).all()


def test_a_killed_study_resumes_to_the_same_tables(study, tmp_path):
    file, straight = study
    out = tmp_path / "killed"
    shards = sibling(out, "partial") / "shards"
    killed = subprocess.Popen([sys.executable, "-m", "sim.cli", "robustness", str(file),
                               "--workers", "1", "--out", str(out)], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    deadline = time.monotonic() + 120
    while len(list(shards.glob("*.parquet"))) < 3:
        assert killed.poll() is None, "the study ended before it could be killed"
        assert time.monotonic() < deadline, "no shard appeared"
        time.sleep(0.01)
    os.killpg(killed.pid, signal.SIGKILL)
    assert killed.wait(timeout=30) == -signal.SIGKILL
    kept = len(list(shards.glob("*.parquet")))
    assert 3 <= kept < RUNS and not out.exists()

    assert main(["robustness", str(file), "--workers", "1", "--out", str(out),
                 "--resume"]) == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["resumed"] is True and manifest["runs_executed_this_time"] == RUNS - kept
    resumed, first = _tables(out), _tables(straight)
    for name, table in first.items():
        pd.testing.assert_frame_equal(resumed[name], table, check_exact=True, obj=name)


BAD = [
    ('outcome = "handoffs"', 'outcome = "handofs"',
     ["robustness.questions[0].outcome", "unknown outcome", "did you mean 'handoffs'"]),
    ('outcomes = ["handoffs", ', 'outcomes = ["reports", "handoffs", ',
     ["robustness.better.reports is missing", '"lower" or "higher"']),
    ('designs = ["relay", "future"]', 'designs = ["relay"]',
     ["compares designs", "give two or more"]),
    ("threshold = 0.7", "threshold = 1.5", ["robustness.questions.1.threshold = 1.5",
                                            "out of range"]),
    ("[robustness]", "[robustness]\nthreshold = 0", ["robustness.threshold = 0",
                                                     "out of range"]),
    ("margin = {", 'better = {court_orders = "higher"}\nmargin = {',
     ["robustness.better.court_orders", "declared once"]),
    ('design = "future"', 'design = "relay"', ["questions[0].design", "the reference"]),
    ("samples = 4", 'method = "grid"', ["sampling.method", "lhs"]),
    ("replications = 2", "replications = 1", ["replications = 1", "at least 2"]),
    ('"review_blame_shift"]', '"review_blame_shfit"]',
     ["robustness.assumptions", "did you mean 'review_blame_shift'"]),
]


@pytest.mark.parametrize(("old", "new", "named"), BAD)
def test_bad_input_is_one_line_exit_2_and_nothing_written(tmp_path, capsys, old, new, named):
    assert old in TINY
    file, out = tmp_path / "bad.toml", tmp_path / "out"
    file.write_text(TINY.replace(old, new, 1))
    assert main(["robustness", str(file), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert err.startswith(f"{file}: ")
    for text in named:
        assert text in err
    assert not out.exists() and not sibling(out, "partial").exists()


def test_batch_refuses_a_robustness_file_and_says_what_runs_it(study, tmp_path, capsys):
    file, _ = study
    assert main(["batch", str(file), "--out", str(tmp_path / "out")]) == 2
    assert "run it with `opzet robustness`" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------------ the report
@pytest.fixture(scope="module")
def reported(study) -> Path:
    _, out = study
    for lang in LANGUAGES:
        build_report(out, lang=lang)
    return out


@pytest.mark.parametrize("lang", LANGUAGES)
def test_report_has_a_robustness_section_that_opens_in_a_browser(reported, chromium,
                                                                  lang):
    page = (reported / f"report-{lang}.html").read_text(encoding="utf-8")
    section = page.index('<h2 id="robustness">')
    assert TEXTS["rob.section"][lang] in page[section:section + 200]
    shown = [key for key in ROBUSTNESS if f'id="fig-{key}"' in page]
    assert shown[:2] == ["robustness", "regret"]
    assert all(page.index(f'id="fig-{key}"') > section for key in shown)
    for key in shown:
        assert (reported / "figures" / f"{key}-{lang}.svg").stat().st_size > 1000
    images = len(re.findall(r"<img ", page))

    sync_api = pytest.importorskip("playwright.sync_api")
    failed: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=BROWSER_ARGS)
        tab = browser.new_page()
        tab.on("requestfailed", lambda request: failed.append(request.url[:80]))
        tab.goto((reported / f"report-{lang}.html").resolve().as_uri())
        tab.wait_for_load_state("load")
        drawn = tab.eval_on_selector_all(
            "img", "images => images.map(i => i.complete && i.naturalWidth > 0)")
        heading = tab.inner_text("#robustness")
        browser.close()
    assert failed == [] and drawn == [True] * images
    assert heading == TEXTS["rob.section"][lang]


def test_the_explore_page_offers_the_robustness_figures_of_a_robustness_folder(study, tmp_path):
    _, out = study
    session = Session(tmp_path)
    shown = [f["key"] for f in session.view(session.open(str(out)), "nl")["figures"]]
    assert set(ROBUSTNESS) <= set(shown) and "sensitivity" not in shown
    drawn = session.figure(1, "robustness", "nl")
    assert drawn["parts"] and not drawn["message"]
