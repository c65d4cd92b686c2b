"""Read a scenario file (TOML, possibly extending others) into a validated `Scenario`.

Analysts write scenario files by hand, so every mistake must come back as one
plain sentence that names the file and the key, never as a pydantic dump or a
traceback. The parameter definitions themselves live in `sim.params`.
"""

from __future__ import annotations

import datetime
import json
import math
import os
import re
import stat
import tomllib
from collections.abc import Mapping
from functools import reduce
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from annotated_types import Ge, Gt, Le, Lt
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from sim.params import Organisations, Scenario
from sim.suggest import did_you_mean

OVERRIDES = "overrides"
"""Source name of values given in `load_scenario(overrides=...)` (the command line)."""

RANGE_ERRORS = {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}

MAX_FILE_MIB = 4
"""Largest TOML file read: far above any real scenario, and a file is read whole."""
MAX_DEPTH = 64
"""Deepest nesting of tables and arrays read (a scenario needs about 5): deeper would only
exhaust the stack of the code that walks the table."""

Layer = tuple[str, dict[str, Any]]
"""One source of values: its name (file path or OVERRIDES) and its raw table."""


class ScenarioError(Exception):
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
            raise ScenarioError(source, f"{what} be a table of parameters, got {_show(overrides)}")
        layers.append((source, overrides))
    merged = reduce(deep_merge, (table for _, table in layers), {})
    try:
        return Scenario.model_validate(_with_member_defaults(merged))
    except ValidationError as err:
        prefixes = {source: prefix} if overrides is not None and prefix else {}
        raise _explain(err, layers, prefixes=prefixes) from None


def read_toml(path: str | Path, shown: str | None = None) -> dict[str, Any]:
    """One TOML file as a table; every way it can be unreadable is a ScenarioError.

    `shown` is how messages name the file (default: `path` as given). Reading is
    bounded, so no file given by mistake can hang or exhaust the program: only a
    regular file is opened (a pipe or a device such as /dev/zero could block or never
    end), at most MAX_FILE_MIB are read, and tables and arrays nest MAX_DEPTH deep at most.
    """
    shown = str(path) if shown is None else shown
    limit = MAX_FILE_MIB * 1024 * 1024
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            raise ScenarioError(shown, "is a folder, not a file")
        if not stat.S_ISREG(mode):
            raise ScenarioError(shown, "is not a regular file (a pipe, socket or device); "
                                "give a TOML file")
        with Path(path).open("rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise ScenarioError(shown, "no such file") from None
    except OSError as err:
        raise ScenarioError(shown, f"cannot read the file ({err.strerror})") from None
    except ValueError:  # a name with a NUL character
        raise ScenarioError(shown, "cannot read the file (not a valid file name)") from None
    if len(data) > limit:
        raise ScenarioError(shown, f"the file is larger than {MAX_FILE_MIB} MiB, the most "
                            "read; a scenario, experiment or targets file is far smaller")
    try:
        text = data.decode("utf-8")
        table = tomllib.loads(text)
    except UnicodeDecodeError:
        raise ScenarioError(shown, "not a TOML file (not UTF-8 text)") from None
    except tomllib.TOMLDecodeError as err:
        raise ScenarioError(shown, _syntax_problem(err)) from None
    except RecursionError:  # tomllib parses nested arrays and inline tables recursively
        raise _too_deep(shown, _deep_line(text)) from None
    except ValueError:  # int() refuses more than 4300 digits
        raise ScenarioError(shown, "TOML value cannot be read: a number has more than 4300 "
                            "digits") from None
    deep_key = _deep_key(table)
    if deep_key is not None:
        raise _too_deep(shown, deep_key)
    return table


def _too_deep(shown: str, where: str) -> ScenarioError:
    return ScenarioError(shown, f"{where} nests tables or arrays too deeply; at most "
                         f"{MAX_DEPTH} levels are read", where)


def _deep_key(table: dict[str, Any]) -> str | None:
    """The key (shortened) under which `table` nests deeper than MAX_DEPTH, or None.

    Walked with a list, not recursion, so any depth tomllib returns can be checked."""
    stack: list[tuple[Any, tuple[str, ...]]] = [(table, ())]
    while stack:
        node, path = stack.pop()
        if len(path) > MAX_DEPTH:
            return ".".join(path[:3]) + "..."
        children = node.items() if isinstance(node, dict) else \
            enumerate(node) if isinstance(node, list) else ()
        stack.extend((child, path + (str(key),)) for key, child in children)
    return None


def _deep_line(text: str) -> str:
    """Where brackets first open more than MAX_DEPTH deep, as "key (line N)": tomllib gives
    no place when it runs out of stack. Brackets in strings are counted too: a hint only."""
    depth = 0
    for number, line in enumerate(text.split("\n"), 1):
        for char in line:
            depth += (char in "[{") - (char in "]}")
            if depth > MAX_DEPTH:
                key = line.split("=", 1)[0].strip()[:40] if "=" in line else ""
                return f"{key} (line {number})" if key else f"line {number}"
    return "the file"


def read_scenario_table(path: str | Path) -> dict[str, Any]:
    """The raw table of a scenario file with its extends chain merged, not yet validated.

    `load_scenario(None, read_scenario_table(p) + overrides)` is `load_scenario(p,
    overrides)`: a run can carry its whole base scenario instead of a file path.
    """
    layers = _read_chain(Path(path), str(path), [])
    return reduce(deep_merge, (table for _, table in layers), {})


def explain_error(err: ValidationError, source: str, root: type[BaseModel],
                  prefix: str = "") -> ScenarioError:
    """A pydantic error of any model (`root`) read from the file `source`, as one message
    in the scenario style; `prefix` goes before the keys (e.g. "uncertainties.x.")."""
    return _explain(err, [(source, {})], root=root, prefixes={source: prefix})


def parameter_field(path: str) -> FieldInfo | None:
    """The declaration of the scenario parameter at a dotted path (None: no such leaf)."""
    field, annotation = _field_at(tuple(path.split(".")))
    if field is None or (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
        return None
    return field


def allowed_bounds(field: FieldInfo) -> tuple[float | None, float | None]:
    """The range validation accepts for a parameter (None: open on that side)."""
    low = next((m.ge for m in field.metadata if isinstance(m, Ge)), None)
    high = next((m.le for m in field.metadata if isinstance(m, Le)), None)
    return low, high


def describe_allowed(field: FieldInfo) -> str:
    """What validation accepts for a parameter, as in the messages: 'from 0 to 1 (unit)'."""
    return _with_unit(_limits(field.metadata), field)


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
        raise ScenarioError(shown, f"extends must be a file name in quotes, got {_show(parent)}")
    parent_shown = os.path.normpath(os.path.join(os.path.dirname(shown), parent))
    parent_path = path.parent / parent
    if not parent_path.exists():  # anything else but a file read_toml explains
        raise ScenarioError(shown, f"extends {_show(parent)}, but {parent_shown} does not exist")
    return _read_chain(parent_path, parent_shown, chain + [(resolved, shown)]) + [(shown, table)]


def _syntax_problem(err: tomllib.TOMLDecodeError) -> str:
    """tomllib says 'reason (at line L, column C)'; put the place first."""
    match = re.fullmatch(r"(.*) \((at .*)\)", str(err), flags=re.DOTALL)
    if match is None:
        return f"TOML syntax error: {err}"
    reason, place = match.groups()
    return f"TOML syntax error {place}: {reason}"


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


def _explain(err: ValidationError, layers: list[Layer], root: type[BaseModel] = Scenario,
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
    given = _show(first.get("input"))
    field, annotation = _field_at(loc, root)
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


def _field_at(loc: tuple[int | str, ...],
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
    _, parent = _field_at(loc[:-1], root)
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
        return ", ".join(_show(choice) for choice in get_args(annotation))
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


def _show(value: Any) -> str:
    """A value as it would be written in TOML (strings in double quotes), kept short."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # inf, -inf, nan, as TOML writes them
    text = json.dumps(value, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _one_line(text: str) -> str:
    """`text` with line breaks and other control characters escaped (as in Python), so a
    message is one readable line whatever a key, value or file name holds."""
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)

