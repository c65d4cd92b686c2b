"""exp and whole powers that give the same bits on every machine.

numpy picks its exp and power for the processor it runs on (AVX-512, AVX2 or plain
SSE on x86, NEON on ARM), and these round differently: 39% of float32 exps differ
between an AVX2 machine and a plain x86-64 one, and a run's families then take other
paths (tests/test_portable_math.py). Made only of + - * and exact scaling by powers of
two, which IEEE 754 rounds the same everywhere, the functions here give one result for
one seed on any machine. exp is compiled (numba, without fast-math, so no step is fused
or reordered): numpy would take some twenty calls per array, which cost more than the
arithmetic on the small arrays most calls have (issue 16).
"""

from __future__ import annotations

import math

import numpy as np

from sim.compiled import compiled

_OFFSET = 600  # 2^-600 is powers[0]


def _constants(dtype: type) -> tuple:
    """For exp in `dtype`: Cody and Waite's split of ln 2 (the constants of fdlibm's exp
    and expf: k times the high part is exact for every k a finite result needs, so the
    reduced argument is exact but for the low part's rounding) and the clip that keeps k in
    range; Taylor's coefficients 1/n! up to the degree whose remainder on |r| <= ln(2)/2 is
    below the type's rounding (0.347^8/8! = 5e-9 for float32, 0.347^13/13! = 2e-16 for
    float64); the powers of two 2^-600 .. 2^599 (zero and infinity beyond the type's range),
    for exact scaling."""
    if dtype is np.float32:
        split = (1.4426950216, 6.9314575195e-01, 1.4286067653e-06, -104.0, 89.0)
        degree = 7
    else:
        split = (1.44269504088896338700, 6.93147180369123816490e-01,
                 1.90821492927058770002e-10, -746.0, 710.0)
        degree = 12
    coefficients = np.array([1 / math.factorial(n) for n in range(degree + 1)], dtype=dtype)
    with np.errstate(over="ignore"):
        powers = np.array([math.ldexp(1.0, j - _OFFSET) for j in range(2 * _OFFSET)],
                          dtype=dtype)
    return (*(dtype(value) for value in split), coefficients, powers)


CONSTANTS = {np.dtype(t): _constants(t) for t in (np.float32, np.float64)}


@compiled
def exp_one(x, inverse_ln2, ln2_high, ln2_low, lowest, highest, coefficients, powers):
    """exp of one number, every step in its type: for compiled steps elsewhere, with the
    constants of that type (`CONSTANTS`)."""
    degree = len(coefficients) - 1
    r = min(max(x, lowest), highest)
    k = np.rint(r * inverse_ln2)
    r = r - k * ln2_high
    r = r - k * ln2_low
    p = r * coefficients[degree]
    for n in range(degree - 1, 0, -1):
        p = (p + coefficients[n]) * r
    p = p + coefficients[0]
    # p x 2^k as two exact scalings, 2^(k//2) then the rest: the first never leaves the
    # normal range, so only the second can round (into a subnormal), as ldexp does
    whole = int(k) if k == k else 0  # NaN: p is NaN already
    half = whole >> 1
    return (p * powers[half + _OFFSET]) * powers[whole - half + _OFFSET]


@compiled
def _exp_into(out, x, inverse_ln2, ln2_high, ln2_low, lowest, highest, coefficients, powers):
    """exp of a flat array, every step in x's type."""
    for i in range(x.size):
        out[i] = exp_one(x[i], inverse_ln2, ln2_high, ln2_low, lowest, highest, coefficients,
                         powers)


def exp(x: np.ndarray | float) -> np.ndarray:
    """e to the power x, elementwise, in x's precision (float32 stays float32; anything
    else is float64); within a few units in the last place of the exact value."""
    x = np.asarray(x)
    dtype = np.dtype(np.float32 if x.dtype == np.float32 else np.float64)
    flat = np.ascontiguousarray(x, dtype=dtype).reshape(-1)
    out = np.empty(flat.size, dtype=dtype)
    _exp_into(out, flat, *CONSTANTS[dtype])
    return out.reshape(x.shape)


def whole_power(x: np.ndarray, n: int) -> np.ndarray:
    """x to the whole power n >= 1, by repeated squaring (numpy's power calls the
    machine's pow)."""
    result = None
    square = x
    while n:
        if n & 1:
            result = square if result is None else result * square
        n >>= 1
        if n:
            square = square * square
    return result
