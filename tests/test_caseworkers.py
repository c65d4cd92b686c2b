"""Caseworkers (sim.caseworkers): posts hold families at the lowest load, caseloads add
up, a leaver hands on exactly their families, a vacancy closes slots and reopens, and
turnover follows caseload only as far as `turnover_elasticity` says."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import small_model, small_scenario
from test_strict_input import one_line

from sim.caseworkers import lowest_loads
from sim.cli import main
from sim.queueing import ServiceQueue
from sim.runner import simulate
from sim.summary import summarise


def _one_by_one(caseload: np.ndarray, norm: np.ndarray, m: int) -> list[int]:
    """The rule lowest_loads follows: each family in turn to the lowest load (ties: the
    first post)."""
    caseload = caseload.astype(float).copy()
    chosen = []
    for _ in range(m):
        post = int(np.argmin(caseload / norm))
        chosen.append(post)
        caseload[post] += 1
    return chosen


@pytest.mark.parametrize("seed", range(20))
def test_lowest_loads_is_one_family_at_a_time_to_the_lowest_load(seed):
    rng = np.random.default_rng(seed)
    k = int(rng.integers(1, 8))
    norm = rng.choice([8.0, 9.7, 12.0, 25.0], size=k)
    caseload = rng.integers(0, 30, size=k)
    m = int(rng.integers(1, 40))
    got = lowest_loads(caseload, norm, m)
    assert got.tolist() == _one_by_one(caseload, norm, m)  # in order: family k gets post k


def test_closed_slots_free_only_when_used_slots_free_and_reopen():
    queue = ServiceQueue(4)
    queue.join(np.arange(6), np.zeros(6))
    assert len(queue.process(0.0, 7.0).ids) == 4
    queue.close(2)  # both slots in use: they close as they free
    assert len(queue.process(7.0, 14.0, released=np.array([7.0, 7.0, 7.0])).ids) == 1
    queue.reopen(2)
    assert len(queue.process(14.0, 21.0).ids) == 1  # the last family on the list
    assert queue.free == 1 and queue.closed == 0


def _run_weeks(model, weeks: int) -> None:
    for _ in range(weeks):
        model.step()


def _held(model) -> tuple[np.ndarray, np.ndarray]:
    """The families in service with a holder, as the casework task gives them."""
    chain = model.chain
    ids = chain.in_chain()
    ids = ids[~chain.waiting[ids] & (chain.holder[ids] >= 0)]
    return ids, chain.holder[ids]


def test_caseloads_add_up_to_the_families_held():
    model = small_model()
    _run_weeks(model, 80)
    cw = model.caseworkers
    assert len(cw.held) > 100
    assert (cw.worker[cw.held] >= 0).all()
    assert np.count_nonzero(cw.worker >= 0) == len(cw.held)  # families that left have none
    assert (cw.caseload == np.bincount(cw.worker[cw.held], minlength=len(cw.caseload))).all()
    assert not cw.caseload[cw.vacant].any() or cw.vacant.all()


def test_a_leaver_hands_on_exactly_their_families_and_the_post_reopens(monkeypatch):
    model = small_model({"caseworkers": {"vacancy_weeks": 3.0, "vacancy_closed_share": 1.0}})
    _run_weeks(model, 80)
    cw = model.caseworkers
    ids, holder = _held(model)
    t0 = model.day
    monkeypatch.setattr(cw, "_leaving", lambda: np.zeros(len(cw.caseload), dtype=bool))
    cw.step(t0, ids, holder)  # follow this week's families, nobody leaves
    post = int(np.argmax(np.where(cw.vacant, -1, cw.caseload)))
    theirs = set(np.flatnonzero(cw.worker == post).tolist())
    before, total = cw.caseload.copy(), cw.caseload.sum()
    queue = model.org_list[cw.pool_of_post[post]].queue
    closed = queue.closed
    only = np.zeros(len(cw.caseload), dtype=bool)
    only[post] = True
    monkeypatch.setattr(cw, "_leaving", lambda: only)
    left = cw.step(t0, ids, holder)
    assert set(left.tolist()) == theirs and len(theirs) > 0
    assert cw.caseload[post] == 0 and cw.caseload.sum() == total
    others = cw.pools[cw.pool_of_post[post]]
    assert (cw.caseload[others] >= np.where(others == post, 0, before[others])).all()
    assert queue.closed == closed + cw.closing[post] > closed
    cw._fill_vacancies(t0 + 2 * 7.0)
    assert cw.vacant[post] and queue.closed == closed + cw.closing[post]
    cw._fill_vacancies(t0 + 3 * 7.0)
    assert not cw.vacant[post] and queue.closed == closed


def _turnover(overrides: dict, seed: int, families: int = 5000) -> dict[str, float]:
    result = simulate(small_scenario(overrides, seed=seed, families=families))
    return summarise(result.families, result.yearly)


def test_without_elasticity_turnover_does_not_depend_on_caseload():
    """Elasticity 0: the same caseworkers leave in the same weeks whatever the caseloads
    (here: norms 30% lower, so caseloads and waits differ)."""
    short = {"organisations": {name: {"caseload": c} for name, c in
                               (("local_team", 17.5), ("veilig_thuis", 8.4),
                                ("child_protection_board", 7.0))}}
    none = {"caseworkers": {"turnover_elasticity": 0.0}}
    for seed in (1, 2):
        plain = _turnover(none, seed)
        shorter = _turnover({**none, **short}, seed)
        assert plain["waited_days"] != shorter["waited_days"]
        assert plain["caseworker_turnover"] == shorter["caseworker_turnover"]


def test_elasticity_raises_turnover_and_its_handoffs_when_caseloads_are_high():
    """Paired on the same seeds: vacant posts' families overload their colleagues (no
    slots close), and with elasticity those colleagues leave more often. (15,000
    families: enough posts per pool for colleagues to take a vacant post's families.)"""
    high = {"caseworkers": {"vacancy_closed_share": 0.0, "vacancy_weeks": 26.0}}
    more = {"caseworkers": {**high["caseworkers"], "turnover_elasticity": 2.0}}
    none = {"caseworkers": {**high["caseworkers"], "turnover_elasticity": 0.0}}
    diffs = {"caseworker_turnover": [], "turnover_handoffs": []}
    for seed in (1, 2, 3):
        a, b = _turnover(none, seed, 15_000), _turnover(more, seed, 15_000)
        for name, d in diffs.items():
            d.append(b[name] - a[name])
    for name, d in diffs.items():
        assert np.mean(d) > 0, (name, d)


@pytest.mark.parametrize(("text", "expected"), [
    ("[caseworkers]\nvacancy_weeks = -1.0\n", "caseworkers.vacancy_weeks = -1.0 is out of range"),
    ("[caseworkers]\nvacancy_closed_share = 1.5\n",
     "caseworkers.vacancy_closed_share = 1.5 is out of range; allowed from 0 to 1"),
    ("[caseworkers]\nturnover_elasticity = -0.5\n",
     "caseworkers.turnover_elasticity = -0.5 is out of range"),
])
def test_bad_caseworker_settings_are_refused(tmp_path, capsys, text, expected):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    assert main(["validate", str(path)]) == 2
    assert one_line(capsys.readouterr().err).startswith(f"{path}: {expected}")
