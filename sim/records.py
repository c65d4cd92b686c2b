"""The record of every step per family (core task 10): date, organisation, decision,
what was treated as fact and what as opinion.

Kept as growing columns (not Python objects per event) so a national run can
record millions of steps.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

DECISIONS = (
    "first_contact", "advice_only", "voluntary_help", "investigate", "not_confirmed",
    "help_refused", "followup", "conference_agreement", "review", "court_request",
    "request_withdrawn", "order_supervision", "order_placement", "order_other",
    "order_rejected", "order_extended", "order_ended", "closed_good_enough",
    "closed_max_duration", "dropout_closed", "escalated", "emergency_action",
    "emergency_placement", "handoff_turnover",
)
DECISION_CODE = {name: code for code, name in enumerate(DECISIONS)}


class Record:
    """Append-only columns: day, family, organisation, decision, facts, opinion, dispute."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._chunks: list[tuple[np.ndarray, ...]] = []

    def add(self, day: float | np.ndarray, families: np.ndarray, organisation: int | np.ndarray,
            decision: str, facts: np.ndarray, opinion: np.ndarray | None = None,
            disputed: np.ndarray | None = None) -> None:
        """Record one decision for a set of families.

        `facts` are the incidents on file (police calls, acute crises, confirmed
        investigations): what the organisation treats as established. `opinion`
        is the professional's judgement of concern (NaN where none was formed).
        """
        n = len(families)
        if not self.enabled or n == 0:
            return
        self._chunks.append((
            np.broadcast_to(np.asarray(day, dtype=np.float32), (n,)).copy(),
            families.astype(np.int32),
            np.broadcast_to(np.asarray(organisation, dtype=np.int16), (n,)).copy(),
            np.full(n, DECISION_CODE[decision], dtype=np.int16),
            facts.astype(np.int16),
            (np.full(n, np.nan, np.float32) if opinion is None
             else opinion.astype(np.float32)),
            (np.zeros(n, bool) if disputed is None else disputed.astype(bool)),
        ))

    def table(self, organisation_names: list[str]) -> pd.DataFrame:
        """All records, ordered by day then by the order they were made."""
        names = ["day", "family", "organisation", "decision", "facts_on_file",
                 "perceived_concern", "family_disputes"]
        if not self._chunks:
            return pd.DataFrame({k: [] for k in names})
        cols = [np.concatenate(parts) for parts in zip(*self._chunks)]
        frame = pd.DataFrame(dict(zip(names, cols)))
        frame["organisation"] = pd.Categorical.from_codes(frame["organisation"],
                                                          organisation_names)
        frame["decision"] = pd.Categorical.from_codes(frame["decision"], list(DECISIONS))
        return frame.sort_values("day", kind="stable").reset_index(drop=True)
