"""The audit log (issue 11): every change of a case's state, automatic or an operator's, is a row of
an append-only, hash-chained table; `python -m services.monitor.audit verify` holds on the real
system's chain and names the first row of a chain that was tampered with (changed, re-hashed,
removed or cut short), with exit status 1."""
import asyncio
import os
import subprocess
import sys

import asyncpg
import httpx
import pytest

from services.monitor.audit import verify
from shared import topics
from tests.integration import events as ev
from tests.integration.cases import move, operator_name
from tests.integration.test_end_to_end import as_bytes, for_household, pick, publish

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _verify_command(dsn: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "services.monitor.audit", "verify"], cwd=REPO, capture_output=True,
                          text=True, timeout=60, env={**os.environ, "DATABASE_URL": dsn})


async def test_the_monitors_and_the_operators_changes_are_in_a_chain_that_holds(system, db, infra):
    row = await pick(db, "p.relation = 'head'")
    await publish(system, "housing", as_bytes(ev.housing(ev.person(row), "D")))
    alert = (await system.reader.wait_for(topics.ALERTS, for_household(row["household_id"])))[0]["data"]
    async with httpx.AsyncClient(timeout=10) as http:
        assert (await move(http, system, alert["alert_id"], "verifying")).status_code == 200
    raised = await db.fetchrow("SELECT actor FROM monitor.audit_log WHERE entity = 'alerts' AND action = 'INSERT' "
                               "AND payload @> $1::jsonb", f'[{{"alert_id": "{alert["alert_id"]}"}}]')
    moved = await db.fetchrow("SELECT actor FROM monitor.audit_log WHERE entity = 'alert_transitions' "
                              "AND payload @> $1::jsonb", f'[{{"alert_id": "{alert["alert_id"]}"}}]')
    assert raised["actor"] == "monitor" and moved["actor"] == operator_name(system)
    check = await verify(db)
    assert check.broken_at is None and check.rows > 0, check
    out = _verify_command(system.env["DATABASE_URL"])
    assert out.returncode == 0 and out.stdout.startswith("audit chain holds:"), out.stdout + out.stderr


async def _letter(conn: asyncpg.Connection, offset: int) -> None:
    await conn.execute("INSERT INTO monitor.dead_letters (source_topic, partition, \"offset\", reason) "
                       "VALUES ('it.housing.events.v1', 0, $1, 'invalid json: test')", offset)


async def _bypassing_triggers(conn: asyncpg.Connection, sql: str, *args) -> None:
    """What only a database superuser can do: write with every trigger off."""
    async with conn.transaction():
        await conn.execute("SET LOCAL session_replication_role = replica")
        await conn.execute(sql, *args)


@pytest.fixture
async def chain(empty_registry):
    conn = await asyncpg.connect(empty_registry)
    for offset in range(4):  # four statements, four sealed rows
        await _letter(conn, offset)
    yield conn, empty_registry
    await conn.close()


async def test_the_log_refuses_updates_deletes_and_truncation(chain):
    conn, _ = chain
    assert (await verify(conn)).rows == 4
    for sql in ("UPDATE monitor.audit_log SET actor = 'someone' WHERE seq = 2",
                "DELETE FROM monitor.audit_log WHERE seq = 2", "TRUNCATE monitor.audit_log"):
        with pytest.raises(asyncpg.RaiseError, match="append-only"):
            await conn.execute(sql)
    assert (await verify(conn)).broken_at is None


async def test_a_changed_row_is_named(chain):
    conn, dsn = chain
    await _bypassing_triggers(conn, "UPDATE monitor.audit_log SET actor = 'someone' WHERE seq = 2")
    check = await verify(conn)
    assert (check.broken_at, check.rows) == (2, 1) and "does not match its hash" in check.why
    out = _verify_command(dsn)
    assert out.returncode == 1 and "audit chain BROKEN at row 2" in out.stderr, out.stdout + out.stderr


async def test_a_row_changed_and_hashed_again_is_found_at_the_next_row(chain):
    conn, _ = chain
    await _bypassing_triggers(
        conn, "UPDATE monitor.audit_log SET payload = '[]', row_hash = encode(sha256(convert_to("
              "monitor.audit_canonical(seq, at, entity, action, actor, rows_changed, '[]'::jsonb, prev_hash), "
              "'UTF8')), 'hex') WHERE seq = 2")
    check = await verify(conn)
    assert check.broken_at == 3 and "prev_hash" in check.why


async def test_a_removed_row_and_a_chain_cut_short_are_named(chain):
    conn, _ = chain
    await _bypassing_triggers(conn, "DELETE FROM monitor.audit_log WHERE seq = 4")
    cut = await verify(conn)
    assert cut.broken_at == 4 and "removed" in cut.why
    await _bypassing_triggers(conn, "DELETE FROM monitor.audit_log WHERE seq = 2")
    gap = await verify(conn)
    assert gap.broken_at == 2 and "missing" in gap.why


async def test_concurrent_writers_seal_one_unbroken_chain(chain):
    _, dsn = chain
    pool = await asyncpg.create_pool(dsn, min_size=4, max_size=4)
    try:
        async def write(offset: int) -> None:
            async with pool.acquire() as conn, conn.transaction():
                await _letter(conn, offset)
                await conn.execute("UPDATE monitor.dead_letters SET reason = reason || ' (again)' WHERE \"offset\" = $1",
                                   offset)
        await asyncio.gather(*(write(100 + i) for i in range(40)))
        async with pool.acquire() as conn:
            check = await verify(conn)
    finally:
        await pool.close()
    assert (check.broken_at, check.rows) == (None, 4 + 80)
