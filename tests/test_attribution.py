"""Attribution (`opzet compare --explain`, sim.attribution): Shapley values of hand-computable
games, the parts a comparison has, a stand-in model whose parts are known exactly, a small
real comparison of relay and team (parts and rest add up to the total in every
replication, the mechanisms and a non-neutral assumption appear with the sign of their
effect), the command line and the report's waterfall in both languages."""

from __future__ import annotations

import json
import re

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from conftest import checksums
from test_report import _overlaps, _texts

from sim.assumptions import BY_NAME, REGISTER
from sim.attribution import (
    COLUMNS,
    MAX_PARTS,
    REST,
    TOTAL,
    AttributionError,
    Explanation,
    coalitions,
    explain,
    parts,
    shapley,
)
from sim.cli import main
from sim.compare import compare
from sim.designs import BUILTIN_DESIGNS
from sim.execution import RunOutput, RunSpec
from sim.params.design import Design
from sim.params.mechanisms import Mechanisms
from sim.report.build import build_report
from sim.report.data import ATTRIBUTION_COLUMNS, load
from sim.report.figures import attribution_waterfall
from sim.report.figures.style import STYLE
from sim.report.texts import LANGUAGES, TEXTS
from sim.scenario import deep_merge, load_scenario
from sim.summary import MEASURES

BASE = "scenarios/nl_relay_baseline.toml"
MECHANISMS = ["mechanisms.handoff_costs", "mechanisms.pooled_capacity",
              "mechanisms.alliance_continuity"]
TRIAGE = "assumptions.team_triage_handover"
TINY = ["--families", "2000", "--years", "1", "--workers", "1"]


def _scenario(design: str, extra: dict | None = None):
    return load_scenario(BASE, deep_merge(BUILTIN_DESIGNS[design], extra or {}))


# ------------------------------------------------------------------ the game
def test_shapley_of_a_two_player_game_is_exact():
    value = {frozenset(): 0.0, frozenset("a"): 1.0, frozenset("b"): 2.0,
             frozenset("ab"): 5.0}
    # a: half of (1 - 0) and half of (5 - 2); b: half of (2 - 0) and half of (5 - 1)
    assert shapley(["a", "b"], value.__getitem__) == {"a": 2.0, "b": 3.0}


def test_shapley_of_a_three_player_game_splits_each_interaction_among_its_players():
    """Own worth 1, 2, 4; a and b together 6 more; all three together 9 more: each
    pairwise surplus goes half to each, the three-way one a third to each."""
    own = {"a": 1.0, "b": 2.0, "c": 4.0}

    def value(on: frozenset[str]) -> np.ndarray:
        worth = sum(own[p] for p in on) + 6.0 * ({"a", "b"} <= on) + 9.0 * (len(on) == 3)
        return np.array([worth, 2 * worth])  # an array per set, as per replication

    shares = shapley(["a", "b", "c"], value)
    assert shares["a"] == pytest.approx([7.0, 14.0], rel=1e-12)
    assert shares["b"] == pytest.approx([8.0, 16.0], rel=1e-12)
    assert shares["c"] == pytest.approx([7.0, 14.0], rel=1e-12)
    assert sum(shares.values()) == pytest.approx(value(frozenset("abc")) - value(frozenset()))


def test_coalitions_are_every_subset_once_the_empty_one_first():
    sets = coalitions(["a", "b", "c"])
    assert sets[0] == frozenset() and sets[-1] == frozenset("abc")
    assert len(sets) == len(set(sets)) == 8


# ------------------------------------------------------------------ the parts
def test_relay_against_team_has_the_two_mechanisms_as_parts():
    assert [p.name for p in parts(_scenario("relay"), _scenario("team"))] == MECHANISMS


def test_a_lever_an_assumption_and_other_settings_are_parts_where_they_differ():
    relay = _scenario("relay")
    review = parts(relay, _scenario("independent_review"))
    assert [(p.name, p.label) for p in review] == [
        ("design.review", "lever review: none -> independent")]
    centre = parts(relay, _scenario("family_centre"))
    assert [p.name for p in centre] == ["other"] and "access_points" in centre[0].label
    future = parts(relay, _scenario("future"))
    assert [p.name for p in future] == [*MECHANISMS, "design.review", "design.client_support",
                                        "design.family_oriented", "other"]
    triage = parts(relay, _scenario("team", {"assumptions": {"team_triage_handover": 0.0}}))
    assert [p.name for p in triage] == [*MECHANISMS, TRIAGE]
    assert triage[-1].label == "assumption team_triage_handover: 1 -> 0 (neutral 1)"
    # an assumption that applies to neither design, or mechanisms of one model, are none
    inert = _scenario("relay", {"assumptions": {"team_triage_handover": 0.0},
                                "mechanisms": {"pooled_capacity": True}})
    assert parts(relay, inert) == []


def test_each_part_off_leaves_what_it_names():
    relay, team = _scenario("relay"), _scenario("team", {"design": {"review": "independent"},
                                                         "assumptions": {
                                                             "team_triage_handover": 0.0}})
    found = {p.name: p for p in parts(relay, team)}
    a, b = found["mechanisms.handoff_costs"].off(relay, team)
    assert not a.mechanisms.handoff_costs and not b.mechanisms.handoff_costs
    assert b.mechanisms.pooled_capacity and b.design.model == "team"
    a, b = found[TRIAGE].off(relay, team)
    assert b.assumptions.team_triage_handover == BY_NAME["team_triage_handover"].neutral
    a, b = found["design.review"].off(relay, team)
    assert (a, b.design.review, b.design.model) == (relay, "none", "team")


def test_runs_are_shared_where_scenarios_read_alike_and_the_designs_not_rerun():
    explanation = Explanation({"relay": _scenario("relay"), "team": _scenario("team"),
                               "independent_review": _scenario("independent_review")})
    # relay and team: 8 pairs, 16 scenarios, of which relay and team are run already;
    # review: with the lever off it is the relay, so nothing more
    assert explanation.runs == 14
    assert explanation.pairs["independent_review"] == {
        frozenset(): ("relay", "relay"), frozenset({"design.review"}):
            ("relay", "independent_review")}
    specs = explanation.specs(range(2), seed=5)
    assert len(specs) == 28 and len({s.run_id for s in specs}) == 28
    assert all(s.sample > 0 for s in specs)  # no detail kept for the pictures
    assert specs[0].seed == specs[13].seed != specs[14].seed  # one seed per replication


def test_more_than_eight_parts_are_refused_naming_them():
    levers = {"review": "independent", "client_support": True, "family_oriented": "inside",
              "conference_intensity": 0.5}
    design = _scenario("team", {"design": levers,
                                "assumptions": {"team_triage_handover": 0.5,
                                                "team_blame_shift": -0.02}})
    with pytest.raises(AttributionError) as refused:
        Explanation({"relay": _scenario("relay"), "wide": design})
    message = str(refused.value)
    assert f"in {MAX_PARTS + 1} parts" in message and "compare fewer levers at once" in message
    assert "design.conference_intensity" in message and TRIAGE in message
    assert "\n" not in message


# ------------------------------------------------------------------ a known model
CALLS: list[str] = []


def known(spec: RunSpec) -> RunOutput:
    """A stand-in for the model: every outcome 100 plus the seed's noise; the team 7 more,
    handoff costs 10 less, pooled capacity 4 less, both together 2 less again."""
    CALLS.append(spec.run_id)
    scenario = spec.scenario()
    team = scenario.design.model == "team"
    costs, pooled = scenario.mechanisms.handoff_costs, scenario.mechanisms.pooled_capacity
    value = (100 + np.random.default_rng(spec.seed).normal(0, 5)
             + team * (7 - 10 * costs - 4 * pooled - 2 * costs * pooled))
    return RunOutput(spec, dict.fromkeys(MEASURES, value), pd.DataFrame())


def test_a_known_model_gives_its_parts_exactly_each_run_once():
    CALLS.clear()
    result = explain("relay", "team", reps=3, run=known)
    assert len(CALLS) == 3 * (2 + 14) == len(set(CALLS))
    values = result.values[result.values["outcome"] == "handoffs"]
    share = values.groupby("part", sort=False)["value"]
    assert list(share.groups) == [TOTAL, *MECHANISMS, REST]
    expected = {TOTAL: -9.0, MECHANISMS[0]: -11.0, MECHANISMS[1]: -5.0, MECHANISMS[2]: 0.0,
                REST: 7.0}  # the known model does not read the alliance's switch
    for part, value in expected.items():  # the interaction -2 split evenly
        assert share.get_group(part).to_numpy() == pytest.approx([value] * 3, abs=1e-9)
    table = result.table.set_index(["outcome", "part"])
    assert table.loc[("court_orders", MECHANISMS[0]), "mean"] == pytest.approx(-11.0)
    assert list(result.table.columns) == COLUMNS == ATTRIBUTION_COLUMNS
    assert result.table["n"].eq(3).all()


def noisy(spec: RunSpec) -> RunOutput:
    """`known`, with noise of each run's own, so no interval is ever narrow enough."""
    output = known(spec)
    own = np.random.default_rng([spec.seed, *map(ord, spec.design)]).normal(0, 1)
    output.summary = {name: value + own for name, value in output.summary.items()}
    return output


def test_with_precision_the_attribution_takes_as_many_replications_as_the_comparison():
    designs = {"relay": BUILTIN_DESIGNS["relay"], "team": BUILTIN_DESIGNS["team"]}
    result = compare(designs, precision=1e-9, min_reps=2, max_reps=6, explain=True,
                     watch=["handoffs"], run=noisy)
    assert result.reps == 6 and not result.precision_reached
    assert set(result.attribution.table["outcome"]) == {"handoffs"}
    assert result.attribution.table["n"].eq(6).all()


def test_explain_needs_two_designs():
    with pytest.raises(AttributionError, match="one design"):
        explain("team", "team", run=known)


# ------------------------------------------------------------------ the model
@pytest.fixture(scope="module")
def triage(tmp_path_factory):
    """Relay against a team that investigates every report itself (team_triage_handover 0):
    5,000 families, 2 years, 2 replications, written to a folder."""
    out = tmp_path_factory.mktemp("attribution") / "compare"
    designs = {"relay": BUILTIN_DESIGNS["relay"],
               "team": {**BUILTIN_DESIGNS["team"],
                        "assumptions": {"team_triage_handover": 0.0}}}
    result = compare(designs, BASE, reps=2, workers=2, explain=True, out_dir=out,
                     outcomes=["investigations", "handoffs", "court_orders", "days_to_help"],
                     overrides={"run": {"families": 5000, "years": 2, "warmup_years": 1}})
    return result, out


def test_parts_and_rest_add_up_to_the_difference_in_every_replication(triage):
    result, _ = triage
    values = result.attribution.values.pivot_table(
        index=["outcome", "replication"], columns="part", values="value")
    assert set(values.columns) == {TOTAL, *MECHANISMS, TRIAGE, REST}
    added = values[[*MECHANISMS, TRIAGE, REST]].sum(axis=1)
    assert np.allclose(added, values[TOTAL], rtol=1e-12, atol=1e-9)
    runs = result.runs.pivot(index="replication", columns="design", values="handoffs")
    assert values.loc["handoffs", TOTAL].to_numpy() == pytest.approx(
        (runs["team"] - runs["relay"]).to_numpy(), abs=1e-9)


def test_the_assumption_moves_what_the_register_says_and_the_rest_is_the_handoffs(triage):
    result, _ = triage
    values = result.attribution.values.set_index(["outcome", "part"])["value"]
    assert BY_NAME["team_triage_handover"].moves["investigations"] == "up"
    assert (values.loc[("investigations", TRIAGE)] > 0).all()  # the team investigates more
    assert (values.loc[("handoffs", REST)] < 0).all()  # what defines the team
    table = result.attribution.table.set_index(["outcome", "part"])
    assert table.loc[("days_to_help", MECHANISMS[0]), "mean"] != 0  # the mechanisms do act


def test_the_folder_holds_attribution_csv_in_its_manifest(triage):
    result, out = triage
    table = pd.read_csv(out / "attribution.csv")
    assert list(table.columns) == COLUMNS and len(table) == 4 * 6
    manifest = json.loads((out / "manifest.json").read_text())
    assert "attribution.csv" in manifest["files"]
    assert manifest["attribution"]["parts"] == {"team": [*MECHANISMS, TRIAGE]}
    assert manifest["attribution"]["runs_per_replication"] == result.attribution.runs == 22


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_report_draws_the_waterfall_in_both_languages(triage, lang):
    _, out = triage
    build_report(out, lang=lang)
    page = (out / f"report-{lang}.html").read_text(encoding="utf-8")
    assert 'id="fig-attribution-team"' in page
    assert TEXTS["fig.attribution.caption"][lang].split("{reference}")[0] in page
    svg = (out / "figures" / f"attribution-team-{lang}.svg").read_text()
    assert (out / "figures" / f"attribution-team-{lang}.png").stat().st_size > 1000
    for part in (TOTAL, *MECHANISMS, TRIAGE, REST):
        assert _svg_text(TEXTS[f"part.{part}"][lang]) in svg
    other = "en" if lang == "nl" else "nl"
    assert [part for part in (TOTAL, *MECHANISMS, TRIAGE, REST)
            if _svg_text(TEXTS[f"part.{part}"][other]) in svg] == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_waterfall_has_no_overlapping_labels_and_projector_fonts(triage, lang):
    _, out = triage
    with plt.rc_context(STYLE):
        figures = attribution_waterfall.attribution(load(out), lang)
    try:
        assert list(figures) == ["team"]
        fig = figures["team"]
        assert len([ax for ax in fig.axes if ax.get_visible()]) == 4  # one per outcome
        assert _overlaps(fig) == []
        assert min(t.get_fontsize() for t in _texts(fig)) >= 14
    finally:
        for fig in figures.values():
            plt.close(fig)


def _svg_text(words: str) -> str:
    """The first words of a label as the SVG holds them (wrapped lines, escaped)."""
    return words.split()[0].replace("'", "&#x27;") + " " + words.split()[1]


def test_a_report_without_attribution_neither_draws_nor_misses_it(tmp_path):
    folder = tmp_path / "plain"
    compare({"relay": BUILTIN_DESIGNS["relay"], "team": BUILTIN_DESIGNS["team"]}, reps=2,
            run=known).write(folder)
    build_report(folder, lang="en")
    page = (folder / "report-en.html").read_text(encoding="utf-8")
    assert "fig-attribution" not in page and TEXTS["fig.attribution.title"]["en"] not in page


def test_every_part_has_a_name_in_both_languages():
    names = [f"mechanisms.{m}" for m in Mechanisms.model_fields]
    names += [f"assumptions.{a.name}" for a in REGISTER]
    names += [f"design.{lever}" for lever in Design.model_fields if lever != "model"]
    names += [TOTAL, REST, "other"]
    assert [name for name in names if f"part.{name}" not in TEXTS] == []
    assert (attribution_waterfall.TOTAL, attribution_waterfall.REST) == (TOTAL, REST)


# ------------------------------------------------------------------ command line
def test_command_explains_writes_and_resumes(tmp_path, capsys):
    out = tmp_path / "cmp"
    flags = ["compare", "--designs", "relay,team", "--reps", "2", *TINY, "--explain",
             "--outcomes", "handoffs,court_orders", "--out", str(out)]
    assert main(flags) == 0
    shown = capsys.readouterr().out
    assert "team - relay, split into its parts" in shown
    assert "mechanism handoff_costs" in shown and "rest: with every part off" in shown
    assert "14 runs per replication beyond the designs' own" in shown
    assert "32 runs in" in shown
    first = (out / "attribution.csv").read_bytes()
    table = pd.read_csv(out / "attribution.csv")
    assert set(table["outcome"]) == {"handoffs", "court_orders"}
    assert json.loads((out / ".opzet.json").read_text())["files"].count("attribution.csv") == 1
    extra = sorted((out / "shards").glob("explain-*.parquet"))
    assert len(extra) == 28
    saved = {p.name: p.stat().st_mtime_ns for p in (out / "shards").glob("*.parquet")}
    extra[0].unlink()  # as if killed before its last run
    assert main([*flags, "--resume"]) == 0
    again = {p.name: p.stat().st_mtime_ns for p in (out / "shards").glob("*.parquet")}
    assert [name for name in saved if again[name] != saved[name]] == [extra[0].name]
    assert (out / "attribution.csv").read_bytes() == first
    capsys.readouterr()
    before = checksums(out)
    assert main([f for f in flags if f != "--explain"] + ["--resume"]) == 2
    assert "holds runs of another comparison" in capsys.readouterr().err
    assert checksums(out) == before


@pytest.mark.parametrize("designs, message", [
    (["--designs", "team"], "--designs: name at least two designs"),
    (["ONE"], "give two or more scenario files"),
    (["ONE", "WIDE"], "compare fewer levers at once"),
])
def test_command_refuses_what_it_cannot_explain_with_one_line_and_writes_nothing(
        tmp_path, monkeypatch, capsys, designs, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "one.toml").write_text('name = "one"\n')
    (tmp_path / "wide.toml").write_text(
        '[design]\nmodel = "team"\nreview = "independent"\nclient_support = true\n'
        'family_oriented = "inside"\nconference_intensity = 0.5\nprevention_intensity = 0.5\n'
        '[assumptions]\nteam_triage_handover = 0.5\nteam_blame_shift = -0.02\n')
    designs = [{"ONE": "one.toml", "WIDE": "wide.toml"}.get(d, d) for d in designs]
    assert main(["compare", *designs, "--explain", *TINY]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1 and message in captured.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one.toml", "wide.toml"]


def test_help_states_the_number_of_runs(capsys):
    with pytest.raises(SystemExit):
        main(["compare", "--help"])
    shown = re.sub(r"\s+", " ", capsys.readouterr().out)
    assert "2^(k+1) - 2 more runs per design and replication" in shown
