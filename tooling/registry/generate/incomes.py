"""Per-capita incomes, yuan per year: truncated lognormal draws below or above the line."""
from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from statistics import NormalDist

from services.monitor.registry.rows import MONITORING_LINE_YUAN

from .under_line import under_line_table

#: Income distributions, yuan per capita per year: lognormal (median, sigma),
#: truncated to [low, line) for households under the line and [line, high) above it.
#: Medians are plausible for rural Kashgar in 2025 (rural disposable income around
#: 15,000 to 17,000 yuan); marginal households stay below 1.5 times the line.
_INCOME = {
    "formerly_poor": (12_500.0, 0.45, 4_000.0, 60_000.0),
    "marginal": (7_200.0, 0.25, 3_500.0, 12_000.0),
    "general": (16_000.0, 0.40, 8_000.0, 80_000.0),
}


class Truncated:
    """Lognormal truncated to [low, high): inverse-CDF draws from a uniform."""

    __slots__ = ("mu", "sigma", "a", "width")
    _N = NormalDist()

    def __init__(self, median: float, sigma: float, low: float, high: float) -> None:
        self.mu, self.sigma = math.log(median), sigma
        self.a = self._N.cdf((math.log(low) - self.mu) / sigma)
        self.width = self._N.cdf((math.log(high) - self.mu) / sigma) - self.a

    def draw(self, u: float) -> float:
        q = self.a + u * self.width
        q = min(max(q, 1e-12), 1 - 1e-12)
        return math.exp(self.mu + self.sigma * self._N.inv_cdf(q))


def yuan(value: float) -> Decimal:
    """Decimal yuan with 2 places, rounded down (so a draw below the line stays below)."""
    cents = int(value * 100)
    return Decimal("%d.%02d" % divmod(cents, 100))


class Incomes:
    """A household's income by its category and size (under the line by `under_line_table`)."""

    def __init__(self) -> None:
        self._under = under_line_table()
        line = float(MONITORING_LINE_YUAN)
        self._below = {cat: Truncated(median, sigma, min(low, line - 1), line)
                       for cat, (median, sigma, low, high) in _INCOME.items()}
        self._above = {cat: Truncated(median, sigma, line, high) for cat, (median, sigma, low, high) in _INCOME.items()}

    def draw(self, category: str, size: int, rnd: Callable[[], float]) -> Decimal:
        if rnd() < self._under[category][size - 1]:
            return yuan(self._below[category].draw(rnd()))
        return yuan(self._above[category].draw(rnd()))
