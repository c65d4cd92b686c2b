"""The levers of a design as the page's controls, and back: a setting of the controls as the
overrides `compare` runs.

A control shows a lever in the report's words (sim.report.texts, `lever.*`), never a
parameter path. Its choices are the lever's values (sim.params.design), a number its
plausible range; the family centre is the access point of sim.designs. A setting that
equals a built-in design's levers runs under that design's name, so the page and
`opzet compare --designs` give the same numbers for it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, get_args

from sim.designs import CATALOGUE, CURRENT_LEVERS, FAMILY_CENTRE, Design
from sim.params import Scenario
from sim.params.design import Design as DesignLevers
from sim.report.texts import number, text

OWN = "own"
"""The name of a design the page's user made (texts: design.own)."""


@dataclass(frozen=True)
class Lever:
    """One control: a choice among values, a switch, or a number within a range."""

    name: str
    kind: str  # "choice", "switch" or "number"
    choices: tuple[str, ...] = ()  # for a choice
    low: float = math.nan  # for a number: its plausible range
    high: float = math.nan
    step: float = math.nan


def _field(name: str) -> Any:
    return DesignLevers.model_fields[name]


def _choice(name: str) -> Lever:
    return Lever(name, "choice", tuple(get_args(_field(name).annotation)))


def _number(name: str, step: float) -> Lever:
    low, high = _field(name).json_schema_extra["plausible"]
    return Lever(name, "number", low=low, high=high, step=step)


LEVERS = (
    _choice("model"), _choice("review"), Lever("client_support", "switch"),
    _choice("family_oriented"), Lever("family_centre", "switch"),
    _number("conference_intensity", 0.05), _number("prevention_intensity", 0.05),
    _number("capacity_factor", 0.05), _number("aftercare_weeks", 1.0),
)
"""The controls, in the order shown: the categorical levers of every built-in design, the
family centre, and the levers a ministry sets as an amount."""
NUMBERS = tuple(lever.name for lever in LEVERS if lever.kind == "number")


def setting_of(design: Design, base: Scenario) -> dict[str, Any]:
    """The controls as a built-in design sets them on the region `base`."""
    levers = {**CURRENT_LEVERS, **design.levers}
    return {**levers, "family_centre": design.family_centre,
            **{name: getattr(base.design, name) for name in NUMBERS}}


def check(setting: dict[str, Any]) -> str | None:
    """The lever whose value the controls cannot hold (None: every value fits)."""
    for lever in LEVERS:
        value = setting.get(lever.name)
        if lever.kind == "choice" and value not in lever.choices:
            return lever.name
        if lever.kind == "switch" and not isinstance(value, bool):
            return lever.name
        if lever.kind == "number" and not (
                isinstance(value, (int, float)) and not isinstance(value, bool)
                and lever.low - 1e-9 <= value <= lever.high + 1e-9):
            return lever.name
    return None


def overrides(setting: dict[str, Any], base: Scenario) -> dict[str, Any]:
    """The setting as overrides of the region, in the form of a built-in design's: the
    categorical levers always, a number only where it differs from the region's."""
    levers = {name: setting[name] for name in CURRENT_LEVERS}
    levers |= {name: setting[name] for name in NUMBERS
               if not math.isclose(setting[name], getattr(base.design, name))}
    result: dict[str, Any] = {"design": levers}
    if setting["family_centre"]:
        result["access_points"] = {"family_centre": dict(FAMILY_CENTRE)}
    return result


def describe(setting: dict[str, Any], lang: str) -> str:
    """The setting in words: every lever's name and value, as the controls show them."""
    def value(lever: Lever) -> str:
        chosen = setting[lever.name]
        if lever.kind == "number":
            return number(chosen, lang, 2)
        choice = ("on" if chosen else "off") if lever.kind == "switch" else chosen
        return text(f"lever.{lever.name}.{choice}", lang)

    return "; ".join(f"{text(f'lever.{lever.name}', lang)}: {value(lever)}" for lever in LEVERS)


def name_of(setting_overrides: dict[str, Any]) -> str:
    """The built-in design with exactly these overrides, else OWN."""
    return next((design.name for design in CATALOGUE
                 if design.overrides == setting_overrides), OWN)
