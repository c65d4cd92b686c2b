"""Mistakes in a user's file as one plain sentence: `ScenarioError`, and pydantic's errors
explained by the file, the key, the value given and what is allowed.

Analysts write scenario, experiment and targets files by hand, so a mistake must never come
back as a pydantic dump or a traceback. Keys and limits are looked up in the models' own
declarations (`sim.params`), so a message names the unit and the range a parameter allows.
"""

from __future__ import annotations

import datetime
import json
import math
from typing import Any, Literal, get_args, get_origin

from annotated_types import Ge, Gt, Le, Lt
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from sim.errors import ProjectError
from sim.params import Scenario
from sim.suggest import did_you_mean

RANGE_ERRORS = {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}

Layer = tuple[str, dict[str, Any]]
"""One source of values: its name (file path or OVERRIDES) and its raw table."""


class ScenarioError(ProjectError):
    """A scenario that cannot be used; `str(err)` is one message for a person.

    `source` names the file (or OVERRIDES) at fault, `key` the dotted parameter
    path when one is at fault, so the command line can name its own flag.
    """

    def __init__(self, source: str, problem: str, key: str | None = None) -> None:
        source, problem = _one_line(source), _one_line(problem)
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem
        self.key = key


def explain_error(err: ValidationError, source: str, root: type[BaseModel],
                  prefix: str = "") -> ScenarioError:
    """A pydantic error of any model (`root`) read from the file `source`, as one message
    in the scenario style; `prefix` goes before the keys (e.g. "uncertainties.x.")."""
    return explain(err, [(source, {})], root=root, prefixes={source: prefix})


def describe_allowed(field: FieldInfo) -> str:
    """What validation accepts for a parameter, as in the messages: 'from 0 to 1 (unit)'."""
    return _with_unit(_limits(field.metadata), field)


def explain(err: ValidationError, layers: list[Layer], root: type[BaseModel] = Scenario,
            prefixes: dict[str, str] | None = None) -> ScenarioError:
    """Turn pydantic's first error into one message naming the source, key and what is allowed.

    `prefixes` maps a source to what goes before the keys it is blamed for.
    """
    errors = err.errors()
    # an unknown key usually explains a missing one (a misspelt name): report it first
    first = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    loc = first["loc"]
    source = _source_of(loc, layers)
    prefix = (prefixes or {}).get(source, "")
    key = prefix + ".".join(str(part) for part in loc)
    kind = first["type"]
    given = show(first.get("input"))
    field, annotation = field_at(loc, root)
    ctx = first.get("ctx") or {}
    limits = _limits(field.metadata if field is not None else [], ctx)
    if kind == "extra_forbidden":
        problem = _unknown_key(loc, root, prefix)
    elif kind in RANGE_ERRORS:
        problem = f"{key} = {given} is out of range; allowed {_with_unit(limits, field)}"
    elif kind == "finite_number":
        allowed = f"allowed {_with_unit(limits, field)}" if limits else "give a number"
        problem = f"{key} = {given} is not a finite number; {allowed}"
    elif kind in ("too_short", "string_too_short"):
        problem = f"{key} = {given} is too short; give at least {_count(ctx['min_length'], kind)}"
    elif kind in ("too_long", "string_too_long"):
        problem = f"{key} = {given} is too long; give at most {_count(ctx['max_length'], kind)}"
    elif kind == "literal_error":
        problem = f"{key} = {given} is not allowed; choose one of {_expected(annotation)}"
    elif kind == "missing":
        owner = prefix + ".".join(str(part) for part in loc[:-1]) or source
        what = f" ({field.description.rstrip('.').lower()})" if field and field.description else ""
        missing = "too few items" if isinstance(loc[-1], int) else f"no {loc[-1]}"
        problem = f"{owner} has {missing}{what}"
    elif kind in ("value_error", "assertion_error"):
        message = first["msg"].split(", ", 1)[-1]
        problem = f"{key} = {given} {message}" if loc else message
    elif annotation is not None and loc:
        expected = _expected(annotation)
        problem = f"{key} = {given} has the wrong type; expected {_with_unit(expected, field)}"
    else:  # anything else pydantic can say, in its own words
        problem = f"{key or prefix.rstrip('.') or 'the file'} = {given}: {first['msg']}"
    if len(errors) > 1:
        problem += f" (and {len(errors) - 1} more)"
    return ScenarioError(source, problem, key)


def field_at(loc: tuple[int | str, ...],
             root: type[BaseModel] = Scenario) -> tuple[FieldInfo | None, Any]:
    """The field declaration and the type at `loc`, walking the model classes from `root`.

    A dict level (access_points) is passed through: its key names a member,
    whose type is the dict's value type; so is a list's index (outcomes.0). An
    optional type (X | None) is X.
    """
    field: FieldInfo | None = None
    annotation: Any = root
    for part in loc:
        annotation = _not_none(annotation)
        if get_origin(annotation) is dict:
            annotation = get_args(annotation)[1]
        elif get_origin(annotation) in (list, tuple) and isinstance(part, int):
            annotation = get_args(annotation)[0]
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field = annotation.model_fields.get(str(part))
            if field is None:
                return None, None
            annotation = field.annotation
        else:
            return None, None
    return field, annotation


def _not_none(annotation: Any) -> Any:
    """X for an optional type X | None, else the type itself."""
    args = get_args(annotation)
    if type(None) in args and len(args) == 2:
        return next(arg for arg in args if arg is not type(None))
    return annotation


def _unknown_key(loc: tuple[int | str, ...], root: type[BaseModel] = Scenario,
                 prefix: str = "") -> str:
    """Name the unknown key and the closest valid one at its level."""
    key = prefix + ".".join(str(part) for part in loc)
    _, parent = field_at(loc[:-1], root)
    parent = _not_none(parent)
    valid = list(parent.model_fields) + (["extends"] if len(loc) == 1 and root is Scenario
                                         else [])
    prefix += ".".join(str(part) for part in loc[:-1] + ("",))
    hint = did_you_mean(str(loc[-1]), valid, f"valid keys here: {', '.join(valid)}", prefix)
    return f"unknown key '{key}'; {hint}"


def _limits(metadata: list[Any], ctx: dict[str, Any] | None = None) -> str:
    """Bounds as words: 'from 1 to 50', 'at least 0', 'above 0.5 and below 1'; from a
    field's declaration (`metadata`) or a pydantic error's context ({'gt': 0}); '' if none."""
    kinds = {Ge: "ge", Gt: "gt", Le: "le", Lt: "lt"}
    bound = dict(ctx or {}) | {kinds[type(m)]: getattr(m, kinds[type(m)])
                         for m in metadata if type(m) in kinds}
    if "ge" in bound and "le" in bound:
        return f"from {_number(bound['ge'])} to {_number(bound['le'])}"
    words = {"ge": "at least", "gt": "above", "le": "at most", "lt": "below"}
    return " and ".join(f"{word} {_number(bound[name])}" for name, word in words.items()
                        if name in bound)


def _count(n: int, kind: str) -> str:
    """'1 character' or '2 entries', as a length error of this kind counts."""
    if kind.startswith("string"):
        return f"{n} character{'' if n == 1 else 's'}"
    return f"{n} {'entry' if n == 1 else 'entries'}"


def _number(x: float) -> str:
    """A bound without a trailing '.0', so 1.0 reads as 1."""
    return str(int(x)) if float(x).is_integer() else str(x)


def _with_unit(text: str, field: FieldInfo | None) -> str:
    """Append the field's unit in brackets, unless it has none."""
    unit = (field.json_schema_extra or {}).get("unit", "-") if field is not None else "-"
    return text if unit == "-" else f"{text} ({unit})"


def _expected(annotation: Any) -> str:
    """What a value of this type looks like in a TOML file."""
    annotation = _not_none(annotation)
    if get_origin(annotation) is Literal:
        return ", ".join(show(choice) for choice in get_args(annotation))
    names = {bool: "true or false", int: "a whole number", float: "a number",
             str: "text in quotes", datetime.date: "a date (2024-12-31)"}
    if annotation in names:
        return names[annotation]
    if get_origin(annotation) in (list, tuple):
        return "a list in [brackets]"
    if get_origin(annotation) is dict or isinstance(annotation, type):
        return "a table of parameters"
    return str(annotation)


def _source_of(loc: tuple[int | str, ...], layers: list[Layer]) -> str:
    """The file (or OVERRIDES) that last set the value at `loc`, i.e. the one to fix."""
    for name, table in reversed(layers):
        node: Any = table
        for part in loc:
            if not isinstance(node, dict) or part not in node:
                break
            node = node[part]
        else:
            return name
    return layers[-1][0] if layers else "default scenario"


def show(value: Any) -> str:
    """A value as it would be written in TOML (strings in double quotes), kept short."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # inf, -inf, nan, as TOML writes them
    text = json.dumps(value, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _one_line(text: str) -> str:
    """`text` with line breaks and other control characters escaped (as in Python), so a
    message is one readable line whatever a key, value or file name holds."""
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)

