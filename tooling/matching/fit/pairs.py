"""The u and m level counts: non-matching pairs from the registry, true pairs from a labelled file."""
from __future__ import annotations

import random
from collections.abc import Sequence

import asyncpg

from services.monitor.matching.blocking.keys import record_keys
from services.monitor.matching.blocking.neighbours import id_neighbours
from services.monitor.matching.blocking.query import fetch_candidates
from services.monitor.matching.comparisons import compare
from services.monitor.matching.comparisons.levels import FIELDS
from services.monitor.matching.comparisons.prepared import prepare
from services.monitor.matching.id_state import compared_id, id_state
from services.monitor.matching.lookup import PERSONS_SQL
from services.monitor.matching.scoring import row_person

from ..noise.id_noise import id_typo
from ..noise.people import sample_people
from ..labelled import LabelledRecord
from .counts import LevelCounts

CHUNK = 2000


async def count_u(conn: asyncpg.Connection, n: int, seed: int, use_variants: bool = True) -> LevelCounts:
    """u counts: `n` registry people as records (their ID mistyped once), blocked as at run time;
    every candidate that is not the person is a non-matching pair."""
    people = await sample_people(conn, n, seed)
    rng = random.Random(seed)
    counts = LevelCounts(FIELDS)
    for start in range(0, len(people), CHUNK):
        chunk = people[start:start + CHUNK]
        recs = [prepare(id_typo(p.resident_id, rng), p.name, p.gender, p.birth_date, p.village_code)
                for p in chunk]
        keys = [(i, k) for i, r in enumerate(recs) for k in record_keys(r)]
        near = [(i, x) for i, r in enumerate(recs) for x in id_neighbours(r.resident_id)]
        for row in await fetch_candidates(conn, keys, near):
            if row["resident_id"] != chunk[row["ord"]].resident_id:
                counts.add(compare(recs[row["ord"]], row_person(row), use_variants))
    return counts


async def count_m(conn: asyncpg.Connection, recs: Sequence[LabelledRecord], use_variants: bool = True
                  ) -> LevelCounts:
    """m counts over the true pairs of the labelled file.

    The ID comparison is counted only where the ID did not match exactly: its weight is used
    only there (in the probabilistic path), and conditioning on that path is what makes a
    one-digit difference strong evidence rather than a rare event."""
    truth = {r["resident_id"]: r for r in await conn.fetch(PERSONS_SQL, sorted({r.true_resident_id for r in recs
                                                                               if r.true_resident_id}))}
    counts = LevelCounts(FIELDS)
    for r in recs:
        row = truth.get(r.true_resident_id)
        if row is not None:
            norm = id_state(r.resident_id)[0]
            rec = prepare(compared_id(r.resident_id, norm), r.name, r.gender, r.birth_date, r.village_code)
            levels = compare(rec, row_person(row), use_variants)
            counts.add((None,) + levels[1:] if norm == r.true_resident_id else levels)
    return counts
