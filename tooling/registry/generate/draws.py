"""The generator's random source: random() is the fast primitive (choice/randint are slow)."""
from __future__ import annotations

import random


class Draws:
    """One seeded random source shared by every part of a run (same seed, same registry)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.rnd = self.rng.random

    def pick(self, seq: tuple[str, ...]) -> str:
        return seq[int(self.rnd() * len(seq))]

    def integer(self, low: int, high: int) -> int:
        """Uniform integer in [low, high]."""
        return low + int(self.rnd() * (high - low + 1))


def cumulative(pmf: tuple[float, ...]) -> list[float]:
    """The cumulative sums of `pmf`, the last set to exactly 1 (for bisect draws)."""
    out, total = [], 0.0
    for p in pmf:
        total += p
        out.append(total)
    out[-1] = 1.0
    return out
