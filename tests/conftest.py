"""Shared helpers: small scenarios built the only supported way, through `load_scenario`.

Test modules import them directly (`from conftest import small_model`): pytest puts
this folder on sys.path because it has no __init__.py.

`load_scenario` merges per-organisation and per-access-point defaults before
validating; building `Scenario(...)` directly would silently skip that, so the
tests never do.
"""

from __future__ import annotations

import copy
import hashlib
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from sim.model import ProtectionModel
from sim.params import Scenario
from sim.scenario import load_scenario

SMALL_RUN = {"families": 5000, "years": 2, "warmup_years": 1, "record_events": False}
"""A population and horizon small enough for a test, big enough for every task to happen."""


def merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """`base` with `extra` on top, tables merged key by key (copies, never in place)."""
    out = copy.deepcopy(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def small_scenario(overrides: dict[str, Any] | None = None, *, design: str | None = None,
                   seed: int | None = None, **run: Any) -> Scenario:
    """The default region, shrunk to SMALL_RUN, with `overrides` (nested tables) on top.

    Keyword arguments go into the [run] table (families=, years=, warmup_years=,
    record_events=); `design` and `seed` are shortcuts for design.model and run.seed.
    """
    table: dict[str, Any] = {"run": dict(SMALL_RUN)}
    table = merge(table, overrides or {})
    table = merge(table, {"run": run})
    if seed is not None:
        table = merge(table, {"run": {"seed": seed}})
    if design is not None:
        table = merge(table, {"design": {"model": design}})
    return load_scenario(None, table)


def small_model(overrides: dict[str, Any] | None = None, **kwargs: Any) -> ProtectionModel:
    """A fresh, not yet stepped model of `small_scenario(overrides, **kwargs)`."""
    return ProtectionModel(small_scenario(overrides, **kwargs))


def checksums(folder: Path, leave_out: Path | None = None) -> dict[str, str]:
    """sha256 of every file below `folder` (but in `leave_out`) by relative path: to show a
    folder untouched."""
    return {path: digest for path, digest in listing(folder, leave_out).items()
            if digest is not None}


def listing(folder: Path, leave_out: Path | None = None) -> dict[str, str | None]:
    """Every path below `folder` by relative path: the sha256 of a file, None for a folder
    (so an added empty folder shows too). `leave_out`, a folder below it that another
    process is writing meanwhile, is not looked into."""
    found: dict[str, str | None] = {}
    for here, subfolders, files in os.walk(folder):
        subfolders[:] = [name for name in subfolders if Path(here, name) != leave_out]
        for name in subfolders:
            found[str(Path(here, name).relative_to(folder))] = None
        for name in files:
            path = Path(here, name)
            found[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


# ------------------------------------------------------------------ a browser
CHROMIUM = Path("/usr/bin/chromium")
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"]
"""Headless Chromium that asks nothing of the network by itself (the report's and the
explore page's browser tests)."""


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Chromium from the Debian package, installed here when missing and we may."""
    if not CHROMIUM.exists():
        if not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("apt-get"):
            pytest.skip("Chromium is not installed (/usr/bin/chromium) and this user cannot "
                        "install it: apt-get install chromium")
        install = ["apt-get", "install", "-y", "-q", "chromium"]
        if subprocess.run(install, capture_output=True).returncode != 0:
            subprocess.run(["apt-get", "update", "-q"], capture_output=True)
            done = subprocess.run(install, capture_output=True, text=True)
            if done.returncode != 0:
                pytest.skip(f"could not install Chromium: {done.stderr.strip()[-300:]}")
    return CHROMIUM
