"""Registry people by resident ID: the matcher's first query (ID hits and their households)."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import asyncpg

from .records import PersonLike

_SELECT_PERSONS = "SELECT p.resident_id, p.household_id, p.name, p.gender, p.birth_date, h.village_code "
#: The registry people with the given IDs (no household members).
PERSONS_SQL = (
    _SELECT_PERSONS
    + "FROM monitor.persons p JOIN monitor.households h USING (household_id) WHERE p.resident_id = ANY($1::text[])"
)
#: The people with the records' IDs and the members of their households who could fit the
#: record as well (`relatives.relatives_to_score`), in one round trip. Parallel arrays, one element
#: per record: $1 ID, $2 name, $3 gender, $4 birth date as the record has them. When the record has
#: exactly its owner's name, sex and birth date, only members born that day come back; else all.
#: A household can come more than once: callers key the rows by resident ID.
EXACT_SQL = (
    _SELECT_PERSONS
    + "FROM unnest($1::text[], $2::text[], $3::text[], $4::date[]) AS r(resident_id, name, gender, birth_date) "
    "JOIN monitor.persons hit ON hit.resident_id = r.resident_id "
    "JOIN monitor.persons p ON p.household_id = hit.household_id AND (p.resident_id = hit.resident_id "
    "OR p.birth_date = r.birth_date OR r.name IS DISTINCT FROM hit.name "
    "OR r.gender IS DISTINCT FROM hit.gender::text OR r.birth_date IS DISTINCT FROM hit.birth_date) "
    "JOIN monitor.households h ON h.household_id = p.household_id"
)


async def fetch_exact(conn: asyncpg.Connection, people: Sequence[PersonLike], ids: Sequence[str | None]
                      ) -> dict[str, Mapping]:
    """EXACT_SQL for the records with a valid ID: registry rows by resident ID."""
    asked = [(rid, p) for rid, p in zip(ids, people) if rid]
    if not asked:
        return {}
    rows = await conn.fetch(EXACT_SQL, [rid for rid, _ in asked], [p.name for _, p in asked],
                            [p.gender for _, p in asked], [p.birth_date for _, p in asked])
    return {r["resident_id"]: r for r in rows}
