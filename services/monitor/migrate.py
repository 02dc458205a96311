"""Apply the monitor's migrations: `python -m services.monitor.migrate` (reads DATABASE_URL)."""
import asyncio
from pathlib import Path

import asyncpg

from shared.db import apply_migrations
from shared.settings import DatabaseSettings, load_or_exit

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


async def migrate(dsn: str) -> list[str]:
    conn = await asyncpg.connect(dsn)
    try:
        return await apply_migrations(conn, "monitor", MIGRATIONS)
    finally:
        await conn.close()


if __name__ == "__main__":
    applied = asyncio.run(migrate(load_or_exit(DatabaseSettings, "monitor migration").database_url))
    print(f"monitor migrations applied: {', '.join(applied) or 'none (up to date)'}")
