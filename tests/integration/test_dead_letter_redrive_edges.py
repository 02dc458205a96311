"""Edges of the dead-letter re-drive (services/monitor/redrive.py) on the real broker and database.

A dead letter whose source topic was deleted since (a topic renamed or retired; the broker
creates no topic on a send, deploy/local/kafka-server.properties) is skipped by a re-drive with
why, at once, and the other dead letters of its selection go: it neither holds the re-drive for
the producer's metadata wait nor fails every later re-drive of its reason. Two re-drives of one
reason at once (two operators, two processes: two pools here) send each dead letter once."""
import asyncio
import time
import uuid

import asyncpg
from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient

from services.monitor import db_dead_letters
from services.monitor.deadletters import KafkaResender
from services.monitor.redrive import Selection, redrive
from shared import topics
from shared.kafka_admin import ensure_topics
from shared.outbox import idempotent_producer
from shared.kafka_security import client_options


async def test_a_dead_letter_of_a_deleted_topic_is_skipped_and_the_others_of_its_reason_go(infra, empty_registry):
    stem = (topics.PREFIX.rstrip(".") or "it0") + "gone" + uuid.uuid4().hex[:6]
    kept, gone, reason = stem + ".kept.v1", stem + ".gone.v1", "processing failed: " + stem
    await ensure_topics(infra.bootstrap, [kept, gone], partitions=1)
    admin = AIOKafkaAdminClient(**client_options(infra.bootstrap))
    await admin.start()
    try:
        await admin.delete_topics([gone])
    finally:
        await admin.close()
    pool = await asyncpg.create_pool(empty_registry, min_size=1, max_size=2)
    producer = idempotent_producer(client_options(infra.bootstrap))
    await producer.start()
    try:
        async with pool.acquire() as conn:  # the gone topic's dead letter first: it must not hold the other
            await db_dead_letters.record_dead_letters(conn, rows=[
                db_dead_letters.DeadLetterRow(gone, 0, 7, reason, b"k1", b'{"gone": 1}'),
                db_dead_letters.DeadLetterRow(kept, 0, 8, reason, b"k2", b'{"kept": 1}')])
            ids = [r["id"] for r in await conn.fetch("SELECT id FROM monitor.dead_letters WHERE reason = $1 "
                                                     "ORDER BY id", reason)]
        started = time.monotonic()
        report = await redrive(pool, KafkaResender(producer), Selection(reason=reason), "op-test")
        took = time.monotonic() - started
        waiting = await pool.fetchval("SELECT array_agg(id) FROM monitor.dead_letters WHERE reason = $1 "
                                      "AND redrive_id IS NULL", reason)
    finally:
        await producer.stop()
        await pool.close()
    assert report.sent == [ids[1]] and list(report.skipped) == [ids[0]], report
    assert gone in report.skipped[ids[0]]
    assert waiting == [ids[0]]  # still waiting: re-driven once its topic is back
    assert took < 15, took
    consumer = AIOKafkaConsumer(kept, **client_options(infra.bootstrap), auto_offset_reset="earliest", group_id=None)
    await consumer.start()
    try:
        got = await consumer.getmany(timeout_ms=5000)
    finally:
        await consumer.stop()
    assert [r.value for rs in got.values() for r in rs] == [b'{"kept": 1}']


async def test_two_re_drives_of_one_reason_at_once_send_each_dead_letter_once(infra, empty_registry):
    stem = (topics.PREFIX.rstrip(".") or "it0") + "twice" + uuid.uuid4().hex[:6]
    topic, reason, n = stem + ".events.v1", "processing failed: " + stem, 30
    await ensure_topics(infra.bootstrap, [topic], partitions=1)
    pools = [await asyncpg.create_pool(empty_registry, min_size=1, max_size=1) for _ in range(2)]
    producers = [idempotent_producer(client_options(infra.bootstrap)) for _ in range(2)]
    for producer in producers:
        await producer.start()
    try:
        async with pools[0].acquire() as conn:
            await db_dead_letters.record_dead_letters(conn, rows=[
                db_dead_letters.DeadLetterRow(topic, 0, i, reason, b"k", f'{{"n": {i}}}'.encode()) for i in range(n)])
        reports = await asyncio.gather(*(redrive(pool, KafkaResender(producer), Selection(reason=reason), f"op-{i}")
                                         for i, (pool, producer) in enumerate(zip(pools, producers))))
        audits = await pools[0].fetch("SELECT operator, sent FROM monitor.redrives")
    finally:
        for producer in producers:
            await producer.stop()
        for pool in pools:
            await pool.close()
    sent = [i for r in reports for i in r.sent]
    assert len(sent) == len(set(sent)) == n and sum(a["sent"] for a in audits) == n
    consumer = AIOKafkaConsumer(topic, **client_options(infra.bootstrap), auto_offset_reset="earliest", group_id=None)
    await consumer.start()
    try:
        values = []
        while got := await consumer.getmany(timeout_ms=3000):
            values += [r.value for rs in got.values() for r in rs]
    finally:
        await consumer.stop()
    assert sorted(values) == sorted(f'{{"n": {i}}}'.encode() for i in range(n))
