"""Read a calibration targets file (TOML) into a validated `TargetsFile`.

A targets file lists public figures the baseline should reproduce, one table each:

    [targets.vt_reports_2021]
    value = 119_380
    unit = "reports per year"
    year = 2021
    scale = "national per year"
    tolerance = 0.2
    source = "CBS, Veilig Thuis half-year figures 2021 H1 + H2"
    simulated = "yearly:reported_sum"

`simulated` names the outcome of a run it is compared with: `yearly:<column>` of
yearly.csv, or `organisation:<name>:<column>` of organisations.csv. The model counts
families; a figure that counts children says `children_of = "<count>"`, and the
simulated count is multiplied by the mean number of children of the families with
that count (families.parquet) in the run. `fit = false` keeps a figure beside the fit for
reference, with `why_not_fitted` saying why (the model counts something else). Mistakes come
back as one-line `ScenarioError`s in the scenario style (file, dotted key, value,
what is allowed).
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, ValidationInfo, field_validator

from sim.input_errors import explain_error
from sim.outcomes import COUNT_OUTCOMES, ORGANISATION_YEARLY, YEARLY_EXTRA
from sim.params import Scenario
from sim.params.base import UserInput
from sim.params.organisations import Organisations
from sim.suggest import did_you_mean
from sim.toml_files import read_toml

Unit = Literal[
    "advice cases per year", "reports per year", "investigations per year",
    "requests per year", "orders per year", "orders on a date", "children waiting on a date",
]
"""Units of the figures in CALIBRATION_FACTS.md; a flow is 'per year', a stock 'on a date'."""

Scale = Literal["national per year", "national on a date", "regional per year",
                "regional on a date"]
"""Whose figure it is (the whole country, or one region) and whether it is a flow or a stock."""


def yearly_columns() -> list[str]:
    """Every column of yearly.csv that a target can name."""
    sums = [f"{name}{suffix}" for name in COUNT_OUTCOMES + ["professional_hours", "waited_days"]
            for suffix in ("_sum", "_per_1000")]
    return sums + list(YEARLY_EXTRA) + ["days_to_first_contact_mean", "days_to_help_mean"]


def organisation_names() -> list[str]:
    """Organisations and default access points that appear in organisations.csv."""
    points = Scenario.model_fields["access_points"].get_default(call_default_factory=True)
    return list(Organisations.model_fields) + list(points)


def check_simulated(name: str) -> str:
    """`name` if it names a simulated outcome, else ValueError saying what is allowed."""
    kind, _, rest = name.partition(":")
    if kind == "yearly":
        return _check_member(name, rest, yearly_columns(), "a yearly.csv column")
    if kind == "organisation":
        org, _, column = rest.partition(":")
        _check_member(name, org, organisation_names(), "an organisation")
        return _check_member(name, column, list(ORGANISATION_YEARLY),
                             "an organisations.csv column")
    raise ValueError("is not a simulated outcome; write \"yearly:<column>\" or "
                     "\"organisation:<name>:<column>\"")


def _check_member(whole: str, part: str, valid: list[str], what: str) -> str:
    if part in valid:
        return whole
    hint = did_you_mean(part, valid, f"choose one of {', '.join(valid)}")
    raise ValueError(f"names no known outcome: '{part}' is not {what}; {hint}")


class Target(UserInput):
    """One public figure and the simulated outcome it is compared with."""

    value: float = Field(ge=0, description="The figure as its source states it.")
    unit: Unit
    year: int = Field(ge=1990, le=2100, description="Year the figure belongs to.")
    date: datetime.date | None = Field(default=None, description="Day of a stock figure.")
    scale: Scale
    tolerance: float = Field(ge=0, le=1, description="Accepted relative deviation.")
    source: str = Field(min_length=1, description="Where the figure comes from.")
    simulated: str = Field(description="yearly:<column> or organisation:<name>:<column>.")
    children_of: str | None = Field(
        default=None, description="The figure counts children: weigh the simulated families "
        "by the children of families with this count (a families.parquet count column).")
    fit: bool = Field(default=True, description="false: shown beside the run for reference, "
                      "not fitted (the model does not tell this figure apart).")
    why_not_fitted: str | None = Field(
        default=None, min_length=1, description="With fit = false: why, in a few words "
        "(shown in the why_not column of targets.csv).")

    @field_validator("source")
    @classmethod
    def _source_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("is empty; say where the figure comes from")
        return value

    @field_validator("simulated")
    @classmethod
    def _known_outcome(cls, value: str) -> str:
        return check_simulated(value)

    @field_validator("why_not_fitted")
    @classmethod
    def _reason_only_when_not_fitted(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None and info.data.get("fit", True):
            raise ValueError("is only for a figure with fit = false")
        return value

    @field_validator("children_of")
    @classmethod
    def _known_count(cls, value: str | None) -> str | None:
        return value if value is None else _check_member(value, value, COUNT_OUTCOMES,
                                                         "a families.parquet count")


class TargetsFile(UserInput):
    """A whole targets file."""

    description: str = ""
    targets: dict[str, Target] = Field(min_length=1)


def load_targets(path: str | Path) -> TargetsFile:
    """Read and validate a targets file; every mistake is a one-line ScenarioError."""
    shown = str(path)
    table = read_toml(path, shown)
    try:
        return TargetsFile.model_validate(table)
    except ValidationError as err:
        raise explain_error(err, shown, TargetsFile) from None
