"""The department's schema, made or brought up to date from the .sql files beside this module."""
from pathlib import Path

import asyncpg

from shared.db import apply_migrations

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


async def migrate(conn: asyncpg.Connection, schema: str) -> list[str]:
    """Apply the migrations `schema` lacks; returns their names (shared.db.apply_migrations)."""
    return await apply_migrations(conn, schema, MIGRATIONS)
