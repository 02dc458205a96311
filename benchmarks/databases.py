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


async def drop_database(dsn: str) -> None:
    """Drop the database named at the end of `dsn` if it exists, closing its connections."""
    server, name = dsn.rsplit("/", 1)
    admin = await asyncpg.connect(server + "/postgres")
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


async def clone_database(template_dsn: str, name: str) -> str:
    """A new database `name` (dropped first if it exists) copied from the one at `template_dsn`, file
    by file (STRATEGY FILE_COPY, PostgreSQL 15+: a checkpoint and a copy of its files, not its rows
    through the WAL); returns its DSN. The template must have no connection open."""
    server, template = template_dsn.rsplit("/", 1)
    await drop_database(f"{server}/{name}")
    admin = await asyncpg.connect(server + "/postgres")
    try:
        await admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY')
    finally:
        await admin.close()
    return f"{server}/{name}"
