"""A record the Kafka client itself cannot parse (e.g. a header key that is not UTF-8): find its
partition, dead-letter a note of the offset, and move past it, as the bytes cannot be read."""
import asyncio

import asyncpg
import structlog
from aiokafka import AIOKafkaConsumer
from aiokafka.errors import KafkaError

from services.monitor.isolation import dead_letter_one, retrying
from services.monitor.records import InboundRecord
from services.monitor.store import PgStore

log = structlog.get_logger("services.monitor.consumer")  # the consumer's log, as before the split


async def skip_unreadable(consumer: AIOKafkaConsumer, pool: asyncpg.Pool, stop: asyncio.Event) -> None:
    """The client itself could not parse a record (e.g. a header key that is not UTF-8). Find the
    partition, dead-letter a note of the offset, and move past it: the bytes cannot be read."""
    for tp in sorted(consumer.assignment()):
        try:
            # Long enough for a fresh fetch of this partition (the broker waits up to 500 ms).
            await consumer.getmany(tp, timeout_ms=2000, max_records=1)
        except KafkaError:
            continue
        except Exception as exc:  # noqa: BLE001
            offset = await consumer.position(tp)
            record = InboundRecord(tp.topic, tp.partition, offset, None, None)
            reason = f"unreadable record ({type(exc).__name__}: headers or framing the client cannot decode)"
            await retrying(pool, lambda c: dead_letter_one(PgStore(c), record, reason), stop, "dead letter")
            consumer.seek(tp, offset + 1)
            await consumer.commit({tp: offset + 1})
            log.error("record_unreadable_skipped", topic=tp.topic, partition=tp.partition, offset=offset)
            return
        else:
            # Records read while probing are not lost: nothing was committed, so rewind to them.
            consumer.seek(tp, (await consumer.committed(tp)) or 0)
