"""The register of design assumptions: complete, documented, in effect only in the design
it names, neutral at its neutral value and moving the outcomes it names away from it."""

from __future__ import annotations

import typing

import numpy as np
import pandas as pd
import pytest
from conftest import small_scenario

from sim import assumptions
from sim.assumptions import REGISTER, in_effect, markdown
from sim.cli import main
from sim.compare import compare
from sim.experiment import experiment_from_dict
from sim.experiment_schema import ExperimentError
from sim.model import ProtectionModel
from sim.params.assumptions import DesignAssumptions
from sim.params.design import Design
from sim.routing import ROUTINGS
from sim.runner import simulate
from sim.summary import MEASURES, summarise

BASELINE = {"decisions": {"triage_handover": 0.5}}  # a hand-on as large as the fitted one


def test_every_assumption_is_registered_once_with_its_neutral_value_in_its_range():
    names = [a.name for a in REGISTER]
    assert sorted(names) == sorted(DesignAssumptions.model_fields)
    assert len(set(names)) == len(names)
    for a in REGISTER:
        low, high = DesignAssumptions.model_fields[a.name].json_schema_extra["plausible"]
        assert low <= a.neutral <= high, a.name
        assert DesignAssumptions.model_fields[a.name].default == a.neutral, a.name
        assert a.lever in Design.model_fields, a.name
        assert a.value in typing.get_args(Design.model_fields[a.lever].annotation), a.name
        assert a.moves and set(a.moves) <= set(MEASURES), a.name
        assert set(a.moves.values()) <= {"up", "down"}, a.name


def _far(a) -> float:
    """The end of an assumption's range farthest from its neutral value."""
    low, high = DesignAssumptions.model_fields[a.name].json_schema_extra["plausible"]
    return low if a.neutral - low >= high - a.neutral else high


def _levers(a) -> tuple[dict[str, str], dict[str, str]]:
    """A design the assumption applies to, and one it does not."""
    other = next(v for v in typing.get_args(Design.model_fields[a.lever].annotation)
                 if v != a.value)
    return {a.lever: a.value}, {a.lever: other}


def test_an_assumption_is_neutral_in_every_design_but_its_own():
    far = {a.name: _far(a) for a in REGISTER}
    for a in REGISTER:
        for levers in _levers(a):
            scenario = small_scenario({"assumptions": far, "design": levers})
            expected = far[a.name] if a.applies(scenario.design) else a.neutral
            assert in_effect(scenario)[a.name] == expected


def run_summary(levers: dict[str, str], seed: int = 17, **values: float) -> dict[str, float]:
    overrides = BASELINE | {"assumptions": values, "design": levers}
    return summarise(*_tables(small_scenario(overrides, seed=seed, families=8000, years=2,
                                             warmup_years=1)))


def _tables(scenario):
    result = simulate(scenario)
    return result.families, result.yearly


@pytest.mark.parametrize("assumption", REGISTER, ids=lambda a: a.name)
def test_away_from_neutral_an_assumption_moves_what_it_names_and_elsewhere_nothing(assumption):
    """At the low end of its range, on 32 paired replications, each named outcome moves in
    the named direction: the 95% interval of the mean paired difference lies wholly on
    that side of zero. Where it does not apply, nothing changes at all."""
    low = DesignAssumptions.model_fields[assumption.name].json_schema_extra["plausible"][0]
    end = {assumption.name: low}
    own, other = _levers(assumption)
    # not in effect: the same families, the same results, exactly
    assert pd.Series(run_summary(other, **end)).equals(pd.Series(run_summary(other)))  # NaN too
    result = compare({"neutral": {"design": own}, "moved": {"design": own, "assumptions": end}},
                     reps=32, seed=5, workers=2, outcomes=list(assumption.moves),
                     overrides=BASELINE | {"run": {"families": 10_000, "years": 2,
                                                   "warmup_years": 1}})
    moved = result.table.set_index(["design", "outcome"]).loc["moved"]
    for outcome, direction in assumption.moves.items():
        row = moved.loc[outcome]
        assert (row.ci_low > 0) if direction == "up" else (row.ci_high < 0), (
            outcome, row["diff"], row.ci_low, row.ci_high)


@pytest.mark.parametrize("value", [1.0, 0.5])
def test_the_team_hands_on_after_triage_as_often_as_veilig_thuis_times_the_assumption(value):
    """The hand-on decision itself, on 20,000 reports: at the neutral value the team hands on
    exactly the reports Veilig Thuis hands on (one stream, one draw per report); at 0.5 it
    hands on half as often, within 4 binomial standard errors."""
    n, share = 20_000, BASELINE["decisions"]["triage_handover"]
    ids, report = np.arange(n), np.ones(n, dtype=bool)
    handed_on = {}
    for design in ROUTINGS:
        scenario = small_scenario(BASELINE | {"assumptions": {"team_triage_handover": value}},
                                  design=design)
        handed_on[design] = ProtectionModel(scenario).tasks["advice"]._handed_on_after_triage(
            ids, report)
    def within_4_se(p: float) -> typing.Any:
        return pytest.approx(p, abs=4 * (p * (1 - p) / n) ** 0.5)

    assert handed_on["relay"].mean() == within_4_se(share)
    if value == 1.0:
        assert np.array_equal(handed_on["team"], handed_on["relay"])
    else:
        assert handed_on["team"].mean() == within_4_se(share * value)
        assert not (handed_on["team"] & ~handed_on["relay"]).any()  # a subset: the same draws


def test_docs_list_the_register_and_check_notices_a_stale_file(tmp_path, monkeypatch):
    assert assumptions.main(["--check"]) == 0
    text = markdown()
    for a in REGISTER:
        assert f"`assumptions.{a.name}`" in text
    stale = tmp_path / "assumptions.md"
    stale.write_text(text.replace("team", "tem", 1), encoding="utf-8")
    monkeypatch.setattr(assumptions, "DOC_PATH", stale)
    assert assumptions.main(["--check"]) == 1


def test_opzet_assumptions_lists_every_assumption(capsys):
    assert main(["assumptions"]) == 0
    shown = capsys.readouterr().out
    for a in REGISTER:
        assert f"assumptions.{a.name}" in shown


@pytest.mark.parametrize("table, problem", [
    ("[assumptions]\nteam_triage_handovr = 0.5\n", "team_triage_handover"),
    ("[assumptions]\nteam_triage_handover = 1.5\n", "1.5"),
])
def test_a_bad_assumption_in_a_scenario_is_one_line_and_exit_2(tmp_path, capsys, table,
                                                                problem):
    path = tmp_path / "s.toml"
    path.write_text(table, encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "assumptions.team_triage_handov" in err
    assert problem in err


def test_a_model_takes_the_values_the_register_puts_in_effect_for_its_design():
    overrides = {"assumptions": {"team_triage_handover": 0.25}}
    for design in ROUTINGS:
        model = ProtectionModel(small_scenario(overrides, design=design, families=500))
        assert model.assumptions == in_effect(model.config)
    assert model.assumptions["team_triage_handover"] == 0.25  # the team, last


@pytest.mark.parametrize("given, accepted", [
    ({}, True),  # the plausible range, 0 to 1, includes the neutral 1
    ({"low": 0.5, "high": 1.0}, True),
    ({"low": 0.2, "high": 0.8}, False),
    ({"distribution": "normal", "mean": 0.5, "sd": 0.1, "low": 0.0, "high": 0.9}, False),
])
def test_an_experiment_varies_an_assumption_only_over_a_range_with_its_neutral_value(given,
                                                                                 accepted):
    table = {"families": 1000, "years": 1, "warmup_years": 1,
             "designs": {"relay": {"design": {"model": "relay"}},
                         "team": {"design": {"model": "team"}}},
             "uncertainties": {"assumptions": {"team_triage_handover": given}},
             "sampling": {"method": "lhs", "samples": 2}}
    if accepted:
        experiment_from_dict(table, source="test.toml")
        return
    with pytest.raises(ExperimentError, match="test.toml: uncertainties.assumptions."
                       "team_triage_handover: the range .* leaves out the neutral value 1"):
        experiment_from_dict(table, source="test.toml")
