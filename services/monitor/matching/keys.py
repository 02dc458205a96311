"""Rebuild monitor.match_keys from the registry: `python -m services.monitor.matching.keys`.

Run after every change of monitor.persons / monitor.households (the registry loader does):
the table copies the compared fields. The keys are built in SQL; only the pinyin initial of
each distinct first character of a name is computed here, so the work stays on the server.
"""
from __future__ import annotations

import asyncio
from pathlib import Path

import asyncpg

from shared.settings import DatabaseSettings, load_or_exit

from .names.sound import initial

MIGRATION = Path(__file__).resolve().parent.parent / "migrations" / "004_matching.sql"

FIRST_CHARACTERS_SQL = "SELECT DISTINCT left(name, 1) AS ch FROM monitor.persons"
FILL_SQL = """
INSERT INTO monitor.match_keys (block_key, resident_id, household_id, name, gender, birth_date, village_code)
SELECT k.block_key, p.resident_id, p.household_id, p.name, p.gender, p.birth_date, h.village_code
FROM monitor.persons p
JOIN monitor.households h USING (household_id)
LEFT JOIN match_initials i ON i.ch = left(p.name, 1)
CROSS JOIN LATERAL (VALUES
    ('v' || h.village_code || to_char(p.birth_date, 'YYYY')),
    ('d' || h.county_code || to_char(p.birth_date, 'YYYYMMDD')),
    ('n' || h.village_code || i.initial)
) AS k(block_key)
WHERE k.block_key IS NOT NULL
ORDER BY k.block_key  -- one key's people on adjacent pages
"""
# The same rows for some persons only (a registry difference): their old keys go first.
REFRESH_SQL = FILL_SQL.replace("WHERE k.block_key IS NOT NULL",
                               "JOIN unnest($1::text[]) AS r(resident_id) ON r.resident_id = p.resident_id\n"
                               "WHERE k.block_key IS NOT NULL")
DELETE_SQL = ("DELETE FROM monitor.match_keys mk USING unnest($1::text[]) AS r(resident_id) "
              "WHERE mk.resident_id = r.resident_id")
REFRESH_CHARACTERS_SQL = ("SELECT DISTINCT left(p.name, 1) AS ch FROM monitor.persons p "
                          "JOIN unnest($1::text[]) AS r(resident_id) USING (resident_id)")


async def rebuild_match_keys(conn: asyncpg.Connection) -> int:
    """Replace every block key; returns the number of rows written."""
    await conn.execute(MIGRATION.read_text(encoding="utf-8"))
    chars = [r["ch"] for r in await conn.fetch(FIRST_CHARACTERS_SQL) if r["ch"]]
    async with conn.transaction():
        await _initials(conn, chars)
        await conn.execute("TRUNCATE monitor.match_keys")
        await conn.execute("DROP INDEX IF EXISTS monitor.match_keys_block_key_idx")
        await conn.execute("SET LOCAL maintenance_work_mem = '512MB'")
        status = await conn.execute(FILL_SQL)
        await conn.execute(MIGRATION.read_text(encoding="utf-8"))  # re-creates the index
    await conn.execute("ANALYZE monitor.match_keys")
    return int(status.rsplit(" ", 1)[-1])


async def refresh_match_keys(conn: asyncpg.Connection, resident_ids: list[str]) -> int:
    """Rebuild the block keys of these persons only (rows as rebuild_match_keys writes them); inside
    the caller's transaction. Returns the number of rows written."""
    if not resident_ids:
        return 0
    chars = [r["ch"] for r in await conn.fetch(REFRESH_CHARACTERS_SQL, resident_ids) if r["ch"]]
    async with conn.transaction():
        await _initials(conn, chars)
        await conn.execute(DELETE_SQL, resident_ids)
        status = await conn.execute(REFRESH_SQL, resident_ids)
        await conn.execute("DROP TABLE match_initials")
    return int(status.rsplit(" ", 1)[-1])


async def _initials(conn: asyncpg.Connection, chars: list[str]) -> None:
    """match_initials: the pinyin initial of each first character of a name (computed here)."""
    await conn.execute("CREATE TEMP TABLE match_initials (ch text PRIMARY KEY, initial text) ON COMMIT DROP")
    await conn.copy_records_to_table("match_initials", records=[(c, initial(c) or None) for c in chars])


async def _main(dsn: str) -> None:
    conn = await asyncpg.connect(dsn)
    try:
        print(f"match keys: {await rebuild_match_keys(conn):,} rows")
    finally:
        await conn.close()


if __name__ == "__main__":
    asyncio.run(_main(load_or_exit(DatabaseSettings, "match key rebuild").database_url))
