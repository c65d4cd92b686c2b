"""Read one TOML file a person gave, bounded so that no file given by mistake can hang or
exhaust the program, and every way it can be unreadable is one `ScenarioError`."""

from __future__ import annotations

import os
import re
import stat
import tomllib
from pathlib import Path
from typing import Any

from sim.input_errors import ScenarioError

MAX_FILE_MIB = 4
"""Largest TOML file read: far above any real scenario, and a file is read whole."""
MAX_DEPTH = 64
"""Deepest nesting of tables and arrays read (a scenario needs about 5): deeper would only
exhaust the stack of the code that walks the table."""


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


def _syntax_problem(err: tomllib.TOMLDecodeError) -> str:
    """tomllib says 'reason (at line L, column C)'; put the place first."""
    match = re.fullmatch(r"(.*) \((at .*)\)", str(err), flags=re.DOTALL)
    if match is None:
        return f"TOML syntax error: {err}"
    reason, place = match.groups()
    return f"TOML syntax error {place}: {reason}"

