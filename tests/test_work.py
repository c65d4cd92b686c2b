"""The team's work takes the settings of the relay organisation that has the task
(sim.work): its fear of blame, hours, turnover and intake; its slots are theirs."""

from __future__ import annotations

import numpy as np
from conftest import small_model

from sim.chain import PlanKind
from sim.organisations import slots_of
from sim.params.organisations import TEAM_REPLACES
from sim.routing import TEAM
from sim.stages import Stage

CASES = [  # the family's stage and plan kind, and whose work the team's is then
    (Stage.INVESTIGATION, PlanKind.NONE, "veilig_thuis"),
    (Stage.FOLLOWUP, PlanKind.NONE, "child_protection_board"),
    (Stage.REVIEW, PlanKind.NONE, "child_protection_board"),
    (Stage.COURT, PlanKind.NONE, "child_protection_board"),
    (Stage.PLAN, PlanKind.VOLUNTARY, "local_team"),
    (Stage.PLAN, PlanKind.SUPERVISION, "certified_institution"),
    (Stage.PLAN, PlanKind.PLACEMENT, "certified_institution"),
]


def test_the_team_judges_costs_and_turns_over_as_the_relay_organisation_of_the_task():
    shift = 0.02
    model = small_model({"assumptions": {"team_blame_shift": shift}}, design="team")
    work, chain, orgs = model.work, model.chain, model.config.organisations
    ids = np.arange(len(CASES))
    chain.stage[ids] = [stage for stage, _, _ in CASES]
    chain.plan_kind[ids] = [kind for _, kind, _ in CASES]
    whose = work.of(model.orgs[TEAM].index, ids)
    for i, (_, _, name) in enumerate(CASES):
        relay = getattr(orgs, name)
        assert work.blame[whose[i]] == relay.blame_bias + shift
        assert work.hours_per_week[whose[i]] == np.float32(relay.hours_per_week)
        assert work.turnover_per_week[whose[i]] == relay.turnover_per_year / 52.0
        assert work.intake_hours[whose[i]] == relay.intake_hours
    # an emergency is Veilig Thuis's work whatever the family's stage
    crisis = work.of(model.orgs[TEAM].index, ids, Stage.INVESTIGATION)
    assert set(work.blame[crisis]) == {orgs.veilig_thuis.blame_bias + shift}


def test_in_the_relay_every_organisation_does_its_own_work_with_no_team_shift():
    model = small_model({"assumptions": {"team_blame_shift": 0.05}}, design="relay")
    ids = np.arange(3)
    for org in model.org_list:
        assert (model.work.of(org.index, ids) == org.index).all()
        assert model.work.blame[org.index] == org.params.blame_bias


def test_the_team_has_the_slots_of_the_organisations_it_replaces_pooled_or_per_task():
    pooled = small_model(design="team")
    assert pooled.orgs[TEAM].slots == sum(
        slots_of(pooled, getattr(pooled.config.organisations, name)) for name in TEAM_REPLACES)
    assert not set(TEAM_REPLACES) & set(pooled.orgs)
    per_task = small_model({"mechanisms": {"pooled_capacity": False}}, design="team")
    relay = small_model(design="relay")
    for name in TEAM_REPLACES:
        assert per_task.orgs[name].slots == relay.orgs[name].slots
    assert {o.name for o in per_task.carrier.values()} == {o.name for o in relay.carrier.values()}
    assert per_task.routing.keeper == TEAM
