"""`opzet report`: built from a small real comparison, in both languages, opened in a
real headless browser, and from a small real batch; bad folders and flags give one line
and exit 2."""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from conftest import BROWSER_ARGS
from matplotlib.text import Text

from sim.batch import run_batch
from sim.cli import main
from sim.compare import compare
from sim.designs import BUILTIN_DESIGNS
from sim.journeys import NODES
from sim.model import ProtectionModel
from sim.organisations import CHAIN_ORDER
from sim.params import Scenario
from sim.records import DECISIONS
from sim.report.build import build_report
from sim.report.data import load
from sim.report.figures import FIGURES, OPTIONAL
from sim.report.figures.journey_slides import JOURNEY_SIZE, journey
from sim.report.figures.scorecard_table import SCORECARD, scorecard
from sim.report.figures.style import STYLE
from sim.report.figures.survival import kaplan_meier
from sim.report.one_family import candidates, chosen, has_record, path
from sim.report.texts import FIGURE_KEYS, LANGUAGES, TEXTS, UNIT_KEYS, number
from sim.scenario import load_scenario
from sim.summary import MEASURES

SMALL = {"run": {"families": 2000, "years": 2}}
ALWAYS = [key for key in FIGURE_KEYS if key not in OPTIONAL]
DESIGNS = ("relay", "team")
PER_DESIGN = {"journey": DESIGNS, "family": DESIGNS[1:]}
SHOWN = [stem for key in ALWAYS
         for stem in ([f"{key}-{design}" for design in PER_DESIGN[key]] if key in PER_DESIGN
                      else [key])]
"""Every figure file of the fixture's report: the journey is one slide per design, one
family is followed through the reference and each other design."""


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> Path:
    """A real comparison of relay and team: 2,000 families, 2 years, 2 replications."""
    folder = tmp_path_factory.mktemp("report") / "compare"
    designs = {name: BUILTIN_DESIGNS[name] for name in DESIGNS}
    compare(designs, reps=2, workers=1, overrides=SMALL).write(folder)
    for lang in LANGUAGES:
        build_report(folder, lang=lang)
    return folder


BATCH = """
name = "small"
families = 1500
years = 1
warmup_years = 1
replications = 2
seed = 5
outcomes = ["handoffs", "days_to_help"]
""" + "".join(f'[designs.{name}]\ndesign.model = "{name}"\n' for name in DESIGNS)


@pytest.fixture(scope="module")
def batch_results(tmp_path_factory) -> Path:
    """A real batch of relay and team: 1,500 families, 1 year, 2 replications."""
    folder = tmp_path_factory.mktemp("report") / "batch"
    experiment = folder.parent / "small.toml"
    experiment.write_text(BATCH)
    run_batch(experiment, folder, progress=False)
    build_report(folder, lang="en")
    return folder


def _html(results: Path, lang: str) -> str:
    return (results / f"report-{lang}.html").read_text(encoding="utf-8")


# ------------------------------------------------------------------ texts
def test_every_text_has_both_languages():
    for key, words in TEXTS.items():
        assert set(words) == set(LANGUAGES), key
        assert all(words[lang].strip() for lang in LANGUAGES), key


def test_every_name_the_report_shows_has_a_text():
    needed = [f"outcome.{name}" for name in MEASURES]
    needed += [UNIT_KEYS[m.unit] for m in MEASURES.values()]
    needed += [f"design.{name}" for name in BUILTIN_DESIGNS]
    needed += [f"design.{name}.description" for name in BUILTIN_DESIGNS]
    needed += [f"org.{name}" for name in CHAIN_ORDER]
    needed += [f"org.{name}" for name in Scenario().access_points] + ["org.family_centre"]
    needed += [f"node.{name}" for name in NODES if name != "outside"] + ["node.start",
                                                                        "node.closure"]
    needed += [f"req.{k}" for k in range(1, 11)] + [f"req.{k}.text" for k in range(1, 11)]
    needed += [f"fig.{key}.{part}" for key in FIGURES for part in ("title", "caption")]
    needed += [f"decision.{name}" for name in DECISIONS]
    assert [key for key in needed if key not in TEXTS] == []
    assert list(FIGURES) == list(FIGURE_KEYS)
    assert sorted(SCORECARD) == list(range(1, 11))
    assert all(o in MEASURES for outcomes in SCORECARD.values() for o in outcomes)


def test_numbers_are_written_as_each_language_writes_them():
    assert number(1234.5, "nl") == "1.234,5"
    assert number(1234.5, "en") == "1,234.5"


# ------------------------------------------------------------------ data kept
def test_journeys_count_every_handoff_the_families_had():
    scenario = load_scenario(None, {"run": {"families": 2000, "years": 1, "warmup_years": 1,
                                            "seed": 3, "record_events": False}})
    model = ProtectionModel(scenario)
    model.run()
    families, flows, waiting = model.family_table(), model.flow_table(), model.waiting_table()
    assert flows["handoffs"].sum() == families["handoffs"].sum() > 0
    entered = flows.loc[flows["source"] == "outside", "families"].sum()
    assert entered > 0 and flows.loc[flows["target"] == "outside", "families"].sum() > 0
    assert len(waiting) == 52 * len(model.org_list)
    closed = families["followed_days"].notna()
    assert closed.sum() == families["reached_good_enough"].notna().sum()
    recurred = families["recurrence_days"].notna()
    assert (families.loc[recurred, "reached_good_enough"]).all()
    assert (families.loc[recurred, "recurrence_days"]
            <= families.loc[recurred, "followed_days"]).all()


def test_one_family_starts_the_same_in_both_designs_and_is_counted_as_the_run_did(results):
    """The family the report follows, and every family the page may pick, meet the same
    first step in both designs (common random numbers); its path says what the run
    counted for it, and its steps are its record, in order."""
    details = load(results).details
    assert has_record(details)
    found = candidates(details, "relay", "team")
    assert len(found) > 0
    for family in found[:50]:
        assert path(details, "relay", family).start == path(details, "team", family).start
    followed = chosen(details, "relay", "team")
    assert followed in found and chosen(details, "relay", "team") == followed
    counted = details.families.set_index(["design", "family"])
    for design in DESIGNS:
        mine = path(details, design, followed)
        assert mine.handoffs == counted.loc[(design, followed), "handoffs"]
        record = details.events[(details.events["design"] == design)
                                & (details.events["family"] == followed)]
        assert [s.decision for s in mine.steps] == list(record.sort_values(
            "day", kind="stable")["decision"].astype(str))
        assert all(a.day <= b.day for a, b in zip(mine.steps, mine.steps[1:], strict=False))
    ordered = candidates(details, "relay", "team", "court_order")
    court = details.events[(details.events["design"] == "relay")
                           & details.events["decision"].astype(str).str.startswith("order_")
                           & (details.events["decision"].astype(str) != "order_ended")
                           & (details.events["decision"].astype(str) != "order_extended")
                           & (details.events["decision"].astype(str) != "order_rejected")]
    assert set(ordered) == set(found) & set(court["family"])


def test_kaplan_meier_counts_censored_families_only_while_followed():
    # four families: events at 1 and 3, censored at 2 and 4
    times, survival, low, high = kaplan_meier(np.array([1.0, 2.0, 3.0, 4.0]),
                                              np.array([True, False, True, False]))
    assert times.tolist() == [0.0, 1.0, 3.0]
    assert survival.tolist() == pytest.approx([1.0, 3 / 4, 3 / 4 * 1 / 2])
    assert (low <= survival).all() and (survival <= high).all()


def test_comparison_keeps_compact_detail(results):
    manifest = json.loads((results / "manifest.json").read_text())
    assert "details/flows.csv" in manifest["files"]
    families = pd.read_parquet(results / "details" / "families.parquet")
    flows = pd.read_csv(results / "details" / "flows.csv")
    assert set(families["design"]) == set(flows["design"]) == {"relay", "team"}
    assert sorted(flows["replication"].unique()) == [0, 1]
    assert (families["organisations_seen"] > 0).all()
    assert len(families) < 2 * 2000  # replication 0, families in contact only
    team = flows[flows["design"] == "team"]
    relay = flows[flows["design"] == "relay"]
    assert team["handoffs"].sum() < relay["handoffs"].sum()


# ------------------------------------------------------------------ the report
@pytest.mark.parametrize("lang", LANGUAGES)
def test_report_embeds_every_figure_and_writes_png_and_svg(results, lang):
    page = _html(results, lang)
    images = re.findall(r'<img src="([^"]*)"', page)
    assert len(images) == len(SHOWN)
    assert all(src.startswith("data:image/png;base64,") for src in images)
    assert not re.search(r'(src|href)="(https?:)?//', page)  # nothing to fetch
    for stem in SHOWN:
        assert f'id="fig-{stem}"' in page
        for kind in ("png", "svg"):
            assert (results / "figures" / f"{stem}-{lang}.{kind}").stat().st_size > 1000
    assert not (results / "figures" / f"journey-{lang}.png").exists()
    for design in DESIGNS:  # a projector slide, 16:9, as drawn
        png = (results / "figures" / f"journey-{design}-{lang}.png").read_bytes()
        width, height = struct.unpack(">II", png[16:24])
        assert width / height == pytest.approx(16 / 9, rel=0.01)
    captions = re.findall(r"<figcaption>([^<]*)</figcaption>", page)
    assert len(captions) == len(SHOWN)
    journey_caption = TEXTS["fig.journey.caption"][lang].replace("'", "&#x27;")
    assert captions.count(journey_caption) == len(DESIGNS)


def test_report_of_a_batch_has_every_figure(batch_results):
    data = load(batch_results)
    assert data.kind == "batch" and data.details is not None and data.reps == 2
    page = _html(batch_results, "en")
    assert len(re.findall(r'<img src="data:image/png;base64,', page)) == len(SHOWN)
    for stem in SHOWN:  # the journey per design, contacts, times, waiting, lasting too
        assert f'id="fig-{stem}"' in page
        assert (batch_results / "figures" / f"{stem}-en.png").stat().st_size > 1000


def test_a_report_needs_neither_the_model_nor_mesa(results, tmp_path):
    """Drawing a report from a finished folder reads files only (sim.statistics, not the
    run engine); a fresh interpreter shows what it imported."""
    folder = tmp_path / "results"
    shutil.copytree(results, folder)
    script = ("import sys\nfrom sim.report.build import build_report\n"
              f"build_report({str(folder)!r}, 'en')\n"
              "print(sorted(m for m in sys.modules if m == 'mesa' or m.startswith('mesa.') "
              "or m in ('sim.model', 'sim.compare', 'sim.execution', 'sim.runner')))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"
    assert (folder / "report-en.html").exists()


def test_dutch_report_has_no_english_where_a_text_exists(results):
    page = _html(results, "nl")
    english = [words["en"] for words in TEXTS.values()
               if words["en"] != words["nl"] and "{" not in words["en"] and
               len(words["en"]) > 15]
    leaked = [words for words in english if words in page]
    assert leaked == []
    assert TEXTS["score.not_measured"]["nl"] in (results / "figures" /
                                                 "scorecard-nl.svg").read_text()
    assert TEXTS["fig.journey.caption"]["nl"] in page


def test_report_includes_sensitivity_when_the_folder_holds_it(results, tmp_path):
    folder = tmp_path / "with_sensitivity"
    shutil.copytree(results, folder)
    (folder / "sensitivity").mkdir()
    # A hand-made fixture in the format of `opzet sensitivity`, not a simulation result.
    rows = [("sobol", "handoffs", f"p{k}", f"parameter {k}", "", index, value, value - 0.05,
             value + 0.05, share)
            for k, value in enumerate([0.6, 0.3, 0.1]) for index in ("S1", "ST")
            for share in (0.5, 1.0)]
    pd.DataFrame(rows, columns=["method", "outcome", "parameter", "label", "unit", "index",
                                "value", "ci_low", "ci_high", "sample_share"]).to_csv(
        folder / "sensitivity" / "indices.csv", index=False)
    build_report(folder, lang="en")
    page = _html(folder, "en")
    assert 'id="fig-sensitivity"' in page
    assert len(re.findall(r"<img ", page)) == len(SHOWN) + 1
    assert (folder / "figures" / "sensitivity-en.png").exists()


def test_pdf_report(results, tmp_path):
    path = build_report(results, lang="en", fmt="pdf", out=tmp_path / "report.pdf")
    content = path.read_bytes()
    assert content.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", content))
    assert pages == 1 + len(SHOWN)  # a title page, then one per figure (journey: per design)


def _texts(fig) -> list[Text]:
    """The texts drawn: tick labels outside an axis' limits are never drawn, though
    matplotlib keeps them visible."""
    hidden = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            low, high = sorted(axis.get_view_interval())
            slack = 1e-9 * max(1.0, high - low)
            hidden |= {id(label) for tick in axis.get_major_ticks()
                       if not low - slack <= tick.get_loc() <= high + slack
                       for label in (tick.label1, tick.label2)}
    return [t for t in fig.findobj(Text)
            if t.get_visible() and t.get_text().strip() and id(t) not in hidden]


def _overlaps(fig) -> list[tuple[str, str]]:
    """Pairs of texts of `fig` whose boxes (a text's frame where it has one) intersect."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [(t.get_text(), (t.get_bbox_patch() or t).get_window_extent(renderer))
             for t in _texts(fig)]
    return [(a, b) for k, (a, one) in enumerate(boxes) for b, other in boxes[k + 1:]
            if one.overlaps(other)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_journey_slides_have_no_overlapping_labels_and_projector_fonts(results, lang):
    with plt.rc_context(STYLE):
        slides = journey(load(results), lang)
    try:
        assert list(slides) == list(DESIGNS)
        for fig in slides.values():
            assert tuple(fig.get_size_inches()) == JOURNEY_SIZE  # 16:9, the same for each
            assert _overlaps(fig) == []
            assert min(t.get_fontsize() for t in _texts(fig)) >= 14
        limits = {(ax.get_xlim(), ax.get_ylim()) for fig in slides.values() for ax in fig.axes
                  if ax.get_aspect() == 1}
        assert len(limits) == 1  # the same scale on every slide
    finally:
        for fig in slides.values():
            plt.close(fig)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_scorecard_headers_break_between_words_only(results, lang):
    with plt.rc_context(STYLE):
        fig = scorecard(load(results), lang)
    try:
        words = {word for key in ("score.requirement", "score.indicator")
                 for word in TEXTS[key][lang].split()}
        words |= {word for design in DESIGNS for word in TEXTS[f"design.{design}"][lang].split()}
        table = fig.axes[0].tables[0]
        header = [cell.get_text().get_text() for (row, _), cell in table.get_celld().items()
                  if row == 0]
        assert {word for cell in header for word in cell.split()} == words
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        for cell in table.get_celld().values():  # every text inside its cell
            inside = cell.get_window_extent(renderer)
            extent = cell.get_text().get_window_extent(renderer)
            assert inside.x0 <= extent.x0 and extent.x1 <= inside.x1, cell.get_text()
        assert min(t.get_fontsize() for t in _texts(fig)) >= 14
    finally:
        plt.close(fig)


# ------------------------------------------------------------------ mistakes
def _one_line_error(capsys, argv: list[str], *expected: str) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "Traceback" not in err, err
    for words in expected:
        assert words in err, err


def test_a_folder_without_comparison_data_is_one_line_and_exit_2(capsys, tmp_path):
    _one_line_error(capsys, ["report", str(tmp_path / "nowhere")], "nowhere", "no such folder")
    empty = tmp_path / "empty"
    empty.mkdir()
    _one_line_error(capsys, ["report", str(empty)], "empty", "manifest.json")
    only = tmp_path / "sensitivity_only"
    only.mkdir()
    (only / "manifest.json").write_text(json.dumps({"kind": "sensitivity"}))
    _one_line_error(capsys, ["report", str(only)], "sensitivity results only", "opzet compare")
    assert sorted(p.name for p in only.iterdir()) == ["manifest.json"]  # nothing written


def test_a_bad_language_or_format_is_one_line_and_exit_2(capsys, results):
    _one_line_error(capsys, ["report", str(results), "--lang", "fr"], "--lang fr", "nl or en")
    _one_line_error(capsys, ["report", str(results), "--format", "docx"], "--format docx",
                    "html or pdf")
    assert not (results / "report-fr.html").exists()


def test_compare_will_not_replace_a_folder_that_holds_no_results(capsys, tmp_path):
    (tmp_path / "notes.txt").write_text("keep me")
    _one_line_error(capsys, ["compare", "--designs", "relay,team", "--reps", "2", "--out",
                             str(tmp_path)], "is a folder that opzet did not write")
    assert (tmp_path / "notes.txt").read_text() == "keep me"


# ------------------------------------------------------------------ in a browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_report_opens_in_a_browser_with_every_figure_shown(results, chromium, lang):
    sync_api = pytest.importorskip("playwright.sync_api")
    failed: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=BROWSER_ARGS)
        page = browser.new_page()
        page.on("requestfailed", lambda request: failed.append(request.url[:80]))
        page.goto((results / f"report-{lang}.html").resolve().as_uri())
        page.wait_for_load_state("load")
        shown = page.eval_on_selector_all(
            "img", "images => images.map(i => i.complete && i.naturalWidth > 0)")
        title = page.title()
        captions = page.eval_on_selector_all("figcaption", "nodes => nodes.length")
        browser.close()
    assert failed == []
    assert shown == [True] * len(SHOWN)
    assert captions == len(SHOWN)
    assert title == TEXTS["report.title"][lang]
