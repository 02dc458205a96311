"""Households grouped into COPY-ready row lists, with their counts under the monitoring line."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .rows import MONITORING_LINE_YUAN, Household, household_record

#: Households per COPY chunk (about 50,000 person rows).
CHUNK_HOUSEHOLDS = 12_500


@dataclass(slots=True)
class Chunk:
    households: list[tuple]
    persons: list[tuple]
    under_line: int
    under_line_persons: int


def chunks(households: Iterator[Household], size: int = CHUNK_HOUSEHOLDS) -> Iterator[Chunk]:
    """Group households into COPY-ready row lists with their under-line counts."""
    line = MONITORING_LINE_YUAN
    hh: list[tuple] = []
    persons: list[tuple] = []
    under = under_persons = 0
    for h in households:
        hh.append(household_record(h))
        persons.extend(h.persons)
        if h.income_per_capita_yuan < line:
            under += 1
            under_persons += h.members
        if len(hh) >= size:
            yield Chunk(hh, persons, under, under_persons)
            hh, persons, under, under_persons = [], [], 0, 0
    if hh:
        yield Chunk(hh, persons, under, under_persons)
