"""The "did you mean" of every message about an unknown name (a key, an outcome, a design,
a parameter): one closeness rule, one wording."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(name: str, choices: Iterable[str]) -> str | None:
    """The choice a typo of `name` most likely meant; None when none is close."""
    close = difflib.get_close_matches(name, list(choices), n=1)
    return close[0] if close else None


def did_you_mean(name: str, choices: Iterable[str], otherwise: str, prefix: str = "") -> str:
    """"did you mean 'X'?" (X the closest choice, after `prefix`), else `otherwise` (such
    as the list of choices)."""
    match = closest(name, choices)
    return f"did you mean '{prefix}{match}'?" if match else otherwise
