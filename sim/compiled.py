"""The decorator of every compiled step: numba, cached per version of the compiled code.

numba keeps a compiled function's machine code and reuses it until the file that defines
the function changes, but not when a compiled function it calls from another module
changes (`sim.portable_math.exp_one`): the cache would then go on running the old code,
and a test comparing the step with its numpy formulation would test the old code too.
Here the cache lives in a folder named by a digest of every module of the package that
compiles a step, so any change to compiled code compiles every step anew (a few seconds,
once).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import numba

_PACKAGE = Path(__file__).parent


def digest_of_compiled_sources(package: Path = _PACKAGE) -> str:
    """A digest of the path and text of every module of `package` that compiles a step
    (`@compiled`), and of this one."""
    digest = hashlib.blake2b(digest_size=8)
    for path in sorted(package.rglob("*.py")):
        text = path.read_bytes()
        if b"\n@compiled\n" in text or path.relative_to(package) == Path("compiled.py"):
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + text + b"\0")
    return digest.hexdigest()


_CACHE = Path(numba.config.CACHE_DIR or _PACKAGE / "__pycache__",
              f"numba-{digest_of_compiled_sources()}")
"""Under NUMBA_CACHE_DIR where one is set. Where the folder cannot be written, numba
keeps its own cache (next to the module or in the user's cache folder)."""


def compiled(function: Callable) -> Callable:
    """`numba.njit(cache=True)`, without fast-math (no step fused or reordered), cached
    in `_CACHE` (numba chooses the folder when the function is decorated)."""
    previous = numba.config.CACHE_DIR
    numba.config.CACHE_DIR = str(_CACHE)
    try:
        return numba.njit(cache=True)(function)
    finally:
        numba.config.CACHE_DIR = previous
