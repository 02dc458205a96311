"""Records the Kafka client itself cannot decode (e.g. a header name that is not UTF-8): each one
is skipped by itself, at once, and dead-lettered with what can be recovered (issue 14).

When a poll fails for anything but a transient broker failure (services/monitor/consumer.py),
every partition is rewound and read as bytes (shared.kafka_raw.unreadable); where a partition
holds a record that cannot be decoded, the records from there to the end of its record batch are
taken here: the readable ones are processed as a batch, that record alone is dead-lettered with
its topic, partition, offset, key, value and headers as bytes, and the offset after the batch is
committed. The client goes on from there; the other partitions are read as always.
"""
import asyncio

import asyncpg
import structlog
from aiokafka import AIOKafkaConsumer
from aiokafka.structs import TopicPartition

from services.monitor.batch_result import BatchResult
from services.monitor.isolation import dead_letter_one, process_inbound, retrying
from services.monitor.policy import Policy
from services.monitor.records import InboundRecord
from services.monitor.store import PgStore
from shared.kafka_raw.fetch import RawReader
from shared.kafka_raw.records import RawRecord
from shared.kafka_raw.unreadable import skip_span, unreadable_reason, unreadable_spans

log = structlog.get_logger("services.monitor.consumer")  # the consumer's log, as before the split


async def skip_unreadable(consumer: AIOKafkaConsumer, reader: RawReader, pool: asyncpg.Pool, policy: Policy,
                          secret: str, stop: asyncio.Event) -> tuple[int, BatchResult] | None:
    """(records skipped, what processing the records before them did); (0, ...) when no partition
    holds a record that cannot be read where the consumer stands. None when stopping. Raises
    KafkaError or TimeoutError when the broker cannot be read (the caller backs off)."""
    skipped, total = 0, BatchResult()
    for tp, span in (await unreadable_spans(consumer, reader)).items():
        done = await _take(pool, tp, span, policy, secret, stop)
        if done is None:
            return None
        total.add(done)
        await skip_span(consumer, tp, span, log)
        skipped += sum(1 for r in span if r.problem)
    return skipped, total


async def _take(pool: asyncpg.Pool, tp: TopicPartition, span: list[RawRecord], policy: Policy, secret: str,
                stop: asyncio.Event) -> BatchResult | None:
    """The readable records of `span` processed as a batch, then the others dead-lettered (one
    transaction); None when stopping."""
    result = await process_inbound(pool, [_inbound(tp, r) for r in span if not r.problem], policy, secret, stop)
    if result is None:
        return None

    async def dead_letter_all(conn) -> BatchResult:
        out = BatchResult()
        for r in span:
            if r.problem:
                record = InboundRecord(tp.topic, tp.partition, r.offset, r.key, r.value, (), r.timestamp)
                out.add(await dead_letter_one(PgStore(conn), record, unreadable_reason(r), list(r.headers)))
        return out

    dead = await retrying(pool, dead_letter_all, stop, "dead letter")
    if dead is None:
        return None
    result.add(dead)
    return result


def _inbound(tp: TopicPartition, raw: RawRecord) -> InboundRecord:
    """A record shared.kafka_raw.records read without a problem, as the client would have given it."""
    return InboundRecord(tp.topic, tp.partition, raw.offset, raw.key, raw.value,
                         tuple((name.decode(), value) for name, value in raw.headers), raw.timestamp)
