"""Writing a file or a folder so that a reader sees the old version or the new one, never half.

These work inside a place the command already owns (sim.outputs: a results folder it
claimed, or a file target it checked); they never decide whether a path may be written.
A temporary name ends in `.opzet-tmp`, so a claim can recognise and remove what a killed
writer left.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

TEMPORARY = ".opzet-tmp"


def replace_file(path: Path, write: Callable[[Path], Any]) -> None:
    """Call `write(tmp)` on a temporary file next to `path`, then rename it into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMPORARY, dir=path.parent)
    os.close(handle)
    tmp = Path(name)
    try:
        write(tmp)
        tmp.chmod(0o644)  # as an ordinary file, not mkstemp's owner-only
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def replace_folder(out_dir: Path, write: Callable[[Path], Any]) -> None:
    """Call `write(folder)` on a fresh temporary folder, then put it in place of `out_dir`
    (a sub-folder of results the command owns, such as details/ or figures/)."""
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=TEMPORARY,
                                dir=out_dir.parent))
    try:
        write(tmp)
        if out_dir.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old.", suffix=TEMPORARY,
                                        dir=out_dir.parent))
            os.replace(out_dir, old / out_dir.name)
            os.replace(tmp, out_dir)
            shutil.rmtree(old)
        else:
            os.replace(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
