"""Benchmarks and the demo measure a durable PostgreSQL (issue 14 part 5); the fast test settings
(fsync off, ../shared/POSTGRES_LOCAL.md) would flatter every figure.

`await ensure_durable(dsn)` reads the server's own fsync and synchronous_commit (pg_settings, not a
file). Durable: it says so. Fast and run by this launcher (the dev environment or a named one):
it restarts the server with durable settings, saying so. Fast and someone else's: LaunchError.
"""
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from deploy.local.environment import DEFAULT, SLOTS, LocalEnv, named
from deploy.local.postgres import Postgres, describe, is_durable
from deploy.local.process import LaunchError


async def server_mode(dsn: str) -> dict[str, str]:
    """{'fsync': 'on', 'synchronous_commit': 'on', 'full_page_writes': 'on'} as the server at `dsn` reports them.
    Read in the server's `postgres` database: the settings are the server's, and a benchmark's own
    database may not exist yet."""
    conn = await asyncpg.connect(urlunsplit(urlsplit(dsn)._replace(path="/postgres")), timeout=10)
    try:
        rows = await conn.fetch("SELECT name, setting FROM pg_settings "
                                "WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes')")
    finally:
        await conn.close()
    return {r["name"]: r["setting"] for r in rows}


def _launcher_env(port: int, envs: list[LocalEnv]) -> LocalEnv | None:
    """The local environment whose PostgreSQL listens on `port`, if this checkout runs it."""
    for env in envs:
        if env.pg_port == port and (env.pg_home / "data" / "postmaster.pid").exists():
            return env
    return None


async def ensure_durable(dsn: str, say=print, envs: list[LocalEnv] | None = None) -> dict[str, str]:
    """Make sure the server at `dsn` runs durable and print its mode; returns that mode. `envs`: the
    environments it may restart (default: the dev one and every named one of SLOTS).
    Raises LaunchError when it runs fast and is not this launcher's to restart."""
    envs = [DEFAULT, *(named(name) for name in SLOTS)] if envs is None else envs
    mode = await server_mode(dsn)
    where = urlsplit(dsn)
    if not is_durable(mode):
        env = _launcher_env(where.port or 5432, envs) if where.hostname in ("127.0.0.1", "localhost") else None
        if env is None:
            raise LaunchError(f"PostgreSQL at {where.hostname}:{where.port} runs {describe(mode)}; figures from it "
                              f"would claim durability it does not have. Restart it with durable settings")
        Postgres(env).start(fast=False, say=say)  # says it restarts
        mode = await server_mode(dsn)
    say(f"postgres: {where.hostname}:{where.port} {describe(mode)}")
    return mode
