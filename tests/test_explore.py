"""`opzet explore`: started as a user starts it, used in a real headless browser.

One server (`opzet explore --port 0`) and one browser page for the module; a lever is
changed and a comparison run on the page, and its numbers are those of `opzet compare` on
the same seed and size. Every request the page makes is watched: anything not for
127.0.0.1 is refused and fails the test. Screenshots of the main views go to a temporary
folder, or with OPZET_SCREENSHOTS=docs/explore to the documentation's.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pytest
from conftest import BROWSER_ARGS

from sim.batch import run_batch
from sim.cli import main
from sim.designs import CATALOGUE, DESIGNS
from sim.explore import levers
from sim.explore.server import ExploreError, ExploreServer, is_loopback
from sim.explore.session import SIZES, Session
from sim.params.design import Design as DesignLevers
from sim.report.build import build_report
from sim.report.data import load
from sim.report.figures.comparison import HEADLINE
from sim.report.figures.hover import digits
from sim.report.figures.style import outcome_scale
from sim.report.one_family import ORDERS, path
from sim.report.texts import TEXTS, number, text
from sim.scenario import load_scenario

SEED = 11
FAMILIES, YEARS, REPS = SIZES["quick"]


@dataclass
class Browser:
    """The page, and what it asked of places other than 127.0.0.1 (refused)."""

    page: object
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    shots: Path | None = None

    def snapshot(self, selector: str, name: str) -> None:
        """A small PNG of one part of the page (the documentation's, when asked)."""
        from PIL import Image

        png = self.page.locator(selector).screenshot()
        image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=96)
        image.save(self.shots / f"{name}.png", optimize=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`opzet explore --port 0`, in its own process, as a user starts it; its address."""
    work = tmp_path_factory.mktemp("werkplaats")
    process = subprocess.Popen(
        [sys.executable, "-m", "sim.cli", "explore", "--port", "0", "--lang", "nl"], cwd=work,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=os.environ | {"PYTHONPATH": os.pathsep.join(sys.path)})
    line = process.stdout.readline()
    found = re.search(r"http://127\.0\.0\.1:\d+/", line)
    if found is None:
        process.kill()
        pytest.fail(f"no address printed: {line!r} {process.stderr.read()[-2000:]}")
    yield found.group(0)
    process.terminate()  # as Ctrl-C or a polite kill: one line, exit 0
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert "Traceback" not in err, err


@pytest.fixture(scope="module")
def browser(server, chromium, tmp_path_factory):
    sync_api = pytest.importorskip("playwright.sync_api")
    shots = Path(os.environ.get("OPZET_SCREENSHOTS") or tmp_path_factory.mktemp("beelden"))
    shots.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        chrome = playwright.chromium.launch(executable_path=str(chromium), args=BROWSER_ARGS)
        context = chrome.new_context(viewport={"width": 1280, "height": 900})
        watched = Browser(context.new_page(), shots=shots)

        def only_here(route) -> None:
            if urlsplit(route.request.url).hostname == "127.0.0.1":
                route.continue_()
            else:
                watched.outside.append(route.request.url)
                route.abort()

        context.route("**/*", only_here)
        watched.page.on("pageerror", lambda error: watched.errors.append(str(error)))
        watched.page.goto(server + "?lang=nl")
        watched.page.wait_for_selector("#lever-model")
        yield watched
        chrome.close()


def _settled(browser: Browser) -> None:
    """Nothing asked outside 127.0.0.1, no script error."""
    assert browser.outside == []
    assert browser.errors == []


@pytest.fixture(scope="module")
def ran(browser):
    """On the page: start from the relay, change who holds the case to the team, the quick
    size, seed SEED, Run; the result is added."""
    page = browser.page
    page.select_option("#start-from", "relay")
    page.select_option("#lever-model", "team")
    page.select_option("#size", "quick")
    page.fill("#seed", str(SEED))
    browser.snapshot("#design", "design")
    page.click("#run")
    page.wait_for_selector("#result-list button[data-result='1']", timeout=300_000)
    page.wait_for_selector("#outcome-table")
    page.wait_for_selector("#figure svg", timeout=60_000)
    page.wait_for_selector("#family-figure svg", timeout=60_000)
    return browser


@pytest.fixture(scope="module")
def compared(tmp_path_factory):
    """`opzet compare` of relay and team on the same seed and size."""
    folder = tmp_path_factory.mktemp("vergelijking") / "relay-team"
    assert main(["compare", "--designs", "relay,team", "--reps", str(REPS), "--families",
                 str(FAMILIES), "--years", str(YEARS), "--seed", str(SEED), "--out",
                 str(folder)]) == 0
    return folder


def _cell(page, outcome: str, design: str, part: str) -> tuple[str, dict[str, str]]:
    span = page.locator(f"#outcome-table tr[data-outcome='{outcome}'] "
                        f"td[data-design='{design}'] .{part}")
    values = {name: span.get_attribute(f"data-{name}") for name in ("value", "low", "high")}
    return span.inner_text(), values


def test_a_run_on_the_page_gives_the_numbers_of_opzet_compare(ran, compared):
    page = ran.page
    assert page.locator("#result-list button").inner_text() == text(
        "explore.result", "nl", number=1, design=TEXTS["design.team"]["nl"],
        reference=TEXTS["design.relay"]["nl"])
    table = pd.read_csv(compared / "comparison.csv").set_index(["outcome", "design"])
    for outcome in HEADLINE:
        scale = outcome_scale(outcome)
        reference = table.loc[(outcome, "relay")]
        decimals = digits(abs(reference["mean"] * scale))
        for design in ("relay", "team"):
            row = table.loc[(outcome, design)]
            shown, values = _cell(page, outcome, design, "mean")
            assert float(values["value"]) == row["mean"], (outcome, design)
            assert shown == number(row["mean"] * scale, "nl", decimals)
        row = table.loc[(outcome, "team")]
        shown, values = _cell(page, outcome, "team", "difference")
        assert (float(values["value"]), float(values["low"]), float(values["high"])) == \
            pytest.approx((row["diff"], row["ci_low"], row["ci_high"]), rel=1e-12, abs=1e-15)
        decimals = digits(abs(row["diff"] * scale))  # as its hover in the figure shows it
        assert shown == (f"{number(row['diff'] * scale, 'nl', decimals)} "
                         f"[{number(row['ci_low'] * scale, 'nl', decimals)}; "
                         f"{number(row['ci_high'] * scale, 'nl', decimals)}]")
    ran.snapshot("#results", "results")
    _settled(ran)


def test_hovering_a_point_shows_its_value_and_interval(ran):
    """The differences figure (the report's own) says on hover what the table says."""
    page = ran.page
    page.click("#figure-tabs button[data-figure='differences']")
    page.wait_for_selector("#figure figure[data-figure='differences'] svg")
    tips = page.eval_on_selector_all("#figure svg title", "ts => ts.map(t => t.textContent)")
    shown, _ = _cell(page, "handoffs_per_family", "team", "difference")
    difference, interval = shown.split(" ", 1)
    low, high = interval.strip("[]").split("; ")
    said = text("hover.interval", "nl", name=text(
        "hover.difference", "nl", design=TEXTS["design.team"]["nl"],
        reference=TEXTS["design.relay"]["nl"]), value=difference, unit="", low=low, high=high)
    assert said in tips
    ran.snapshot("#figures", "figure")
    _settled(ran)


def _family_shown(page) -> tuple[int, int]:
    """The family the page follows and the week of its first step, from the headers of
    both columns (which must agree)."""
    words = page.eval_on_selector_all("#family-figure svg text",
                                      "texts => texts.map(t => t.textContent)")
    headers = {(int(h.group(1)), int(h.group(2))) for w in words
               if (h := re.fullmatch(r"Gezin (\d+) · eerste stap in week (\d+)", w))}
    assert len(headers) == 1, headers
    return headers.pop()


def test_one_family_meets_the_same_first_step_in_both_designs(ran, compared):
    """The page follows a family whose first step (week, place, decision) is the same in
    both designs; it is that family's record in the results of `opzet compare` too."""
    page = ran.page
    page.wait_for_selector("#family-figure svg")
    first = [page.eval_on_selector(f"#family-figure g[id$='-step-{column}-0'] title",
                                   "title => title.textContent") for column in (0, 1)]
    assert first[0] == first[1]
    assert page.inner_text("#family-same") == text("explore.family_same", "nl", step=first[0])
    family, week = _family_shown(page)
    details = load(compared).details
    relay, team = (path(details, design, family) for design in ("relay", "team"))
    assert relay.start == team.start and relay.week == week
    assert first[0] == text("family.tip", "nl", week=week, day="0", organisation=TEXTS[
        f"org.{relay.steps[0].organisation}"]["nl"], decision=TEXTS[
        f"decision.{relay.steps[0].decision}"]["nl"])
    drawn = page.get_attribute("#family-figure", "data-drawn")
    page.select_option("#family-filter", "court_order")  # a family with a court order (left)
    page.wait_for_function(f"() => document.querySelector('#family-figure').dataset.drawn "
                           f"!== {json.dumps(drawn)}")
    if page.inner_text("#family-message"):
        assert page.inner_text("#family-message") == TEXTS["explore.family_none"]["nl"]
    else:
        chosen, _week = _family_shown(page)
        assert any(step.decision in ORDERS for step in path(details, "relay", chosen).steps)
    ran.snapshot("#family", "family")
    _settled(ran)


def test_a_saved_result_is_the_folder_opzet_compare_writes(ran, compared, tmp_path):
    page = ran.page
    folder = tmp_path / "werksessie"
    page.fill("#save-folder", str(folder))
    page.click("#save")
    page.wait_for_function("() => document.querySelector('#save-message').textContent")
    assert page.inner_text("#save-message") == text("explore.saved", "nl", folder=str(folder))
    mine, theirs = (pd.read_parquet(f / "runs.parquet") for f in (folder, compared))
    pd.testing.assert_frame_equal(mine, theirs)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["kind"] == "compare" and manifest["seed"] == SEED
    assert load(folder).designs == ["relay", "team"]
    assert build_report(folder, "en").exists()
    page.fill("#save-folder", str(compared.parent))  # a folder opzet did not write
    page.click("#save")
    page.wait_for_function(f"() => document.querySelector('#save-message').textContent"
                           f".includes({json.dumps(str(compared.parent))})")
    assert page.inner_text("#save-message") == text("explore.save_refused", "nl",
                                                     folder=str(compared.parent))
    _settled(ran)


def _words(words: str) -> set[str]:
    """The words of a text (three letters or more), without its {fields}."""
    return set(re.findall(r"[a-zà-ÿ]{3,}", re.sub(r"\{\w+\}", "", words).lower()))


def test_the_dutch_page_has_no_english_words(ran):
    """No word that only the English texts use appears on the Dutch page: its text, every
    choice in its lists, and what its figures say on hover."""
    english_only = set().union(*(_words(words["en"]) for words in TEXTS.values())) - \
        set().union(*(_words(words["nl"]) for words in TEXTS.values()))
    page = ran.page
    seen = page.inner_text("body") + " ".join(page.eval_on_selector_all(
        "option, svg title, svg text", "ns => ns.map(n => n.textContent)")) + page.title()
    assert sorted(_words(seen) & english_only) == []
    page.click("button.language[data-lang='en']")
    page.wait_for_function("() => document.documentElement.lang === 'en'")
    assert page.inner_text("h1") == TEXTS["explore.title"]["en"]
    assert page.locator("#result-list button").inner_text().startswith("1. Team compared with")
    page.click("button.language[data-lang='nl']")
    page.wait_for_function("() => document.documentElement.lang === 'nl'")
    _settled(ran)


def test_a_folder_it_cannot_read_gives_a_message_not_a_traceback(ran, tmp_path):
    page = ran.page
    empty = tmp_path / "leeg"
    empty.mkdir()
    (empty / "notities.txt").write_text("van mij")
    for folder, reason in ((empty, "explore.reason.no_manifest"),
                           (tmp_path / "nergens", "explore.reason.missing")):
        page.fill("#open-folder", str(folder))
        page.click("#open-button")
        page.wait_for_function(f"() => document.querySelector('#open-message').textContent"
                               f".includes({json.dumps(str(folder))})")
        assert page.inner_text("#open-message") == text(
            "explore.unreadable", "nl", folder=str(folder), reason=TEXTS[reason]["nl"])
    assert "Traceback" not in page.inner_text("body")
    assert page.locator("#result-list button").count() == 1
    ran.snapshot("#open", "open")
    _settled(ran)


def test_stop_ends_a_run_and_adds_nothing(ran):
    page = ran.page
    page.select_option("#size", "default")
    page.click("#run")
    page.wait_for_function("() => !document.querySelector('#stop').disabled")
    page.click("#stop")
    page.wait_for_function(f"() => document.querySelector('#status').textContent === "
                           f"{json.dumps(TEXTS['explore.stopped']['nl'])}", timeout=120_000)
    assert page.locator("#result-list button").count() == 1
    _settled(ran)


# ------------------------------------------------------------------ the server itself
def test_the_server_listens_on_this_machine_only_unless_asked(tmp_path):
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0")
    session = Session(tmp_path)
    with pytest.raises(ExploreError, match="--host 0.0.0.0"):
        ExploreServer(session, "0.0.0.0", 0, "nl")
    asked = ExploreServer(session, "0.0.0.0", 0, "nl", allow_remote=True)
    try:
        assert asked.server_address[0] == "0.0.0.0" and not asked.loopback
    finally:
        asked.server_close()


def test_the_server_answers_only_its_own_page(server):
    def status(request: urllib.request.Request) -> int:
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return answer.status
        except urllib.error.HTTPError as err:
            return err.code

    port = urlsplit(server).port
    assert status(urllib.request.Request(server)) == 200
    assert status(urllib.request.Request(server, headers={"Host": "elders.example"})) == 421
    stop = server + "api/stop"
    assert status(urllib.request.Request(stop, data=b"a=1", headers={
        "Content-Type": "application/x-www-form-urlencoded"})) == 403
    assert status(urllib.request.Request(stop, data=b"{}", headers={
        "Content-Type": "application/json", "Origin": "http://elders.example"})) == 403
    assert status(urllib.request.Request(stop, data=b"{}", headers={
        "Content-Type": "application/json", "Origin": f"http://127.0.0.1:{port}"})) == 200


def test_bad_flags_are_one_line_and_exit_2(capsys):
    for argv, words in ((["explore", "--port", "many"], "--port"),
                        (["explore", "--lang", "fr"], "--lang fr")):
        assert main(argv) == 2
        err = capsys.readouterr().err.strip()
        assert "\n" not in err and words in err and "Traceback" not in err


# ------------------------------------------------------------------ levers and folders
def test_levers_as_controls_and_back(tmp_path):
    """Every built-in design's levers, set on the controls, come back as that design (so
    the page runs it under its name); a changed amount is a design of the user's own."""
    region = Session(tmp_path).region
    for design in CATALOGUE:
        setting = levers.setting_of(design, region)
        assert levers.check(setting) is None
        assert levers.name_of(levers.overrides(setting, region)) == design.name
    own = levers.setting_of(DESIGNS["team"], region) | {"capacity_factor": 1.1}
    overrides = levers.overrides(own, region)
    assert levers.name_of(overrides) == levers.OWN
    assert load_scenario(None, overrides).design.capacity_factor == 1.1
    assert levers.check(own | {"capacity_factor": 3.0}) == "capacity_factor"
    assert levers.check(own | {"review": "everyone"}) == "review"
    words = levers.describe(own, "nl")
    assert TEXTS["lever.model.team"]["nl"] in words and "1,10" in words
    offered = {lever.name for lever in levers.LEVERS}
    assert set(DesignLevers.model_fields) <= offered  # every lever a ministry can choose
    needed = [f"lever.{lever.name}{end}" for lever in levers.LEVERS for end in ("", ".help")]
    needed += [f"lever.{lever.name}.{choice}" for lever in levers.LEVERS
               for choice in (*lever.choices, *(("on", "off") if lever.kind == "switch" else ()))]
    assert [key for key in needed if key not in TEXTS] == []


BATCH = """
name = "klein"
families = 1500
years = 1
warmup_years = 1
replications = 2
seed = 5
[designs.relay]
design.model = "relay"
[designs.team]
design.model = "team"
"""


def test_the_page_opens_batch_and_sensitivity_folders(tmp_path):
    experiment = tmp_path / "klein.toml"
    experiment.write_text(BATCH)
    batch = tmp_path / "batch"
    run_batch(experiment, batch, progress=False)
    sensitivity = tmp_path / "gevoeligheid"
    shutil.copytree(batch, sensitivity)
    manifest = json.loads((sensitivity / "manifest.json").read_text())
    (sensitivity / "manifest.json").write_text(json.dumps(manifest | {"kind": "sensitivity"}))
    # A hand-made table in the format of `opzet sensitivity`, not a simulation result.
    rows = [("sobol", "handoffs", f"p{k}", f"parameter {k}", "", "ST", value, value - 0.05,
             value + 0.05, 1.0) for k, value in enumerate([0.6, 0.3, 0.1])]
    pd.DataFrame(rows, columns=["method", "outcome", "parameter", "label", "unit", "index",
                                "value", "ci_low", "ci_high", "sample_share"]).to_csv(
        sensitivity / "indices.csv", index=False)
    session = Session(tmp_path / "werkplaats")
    for folder, kind in ((batch, "batch"), (sensitivity, "sensitivity")):
        view = session.view(session.open(str(folder)), "nl")
        assert view["title"] == text("explore.result_folder", "nl", number=view["number"],
                                     kind=TEXTS[f"explore.kind.{kind}"]["nl"],
                                     folder=str(folder))
        shown = [f["key"] for f in view["figures"]]
        assert "journey" in shown and "family" in shown and view["family"]
        assert ("sensitivity" in shown) == (kind == "sensitivity")
        assert not view["can_save"]
    drawn = session.figure(2, "sensitivity", "en")
    assert len(drawn["parts"]) == 1 and "<title>parameter 0: 0.600 (95% interval 0.550 to " \
        "0.650)</title>" in drawn["parts"][0]["svg"]
