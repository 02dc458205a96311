"""PostgreSQL helpers: pool creation and per-schema migrations (asyncpg)."""
import hashlib
import re
from pathlib import Path

import asyncpg

SHARED_MIGRATIONS = Path(__file__).resolve().parent / "migrations"


async def create_pool(dsn: str, schema: str, *, min_size: int = 2, max_size: int = 10,
                      custom_plans: bool = False) -> asyncpg.Pool:
    """A pool of one service, whose acquisitions time out instead of starving silently
    (STACK_NOTES.md, asyncpg).

    `schema` (lower_snake_case, else ValueError) is the connections' search_path: the service's
    statements name its tables unqualified (`outbox`, `tasks`), so no SQL text interpolates a
    schema name. pg_catalog stays searched first, as always in PostgreSQL.

    `custom_plans`: plan every execution of a prepared statement with its parameters. asyncpg
    prepares every query; after five runs PostgreSQL may keep a generic plan made while the
    monitor's tables were still empty (sequential scans), which then stays as they grow: the
    session 2 profile measured 590-650 -> 1,530-1,780 records/s at batches of 100-500."""
    settings = {"search_path": _schema_ident(schema)}
    if custom_plans:
        settings["plan_cache_mode"] = "force_custom_plan"
    return await asyncpg.create_pool(dsn, min_size=min_size, max_size=max_size, command_timeout=60,
                                     server_settings=settings)


def _schema_ident(schema: str) -> str:
    if not re.fullmatch(r"[a-z][a-z_]*", schema):
        raise ValueError(f"schema name must be lower_snake_case, got {schema!r}")
    return schema


class MigrationChanged(RuntimeError):
    """A migration file differs from the one applied to this database: migrations are never edited
    once released; a change is a new file (the database would otherwise silently lack it)."""


async def apply_migrations(conn: asyncpg.Connection, schema: str, directory: Path) -> list[str]:
    """Apply `directory/*.sql` in name order, then the shared ones (`shared/migrations/*.sql`:
    the outbox), each once; returns those applied.

    Files may use `{schema}` (or name tables unqualified: the transaction's search_path is
    `schema`); a lock serialises concurrent starts of several instances. Each
    applied file's SHA-256 is kept; raises MigrationChanged when an applied file was edited since.
    """
    schema = _schema_ident(schema)
    applied: list[str] = []
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", f"migrate:{schema}")
        # The one identifier PostgreSQL cannot take as a parameter, quoted by the server (%I).
        await conn.execute(await conn.fetchval("SELECT format('CREATE SCHEMA IF NOT EXISTS %I', $1::text)", schema))
        await conn.execute("SELECT set_config('search_path', $1, true)", schema)  # this transaction only
        await conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
                           "(name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())")
        await conn.execute("ALTER TABLE schema_migrations ADD COLUMN IF NOT EXISTS sha256 text")
        done = {r["name"]: r["sha256"] for r in await conn.fetch("SELECT name, sha256 FROM schema_migrations")}
        files = sorted(directory.glob("*.sql")) + sorted(SHARED_MIGRATIONS.glob("*.sql"))
        for path in files:
            text = path.read_text()
            digest = hashlib.sha256(text.encode()).hexdigest()
            if path.name in done:
                if done[path.name] is None:  # applied before digests were kept: trusted as it is
                    await conn.execute("UPDATE schema_migrations SET sha256 = $2 WHERE name = $1", path.name, digest)
                elif done[path.name] != digest:
                    raise MigrationChanged(f"{path.name} was edited after it was applied to schema {schema}; "
                                           "put the change in a new migration file (or recreate a disposable "
                                           "database, e.g. the demo's: make down, then delete .local/postgres)")
                continue
            # Released files name `{schema}.table` and cannot change (their digest is kept); the
            # name was checked above. New files may name tables unqualified: the search_path is set.
            await conn.execute(text.replace("{schema}", schema))
            await conn.execute("INSERT INTO schema_migrations (name, sha256) VALUES ($1, $2)", path.name, digest)
            applied.append(path.name)
    return applied
