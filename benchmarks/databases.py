"""Benchmarks run in databases of their own on the local server, never the demo's."""
import asyncpg


async def ensure_database(dsn: str) -> None:
    """Create the database named at the end of `dsn` if it does not exist yet."""
    server, name = dsn.rsplit("/", 1)
    admin = await asyncpg.connect(server + "/postgres")
    try:
        if not await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
            await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
