"""The core tasks a family can be at, one at a time: the chain position that the model
moves families along and that journeys and outcomes read."""

from __future__ import annotations

from enum import IntEnum


class Stage(IntEnum):
    """Where a family is in the chain (one at a time); `waiting` says if it is on a list."""

    NONE = 0
    ACCESS = 1
    INVESTIGATION = 2
    FOLLOWUP = 3
    REVIEW = 4
    COURT = 5
    PLAN = 6
