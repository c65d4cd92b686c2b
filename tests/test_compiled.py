"""The compiled steps' cache is named by their sources (sim.compiled): a change to any module
that compiles a step, even one only called by another module's step, gives a new cache, and
a change elsewhere does not."""

from __future__ import annotations

import shutil
from pathlib import Path

import sim
from sim.compiled import _CACHE, digest_of_compiled_sources


def test_cache_is_named_by_every_compiled_module(tmp_path):
    package = tmp_path / "sim"
    shutil.copytree(Path(sim.__file__).parent, package,
                    ignore=shutil.ignore_patterns("__pycache__"))
    digest = digest_of_compiled_sources(package)
    assert _CACHE.name == f"numba-{digest}"

    def edited(relative: str, old: str, new: str) -> str:
        path = package / relative
        text = path.read_text()
        assert old in text
        path.write_text(text.replace(old, new, 1))
        try:
            return digest_of_compiled_sources(package)
        finally:
            path.write_text(text)

    # exp_one is compiled in sim.portable_math and called by the steps of other modules
    assert edited("portable_math.py", "half = whole >> 1", "half = (whole >> 1)") != digest
    assert edited("compiled.py", "numba.njit(cache=True)", "numba.njit(cache=True, fastmath=True)"
                  ) != digest
    assert edited("report/__init__.py", '"""', '""" ') == digest  # nothing compiled there
    assert digest_of_compiled_sources(package) == digest
