"""Read a scenario file (TOML, possibly extending others) into a validated `Scenario`.

Analysts write scenario files by hand, so every mistake must come back as one
plain sentence that names the file and the key, never as a pydantic dump or a
traceback (`sim.input_errors`); each file is read within bounds (`sim.toml_files`).
The parameter definitions themselves live in `sim.params`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import reduce
from pathlib import Path
from typing import Any

from annotated_types import Ge, Le
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from sim.input_errors import Layer, ScenarioError, explain, field_at, show
from sim.params import Scenario
from sim.params.organisations import Organisations
from sim.toml_files import read_toml

OVERRIDES = "overrides"
"""Source name of values given in `load_scenario(overrides=...)` (the command line)."""


def load_scenario(path: str | Path | None = None, overrides: dict | None = None, *,
                  source: str = OVERRIDES, prefix: str = "") -> Scenario:
    """Load a scenario file (None: the built-in default region), then apply `overrides`.

    Files may say `extends = "other.toml"`; tables are merged key by key (the
    extending file wins), lists and values are replaced. Raises ScenarioError.

    `source` names the overrides in messages and `prefix` goes before their keys,
    for files that hold overrides of a scenario: an experiment's design `team`
    is checked with source="experiments/x.toml", prefix="designs.team.".
    """
    layers = _read_chain(Path(path), str(path), []) if path is not None else []
    if overrides is not None:
        if not isinstance(overrides, dict):
            what = f"{prefix.rstrip('.')} must" if prefix else "must"
            raise ScenarioError(source, f"{what} be a table of parameters, got {show(overrides)}")
        layers.append((source, overrides))
    merged = reduce(deep_merge, (table for _, table in layers), {})
    try:
        return Scenario.model_validate(_with_member_defaults(merged))
    except ValidationError as err:
        prefixes = {source: prefix} if overrides is not None and prefix else {}
        raise explain(err, layers, prefixes=prefixes) from None


def read_scenario_table(path: str | Path) -> dict[str, Any]:
    """The raw table of a scenario file with its extends chain merged, not yet validated.

    `load_scenario(None, read_scenario_table(p) + overrides)` is `load_scenario(p,
    overrides)`: a run can carry its whole base scenario instead of a file path.
    """
    layers = _read_chain(Path(path), str(path), [])
    return reduce(deep_merge, (table for _, table in layers), {})


def parameter_field(path: str) -> FieldInfo | None:
    """The declaration of the scenario parameter at a dotted path (None: no such leaf)."""
    field, annotation = field_at(tuple(path.split(".")))
    if field is None or (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
        return None
    return field


def allowed_bounds(field: FieldInfo) -> tuple[float | None, float | None]:
    """The range validation accepts for a parameter (None: open on that side)."""
    low = next((m.ge for m in field.metadata if isinstance(m, Ge)), None)
    high = next((m.le for m in field.metadata if isinstance(m, Le)), None)
    return low, high


def scenario_to_toml_dict(s: Scenario) -> dict[str, Any]:
    """Every parameter of `s` as plain values, to write into a run's manifest.

    Loading this dict again (as a file or as overrides) gives the same scenario.
    """
    return s.model_dump(mode="json")


def _read_chain(path: Path, shown: str, chain: list[tuple[Path, str]]) -> list[Layer]:
    """The layers of `path` and of the files it extends, the most basic first."""
    resolved = path.resolve()
    seen = [p for p, _ in chain]
    if resolved in seen:
        cycle = [name for _, name in chain[seen.index(resolved):]] + [shown]
        raise ScenarioError(chain[-1][1], "circular extends: " + " -> ".join(cycle))
    table = read_toml(path, shown)
    parent = table.pop("extends", None)
    if parent is None:
        return [(shown, table)]
    if not isinstance(parent, str):
        raise ScenarioError(shown, f"extends must be a file name in quotes, got {show(parent)}")
    parent_shown = os.path.normpath(os.path.join(os.path.dirname(shown), parent))
    parent_path = path.parent / parent
    if not parent_path.exists():  # anything else but a file read_toml explains
        raise ScenarioError(shown, f"extends {show(parent)}, but {parent_shown} does not exist")
    return _read_chain(parent_path, parent_shown, chain + [(resolved, shown)]) + [(shown, table)]


def nest(flat: dict[str, Any]) -> dict[str, Any]:
    """Dotted paths to nested tables: {"a.b": 1} -> {"a": {"b": 1}}."""
    out: dict[str, Any] = {}
    for path, value in flat.items():
        node = out
        *groups, last = path.split(".")
        for group in groups:
            node = node.setdefault(group, {})
        node[last] = value
    return out


def deep_merge(base: Mapping[str, Any], child: Mapping[str, Any]) -> dict[str, Any]:
    """`base` with `child` on top: tables merge key by key, anything else is replaced;
    neither is changed."""
    merged = dict(base)
    for key, value in child.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _with_member_defaults(raw: dict[str, Any]) -> dict[str, Any]:
    """Fill access points and organisations from their own defaults before validating.

    pydantic fills a partly given member from its class defaults, so
    `[organisations.court] staff = 3` would silently reset the court's caseload
    to the generic 15, and a single `[access_points.x]` table would drop the
    other default points. The regional team's default is taken before the
    Organisations validator pools staff into it, so pooling still happens.
    """
    points = Scenario.model_fields["access_points"].get_default(call_default_factory=True)
    member_defaults = {
        "access_points": {name: point.model_dump() for name, point in points.items()},
        "organisations": {
            name: field.get_default(call_default_factory=True).model_dump()
            for name, field in Organisations.model_fields.items()
        },
    }
    filled = dict(raw)
    for group, defaults in member_defaults.items():
        if isinstance(raw.get(group), dict):
            filled[group] = deep_merge(defaults, raw[group])
    return filled


__all__ = ["OVERRIDES", "allowed_bounds", "deep_merge", "load_scenario", "parameter_field",
           "read_scenario_table", "scenario_to_toml_dict"]
