"""One family followed through two designs, from the record a comparison keeps.

Every design of a comparison meets the same families and the same chance events (common
random numbers), so family 1306 in the relay is family 1306 in the team: the same
children, the same problems, the same neighbour who worries. Its record in each design
(details/events.parquet, replication 0) shows who it met, when, what was decided and where
it ended. The day of the week on which a concern reaches an access point is drawn anew in
each design, so "the same start" means the same first step (place and decision) in the
same week.

`pick` chooses a family for the page (at random, or by a filter such as "had a court order
in the relay"), `chosen` one for the report, and `path` gives its steps and outcomes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.details import Details

DAYS_PER_WEEK = 7.0
FILTERS = ("different", "any", "court_order", "placement", "more_handoffs")
"""Which families may be picked, among those in contact in both designs with the same
start: those whose steps then differ, any, or those that, in the first design, had a court
order, were placed out of home, or had more handoffs than in the second."""
ORDERS = ("order_supervision", "order_placement", "order_other")
PLACEMENTS = ("order_placement", "emergency_placement")
SHOWN_STEPS = 16
"""Steps a figure lists per design; the rest are counted (the report prefers a family with
no more)."""


@dataclass(frozen=True)
class Step:
    """One decision in a family's record."""

    day: float  # days since the family's first step in this design
    organisation: str
    decision: str
    concern: float  # the professional's judgement of concern (NaN: none formed)
    new: bool  # an organisation the family had not met before in this design


@dataclass(frozen=True)
class FamilyPath:
    """One family in one design: its steps and what the run counted for it."""

    design: str
    family: int
    week: int  # week of the simulation of its first step (1 = the first week)
    steps: list[Step]
    handoffs: int
    organisations: int
    days_to_first_contact: float
    days_to_help: float  # NaN: no help
    waited_days: float
    good_enough: bool | None  # concern good enough at the first closure (None: not closed)
    recurrence_days: float  # NaN: no recurrence seen
    followed_days: float  # from the first closure to the end of the run (NaN: not closed)

    @property
    def start(self) -> tuple[int, str, str]:
        """Week, place and decision of its first step: what "the same start" compares."""
        first = self.steps[0]
        return self.week, first.organisation, first.decision


def has_record(details: Details | None) -> bool:
    """Whether the results keep the steps of their families (made before: they do not)."""
    return details is not None and details.events is not None and \
        "family" in details.families.columns


def candidates(details: Details, first: str, second: str, which: str = "any") -> np.ndarray:
    """Families in contact in both designs whose first step is the same (week, place and
    decision), narrowed by `which` (FILTERS) on the first design; sorted ids."""
    starts = {design: _starts(details.events, design) for design in (first, second)}
    both = starts[first].merge(starts[second], left_index=True, right_index=True,
                               suffixes=("_a", "_b"))
    same = both[(both["week_a"] == both["week_b"])
                & (both["organisation_a"] == both["organisation_b"])
                & (both["decision_a"] == both["decision_b"])].index.to_numpy()
    for design in (first, second):  # and counted as in contact (the record may say more)
        same = same[np.isin(same, _families(details, design).index)]
    if which == "any":
        return np.sort(same)
    mine = details.events[details.events["design"] == first]
    if which == "different":
        steps = {design: _steps(details.events, design, same) for design in (first, second)}
        fits = [f for f in same if steps[first].get(f) != steps[second].get(f)]
    elif which in ("court_order", "placement"):
        wanted = ORDERS if which == "court_order" else PLACEMENTS
        fits = mine.loc[mine["decision"].astype(str).isin(wanted), "family"].unique()
    elif which == "more_handoffs":
        handoffs = {design: _families(details, design)["handoffs"] for design in (first, second)}
        fits = handoffs[first].index[handoffs[first].gt(
            handoffs[second].reindex(handoffs[first].index, fill_value=0))]
    else:
        raise ValueError(f"unknown filter {which!r}; choose one of {', '.join(FILTERS)}")
    return np.sort(np.intersect1d(same, np.asarray(fits)))


def pick(details: Details, first: str, second: str, which: str,
         rng: np.random.Generator) -> int | None:
    """A family at random among the candidates (None: no family fits)."""
    found = candidates(details, first, second, which)
    return int(rng.choice(found)) if len(found) else None


def chosen(details: Details, first: str, second: str) -> int | None:
    """The family the report follows: one with a court order in the first design if there
    is one, whose steps fit the figure in both, with the largest difference in handoffs
    (the lowest id among equals), so the same results always show the same family."""
    lengths = {design: details.events.loc[details.events["design"] == design, "family"]
               .value_counts() for design in (first, second)}
    handoffs = {design: _families(details, design)["handoffs"] for design in (first, second)}
    for which in ("court_order", "any"):
        found = candidates(details, first, second, which)
        fits = [f for f in found
                if all(lengths[d].get(f, 0) <= SHOWN_STEPS for d in (first, second))]
        if fits:
            gap = [abs(int(handoffs[first].get(f, 0)) - int(handoffs[second].get(f, 0)))
                   for f in fits]
            return int(fits[int(np.argmax(gap))])
    return None


def path(details: Details, design: str, family: int | None) -> FamilyPath:
    """The steps of `family` in `design` and what the run counted for it (ValueError when
    it has none there, KeyError when the run did not count it as in contact)."""
    events = details.events
    mine = events[(events["design"] == design) & (events["family"] == family)].sort_values(
        "day", kind="stable")
    if family is None or not len(mine):
        raise ValueError(f"family {family} has no steps in design {design!r}")
    first_day = float(mine["day"].iloc[0])
    met: set[str] = set()
    steps = []
    for row in mine.itertuples():
        organisation = str(row.organisation)
        steps.append(Step(float(row.day) - first_day, organisation, str(row.decision),
                          float(row.perceived_concern), bool(met) and organisation not in met))
        met.add(organisation)
    counted = _families(details, design).loc[family]
    good = counted["reached_good_enough"]
    return FamilyPath(
        design, family, int(first_day // DAYS_PER_WEEK) + 1, steps, int(counted["handoffs"]),
        int(counted["organisations_seen"]), float(counted["days_to_first_contact"]),
        float(counted["days_to_help"]), float(counted["waited_days"]),
        None if pd.isna(good) else bool(good), _number(counted["recurrence_days"]),
        _number(counted["followed_days"]))


def _starts(events: pd.DataFrame, design: str) -> pd.DataFrame:
    """Each family's first step in `design`: week, place and decision, by family."""
    mine = events[events["design"] == design].sort_values("day", kind="stable")
    first = mine.groupby("family", sort=False).head(1).set_index("family")
    return pd.DataFrame({"week": (first["day"] // DAYS_PER_WEEK).astype(int),
                         "organisation": first["organisation"].astype(str),
                         "decision": first["decision"].astype(str)})


def _steps(events: pd.DataFrame, design: str, families: np.ndarray) -> dict[int, tuple]:
    """The (place, decision) of each step of `families` in `design`, in order."""
    mine = events[(events["design"] == design) & events["family"].isin(families)]
    mine = mine.sort_values("day", kind="stable")
    pairs = zip(mine["organisation"].astype(str), mine["decision"].astype(str), strict=True)
    steps: dict[int, list] = {}
    for family, pair in zip(mine["family"], pairs, strict=True):
        steps.setdefault(int(family), []).append(pair)
    return {family: tuple(pairs) for family, pairs in steps.items()}


def _families(details: Details, design: str) -> pd.DataFrame:
    families = details.families
    return families[families["design"] == design].set_index("family")


def _number(value: object) -> float:
    return math.nan if pd.isna(value) else float(value)
