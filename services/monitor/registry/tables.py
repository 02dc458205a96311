"""The registry's tables around a COPY: emptied with their secondary indexes (and, optionally,
primary keys) dropped before, indexes rebuilt and statistics gathered after."""
from __future__ import annotations

import re
from pathlib import Path

import asyncpg

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
SCHEMA_SQL = MIGRATIONS_DIR / "001_registry.sql"
INDEXES_SQL = MIGRATIONS_DIR / "002_registry_indexes.sql"
EXPORT_SQL = MIGRATIONS_DIR / "010_registry_export.sql"  # the export's columns (idempotent)

# Fixed statements for the registry's primary keys (dropped for a fast COPY, then rebuilt).
_DROP_PRIMARY_KEYS = ("ALTER TABLE monitor.households DROP CONSTRAINT IF EXISTS households_pkey",
                      "ALTER TABLE monitor.persons DROP CONSTRAINT IF EXISTS persons_pkey")
_ADD_PRIMARY_KEYS = ("ALTER TABLE monitor.households ADD CONSTRAINT households_pkey PRIMARY KEY (household_id)",
                     "ALTER TABLE monitor.persons ADD CONSTRAINT persons_pkey PRIMARY KEY (resident_id)")
# Index names come from 002_registry_indexes.sql; PostgreSQL quotes each one (%I).
_DROP_INDEXES = ("SELECT string_agg(format('DROP INDEX IF EXISTS monitor.%I', name), '; ') "
                 "FROM unnest($1::text[]) AS name")


def secondary_index_names(sql: str | None = None) -> list[str]:
    """Index names declared in 002_registry_indexes.sql (kept in one place)."""
    text = INDEXES_SQL.read_text(encoding="utf-8") if sql is None else sql
    return re.findall(r"CREATE\s+INDEX\s+IF\s+NOT\s+EXISTS\s+(\w+)", text, flags=re.IGNORECASE)


async def prepare_tables(conn: asyncpg.Connection, drop_primary_keys: bool) -> None:
    """Apply 001_registry.sql and 010_registry_export.sql, empty both tables, drop the secondary
    indexes (and the primary keys)."""
    await conn.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
    await conn.execute(EXPORT_SQL.read_text(encoding="utf-8"))
    # No CASCADE: if another table references the registry, fail rather than wipe it.
    await conn.execute("TRUNCATE monitor.persons, monitor.households")
    if drops := await conn.fetchval(_DROP_INDEXES, secondary_index_names()):
        await conn.execute(drops)
    if drop_primary_keys:
        for statement in _DROP_PRIMARY_KEYS:
            await conn.execute(statement)


async def finish_tables(conn: asyncpg.Connection, drop_primary_keys: bool) -> None:
    """Re-add the primary keys if dropped, run 002_registry_indexes.sql, ANALYZE."""
    # More memory makes the sorts of the index builds faster; session-local only.
    await conn.execute("SET maintenance_work_mem = '512MB'")
    if drop_primary_keys:
        for statement in _ADD_PRIMARY_KEYS:
            await conn.execute(statement)
    await conn.execute(INDEXES_SQL.read_text(encoding="utf-8"))
    await conn.execute("ANALYZE monitor.households, monitor.persons")
