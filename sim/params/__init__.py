"""Every parameter of the model, defined once: unit, default, plausible range and source.

A scenario file is validated against these models (unknown keys are refused),
`opzet params` prints them and `docs/parameters.md` is generated from them.
Rates are per week because the model steps one week at a time; a year is 52
weeks. "assumption" marks a value no public figure pins down: the plausible
range is what sensitivity analysis varies.

Shorthand in sources: CF = ../shared/CALIBRATION_FACTS.md.
"""

from __future__ import annotations

from pydantic import Field

from sim.params.alliance import Alliance
from sim.params.assumptions import DesignAssumptions
from sim.params.base import P, Strict, Table
from sim.params.calibration import Calibration
from sim.params.caseworkers import Caseworkers
from sim.params.decisions import Decisions, Help, Trust
from sim.params.design import Design
from sim.params.mechanisms import Mechanisms
from sim.params.network import Network, Noticing
from sim.params.organisations import AccessPoint, Organisations, default_access_points
from sim.params.population import Concern, Population, Problems
from sim.params.run import Run


class Scenario(Strict):
    """A whole scenario: every group of parameters, each filled with its defaults."""

    name: str = P("default region", "-", None, "-", "Readable name of the scenario.")
    description: str = P("", "-", None, "-", "What this scenario is about.")
    run: Run = Table(Run)
    population: Population = Table(Population)
    problems: Problems = Table(Problems)
    concern: Concern = Table(Concern)
    network: Network = Table(Network)
    noticing: Noticing = Table(Noticing)
    access_points: dict[str, AccessPoint] = Field(
        default_factory=default_access_points,
        description="Access points by name; add one to model more or friendlier access.")
    organisations: Organisations = Table(Organisations)
    decisions: Decisions = Table(Decisions)
    trust: Trust = Table(Trust)
    help: Help = Table(Help)
    design: Design = Table(Design)
    assumptions: DesignAssumptions = Table(DesignAssumptions)
    mechanisms: Mechanisms = Table(Mechanisms)
    calibration: Calibration = Table(Calibration)
    caseworkers: Caseworkers = Table(Caseworkers)
    alliance: Alliance = Table(Alliance)
