"""How many registry households each village of Kashgar holds."""
from __future__ import annotations

import random

from ..kashgar import COUNTIES, Village, villages


def _allocate(total: int, weights: list[float]) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder, exact sum)."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    counts = [int(x) for x in raw]
    short = total - sum(counts)
    order = sorted(range(len(raw)), key=lambda i: raw[i] - counts[i], reverse=True)
    for i in order[:short]:
        counts[i] += 1
    return counts


def village_sizes(households: int, rng: random.Random) -> list[tuple[Village, int]]:
    """Households per village: county totals follow the rural population weights,
    formerly poor villages hold about twice as many registry households as others,
    and villages vary in size (x0.5 to x1.5). Raises ValueError above 9,999 in a village."""
    all_villages = villages()
    county_weight = {c.code: c.rural_weight / c.villages for c in COUNTIES}
    weights = [
        county_weight[v.county_code] * (2.0 if v.formerly_poor else 1.0) * (0.5 + rng.random())
        for v in all_villages
    ]
    counts = _allocate(households, weights)
    if max(counts) > 9999:
        raise ValueError("too many households for 4-digit household sequence numbers")
    return list(zip(all_villages, counts))
