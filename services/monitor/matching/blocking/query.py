"""The candidates of a whole batch in one round trip: block keys and neighbour IDs in."""
from __future__ import annotations

import asyncpg

CANDIDATES_SQL = """
SELECT k.ord, mk.resident_id, mk.household_id, mk.name, mk.gender, mk.birth_date, mk.village_code
FROM unnest($1::int[], $2::text[]) AS k(ord, block_key)
JOIN monitor.match_keys mk ON mk.block_key = k.block_key
UNION
SELECT n.ord, p.resident_id, p.household_id, p.name, p.gender, p.birth_date, hh.village_code
FROM unnest($3::int[], $4::text[]) AS n(ord, resident_id)
JOIN monitor.persons p ON p.resident_id = n.resident_id
JOIN monitor.households hh ON hh.household_id = p.household_id
"""


async def fetch_candidates(conn: asyncpg.Connection, keys: list[tuple[int, str]],
                           neighbours: list[tuple[int, str]]) -> list[asyncpg.Record]:
    """One round trip for a whole batch: (ord, block_key) and (ord, resident_id) pairs in,
    (ord, registry person) rows out."""
    if not keys and not neighbours:
        return []
    k_ord, k_key = zip(*keys) if keys else ((), ())
    n_ord, n_id = zip(*neighbours) if neighbours else ((), ())
    return await conn.fetch(CANDIDATES_SQL, list(k_ord), list(k_key), list(n_ord), list(n_id))
