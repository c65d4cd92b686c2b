"""The ledger of a run: counts per family, the record of decisions, journeys and years.

Every core task counts and records through here, and only while the run is
reporting (after the warm-up), so no task needs to know about warm-up, tables
or files. The ledger only counts: it draws nothing and changes nothing a task
decides.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from sim.chain import PlanKind, Service
from sim.families import WEEK, WEEKS_PER_YEAR, YEAR
from sim.journeys import Journeys, node_of
from sim.outcomes import COUNT_OUTCOMES, FamilyOutcomes
from sim.records import Record
from sim.stages import Stage

if TYPE_CHECKING:
    from sim.model import ProtectionModel
    from sim.organisations import AccessPoint


class Ledger:
    """Outcomes per family, the event record, journeys, and one row per reported year."""

    def __init__(self, model: ProtectionModel) -> None:
        self.model = model
        n = len(model.families)
        self.outcomes = FamilyOutcomes.zeros(n)
        self.record = Record(model.config.run.record_events)
        self.journeys = Journeys([o.name for o in model.org_list])
        self.trust_at_close = np.full(n, np.nan, dtype=np.float32)
        self.yearly: list[dict] = []
        self.organisation_years: list[dict] = []
        # per organisation, this year: questions and reports at it (access points only)
        self._contacts = np.zeros((len(model.org_list), 2), dtype=np.int64)
        self._year_start_sums = self._count_sums()
        self._serious_share: list[float] = []

    @property
    def reporting(self) -> bool:
        """Whether the current week counts (after warm-up)."""
        return self.model.week >= self.model.warmup_weeks

    # ---------------------------------------------------------------- counting
    def count(self, name: str, ids: np.ndarray, amount: float | np.ndarray = 1) -> None:
        if self.reporting:
            self.outcomes.add(name, ids, amount)

    def missed(self, ids: np.ndarray) -> None:
        """Count decisions not to act on a family whose true concern is serious."""
        serious = ids[self.model.families.concern[ids] >= self.model.config.concern.serious]
        self.count("missed_serious", serious)

    def note(self, day, ids, org, decision: str, opinion=None, tie=None) -> None:
        """Record a decision; `org` is the deciding organisation or one index per family;
        `tie` the family's tie who noticed and acted (sim.network_actors), if one did."""
        if self.reporting and self.record.enabled and len(ids):
            chain = self.model.chain
            index = org if isinstance(org, np.ndarray) else org.index
            self.record.add(day, ids, index, decision, chain.incidents[ids], opinion,
                            chain.disputed[ids], tie)

    def note_by_holder(self, day: float, ids: np.ndarray, decision: str,
                       opinion: np.ndarray | None = None) -> None:
        self.note(day, ids, self.model.chain.holder[ids], decision, opinion)

    def contacted(self, point: AccessPoint, ids: np.ndarray, days: np.ndarray, *,
                  report: bool, tie: np.ndarray | None = None) -> None:
        """Families reach an access point to report (or to ask for advice): counted for the
        point's year (organisations.csv) and noted in the record on the day they come,
        with the tie who acted where one did."""
        if self.reporting and len(ids):
            self._contacts[point.index, int(report)] += len(ids)
            self.note(days, ids, point, "reported" if report else "asked_advice", tie=tie)
            if report:
                self.outcomes.report(ids, days, self.model.warmup_weeks * WEEK)

    def mark_seen(self, ids: np.ndarray, org_index: int | np.ndarray) -> None:
        if self.reporting:
            self.outcomes.seen_mask[ids] |= (1 << org_index if isinstance(org_index, int)
                                             else np.left_shift(1, org_index.astype(np.int64)))

    def nodes(self, ids: np.ndarray) -> np.ndarray:
        """Where families are now, as journey nodes (sim.journeys.NODES)."""
        chain = self.model.chain
        return node_of(chain.stage[ids], chain.is_report[ids])

    def handed_within(self, ids: np.ndarray) -> None:
        """Families passed to someone new without changing core task."""
        if self.reporting:
            self.journeys.handoff_within(self.nodes(ids))

    # ------------------------------------------------------------------- years
    def start_reporting(self) -> None:
        for org in self.model.org_list:
            org.reset_year()
        self._contacts[:] = 0
        self._year_start_sums = self._count_sums()
        self._serious_share = []
        self.model.caseworkers.reset_year()

    def week_end(self) -> None:
        """Waiting lists and the share of families with serious concern, per reported week."""
        model = self.model
        self.journeys.week_end(model.week - model.warmup_weeks + 1,
                               [len(org.queue) for org in model.org_list])
        serious = np.count_nonzero(model.families.concern >= model.config.concern.serious)
        self._serious_share.append(serious / len(model.families))

    def close_year(self) -> None:
        """Yearly sums (events in the year), stocks at the year's end, organisation waits."""
        model = self.model
        year = (model.week - model.warmup_weeks) // WEEKS_PER_YEAR
        row = {"year": year, "families": len(model.families), **self._year_sums()}
        row.update(self._year_delays())
        chain = model.chain
        row["orders_in_force_end"] = int(np.sum(chain.plan_kind >= PlanKind.SUPERVISION))
        row["in_chain_end"] = int(np.sum(chain.stage != Stage.NONE))
        row["serious_share_mean"] = float(np.mean(self._serious_share))
        row["prevention_hours"] = (model.config.design.prevention_intensity
                                   * model.config.help.prevention_hours * len(model.families))
        self._serious_share = []
        row.update(model.caseworkers.year_row())
        self.yearly.append(row)
        held = np.bincount(chain.org[(chain.stage != Stage.NONE) & ~chain.waiting],
                           minlength=len(model.org_list))
        for name, state in chain.services.items():
            held[model.orgs[name].index] += int(np.sum(state == Service.ACTIVE))
        for org in model.org_list:
            advice, reported = self._contacts[org.index].tolist()
            self.organisation_years.append(
                {"year": year, **org.year_statistics(YEAR, int(held[org.index])),
                 "advice": advice, "reported": reported,
                 **model.caseworkers.year_row(org.index)})
            org.reset_year()
        self._contacts[:] = 0
        model.caseworkers.reset_year()

    def _count_sums(self) -> dict[str, float]:
        arrays = self.outcomes.arrays
        return {name: float(arrays[name].sum())
                for name in COUNT_OUTCOMES + ["professional_hours", "waited_days",
                                                  "network_support"]}

    def _year_sums(self) -> dict[str, float]:
        sums = self._count_sums()
        n = len(self.model.families)
        row = {}
        for name, total in sums.items():
            row[f"{name}_sum"] = total - self._year_start_sums[name]
            row[f"{name}_per_1000"] = 1000.0 * row[f"{name}_sum"] / n
        self._year_start_sums = sums
        return row

    def _year_delays(self) -> dict[str, float]:
        day = self.model.day
        year_start = day - YEAR
        o = self.outcomes
        contact = (o.first_contact >= year_start) & (o.first_contact < day)
        helped = (o.first_help >= year_start) & (o.first_help < day)
        closed = (o.first_close >= year_start) & (o.first_close < day)
        alliance = o["alliance_at_close"][closed]
        return {
            "alliance_at_close_mean": float(alliance.mean()) if len(alliance) else np.nan,
            "new_first_contacts": int(contact.sum()),
            "days_to_first_contact_mean": float(np.nanmean(
                (o.first_contact - o.first_noticed)[contact])) if contact.any() else np.nan,
            "days_to_help_mean": float(np.nanmean(
                (o.first_help - o.first_contact)[helped])) if helped.any() else np.nan,
        }

    # ------------------------------------------------------------------ tables
    def family_table(self) -> pd.DataFrame:
        """One row per family (see sim.outcomes.FAMILY_OUTCOMES)."""
        return self.outcomes.table(self.model.day, self.trust_at_close,
                                   self.model.families.n_children)

    def event_table(self) -> pd.DataFrame:
        """The record of every step per family."""
        return self.record.table([o.name for o in self.model.org_list])
