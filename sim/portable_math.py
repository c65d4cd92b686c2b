"""exp and whole powers that give the same bits on every machine.

numpy picks its exp and power for the processor it runs on (AVX-512, AVX2 or plain
SSE on x86, NEON on ARM), and these round differently: 39% of float32 exps differ
between an AVX2 machine and a plain x86-64 one, and a run's families then take other
paths (tests/test_portable_math.py). Made only of + - * and exact scaling by powers of
two, which IEEE 754 rounds the same everywhere, the functions here give one result for
one seed on any machine; a compiled kernel (numba, issue 16) that takes the same steps
gets the same bits too, which numba's own exp does not.
"""

from __future__ import annotations

import math

import numpy as np

# Cody and Waite's split of ln 2 (the constants of fdlibm's exp and expf): k times the
# high part is exact for every k that a finite result needs, so r below is exact but for
# the low part's rounding.
_SPLIT = {
    np.dtype(np.float32): (np.float32(1.4426950216), np.float32(6.9314575195e-01),
                           np.float32(1.4286067653e-06), np.float32(-104.0), np.float32(89.0)),
    np.dtype(np.float64): (1.44269504088896338700, 6.93147180369123816490e-01,
                           1.90821492927058770002e-10, -746.0, 710.0),
}
# Taylor's coefficients 1/n! up to the degree whose remainder on |r| <= ln(2)/2 is below
# the type's rounding (0.347^8/8! = 5e-9 for float32, 0.347^13/13! = 2e-16 for float64)
_COEFFICIENTS = {
    np.dtype(np.float32): [np.float32(1 / math.factorial(n)) for n in range(8)],
    np.dtype(np.float64): [1 / math.factorial(n) for n in range(13)],
}


def exp(x: np.ndarray | float) -> np.ndarray:
    """e to the power x, elementwise, in x's precision (float32 stays float32; anything
    else is float64); within a few units in the last place of the exact value."""
    x = np.asarray(x)
    shape = x.shape
    dtype = np.dtype(np.float32 if x.dtype == np.float32 else np.float64)
    inverse_ln2, ln2_high, ln2_low, lowest, highest = _SPLIT[dtype]
    # a new array, which the steps below then work in (fewer large temporaries)
    r = np.clip(np.atleast_1d(x).astype(dtype, copy=False), lowest, highest)
    k = r * inverse_ln2
    np.rint(k, out=k)
    p = k * ln2_high
    r -= p
    np.multiply(k, ln2_low, out=p)
    r -= p
    coefficients = _COEFFICIENTS[dtype]
    np.multiply(r, coefficients[-1], out=p)
    for c in reversed(coefficients[1:-1]):
        p += c
        p *= r
    p += coefficients[0]
    with np.errstate(invalid="ignore"):  # NaN stays NaN whatever integer it casts to
        return np.ldexp(p, k.astype(np.int32), out=p).reshape(shape)


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
