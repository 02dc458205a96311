"""A database connection cut by the server (pg_terminate_backend, as at a restart or failover;
the client sees 08003 "connection was closed in the middle of operation") is a transient failure: the monitor's transaction runs again on a new connection instead of being
dead-lettered, and a refusal by the database (here a data error, SQLSTATE 22012) is not."""
import asyncio

import asyncpg
import pytest

from services.monitor.isolation import retrying
from shared.db import create_pool


async def _terminate_when_sleeping(dsn: str) -> None:
    admin = await asyncpg.connect(dsn)
    try:
        for _ in range(200):
            pids = await admin.fetch("SELECT pid FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(30)%' "
                                     "AND pid <> pg_backend_pid()")
            if pids:
                await admin.execute("SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid",
                                    [r["pid"] for r in pids])
                return
            await asyncio.sleep(0.05)
        raise AssertionError("the sleeping query never showed up")
    finally:
        await admin.close()


async def test_a_transaction_cut_by_the_server_runs_again_on_a_new_connection(database):
    pool = await create_pool(database, "monitor", min_size=1, max_size=2)
    attempts = []

    async def work(conn):
        attempts.append(await conn.fetchval("SELECT pg_backend_pid()"))
        if len(attempts) == 1:
            await conn.execute("SELECT pg_sleep(30)")
        return "done"

    try:
        killer = asyncio.create_task(_terminate_when_sleeping(database))
        result = await asyncio.wait_for(retrying(pool, work, asyncio.Event(), "test"), 20)
        await killer
    finally:
        await pool.close()
    assert result == "done"
    assert len(attempts) == 2 and attempts[0] != attempts[1]


async def test_a_refusal_by_the_database_is_not_retried(database):
    pool = await create_pool(database, "monitor", min_size=1, max_size=2)
    calls = []

    async def work(conn):
        calls.append(1)
        await conn.execute("SELECT 1/0")

    try:
        with pytest.raises(asyncpg.DivisionByZeroError):
            await asyncio.wait_for(retrying(pool, work, asyncio.Event(), "test"), 20)
    finally:
        await pool.close()
    assert len(calls) == 1
