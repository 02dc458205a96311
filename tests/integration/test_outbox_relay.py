"""The outbox relay against the real broker: rows go out in order and are marked; a row the
broker can never take is parked with its error while the rest of its batch is published."""
import asyncpg

from shared import topics
from shared.db import apply_migrations
from shared.kafka_admin import delete_topics, ensure_topics
from shared.outbox import OutboxMessage, enqueue, idempotent_producer, publish_pending
from shared.kafka_security import client_options


async def test_an_oversized_row_is_parked_and_the_rest_of_its_batch_is_published(infra, database, tmp_path):
    schema, topic = "relay_check", topics.events_topic("relay_check")
    await ensure_topics(infra.bootstrap, [topic], partitions=1)
    pool = await asyncpg.create_pool(database, min_size=1, max_size=2)
    producer = idempotent_producer(client_options(infra.bootstrap))
    await producer.start()
    try:
        async with pool.acquire() as conn:
            await apply_migrations(conn, schema, tmp_path)  # the shared outbox table only
            async with conn.transaction():
                await enqueue(conn, schema, [OutboxMessage(topic, b"k", b"small-1"),
                                             OutboxMessage(topic, b"k", b"x" * 2_000_000),
                                             OutboxMessage(topic, b"k", b"small-2")])
        assert await publish_pending(pool, schema, producer) == 3
        assert await publish_pending(pool, schema, producer) == 0
        rows = await pool.fetch(f"SELECT length(value) AS size, published_at IS NOT NULL AS published, "
                                f"failed_at IS NOT NULL AS parked, error FROM {schema}.outbox ORDER BY id")
    finally:
        await producer.stop()
        await pool.close()
        await delete_topics(infra.bootstrap, [topic])
    assert [(r["published"], r["parked"]) for r in rows] == [(True, False), (False, True), (True, False)]
    assert rows[1]["error"].startswith("MessageSizeTooLargeError")
