"""The outcomes calibration targets are compared with count what their figures count: the
questions and reports at each access point add up to the families' counts and are noted in
the record, and the supervision orders are the court's supervision and placement orders and
the emergency placements, not its other measures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import small_model

from sim.model import ProtectionModel

ACCESS_POINTS = ("local_team_desk", "veilig_thuis_line", "child_helpline")


@pytest.fixture(scope="module", params=["relay", "team"])
def run(request) -> tuple[ProtectionModel, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """One small run of a design (5,000 families, 2 reported years) with its record."""
    model = small_model(design=request.param, seed=5, record_events=True)
    model.run()
    return model, model.yearly_table(), model.organisation_table(), model.event_table()


def test_questions_and_reports_per_access_point_add_up_to_the_families_counts(run) -> None:
    model, yearly, organisations, events = run
    per_year = organisations.groupby("year")[["advice", "reported"]].sum()
    assert per_year["advice"].tolist() == yearly["advice_sum"].tolist()
    assert per_year["reported"].tolist() == yearly["reported_sum"].tolist()
    assert yearly["reported_sum"].min() > 100 and yearly["advice_sum"].min() > 100
    others = organisations[~organisations["organisation"].isin(ACCESS_POINTS)]
    assert (others[["advice", "reported"]] == 0).all().all()
    # only the Veilig Thuis line takes reports by default; every point takes questions
    at = organisations.groupby("organisation")[["advice", "reported"]].sum()
    assert at.loc[list(ACCESS_POINTS), "advice"].gt(0).all()
    assert at["reported"].sum() == at.loc["veilig_thuis_line", "reported"]
    # each question and report is in the record, at its point, as often as counted
    noted = events[events["decision"].isin(["reported", "asked_advice"])]
    counts = noted.groupby(["organisation", "decision"], observed=True).size()
    for point in ACCESS_POINTS:
        assert counts.get((point, "asked_advice"), 0) == at.loc[point, "advice"]
        assert counts.get((point, "reported"), 0) == at.loc[point, "reported"]
    # and a question is never also a report: the families' counts are the same events
    families = model.family_table()
    assert families["reported"].sum() == (noted["decision"] == "reported").sum()


def test_supervision_orders_are_supervision_and_placement_orders_not_other_measures(run
                                                                                    ) -> None:
    model, yearly, _, events = run
    decisions = events["decision"].value_counts()
    supervision = (decisions["order_supervision"] + decisions["order_placement"]
                   + decisions.get("emergency_placement", 0))
    assert yearly["supervision_order_sum"].sum() == supervision
    other = decisions.get("order_other", 0)
    assert other > 0, "no other measure happened: the test tells nothing apart"
    assert yearly["court_order_sum"].sum() - yearly["supervision_order_sum"].sum() == other
    families = model.family_table()
    assert np.all(families["supervision_order"] <= families["court_order"])
