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
    "emergency_placement", "handoff_turnover", "long_term_placement", "reported",
    "asked_advice", "aftercare_return",
)
DECISION_CODE = {name: code for code, name in enumerate(DECISIONS)}


class Record:
    """Append-only columns: day, family, organisation, decision, facts, opinion, dispute,
    and the tie (another family) who noticed and acted, -1 where none did."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._chunks: list[tuple[np.ndarray, ...]] = []

    def add(self, day: float | np.ndarray, families: np.ndarray, organisation: int | np.ndarray,
            decision: str, facts: np.ndarray, opinion: np.ndarray | None = None,
            disputed: np.ndarray | None = None, tie: np.ndarray | None = None) -> None:
        """Record one decision for a set of families.

        `facts` are the incidents on file (police calls, acute crises, confirmed
        investigations): what the organisation treats as established. `opinion`
        is the professional's judgement of concern (NaN where none was formed).
        """
        if not self.enabled or len(families) == 0:
            return
        # kept as given (fresh arrays or scalars); expanded and typed once, in `table`
        self._chunks.append((day, families, organisation, DECISION_CODE[decision], facts,
                             np.nan if opinion is None else opinion,
                             False if disputed is None else disputed,
                             -1 if tie is None else tie))

    def table(self, organisation_names: list[str]) -> pd.DataFrame:
        """All records, ordered by day then by the order they were made."""
        names = ["day", "family", "organisation", "decision", "facts_on_file",
                 "perceived_concern", "family_disputes", "tie"]
        if not self._chunks:
            return pd.DataFrame({k: [] for k in names})
        dtypes = (np.float32, np.int32, np.int16, np.int16, np.int16, np.float32, bool,
                  np.int32)
        sizes = np.array([len(chunk[1]) for chunk in self._chunks])
        cols = [_column(parts, sizes, dtype)
                for parts, dtype in zip(zip(*self._chunks, strict=True), dtypes, strict=True)]
        frame = pd.DataFrame(dict(zip(names, cols)))
        frame["organisation"] = pd.Categorical.from_codes(frame["organisation"],
                                                          organisation_names)
        frame["decision"] = pd.Categorical.from_codes(frame["decision"], list(DECISIONS))
        return frame.sort_values("day", kind="stable").reset_index(drop=True)


def _column(values: tuple, sizes: np.ndarray, dtype: type) -> np.ndarray:
    """One column from chunks that are each a single value or one value per family."""
    per_family = [isinstance(v, np.ndarray) and v.ndim > 0 for v in values]
    if all(per_family):
        return np.concatenate(values).astype(dtype, copy=False)
    column = np.repeat(np.array([0 if many else v for v, many in zip(values, per_family,
                                                                     strict=True)],
                                dtype=dtype), sizes)
    if any(per_family):  # all per-family values at once, cast to the column's type
        column[np.repeat(per_family, sizes)] = np.concatenate(
            [v for v, many in zip(values, per_family, strict=True) if many])
    return column
