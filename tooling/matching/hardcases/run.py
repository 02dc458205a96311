"""Matching the hard-case set inside a transaction that is rolled back."""
from __future__ import annotations

import asyncpg

from services.monitor.matching import MatchResult, match_batch
from services.monitor.matching.weights import FSModel

from .people import FAMILIES, SEED
from .rows import write_families
from .scores import HardScores, score
from .setup import build_for


async def run(conn: asyncpg.Connection, model: FSModel, families: int = FAMILIES, seed: int = SEED,
              batch: int = 1000) -> HardScores:
    """Write the families into the registry, match every hard case, roll the registry back."""
    built = await build_for(conn, families, seed)
    tx = conn.transaction()
    await tx.start()
    try:
        await write_families(conn, built.families)
        results: list[MatchResult] = []
        records = [c.record for c in built.cases]
        for i in range(0, len(records), batch):
            results += await match_batch(conn, records[i:i + batch], model=model)
    finally:
        await tx.rollback()
    return score(built.cases, results)
