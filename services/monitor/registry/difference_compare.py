"""The staged export against the registry, in SQL: one full join per table returns only the rows that
may differ (new, missing, or a compared column not equal), as facts for kinds.py. Households out of
the export's counties and members of households that are not in it are left out here, so a
re-import reads back only what changed."""
from __future__ import annotations

from contextlib import asynccontextmanager

import asyncpg

from .difference_kinds import HouseholdFacts, PersonFacts
from .difference_stage import Staged, render

# The counties the export covers, as an array: an IN (subquery) over the staged rows would be
# evaluated per registry row once its hash no longer fits work_mem (minutes at 300,000 households).
SCOPE = "SELECT coalesce(array_agg(DISTINCT county_code::text), '{}') FROM diff_households"
HOUSEHOLDS = """
SELECT coalesce(e.household_id, p.household_id) AS household_id, p.household_id IS NOT NULL AS known,
       p.left_on IS NOT NULL AS had_left, e.household_id IS NOT NULL AS listed,
       coalesce(p.county_code = ANY($1::text[]), false) AS in_scope,
       CASE WHEN e.household_id IS NOT NULL AND p.household_id IS NOT NULL
            THEN array_remove(ARRAY[%4$s]::text[], NULL) ELSE '{}' END AS changed
  FROM diff_households e FULL JOIN monitor.households p ON p.household_id = e.household_id
 WHERE (e.household_id IS NULL AND p.left_on IS NULL AND p.county_code = ANY($1::text[]))
    OR p.household_id IS NULL
    OR (e.household_id IS NOT NULL AND p.left_on IS NOT NULL)
    OR (e.household_id IS NOT NULL AND p.household_id IS NOT NULL AND ROW(%2$s) IS DISTINCT FROM ROW(%3$s))
"""

PERSONS = """
SELECT coalesce(e.resident_id, p.resident_id) AS resident_id, p.resident_id IS NOT NULL AS known,
       p.household_id AS old_household, p.left_on IS NOT NULL AS had_left, p.deceased_on IS NOT NULL AS was_dead,
       d.household_id IS NOT NULL AS old_household_listed, e.resident_id IS NOT NULL AS listed,
       e.household_id AS new_household, e.deceased_on IS NOT NULL AS dies,
       CASE WHEN e.resident_id IS NOT NULL AND p.resident_id IS NOT NULL
            THEN array_remove(ARRAY[%4$s]::text[], NULL) ELSE '{}' END AS changed
  FROM diff_persons e FULL JOIN monitor.persons p ON p.resident_id = e.resident_id
  LEFT JOIN diff_households d ON d.household_id = p.household_id
 WHERE (e.resident_id IS NULL AND p.left_on IS NULL AND d.household_id IS NOT NULL)
    OR p.resident_id IS NULL
    OR (e.resident_id IS NOT NULL AND p.resident_id IS NOT NULL AND (
           (p.left_on IS NOT NULL AND e.deceased_on IS NULL)
        OR (p.left_on IS NULL AND e.deceased_on IS NOT NULL)
        OR ROW(%2$s) IS DISTINCT FROM ROW(%3$s)))
"""


#: For the two full joins: hashed in memory, not in batches on disk (1.2 M persons: about 150 MB).
#: Set for this transaction only, and set back after.
WORK_MEM = "256MB"


@asynccontextmanager
async def join_memory(conn: asyncpg.Connection):
    before = await conn.fetchval("SELECT current_setting('work_mem')")
    await conn.execute("SELECT set_config('work_mem', $1, true)", WORK_MEM)
    try:
        yield
    finally:
        await conn.execute("SELECT set_config('work_mem', $1, true)", before)


async def household_facts(conn: asyncpg.Connection, staged: Staged) -> list[HouseholdFacts]:
    """Facts of every household that may differ, by household ID."""
    rows = await conn.fetch(await render(conn, HOUSEHOLDS, staged.compared_household_columns),
                            await conn.fetchval(SCOPE))
    return sorted(HouseholdFacts(r["household_id"], r["known"], r["had_left"], r["listed"], r["in_scope"],
                                 tuple(r["changed"])) for r in rows)


async def person_facts(conn: asyncpg.Connection, staged: Staged) -> list[PersonFacts]:
    """Facts of every person who may differ, by resident ID."""
    rows = await conn.fetch(await render(conn, PERSONS, staged.compared_person_columns))
    return sorted(PersonFacts(r["resident_id"], r["known"], r["old_household"], r["had_left"], r["was_dead"],
                              r["old_household_listed"], r["listed"], r["new_household"], r["dies"],
                              tuple(r["changed"])) for r in rows)
