"""PostgreSQL helpers: pool creation and per-schema migrations (asyncpg)."""
import re
from pathlib import Path

import asyncpg

SHARED_MIGRATIONS = Path(__file__).resolve().parent / "migrations"


async def create_pool(dsn: str, *, min_size: int = 2, max_size: int = 10) -> asyncpg.Pool:
    """A pool whose acquisitions time out instead of starving silently (STACK_NOTES.md, asyncpg)."""
    return await asyncpg.create_pool(dsn, min_size=min_size, max_size=max_size, command_timeout=60)


def _schema_ident(schema: str) -> str:
    if not re.fullmatch(r"[a-z][a-z_]*", schema):
        raise ValueError(f"schema name must be lower_snake_case, got {schema!r}")
    return schema


async def apply_migrations(conn: asyncpg.Connection, schema: str, directory: Path) -> list[str]:
    """Apply `directory/*.sql` in name order, then the shared outbox, each once; returns those applied.

    Files may use `{schema}`; a lock serialises concurrent starts of several instances.
    """
    schema = _schema_ident(schema)
    applied: list[str] = []
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", f"migrate:{schema}")
        await conn.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
        await conn.execute(f"CREATE TABLE IF NOT EXISTS {schema}.schema_migrations "
                           "(name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())")
        done = {r["name"] for r in await conn.fetch(f"SELECT name FROM {schema}.schema_migrations")}
        files = sorted(directory.glob("*.sql")) + [SHARED_MIGRATIONS / "outbox.sql"]
        for path in files:
            if path.name in done:
                continue
            await conn.execute(path.read_text().replace("{schema}", schema))
            await conn.execute(f"INSERT INTO {schema}.schema_migrations (name) VALUES ($1)", path.name)
            applied.append(path.name)
    return applied
