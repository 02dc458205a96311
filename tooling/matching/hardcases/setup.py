"""The hard-case set for a given registry: its villages, and no ID that someone there has."""
from __future__ import annotations

import asyncpg

from .build import Built, build


async def _villages(conn: asyncpg.Connection, n: int, seed: int) -> list[str]:
    rows = await conn.fetch("SELECT village_code FROM monitor.households GROUP BY village_code "
                            "ORDER BY md5(village_code || $1::text) LIMIT $2", str(seed), n)
    return [r["village_code"] for r in rows]


async def _taken(conn: asyncpg.Connection, built: Built) -> set[str]:
    """The resident IDs of the set that someone in the registry has."""
    ids = [p.resident_id for f in built.families for p in f.people if p.resident_id]
    ids += [c.record.resident_id for c in built.cases if c.record.resident_id]
    return {r["resident_id"] for r in await conn.fetch(
        "SELECT resident_id FROM monitor.persons WHERE resident_id = ANY($1::text[])", ids)}


async def build_for(conn: asyncpg.Connection, families: int, seed: int) -> Built:
    """The set for this registry: rebuilt (deterministically) until no ID it makes is anyone's.
    Raises RuntimeError for an empty registry, a household ID of the set already in it, or IDs
    that still collide after ten rebuilds."""
    villages = await _villages(conn, max(1, families // 3), seed)
    if not villages:
        raise RuntimeError("the registry is empty: load it first")
    taken: set[str] = set()
    for _ in range(10):
        built = build(villages, families, seed, frozenset(taken))
        clash = await _taken(conn, built)
        if not clash:
            hh = [f.household_id for f in built.families]
            if await conn.fetchval("SELECT EXISTS (SELECT 1 FROM monitor.households "
                                   "WHERE household_id = ANY($1::text[]))", hh):
                raise RuntimeError("a hard-case household ID (village + 9000..9999) is in the registry")
            return built
        taken |= clash
    raise RuntimeError("hard-case IDs keep colliding with the registry")
