"""Same bits on every machine: the model's exp and powers, and a whole run.

numpy's exp takes another path on each processor (AVX-512, AVX2, plain x86-64, ARM)
and rounds differently, so a run used to depend on the machine it ran on. The run test
makes this machine behave like an older one: numpy's environment variable
NPY_DISABLE_CPU_FEATURES switches off every processor-specific loop it has, and
GLIBC_TUNABLES the C library's versions of exp and log for AVX2 and fused multiply-add
(numpy's random draws use those); the run must give the same tables as without.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas.testing as pdt
import pytest
from numpy._core import _multiarray_umath as umath

from sim.portable_math import CONSTANTS, exp, whole_power

RUN = r"""
import pickle, sys
import numpy as np
from sim.scenario import load_scenario
from sim.runner import simulate
scenario = load_scenario("scenarios/nl_relay_baseline.toml",
                         {"run": {"families": 5000, "record_events": True}})
result = simulate(scenario)
x = np.linspace(-20, 0, 10_001, dtype=np.float32)
pickle.dump({"families": result.families, "yearly": result.yearly, "events": result.events,
             "numpy_exp": np.exp(x)}, open(sys.argv[1], "wb"))
"""
ROOT = Path(__file__).resolve().parent.parent


def test_float32_exp_is_within_two_units_in_the_last_place_of_the_exact_value():
    x = np.concatenate([np.linspace(-103, 88, 400_001), np.linspace(-1, 1, 100_001)])
    x = x.astype(np.float32)
    exact = np.exp(x.astype(np.float64))  # float64: far finer than float32's last place
    ours = exp(x)
    assert ours.dtype == np.float32
    normal = exact > np.finfo(np.float32).tiny
    units = np.abs(ours[normal] - exact[normal]) / np.spacing(exact[normal].astype(np.float32))
    assert units.max() < 2.0


def test_float64_exp_is_within_four_units_in_the_last_place_of_numpys():
    x = np.concatenate([np.linspace(-700, 700, 400_001), np.linspace(-1, 1, 100_001)])
    ours, numpys = exp(x), np.exp(x)
    assert ours.dtype == np.float64
    assert (np.abs(ours - numpys) <= 4 * np.spacing(numpys)).all()


def test_exp_at_the_edges():
    special = np.array([0.0, -np.inf, np.inf, np.nan, -1e4, 1e4], dtype=np.float32)
    with np.errstate(over="ignore"):
        assert exp(special).tolist()[:3] == [1.0, 0.0, np.inf]
        assert np.isnan(exp(special)[3])
        assert exp(special).tolist()[4:] == [0.0, np.inf]
    assert float(exp(-1.0)) == pytest.approx(np.exp(-1.0), rel=1e-15)
    assert exp(np.float64(0.5)).dtype == np.float64 and exp(3).dtype == np.float64


def exp_in_numpy_steps(x: np.ndarray) -> np.ndarray:
    """The compiled exp's steps, with its constants, as numpy calls (its form before issue
    16), with numpy's own ldexp for the scaling."""
    inverse_ln2, ln2_high, ln2_low, lowest, highest, coefficients, _ = CONSTANTS[x.dtype]
    r = np.clip(x, lowest, highest)
    k = np.rint(r * inverse_ln2)
    r = r - k * ln2_high
    r = r - k * ln2_low
    p = r * coefficients[-1]
    for c in reversed(coefficients[1:-1]):
        p = (p + c) * r
    p = p + coefficients[0]
    with np.errstate(invalid="ignore", over="ignore"):
        return np.ldexp(p, np.nan_to_num(k).astype(np.int32))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_compiled_exp_gives_the_bits_of_its_steps_in_numpy(dtype):
    rng = np.random.default_rng(3)
    x = np.concatenate([rng.uniform(-1, 1, 100_000), rng.uniform(-120, 100, 100_000),
                        rng.uniform(-760, 720, 100_000),  # subnormal, zero and overflow
                        [np.nan, np.inf, -np.inf, 0.0, -0.0]]).astype(dtype)
    assert np.array_equal(exp(x), exp_in_numpy_steps(x), equal_nan=True)


@pytest.mark.parametrize("n", [1, 2, 3, 4, 7, 8])
def test_whole_powers_are_products(n):
    x = np.linspace(0, 1.2, 1001, dtype=np.float32)
    product = x.copy()
    for _ in range(n - 1):
        product = product * x
    assert np.allclose(whole_power(x, n), product, rtol=4e-7, atol=0)
    assert whole_power(x, n).dtype == np.float32


# numpy's processor-specific loop families that this machine can use
PROCESSOR_LOOPS = [name for name in umath.__cpu_dispatch__ if umath.__cpu_features__.get(name)]


# the names of glibc 2.26 to 2.32 and of later versions; a name it does not know it ignores
OLDER_C_LIBRARY = "glibc.cpu.hwcaps=" + ",".join(
    f"-{name}{suffix}" for name in ("AVX2", "FMA", "AVX512F") for suffix in ("", "_Usable"))


def _run(out: Path, disabled: list[str]) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("NPY_DISABLE_CPU_FEATURES", None)
    env.pop("GLIBC_TUNABLES", None)
    if disabled:
        env["NPY_DISABLE_CPU_FEATURES"] = " ".join(disabled)
        env["GLIBC_TUNABLES"] = OLDER_C_LIBRARY
    subprocess.run([sys.executable, "-c", RUN, str(out)], cwd=ROOT, env=env, check=True)
    return pickle.loads(out.read_bytes())


@pytest.mark.skipif(not PROCESSOR_LOOPS, reason="numpy has no processor-specific loops "
                    "here, so this machine cannot play an older one")
def test_a_run_gives_the_same_tables_without_numpys_processor_specific_loops(tmp_path):
    this_machine = _run(tmp_path / "this.pkl", [])
    older_machine = _run(tmp_path / "older.pkl", PROCESSOR_LOOPS)
    differing = int(np.count_nonzero(this_machine["numpy_exp"] != older_machine["numpy_exp"]))
    print(json.dumps({"switched_off": PROCESSOR_LOOPS,
                      "numpy_float32_exps_that_differ": differing}))
    for table in ("families", "yearly", "events"):
        pdt.assert_frame_equal(this_machine[table], older_machine[table], check_exact=True)
