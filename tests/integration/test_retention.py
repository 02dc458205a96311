"""Retention of the monitor's dedup and outbox tables (services/monitor/retention.py), on a database
of its own (a purge of the session's database would take other tests' rows): an event re-sent
within the retention window is still recognised as processed, one past it is not; published
outbox rows older than the retention go, pending and parked ones never, in the monitor (its
scheduler's pass) and in a department (its service's trim loop)."""
import asyncio
from datetime import datetime, timedelta, timezone

import asyncpg
from aiokafka.structs import ConsumerRecord

from services.monitor.isolation import process_records
from services.monitor.policy import load_policy
from services.monitor.retention import RetentionSettings, purge_expired
from shared import topics
from shared.contracts.types import Person
from shared.kit.store.schema import migrate as migrate_department
from shared.outbox.retention import trim_outbox
from tests.integration import events as ev
from tests.integration.test_end_to_end import as_bytes

RETENTION = RetentionSettings(processed_event_retention_days=30, outbox_retention_days=7)
NOW = datetime.now(timezone.utc)


def record(event, offset: int) -> ConsumerRecord:
    return ConsumerRecord(topics.events_topic("housing"), 0, offset, 0, 0, b"k", as_bytes(event), None, 1, 0, [])


async def test_dedup_keeps_what_its_window_needs_and_the_outbox_keeps_what_is_not_published(empty_registry):
    pool = await asyncpg.create_pool(empty_registry, min_size=1, max_size=2)
    person = Person(resident_id="653101199001011235", name="测试人员")  # not in the (empty) registry: held
    within, past = ev.housing(person, "D"), ev.housing(person, "C")
    policy, stop = load_policy(), asyncio.Event()
    try:
        first = await process_records(pool, [record(within, 1), record(past, 2)], policy, "retention-secret-0123", stop)
        assert first.counts["unmatched"] == 2
        await pool.execute("UPDATE monitor.processed_events SET processed_at = $2 WHERE event_id = $1", within.id,
                           NOW - timedelta(days=29))
        await pool.execute("UPDATE monitor.processed_events SET processed_at = $2 WHERE event_id = $1", past.id,
                           NOW - timedelta(days=31))
        await pool.execute("DELETE FROM monitor.outbox")
        await pool.executemany(
            "INSERT INTO monitor.outbox (topic, value, created_at, published_at, failed_at) VALUES ($1, convert_to($1, 'UTF8'), $2, $3, $4)",
            [("published-old", NOW - timedelta(days=9), NOW - timedelta(days=8), None),
             ("published-recent", NOW - timedelta(days=9), NOW - timedelta(days=6), None),
             ("pending-old", NOW - timedelta(days=60), None, None),
             ("parked-old", NOW - timedelta(days=60), None, NOW - timedelta(days=60))])
        async with pool.acquire() as conn, conn.transaction():
            purged = await purge_expired(conn, NOW, RETENTION)
        assert purged[0] == past.id and len(purged) == 2 and purged[1].startswith("outbox:")
        assert {r["topic"] for r in await pool.fetch("SELECT topic FROM monitor.outbox")} == {
            "published-recent", "pending-old", "parked-old"}

        again = await process_records(pool, [record(within, 3), record(past, 4)], policy, "retention-secret-0123", stop)
        assert again.counts["duplicate"] == 1 and again.counts["unmatched"] == 1  # `past` was forgotten, as set
        async with pool.acquire() as conn, conn.transaction():
            assert await purge_expired(conn, NOW, RETENTION) == []  # nothing more is due
    finally:
        await pool.close()


async def test_a_departments_outbox_is_trimmed_by_its_service_keeping_what_is_not_published(empty_registry):
    conn = await asyncpg.connect(empty_registry)
    pool = await asyncpg.create_pool(empty_registry, min_size=1, max_size=2)
    try:
        await migrate_department(conn, "housing")
        await conn.executemany(
            "INSERT INTO housing.outbox (topic, value, published_at, failed_at) VALUES ($1, convert_to($1, 'UTF8'), $2, $3)",
            [("published-old", NOW - timedelta(days=8), None), ("published-recent", NOW - timedelta(days=6), None),
             ("pending", None, None), ("parked", None, NOW - timedelta(days=60))])
        stop = asyncio.Event()
        trim = asyncio.create_task(trim_outbox(pool, "housing", stop, interval_s=0.05))
        deadline = asyncio.get_running_loop().time() + 10
        while await conn.fetchval("SELECT count(*) FROM housing.outbox WHERE topic = 'published-old'"):
            assert asyncio.get_running_loop().time() < deadline, "the old published row was not trimmed"
            await asyncio.sleep(0.05)
        stop.set()
        await asyncio.wait_for(trim, 5)
        assert {r["topic"] for r in await conn.fetch("SELECT topic FROM housing.outbox")} == {
            "published-recent", "pending", "parked"}
    finally:
        await pool.close()
        await conn.close()
