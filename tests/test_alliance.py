"""The working relationship (sim.alliance) and what follows a closure (sim.tasks.aftercare):
the alliance grows and is lost as its formula says, each effect is nothing at 0 and moves
its outcome the stated way away from it (paired, same seed), aftercare 0 is today's
model, and bad values are refused in one line."""

from __future__ import annotations

import math

import numpy as np
import pytest
from conftest import small_model, small_scenario
from test_strict_input import validate_error

from sim.families import WEEK
from sim.model import ProtectionModel
from sim.portable_math import exp
from sim.runner import simulate
from sim.summary import summarise
from sim.tasks import CORE_TASKS
from sim.tasks.aftercare import Aftercare

EFFECTS = ("engagement_effect", "dropout_effect", "info_effect", "agreement_effect",
           "return_rate")
NONE = {"alliance": dict.fromkeys(EFFECTS, 0.0)}


def _yearly(overrides: dict, seed: int = 3, design: str = "relay"):
    model = ProtectionModel(small_scenario(overrides, seed=seed, design=design))
    model.run()
    return model.yearly_table().drop(columns="alliance_at_close_mean")


def _summary(overrides: dict, seed: int, **run) -> dict[str, float]:
    result = simulate(small_scenario(overrides, seed=seed, **run))
    return summarise(result.families, result.yearly)


# ------------------------------------------------------------------ the formula
def test_the_alliance_grows_by_its_formula_and_a_handoff_takes_its_share():
    model = small_model({"alliance": {"growth_weeks": 10.0, "loss_at_handoff": 0.5}})
    alliance, ids = model.alliance, np.array([1, 2, 3])
    for _ in range(3):
        alliance.grow(ids)
    expected = 1 - math.exp(-3 / 10)  # 1 - (1 - gain)^3, gain = 1 - exp(-1/10)
    assert alliance.value[ids] == pytest.approx([expected] * 3, rel=1e-5)
    model.cases.handoff(ids[:2], 0.0)  # the one path of takeovers and staff who leave
    assert alliance.value[ids] == pytest.approx([expected / 2] * 2 + [expected], rel=1e-5)


def test_staff_turnover_goes_through_the_handoff_and_costs_alliance():
    model = small_model({"alliance": {"loss_at_handoff": 0.5}})
    model.caseworkers.base_per_week[:] = 1.0  # every caseworker leaves this week
    ids = np.arange(10)
    model.alliance.value[ids] = 0.8
    holder = np.full(10, model.orgs["veilig_thuis"].index, dtype=np.int16)
    model.tasks["casework"]._turnover(ids, holder, 0.0)
    assert model.alliance.value[ids] == pytest.approx([0.4] * 10)


def test_after_closure_it_fades_and_counts_only_with_whom_the_family_knew():
    model = small_model({"alliance": {"decay_weeks": 52.0},
                         "assumptions": {"team_return_stranger_share": 0.0}}, design="team")
    alliance, ids = model.alliance, np.array([5, 6])
    alliance.value[ids] = 0.6
    alliance.close(ids, np.array([4, 4], dtype=np.int16), np.array([0.0, 0.0]),
                   np.array([False, False]))
    later = 52 * WEEK
    assert alliance.remembered(ids, later) == pytest.approx([0.6 * math.exp(-1)] * 2, rel=1e-5)
    alliance.meet(ids, np.array([4, 7]), np.array([later, later]))  # known, then a stranger
    assert alliance.value[ids] == pytest.approx([0.6 * math.exp(-1), 0.0], rel=1e-5)


def remembered_in_numpy(alliance, ids, t):
    """Alliance.remembered as vector operations (before issue 16)."""
    since = t - alliance.held_until[ids]
    faded = np.flatnonzero(since > 0)
    value = alliance.value[ids]
    if len(faded):
        value[faded] *= exp(-(since[faded] / WEEK) / alliance.params.decay_weeks)
    return value


def meet_in_numpy(alliance, ids, holder, t):
    """Alliance.meet as vector operations (before issue 16)."""
    value = alliance.value
    had = value[ids] > 0
    if np.count_nonzero(had):
        back = ids[had]
        kept = remembered_in_numpy(alliance, back, t[had])
        if alliance.continuity:
            known = (alliance.known_holder[back] == (
                holder if np.isscalar(holder) else holder[had])) & (
                alliance.in_aftercare(back, t[had]) | alliance._known_face(back, t))
            kept = np.where(known, kept, np.float32(0.0))
        value[back] = kept
    alliance.held_until[ids] = np.nan


@pytest.mark.parametrize("continuity", [True, False])
@pytest.mark.parametrize("stranger", [0.0, 0.4, 1.0])
def test_compiled_meeting_gives_the_numbers_of_the_numpy_formulation(continuity, stranger):
    model = small_model({"mechanisms": {"alliance_continuity": continuity},
                         "assumptions": {"team_return_stranger_share": stranger}},
                        design="team")
    alliance, n = model.alliance, len(model.families)
    rng = np.random.default_rng(11)
    for _ in range(20):
        alliance.value[:] = np.where(rng.random(n) < 0.2, 0.0, rng.random(n)).astype(np.float32)
        alliance.known_holder[:] = rng.integers(-1, 4, n)
        alliance.held_until[:] = np.where(rng.random(n) < 0.2, np.nan,
                                          WEEK * rng.integers(0, 30, n))
        ids = rng.choice(n, 300, replace=False)
        t = WEEK * (rng.integers(0, 30, 300) if rng.random() < 0.5  # ties with held_until
                    else rng.uniform(0, 30, 300))
        holder = rng.integers(0, 4) if rng.random() < 0.3 else rng.integers(0, 4, 300)
        assert np.array_equal(alliance.remembered(ids, t), remembered_in_numpy(alliance, ids, t))
        assert np.array_equal(alliance.remembered(ids, t[0]),
                              remembered_in_numpy(alliance, ids, t[0]))
        value, held_until = alliance.value.copy(), alliance.held_until.copy()
        alliance.meet(ids, holder, t)
        found = alliance.value.copy(), alliance.held_until.copy()
        alliance.value[:], alliance.held_until[:] = value, held_until
        meet_in_numpy(alliance, ids, holder, t)
        assert np.array_equal(found[0], alliance.value)
        assert np.array_equal(found[1], alliance.held_until, equal_nan=True)
    assert alliance.value[ids].any() and not alliance.value[ids].all()  # kept and not


def test_without_continuity_nothing_depends_on_who():
    model = small_model({"mechanisms": {"alliance_continuity": False}})
    alliance, ids = model.alliance, np.array([5, 6])
    alliance.value[ids] = 0.6
    model.cases.handoff(ids, 0.0)
    assert alliance.value[ids] == pytest.approx([0.6, 0.6])
    alliance.close(ids, np.array([4, 4], dtype=np.int16), np.zeros(2), np.zeros(2, bool))
    alliance.meet(ids, np.array([4, 7]), np.zeros(2))
    assert alliance.value[ids] == pytest.approx([0.6, 0.6])


def test_aftercare_holds_the_alliance_and_is_spent_only_after_a_plan():
    model = small_model({"design": {"aftercare_weeks": 10.0}})
    alliance, ids = model.alliance, np.array([1, 2])
    alliance.value[ids] = 0.5
    alliance.close(ids, np.array([3, 3], dtype=np.int16), np.zeros(2), np.array([True, False]))
    assert alliance.in_aftercare(ids, 9 * WEEK).tolist() == [True, False]
    assert alliance.remembered(ids, 10 * WEEK)[0] == pytest.approx(0.5)


# ------------------------------------------------------------------ no effect at 0
@pytest.mark.parametrize("design", ["relay", "team"])
def test_with_every_effect_at_0_how_the_alliance_moves_changes_nothing(design):
    """Paired, same seed: the alliance's course (growth, loss, fading, whom a family meets)
    acts only through its effects, so with those at 0 the results are exactly the same."""
    moved = {"alliance": {**NONE["alliance"], "growth_weeks": 4.0, "loss_at_handoff": 0.0,
                          "decay_weeks": 13.0},
             "mechanisms": {"alliance_continuity": False},
             "assumptions": {"team_return_stranger_share": 0.0}}
    assert _yearly(NONE, design=design).equals(_yearly(moved, design=design))


def test_aftercare_0_without_early_returns_is_the_model_without_the_task():
    """Aftercare 0 (the default) and no early returns: the task does nothing at all, so the
    run is today's model on the same seed (the pinned baseline then holds)."""
    model = ProtectionModel(small_scenario(NONE, seed=3))
    without = ProtectionModel(small_scenario(NONE, seed=3),
                              tasks=tuple(t for t in CORE_TASKS if t is not Aftercare))
    for m in (model, without):
        m.run()
    assert model.yearly_table().equals(without.yearly_table())


# ------------------------------------------------------------------ away from 0
def test_each_effect_acts_the_stated_way_on_a_family_with_an_alliance():
    """At the unit: at a full alliance help reaches more, dropping out is less likely,
    facts come faster and more families agree (the same draws, so a superset)."""
    ids = np.arange(5000)  # every family of the small model
    models = {on: small_model(None if on else NONE) for on in (True, False)}
    for model in models.values():
        model.alliance.value[ids] = 1.0
    on, off = models[True], models[False]
    assert (on.judgement.engagement(ids) >= off.judgement.engagement(ids)).all()
    assert (on.judgement.engagement(ids) > off.judgement.engagement(ids)).mean() > 0.9
    assert (on.alliance.dropout(ids) < 1).all() and off.alliance.dropout(ids) == 1.0
    assert (on.alliance.info_gain(ids, 6.0) > off.alliance.info_gain(ids, 6.0)).all()
    agree_on, agree_off = (m.judgement.agrees(ids, "decide:test") for m in (on, off))
    assert not (agree_off & ~agree_on).any() and agree_on.mean() > agree_off.mean() + 0.05


def test_help_reaches_more_with_an_alliance_so_more_close_good_enough():
    """engagement_effect at the top of its range against 0, all else at 0: more first
    closures good enough, on each of two seeds (about +0.07, standard error 0.005)."""
    for seed in (1, 2):
        off = _summary(NONE, seed)
        on = _summary({"alliance": {**NONE["alliance"], "engagement_effect": 0.6}}, seed)
        assert on["closed_good_enough"] > off["closed_good_enough"] + 0.02, seed


def test_fewer_families_drop_out_with_an_alliance():
    """dropout_effect at the top of its range against 0: fewer drop-outs in the record."""
    for seed in (1, 2):
        counts = []
        for value in (0.0, 0.6):
            over = {"alliance": {**NONE["alliance"], "dropout_effect": value}}
            events = simulate(small_scenario(over, seed=seed, record_events=True)).events
            counts.append(events["decision"].isin(["dropout_closed", "escalated"]).sum())
        assert counts[1] < 0.9 * counts[0], (seed, counts)


def test_families_with_an_alliance_come_back_themselves_before_a_report():
    """return_rate at the top of its range (0.1) against 0: families ask again of their own
    accord (advice up), and fewer are reported, on each of two seeds."""
    for seed in (1, 2):
        off = _summary(NONE, seed)
        on = _summary({"alliance": {**NONE["alliance"], "return_rate": 0.1}}, seed)
        assert on["advice"] > off["advice"] + 10 and on["reports"] < off["reports"], seed


def test_aftercare_costs_hours_and_brings_families_back_without_a_report():
    """13 weeks of aftercare against none: families go back to help from aftercare, each
    week of it costs its hours, and fewer families are reported, on each of two seeds."""
    for seed in (1, 2):
        off = simulate(small_scenario(NONE, seed=seed))
        on = simulate(small_scenario({**NONE, "design": {"aftercare_weeks": 13.0}}, seed=seed))
        assert on.families["aftercare_returns"].sum() > 0
        assert summarise(on.families, on.yearly)["reports"] < summarise(
            off.families, off.yearly)["reports"], seed
    model = small_model({"design": {"aftercare_weeks": 13.0}}, warmup_years=0)
    ids = np.array([1, 2, 3])
    model.alliance.close(ids, np.zeros(3, dtype=np.int16), np.zeros(3), np.ones(3, bool))
    model.families.concern[ids] = 0.0  # no early sign: only the hours
    model.tasks["aftercare"]._follow_up(0.0)
    hours = model.ledger.outcomes["professional_hours"][ids]
    assert hours == pytest.approx([model.config.alliance.aftercare_hours] * 3)


# ------------------------------------------------------------------ bad input
@pytest.mark.parametrize("table, field, value", [
    ("[design]\naftercare_weeks = -4\n", "design.aftercare_weeks", "-4"),
    ("[alliance]\nloss_at_handoff = 1.5\n", "alliance.loss_at_handoff", "1.5"),
    ("[alliance]\ngrowth_weeks = -1\n", "alliance.growth_weeks", "-1"),
    ("[assumptions]\nteam_return_stranger_share = 1.2\n",
     "assumptions.team_return_stranger_share", "1.2"),
])
def test_a_bad_alliance_or_aftercare_value_is_one_line_and_exit_2(tmp_path, capsys, table,
                                                                  field, value):
    path = tmp_path / "bad.toml"
    path.write_text(table, encoding="utf-8")
    line = validate_error(capsys, path)
    assert field in line and value in line
