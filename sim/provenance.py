"""What every results folder's manifest says about how it was made: the code (commit and
package versions) and when. One place, so all results can be traced the same way."""

from __future__ import annotations

import platform
import subprocess
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

PACKAGES = ("opzet", "mesa", "numpy", "scipy", "pandas", "pyarrow", "pydantic", "dask",
            "distributed")


def now() -> str:
    """The time now, in UTC, to the second (ISO 8601)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def provenance(started: str, ended: str | None = None) -> dict[str, Any]:
    """Packages, commit, start and end (default: now) for a manifest."""
    return {"packages": package_versions(), "git_commit": git_commit(),
            "started": started, "ended": ended or now()}


def package_versions() -> dict[str, str]:
    """Versions of Python and the packages results depend on."""
    versions = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def git_commit() -> str | None:
    """The commit of the code that ran ('+changes' when the tree was dirty); None outside git."""
    root = Path(__file__).resolve().parent.parent
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True,
                                text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=root, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return commit + ("+changes" if dirty.strip() else "")
