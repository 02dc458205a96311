"""The chance of a household being under the monitoring line, by category and size."""
from __future__ import annotations

from .calibration import CATEGORIES, CATEGORY_SHARES, SEED_HOUSEHOLDS, SEED_UNDER_LINE, SIZE_PMF, size_mean

#: Size tilt of the chance of being under the line, per member above the mean
#: (chosen so that households under the line average ~4.6 persons, as in the seed).
UNDER_LINE_SIZE_TILT = 0.19
_UNDER_LINE_CAP = 0.95


def under_line_probabilities(target: float) -> tuple[float, ...]:
    """P(under the line | size) for sizes 1..9, averaging `target` over SIZE_PMF."""
    if target <= 0:
        return (0.0,) * len(SIZE_PMF)
    mean = size_mean()
    tilt = [max(0.05, 1 + UNDER_LINE_SIZE_TILT * (i + 1 - mean)) for i in range(len(SIZE_PMF))]

    def average(scale: float) -> float:
        return sum(p * min(_UNDER_LINE_CAP, scale * w) for p, w in zip(SIZE_PMF, tilt))

    lo, hi = 0.0, 1.0 / min(tilt)
    for _ in range(60):  # bisection: the capped average is monotone in scale
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if average(mid) < target else (lo, mid)
    return tuple(min(_UNDER_LINE_CAP, hi * w) for w in tilt)


def under_line_table() -> dict[str, tuple[float, ...]]:
    """Category -> P(under the line | size 1..9), matching the seed's count per category."""
    table = {}
    for category, share in zip(CATEGORIES, CATEGORY_SHARES):
        target = SEED_UNDER_LINE[category] / (SEED_HOUSEHOLDS * share)
        table[category] = under_line_probabilities(target)
    return table
