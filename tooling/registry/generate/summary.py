"""Counts over a set of households: persons, and those under the monitoring line."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from services.monitor.registry.rows import MONITORING_LINE_YUAN, Household


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts over a set of households."""

    households: int
    persons: int
    under_line_households: int
    under_line_persons: int

    @property
    def mean_size(self) -> float:
        return self.persons / self.households if self.households else 0.0


def households_summary(households: Iterable[Household]) -> Summary:
    """Count households, persons and those under the monitoring line."""
    h = p = uh = up = 0
    for hh in households:
        h += 1
        p += hh.members
        if hh.income_per_capita_yuan < MONITORING_LINE_YUAN:
            uh += 1
            up += hh.members
    return Summary(h, p, uh, up)
