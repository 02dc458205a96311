"""Synthetic household registry for Kashgar prefecture (deterministic with a seed).

Everything produced here is synthetic: names are combined from lists, resident IDs
are made up (valid under GB 11643-1999 but assigned to nobody), incomes are drawn.
Calibration to the Kashgar plan: calibration.py. A run: villages (households per village)
-> households (size, composition and shapes, naming, persons with resident_ids, incomes
by under_line), all from one seeded random source (draws). summary counts the result.
The row shapes are the loader's (services.monitor.registry.rows); the generator only fills them.
"""
from __future__ import annotations

from collections.abc import Iterator

from services.monitor.registry.rows import Household

from .calibration import DEFAULT_HOUSEHOLDS, DEFAULT_SEED
from .households import HouseholdMaker
from .villages import village_sizes


def generate(households: int = DEFAULT_HOUSEHOLDS, seed: int = DEFAULT_SEED) -> Iterator[Household]:
    """Yield `households` synthetic households with their persons, by village code.

    Deterministic: the same (households, seed) gives the same registry. Incomes are
    yuan per capita per year (Decimal, 2 places) for calibration.INCOME_YEAR. Raises
    ValueError for households < 0 (when iteration starts).
    """
    if households < 0:
        raise ValueError("households must be >= 0")
    maker = HouseholdMaker(seed)
    for village, count in village_sizes(households, maker.draws.rng):
        for seq in range(1, count + 1):
            yield maker.household(village, seq)
