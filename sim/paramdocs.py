"""The parameter table: one row per parameter, from the definitions in `sim.params`.

`python -m sim.paramdocs` writes docs/parameters.md, so the documentation can
never drift from the code; `--check` fails (exit 1) when the file is stale,
for CI and the tests.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from sim.generated import DOCS, write_or_check
from sim.params import Scenario

DOC_PATH = DOCS / "parameters.md"
NOT_PARAMETERS = ("name", "description", "calibration")
"""Top-level keys of a scenario that are not model parameters (calibration: docs/calibration.md)."""


def parameter_rows(scenario: Scenario | None = None) -> list[dict[str, Any]]:
    """One row per leaf parameter of `scenario` (default: the built-in region).

    Keys: path, default (the scenario's value), unit, low, high (absolute
    plausible range, None without one), source, meaning. Relative ranges are
    turned into absolute ones by multiplying the member's own value.
    """
    scenario = scenario if scenario is not None else Scenario()
    rows: list[dict[str, Any]] = []
    for name in type(scenario).model_fields:
        if name not in NOT_PARAMETERS:
            rows.extend(_rows(getattr(scenario, name), name))
    return rows


def _rows(value: Any, path: str) -> list[dict[str, Any]]:
    """Rows of a group (a model or a dict of models such as access_points)."""
    if isinstance(value, dict):
        return [row for key, member in value.items() for row in _rows(member, f"{path}.{key}")]
    rows = []
    for name, field in type(value).model_fields.items():
        item = getattr(value, name)
        if isinstance(item, (BaseModel, dict)):
            rows.extend(_rows(item, f"{path}.{name}"))
            continue
        extra = field.json_schema_extra or {}
        low, high = extra.get("plausible") or (None, None)
        if low is not None and extra.get("relative"):
            low, high = _clean(low * item), _clean(high * item)
        rows.append({
            "path": f"{path}.{name}",
            "default": item,
            "unit": extra.get("unit"),
            "low": low,
            "high": high,
            "source": extra.get("source"),
            "meaning": field.description,
        })
    return rows


def _clean(x: float) -> float:
    """Drop floating-point noise from a product (6.0 * 0.7 is 4.199999...)."""
    return float(f"{x:.12g}")


def format_value(value: Any) -> str:
    """A value as a person reads it in a table: TOML spelling for booleans."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def format_range(row: dict[str, Any]) -> str:
    """The plausible range of a row, 'low – high', or empty without one."""
    if row["low"] is None:
        return ""
    return f"{format_value(row['low'])} – {format_value(row['high'])}"


def markdown() -> str:
    """The whole parameter document: a title, how it is made, then one table per group."""
    scenario = Scenario()
    lines = [
        "# Parameters",
        "",
        "This file is generated from the package `sim/params/` by `python -m sim.paramdocs`; do "
        "not edit it by hand. Each row is one parameter of the built-in default region (45,000 "
        "families), written in a scenario file as `[group]` then `key = value`. The plausible "
        "range is what sensitivity analysis varies; for organisations and access points it is a "
        "multiple of each member's own default, shown here in absolute values. \"assumption\" "
        "marks a value no public figure pins down; CF is `CALIBRATION_FACTS.md`.",
    ]
    rows = parameter_rows(scenario)
    for group, field in Scenario.model_fields.items():
        if group in NOT_PARAMETERS:
            continue
        value = getattr(scenario, group)
        about = field.description if isinstance(value, dict) else type(value).__doc__
        lines += ["", f"## {group}", "", " ".join((about or "").split("\n\n")[0].split()), ""]
        lines += ["| Parameter | Default | Unit | Plausible range | Source | Meaning |",
                  "|---|---|---|---|---|---|"]
        for row in rows:
            if row["path"].startswith(group + "."):
                cells = [f"`{row['path']}`", format_value(row["default"]), row["unit"],
                         format_range(row), row["source"], row["meaning"]]
                lines.append("| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write docs/parameters.md, or with --check report whether it is up to date."""
    return write_or_check(DOC_PATH, markdown(), "python -m sim.paramdocs", argv)


if __name__ == "__main__":
    raise SystemExit(main())
