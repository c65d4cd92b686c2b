"""Named random streams: one generator per random process, derived from the seed and the name.

Designs compared on one seed then meet the same families and the same events:
drawing more in one process (say, decisions in a longer chain) never shifts
the numbers another process (say, the onset of problems) gets. Where a process
draws for a subset of families that depends on the design, `Streams.keyed` gives
each family its own number for the step, whoever else is drawn for.
"""

from __future__ import annotations

import hashlib
import sys

import numpy as np

from sim.compiled import compiled

_MASK = (1 << 64) - 1
_GAMMA = 0x9E3779B97F4A7C15  # SplitMix64's increment: the golden ratio in 64 bits
_M1, _M2 = 0xBF58476D1CE4E5B9, 0x94D049BB133111EB  # its multipliers
_U_GAMMA, _U_M1, _U_M2 = np.uint64(_GAMMA), np.uint64(_M1), np.uint64(_M2)
_U11, _U27, _U30, _U31 = (np.uint64(k) for k in (11, 27, 30, 31))
_TWO_TO_MINUS_24 = np.float32(2.0**-24)  # numpy's float32 uniform: (32 bits >> 8) x 2**-24
_LITTLE_ENDIAN = sys.byteorder == "little"


def stream_key(name: str) -> list[int]:
    """Four 32-bit words from the name, the same on every machine and Python build."""
    digest = hashlib.blake2b(name.encode("utf-8"), digest_size=16).digest()
    return [int.from_bytes(digest[i : i + 4], "little") for i in range(0, 16, 4)]


class Streams:
    """Hands out one `numpy.random.Generator` per process name, made on first use.

    The bit generator is SFC64: statistically sound and several times faster than
    PCG64 for the full-population draws every week needs.
    """

    def __init__(self, seed: int) -> None:
        self.seed = int(seed)
        self._generators: dict[str, np.random.Generator] = {}
        self._keys: dict[str, int] = {}

    def __call__(self, name: str) -> np.random.Generator:
        """The generator of process `name`; the same object on every call."""
        generator = self._generators.get(name)
        if generator is None:
            sequence = np.random.SeedSequence([self.seed, *stream_key(name)])
            generator = np.random.Generator(np.random.SFC64(sequence))
            self._generators[name] = generator
        return generator

    def floats(self, name: str, n: int) -> np.ndarray:
        """The next n float32 uniforms of process `name`: the very numbers of
        `self(name).random(n, dtype=np.float32)`, cheaper. numpy makes each from
        the top 24 of 32 bits, taking a 64-bit word's low half first and keeping its high
        half for the next; here whole words are drawn and split at once, in one compiled
        pass (on a little-endian machine, for an even n, with no half kept: otherwise numpy
        draws)."""
        generator = self(name)
        bits = generator.bit_generator
        if n % 2 or not _LITTLE_ENDIAN or bits.state["has_uint32"]:
            return generator.random(n, dtype=np.float32)
        floats = np.empty(n, dtype=np.float32)
        _top_24_bits(bits.random_raw(n // 2).view(np.uint32), floats)
        return floats

    def keyed(self, name: str, step: int, ids: np.ndarray) -> np.ndarray:
        """Uniforms in [0, 1) for families `ids` at `step` of process `name`: each a function
        of (seed, name, step, family) only, so a family meets the same number in every
        design even when the families drawn for differ (a counter-based hash, SplitMix64)."""
        key = self._keys.get(name)
        if key is None:
            sequence = np.random.SeedSequence([self.seed, *stream_key(name)])
            key = self._keys[name] = int(sequence.generate_state(1, np.uint64)[0])
        base = np.uint64(_mix((key + int(step) * _GAMMA) & _MASK))
        z = np.asarray(ids, dtype=np.uint64) * _U_GAMMA
        z += base
        z = _mix(z)
        z >>= _U11
        return z.astype(np.float64) * 2.0**-53


@compiled
def _top_24_bits(halves: np.ndarray, out: np.ndarray) -> None:
    """numpy's float32 uniform of each 32-bit half: its top 24 bits times 2**-24 (exact), in
    one compiled pass."""
    for i in range(len(halves)):
        out[i] = np.float32(halves[i] >> 8) * _TWO_TO_MINUS_24


def _mix(z):
    """SplitMix64's finaliser: a bijection on 64-bit words that scatters nearby inputs
    (works on Python ints below 2**64 and on uint64 arrays, wrapping as uint64 does)."""
    if isinstance(z, int):
        z = (z + _GAMMA) & _MASK
        z = ((z ^ (z >> 30)) * _M1) & _MASK
        z = ((z ^ (z >> 27)) * _M2) & _MASK
        return z ^ (z >> 31)
    z = z + _U_GAMMA  # a new array: the rest works in place
    z ^= z >> _U30
    z *= _U_M1
    z ^= z >> _U27
    z *= _U_M2
    z ^= z >> _U31
    return z
