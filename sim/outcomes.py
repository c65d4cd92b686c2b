"""The outcomes of a run, defined in one place: name, unit and meaning.

Per family the model keeps one array per outcome (`FamilyOutcomes`); at the
end they become one row per family. Counts are over the reported years (after
warm-up); the first closure after warm-up decides the closure outcomes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

# name: (dtype, unit, meaning)
FAMILY_OUTCOMES: dict[str, tuple[str, str, str]] = {
    "children": ("int8", "count", "Children under 18 in the family (a state, not an outcome)."),
    "handoffs": ("int16", "count", "Times the family was passed to a new organisation or a new "
                 "responsible professional (takeover, referral, staff turnover)."),
    "organisations_seen": ("int16", "count", "Different organisations the family dealt with."),
    "professionals_max_at_once": ("int8", "count", "Most professionals involved in one week."),
    "days_to_first_contact": ("float32", "days", "From the first time anyone noticed the concern "
                              "to the first contact with a professional (NaN: none)."),
    "days_to_help": ("float32", "days", "From the first contact to the first week of help "
                     "(NaN: no help)."),
    "waited_days": ("float32", "days", "Total time on waiting lists."),
    "advice": ("int16", "count", "Times someone asked an access point for advice about the "
               "family while it was not in contact with professionals."),
    "reported": ("int16", "count", "Reports about the family to a reporting point while it was "
                 "not in contact with professionals (a concern noticed in a family in contact "
                 "is not reported)."),
    "investigated": ("int16", "count", "First investigations completed."),
    "followup_investigated": ("int16", "count", "Follow-up investigations completed."),
    "conferences": ("int16", "count", "Family-network conferences held (counted when decided, at "
                    "the start of a follow-up investigation)."),
    "reviewed": ("int16", "count", "Court requests checked by a second professional or an "
                 "independent expert."),
    "court_request": ("int16", "count", "Requests to the court (including provisional orders in "
                      "an emergency)."),
    "disputed_at_court": ("int16", "count", "Court requests the family disputed."),
    "court_order": ("int16", "count", "Court orders: supervision, placement or another measure."),
    "supervision_order": ("int16", "count", "Court orders that put the family under "
                          "supervision (OTS), with or without an out-of-home placement, "
                          "including provisional orders in an emergency; not another measure "
                          "(what CBS counts as a new supervision order)."),
    "placement": ("int16", "count", "Out-of-home placements (by court or in an emergency)."),
    "emergency": ("int16", "count", "Emergency actions after an acute crisis was noticed."),
    "avoidable_escalation": ("int16", "count", "Court requests while the true concern was below "
                             "'serious': voluntary help would have sufficed."),
    "missed_serious": ("int16", "count", "Decisions to close or not to act while the true "
                       "concern was serious."),
    "closures": ("int16", "count", "Times professionals left the family (end of contact, "
                 "investigation or plan)."),
    "reached_good_enough": ("boolean", "yes/no", "At the first closure the true concern was "
                            "'good enough' (NA: never closed)."),
    "recurred_12m": ("boolean", "yes/no", "After a good-enough first closure, concern rose above "
                     "the recurrence level within 12 months (NA: not good enough, or closed less "
                     "than 12 months before the end of the run, so that early recurrences do not "
                     "outweigh the rest)."),
    "recurred_24m": ("boolean", "yes/no", "As recurred_12m, within 24 months."),
    "lasting_24m": ("boolean", "yes/no", "The first closure was good enough and concern did not "
                    "recur within 24 months (NA: never closed, or closed less than 24 months "
                    "before the end of the run)."),
    "recurrence_days": ("float32", "days", "From a good-enough first closure to the first week "
                        "concern rose above the recurrence level (NaN: no good-enough first "
                        "closure, or no recurrence before the end of the run)."),
    "followed_days": ("float32", "days", "From the first closure to the end of the run (NaN: "
                      "never closed): how long a recurrence could have been seen, for survival "
                      "curves that count families closed late as followed for less time."),
    "professional_hours": ("float32", "hours", "Professional time spent on the family: casework, "
                           "intakes, joined services, reviews, hearings, conferences and "
                           "coordination (prevention, not per family, is in the yearly table)."),
    "trust_at_close": ("float32", "0-1 scale", "Trust in professionals at the first closure "
                       "(NaN: never closed)."),
    "turnover_handoffs": ("int16", "count", "Handoffs because the caseworker holding the case "
                          "left (part of handoffs)."),
    "alliance_at_close": ("float32", "0-1 scale", "Working relationship with the professional "
                          "who held the case at the first closure (sim.alliance; NaN: never "
                          "closed)."),
    "lasting_24m_plan": ("boolean", "yes/no", "As lasting_24m, for families who had help in a "
                         "plan before their first closure (NA also: no plan before it), so "
                         "that closures after advice only do not dilute it."),
    "rereported_12m": ("boolean", "yes/no", "Reported again within 12 months of a first report "
                       "(first: none in the year before it; NA: no such first report, or one "
                       "less than 12 months before the end of the run)."),
    "rereported_24m": ("boolean", "yes/no", "As rereported_12m, within 24 months."),
    "aftercare_returns": ("int16", "count", "Times the family went back to voluntary help from "
                          "aftercare after a closure (design.aftercare_weeks)."),
    "asked_again": ("int16", "count", "Times the family asked for help again of its own accord "
                    "after a closure, moved by the alliance it remembered."),
    "noticed_by_tie": ("int16", "count", "Times a relative, friend or neighbour (a tie drawn "
                       "from the family's ties by strength) noticed the concern."),
    "main_supporter": ("int32", "family id", "The tie (another family) who gave the family most "
                       "support when it first leaned on its network in the reported years: "
                       "drawn from its ties by what each gives (-1: never leaned on it, or "
                       "has no ties)."),
    "network_support": ("float32", "support-weeks", "Informal support used from the network: "
                        "the family's support (0-1) summed over the reported weeks its concern "
                        "was above 'noticeable' (counted every 4 weeks)."),
}

LOOKBACK_DAYS = 364.0
"""A report is a family's first only if the record shows none in at least this long before
(the record starts after warm-up), as in sim.rereports."""
REREPORT_WINDOWS = {"rereported_12m": 365.0, "rereported_24m": 730.0}

YEARLY_EXTRA: dict[str, tuple[str, str]] = {
    "year": ("year", "Reported year (1 = first year after warm-up)."),
    "families": ("count", "Families in the run."),
    "new_first_contacts": ("count", "Families with their first professional contact this year."),
    "orders_in_force_end": ("count", "Families under a supervision order or placement at the "
                            "end of the year."),
    "in_chain_end": ("count", "Families in contact with professionals at the end of the year."),
    "serious_share_mean": ("share", "Mean share of families whose true concern is serious."),
    "prevention_hours": ("hours", "Professional time on prevention (not per family)."),
    "caseload_mean": ("families per caseworker", "Mean caseload of the caseworkers present, "
                      "over every post of the organisations that hold cases (sim.caseworkers)."),
    "caseworker_turnover": ("leavers per post", "Caseworkers who left this year per post."),
    "alliance_at_close_mean": ("0-1 scale", "Mean alliance at the first closures of this "
                               "year (sim.alliance)."),
}

ORGANISATION_YEARLY: dict[str, tuple[str, str]] = {
    "slots": ("count", "Families the organisation can hold at once (staff x caseload)."),
    "arrivals": ("count", "Families put on its waiting list this year."),
    "waitlist_mean": ("families", "Time-averaged waiting-list length."),
    "waitlist_end": ("families", "Waiting-list length at the end of the year."),
    "in_service_end": ("families", "Families holding a slot at the end of the year."),
    "started": ("count", "Families that started service this year."),
    "wait_mean_days": ("days", "Mean wait of those that started this year."),
    "wait_p90_days": ("days", "90th percentile of that wait."),
    "advice": ("count", "Times someone asked here for advice about a family not in contact "
               "with professionals (access points; 0 at organisations)."),
    "reported": ("count", "Reports made here about a family not in contact with professionals "
                 "(access points; 0 at organisations)."),
    "caseload_mean": ("families per caseworker", "Mean caseload of its caseworkers present "
                      "(NaN: it holds no cases with posts of its own)."),
    "caseworker_turnover": ("leavers per post", "Its caseworkers who left this year per post."),
}

COUNT_OUTCOMES = [k for k, (dtype, unit, _) in FAMILY_OUTCOMES.items() if unit == "count"
                  and k not in ("children", "organisations_seen", "professionals_max_at_once")]


@dataclass
class FamilyOutcomes:
    """One array per outcome plus the bookkeeping the outcomes are derived from."""

    arrays: dict[str, np.ndarray]
    seen_mask: np.ndarray  # bit per organisation
    first_noticed: np.ndarray  # day, NaN if never
    first_contact: np.ndarray
    first_help: np.ndarray
    first_close: np.ndarray
    close_good: np.ndarray  # int8: -1 not closed, 0 no, 1 yes
    recurred_day: np.ndarray  # first day concern exceeded recurrence after a good closure

    @classmethod
    def zeros(cls, n: int) -> "FamilyOutcomes":
        arrays = {}
        for name, (dtype, _, _) in FAMILY_OUTCOMES.items():
            if dtype == "boolean" or name in ("children", "days_to_first_contact", "days_to_help",
                                               "trust_at_close", "organisations_seen",
                                               "recurrence_days", "followed_days"):
                continue
            arrays[name] = np.zeros(n, dtype=dtype)
        arrays["alliance_at_close"][:] = np.nan
        arrays["main_supporter"][:] = -1
        # bookkeeping for re-reports: days of the first and second recorded report (a first
        # report within LOOKBACK_DAYS of the record's start is -inf: no cohort)
        arrays["first_report_day"] = np.full(n, np.nan)
        arrays["rereport_day"] = np.full(n, np.nan)
        nan = np.full(n, np.nan)
        return cls(arrays, np.zeros(n, np.int64), nan.copy(), nan.copy(), nan.copy(),
                   nan.copy(), np.full(n, -1, np.int8), nan.copy())

    def __getitem__(self, name: str) -> np.ndarray:
        return self.arrays[name]

    def add(self, name: str, ids: np.ndarray, amount: float | np.ndarray = 1) -> None:
        """Add to an outcome for a set of distinct families."""
        if len(ids):
            self.arrays[name][ids] += amount

    def table(self, end_day: float, trust_at_close: np.ndarray,
              children: np.ndarray) -> pd.DataFrame:
        """One row per family, columns as in FAMILY_OUTCOMES."""
        columns: dict[str, object] = {"family": np.arange(len(self.seen_mask), dtype=np.int32)}
        bits = np.unpackbits(self.seen_mask.view(np.uint8).reshape(-1, 8), axis=1)
        seen = bits.sum(axis=1).astype(np.int16)
        good = self.close_good == 1
        observed = end_day - self.first_close
        for name in FAMILY_OUTCOMES:
            if name == "children":
                columns[name] = children
            elif name == "organisations_seen":
                columns[name] = seen
            elif name == "days_to_first_contact":
                columns[name] = (self.first_contact - self.first_noticed).astype(np.float32)
            elif name == "days_to_help":
                columns[name] = (self.first_help - self.first_contact).astype(np.float32)
            elif name == "recurrence_days":
                columns[name] = np.where(good, self.recurred_day - self.first_close,
                                         np.nan).astype(np.float32)
            elif name == "followed_days":
                columns[name] = observed.astype(np.float32)
            elif name == "trust_at_close":
                columns[name] = trust_at_close.astype(np.float32)
            elif name == "reached_good_enough":
                columns[name] = _yes_no(good, self.close_good >= 0)
            elif name in ("recurred_12m", "recurred_24m"):
                window = 364.0 if name == "recurred_12m" else 728.0
                recurred = (self.recurred_day - self.first_close) <= window
                columns[name] = _yes_no(recurred, good & (observed >= window))
            elif name in ("lasting_24m", "lasting_24m_plan"):
                recurred = (self.recurred_day - self.first_close) <= 728.0
                known = (self.close_good >= 0) & (observed >= 728.0)
                if name == "lasting_24m_plan":
                    known &= self.first_help <= self.first_close
                columns[name] = _yes_no(good & ~recurred, known)
            elif name in REREPORT_WINDOWS:
                columns[name] = self._rereported(end_day, REREPORT_WINDOWS[name])
            else:
                columns[name] = self.arrays[name]
        return pd.DataFrame(columns)


    def report(self, ids: np.ndarray, days: np.ndarray, record_start: float) -> None:
        """Reports about families: the first (in the cohort only if the record shows a year
        before it) and the second."""
        first, again = self.arrays["first_report_day"], self.arrays["rereport_day"]
        new = np.isnan(first[ids])
        first[ids[new]] = np.where(days[new] >= record_start + LOOKBACK_DAYS, days[new],
                                   -np.inf)
        second = ids[~new][np.isnan(again[ids[~new]])]
        again[second] = days[~new][np.isnan(again[ids[~new]])]

    def _rereported(self, end_day: float, window: float) -> pd.arrays.BooleanArray:
        first, again = self.arrays["first_report_day"], self.arrays["rereport_day"]
        known = np.isfinite(first) & (end_day - np.nan_to_num(first, neginf=np.inf) >= window)
        return _yes_no((again - first) <= window, known)


def _yes_no(values: np.ndarray, known: np.ndarray) -> pd.arrays.BooleanArray:
    """Yes/no per family, NA where not known (built directly: no object array)."""
    return pd.arrays.BooleanArray(values & known, ~known)


def outcome_documentation() -> str:
    """Markdown table of every outcome: the one place where outcomes are documented."""
    lines = ["# Outcomes", "",
             "Generated from `sim/outcomes.py` by `python -m sim.outcomes`; do not edit.", "",
             "## Per family (`families.parquet`, one row per family)", "",
             "| column | unit | meaning |", "|---|---|---|"]
    lines += [f"| `{k}` | {u} | {m} |" for k, (_, u, m) in FAMILY_OUTCOMES.items()]
    lines += ["", "## Per year (`yearly.csv`)", "",
              "For every count outcome and for `professional_hours`, `waited_days` and "
              "`network_support`: "
              "`<name>_sum` (total over families, events in that year) and `<name>_per_1000` "
              "(per 1,000 families). Means of the time outcomes are over the families whose "
              "first contact or first help fell in that year: `days_to_first_contact_mean`, "
              "`days_to_help_mean`. Also:", "",
              "| column | unit | meaning |", "|---|---|---|"]
    lines += [f"| `{k}` | {u} | {m} |" for k, (u, m) in YEARLY_EXTRA.items()]
    lines += ["", "## Per organisation and year (`organisations.csv`)", "",
              "| column | unit | meaning |", "|---|---|---|"]
    lines += [f"| `{k}` | {u} | {m} |" for k, (u, m) in ORGANISATION_YEARLY.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    from sim.generated import DOCS, write_or_check

    raise SystemExit(write_or_check(DOCS / "outcomes.md", outcome_documentation(),
                                    "python -m sim.outcomes", None))
