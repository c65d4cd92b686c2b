"""How a parameter is declared, and the strict base models every user's input is checked with.

Each group module of `sim.params` declares its parameters with `P` (default, unit,
plausible range, source, meaning) and nests groups with `Table`; `sim.paramdocs` and
the scenario messages read that metadata back.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


def P(
    default: Any,
    unit: str,
    plausible: tuple[float, float] | None,
    source: str,
    doc: str,
    *,
    allowed: tuple[float | None, float | None] = (None, None),
    relative: bool = False,
) -> Any:
    """Declare one parameter: default, unit, plausible range, source and meaning.

    `plausible` is the range sensitivity analysis samples; with `relative` it is
    a pair of multipliers of the default, for groups (organisations, access
    points) whose members have different defaults. `allowed` is what validation
    accepts (wider: the model still runs there).
    """
    low, high = allowed
    return Field(
        default,
        ge=low,
        le=high,
        description=doc,
        json_schema_extra={
            "unit": unit,
            "plausible": list(plausible) if plausible else None,
            "relative": relative,
            "source": source,
        },
    )


def Table(model: type[BaseModel]) -> Any:
    """A nested group of parameters, filled with its defaults when absent."""
    return Field(default_factory=model)


PROB = (0.0, 1.0)
NONNEG = (0.0, None)


class UserInput(BaseModel):
    """Base of every model a user's file or flag is checked against (scenarios, experiments,
    sensitivity settings, targets).

    Unknown keys are errors. Types are strict, so `families = "300"`, `years = true` or a
    probability of `true` are refused rather than quietly converted (an int is still a
    number, as TOML users write `noise_sd = 1`). Numbers must be finite: TOML reads `inf`,
    `nan` and `1e400` as floats that no parameter can mean and the model cannot run with.
    """

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)


class Strict(UserInput):
    """Base for parameter groups: also checked when code assigns to them."""

    model_config = ConfigDict(validate_assignment=True)

