"""Where a command may write, and how, so that no command ever destroys a user's file.

Every command that writes results (run, compare, batch, sensitivity, calibrate,
report) claims its target first, before any work starts:

- a folder target may be a new path, an empty folder, or a folder that the same
  command wrote before: it holds the marker `.opzet.json` (written only here)
  naming that command's kind, its manifest says the same kind, and it holds no
  file the marker does not list. Anything else (a file, a folder with other
  content, the current folder, the command's own input, a place that cannot be
  written) is refused with one line (`OutputError`), and no flag overrides that;
- a single-file target (a report, a fitted scenario) may be a new path or a file
  that carries the signature of the command that writes it;
- a lock file beside the target (`.NAME.opzet-lock`, held with flock, so it is
  free the moment its holder dies) refuses a second writer with a line naming
  the first, and lets the holder clean what killed writers left behind.

Results are built in a folder beside the target and swapped in whole (one atomic
exchange where the system has renameat2, else two renames that the next claim
repairs), so the earlier results stay until the new ones are complete.

    with claim(out_dir, "compare", inputs=[scenario]) as out:   # refused here
        result = ...                                            # the work
        out.build(lambda folder: write_into(folder))            # swapped in whole
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import json
import os
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from sim.atomic import TEMPORARY, replace_file
from sim.input_errors import ScenarioError

MARKER = ".opzet.json"
"""In every results folder opzet wrote: its kind and every file it holds."""
TOOL = "opzet"


class Interrupted(KeyboardInterrupt):
    """A command stopped by Ctrl-C; `str(err)` says what it kept and how to go on."""


class OutputError(ScenarioError):
    """A target a command may not write to; `str(err)` is one line for a person."""

    def __init__(self, flag: str, target: Path | str, problem: str) -> None:
        super().__init__(f"{flag} {target}".strip(), problem)


def sibling(target: Path, role: str) -> Path:
    """The hidden path beside `target` that plays `role` (lock, partial, new, old)."""
    return target.with_name(f".{target.name}.opzet-{role}")


def read_marker(folder: Path) -> dict[str, Any] | None:
    """The marker of a folder opzet wrote; None when there is none or it is not ours."""
    try:
        marker = json.loads((folder / MARKER).read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(marker, dict) or marker.get("tool") != TOOL \
            or not isinstance(marker.get("files"), list):
        return None
    return marker


def write_marker(folder: Path, kind: str, files: Iterable[str]) -> None:
    """Mark `folder` as results of `kind` that hold exactly `files` (paths inside it)."""
    text = json.dumps({"tool": TOOL, "kind": kind, "files": sorted(set(files))}, indent=1)
    replace_file(folder / MARKER, lambda tmp: tmp.write_text(text))


def register(folder: Path, files: Iterable[str]) -> None:
    """Add files a later command (the report) writes into a results folder to its marker,
    before writing them, so the folder never holds a file its marker does not list."""
    marker = read_marker(folder)
    if marker is not None:
        write_marker(folder, marker["kind"], [*marker["files"], *files])


def files_in(folder: Path) -> list[str]:
    """Every file and link below `folder` (paths relative to it), the marker excepted."""
    found = []
    for entry in os.scandir(folder):
        if entry.is_dir(follow_symlinks=False):
            found += [f"{entry.name}/{name}" for name in files_in(Path(entry.path))]
        elif entry.name != MARKER:
            found.append(entry.name)
    return found


# ------------------------------------------------------------------ the rules
def check_folder(target: Path, kind: str, inputs: Iterable[Path | str] = (),
                 flag: str = "--out") -> None:
    """Refuse (OutputError) a folder target that `kind` may not write; writes nothing."""
    _check_place(target, inputs, flag)
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise OutputError(flag, target, "exists and is not a folder; give a new folder or "
                          f"an earlier results folder of opzet {kind}")
    if not target.exists() or not any(target.iterdir()):
        return
    marker = read_marker(target)
    if marker is None:
        raise OutputError(flag, target, "is a folder that opzet did not write (no "
                          f"{MARKER}, which results of opzet before December 2026 lack too); "
                          "opzet never replaces it; give a new folder")
    if marker["kind"] != kind or _manifest_kind(target) not in (kind, None):
        raise OutputError(flag, target, f"holds results of opzet {marker['kind']}, not of "
                          f"opzet {kind}; give a new folder or one opzet {kind} wrote")
    listed = set(marker["files"])
    foreign = [name for name in files_in(target) if name not in listed and not _temporary(name)]
    if foreign:
        more = f" and {len(foreign) - 1} more" if len(foreign) > 1 else ""
        raise OutputError(flag, target, f"holds {foreign[0]}{more}, which opzet did not "
                          "write; move it away first or give a new folder")


def check_file(target: Path, signature: bytes, what: str, inputs: Iterable[Path | str] = (),
               flag: str = "--out") -> None:
    """Refuse a single-file target that is not new and does not carry `signature` (the
    mark of the command that writes such files, somewhere in its first or last 64 KiB)."""
    _check_place(target, inputs, flag)
    if target.is_symlink() or (target.exists() and not target.is_file()):
        raise OutputError(flag, target, "exists and is not a file; give a file name")
    if target.exists() and not _signed(target, signature):
        raise OutputError(flag, target, f"exists and is not {what}; opzet never overwrites "
                          "it; give a new file name")


def _check_place(target: Path, inputs: Iterable[Path | str], flag: str) -> None:
    if str(target) in ("", "."):
        raise OutputError(flag, repr(str(target)), "is the current folder; give a folder "
                          "of its own, such as results/NAME")
    here, where = Path.cwd().resolve(), target.resolve()
    if where == here or where in here.parents:
        raise OutputError(flag, target, "is the current folder or holds it; give a folder "
                          "of its own, such as results/NAME")
    for given in inputs:
        source = Path(given).resolve()
        if source == where or where in source.parents:
            raise OutputError(flag, target, f"is or holds this command's input {given}")
    for parent in where.parents:
        if parent.exists():
            if not parent.is_dir():
                raise OutputError(flag, target, f"{parent} is a file, not a folder")
            break


def _manifest_kind(folder: Path) -> str | None:
    try:
        manifest = json.loads((folder / "manifest.json").read_text())
    except (OSError, ValueError):
        return None
    return manifest.get("kind") if isinstance(manifest, dict) else None


def _signed(path: Path, signature: bytes) -> bool:
    size = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(65536)
        handle.seek(max(0, size - 65536))
        return signature in head or signature in handle.read()


# ------------------------------------------------------------------ claiming
class Claim:
    """A target this process holds the lock of, and the ways to put results in it."""

    def __init__(self, target: Path, kind: str, flag: str) -> None:
        self.target, self.kind, self.flag = target, kind, flag

    @property
    def partial(self) -> Path:
        """The folder a resumable command (batch) builds in; it stays after a kill."""
        return sibling(self.target, "partial")

    def build(self, write: Callable[[Path], Any]) -> Path:
        """`write(folder)` into a fresh folder beside the target, marked, then swapped in."""
        staging = sibling(self.target, f"new-{os.getpid()}")
        _remove(staging)
        try:
            staging.mkdir()
            write(staging)
            self._publish(staging)
        except BaseException:
            _remove(staging)
            raise
        return self.target

    def workspace(self, resume: bool) -> Path:
        """The partial folder to build in: kept (or copied from the target's earlier
        results) to resume, else fresh; the target itself is untouched until `publish`."""
        if not resume:
            _remove(self.partial)
        if not self.partial.exists():
            if resume and self.target.is_dir() and read_marker(self.target) is not None:
                shutil.copytree(self.target, self.partial, copy_function=_link_or_copy)
            else:
                self.partial.mkdir()
        _remove_temporaries(self.partial)
        return self.partial

    def publish(self) -> Path:
        """Swap the finished workspace in place of the target."""
        self._publish(self.partial)
        return self.target

    def _publish(self, folder: Path) -> None:
        write_marker(folder, self.kind, files_in(folder))
        try:
            _swap_in(folder, self.target)
        except OSError as err:
            raise OutputError(self.flag, self.target, f"cannot be replaced ({err.strerror}); "
                              "the earlier results there are as they were") from None


_held: dict[Path, Claim] = {}
"""Targets this process holds, so a library call inside a command reuses the claim."""


@contextmanager
def claim(target: Path | str, kind: str, inputs: Iterable[Path | str] = (),
          flag: str = "--out") -> Iterator[Claim]:
    """Check a folder target for `kind`, lock it and repair what killed writers left;
    OutputError (nothing written) when it may not be written or another command holds it."""
    target = Path(target)
    key = target.resolve()
    if key in _held:
        if _held[key].kind != kind:
            raise OutputError(flag, target, f"is being written by opzet {_held[key].kind} "
                              "in this process")
        yield _held[key]
        return
    check_folder(target, kind, inputs, flag)
    with locked(target, flag):
        _repair(target)
        check_folder(target, kind, inputs, flag)  # as it is now that nobody else writes
        _held[key] = Claim(target, kind, flag)
        try:
            yield _held[key]
        finally:
            del _held[key]


@contextmanager
def locked(target: Path, flag: str = "--out") -> Iterator[None]:
    """Hold `.NAME.opzet-lock` beside `target` (parents made if need be, and removed again
    when the lock cannot be had); OutputError naming the holder when another has it."""
    made = _make_parents(target, flag)
    path = sibling(target, "lock")
    for _ in range(10):
        try:
            handle = path.open("a+")
        except OSError as err:
            _remove_made(made)
            raise OutputError(flag, target, f"cannot be written ({err.strerror})") from None
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            _remove_made(made)
            raise OutputError(flag, target, f"is being written by another opzet command "
                              f"({holder}); wait for it or give another folder") from None
        if path.exists() and os.path.samefile(path, handle.fileno()):
            break
        handle.close()  # its holder removed the file as we opened it: take the new one
    else:
        raise OutputError(flag, target, "cannot be locked; try again")
    try:
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}, started {datetime.now():%Y-%m-%d %H:%M}: "
                     f"{' '.join(['opzet', *sys.argv[1:]])}")
        handle.flush()
        yield
    finally:
        path.unlink(missing_ok=True)
        handle.close()
        _remove_made(made)  # those still empty: nothing was written


def _make_parents(target: Path, flag: str) -> list[Path]:
    missing = [p for p in reversed(target.absolute().parents) if not p.exists()]
    try:
        for folder in missing:
            folder.mkdir()
    except OSError as err:
        _remove_made(missing)
        raise OutputError(flag, target, f"cannot be made ({err.strerror})") from None
    return missing


def _remove_made(folders: list[Path]) -> None:
    for folder in reversed(folders):
        try:
            folder.rmdir()
        except OSError:
            pass


def _repair(target: Path) -> None:
    """Under the lock: undo a swap a kill interrupted, and remove killed writers' leftovers
    (the partial folder stays, for --resume)."""
    old = sibling(target, "old")
    if old.exists() and not target.exists():
        os.rename(old, target)
    for leftover in target.parent.glob(f".{target.name}.opzet-*"):
        if leftover.name.split(".opzet-")[-1].startswith(("new-", "old")):
            _remove(leftover)
    if target.is_dir() and read_marker(target) is not None:
        _remove_temporaries(target)


def _remove_temporaries(folder: Path) -> None:
    """Files and folders a killed writer was still writing (sim.atomic)."""
    for name in files_in(folder):
        parts = name.split("/")
        for depth, part in enumerate(parts):
            if part.endswith(TEMPORARY):
                _remove(folder.joinpath(*parts[:depth + 1]))
                break


def _temporary(name: str) -> bool:
    """A path being written (sim.atomic) when its writer was killed."""
    return any(part.endswith(TEMPORARY) for part in name.split("/"))


# ------------------------------------------------------------------ swapping
def _swap_in(folder: Path, target: Path) -> None:
    """Put `folder` where `target` is; `folder` is gone afterwards, as is the old target."""
    if not target.exists() or (target.is_dir() and not any(target.iterdir())):
        if target.exists():
            target.rmdir()
        os.rename(folder, target)
        return
    if _exchange(folder, target):
        _remove(folder)  # now the old results
        return
    old = sibling(target, "old")
    os.rename(target, old)  # a kill between these two is repaired by the next claim
    os.rename(folder, target)
    _remove(old)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where the
    system or file system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except AttributeError:
        return False
    at_cwd, exchange = -100, 2
    if renameat2(at_cwd, os.fsencode(a), at_cwd, os.fsencode(b), exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _link_or_copy(source: str, destination: str) -> None:
    """Files of earlier results shared with the partial folder: every write there
    replaces a file by rename, so the earlier results are never changed."""
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)
