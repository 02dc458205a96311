"""Labelled sets drawn from the registry of a database."""
from __future__ import annotations

from collections.abc import Sequence

import asyncpg

from ..labelled import LabelledRecord
from .outsiders import sample_outsiders
from .people import sample_people
from .rates import NoiseRates
from .records import make_labelled


async def build(conn: asyncpg.Connection, records: int, seed: int, rates: NoiseRates = NoiseRates()
                ) -> list[LabelledRecord]:
    return (await build_split(conn, [records], seed, rates))[0]


async def build_split(conn: asyncpg.Connection, sizes: Sequence[int], seed: int, rates: NoiseRates = NoiseRates()
                      ) -> list[list[LabelledRecord]]:
    """Labelled sets of the given sizes with no person in common (e.g. training and test)."""
    people = await sample_people(conn, sum(sizes), seed)
    wanted = [round(n * rates.not_in_registry) for n in sizes]
    outsiders = await sample_outsiders(conn, sum(wanted) + 50 * len(sizes), seed)
    out, p0, o0 = [], 0, 0
    for k, (n, w) in enumerate(zip(sizes, wanted)):
        o1 = o0 + (len(outsiders) - o0) // (len(sizes) - k)
        out.append(make_labelled(people[p0:p0 + n], outsiders[o0:o1], n, rates, seed + k))
        p0, o0 = p0 + n, o1
    return out
